//! Keymap tables: each screen and each popup has one table of [`Binding`]s from which its
//! keys are dispatched and its hint bar, footer and `?` help are generated, so they cannot
//! drift apart.

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use super::lang::{Lang, Msg};
use super::widgets::Hint;

/// One row of a keymap: a key, how it is shown in the hint bar and in help, and what it does.
pub struct Binding<A> {
    /// How the key is shown.
    pub keys: &'static str,
    /// Short word for the hint bar (`None`: a second key for an action listed elsewhere).
    pub hint: Option<Msg>,
    /// Sentence for the help screen.
    pub help: Msg,
    pub action: A,
    /// Shown in the hint bar (all with a hint are shown in help).
    pub in_bar: bool,
    /// Only in drills (shown and active only there).
    pub drill: bool,
    /// Only with a mention feed (`--feed`; shown and active only then).
    pub feed: bool,
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
        |k: &::ratatui::crossterm::event::KeyEvent| {
            $crate::tui::keymap::plain(k) && matches!(k.code, $($p)|+)
        }
    };
}

/// A matcher for Ctrl with this letter.
macro_rules! ctrl {
    ($c:literal) => {
        |k: &::ratatui::crossterm::event::KeyEvent| {
            k.modifiers
                .contains(::ratatui::crossterm::event::KeyModifiers::CONTROL)
                && k.code == ::ratatui::crossterm::event::KeyCode::Char($c)
        }
    };
}
pub(crate) use ctrl;

/// A matcher for any key (a popup that any key closes).
pub(crate) fn any(_: &KeyEvent) -> bool {
    true
}
pub(crate) use key;

/// A main-screen binding shown in the bar and in help.
pub const fn bind<A>(
    keys: &'static str,
    hint: Msg,
    help: Msg,
    action: A,
    matches: fn(&KeyEvent) -> bool,
) -> Binding<A> {
    Binding {
        keys,
        hint: Some(hint),
        help,
        action,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches,
    }
}

/// A second key for an action (neither in the bar nor listed again in help).
pub const fn also<A>(
    keys: &'static str,
    help: Msg,
    action: A,
    matches: fn(&KeyEvent) -> bool,
) -> Binding<A> {
    Binding {
        keys,
        hint: None,
        help,
        action,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches,
    }
}

/// The binding for a key in `table`, among those `active` admits.
pub fn lookup<A>(
    table: &'static [Binding<A>],
    k: &KeyEvent,
    active: impl Fn(&Binding<A>) -> bool,
) -> Option<&'static Binding<A>> {
    table.iter().find(|b| (b.matches)(k) && active(b))
}

/// The hints of `table` that go in a bar or footer (key and word), in `lang`.
pub fn hints<A>(table: &[Binding<A>], lang: Lang) -> Vec<Hint> {
    table
        .iter()
        .filter(|b| b.in_bar)
        .filter_map(|b| Some((b.keys, b.hint?.get(lang))))
        .collect()
}

/// The help rows of `table` (key and sentence), each key once, in `lang`.
pub fn help_rows<A>(table: &[Binding<A>], lang: Lang) -> Vec<(&'static str, &'static str)> {
    table
        .iter()
        .filter(|b| b.hint.is_some())
        .map(|b| (b.keys, b.help.get(lang)))
        .collect()
}
