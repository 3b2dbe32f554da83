//! The live screen's drafts: posting (the only open draft, else the list asks which),
//! approving as one decision, signing off. Every rule is the engine's: these only ask and
//! show, and send the draft the person picked — never a guess.

use super::App;
use super::model::NotDone;
use crate::engine::{Command, CommandError};
use crate::tui::popup::approve::ApproveSet;
use crate::tui::popup::drafts::DraftsList;
use crate::tui::popup::force::ForcePost;
use crate::tui::popup::input::InputPurpose;

impl App {
    /// `p`: posts the only open draft (with its thread); with several, the list asks which.
    pub(crate) fn post_key(&mut self) {
        let units: Vec<u32> = self
            .inc
            .session
            .open_units()
            .iter()
            .map(|d| d.number)
            .collect();
        match units.as_slice() {
            [] if self.inc.session.closed.is_some() => {
                self.fail("the incident is closed; nothing more is posted")
            }
            [] => self.fail("no open draft: press d to write one"),
            [one] => self.post(*one, false),
            _ => {
                let cursor = self.draft_row(*units.last().unwrap_or(&1));
                self.layers.push(DraftsList::at(cursor));
                self.ok("several drafts are open: pick the one to post (p)");
            }
        }
    }

    /// The drafts list row of draft `n`.
    fn draft_row(&self, n: u32) -> usize {
        self.inc
            .session
            .drafts
            .iter()
            .position(|d| d.number == n)
            .unwrap_or(0)
    }

    /// Posts draft `n` (its whole thread). A refusal by a rule asks what to do: force it, or
    /// set the variable left unfilled.
    pub(crate) fn post(&mut self, n: u32, force: bool) {
        match self.exec(Command::Post {
            draft: Some(n),
            force,
        }) {
            Err(NotDone::Refused(Some(e))) if e.forceable() => {
                let unfilled = match &e {
                    CommandError::Unfilled { names, .. } => names
                        .iter()
                        .filter(|v| self.inc.session.playbook.variable(v).is_some())
                        .cloned()
                        .collect(),
                    _ => Vec::new(),
                };
                self.layers.push(ForcePost {
                    draft: n,
                    reason: e.to_string(),
                    unfilled,
                });
            }
            _ => {}
        }
    }

    /// `a`: at an approval step, asks which drafts to approve (the newest open one ticked),
    /// showing their exact text.
    pub(crate) fn approve_key(&mut self) {
        let s = &self.inc.session;
        if s.step().approval.is_none() {
            self.fail(format!(
                "\"{}\" is not an approval step",
                crate::text::neutralize(&s.step().title, false)
            ));
            return;
        }
        let units: Vec<u32> = s.open_units().iter().map(|d| d.number).collect();
        let chosen: Vec<u32> = units.last().copied().into_iter().collect();
        self.layers.push(ApproveSet {
            cursor: units.len().saturating_sub(1),
            chosen,
        });
    }

    /// Approves `drafts` as one decision: as the operator when in the approving role, else
    /// asking who approved.
    pub(crate) fn approve(&mut self, drafts: Vec<u32>) {
        if self.in_approving_role() {
            let _ = self.exec(Command::Approve { by: None, drafts });
        } else {
            let role = self.approver_name();
            self.input(
                InputPurpose::ApproveBy { drafts },
                &format!("Approved by (name of the {role} who approved):"),
                "",
            );
        }
    }

    /// `s` in the drafts list: signs draft `n` off in the operator's role when it is in the
    /// draft's chain, else asks who signed for the next role waiting. True when it asked.
    pub(crate) fn sign(&mut self, n: u32) -> bool {
        let s = &self.inc.session;
        let Some(p) = s.draft(n).and_then(|d| s.chain_progress(d)) else {
            self.fail(format!("draft #{n} needs no sign-off"));
            return false;
        };
        let mine = self
            .inc
            .actor
            .role
            .clone()
            .filter(|r| p.signed.iter().any(|(role, t)| role == r && t.is_none()));
        match mine {
            Some(_) => {
                let _ = self.exec(Command::SignOff {
                    draft: n,
                    by: None,
                    role: None,
                });
                false
            }
            None => {
                let Some((role, _)) = p.signed.iter().find(|(_, t)| t.is_none()) else {
                    self.ok(format!("draft #{n} is signed off: {}", p.describe()));
                    return false;
                };
                let role = role.clone();
                self.input(
                    InputPurpose::SignBy {
                        draft: n,
                        role: role.clone(),
                    },
                    &format!("Signed off by (name of the {role} who signed #{n}):"),
                    "",
                );
                true
            }
        }
    }

    /// What a copy did, as the run loop reports it: into tmux's buffer (`Ok(true)`), sent as
    /// OSC 52 (`Ok(false)`), or not done.
    pub fn copied(&mut self, result: Result<bool, String>) {
        match result {
            Ok(true) => self.ok(self.tr(crate::tui::lang::COPIED_TMUX)),
            Ok(false) => self.ok(self.tr(crate::tui::lang::COPIED_OSC52)),
            Err(e) => self.fail(format!("not copied: {e}")),
        }
    }
}
