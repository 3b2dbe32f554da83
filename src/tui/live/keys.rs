//! The live screen's keymap and what its keys do. The table drives dispatch, the hint bar and
//! the `?` help (src/tui/keymap.rs); popups have their own tables (src/tui/popup/).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::App;
use super::model::{Effect, Focus, NotDone};
use crate::engine::{Command, CommandError};
use crate::tui::keymap::{Binding, also, bind, key};
use crate::tui::lang as L;
use crate::tui::popup::confirm::ConfirmQuit;
use crate::tui::popup::drafts::DraftsList;
use crate::tui::popup::force::ForceChoice;
use crate::tui::popup::help::{Guidance, Help};
use crate::tui::popup::input::InputPurpose;
use crate::tui::popup::pickers::{OutcomePicker, StatePicker, StatementPicker, VarPicker};
use crate::tui::widgets::Hint;

/// What a key does on the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Choose by number; the digit is read from the key.
    ChooseNumber,
    Up,
    Down,
    Tick,
    Note,
    Draft,
    Editor,
    Post,
    SetVar,
    Approve,
    Reject,
    Back,
    Close,
    Focus,
    PageUp,
    PageDown,
    Help,
    Quit,
    /// Show the step's whole guidance.
    Guidance,
    /// The drafts list.
    Drafts,
    /// Set the public state.
    PublicState,
    /// Draft from an approved holding statement.
    Statement,
    /// With a feed: triage mentions (the Feed pane takes the keys, src/tui/feed.rs).
    Triage,
    /// Drills: the facilitator pauses or resumes the drill clock.
    Pause,
    /// Drills: acknowledge the oldest inject that asks for it.
    Acknowledge,
    /// The log could not be written: try writing the pending events again now.
    Retry,
    /// The log could not be written: write the pending events to another file.
    ExportPending,
}

const fn drill(b: Binding<Action>) -> Binding<Action> {
    Binding { drill: true, ..b }
}

const fn feed(b: Binding<Action>) -> Binding<Action> {
    Binding { feed: true, ..b }
}

const fn pending(b: Binding<Action>) -> Binding<Action> {
    Binding { pending: true, ..b }
}

/// The main screen's keymap. Choice hotkeys from the playbook are typed as capital letters
/// (Shift+key), so they never collide with these. Every key that acts is in the hint bar.
pub const MAIN: &[Binding<Action>] = &[
    bind(
        "1-9",
        L::H_CHOOSE,
        L::K_CHOOSE,
        Action::ChooseNumber,
        key!(KeyCode::Char('1'..='9')),
    ),
    bind(
        "↑↓/jk",
        L::H_MOVE,
        L::K_MOVE,
        Action::Down,
        key!(KeyCode::Down | KeyCode::Char('j')),
    ),
    also(
        "↑/k",
        L::K_MOVE,
        Action::Up,
        key!(KeyCode::Up | KeyCode::Char('k')),
    ),
    bind(
        "space",
        L::H_TICK,
        L::K_TICK,
        Action::Tick,
        key!(KeyCode::Char(' ')),
    ),
    bind(
        "n",
        L::H_NOTE,
        L::K_NOTE,
        Action::Note,
        key!(KeyCode::Char('n')),
    ),
    bind(
        "d",
        L::H_DRAFT,
        L::K_DRAFT,
        Action::Draft,
        key!(KeyCode::Char('d')),
    ),
    bind(
        "e",
        L::H_EDITOR,
        L::K_EDITOR,
        Action::Editor,
        key!(KeyCode::Char('e')),
    ),
    bind(
        "l",
        L::H_DRAFTS,
        L::K_DRAFTS,
        Action::Drafts,
        key!(KeyCode::Char('l')),
    ),
    bind(
        "p",
        L::H_POST,
        L::K_POST,
        Action::Post,
        key!(KeyCode::Char('p')),
    ),
    bind(
        "v",
        L::H_VARIABLE,
        L::K_VARIABLE,
        Action::SetVar,
        key!(KeyCode::Char('v')),
    ),
    bind(
        "a",
        L::H_APPROVE,
        L::K_APPROVE,
        Action::Approve,
        key!(KeyCode::Char('a')),
    ),
    bind(
        "r",
        L::H_REJECT,
        L::K_REJECT,
        Action::Reject,
        key!(KeyCode::Char('r')),
    ),
    bind(
        "b",
        L::H_BACK,
        L::K_BACK,
        Action::Back,
        key!(KeyCode::Char('b')),
    ),
    bind(
        "g",
        L::H_GUIDANCE,
        L::K_GUIDANCE,
        Action::Guidance,
        key!(KeyCode::Char('g')),
    ),
    bind(
        "h",
        L::H_STATEMENT,
        L::K_STATEMENT,
        Action::Statement,
        key!(KeyCode::Char('h')),
    ),
    bind(
        "u",
        L::H_STATE,
        L::K_STATE,
        Action::PublicState,
        key!(KeyCode::Char('u')),
    ),
    bind(
        "c",
        L::H_CLOSE,
        L::K_CLOSE,
        Action::Close,
        key!(KeyCode::Char('c')),
    ),
    bind(
        "Tab",
        L::H_FOCUS,
        L::K_FOCUS,
        Action::Focus,
        key!(KeyCode::Tab | KeyCode::BackTab),
    ),
    bind(
        "PgUp/PgDn",
        L::H_SCROLL,
        L::K_SCROLL,
        Action::PageUp,
        key!(KeyCode::PageUp),
    ),
    also(
        "PgDn",
        L::K_SCROLL,
        Action::PageDown,
        key!(KeyCode::PageDown | KeyCode::End),
    ),
    bind(
        "?",
        L::H_HELP,
        L::K_HELP,
        Action::Help,
        key!(KeyCode::Char('?') | KeyCode::F(1)),
    ),
    bind(
        "q",
        L::H_QUIT,
        L::K_QUIT,
        Action::Quit,
        key!(KeyCode::Char('q')),
    ),
    drill(bind(
        "o",
        L::H_ACK,
        L::K_ACK,
        Action::Acknowledge,
        key!(KeyCode::Char('o')),
    )),
    feed(bind(
        "m",
        L::H_TRIAGE,
        L::K_TRIAGE,
        Action::Triage,
        key!(KeyCode::Char('m')),
    )),
    drill(bind(
        "z",
        L::H_PAUSE,
        L::K_PAUSE,
        Action::Pause,
        key!(KeyCode::Char('z')),
    )),
    pending(bind(
        "t",
        L::H_RETRY,
        L::K_RETRY,
        Action::Retry,
        key!(KeyCode::Char('t')),
    )),
    pending(bind(
        "w",
        L::H_EXPORT,
        L::K_EXPORT,
        Action::ExportPending,
        key!(KeyCode::Char('w')),
    )),
];

/// The binding for a key on the main screen (drill keys only in drills, the pending-event
/// keys only while events are pending).
pub fn lookup(
    k: &KeyEvent,
    drill: bool,
    pending: bool,
    feed: bool,
) -> Option<&'static Binding<Action>> {
    crate::tui::keymap::lookup(MAIN, k, |b| {
        (drill || !b.drill) && (pending || !b.pending) && (feed || !b.feed)
    })
}

/// What the hint bar says during a drill depends on: the clock paused (`z` resumes), an
/// inject waiting for its acknowledgement (`o` only then), the drill over (neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DrillHints {
    pub paused: bool,
    pub acks_waiting: bool,
    pub ended: bool,
}

/// The hint bar's entries: key and word, from the keymap table. While events are pending,
/// their keys come first. In a drill (`Some`), its keys as its state makes them useful.
pub fn main_hints(
    drill: Option<DrillHints>,
    pending: bool,
    feed: bool,
    lang: L::Lang,
) -> Vec<Hint> {
    // The pending events' keys, then the drill's (their words say what they do now, so they
    // keep them on a narrow screen), then the rest.
    let first = MAIN.iter().filter(|b| pending && b.pending);
    let drill_keys = MAIN.iter().filter(|b| drill.is_some() && b.drill);
    let rest = MAIN
        .iter()
        .filter(|b| !b.pending && !b.drill && (feed || !b.feed));
    first
        .chain(drill_keys)
        .chain(rest)
        .filter(|b| b.in_bar)
        .filter_map(|b| {
            let hint = match (b.action, drill) {
                (Action::Pause, Some(d)) if d.ended => return None,
                (Action::Pause, Some(d)) if d.paused => L::H_RESUME,
                (Action::Acknowledge, Some(d)) if d.ended || !d.acks_waiting => return None,
                _ => b.hint?,
            };
            Some((b.keys, hint.get(lang)))
        })
        .collect()
}

impl App {
    pub(crate) fn main_key(&mut self, k: KeyEvent) {
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
            self.layers.push(ConfirmQuit);
            return;
        }
        let pending = !self.inc.pending().is_empty();
        let Some(b) = lookup(&k, self.drill.is_some(), pending, self.feed.is_some()) else {
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
            Action::Up | Action::Down => self.move_cursor(b.action == Action::Down),
            Action::Tick => self.tick_item(),
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
            Action::Drafts => self.layers.push(DraftsList::at(
                self.inc.session.drafts.len().saturating_sub(1),
            )),
            Action::SetVar => {
                if s.playbook.variables.is_empty() {
                    self.fail("this playbook has no variables");
                } else {
                    self.layers.push(VarPicker::default());
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
                None => self.layers.push(OutcomePicker::default()),
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
            Action::Help => self.layers.push(Help::default()),
            Action::Guidance => self.layers.push(Guidance::default()),
            Action::Statement => self.layers.push(StatementPicker::default()),
            Action::PublicState => self.layers.push(StatePicker::new(s.public_state)),
            // The Feed pane takes `m` before the keymap (src/tui/feed.rs).
            Action::Triage => {}
            Action::Pause => self.toggle_pause(),
            Action::Acknowledge => self.acknowledge(),
            Action::Quit => self.layers.push(ConfirmQuit),
            Action::Retry => {
                if self.retry_pending() && self.status.is_none() {
                    self.ok("nothing is pending: every event is in the log");
                }
            }
            Action::ExportPending => self.ask_export(),
        }
    }

    /// ↑↓: the checklist cursor, or the log's scroll when the log has focus.
    fn move_cursor(&mut self, down: bool) {
        match self.focus {
            Focus::Step => {
                let n = self.inc.session.step().checklist.len();
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

    /// space: ticks or unticks the checklist item under the cursor.
    fn tick_item(&mut self) {
        let s = &self.inc.session;
        let step = s.step();
        let Some(item) = step.checklist.get(self.cursor) else {
            self.fail("this step has no checklist");
            return;
        };
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
    }

    fn choose(&mut self, token: String) {
        match self.exec(Command::Choose {
            choice: token.clone(),
            force: false,
        }) {
            Err(NotDone::Refused(Some(CommandError::RequiredUnticked { texts, .. }))) => {
                self.layers.push(ForceChoice {
                    choice: token,
                    missing: texts,
                });
            }
            _ => self.cursor = 0,
        }
    }
}
