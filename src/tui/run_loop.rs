//! The one run loop, for every screen (live incident, drill, review): generic over the
//! [`Screen`], over ratatui's `Backend` and over where input comes from, with the clock
//! injected — so the real terminal and the tests (a `TestBackend`, scripted keys, a manual
//! clock) run the same loop. No busy polling: it waits for input or the next whole second of
//! the clock (visible clocks tick once a second), or sooner when the screen asks; it redraws
//! only after a change.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Timelike};
use ratatui::backend::Backend;
use ratatui::crossterm::event::KeyEvent;
use ratatui::{Frame, Terminal};

use crate::clock::Clock;

/// Why the loop returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The screen is done (it quit).
    Quit,
    /// SIGTERM/SIGHUP, or the terminal hung up.
    Signal,
    /// The screen has effects for the caller to run (they need the real terminal).
    Effects,
    /// The input source has nothing more (scripted input, in tests).
    InputEnded,
}

/// What the screen wants after a key or a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Run,
    Quit,
    Effects,
}

/// One thing from the input source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputEvent {
    Key(KeyEvent),
    Paste(String),
    Resize,
}

/// What waiting for input found.
#[derive(Debug)]
pub enum Waited {
    /// These events (possibly none: the wait timed out).
    Events(Vec<InputEvent>),
    /// The terminal hung up.
    HangUp,
    /// Nothing more will come (scripted input).
    Ended,
}

/// Where input comes from: the terminal (src/tui/terminal.rs) or a script.
pub trait InputSource {
    /// Waits at most `timeout` for input; returns what came.
    fn wait(&mut self, timeout: Duration) -> std::io::Result<Waited>;
}

/// A screen the loop runs.
pub trait Screen {
    /// Draws a frame (laying out first what depends on the frame's size).
    fn draw(&mut self, f: &mut Frame);
    fn key(&mut self, k: KeyEvent);
    fn paste(&mut self, text: &str);
    /// The clock moved on (called once a second, and when [`Screen::due_in`] is zero).
    fn tick(&mut self, now: DateTime<FixedOffset>);
    /// Work between keys (reading a feed); true when the screen changed.
    fn poll(&mut self) -> bool {
        false
    }
    /// How soon the screen needs a tick or a poll, if sooner than the next second.
    fn due_in(&self) -> Option<Duration> {
        None
    }
    fn control(&self) -> Control;
}

/// Runs `screen` on `term` until it quits, has effects, the input ends or `stop` is set.
pub fn run<B: Backend, S: Screen + ?Sized>(
    term: &mut Terminal<B>,
    screen: &mut S,
    input: &mut dyn InputSource,
    clock: &dyn Clock,
    stop: &AtomicBool,
) -> std::io::Result<Exit>
where
    B::Error: Send + Sync + 'static,
{
    let mut dirty = true;
    let mut last_tick = clock.now();
    loop {
        if dirty {
            term.draw(|f| screen.draw(f))
                .map_err(std::io::Error::other)?;
            dirty = false;
        }
        match screen.control() {
            Control::Quit => return Ok(Exit::Quit),
            Control::Effects => return Ok(Exit::Effects),
            Control::Run => {}
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(Exit::Signal);
        }
        // Until the next whole second of the clock, or sooner when the screen asks.
        let sub = clock.now().nanosecond().min(999_999_999) / 1_000_000;
        let mut wait = Duration::from_millis(u64::from(1000u32.saturating_sub(sub)).clamp(5, 1000));
        if let Some(d) = screen.due_in() {
            wait = wait.min(d.max(Duration::from_millis(5)));
        }
        match input.wait(wait)? {
            Waited::HangUp => return Ok(Exit::Signal),
            Waited::Ended => return Ok(Exit::InputEnded),
            Waited::Events(evs) => {
                for ev in evs {
                    match ev {
                        InputEvent::Key(k) => screen.key(k),
                        InputEvent::Paste(s) => screen.paste(&s),
                        InputEvent::Resize => {}
                    }
                    dirty = true;
                    if screen.control() != Control::Run {
                        break;
                    }
                }
            }
        }
        if screen.control() != Control::Run {
            continue;
        }
        dirty |= screen.poll();
        let now = clock.now();
        let due = screen.due_in().is_some_and(|d| d.is_zero());
        if (now - last_tick).num_milliseconds() >= 1000 || due {
            last_tick = now;
            screen.tick(now);
            dirty = true;
        }
    }
}

/// Scripted input for tests: each step is an event, or a pause that moves a clock on.
pub struct Script<'a> {
    steps: std::collections::VecDeque<Step>,
    /// Moves the clock when the script says so.
    advance: Box<dyn FnMut(Duration) + 'a>,
}

/// One step of a [`Script`].
#[derive(Debug, Clone)]
pub enum Step {
    Input(InputEvent),
    /// Let this much time pass (the clock moves; the loop ticks).
    Wait(Duration),
}

impl<'a> Script<'a> {
    /// A script of `steps`; `advance` moves the clock the loop and the screen read.
    pub fn new(steps: Vec<Step>, advance: impl FnMut(Duration) + 'a) -> Script<'a> {
        Script {
            steps: steps.into(),
            advance: Box::new(advance),
        }
    }
}

impl InputSource for Script<'_> {
    fn wait(&mut self, _timeout: Duration) -> std::io::Result<Waited> {
        match self.steps.pop_front() {
            None => Ok(Waited::Ended),
            Some(Step::Wait(d)) => {
                (self.advance)(d);
                Ok(Waited::Events(Vec::new()))
            }
            Some(Step::Input(ev)) => Ok(Waited::Events(vec![ev])),
        }
    }
}
