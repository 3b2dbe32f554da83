//! The keymap table. Dispatch, the hint bar and the `?` help screen are all generated from it,
//! so they cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
    /// Drills: the facilitator pauses or resumes the drill clock.
    Pause,
    /// Drills: acknowledge the oldest inject that asks for it.
    Acknowledge,
    /// The log could not be written: try writing the pending events again now.
    Retry,
    /// The log could not be written: write the pending events to another file.
    ExportPending,
}

/// One row of a keymap (the main screen's actions by default; the review screen has its own).
pub struct Binding<A = Action> {
    /// How the key is shown.
    pub keys: &'static str,
    /// Short word for the hint bar.
    pub hint: &'static str,
    /// Sentence for the help screen.
    pub help: &'static str,
    pub action: A,
    /// Shown in the hint bar (all are shown in help).
    pub in_bar: bool,
    /// Only in drills (shown and active only there).
    pub drill: bool,
    /// Only while events are pending because the log could not be written (shown first in
    /// the hint bar and active only then).
    pub pending: bool,
    pub(crate) matches: fn(&KeyEvent) -> bool,
}

/// A key without modifiers other than Shift.
pub(crate) fn plain(k: &KeyEvent) -> bool {
    k.modifiers.difference(KeyModifiers::SHIFT).is_empty()
}

/// A matcher for plain keys with these codes.
macro_rules! key {
    ($($p:pat_param)|+) => {
        |k: &KeyEvent| $crate::tui::keymap::plain(k) && matches!(k.code, $($p)|+)
    };
}
pub(crate) use key;

/// The main screen's keymap. Choice hotkeys from the playbook are typed as capital letters
/// (Shift+key), so they never collide with these.
pub const MAIN: &[Binding] = &[
    Binding {
        keys: "1-9",
        hint: "choose",
        help: "take the numbered choice (capital letters take a choice's hotkey)",
        action: Action::ChooseNumber,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('1'..='9')),
    },
    Binding {
        keys: "↑↓/jk",
        hint: "move",
        help: "move in the checklist (or scroll the log when it has focus)",
        action: Action::Down,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Down | KeyCode::Char('j')),
    },
    Binding {
        keys: "↑/k",
        hint: "",
        help: "move up",
        action: Action::Up,
        in_bar: false,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Up | KeyCode::Char('k')),
    },
    Binding {
        keys: "space",
        hint: "tick",
        help: "tick or untick the selected checklist item",
        action: Action::Tick,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char(' ')),
    },
    Binding {
        keys: "n",
        hint: "note",
        help: "add a note to the log",
        action: Action::Note,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('n')),
    },
    Binding {
        keys: "d",
        hint: "draft",
        help: "open the draft composer on the step's template",
        action: Action::Draft,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('d')),
    },
    Binding {
        keys: "e",
        hint: "$EDITOR",
        help: "write the draft in $EDITOR (for a long statement)",
        action: Action::Editor,
        in_bar: false,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('e')),
    },
    Binding {
        keys: "p",
        hint: "post",
        help: "mark the latest draft as posted (privacy check first)",
        action: Action::Post,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('p')),
    },
    Binding {
        keys: "v",
        hint: "variable",
        help: "set a variable (handle, summary, ...) used by templates",
        action: Action::SetVar,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('v')),
    },
    Binding {
        keys: "a",
        hint: "approve",
        help: "approve (approval steps); asks who approved if you are not in the approving role",
        action: Action::Approve,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('a')),
    },
    Binding {
        keys: "r",
        hint: "reject",
        help: "reject (approval steps), with a reason",
        action: Action::Reject,
        in_bar: false,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('r')),
    },
    Binding {
        keys: "b",
        hint: "back",
        help: "go back one step (logged; the path is kept)",
        action: Action::Back,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('b')),
    },
    Binding {
        keys: "c",
        hint: "close",
        help: "close the incident with an outcome",
        action: Action::Close,
        in_bar: false,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('c')),
    },
    Binding {
        keys: "Tab",
        hint: "focus",
        help: "move focus between the step and the log",
        action: Action::Focus,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Tab | KeyCode::BackTab),
    },
    Binding {
        keys: "PgUp/PgDn",
        hint: "scroll log",
        help: "scroll the incident log (End follows the tail again)",
        action: Action::PageUp,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::PageUp),
    },
    Binding {
        keys: "PgDn",
        hint: "",
        help: "scroll the log down",
        action: Action::PageDown,
        in_bar: false,
        drill: false,
        pending: false,
        matches: key!(KeyCode::PageDown | KeyCode::End),
    },
    Binding {
        keys: "?",
        hint: "help",
        help: "this help",
        action: Action::Help,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('?') | KeyCode::F(1)),
    },
    Binding {
        keys: "q",
        hint: "quit",
        help: "quit (asks first; the log is already complete)",
        action: Action::Quit,
        in_bar: true,
        drill: false,
        pending: false,
        matches: key!(KeyCode::Char('q')),
    },
    Binding {
        keys: "o",
        hint: "ack",
        help: "acknowledge the oldest inject that asks for it (drills)",
        action: Action::Acknowledge,
        in_bar: true,
        drill: true,
        pending: false,
        matches: key!(KeyCode::Char('o')),
    },
    Binding {
        keys: "z",
        hint: "pause",
        help: "facilitator: pause or resume the drill clock (drills)",
        action: Action::Pause,
        in_bar: true,
        drill: true,
        pending: false,
        matches: key!(KeyCode::Char('z')),
    },
    Binding {
        keys: "t",
        hint: "retry log",
        help: "the log could not be written: try writing the PENDING events now (also tried on every action and every second)",
        action: Action::Retry,
        in_bar: true,
        drill: false,
        pending: true,
        matches: key!(KeyCode::Char('t')),
    },
    Binding {
        keys: "w",
        hint: "write pending elsewhere",
        help: "the log could not be written: write the PENDING events to another file (chained, ready to append to the log)",
        action: Action::ExportPending,
        in_bar: true,
        drill: false,
        pending: true,
        matches: key!(KeyCode::Char('w')),
    },
];

/// The binding for a key on the main screen (drill keys only in drills, the pending-event
/// keys only while events are pending).
pub fn lookup(k: &KeyEvent, drill: bool, pending: bool) -> Option<&'static Binding> {
    MAIN.iter()
        .find(|b| (b.matches)(k) && (drill || !b.drill) && (pending || !b.pending))
}

/// Keys of the draft composer, for the help screen and its own hint line.
pub const COMPOSER: &[(&str, &str)] = &[
    ("Ctrl+S", "save as draft (logged with the full text)"),
    ("Ctrl+P", "save and mark as posted (privacy check first)"),
    (
        "Ctrl+T",
        "split into a numbered thread (when over the limit) and save each part",
    ),
    (
        "Ctrl+Y",
        "copy to the clipboard (OSC 52: works over SSH and in tmux)",
    ),
    ("Ctrl+E", "edit in $EDITOR"),
    (
        "Esc",
        "close the composer (the text is kept until you open it again)",
    ),
];
