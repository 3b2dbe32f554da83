//! What the controller's keys and the clock do: each goes to the drill library (which writes
//! the log first), and what it returns is shown; every refusal lands on the message line.
//! The clock's controls (start, pause, resume, speed) act on every team's drill at once.

use ratatui::crossterm::event::KeyEvent;

use super::keys::{Act, action};
use super::model::{Controller, Team};
use super::popups::{AdHocForm, Confirm, ConfirmWhat, Help, NoteInput};
use crate::drill::{AdHoc, DrillError};
use crate::engine::{DrillEnd, Event};
use crate::tui::component::key_to_top;

impl Controller {
    /// A key: to the top popup if there is one, else the screen's table.
    pub fn key(&mut self, k: KeyEvent) {
        if key_to_top(self, |c| &mut c.layers, k) {
            return;
        }
        let Some(a) = action(self, &k) else {
            return;
        };
        self.status = None;
        match a {
            Act::Up => self.cursor = self.cursor.saturating_sub(1),
            Act::Down => {
                self.cursor += 1;
                self.clamp_cursor();
            }
            Act::Start => self.start_clock(),
            Act::Pause => self.pause_or_resume(),
            Act::Faster => self.speed(true),
            Act::Slower => self.speed(false),
            Act::Deliver => self.deliver(),
            Act::Skip => match self.selected_inject() {
                Some(id) => self.layers.push(Confirm::new(ConfirmWhat::Skip(id))),
                None => self.fail("no inject left to skip"),
            },
            Act::AdHoc => self.layers.push(AdHocForm::new(false)),
            Act::AdHocAll => self.layers.push(AdHocForm::new(true)),
            Act::Note => self.layers.push(NoteInput::default()),
            Act::NextTeam => {
                self.team = (self.team + 1) % self.teams.len().max(1);
                self.clamp_cursor();
            }
            Act::Help => self.layers.push(Help),
            Act::End => self.layers.push(Confirm::new(ConfirmWhat::End)),
        }
    }

    /// Pasted text: to the top popup.
    pub fn paste(&mut self, text: &str) {
        if let Some(top) = self.layers.last_mut() {
            top.paste(text);
        }
    }

    /// Runs `op` on every team; the events go to each team's log rows. The first refusal is
    /// returned (naming the team when there are several), after the others have been tried.
    fn each(
        &mut self,
        op: impl Fn(&mut Team) -> Result<Vec<Event>, DrillError>,
    ) -> Result<(), String> {
        let several = self.teams.len() > 1;
        let mut first = None;
        for t in &mut self.teams {
            let r = op(t);
            t.sync_rows();
            match r {
                Ok(_) => {}
                Err(e) => {
                    let msg = if several {
                        format!("{}: {e}", t.label())
                    } else {
                        e.to_string()
                    };
                    first.get_or_insert(msg);
                }
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// Runs `op` on the selected team.
    fn on_current(
        &mut self,
        op: impl FnOnce(&mut Team) -> Result<Vec<Event>, DrillError>,
    ) -> Result<(), String> {
        let Some(t) = self.current_mut() else {
            return Err("no team".into());
        };
        let r = op(t);
        t.sync_rows();
        r.map(|_| ()).map_err(|e| e.to_string())
    }

    fn report(&mut self, r: Result<(), String>, done: impl FnOnce(&Controller) -> String) {
        match r {
            Ok(()) => {
                let text = done(self);
                self.ok(text);
            }
            Err(e) => self.fail(e),
        }
        self.clamp_cursor();
    }

    fn start_clock(&mut self) {
        let r = self.each(|t| t.run.start_clock(&mut t.inc));
        self.report(r, |c| format!("the drill clock runs ({})", speed_of(c)));
    }

    fn pause_or_resume(&mut self) {
        let paused = self.current().is_some_and(|t| t.run.is_paused());
        let r = if paused {
            self.each(|t| t.run.resume(&mut t.inc))
        } else {
            self.each(|t| t.run.pause(&mut t.inc))
        };
        self.report(r, move |_| if paused { "resumed" } else { "paused" }.into());
    }

    fn speed(&mut self, faster: bool) {
        let cur = self.current().map_or(1, |t| t.run.clock().speed());
        let want = if faster {
            cur.saturating_mul(2).min(3600)
        } else {
            (cur / 2).max(1)
        };
        if want == cur {
            self.fail(format!(
                "the clock already runs at {cur}x (the speed goes from 1x to 3600x)"
            ));
            return;
        }
        let r = self.each(|t| t.run.set_speed(&mut t.inc, want));
        self.report(r, |c| format!("speed {}", speed_of(c)));
    }

    fn deliver(&mut self) {
        let Some(id) = self.selected_inject() else {
            self.fail("no inject left to deliver");
            return;
        };
        let r = self.on_current(|t| t.run.deliver_now(&mut t.inc, &id));
        self.report(r, |_| format!("delivered \"{id}\" now"));
    }

    /// Skips `id` on the selected team (confirmed).
    pub(crate) fn skip(&mut self, id: &str) {
        let r = self.on_current(|t| t.run.skip(&mut t.inc, id));
        self.report(r, |_| format!("skipped \"{id}\""));
    }

    /// Writes an ad-hoc inject to the selected team, or to all. True when it was recorded
    /// everywhere it was sent.
    pub(crate) fn adhoc(&mut self, a: &AdHoc, all: bool) -> bool {
        let r = if all {
            self.each(|t| t.run.adhoc(&mut t.inc, a))
        } else {
            self.on_current(|t| t.run.adhoc(&mut t.inc, a))
        };
        let ok = r.is_ok();
        self.report(r, |c| {
            let to = if all {
                "every team".to_string()
            } else {
                c.current().map_or_else(String::new, Team::label)
            };
            format!("ad-hoc inject sent to {to}")
        });
        ok
    }

    /// Records a controller's note on every team's log. True when it was recorded.
    pub(crate) fn note(&mut self, text: &str) -> bool {
        let r = self.each(|t| t.run.controller_note(&mut t.inc, text));
        let ok = r.is_ok();
        self.report(r, |_| "note recorded".into());
        ok
    }

    /// Ends every team's drill and quits (confirmed); stays with the error if a log failed.
    pub(crate) fn end_and_quit(&mut self) {
        let r = self.each(|t| {
            t.run
                .end(&mut t.inc, DrillEnd::Facilitator)
                .map_err(DrillError::from)
        });
        match r {
            Ok(()) => self.quit = true,
            Err(e) => self.fail(format!("the drill's end was not recorded: {e}")),
        }
    }

    /// The clock moved: delivers what fell due and logs deadline breaches, on every team.
    pub fn tick(&mut self) {
        let r = self.each(|t| t.run.tick(&mut t.inc).map_err(DrillError::from));
        if let Err(e) = r {
            self.fail(e);
        }
        self.clamp_cursor();
    }

    /// Takes in the other seats' events (the players'); true when something came.
    pub fn poll_others(&mut self) -> bool {
        let mut changed = false;
        let mut error = None;
        for t in &mut self.teams {
            match t.inc.sync_others() {
                Ok(evs) if evs.is_empty() => {}
                Ok(_) => {
                    t.run.sync(&t.inc);
                    changed = true;
                }
                Err(e) => error = Some(format!("cannot read the other seats' events: {e}")),
            }
            t.sync_rows();
        }
        if let Some(e) = error {
            self.fail(e);
            changed = true;
        }
        changed
    }
}

/// The clock's speed, as shown (`60x`).
fn speed_of(c: &Controller) -> String {
    c.current()
        .map_or_else(String::new, |t| format!("{}x", t.run.clock().speed()))
}
