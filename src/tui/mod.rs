//! The terminal user interface — the only module that uses ratatui and crossterm.
//!
//! `app` is the model and update, `view` draws it, `keymap` is the one table keys, hints and
//! help come from. This file owns the terminal: set-up, restoring it on every exit path
//! (quit, error, panic, SIGTERM/SIGHUP), the event loop (no busy polling: it sleeps until the
//! next key or the next second), and effects that need the real terminal ($EDITOR, OSC 52).

pub mod app;
pub mod clipboard;
mod drafts_ui;
pub mod feed;
pub mod keymap;
pub mod lang;
mod popups;
pub mod review;
pub mod review_view;
pub mod theme;
pub mod view;

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Terminal};

use crate::clock::{Clock, SystemClock};
use crate::drill::DrillRun;
use crate::engine::Event;
use crate::incident::Incident;
use crate::text::neutralize;
pub use app::Notice;
use app::{App, Effect};
use theme::Theme;

/// Why the event loop returned.
pub enum Exit {
    Quit,
    Signal,
    Effects,
}

/// The event loop, generic over the backend. Redraws only after a change; waits for a key or
/// the next whole second (visible clocks tick once a second), never busy-polls.
pub fn event_loop<B: Backend>(
    term: &mut Terminal<B>,
    app: &mut App,
    stop: &AtomicBool,
) -> std::io::Result<Exit>
where
    B::Error: Send + Sync + 'static,
{
    let mut dirty = true;
    let mut last_sec = std::time::SystemTime::now();
    loop {
        if dirty {
            term.draw(|f| view::view(app, f))
                .map_err(std::io::Error::other)?;
            dirty = false;
        }
        if app.quit {
            return Ok(Exit::Quit);
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(Exit::Signal);
        }
        if !app.effects.is_empty() {
            return Ok(Exit::Effects);
        }
        // Sleep until the next whole second of wall time (visible clocks), or the next inject.
        let sub = last_sec.elapsed().map(|e| e.subsec_millis()).unwrap_or(0);
        let mut wait = Duration::from_millis(u64::from(1000u32.saturating_sub(sub)).clamp(5, 1000));
        if let Some(next) = app.drill.as_ref().and_then(|d| d.next_due_in()) {
            wait = wait.min(next.max(Duration::from_millis(5)));
        }
        if feed::busy(app) {
            wait = Duration::from_millis(5);
        }
        // Wait on the terminal ourselves: crossterm 0.29 spins forever inside `poll` once the
        // terminal hangs up (a read of 0 bytes is retried), so a hang-up is caught here first.
        match wait_for_input(wait) {
            Input::HangUp => return Ok(Exit::Signal),
            Input::Timeout => {}
            Input::Ready => {}
        }
        // Take whatever crossterm has (keys, pastes, resizes) without blocking.
        while event::poll(Duration::ZERO)? {
            app.now = app.clock_now();
            match event::read()? {
                TermEvent::Key(k) if k.kind == KeyEventKind::Press => app.key(k),
                TermEvent::Paste(s) => app.paste(&s),
                TermEvent::Resize(..) => {}
                _ => continue,
            }
            dirty = true;
            if app.quit || !app.effects.is_empty() {
                break;
            }
        }
        if feed::poll(app) {
            dirty = true;
        }
        let due = app
            .drill
            .as_ref()
            .and_then(|d| d.next_due_in())
            .is_some_and(|n| n.is_zero());
        if last_sec.elapsed().is_ok_and(|e| e.as_secs() >= 1) || due {
            last_sec = std::time::SystemTime::now();
            let now = app.clock_now();
            app.tick(now);
            dirty = true;
        }
    }
}

/// What waiting on the terminal found.
pub(crate) enum Input {
    Ready,
    Timeout,
    HangUp,
}

/// Waits up to `timeout` for the terminal (standard input) to have input. A signal (resize,
/// SIGTERM, SIGHUP) ends the wait early, as `poll(2)` is never restarted after a handler.
pub(crate) fn wait_for_input(timeout: Duration) -> Input {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let ts = Timespec {
        tv_sec: timeout.as_secs() as _,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    match rustix::event::poll(&mut fds, Some(&ts)) {
        Ok(0) => Input::Timeout,
        Ok(_) => {
            let r = fds[0].revents();
            if r.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Input::HangUp
            } else {
                Input::Ready
            }
        }
        // Interrupted by a signal: let the loop look at its flags and crossterm's queue.
        Err(_) => Input::Timeout,
    }
}

fn enable_extras() {
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
}

fn disable_extras() {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
}

/// Restores the terminal when dropped: on return, on error and while unwinding.
pub(crate) struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        disable_extras();
        ratatui::restore();
    }
}

pub(crate) fn start_terminal() -> DefaultTerminal {
    let mut term = ratatui::init();
    enable_extras();
    // Start from a blank screen: nothing left from the shell (or a killed session) shows.
    let _ = term.clear();
    term
}

/// Installs a panic hook that also undoes bracketed paste (ratatui's own hook restores raw
/// mode and the alternate screen), and flags for SIGTERM/SIGHUP.
pub(crate) fn install_handlers() -> Arc<AtomicBool> {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_extras();
        ratatui::restore();
        prev(info);
    }));
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
    }
    // Safety net: if the loop has not ended two seconds after SIGTERM/SIGHUP (stuck inside a
    // library on a dead terminal), restore what can be restored and exit. Every event is
    // fsync'd when recorded, so nothing acknowledged is lost; a write cut in half would leave a
    // torn last line, which `warroom resume` repairs.
    let watched = Arc::clone(&stop);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            if watched.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(2));
                disable_extras();
                ratatui::restore();
                std::process::exit(128 + 1);
            }
        }
    });
    stop
}

pub fn need_terminal() -> bool {
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        return true;
    }
    eprintln!("warroom: the live screen needs a terminal; for a run without one use --script FILE");
    false
}

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
    pub feed: Option<feed::FeedPane>,
}

/// Runs the screen over an open incident until quit or signal. Returns the exit code.
pub fn run_screen(opened: Opened) -> i32 {
    let Opened {
        inc,
        history,
        notice,
        drill,
        feed,
    } = opened;
    let stop = install_handlers();
    let mut app = App::new(inc, &history, SystemClock.now(), Theme::from_env());
    app.drill = drill;
    app.feed = feed;
    app.now = app.clock_now();
    // A notification: shown until Esc, never taking a key meant for the screen.
    app.notice = notice;
    if std::env::var_os("WARROOM_TEST_PANIC").is_some() {
        // For the terminal-restore test: a panic after the screen is up.
        let _guard = Guard;
        let mut term = start_terminal();
        let _ = term.draw(|f| view::view(&mut app, f));
        panic!("WARROOM_TEST_PANIC: deliberate panic to test terminal restore");
    }
    let result = {
        let _guard = Guard;
        let mut term = start_terminal();
        loop {
            match event_loop(&mut term, &mut app, &stop) {
                Ok(Exit::Effects) => {
                    for eff in std::mem::take(&mut app.effects) {
                        match eff {
                            Effect::Copy(text) => {
                                let r = clipboard::copy(&text);
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
                                term = start_terminal();
                                let _ = term.clear();
                                match edited {
                                    Ok(t) => app.reopen_composer(t, channel, editing),
                                    Err(e) => {
                                        app.reopen_composer(text, channel, editing);
                                        app.layers.push(app::Layer::Message {
                                            title: "$EDITOR".into(),
                                            text: e,
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
                other => break other,
            }
        }
    };
    let path = app.inc.log_path().display().to_string();
    if !app.inc.pending().is_empty() {
        // A last try; what still cannot be written is printed, never silently dropped.
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
    let n = app.inc.session.seq;
    match result {
        Ok(exit) => {
            if matches!(exit, Exit::Signal) {
                eprintln!("warroom: stopped by a signal.");
            }
            println!("Log complete: {n} events in {path}");
            if let Some(d) = &app.drill {
                let card = d.score(&app.inc);
                println!(
                    "Drill score: {:.1} of {} ({:.0}%). After-action report: warroom report {path}",
                    card.points,
                    card.max,
                    card.percent()
                );
            } else if app.inc.session.closed.is_none() {
                println!(
                    "The incident is still open. Continue with: warroom resume {path}{}",
                    app.resume_args
                );
            }
            0
        }
        Err(e) => {
            eprintln!("warroom: terminal error: {e}");
            eprintln!(
                "Log complete: {n} events in {path}. Continue with: warroom resume {path}{}",
                app.resume_args
            );
            1
        }
    }
}

/// Writes `text` to a private temporary file, runs $VISUAL/$EDITOR on it, reads it back.
fn edit_in_editor(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let mut parts = editor.split_whitespace();
    let Some(prog) = parts.next() else {
        return Err("$EDITOR is empty".into());
    };
    let path = std::env::temp_dir().join(format!(
        "warroom-draft-{}-{}.txt",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let write = o.open(&path).and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = write {
        return Err(format!("cannot write a temporary file: {e}"));
    }
    let status = std::process::Command::new(prog)
        .args(parts)
        .arg(&path)
        .status();
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path)
            .map(|t| t.trim_end_matches('\n').to_string())
            .map_err(|e| format!("cannot read the edited draft: {e}")),
        Ok(s) => Err(format!("{editor} exited with {s}; the draft is unchanged")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    };
    let _ = std::fs::remove_file(&path);
    result
}
