//! The TUI model and its update function (the Elm architecture): `App` holds the incident and
//! the screen state; `update` turns a key into Commands for the incident or screen changes.
//! Every Command goes through `Incident::execute`, which writes the log before the state
//! changes, so the screen never shows what the log does not have.
//!
//! When the log cannot be written (disk full, I/O error) the error is shown in a
//! [`Layer::LogFailure`] and the screen stays up: the events are PENDING (listed as such in the
//! log pane, not part of the state), retried before every action, every second and with `t`,
//! and `w` writes a copy of them to another file. Nothing new is recorded while events are
//! pending; an action refused for that reason says so, and a typed text is kept.

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::keymap::{self, Action};
use super::theme::Theme;
use crate::clock::{Clock, SystemClock};
use crate::drill::{DrillError, DrillRun};
use crate::engine::{Command, CommandError, DrillEnd, Event, EventKind};
use crate::incident::{ExecError, Incident};
use crate::log::LogError;
use crate::playbook::{Channel, Outcome, template};
use crate::privacy::{self, Finding};
use crate::text::{channel_length, neutralize, split_thread};

/// Which pane has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Step,
    Log,
}

/// What a one-line input is for.
#[derive(Debug, Clone, PartialEq)]
pub enum InputPurpose {
    Note,
    Variable(String),
    RejectReason,
    ApproveBy,
    CloseSummary(Outcome),
    /// Where to write the pending events.
    ExportPending,
}

/// A one-line text input popup.
pub struct InputBox {
    pub purpose: InputPurpose,
    pub prompt: String,
    pub area: TextArea<'static>,
    /// Characters typed since the last frame, inserted in one go before the next is drawn
    /// ([`App::flush_typed`]): the text area measures its whole line on every insert, so
    /// inserting key by key was quadratic in the text's length.
    pub typed: String,
}

impl InputBox {
    /// Inserts what was typed since the last frame.
    pub fn flush(&mut self) {
        if !self.typed.is_empty() {
            let typed = std::mem::take(&mut self.typed);
            self.area.insert_str(typed);
        }
    }
}

/// The draft composer.
pub struct Composer {
    pub area: TextArea<'static>,
    pub channel: Channel,
    pub template: Option<String>,
    pub step: String,
}

impl Composer {
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn length(&self) -> usize {
        channel_length(self.channel, &self.text())
    }
}

/// The popup layers, topmost last.
pub enum Layer {
    Help,
    ConfirmQuit,
    Input(Box<InputBox>),
    VarPicker {
        cursor: usize,
    },
    OutcomePicker {
        cursor: usize,
    },
    Composer(Box<Composer>),
    Privacy {
        draft: u32,
        findings: Vec<Finding>,
    },
    ForceChoice {
        choice: String,
        missing: Vec<String>,
    },
    ForcePost {
        draft: u32,
        reason: String,
    },
    Message {
        title: String,
        text: String,
    },
    /// The log could not be written: what happened, with the retry and write-elsewhere keys.
    LogFailure {
        text: String,
    },
}

/// Why a command did not go through.
#[derive(Debug)]
pub enum NotDone {
    /// The engine or the drill refused it (nothing to record); the message is on screen.
    Refused(Option<CommandError>),
    /// The log could not be written: the command's events are PENDING (kept, retried).
    Pending,
    /// The log could not be written before it: the command was not run.
    NotRecorded,
}

/// One row of the log pane, prepared once when the event arrives (text already neutralised).
#[derive(Debug, Clone)]
pub struct LogRow {
    pub seq: u64,
    pub at: DateTime<FixedOffset>,
    pub actor: String,
    pub kind: &'static str,
    pub text: String,
    pub alert: bool,
}

impl LogRow {
    pub fn from_event(e: &Event) -> LogRow {
        LogRow {
            seq: e.seq,
            at: e.at,
            actor: neutralize(&e.actor.name, false),
            kind: e.kind.name(),
            text: neutralize(&e.kind.describe(), false),
            alert: matches!(
                e.kind,
                EventKind::DeadlineBreached { .. } | EventKind::PrivacyWarning { .. }
            ),
        }
    }
}

/// What the run loop must do outside the screen (it owns the terminal).
pub enum Effect {
    /// Write these bytes to the terminal (OSC 52 clipboard).
    Emit(String),
    /// Suspend the screen and edit this text in $EDITOR; the result reopens the composer.
    Editor {
        text: String,
        channel: Channel,
        template: Option<String>,
        step: String,
    },
}

/// A line at the bottom: what just happened, or why not.
#[derive(Debug, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The whole screen state.
pub struct App {
    pub inc: Incident,
    pub rows: Vec<LogRow>,
    pub now: DateTime<FixedOffset>,
    pub theme: Theme,
    pub focus: Focus,
    pub cursor: usize,
    /// Log rows scrolled up from the tail (0 follows the tail).
    pub log_offset: usize,
    pub layers: Vec<Layer>,
    pub status: Option<Status>,
    pub quit: bool,
    /// Composer text kept when the composer is closed without saving, per step.
    pub kept_draft: Option<(String, String)>,
    /// Drafts of a thread waiting to be posted, oldest first.
    pub thread_queue: Vec<u32>,
    pub effects: Vec<Effect>,
    /// `LIVE` or `EXERCISE`.
    pub badge: &'static str,
    /// Last height of the log pane, for paging.
    pub log_page: usize,
    /// The drill being run (tabletop exercise mode), if any.
    pub drill: Option<DrillRun>,
}

fn textarea(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_string).collect()
    };
    let mut t = TextArea::new(lines);
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

impl App {
    pub fn new(
        mut inc: Incident,
        history: &[Event],
        now: DateTime<FixedOffset>,
        theme: Theme,
    ) -> App {
        inc.collect_recorded(true);
        let badge = match inc.session.mode {
            crate::engine::Mode::Live => "LIVE",
            crate::engine::Mode::Drill => "EXERCISE",
        };
        App {
            rows: history.iter().map(LogRow::from_event).collect(),
            inc,
            now,
            theme,
            focus: Focus::Step,
            cursor: 0,
            log_offset: 0,
            layers: Vec::new(),
            status: None,
            quit: false,
            kept_draft: None,
            thread_queue: Vec::new(),
            effects: Vec::new(),
            badge,
            log_page: 10,
            drill: None,
        }
    }

    /// The time the incident records: the drill clock in a drill, else the system clock.
    pub fn clock_now(&self) -> DateTime<FixedOffset> {
        match &self.drill {
            Some(d) => d.now(),
            None => SystemClock.now(),
        }
    }

    fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    fn fail(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    /// Adds recorded events to the log pane.
    pub fn push_events(&mut self, evs: &[Event]) {
        for e in evs {
            self.rows.push(LogRow::from_event(e));
        }
        if self.log_offset > 0 {
            self.log_offset += evs.len();
        }
    }

    /// Moves what the incident recorded since last time into the log pane; returns it.
    fn sync_rows(&mut self) -> Vec<Event> {
        let evs = self.inc.take_recorded();
        self.push_events(&evs);
        evs
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
    fn log_failure(&mut self, error: &dyn std::fmt::Display, this_pending: bool) {
        let n = self.inc.pending().len();
        let first = if this_pending {
            "This action is PENDING: it is kept in memory, in order, and is not shown as done until it is written."
        } else {
            "This action was NOT RECORDED (nothing new is recorded while earlier events are pending); do it again once the log works."
        };
        let text = format!(
            "{}\n\n{first}\n{n} event(s) are pending. They are written as soon as the log works again: before your next action, every second, or now with t.\n\nt  retry now\nw  write the pending events to another file (a copy; if warroom stops before they are written, `warroom resume LOG --append-pending FILE` adds them, checked against the log — never append it by hand)\nany other key closes this",
            neutralize(&error.to_string(), false)
        );
        self.layers.push(Layer::LogFailure { text });
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
                        "logged #{}: {}",
                        last.seq,
                        neutralize(&last.kind.describe(), false)
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
        if let Some(e) = evs.last() {
            let alert = matches!(
                e.kind,
                EventKind::DeadlineBreached { .. } | EventKind::InjectDelivered { .. }
            );
            let text = neutralize(&e.kind.describe(), false);
            if alert {
                self.fail(text);
            } else {
                self.ok(text);
            }
        }
        if let Err(e) = result {
            // No popup from the clock (it would take the next key); the message line and the
            // log pane show the pending events.
            self.fail(format!("could not write the log: {e}"));
        }
    }

    /// `w`: asks where to write the pending events.
    fn ask_export(&mut self) {
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

    fn export_pending(&mut self, path: &str) {
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
                self.layers.push(Layer::Message {
                    title: "NOT WRITTEN".into(),
                    text: format!("{e}\n\nThe pending events are still kept; try another path (w)."),
                });
                self.fail("the pending events could not be written there");
            }
        }
    }

    /// Facilitator: pause or resume the drill clock (logged).
    fn toggle_pause(&mut self) {
        let Some(d) = &mut self.drill else {
            self.fail("pause is for drills (warroom drill)");
            return;
        };
        let r = if d.is_paused() {
            d.resume(&mut self.inc)
        } else {
            d.pause(&mut self.inc)
        };
        self.drill_result(r);
    }

    /// Players acknowledge the oldest inject that asks for it (logged).
    fn acknowledge(&mut self) {
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
                        neutralize(&e.kind.describe(), false)
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

    /// Inserts pasted text into whatever text box is open.
    pub fn paste(&mut self, text: &str) {
        match self.layers.last_mut() {
            Some(Layer::Composer(c)) => {
                c.area.insert_str(text);
            }
            Some(Layer::Input(i)) => {
                i.flush();
                i.area.insert_str(text.replace(['\n', '\r'], " "));
            }
            _ => {}
        }
    }

    /// Inserts the characters typed into the input line since the last frame (called before
    /// every frame is drawn).
    pub fn flush_typed(&mut self) {
        if let Some(Layer::Input(ib)) = self.layers.last_mut() {
            ib.flush();
        }
    }

    pub fn key(&mut self, k: KeyEvent) {
        if self.layers.is_empty() {
            self.main_key(k);
        } else {
            self.layer_key(k);
        }
    }

    fn main_key(&mut self, k: KeyEvent) {
        // Capital letters take a choice's hotkey.
        if let KeyCode::Char(c) = k.code
            && c.is_uppercase()
            && !k.modifiers.contains(KeyModifiers::CONTROL)
        {
            let hit = self
                .inc
                .session
                .step()
                .choices
                .iter()
                .position(|ch| ch.key.is_some_and(|h| h.eq_ignore_ascii_case(&c)));
            match hit {
                Some(i) => self.choose((i + 1).to_string()),
                None => self.fail(format!("no choice has the hotkey {c}")),
            }
            return;
        }
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            self.layers.push(Layer::ConfirmQuit);
            return;
        }
        let pending = !self.inc.pending().is_empty();
        let Some(b) = keymap::lookup(&k, self.drill.is_some(), pending) else {
            return;
        };
        self.status = None;
        let s = &self.inc.session;
        match b.action {
            Action::ChooseNumber => {
                if let KeyCode::Char(d) = k.code {
                    self.choose(d.to_string());
                }
            }
            Action::Up | Action::Down => {
                let down = b.action == Action::Down;
                match self.focus {
                    Focus::Step => {
                        let n = s.step().checklist.len();
                        if n > 0 {
                            self.cursor = if down {
                                (self.cursor + 1).min(n - 1)
                            } else {
                                self.cursor.saturating_sub(1)
                            };
                        }
                    }
                    Focus::Log => {
                        self.log_offset = if down {
                            self.log_offset.saturating_sub(1)
                        } else {
                            (self.log_offset + 1).min(self.rows.len().saturating_sub(1))
                        };
                    }
                }
            }
            Action::Tick => {
                let step = s.step();
                if let Some(item) = step.checklist.get(self.cursor) {
                    let cmd = if s.is_ticked(&step.id, &item.id) {
                        Command::Untick {
                            item: item.id.clone(),
                        }
                    } else {
                        Command::Tick {
                            item: item.id.clone(),
                        }
                    };
                    let _ = self.exec(cmd);
                } else {
                    self.fail("this step has no checklist");
                }
            }
            Action::Note => self.input(InputPurpose::Note, "Note for the log:", ""),
            Action::Draft => self.open_composer(None),
            Action::Editor => {
                let c = self.composer_for_step(None);
                self.effects.push(Effect::Editor {
                    text: c.text(),
                    channel: c.channel,
                    template: c.template.clone(),
                    step: c.step.clone(),
                });
            }
            Action::Post => self.post_next(),
            Action::SetVar => {
                if s.playbook.variables.is_empty() {
                    self.fail("this playbook has no variables");
                } else {
                    self.layers.push(Layer::VarPicker { cursor: 0 });
                }
            }
            Action::Approve => match s.step().approval.as_ref() {
                None => self.fail(format!(
                    "\"{}\" is not an approval step",
                    neutralize(&s.step().title, false)
                )),
                Some(a) if self.inc.actor.role.as_deref() == Some(a.role.as_str()) => {
                    let _ = self.exec(Command::Approve { by: None });
                }
                Some(a) => {
                    let role = s.role_name(&a.role);
                    self.input(
                        InputPurpose::ApproveBy,
                        &format!("Approved by (name of the {role} who approved):"),
                        "",
                    );
                }
            },
            Action::Reject => {
                if s.step().approval.is_none() {
                    self.fail("this is not an approval step");
                } else {
                    self.input(InputPurpose::RejectReason, "Reason for rejecting:", "");
                }
            }
            Action::Back => {
                let _ = self.exec(Command::Back);
            }
            Action::Close => match s.step().outcome {
                Some(o) => self.input(
                    InputPurpose::CloseSummary(o),
                    &format!("Close as {} — one-line summary (optional):", o.word()),
                    "",
                ),
                None => self.layers.push(Layer::OutcomePicker { cursor: 0 }),
            },
            Action::Focus => {
                self.focus = match self.focus {
                    Focus::Step => Focus::Log,
                    Focus::Log => Focus::Step,
                }
            }
            Action::PageUp => {
                self.log_offset =
                    (self.log_offset + self.log_page.max(1)).min(self.rows.len().saturating_sub(1));
            }
            Action::PageDown => {
                self.log_offset = if k.code == KeyCode::End {
                    0
                } else {
                    self.log_offset.saturating_sub(self.log_page.max(1))
                };
            }
            Action::Help => self.layers.push(Layer::Help),
            Action::Guidance => {
                let step = s.step();
                self.layers.push(Layer::Message {
                    title: neutralize(&step.title, false),
                    text: step.guidance.clone(),
                });
            }
            Action::Pause => self.toggle_pause(),
            Action::Acknowledge => self.acknowledge(),
            Action::Quit => self.layers.push(Layer::ConfirmQuit),
            Action::Retry => {
                if self.retry_pending() && self.status.is_none() {
                    self.ok("nothing is pending: every event is in the log");
                }
            }
            Action::ExportPending => self.ask_export(),
        }
    }

    fn choose(&mut self, token: String) {
        match self.exec(Command::Choose {
            choice: token.clone(),
            force: false,
        }) {
            Err(NotDone::Refused(Some(CommandError::RequiredUnticked { items, .. }))) => {
                self.layers.push(Layer::ForceChoice {
                    choice: token,
                    missing: items,
                });
            }
            _ => self.cursor = 0,
        }
    }

    fn input(&mut self, purpose: InputPurpose, prompt: &str, initial: &str) {
        let mut area = textarea(initial);
        area.set_cursor_line_style(ratatui::style::Style::default());
        self.layers.push(Layer::Input(Box::new(InputBox {
            purpose,
            prompt: prompt.to_string(),
            area,
            typed: String::new(),
        })));
    }

    fn composer_for_step(&mut self, text: Option<String>) -> Composer {
        let s = &self.inc.session;
        let step = s.step();
        let tpl = step.drafts.first();
        let body = match (text, &self.kept_draft) {
            (Some(t), _) => t,
            (None, Some((sid, t))) if *sid == step.id => t.clone(),
            (None, _) => tpl
                .map(|t| template::render(&t.text, &s.variables))
                .unwrap_or_default(),
        };
        Composer {
            area: textarea(&body),
            channel: tpl.map(|t| t.channel).unwrap_or(Channel::Tweet),
            template: tpl.map(|t| t.id.clone()),
            step: step.id.clone(),
        }
    }

    /// Opens the composer (with `text` when coming back from $EDITOR).
    pub fn open_composer(&mut self, text: Option<String>) {
        let c = self.composer_for_step(text);
        self.layers.push(Layer::Composer(Box::new(c)));
    }

    /// Posts the next thread part, or the latest unposted draft — after the privacy check.
    fn post_next(&mut self) {
        self.thread_queue.retain(|n| {
            self.inc
                .session
                .draft(*n)
                .is_some_and(|d| d.posted_at.is_none())
        });
        let next = self
            .thread_queue
            .first()
            .copied()
            .or_else(|| self.inc.session.latest_unposted().map(|d| d.number));
        let Some(n) = next else {
            self.fail("no unposted draft: press d to write one");
            return;
        };
        self.post_checked(n);
    }

    fn post_checked(&mut self, n: u32) {
        let Some(d) = self.inc.session.draft(n) else {
            return;
        };
        let findings = privacy::scan(&d.text);
        if findings.is_empty() {
            self.post(n, false);
        } else {
            self.layers.push(Layer::Privacy { draft: n, findings });
        }
    }

    fn post(&mut self, n: u32, force: bool) {
        match self.exec(Command::Post {
            draft: Some(n),
            force,
        }) {
            Err(NotDone::Refused(Some(
                e @ (CommandError::NeedsApproval { .. } | CommandError::TooLong { .. }),
            ))) => {
                self.layers.push(Layer::ForcePost {
                    draft: n,
                    reason: e.to_string(),
                });
            }
            Ok(()) => self.thread_queue.retain(|q| *q != n),
            Err(_) => {}
        }
    }

    fn layer_key(&mut self, k: KeyEvent) {
        let Some(top) = self.layers.pop() else {
            return;
        };
        let esc = k.code == KeyCode::Esc;
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match top {
            Layer::Help | Layer::Message { .. } => {}
            Layer::LogFailure { text } => match k.code {
                KeyCode::Char('t') if !self.retry_pending() => {
                    self.layers.push(Layer::LogFailure { text });
                }
                KeyCode::Char('w') => self.ask_export(),
                _ => {}
            },
            Layer::ConfirmQuit => match k.code {
                KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter => {
                    // Quitting a drill ends it: its score is final (drills are not resumed).
                    self.end_drill();
                    self.quit = true;
                }
                _ => {}
            },
            Layer::Input(mut ib) => {
                let plain = k.modifiers.difference(KeyModifiers::SHIFT).is_empty();
                if esc {
                    self.ok("cancelled");
                } else if k.code == KeyCode::Enter {
                    ib.flush();
                    self.submit_input(ib);
                } else if let (KeyCode::Char(c), true) = (k.code, plain) {
                    ib.typed.push(c);
                    self.layers.push(Layer::Input(ib));
                } else {
                    ib.flush();
                    ib.area.input(k);
                    self.layers.push(Layer::Input(ib));
                }
            }
            Layer::VarPicker { mut cursor } => {
                let vars = &self.inc.session.playbook.variables;
                match k.code {
                    KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => {
                        cursor = (cursor + 1).min(vars.len().saturating_sub(1))
                    }
                    KeyCode::Enter => {
                        if let Some(v) = vars.get(cursor) {
                            let (id, label) = (v.id.clone(), v.label.clone());
                            let cur = self
                                .inc
                                .session
                                .variables
                                .get(&id)
                                .cloned()
                                .unwrap_or_default();
                            self.input(
                                InputPurpose::Variable(id.clone()),
                                &format!("{label} {{{id}}}:"),
                                &cur,
                            );
                        }
                        return;
                    }
                    KeyCode::Esc => return,
                    _ => {}
                }
                self.layers.push(Layer::VarPicker { cursor });
            }
            Layer::OutcomePicker { mut cursor } => {
                match k.code {
                    KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => {
                        cursor = (cursor + 1).min(Outcome::ALL.len() - 1)
                    }
                    KeyCode::Enter => {
                        let o = Outcome::ALL[cursor];
                        self.input(
                            InputPurpose::CloseSummary(o),
                            &format!("Close as {} — one-line summary (optional):", o.word()),
                            "",
                        );
                        return;
                    }
                    KeyCode::Esc => return,
                    _ => {}
                }
                self.layers.push(Layer::OutcomePicker { cursor });
            }
            Layer::Composer(mut c) => {
                if esc {
                    self.kept_draft = Some((c.step.clone(), c.text()));
                    self.ok("composer closed; the text is kept (d reopens it)");
                    return;
                }
                if ctrl {
                    match k.code {
                        KeyCode::Char('s') | KeyCode::Char('p') => {
                            let post = k.code == KeyCode::Char('p');
                            let text = c.text();
                            let below = self.layers.len();
                            match self.exec(Command::SaveDraft {
                                template: c.template.clone(),
                                text: Some(text.clone()),
                            }) {
                                Ok(()) => {
                                    self.kept_draft = None;
                                    if post
                                        && let Some(d) =
                                            self.inc.session.drafts.last().map(|d| d.number)
                                    {
                                        self.post_checked(d);
                                    }
                                }
                                // The draft is pending (kept, written on retry): the composer
                                // closes, its text stays at hand for `d`.
                                Err(NotDone::Pending) => {
                                    self.kept_draft = Some((c.step.clone(), text));
                                }
                                // Not saved: the composer stays open under the message.
                                Err(_) => self.layers.insert(below, Layer::Composer(c)),
                            }
                            return;
                        }
                        KeyCode::Char('t') => {
                            let limit = c.channel.limit().unwrap_or(280);
                            let parts = split_thread(&c.text(), limit);
                            if parts.len() < 2 {
                                self.ok("fits in one post; no thread needed");
                                self.layers.push(Layer::Composer(c));
                                return;
                            }
                            let mut saved = Vec::new();
                            for p in parts {
                                if self
                                    .exec(Command::SaveDraft {
                                        template: c.template.clone(),
                                        text: Some(p),
                                    })
                                    .is_err()
                                {
                                    break;
                                }
                                if let Some(d) = self.inc.session.drafts.last() {
                                    saved.push(d.number);
                                }
                            }
                            if let (Some(a), Some(b)) = (saved.first(), saved.last()) {
                                self.ok(format!(
                                    "thread saved as drafts #{a}–#{b}; p posts them in order"
                                ));
                            }
                            self.thread_queue = saved;
                            self.kept_draft = None;
                            return;
                        }
                        KeyCode::Char('y') => {
                            self.effects
                                .push(Effect::Emit(super::clipboard::osc52(&c.text())));
                            self.ok("copied to the clipboard (OSC 52)");
                        }
                        KeyCode::Char('e') => {
                            self.effects.push(Effect::Editor {
                                text: c.text(),
                                channel: c.channel,
                                template: c.template.clone(),
                                step: c.step.clone(),
                            });
                            return;
                        }
                        _ => {
                            c.area.input(k);
                        }
                    }
                } else {
                    c.area.input(k);
                }
                self.layers.push(Layer::Composer(c));
            }
            Layer::Privacy { draft, findings } => {
                let kinds: Vec<String> = findings
                    .iter()
                    .map(|f| format!("{} {}", f.kind, f.masked))
                    .collect();
                match k.code {
                    KeyCode::Char('p' | 'P' | 'y' | 'Y') => {
                        let _ = self.exec(Command::PrivacyDecision {
                            draft,
                            findings: kinds,
                            decision: "posted anyway".into(),
                        });
                        self.post(draft, false);
                    }
                    KeyCode::Esc | KeyCode::Char('n' | 'N' | 'c') => {
                        let _ = self.exec(Command::PrivacyDecision {
                            draft,
                            findings: kinds,
                            decision: "not posted: move the personal data to DM, e-mail or phone"
                                .into(),
                        });
                    }
                    _ => self.layers.push(Layer::Privacy { draft, findings }),
                }
            }
            Layer::ForceChoice { choice, missing } => match k.code {
                KeyCode::Char('f' | 'F') => {
                    if self
                        .exec(Command::Choose {
                            choice,
                            force: true,
                        })
                        .is_ok()
                    {
                        self.cursor = 0;
                    }
                }
                KeyCode::Esc | KeyCode::Char('n') => {
                    self.ok("stayed; tick the required items first")
                }
                _ => self.layers.push(Layer::ForceChoice { choice, missing }),
            },
            Layer::ForcePost { draft, reason } => match k.code {
                KeyCode::Char('f' | 'F') => self.post(draft, true),
                KeyCode::Esc | KeyCode::Char('n') => self.ok("not posted"),
                _ => self.layers.push(Layer::ForcePost { draft, reason }),
            },
        }
    }

    fn submit_input(&mut self, ib: Box<InputBox>) {
        let text = ib.area.lines().join(" ");
        let below = self.layers.len();
        let cmd = match ib.purpose.clone() {
            InputPurpose::Note => Command::Note { text },
            InputPurpose::Variable(name) => Command::Set { name, value: text },
            InputPurpose::RejectReason => Command::Reject {
                by: None,
                reason: text,
            },
            InputPurpose::ApproveBy => {
                if text.trim().is_empty() {
                    self.fail("approval needs the approver's name");
                    return;
                }
                Command::Approve { by: Some(text) }
            }
            InputPurpose::CloseSummary(o) => Command::Close {
                outcome: Some(o),
                summary: text,
            },
            InputPurpose::ExportPending => {
                self.export_pending(&text);
                return;
            }
        };
        // A reject from someone outside the approving role also records who rejected.
        let cmd =
            match cmd {
                Command::Reject { reason, .. } => {
                    let role_ok =
                        self.inc.session.step().approval.as_ref().is_some_and(|a| {
                            self.inc.actor.role.as_deref() == Some(a.role.as_str())
                        });
                    Command::Reject {
                        by: (!role_ok).then(|| format!("{} (recorded)", self.inc.actor.name)),
                        reason,
                    }
                }
                c => c,
            };
        match self.exec(cmd) {
            Ok(()) => self.cursor = 0,
            // Not recorded: the text typed is kept in the box, under the message.
            Err(NotDone::NotRecorded) => self.layers.insert(below, Layer::Input(ib)),
            Err(_) => {}
        }
    }
}
