//! How the linter's passes report: a diagnostic pointed at a value, or at a step's id, in the
//! playbook's source, and which of several equal literals in the file a finding is about.

use super::Linter;
use crate::diag::Diagnostic;
use crate::playbook::locate::Locator;

impl Linter<'_> {
    pub(super) fn loc(&self) -> &Locator {
        self.loc.get_or_init(|| Locator::new(self.src))
    }

    pub(super) fn error_at(
        &mut self,
        owner: &str,
        field: &str,
        value: &str,
        nth: usize,
        msg: String,
        label: &str,
    ) {
        let d = Diagnostic::error(self.file, msg);
        let d = match self.loc().find(owner, field, value, nth) {
            Some(r) => d.pointing(self.src, r).label(label),
            None => d,
        };
        self.out.push(d);
    }

    pub(super) fn warn_at(
        &mut self,
        owner: &str,
        field: &str,
        value: &str,
        msg: String,
        label: &str,
    ) {
        let d = Diagnostic::warning(self.file, msg);
        let d = match self.loc().find(owner, field, value, 0) {
            Some(r) => d.pointing(self.src, r).label(label),
            None => d,
        };
        self.out.push(d);
    }

    pub(super) fn step_error(&mut self, idx: usize, msg: String, label: &str) {
        let d = Diagnostic::error(self.file, msg);
        let d = self.point_step(d, idx, label);
        self.out.push(d);
    }

    pub(super) fn step_warning(&mut self, idx: usize, msg: String, label: &str) {
        let d = Diagnostic::warning(self.file, msg);
        let d = self.point_step(d, idx, label);
        self.out.push(d);
    }

    fn point_step(&self, d: Diagnostic, idx: usize, label: &str) -> Diagnostic {
        let id = &self.pb.steps[idx].id;
        match self.loc().nth_struct_field("Step", idx, "id").or_else(|| {
            let nth = self.pb.steps[..idx].iter().filter(|s| &s.id == id).count();
            self.loc().find("Step", "id", id, nth)
        }) {
            Some(r) => d.pointing(self.src, r).label(label),
            None => d,
        }
    }

    /// How many choices before step `idx` (in file order) target the same unknown id.
    pub(super) fn nth_target_occurrence(&self, idx: usize, target: &str) -> usize {
        self.pb.steps[..idx]
            .iter()
            .flat_map(|s| s.choices.iter())
            .filter(|c| c.target == target)
            .count()
    }

    pub(super) fn hotkey_occurrences_before(&self, idx: usize, k: char) -> usize {
        self.pb.steps[..idx]
            .iter()
            .flat_map(|s| s.choices.iter())
            .filter(|c| c.key == Some(k))
            .count()
    }
}
