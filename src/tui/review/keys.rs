//! The review screen's keymap, as in less and vim: the table drives dispatch, the hint bar and
//! the help popup.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::keymap::{key, plain};

/// What a key does on the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Filter,
    Search,
    Next,
    Previous,
    View,
    Note,
    /// Mark the selected note as a finding of the improvement plan.
    Finding,
    Help,
    Quit,
}

/// One row of the review keymap.
pub type Binding = crate::tui::keymap::Binding<Action>;

/// The review keymap, as in less and vim.
/// The review screen speaks English only (its words are not in the live screen's table yet).
const fn english(s: &'static str) -> crate::tui::lang::Msg {
    crate::tui::lang::Msg { en: s, ko: s }
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: "↑↓/jk",
        hint: Some(english("move")),
        help: english("move through the timeline (or scroll the steps and deadlines)"),
        action: Action::Down,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Down | KeyCode::Char('j')),
    },
    Binding {
        keys: "↑/k",
        hint: None,
        help: english("move up"),
        action: Action::Up,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Up | KeyCode::Char('k')),
    },
    Binding {
        keys: "PgUp/PgDn",
        hint: Some(english("page")),
        help: english("a page up or down (also Ctrl+B / Ctrl+F, space)"),
        action: Action::PageDown,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: |k| {
            (plain(k) && matches!(k.code, KeyCode::PageDown | KeyCode::Char(' ')))
                || (k.modifiers == KeyModifiers::CONTROL && k.code == KeyCode::Char('f'))
        },
    },
    Binding {
        keys: "PgUp",
        hint: None,
        help: english("a page up"),
        action: Action::PageUp,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: |k| {
            (plain(k) && k.code == KeyCode::PageUp)
                || (k.modifiers == KeyModifiers::CONTROL && k.code == KeyCode::Char('b'))
        },
    },
    Binding {
        keys: "g/G",
        hint: Some(english("top/end")),
        help: english("the first or the last event (also Home / End)"),
        action: Action::Top,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Home | KeyCode::Char('g')),
    },
    Binding {
        keys: "G",
        hint: None,
        help: english("the last event"),
        action: Action::Bottom,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::End | KeyCode::Char('G')),
    },
    Binding {
        keys: "f",
        hint: Some(english("filter")),
        help: english(
            "cycle the kind filter: all, decisions, checklist, notes, drafts & posts, approvals, injects, deadline breaches, amendments",
        ),
        action: Action::Filter,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('f')),
    },
    Binding {
        keys: "/",
        hint: Some(english("search")),
        help: english("search the events' text (case-insensitive)"),
        action: Action::Search,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('/')),
    },
    Binding {
        keys: "n/N",
        hint: Some(english("next/prev")),
        help: english("the next or previous match of the search"),
        action: Action::Next,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('n')),
    },
    Binding {
        keys: "N",
        hint: None,
        help: english("the previous match"),
        action: Action::Previous,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('N')),
    },
    Binding {
        keys: "Tab",
        hint: Some(english("steps/deadlines")),
        help: english("switch between the timeline, the time in each step and the deadlines"),
        action: Action::View,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Tab),
    },
    Binding {
        keys: "a",
        hint: Some(english("add review note")),
        help: english(
            "add a review note: appended to the log as an event of its own (the only change review makes)",
        ),
        action: Action::Note,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('a')),
    },
    Binding {
        keys: "m",
        hint: None,
        help: english(
            "mark the selected note as a finding: asks the expectation or objective id, the corrective action, the owner and the due date",
        ),
        action: Action::Finding,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('m')),
    },
    Binding {
        keys: "?",
        hint: Some(english("help")),
        help: english("this help"),
        action: Action::Help,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('?')),
    },
    Binding {
        keys: "q",
        hint: Some(english("quit")),
        help: english("quit (Esc closes a box first)"),
        action: Action::Quit,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('q')),
    },
];

/// The action bound to a key, if any.
pub fn action_for(k: &KeyEvent) -> Option<Action> {
    KEYS.iter().find(|b| (b.matches)(k)).map(|b| b.action)
}
