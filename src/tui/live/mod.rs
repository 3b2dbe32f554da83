//! The live screen (`warroom run`, `resume`, `drill`): the model ([`App`], `model`), what keys
//! and the clock do (`update`, `keys`, `drafts`), drawing (`view` and its panes), the Feed
//! pane (`feed`), and running it on the terminal (`run`). Its popups are in `tui::popup`.

pub mod drafts;
mod drill_pane;
pub mod feed;
#[allow(dead_code)] // the feed pane switches over to it (src/tui/live/drill_pane.rs)
pub(crate) mod feed_item;
pub mod keys;
mod log_pane;
pub mod model;
mod notice;
pub mod run;
mod step_pane;
pub mod update;
pub mod view;

use ratatui::Frame;

pub use model::App;

/// Lays the frame out (what was typed, scrolls within their end, the log's page), then draws
/// the screen: what the run loop does for every frame.
pub fn draw(app: &mut App, f: &mut Frame) {
    app.prepare(f.area());
    view::view(app, f);
}
