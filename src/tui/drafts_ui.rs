//! The keyboard side of drafts: the composer's keys, the drafts list, the approval set and
//! posting. Every rule is the engine's: these only ask and show, and send the draft the person
//! picked — never a guess.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Composer, Effect, InputPurpose, Layer, NotDone};
use crate::engine::{Command, CommandError};

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
                self.layers.push(Layer::Drafts { cursor });
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
                self.layers.push(Layer::ForcePost {
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
        self.layers.push(Layer::ApproveSet {
            cursor: units.len().saturating_sub(1),
            chosen,
        });
    }

    pub(crate) fn approve_set_key(&mut self, mut cursor: usize, mut chosen: Vec<u32>, k: KeyEvent) {
        let units: Vec<u32> = self
            .inc
            .session
            .open_units()
            .iter()
            .map(|d| d.number)
            .collect();
        match k.code {
            KeyCode::Esc => {
                self.ok("not approved");
                return;
            }
            KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                cursor = (cursor + 1).min(units.len().saturating_sub(1))
            }
            KeyCode::Char(' ') => {
                if let Some(&n) = units.get(cursor) {
                    if let Some(i) = chosen.iter().position(|c| *c == n) {
                        chosen.remove(i);
                    } else {
                        chosen.push(n);
                    }
                }
            }
            KeyCode::Enter => {
                if chosen.is_empty() && !units.is_empty() {
                    self.fail("tick the drafts to approve (space)");
                } else {
                    chosen.sort_unstable();
                    self.approve(chosen);
                    return;
                }
            }
            _ => {}
        }
        self.layers.push(Layer::ApproveSet { cursor, chosen });
    }

    /// Approves `drafts` as one decision: as the operator when in the approving role, else
    /// asking who approved.
    fn approve(&mut self, drafts: Vec<u32>) {
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

    pub(crate) fn drafts_key(&mut self, mut cursor: usize, k: KeyEvent) {
        let n = self.inc.session.drafts.len();
        let picked = self.inc.session.drafts.get(cursor).map(|d| d.number);
        match (k.code, picked) {
            (KeyCode::Esc | KeyCode::Char('q' | 'l'), _) => return,
            (KeyCode::Up | KeyCode::Char('k'), _) => cursor = cursor.saturating_sub(1),
            (KeyCode::Down | KeyCode::Char('j'), _) => {
                cursor = (cursor + 1).min(n.saturating_sub(1))
            }
            (KeyCode::Char('p') | KeyCode::Enter, Some(d)) => {
                // The list stays under any question the post raises.
                self.layers.push(Layer::Drafts { cursor });
                self.post(d, false);
                return;
            }
            (KeyCode::Char('e'), Some(d)) => {
                if let Some(dr) = self.inc.session.draft(d) {
                    let (text, channel) = (dr.text.clone(), dr.channel);
                    self.reopen_composer(text, channel, Some(d));
                }
                return;
            }
            (KeyCode::Char('y'), Some(d)) => {
                if let Some(dr) = self.inc.session.draft(d) {
                    self.effects.push(Effect::Copy(dr.text.clone()));
                }
            }
            (KeyCode::Char('t'), Some(d)) => {
                let _ = self.exec(Command::Split { draft: d });
            }
            (KeyCode::Char('s'), Some(d)) => {
                // Asking who signed: the input is on top, and the list closes.
                let asked = self.sign(d);
                if !asked {
                    self.layers.push(Layer::Drafts { cursor });
                }
                return;
            }
            (KeyCode::Char('x'), Some(d)) => {
                let _ = self.exec(Command::Discard {
                    draft: d,
                    reason: "discarded from the drafts list".into(),
                });
            }
            _ => {}
        }
        self.layers.push(Layer::Drafts { cursor });
    }

    /// `s` in the drafts list: signs draft `n` off in the operator's role when it is in the
    /// draft's chain, else asks who signed for the next role waiting. True when it asked.
    fn sign(&mut self, n: u32) -> bool {
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

    /// The composer's keys: typing, and Ctrl+S save, Ctrl+P save and post, Ctrl+T save and
    /// split, Ctrl+Y copy, Ctrl+E $EDITOR, Esc close (the text kept).
    pub(crate) fn composer_key(&mut self, mut c: Box<Composer>, k: KeyEvent) {
        if k.code == KeyCode::Esc {
            if c.editing.is_none() {
                self.kept_draft = Some((c.step.clone(), c.text()));
                self.ok("composer closed; the text is kept (d reopens it)");
            } else {
                self.ok("edit abandoned; the draft is unchanged");
            }
            return;
        }
        if !k.modifiers.contains(KeyModifiers::CONTROL) {
            c.area.input(k);
            self.layers.push(Layer::Composer(c));
            return;
        }
        match k.code {
            KeyCode::Char(key @ ('s' | 'p' | 't')) => {
                let below = self.layers.len();
                let text = c.text();
                let saved = match c.editing {
                    Some(draft) => {
                        let unchanged = self
                            .inc
                            .session
                            .draft(draft)
                            .is_some_and(|d| d.text == text);
                        if unchanged {
                            Ok(())
                        } else {
                            self.exec(Command::Edit {
                                draft,
                                text: text.clone(),
                            })
                        }
                        .map(|()| draft)
                    }
                    None => self
                        .exec(Command::SaveDraft {
                            template: c.template.clone(),
                            text: Some(text.clone()),
                        })
                        .map(|()| self.inc.session.drafts.last().map_or(0, |d| d.number)),
                };
                match saved {
                    Ok(n) => {
                        self.kept_draft = None;
                        match key {
                            'p' => self.post(n, false),
                            't' => {
                                let _ = self.exec(Command::Split { draft: n });
                            }
                            _ => {}
                        }
                    }
                    // The draft is pending (kept, written on retry): the composer closes, its
                    // text stays at hand for `d`.
                    Err(NotDone::Pending) => self.kept_draft = Some((c.step.clone(), text)),
                    // Not saved: the composer stays open under the message.
                    Err(_) => self.layers.insert(below, Layer::Composer(c)),
                }
            }
            KeyCode::Char('y') => {
                self.effects.push(Effect::Copy(c.text()));
                self.layers.push(Layer::Composer(c));
            }
            KeyCode::Char('e') => {
                self.effects.push(Effect::Editor {
                    text: c.text(),
                    channel: c.channel,
                    template: c.template.clone(),
                    step: c.step.clone(),
                    editing: c.editing,
                });
            }
            _ => {
                c.area.input(k);
                self.layers.push(Layer::Composer(c));
            }
        }
    }

    /// What a copy did, as the run loop reports it: into tmux's buffer (`Ok(true)`), sent as
    /// OSC 52 (`Ok(false)`), or not done.
    pub fn copied(&mut self, result: Result<bool, String>) {
        match result {
            Ok(true) => self.ok(self.tr(super::lang::COPIED_TMUX)),
            Ok(false) => self.ok(self.tr(super::lang::COPIED_OSC52)),
            Err(e) => self.fail(format!("not copied: {e}")),
        }
    }
}
