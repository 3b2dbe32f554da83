//! Running the controller screen on the real terminal: the [`Screen`] the one run loop drives
//! (it polls the other seats every 200 ms and wakes when an inject falls due), and what is
//! printed when it ends (each team's log and score; events that could not be written).

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::Controller;
use super::model::Team;
use crate::clock::SystemClock;
use crate::text::neutralize;
use crate::tui::run_loop::{self, Control, Exit, Screen};
use crate::tui::terminal::{Guard, TermInput, install_handlers, start_terminal};
use crate::tui::theme::Theme;

/// How often the screen looks for the other seats' events, in milliseconds.
const OTHERS_POLL_MS: u64 = 200;

impl Screen for Controller {
    fn draw(&mut self, f: &mut Frame) {
        super::draw(self, f);
    }

    fn key(&mut self, k: KeyEvent) {
        Controller::key(self, k);
    }

    fn paste(&mut self, text: &str) {
        Controller::paste(self, text);
    }

    fn tick(&mut self, _now: DateTime<FixedOffset>) {
        Controller::tick(self);
    }

    fn poll(&mut self) -> bool {
        self.poll_others()
    }

    fn due_in(&self) -> Option<Duration> {
        let others = Duration::from_millis(OTHERS_POLL_MS);
        let next = self.teams.iter().filter_map(|t| t.run.next_due_in()).min();
        Some(next.map_or(others, |d| d.min(others)))
    }

    fn control(&self) -> Control {
        if self.quit {
            Control::Quit
        } else {
            Control::Run
        }
    }
}

/// What the controller screen starts from: each team's open drill.
pub struct ControllerOpened {
    pub teams: Vec<Team>,
    pub exercise: Option<String>,
}

/// Runs the controller screen until the drill is ended (or a signal). Returns the exit code.
pub fn run_controller(opened: ControllerOpened) -> i32 {
    let stop = install_handlers();
    let mut c = Controller::new(opened.teams, opened.exercise, Theme::from_env());
    let result = {
        let _guard = Guard;
        let mut term = start_terminal();
        run_loop::run(&mut term, &mut c, &mut TermInput, &SystemClock, &stop)
    };
    let mut code = 0;
    match &result {
        Ok(Exit::Signal) => eprintln!("warroom: stopped by a signal."),
        Ok(_) => {}
        Err(e) => {
            eprintln!("warroom: terminal error: {e}");
            code = 1;
        }
    }
    for t in &mut c.teams {
        code = code.max(finish(t, result.is_ok()));
    }
    code
}

/// A last try at writing the team's pending events (printed when that fails too), then where
/// its log is and its score.
fn finish(t: &mut Team, ended_well: bool) -> i32 {
    let path = t.inc.log_path().display().to_string();
    let mut code = 0;
    if !t.inc.pending().is_empty()
        && let Some(e) = t.inc.retry().error
    {
        eprintln!(
            "warroom: {} event(s) could NOT be written to {path} ({}). Here they are, exactly as they belong at the end of the log; once it can be written, run `warroom resume {path} --append-pending FILE`:",
            t.inc.pending().len(),
            neutralize(&e.to_string(), false)
        );
        for line in t.inc.pending_lines() {
            eprint!("{line}");
        }
        code = 1;
    }
    let card = t.run.score(&t.inc);
    let who = t
        .name
        .as_deref()
        .map(|n| format!("{}: ", neutralize(n, false)));
    println!(
        "{}Log complete: {} events in {path}",
        who.as_deref().unwrap_or(""),
        t.inc.session.seq
    );
    println!(
        "{}Drill score: {}. After-action report: warroom report {path}",
        who.as_deref().unwrap_or(""),
        super::panes::score_text(&card)
    );
    if ended_well && t.run.ended().is_none() {
        println!("The drill has not ended; go on with: warroom resume {path}");
    }
    code
}
