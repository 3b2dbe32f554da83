//! The live screen's update: running a command through the incident (log first), the clock's
//! tick, the log failing and recovering, the drill's facilitator actions, and where a key or
//! a paste goes (the top popup, else the main keymap).
//!
//! When the log cannot be written (disk full, I/O error) the error is shown in a
//! [`LogFailure`] popup and the screen stays up: the events are PENDING (listed as such in the
//! log pane, not part of the state), retried before every action, every second and with `t`,
//! and `w` writes a copy of them to another file. Nothing new is recorded while events are
//! pending; an action refused for that reason says so, and a typed text is kept.

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::App;
use super::model::{Effect, NotDone, Notice};
use crate::drill::DrillError;
use crate::engine::{Command, DrillEnd, Event, EventKind};
use crate::incident::ExecError;
use crate::log::LogError;
use crate::text::neutralize;
use crate::tui::component::{key_to_top, layout_top};
use crate::tui::lang as L;
use crate::tui::popup::input::InputPurpose;
use crate::tui::popup::message::{LogFailure, Message};
use crate::tui::widgets::Status;

impl App {
    /// Takes in what the other seats on this incident recorded since the last look (shown in
    /// the log pane with their authors). True when anything came in.
    pub fn sync_others(&mut self) -> bool {
        match self.inc.sync_others() {
            Ok(evs) if evs.is_empty() => false,
            Ok(_) => {
                if let Some(d) = &mut self.drill {
                    d.sync(&self.inc);
                }
                self.sync_rows();
                true
            }
            Err(e) => {
                self.fail(format!("cannot read the other seats' events: {e}"));
                true
            }
        }
    }

    /// Tries to write the pending events. True when none are left pending.
    pub fn retry_pending(&mut self) -> bool {
        if self.inc.pending().is_empty() {
            return true;
        }
        let r = self.inc.retry();
        self.sync_rows();
        match r.error {
            None => {
                self.ok(format!(
                    "the log works again: {} pending event(s) written",
                    r.written.len()
                ));
                true
            }
            Some(e) => {
                self.fail(format!("the log still cannot be written: {e}"));
                false
            }
        }
    }

    /// Shows that the log could not be written: the error, what is pending, the keys.
    pub(crate) fn log_failure(&mut self, error: &dyn std::fmt::Display, this_pending: bool) {
        let n = self.inc.pending().len();
        let first = if this_pending {
            "This action is PENDING: it is kept in memory, in order, and is not shown as done until it is written."
        } else {
            "This action was NOT RECORDED (nothing new is recorded while earlier events are pending); do it again once the log works."
        };
        let text = format!(
            "{}\n\n{first}\n{n} event(s) are pending. They are written as soon as the log works again: before your next action, every second, or now with t.",
            neutralize(&error.to_string(), false)
        );
        self.layers.push(LogFailure { text });
        self.fail(if this_pending {
            format!("the log could not be written: {n} event(s) PENDING")
        } else {
            "NOT RECORDED: the log cannot be written".to_string()
        });
    }

    /// Runs a command through the incident (log first). Returns why it did not go through.
    pub fn exec(&mut self, cmd: Command) -> Result<(), NotDone> {
        if !self.retry_pending() {
            let error = LogError::Pending {
                path: self.inc.log_path().display().to_string(),
                count: self.inc.pending().len(),
            };
            self.log_failure(&error, false);
            return Err(NotDone::NotRecorded);
        }
        let result = match &mut self.drill {
            Some(d) => {
                self.now = d.now();
                d.execute(&mut self.inc, &cmd)
            }
            None => self.inc.execute(&cmd, self.now).map_err(DrillError::Exec),
        };
        let evs = self.sync_rows();
        match result {
            Ok(_) => {
                if let Some(last) = evs.last() {
                    self.ok(format!(
                        "{} #{}: {}",
                        self.tr(L::LOGGED),
                        last.seq,
                        neutralize(&last.describe(), false)
                    ));
                }
                let n = self.inc.session.step().checklist.len();
                if self.cursor >= n {
                    self.cursor = n.saturating_sub(1);
                }
                Ok(())
            }
            Err(DrillError::Exec(ExecError::Refused(e))) => {
                self.fail(e.to_string());
                Err(NotDone::Refused(Some(e)))
            }
            Err(DrillError::Refused(msg)) => {
                self.fail(msg);
                Err(NotDone::Refused(None))
            }
            Err(DrillError::Exec(ExecError::Log(e))) => {
                self.log_failure(&e, true);
                Err(NotDone::Pending)
            }
            Err(e) => {
                self.log_failure(&e, false);
                Err(NotDone::NotRecorded)
            }
        }
    }

    /// The clock moved: write pending events, then log any newly breached deadline (and, in
    /// a drill, the injects due).
    pub fn tick(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
        if !self.retry_pending() {
            return;
        }
        let result = match &mut self.drill {
            Some(d) => {
                self.now = d.now();
                d.tick(&mut self.inc)
            }
            None => self.inc.tick(now),
        };
        let evs = self.sync_rows();
        if let Some(e) = evs
            .iter()
            .rev()
            .find(|e| matches!(e.kind, EventKind::InjectDelivered { .. }))
        {
            // A notification, not a popup: the next key still acts on the screen.
            self.notice = Some(Notice {
                title: "INJECT".into(),
                text: neutralize(&e.describe(), false),
                until: Some(self.now + chrono::TimeDelta::seconds(10)),
            });
        }
        if self
            .notice
            .as_ref()
            .is_some_and(|n| n.until.is_some_and(|u| self.now >= u))
        {
            self.notice = None;
        }
        if let Some(e) = evs.last() {
            let text = neutralize(&e.describe(), false);
            // An arriving inject is news, not a failure: marked, not "✗".
            self.status = Some(match e.kind.mark() {
                Some(m) => Status::marked(m, text),
                None if matches!(e.kind, EventKind::DeadlineBreached { .. }) => Status::error(text),
                None => Status::ok(text),
            });
        }
        if let Err(e) = result {
            // No popup from the clock (it would take the next key); the message line and the
            // log pane show the pending events.
            self.fail(format!("could not write the log: {e}"));
        }
    }

    /// `w`: asks where to write the pending events.
    pub(crate) fn ask_export(&mut self) {
        if self.inc.pending().is_empty() {
            self.ok("nothing is pending: every event is in the log");
            return;
        }
        let suggestion = self.inc.pending_copy_suggestion().display().to_string();
        self.input(
            InputPurpose::ExportPending,
            &format!(
                "Write the {} pending event(s) to (a new file, on another disk if this one is full):",
                self.inc.pending().len()
            ),
            &suggestion,
        );
    }

    pub(crate) fn export_pending(&mut self, path: &str) {
        let path = path.trim();
        if path.is_empty() {
            self.fail("no file named; nothing written");
            return;
        }
        match self.inc.export_pending(std::path::Path::new(path)) {
            Ok(n) => self.ok(format!(
                "wrote a copy of the {n} pending event(s) to {}; they stay pending and are still retried",
                neutralize(path, false)
            )),
            Err(e) => {
                self.layers.push(Message {
                    title: "NOT WRITTEN".into(),
                    text: format!("{e}\n\nThe pending events are still kept; try another path (w)."),
                });
                self.fail("the pending events could not be written there");
            }
        }
    }

    /// Facilitator: start the drill clock, or pause and resume it (logged).
    pub(crate) fn toggle_pause(&mut self) {
        let Some(d) = &mut self.drill else {
            self.fail("pause is for drills (warroom drill)");
            return;
        };
        let r = if !d.is_started() {
            d.start_clock(&mut self.inc)
        } else if d.is_paused() {
            d.resume(&mut self.inc)
        } else {
            d.pause(&mut self.inc)
        };
        self.drill_result(r);
    }

    /// Players acknowledge the oldest inject that asks for it (logged).
    pub(crate) fn acknowledge(&mut self) {
        let Some(d) = &mut self.drill else {
            self.fail("acknowledging injects is for drills (warroom drill)");
            return;
        };
        let r = d.acknowledge(&mut self.inc, None);
        self.drill_result(r);
    }

    /// Facilitator ends the drill (logged); the score is shown.
    pub fn end_drill(&mut self) {
        if let Some(d) = &mut self.drill {
            let r = d
                .end(&mut self.inc, DrillEnd::Facilitator)
                .map_err(DrillError::Log);
            self.drill_result(r);
        }
    }

    fn drill_result(&mut self, r: Result<Vec<Event>, DrillError>) {
        let evs = self.sync_rows();
        match r {
            Ok(_) => {
                if let Some(e) = evs.last() {
                    self.ok(format!(
                        "logged #{}: {}",
                        e.seq,
                        neutralize(&e.describe(), false)
                    ));
                }
            }
            Err(e @ DrillError::Refused(_)) => self.fail(e.to_string()),
            Err(e) => {
                let pending = !matches!(e, DrillError::Log(LogError::Pending { .. }));
                self.log_failure(&e, pending);
            }
        }
    }

    /// Inserts pasted text into whatever text box is open; pasted on the main screen, a post
    /// to start from (src/tui/live/feed.rs).
    pub fn paste(&mut self, text: &str) {
        match self.layers.last_mut() {
            Some(top) => {
                top.paste(text);
            }
            None => super::feed::paste_post(self, text),
        }
    }

    /// Before a frame of `area` is drawn: what was typed goes into its input, the top popup
    /// keeps its scroll within its end, the log pane's page is its height.
    pub fn prepare(&mut self, area: Rect) {
        self.size = area;
        self.log_page = super::view::log_page(self, area);
        layout_top(self, |a| &mut a.layers, area);
    }

    pub fn key(&mut self, k: KeyEvent) {
        if k.code == KeyCode::Char('l') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.effects.push(Effect::Redraw);
            return;
        }
        if self.layers.is_empty() {
            if k.code == KeyCode::Esc && self.notice.is_some() {
                self.notice = None;
                return;
            }
            self.main_key(k);
        } else {
            key_to_top(self, |a| &mut a.layers, k);
        }
    }
}
