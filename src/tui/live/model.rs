//! The live screen's model (the Elm architecture): [`App`] holds the open incident and the
//! screen's state — focus, cursor, log rows, the popup stack, the status line, the
//! notification. Keys change it in `update` and `keys`, `view` draws it.
//!
//! Every Command goes through `Incident::execute`, which writes the log before the state
//! changes, so the screen never shows what the log does not have.

use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use ratatui::layout::Rect;

use crate::clock::Clock;
use crate::drill::DrillRun;
use crate::engine::{CommandError, Event, EventKind};
use crate::incident::Incident;
use crate::playbook::Channel;
use crate::text::neutralize;
use crate::tui::component::Stack;
use crate::tui::lang::{self as L, Lang};
use crate::tui::theme::Theme;
use crate::tui::widgets::Status;

/// Which pane has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Step,
    Log,
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
            actor: neutralize(&e.source(), false),
            kind: e.kind.name(),
            text: match e.kind.mark() {
                Some(m) => format!("{m} {}", neutralize(&e.describe(), false)),
                None => neutralize(&e.describe(), false),
            },
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
    /// The popups, the top last: it takes the keys (src/tui/popup/).
    pub layers: Stack<App>,
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
    /// The command that takes this seat again: `resume` (the seat that opened or resumed the
    /// incident), or `join` for a seat that joined it (`resume` is refused while the incident
    /// is open in another seat).
    pub continue_verb: &'static str,
    /// `LIVE` or `EXERCISE`.
    pub badge: &'static str,
    /// Last height of the log pane, for paging.
    pub log_page: usize,
    /// The drill being run (tabletop exercise mode), if any.
    pub drill: Option<DrillRun>,
    /// The mention feed being followed (`--feed`), if any: src/tui/live/feed.rs.
    pub feed: Option<super::feed::FeedPane>,
    /// Where the time comes from outside a drill (the system clock; a manual one in tests).
    pub clock: Rc<dyn Clock>,
    /// The screen's size at the last frame (popups keep their scroll within it).
    pub size: Rect,
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
            rows: history
                .iter()
                .filter(|e| e.visible_to(inc.actor.role.as_deref()))
                .map(LogRow::from_event)
                .collect(),
            inc,
            now,
            theme,
            focus: Focus::Step,
            cursor: 0,
            log_offset: 0,
            layers: Stack::default(),
            status: None,
            quit: false,
            kept_draft: None,
            effects: Vec::new(),
            lang,
            notice: None,
            resume_args,
            continue_verb: "resume",
            badge,
            log_page: 10,
            drill: None,
            feed: None,
            clock: Rc::new(crate::clock::SystemClock),
            size: Rect::new(0, 0, 80, 24),
        }
    }

    /// The time the incident records: the drill clock in a drill, else the system clock.
    pub fn clock_now(&self) -> DateTime<FixedOffset> {
        match &self.drill {
            Some(d) => d.now(),
            None => self.clock.now(),
        }
    }

    /// Interface text in the screen's language.
    pub fn tr(&self, m: L::Msg) -> &'static str {
        m.get(self.lang)
    }

    pub(crate) fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status::ok(text));
    }

    pub(crate) fn fail(&mut self, text: impl Into<String>) {
        self.status = Some(Status::error(text));
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
    pub(crate) fn sync_rows(&mut self) -> Vec<Event> {
        let role = self.inc.actor.role.clone();
        let mut evs = self.inc.take_recorded();
        // What a player's seat may not see (the controller's notes, skipped injects) is left out.
        evs.retain(|e| e.visible_to(role.as_deref()));
        self.push_events(&evs);
        evs
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

    /// The top popup, if it is a `T`.
    pub fn top<T: 'static>(&self) -> Option<&T> {
        self.layers.top::<T>()
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
