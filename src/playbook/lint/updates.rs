//! Update cadences: one per audience, spans above zero, a cadence by severity that reads a
//! declared variable, and a template that exists, says when the next update comes and goes out
//! on the update's channel.

use super::Linter;
use crate::playbook::model::Playbook;
use crate::playbook::template;

impl Linter<'_> {
    /// Updates: one per audience; the template exists and says when the next update comes.
    pub(super) fn check_updates(&mut self, pb: &Playbook) {
        let mut seen = std::collections::BTreeSet::new();
        for u in &pb.updates {
            let word = u.audience.word();
            if !seen.insert(u.audience) {
                self.error_at(
                    "Update",
                    "audience",
                    &format!("{:?}", u.audience),
                    0,
                    format!("a second update for the audience {word}: one cadence per audience"),
                    "duplicate audience",
                );
            }
            if u.every.secs() <= 0 || u.first_by.is_some_and(|f| f.secs() <= 0) {
                self.error_at(
                    "Update",
                    "every",
                    &format!("{:?}", u.audience),
                    0,
                    format!("the {word} update: `every` and `first_by` must be more than zero"),
                    "zero span",
                );
            }
            if let Some(by) = &u.by_severity {
                if pb.variable(&by.variable).is_none() {
                    self.error_at(
                        "BySeverity",
                        "variable",
                        &by.variable,
                        0,
                        format!(
                            "the {word} update's cadence by severity reads \"{}\", which is not a declared variable",
                            by.variable
                        ),
                        "unknown variable",
                    );
                }
                if by.every.values().any(|s| s.secs() <= 0) {
                    self.error_at(
                        "BySeverity",
                        "variable",
                        &by.variable,
                        0,
                        format!("the {word} update: every span by severity must be more than zero"),
                        "zero span",
                    );
                }
            }
            let Some(tid) = &u.template else {
                continue;
            };
            match pb.steps.iter().flat_map(|s| &s.drafts).find(|t| &t.id == tid) {
                None => self.error_at(
                    "Update",
                    "template",
                    tid,
                    0,
                    format!("the {word} update names template \"{tid}\", which no step has"),
                    "unknown template",
                ),
                Some(t) if !template::placeholders(&t.text).contains(&template::NEXT_UPDATE) => {
                    self.error_at(
                        "Update",
                        "template",
                        tid,
                        0,
                        format!(
                            "the {word} update's template \"{tid}\" does not say when the next update comes: end it with {{{}}}",
                            template::NEXT_UPDATE
                        ),
                        "no {next_update}",
                    )
                }
                Some(t) if t.channel != u.channel => self.error_at(
                    "Update",
                    "template",
                    tid,
                    0,
                    format!(
                        "the {word} update goes out as {} but its template \"{tid}\" is a {}",
                        u.channel.label(),
                        t.channel.label()
                    ),
                    "channel differs",
                ),
                Some(_) => {}
            }
        }
    }
}
