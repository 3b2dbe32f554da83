//! Semantic and graph checks of a parsed playbook: ids, references, templates, hotkeys,
//! and (with petgraph) unreachable steps, dead ends, traps and end steps with choices.
//!
//! One pass per rule family, each in its own module; [`Linter::run`] calls them in a fixed
//! order (per step: owner, choices, kind, checklist, deadlines, templates) and sorts what they
//! find by position, so the diagnostics come out in source order.

mod choices;
mod deadlines;
mod emit;
mod hash;
mod ids;
mod reach;
mod step_graph;
mod steps;
mod templates;
mod updates;
mod variables;

pub use hash::FxHasher;
pub use step_graph::StepGraph;

use super::load::Loaded;
use super::locate::Locator;
use super::model::Playbook;
use crate::diag::Diagnostic;
use hash::{Map, Set};
use step_graph::Targets;
use variables::Vars;

/// Checks a loaded playbook; returns errors and warnings in source order.
pub fn lint(loaded: &Loaded) -> Vec<Diagnostic> {
    Linter::new(loaded).run()
}

struct Linter<'a> {
    pb: &'a Playbook,
    src: &'a str,
    file: &'a str,
    /// Where values sit in the source: built on the first diagnostic that needs a position
    /// (a clean playbook never pays for it).
    loc: std::cell::OnceCell<Locator>,
    out: Vec<Diagnostic>,
}

/// What the passes look ids up in, built once.
struct Index<'a> {
    roles: Set<&'a str>,
    /// Step id to index (a repeated id keeps its last index).
    steps: Map<&'a str, usize>,
    targets: Targets,
}

impl<'a> Index<'a> {
    fn new(pb: &'a Playbook) -> Index<'a> {
        let roles: Set<&str> = pb.roles.iter().map(|r| r.id.as_str()).collect();
        let steps: Map<&str, usize> = pb
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let targets = Targets::resolve(pb, &steps);
        Index {
            roles,
            steps,
            targets,
        }
    }
}

impl<'a> Linter<'a> {
    fn new(loaded: &'a Loaded) -> Linter<'a> {
        Linter {
            pb: &loaded.playbook,
            src: &loaded.source.text,
            file: &loaded.source.name,
            loc: std::cell::OnceCell::new(),
            out: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Diagnostic> {
        let pb = self.pb;
        self.check_description();
        let ix = Index::new(pb);
        self.check_ids(ix.steps.len() != pb.steps.len());
        self.check_start(&ix.steps);
        self.check_deadlines(&pb.deadlines, None, &ix.steps);
        let mut vars = Vars::new(pb);
        self.check_updates(pb);
        self.check_variables();
        for (idx, step) in pb.steps.iter().enumerate() {
            self.check_step_owner(idx, &ix.roles);
            self.check_choices(idx, &ix.targets);
            self.check_step_kind(idx, &ix.roles, &ix.targets);
            self.check_checklist(idx);
            self.check_deadlines(&step.deadlines, Some(idx), &ix.steps);
            self.check_templates(idx, &ix.roles, &mut vars);
        }
        self.check_waives();
        self.check_unused_variables(&vars);
        self.check_graph(&ix.steps, &ix.targets);
        // Lines and columns in one pass over the file, whatever the number of diagnostics.
        crate::diag::resolve_positions(&mut self.out, self.src);
        self.out.sort_by_key(|d| (d.line == 0, d.line, d.col));
        self.out
    }

    fn check_description(&mut self) {
        if self.pb.description.trim().is_empty() {
            self.out.push(
                Diagnostic::warning(self.file, "the playbook has no description").pointing(
                    self.src,
                    self.loc().nth_struct("Playbook", 0).unwrap_or(0..0),
                ),
            );
        }
    }
}
