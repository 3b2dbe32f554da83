//! The controller seat's screen (`warroom drill SCENARIO --controller`): the facilitator's
//! dashboard. It shows the clock, the injects still to come, the expectations and the running
//! score, the seats present and the recent log, for one team or several side by side, and its
//! keys start, pause and speed the clock, release, skip or write injects and note things.
//! Every rule (who may do what, what a seat may see) is the library's (`crate::drill`); this
//! screen asks and shows. Its own words are English for now (the key table carries Korean too;
//! `keys::hints` takes the language); the scenario's text is shown as written.
//!
//! A map: `model` (the [`Controller`] and its teams), `keys` (the key table: dispatch, hint
//! bar and help), `update` (what the keys and the clock do), `view` and `panes` (drawing),
//! `popups` (confirm, note, ad-hoc inject, help), `run` (the real terminal).

pub mod keys;
pub mod model;
mod panes;
pub mod popups;
pub mod run;
pub mod update;
mod view;

use ratatui::Frame;

pub use model::{Controller, Team};
pub use run::{ControllerOpened, run_controller};

/// Lays the frame out (what was typed into a popup) and draws the screen.
pub fn draw(c: &mut Controller, f: &mut Frame) {
    c.size = f.area();
    crate::tui::component::layout_top(c, |c| &mut c.layers, f.area());
    view::view(c, f);
}
