//! The intended path: its steps are steps of the playbook, it starts at the start step, and
//! each step follows from the one before by a move of the playbook.

use std::ops::Range;

use super::Checker;
use crate::diag::Diagnostic;
use crate::playbook::Playbook;
use crate::playbook::lint::StepGraph;

impl Checker<'_> {
    pub(super) fn check_intended_path(&mut self, pbk: Option<&Playbook>) {
        let sc = self.sc;
        if let Some(pb) = pbk {
            let graph = StepGraph::build(pb);
            let mut prev: Option<usize> = None;
            for (n, sid) in sc.intended_path.iter().enumerate() {
                let at = self.path_literal(n);
                match pb.step_index(sid) {
                    None => {
                        self.push(
                            Diagnostic::error(
                                self.file,
                                format!(
                                    "intended_path: \"{sid}\" is not a step of playbook \"{}\"",
                                    pb.id
                                ),
                            ),
                            at,
                            "unknown step",
                        );
                        prev = None;
                    }
                    Some(idx) => {
                        if n == 0 && sid != &pb.start {
                            self.push(
                                Diagnostic::warning(self.file, format!("intended_path starts at \"{sid}\" but the playbook starts at \"{}\"", pb.start)),
                                at.clone(),
                                "not the start step",
                            );
                        }
                        if let Some(p) = prev
                            && !graph.has_move(p, idx)
                        {
                            self.push(
                                Diagnostic::warning(
                                    self.file,
                                    format!(
                                        "intended_path: no choice leads from \"{}\" to \"{sid}\"",
                                        pb.steps[p].id
                                    ),
                                ),
                                at,
                                "not a move in the playbook",
                            );
                        }
                        prev = Some(idx);
                    }
                }
            }
        }
    }

    /// The literal of the `n`-th entry of `intended_path`.
    fn path_literal(&self, n: usize) -> Option<Range<usize>> {
        let first = self.loc.first_of_field("intended_path")?;
        self.loc.literals.get(first + n).map(|l| l.range.clone())
    }
}
