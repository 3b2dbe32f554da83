//! The real terminal: setting it up and restoring it on every exit path (quit, error, panic,
//! SIGTERM/SIGHUP), the input source the run loop reads (standard input, waited on with
//! `poll(2)` so a hang-up is seen), and $EDITOR, which needs the terminal to itself.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;

use super::run_loop::{InputEvent, InputSource, Waited};

/// What waiting on the terminal found.
pub(crate) enum Polled {
    Ready,
    Timeout,
    HangUp,
}

/// Waits up to `timeout` for the terminal (standard input) to have input. A signal (resize,
/// SIGTERM, SIGHUP) ends the wait early, as `poll(2)` is never restarted after a handler.
pub(crate) fn wait_for_input(timeout: Duration) -> Polled {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let ts = Timespec {
        tv_sec: timeout.as_secs() as _,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    match rustix::event::poll(&mut fds, Some(&ts)) {
        Ok(0) => Polled::Timeout,
        Ok(_) => {
            let r = fds[0].revents();
            if r.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Polled::HangUp
            } else {
                Polled::Ready
            }
        }
        // Interrupted by a signal: let the loop look at its flags and crossterm's queue.
        Err(_) => Polled::Timeout,
    }
}

pub(crate) fn enable_extras() {
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
}

pub(crate) fn disable_extras() {
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

/// Writes `text` to a private temporary file, runs $VISUAL/$EDITOR on it, reads it back.
pub(crate) fn edit_in_editor(text: &str) -> Result<String, String> {
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

/// The terminal as the run loop's input: keys (presses only), pastes and resizes.
pub struct TermInput;

impl InputSource for TermInput {
    fn wait(&mut self, timeout: Duration) -> std::io::Result<Waited> {
        // Wait on the terminal ourselves: crossterm 0.29 spins forever inside `poll` once the
        // terminal hangs up (a read of 0 bytes is retried), so a hang-up is caught here first.
        if let Polled::HangUp = wait_for_input(timeout) {
            return Ok(Waited::HangUp);
        }
        // Take whatever crossterm has (keys, pastes, resizes) without blocking.
        let mut out = Vec::new();
        while event::poll(Duration::ZERO)? {
            match event::read()? {
                TermEvent::Key(k) if k.kind == KeyEventKind::Press => out.push(InputEvent::Key(k)),
                TermEvent::Paste(s) => out.push(InputEvent::Paste(s)),
                TermEvent::Resize(..) => out.push(InputEvent::Resize),
                _ => {}
            }
        }
        Ok(Waited::Events(out))
    }
}
