//! Semantic checks of a parsed scenario, against itself and against its playbook: every id an
//! inject, expectation or condition names exists, every time falls inside the drill, and
//! conditions can actually come true. Each problem points at the offending value in the source.
//!
//! One pass per part of the scenario, each in its own module, run in the order the parts
//! depend on each other (expectations before the injects whose conditions name them).

mod conditions;
mod expectations;
mod header;
mod injects;
mod path;
mod personas;
mod presets;

use std::ops::Range;

use super::LoadedScenario;
use super::model::Scenario;
use crate::diag::Diagnostic;
use crate::playbook::lint::lint;
use crate::playbook::locate::Locator;
use crate::playbook::{Loaded, load_playbook};

/// Checks a scenario: loads its playbook (relative to the scenario file) and validates every
/// reference. Returns errors and warnings, plus the playbook when it loaded without errors.
pub fn check(loaded: &LoadedScenario) -> (Vec<Diagnostic>, Option<Loaded>) {
    let path = loaded.playbook_path();
    check_against(loaded, &path, load_playbook(&path))
}

/// Checks a scenario against a playbook already loaded (or the error loading it) from `path`:
/// what [`check`] does after reading the file. The fuzz targets use it to read no file.
pub fn check_against(
    loaded: &LoadedScenario,
    path: &std::path::Path,
    playbook: Result<Loaded, Diagnostic>,
) -> (Vec<Diagnostic>, Option<Loaded>) {
    let mut c = Checker::new(loaded);
    let playbook = match playbook {
        Err(d) => {
            c.error_field(
                "Scenario",
                0,
                "playbook",
                // The file is whatever the scenario names (`/etc/shadow`): say where it fails,
                // never what it holds (a RON error quotes the text it found).
                format!(
                    "cannot load the playbook {}: {}",
                    crate::text::path(path),
                    if d.line > 0 {
                        format!(
                            "it is not a playbook (not valid playbook RON at line {}, column {}; run `warroom check` on it)",
                            d.line, d.col
                        )
                    } else {
                        d.message.clone()
                    }
                ),
                "this playbook",
            );
            None
        }
        Ok(pb) => {
            let errors: Vec<Diagnostic> =
                lint(&pb).into_iter().filter(Diagnostic::is_error).collect();
            if let Some(first) = errors.first() {
                c.error_field(
                    "Scenario",
                    0,
                    "playbook",
                    format!(
                        "the playbook {} has {} error(s), the first: {}; run `warroom check` on it",
                        crate::text::path(path),
                        errors.len(),
                        first.summary()
                    ),
                    "this playbook",
                );
                None
            } else {
                Some(pb)
            }
        }
    };
    c.run(playbook.as_ref());
    // Lines and columns in one pass over the file, whatever the number of diagnostics.
    let mut out = c.out;
    crate::diag::resolve_positions(&mut out, &loaded.source.text);
    (out, playbook)
}

struct Checker<'a> {
    sc: &'a Scenario,
    src: &'a str,
    file: &'a str,
    loc: Locator,
    out: Vec<Diagnostic>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

impl<'a> Checker<'a> {
    fn new(l: &'a LoadedScenario) -> Checker<'a> {
        Checker {
            sc: &l.scenario,
            src: &l.source.text,
            file: &l.source.name,
            loc: Locator::new(&l.source.text),
            out: Vec::new(),
        }
    }

    /// The byte range of the `index`-th struct named `owner`, up to the next one.
    fn struct_span(&self, owner: &str, index: usize) -> Option<Range<usize>> {
        let (start, next) = self.loc.struct_bounds(owner, index)?;
        Some(start..next.unwrap_or(self.src.len()))
    }

    /// The literal of `field` directly inside the `index`-th `owner` struct.
    fn field_literal(&self, owner: &str, index: usize, field: &str) -> Option<Range<usize>> {
        let span = self.struct_span(owner, index)?;
        self.loc
            .literals_in(span)
            .iter()
            .find(|l| l.field == field && l.owner == owner)
            .map(|l| l.range.clone())
    }

    /// Any literal with this value inside the `index`-th `owner` struct.
    fn value_in(&self, owner: &str, index: usize, value: &str) -> Option<Range<usize>> {
        let span = self.struct_span(owner, index)?;
        self.loc
            .literals_in(span)
            .iter()
            .find(|l| l.value == value)
            .map(|l| l.range.clone())
    }

    fn push(&mut self, d: Diagnostic, at: Option<Range<usize>>, label: &str) {
        let d = match at {
            Some(r) => d.pointing(self.src, r).label(label),
            None => match self.loc.nth_struct("Scenario", 0) {
                Some(r) => d.pointing(self.src, r),
                None => d,
            },
        };
        self.out.push(d);
    }

    fn error_field(&mut self, owner: &str, index: usize, field: &str, msg: String, label: &str) {
        let at = self
            .field_literal(owner, index, field)
            .or_else(|| self.loc.nth_struct(owner, index));
        self.push(Diagnostic::error(self.file, msg), at, label);
    }

    fn warn_field(&mut self, owner: &str, index: usize, field: &str, msg: String, label: &str) {
        let at = self
            .field_literal(owner, index, field)
            .or_else(|| self.loc.nth_struct(owner, index));
        self.push(Diagnostic::warning(self.file, msg), at, label);
    }

    fn error_value(&mut self, owner: &str, index: usize, value: &str, msg: String, label: &str) {
        let at = self
            .value_in(owner, index, value)
            .or_else(|| self.loc.nth_struct(owner, index));
        self.push(Diagnostic::error(self.file, msg), at, label);
    }

    fn run(&mut self, pb: Option<&Loaded>) {
        self.check_header();
        let pbk = pb.map(|l| &l.playbook);
        self.check_presets(pbk);
        self.check_personas();
        // Expectations before injects: conditions refer to them.
        self.check_expectations(pb);
        self.check_injects(pbk);
        self.check_intended_path(pbk);
    }
}
