//! The scenario's own fields: a well-formed id, a title, a briefing, a duration above zero,
//! and (warned of) injects, expectations and hot-wash questions to have at all.

use super::{Checker, valid_id};
use crate::diag::Diagnostic;

impl Checker<'_> {
    pub(super) fn check_header(&mut self) {
        let sc = self.sc;
        if !valid_id(&sc.id) {
            self.error_field(
                "Scenario",
                0,
                "id",
                format!(
                    "scenario id \"{}\" may hold only letters, digits, `_`, `-` and `.`",
                    sc.id
                ),
                "bad id",
            );
        }
        if sc.title.trim().is_empty() {
            self.error_field(
                "Scenario",
                0,
                "title",
                "the scenario has no title".into(),
                "empty",
            );
        }
        if sc.briefing.trim().is_empty() {
            self.warn_field(
                "Scenario",
                0,
                "briefing",
                "the briefing is empty: what do the players know at T+0?".into(),
                "empty",
            );
        }
        let dur = sc.duration.secs();
        if dur <= 0 {
            self.error_field(
                "Scenario",
                0,
                "duration",
                "the drill's duration must be longer than 0s".into(),
                "zero",
            );
        }
        if sc.injects.is_empty() {
            self.push(
                Diagnostic::warning(self.file, "the scenario has no injects"),
                None,
                "",
            );
        }
        if sc.expectations.is_empty() {
            self.push(
                Diagnostic::warning(
                    self.file,
                    "the scenario has no expectations: nothing will be scored",
                ),
                None,
                "",
            );
        }
        if sc.hot_wash.is_empty() {
            self.push(
                Diagnostic::warning(self.file, "the scenario has no hot-wash questions"),
                None,
                "",
            );
        }
    }
}
