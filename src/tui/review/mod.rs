//! The review screen (`warroom review LOG`): a scrollable timeline with the date and time on
//! every row, a kind filter (`f`), a search (`/`, `n`, `N`), a detail pane, the time in each
//! step and the deadlines (Tab), and one write: "add a review note" (`a`), appended to the log
//! as an event of its own, written before the screen shows it.
//!
//! `model` holds the state, `update` the keys, `keys` the table they come from, `view` and
//! `detail` draw it; it runs on the same run loop as the live screen.

pub mod detail;
pub mod finding;
mod keys;
pub mod model;
pub mod update;
pub mod view;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use crate::clock::SystemClock;
use crate::engine::Actor;
use crate::tui::run_loop::{self, Control, Screen};
use crate::tui::terminal::{Guard, TermInput, install_handlers, need_terminal, start_terminal};
use crate::tui::theme::Theme;
pub use keys::{Action, Binding, KEYS, action_for};
pub use model::{Input, Purpose, ReviewApp, ReviewData, View};

/// Lays the frame out, then draws the screen (what the run loop does for every frame).
pub fn draw(app: &mut ReviewApp, f: &mut Frame) {
    app.layout(f.area());
    view::view(app, f);
}

impl Screen for ReviewApp {
    fn draw(&mut self, f: &mut Frame) {
        draw(self, f);
    }

    fn key(&mut self, k: KeyEvent) {
        ReviewApp::key(self, k);
    }

    fn paste(&mut self, text: &str) {
        ReviewApp::paste(self, text);
    }

    fn tick(&mut self, _now: DateTime<FixedOffset>) {
        ReviewApp::tick(self);
    }

    fn due_in(&self) -> Option<Duration> {
        None
    }

    fn control(&self) -> Control {
        if self.quit {
            Control::Quit
        } else {
            Control::Run
        }
    }
}

/// Runs the review screen until `q` or a signal. Returns the exit code.
pub fn run_review(path: &Path, data: ReviewData, actor: Actor) -> i32 {
    if !need_terminal() {
        return 2;
    }
    let stop = install_handlers();
    let mut app = ReviewApp::new(path, data, actor, Theme::from_env());
    let result = {
        let _guard = Guard;
        let mut term = start_terminal();
        run_loop::run(&mut term, &mut app, &mut TermInput, &SystemClock, &stop)
    };
    match result {
        Ok(_) => 0,
        Err(e) => {
            eprintln!("warroom review: terminal error: {e}");
            1
        }
    }
}
