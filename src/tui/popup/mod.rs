//! The live screen's popups, one file each, every one a [`crate::tui::component::Component`]
//! over the screen's `App`: it owns its state, its keys (a table in its file, from which its
//! footer, the hint bar and the `?` help come), and its drawing.

pub mod approve;
pub mod composer;
pub mod confirm;
pub mod drafts;
pub mod force;
pub mod help;
pub mod input;
pub mod message;
pub mod pickers;

use ratatui::crossterm::event::KeyEvent;

use super::keymap::{self, Binding};
use super::lang::Lang;
use super::widgets::Hint;

/// The action `table` binds to `k`, if any.
pub(crate) fn action<A: Copy>(table: &'static [Binding<A>], k: &KeyEvent) -> Option<A> {
    keymap::lookup(table, k, |_| true).map(|b| b.action)
}

/// The hints of a popup's table.
pub(crate) fn hints<A>(table: &[Binding<A>], lang: Lang) -> Vec<Hint> {
    keymap::hints(table, lang)
}

/// Moves a list cursor one up or down within `len` rows.
pub(crate) fn step(cursor: usize, down: bool, len: usize) -> usize {
    if down {
        (cursor + 1).min(len.saturating_sub(1))
    } else {
        cursor.saturating_sub(1)
    }
}
