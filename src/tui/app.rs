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
use super::lang::{self as L, Lang};
use super::theme::Theme;
use crate::clock::{Clock, SystemClock};
use crate::drill::{DrillError, DrillRun};
use crate::engine::{Command, CommandError, DrillEnd, Event, EventKind};
use crate::incident::{ExecError, Incident};
use crate::log::LogError;
use crate::playbook::{Channel, Outcome, template};
use crate::text::{channel_length, neutralize};

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
    /// The reason is given; who rejected (the operator is not in the approving role).
    RejectBy {
        reason: String,
    },
    /// Who approved these drafts (the operator is not in the approving role).
    ApproveBy {
        drafts: Vec<u32>,
    },
    /// Who signed a draft off in `role` (the operator is not in that role).
    SignBy {
        draft: u32,
        role: String,
    },
    /// Which draft answered a mention of the feed.
    AnsweredBy {
        mention: String,
    },
    /// Set a variable a draft left unfilled, then fill it into that draft.
    FillVariable {
        name: String,
        draft: u32,
    },
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
    /// The draft being edited (saving replaces its text), or `None` for a new draft.
    pub editing: Option<u32>,
}

impl Composer {
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn length(&self) -> usize {
        channel_length(self.channel, &self.text())
    }
}

/// The popup layers, topmost last. Each asks a question or shows something the person asked
/// for; notifications are not layers (see [`Notice`]): they never take the keyboard.
pub enum Layer {
    Help {
        scroll: u16,
    },
    /// The step's whole guidance, scrollable.
    Guidance {
        scroll: u16,
    },
    ConfirmQuit,
    /// The drafts list: pick one to post, edit, copy, split or discard.
    Drafts {
        cursor: usize,
    },
    /// At an approval step: the drafts to approve as one decision, with their exact text.
    ApproveSet {
        cursor: usize,
        chosen: Vec<u32>,
    },
    /// The public state to set.
    StatePicker {
        cursor: usize,
    },
    /// A holding statement to draft from.
    StatementPicker {
        cursor: usize,
    },
    /// Closing asks with the outcome spelled out; only `y` closes.
    ConfirmClose {
        outcome: Outcome,
        summary: String,
    },
    Input(Box<InputBox>),
    VarPicker {
        cursor: usize,
    },
    OutcomePicker {
        cursor: usize,
    },
    Composer(Box<Composer>),
    ForceChoice {
        choice: String,
        /// The unticked required items' text.
        missing: Vec<String>,
    },
    /// A post refused by a rule: why, and the ways on (force it; set an unfilled variable).
    ForcePost {
        draft: u32,
        reason: String,
        /// Unfilled placeholders that are the playbook's variables (offered to set).
        unfilled: Vec<String>,
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

/// A notification: shown without taking the keyboard (keys act on the screen as usual);
/// `Esc` dismisses it, and a transient one goes by itself.
#[derive(Debug, Clone)]
pub struct Notice {
    pub title: String,
    pub text: String,
    /// Until when it shows; `None` until dismissed.
    pub until: Option<DateTime<FixedOffset>>,
}

/// What the run loop must do outside the screen (it owns the terminal).
pub enum Effect {
    /// Copy this text: into tmux's paste buffer inside tmux, else with OSC 52.
    Copy(String),
    /// Clear the terminal and draw everything again (Ctrl+L).
    Redraw,
    /// Suspend the screen and edit this text in $EDITOR; the result reopens the composer.
    Editor {
        text: String,
        channel: Channel,
        template: Option<String>,
        step: String,
        editing: Option<u32>,
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
    pub effects: Vec<Effect>,
    /// The screen's language (the playbook's).
    pub lang: Lang,
    /// A notification on screen (an arriving inject, the briefing), if any.
    pub notice: Option<Notice>,
    /// `--operator` and `--role` as given, for the resume command the quit dialog shows.
    pub resume_args: String,
    /// `LIVE` or `EXERCISE`.
    pub badge: &'static str,
    /// Last height of the log pane, for paging.
    pub log_page: usize,
    /// The drill being run (tabletop exercise mode), if any.
    pub drill: Option<DrillRun>,
    /// The mention feed being followed (`--feed`), if any: src/tui/feed.rs.
    pub feed: Option<super::feed::FeedPane>,
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
        let lang = Lang::of(&inc.session.playbook.language);
        let resume_args = resume_args(&inc.actor);
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
            effects: Vec::new(),
            lang,
            notice: None,
            resume_args,
            badge,
            log_page: 10,
            drill: None,
            feed: None,
        }
    }

    /// The time the incident records: the drill clock in a drill, else the system clock.
    pub fn clock_now(&self) -> DateTime<FixedOffset> {
        match &self.drill {
            Some(d) => d.now(),
            None => SystemClock.now(),
        }
    }

    /// Interface text in the screen's language.
    pub fn tr(&self, m: L::Msg) -> &'static str {
        m.get(self.lang)
    }

    pub(crate) fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn fail(&mut self, text: impl Into<String>) {
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
                        "{} #{}: {}",
                        self.tr(L::LOGGED),
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
        if let Some(e) = evs
            .iter()
            .rev()
            .find(|e| matches!(e.kind, EventKind::InjectDelivered { .. }))
        {
            // A notification, not a popup: the next key still acts on the screen.
            self.notice = Some(Notice {
                title: "INJECT".into(),
                text: neutralize(&e.kind.describe(), false),
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
            // Pasted on the main screen: a post to start from (src/tui/feed.rs).
            None => super::feed::paste_post(self, text),
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
            self.layer_key(k);
        }
    }

    fn main_key(&mut self, k: KeyEvent) {
        if super::feed::key(self, &k) {
            return;
        }
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
        let Some(b) = keymap::lookup(&k, self.drill.is_some(), pending, self.feed.is_some()) else {
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
                    editing: None,
                });
            }
            Action::Post => self.post_key(),
            Action::Drafts => self.layers.push(Layer::Drafts {
                cursor: self.inc.session.drafts.len().saturating_sub(1),
            }),
            Action::SetVar => {
                if s.playbook.variables.is_empty() {
                    self.fail("this playbook has no variables");
                } else {
                    self.layers.push(Layer::VarPicker { cursor: 0 });
                }
            }
            Action::Approve => self.approve_key(),
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
            Action::Close if s.closed.is_some() => self.fail("the incident is already closed"),
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
            Action::Help => self.layers.push(Layer::Help { scroll: 0 }),
            Action::Guidance => self.layers.push(Layer::Guidance { scroll: 0 }),
            Action::Statement => self.layers.push(Layer::StatementPicker { cursor: 0 }),
            Action::PublicState => {
                let cursor = s
                    .public_state
                    .and_then(|(st, _)| {
                        crate::playbook::PublicState::ALL
                            .iter()
                            .position(|x| *x == st)
                    })
                    .map_or(0, |i| {
                        (i + 1).min(crate::playbook::PublicState::ALL.len() - 1)
                    });
                self.layers.push(Layer::StatePicker { cursor });
            }
            // The Feed pane takes `m` before the keymap (src/tui/feed.rs).
            Action::Triage => {}
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
            Err(NotDone::Refused(Some(CommandError::RequiredUnticked { texts, .. }))) => {
                self.layers.push(Layer::ForceChoice {
                    choice: token,
                    missing: texts,
                });
            }
            _ => self.cursor = 0,
        }
    }

    pub(crate) fn input(&mut self, purpose: InputPurpose, prompt: &str, initial: &str) {
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
            editing: None,
        }
    }

    /// Opens the composer (with `text` when coming back from $EDITOR).
    pub fn open_composer(&mut self, text: Option<String>) {
        let c = self.composer_for_step(text);
        self.layers.push(Layer::Composer(Box::new(c)));
    }

    /// Reopens the composer on `text` after $EDITOR (on the draft being edited, if any).
    pub fn reopen_composer(&mut self, text: String, channel: Channel, editing: Option<u32>) {
        let mut c = self.composer_for_step(Some(text));
        c.channel = channel;
        c.editing = editing;
        self.layers.push(Layer::Composer(Box::new(c)));
    }

    fn layer_key(&mut self, k: KeyEvent) {
        let Some(top) = self.layers.pop() else {
            return;
        };
        let esc = k.code == KeyCode::Esc;
        match top {
            Layer::Message { .. } => {}
            Layer::Help { scroll } => {
                if let Some(scroll) = scrolled(k, scroll, |c| matches!(c, KeyCode::Char('?'))) {
                    self.layers.push(Layer::Help { scroll });
                }
            }
            Layer::Guidance { scroll } => {
                if let Some(scroll) = scrolled(k, scroll, |c| matches!(c, KeyCode::Char('g'))) {
                    self.layers.push(Layer::Guidance { scroll });
                }
            }
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
            Layer::ConfirmClose { outcome, summary } => match k.code {
                // Only `y`: Enter (a slip from the summary box) or any other key keeps it open.
                KeyCode::Char('y' | 'Y') => {
                    if self
                        .exec(Command::Close {
                            outcome: Some(outcome),
                            summary,
                        })
                        .is_ok()
                    {
                        self.cursor = 0;
                    }
                }
                _ => self.ok("not closed: the incident stays open"),
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
                            let id = v.id.clone();
                            self.ask_variable(InputPurpose::Variable(id.clone()), &id);
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
            Layer::StatementPicker { mut cursor } => {
                let ids: Vec<String> = self
                    .statements_at_hand()
                    .iter()
                    .map(|l| l.statement.id.clone())
                    .collect();
                match k.code {
                    KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => {
                        cursor = (cursor + 1).min(ids.len().saturating_sub(1))
                    }
                    KeyCode::Enter => {
                        if let Some(id) = ids.get(cursor) {
                            let _ = self.exec(Command::UseStatement { id: id.clone() });
                        }
                        return;
                    }
                    KeyCode::Esc => return,
                    _ => {}
                }
                self.layers.push(Layer::StatementPicker { cursor });
            }
            Layer::StatePicker { mut cursor } => {
                let all = crate::playbook::PublicState::ALL;
                match k.code {
                    KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => cursor = (cursor + 1).min(all.len() - 1),
                    KeyCode::Enter => {
                        let _ = self.exec(Command::SetPublicState { state: all[cursor] });
                        return;
                    }
                    KeyCode::Esc => return,
                    _ => {}
                }
                self.layers.push(Layer::StatePicker { cursor });
            }
            Layer::Composer(c) => self.composer_key(c, k),
            Layer::Drafts { cursor } => self.drafts_key(cursor, k),
            Layer::ApproveSet { cursor, chosen } => self.approve_set_key(cursor, chosen, k),
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
            Layer::ForcePost {
                draft,
                reason,
                unfilled,
            } => match k.code {
                KeyCode::Char('f' | 'F') => self.post(draft, true),
                KeyCode::Char('v') if !unfilled.is_empty() => {
                    let name = unfilled[0].clone();
                    self.ask_variable(
                        InputPurpose::FillVariable {
                            name: name.clone(),
                            draft,
                        },
                        &name,
                    );
                }
                KeyCode::Esc | KeyCode::Char('n') => self.ok("not posted"),
                _ => self.layers.push(Layer::ForcePost {
                    draft,
                    reason,
                    unfilled,
                }),
            },
        }
    }

    /// Opens the input for variable `id` (with its current value) for `purpose`.
    fn ask_variable(&mut self, purpose: InputPurpose, id: &str) {
        let s = &self.inc.session;
        let label = s
            .playbook
            .variable(id)
            .map(|v| v.label.clone())
            .unwrap_or_default();
        let cur = s.variables.get(id).cloned().unwrap_or_default();
        self.input(purpose, &format!("{label} {{{id}}}:"), &cur);
    }

    fn submit_input(&mut self, ib: Box<InputBox>) {
        let text = ib.area.lines().join(" ");
        let below = self.layers.len();
        let cmd = match ib.purpose.clone() {
            InputPurpose::Note => Command::Note { text },
            InputPurpose::Variable(name) => Command::Set { name, value: text },
            InputPurpose::FillVariable { name, draft } => {
                if self.exec(Command::Set { name, value: text }).is_ok()
                    && let Some(d) = self.inc.session.draft(draft)
                {
                    // The saved text still has the placeholder: fill it in (an edit).
                    let text = d.text.clone();
                    if self.exec(Command::Edit { draft, text }).is_ok() {
                        self.post(draft, false);
                    }
                }
                return;
            }
            InputPurpose::RejectReason => {
                if !self.in_approving_role() {
                    let role = self.approver_name();
                    self.input(
                        InputPurpose::RejectBy { reason: text },
                        &format!("Rejected by (name of the {role} who rejected):"),
                        "",
                    );
                    return;
                }
                Command::Reject {
                    by: None,
                    reason: text,
                }
            }
            InputPurpose::RejectBy { reason } => {
                if text.trim().is_empty() {
                    self.fail("a rejection needs the name of who rejected");
                    return;
                }
                Command::Reject {
                    by: Some(text),
                    reason,
                }
            }
            InputPurpose::AnsweredBy { mention } => {
                match text.trim().trim_start_matches('#').parse::<u32>() {
                    Ok(n) => {
                        let now = self.clock_now();
                        super::feed::record_action(
                            self,
                            &mention,
                            &crate::intake::triage::Action::AnsweredBy(n),
                            now,
                        );
                    }
                    Err(_) => self.fail(format!(
                        "{:?} is not a draft number",
                        neutralize(&text, false)
                    )),
                }
                return;
            }
            InputPurpose::SignBy { draft, role } => {
                if text.trim().is_empty() {
                    self.fail("a sign-off needs the signer's name");
                    return;
                }
                Command::SignOff {
                    draft,
                    by: Some(text),
                    role: Some(role),
                }
            }
            InputPurpose::ApproveBy { drafts } => {
                if text.trim().is_empty() {
                    self.fail("approval needs the approver's name");
                    return;
                }
                Command::Approve {
                    by: Some(text),
                    drafts,
                }
            }
            InputPurpose::CloseSummary(outcome) => {
                self.layers.push(Layer::ConfirmClose {
                    outcome,
                    summary: text,
                });
                return;
            }
            InputPurpose::ExportPending => {
                self.export_pending(&text);
                return;
            }
        };
        match self.exec(cmd) {
            Ok(()) => self.cursor = 0,
            // Not recorded: the text typed is kept in the box, under the message.
            Err(NotDone::NotRecorded) => self.layers.insert(below, Layer::Input(ib)),
            Err(_) => {}
        }
    }

    /// The holding statements in the playbook's language (`en` matches `en-GB`).
    pub(crate) fn statements_at_hand(&self) -> Vec<&crate::statements::Loaded> {
        let s = &self.inc.session;
        let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let want = primary(&s.playbook.language);
        s.statements
            .iter()
            .filter(|l| primary(&l.statement.language) == want)
            .collect()
    }

    /// Whether the operator's role is the one the current approval step asks for.
    pub(crate) fn in_approving_role(&self) -> bool {
        self.inc
            .session
            .step()
            .approval
            .as_ref()
            .is_some_and(|a| self.inc.actor.role.as_deref() == Some(a.role.as_str()))
    }

    /// The display name of the current approval step's role.
    pub(crate) fn approver_name(&self) -> String {
        let s = &self.inc.session;
        s.step()
            .approval
            .as_ref()
            .map(|a| s.role_name(&a.role))
            .unwrap_or_default()
    }
}

/// ` --operator NAME --role ROLE` for the resume command, quoted for a shell when needed.
fn resume_args(actor: &crate::engine::Actor) -> String {
    let quote = |s: &str| {
        if !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', "'\\''"))
        }
    };
    let mut out = format!(" --operator {}", quote(&actor.name));
    if let Some(r) = &actor.role {
        out.push_str(&format!(" --role {}", quote(r)));
    }
    out
}

/// Scroll keys of a read-only popup: the new offset, or `None` when the key closes it
/// (Esc, q, or `close`). Other keys leave it as it is.
fn scrolled(k: KeyEvent, scroll: u16, close: impl Fn(KeyCode) -> bool) -> Option<u16> {
    match k.code {
        KeyCode::Esc | KeyCode::Char('q') => None,
        c if close(c) => None,
        KeyCode::Up | KeyCode::Char('k') => Some(scroll.saturating_sub(1)),
        KeyCode::Down | KeyCode::Char('j') => Some(scroll.saturating_add(1)),
        KeyCode::PageUp => Some(scroll.saturating_sub(10)),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(scroll.saturating_add(10)),
        KeyCode::Home => Some(0),
        // The view clamps it to the last screenful.
        KeyCode::End => Some(u16::MAX),
        _ => Some(scroll),
    }
}
