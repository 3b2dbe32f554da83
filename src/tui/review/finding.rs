//! The review screen's "mark as finding" popup (`m` on a note): asks, one line at a time, the
//! expectation or objective id, the corrective action, the owner and the due date, then hands
//! them to the library ([`FindingInput::check`], [`append_finding`]). The rules are the
//! library's; a refusal keeps what was typed and asks the field again.

use super::model::{Purpose, ReviewApp};
use crate::engine::EventKind;
use crate::review::finding::{FindingInput, scenario_for};
use crate::review::note::append_finding;
use crate::tui::widgets::{LineInput, Status};

/// A field the popup asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Ties,
    Action,
    Owner,
    Due,
}

impl Field {
    pub fn prompt(self) -> &'static str {
        match self {
            Field::Ties => "finding — expectation or objective id (empty: general): ",
            Field::Action => "finding — corrective action: ",
            Field::Owner => "finding — owner: ",
            Field::Due => "finding — due date (YYYY-MM-DD; Enter records it): ",
        }
    }
}

/// The note being marked and the answers so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking {
    pub seq: u64,
    pub text: String,
    pub input: FindingInput,
}

impl ReviewApp {
    fn ask(&mut self, field: Field, value: &str) {
        self.line = Some((Purpose::Finding(field), LineInput::new(value)));
    }

    /// `m`: starts marking the selected note (a note or review note) as a finding.
    pub(super) fn start_finding(&mut self) {
        let event = self
            .current()
            .and_then(|i| self.data.events.get(self.data.analysis.entries[i].index));
        let Some((seq, text)) = event.and_then(|e| match &e.kind {
            EventKind::Note { text } | EventKind::ReviewNote { text, .. } => {
                Some((e.seq, text.clone()))
            }
            _ => None,
        }) else {
            self.status = Some(Status::error(
                "select a note or a review note to mark it as a finding (a adds a review note)",
            ));
            return;
        };
        self.marking = Some(Marking {
            seq,
            text,
            input: FindingInput {
                marks: Some(seq),
                ..FindingInput::default()
            },
        });
        self.ask(Field::Ties, "");
    }

    /// Enter on a field: keeps the answer and asks the next, or records the finding.
    pub(super) fn finding_answer(&mut self, field: Field, text: String) {
        let Some(m) = &mut self.marking else {
            return;
        };
        let next = match field {
            Field::Ties => {
                m.input.ties = text;
                Some((Field::Action, m.input.action.clone()))
            }
            Field::Action => {
                m.input.action = text;
                Some((Field::Owner, m.input.owner.clone()))
            }
            Field::Owner => {
                m.input.owner = text;
                Some((Field::Due, m.input.due.clone()))
            }
            Field::Due => {
                m.input.due = text;
                None
            }
        };
        match next {
            Some((f, v)) => self.ask(f, &v),
            None => self.record_finding(),
        }
    }

    /// Checks the finding (the library's rules) and appends it; on a refusal asks again.
    fn record_finding(&mut self) {
        let Some(m) = self.marking.clone() else {
            return;
        };
        let scenario = match scenario_for(&self.data.events, &self.path, None) {
            Ok(s) => s,
            Err(e) => {
                self.status = Some(Status::error(format!("not recorded: {e}")));
                self.ask(Field::Ties, &m.input.ties);
                return;
            }
        };
        let finding = match m.input.check(scenario.as_ref()) {
            Ok(f) => f,
            Err(e) => {
                let field = if e.contains("due date") {
                    (Field::Due, m.input.due.clone())
                } else if e.contains("owner") {
                    (Field::Owner, m.input.owner.clone())
                } else if e.contains("corrective action") {
                    (Field::Action, m.input.action.clone())
                } else {
                    (Field::Ties, m.input.ties.clone())
                };
                self.status = Some(Status::error(format!("not recorded: {e}")));
                self.ask(field.0, &field.1);
                return;
            }
        };
        let now = self.clock.now();
        match append_finding(&self.path, &self.actor, &m.text, finding, now) {
            Ok(done) => {
                self.marking = None;
                let seq = done.event.seq;
                self.reload();
                self.filter = None;
                self.refilter(Some(seq));
                self.status = Some(Status::ok(format!(
                    "finding #{seq} (marks note #{}) added to the log",
                    m.seq
                )));
            }
            Err(e) => {
                self.status = Some(Status::error(format!("not recorded: {e}")));
                self.ask(Field::Due, &m.input.due);
            }
        }
    }
}
