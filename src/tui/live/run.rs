//! Running the live screen: the [`Screen`] the run loop drives, the effects that need the
//! real terminal ($EDITOR, the clipboard, a redraw), and what is printed when it ends.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::KeyEvent;
use ratatui::{DefaultTerminal, Frame};

use super::App;
use super::model::{Effect, Notice};
use crate::clock::{Clock, SystemClock};
use crate::drill::DrillRun;
use crate::engine::Event;
use crate::incident::Incident;
use crate::text::neutralize;
use crate::tui::popup::message::Message;
use crate::tui::run_loop::{self, Control, Exit, Screen};
use crate::tui::terminal::{
    Guard, TermInput, disable_extras, edit_in_editor, install_handlers, start_terminal,
};
use crate::tui::theme::Theme;

impl Screen for App {
    fn draw(&mut self, f: &mut Frame) {
        super::draw(self, f);
    }

    fn key(&mut self, k: KeyEvent) {
        self.now = self.clock_now();
        App::key(self, k);
    }

    fn paste(&mut self, text: &str) {
        self.now = self.clock_now();
        App::paste(self, text);
    }

    fn tick(&mut self, _now: DateTime<FixedOffset>) {
        let now = self.clock_now();
        App::tick(self, now);
    }

    fn poll(&mut self) -> bool {
        let feed = super::feed::poll(self);
        self.sync_others() || feed
    }

    fn due_in(&self) -> Option<Duration> {
        if super::feed::busy(self) {
            return Some(Duration::from_millis(5));
        }
        // Other seats' events show within a fifth of a second.
        let others = Duration::from_millis(OTHERS_POLL_MS);
        Some(
            self.drill
                .as_ref()
                .and_then(|d| d.next_due_in())
                .map_or(others, |d| d.min(others)),
        )
    }

    fn control(&self) -> Control {
        if self.quit {
            Control::Quit
        } else if !self.effects.is_empty() {
            Control::Effects
        } else {
            Control::Run
        }
    }
}

/// How often the screen looks for other seats' events, in milliseconds.
const OTHERS_POLL_MS: u64 = 200;

/// What the live screen starts from: an open incident and what goes with it.
pub struct Opened {
    pub inc: Incident,
    /// The events already in the log (the log pane starts with them).
    pub history: Vec<Event>,
    /// A notification to show first (the briefing, a repaired log).
    pub notice: Option<Notice>,
    /// The drill being run, if any.
    pub drill: Option<DrillRun>,
    /// The mention feed to follow, if any.
    pub feed: Option<super::feed::FeedPane>,
    /// Records `left` when the screen ends (quit, or a signal): every seat of an incident
    /// (`run`, `resume`, `join`), so that presence stops counting it; not a drill's.
    pub leave_on_quit: bool,
    /// A seat that joined (`warroom join`): the quit dialog says to `join` again, not `resume`.
    pub joined: bool,
}

/// The screen's model for `opened`, on the system clock.
fn app_for(opened: Opened) -> App {
    let mut app = App::new(
        opened.inc,
        &opened.history,
        SystemClock.now(),
        Theme::from_env(),
    );
    app.drill = opened.drill;
    app.feed = opened.feed;
    if opened.joined {
        app.continue_verb = "join";
    }
    app.now = app.clock_now();
    // A notification: shown until Esc, never taking a key meant for the screen.
    app.notice = opened.notice;
    app
}

/// Runs the effects the screen asked for (they need the real terminal).
fn run_effects(app: &mut App, term: &mut DefaultTerminal) {
    for eff in std::mem::take(&mut app.effects) {
        match eff {
            Effect::Copy(text) => {
                let r = crate::tui::clipboard::copy(&text);
                app.copied(r);
            }
            Effect::Redraw => {
                let _ = term.clear();
            }
            Effect::Editor {
                text,
                channel,
                editing,
                ..
            } => {
                disable_extras();
                ratatui::restore();
                let edited = edit_in_editor(&text);
                *term = start_terminal();
                let _ = term.clear();
                match edited {
                    Ok(t) => app.reopen_composer(t, channel, editing),
                    Err(e) => {
                        app.reopen_composer(text, channel, editing);
                        app.layers.push(Message {
                            title: "$EDITOR".into(),
                            text: e,
                        });
                    }
                }
            }
        }
    }
}

/// Runs the screen over an open incident until quit or signal. Returns the exit code.
pub fn run_screen(opened: Opened) -> i32 {
    let stop = install_handlers();
    let leave_on_quit = opened.leave_on_quit;
    let mut app = app_for(opened);
    if std::env::var_os("WARROOM_TEST_PANIC").is_some() {
        // For the terminal-restore test: a panic after the screen is up.
        let _guard = Guard;
        let mut term = start_terminal();
        let _ = term.draw(|f| super::draw(&mut app, f));
        panic!("WARROOM_TEST_PANIC: deliberate panic to test terminal restore");
    }
    let result = {
        let _guard = Guard;
        let mut term = start_terminal();
        let clock = SystemClock;
        loop {
            match run_loop::run(&mut term, &mut app, &mut TermInput, &clock, &stop) {
                Ok(Exit::Effects) => run_effects(&mut app, &mut term),
                other => break other,
            }
        }
    };
    if leave_on_quit {
        // Events still pending go first (a retry now), so that `left` is the seat's last.
        if !app.inc.pending().is_empty() {
            app.inc.retry();
        }
        if let Err(e) = app.inc.leave(app.clock_now()) {
            eprintln!(
                "warroom: the seat's `left` was not recorded: {}",
                neutralize(&e.to_string(), false)
            );
        }
    }
    flush_pending(&mut app);
    finish(&app, result)
}

/// A last try at writing pending events; what still cannot be written is printed, never
/// silently dropped.
fn flush_pending(app: &mut App) {
    let path = app.inc.log_path().display().to_string();
    if !app.inc.pending().is_empty() {
        let r = app.inc.retry();
        if let Some(e) = r.error {
            eprintln!(
                "warroom: {} event(s) could NOT be written to the log ({}). Here they are, exactly as they belong at the end of the log: save them to a file and, once the log can be written, run `warroom resume {path} --append-pending FILE` (it checks them against the log's chain; never append them by hand):",
                app.inc.pending().len(),
                neutralize(&e.to_string(), false)
            );
            for line in app.inc.pending_lines() {
                eprint!("{line}");
            }
        }
    }
}

/// What is printed when the screen ends: where the log is, the drill's score or how to go on.
fn finish(app: &App, result: std::io::Result<Exit>) -> i32 {
    let path = app.inc.log_path().display().to_string();
    let n = app.inc.session.seq;
    match result {
        Ok(exit) => {
            if matches!(exit, Exit::Signal) {
                eprintln!("warroom: stopped by a signal.");
            }
            println!("Log complete: {n} events in {path}");
            if let Some(d) = app.drill.as_ref().filter(|d| {
                // A player's seat in a drill someone else runs never sees the score.
                d.seat() == crate::drill::Seat::Host
                    || crate::engine::drill_state::is_facilitator(app.inc.actor.role.as_deref())
            }) {
                let card = d.score(&app.inc);
                println!(
                    "Drill score{}: {:.1} of {} ({:.0}%). After-action report: warroom report {path}",
                    if d.ended().is_some() { "" } else { " so far" },
                    card.points,
                    card.max,
                    card.percent()
                );
                if d.ended().is_none() && d.seat() == crate::drill::Seat::Host {
                    println!(
                        "The drill is not over. Continue it with: warroom resume {path}{}",
                        app.resume_args
                    );
                }
            } else if app.inc.session.closed.is_none() {
                println!(
                    "The incident is still open. Continue with: warroom {} {path}{}",
                    app.continue_verb, app.resume_args
                );
            }
            0
        }
        Err(e) => {
            eprintln!("warroom: terminal error: {e}");
            eprintln!(
                "Log complete: {n} events in {path}. Continue with: warroom {} {path}{}",
                app.continue_verb, app.resume_args
            );
            1
        }
    }
}
