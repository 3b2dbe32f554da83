//! Helpers shared by the integration tests: the binary, the repo root, a fixed clock, and a
//! ready-made script through each playbook the tests run.

#![allow(dead_code)]

pub mod netns;
pub mod pg;
pub mod tmux;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use warroom::engine::Session;
use warroom::playbook::load_playbook;

/// The fixed start time every headless run in the tests uses.
pub const NOW: &str = "2026-11-21T09:00:00+09:00";

pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `warroom` binary, run from the repository root, without colour.
pub fn bin() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_warroom"));
    c.current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("WARROOM_OPERATOR");
    c
}

/// A plain `std::process::Command` for the binary (for piping into other programs).
pub fn std_bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"));
    c.current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("WARROOM_OPERATOR");
    c
}

/// The minimal example playbook, relative to the repo root.
pub const MINIMAL: &str = "docs/examples/minimal.ron";
/// The shipped default playbook, relative to the repo root.
pub const CEO: &str = "playbooks/ceo-twitter-complaint.ron";

/// A script through the minimal example to its CS hand-off end, with a wait and a breach.
pub const MINIMAL_SCRIPT: &str = r#"# Through the minimal example to the CS hand-off.
tick tone
wait 2m
choose r
set handle @kim
set summary "late delivery"
note "Customer is a regular; 12 retweets"
draft
wait 12m
choose approve
approve --by "Kim CEO"
post
wait 1m
choose closed-cs
close
"#;

/// A script through the CEO-Twitter playbook: classify (late: a breach), map, verify,
/// acknowledge, CEO approval, post, route to CS, close at the CS end step.
pub const CEO_SCRIPT: &str = r#"# A constructive complaint, handed off to CS.
tick captured
wait 4m
tick reach
note "Relayed by a journalist; 40 retweets"
wait 7m
tick tone-classified
choose c
set handle @minji_k
set summary "the double charge on your order"
tick raiser
tick sympathisers
tick points-listed
tick complaint-type
choose v
tick expert-consulted
tick facts-reverified
tick legal-check
wait 5m
choose a
tick problem-named
tick intent
draft --template ack
choose a
tick read-all
tick promises-ok
approve --by "Daniel Cho"
post
tick posted-by-ceo
choose c
tick context-passed
tick customer-contacted
choose c
close "CS owns the refund"
"#;

/// Runs `warroom run PLAYBOOK --script SCRIPT --now NOW --log LOG --operator tester`.
pub fn run_script(dir: &Path, playbook: &str, script: &str, log: &Path) -> std::process::Output {
    let script_path = dir.join(format!(
        "script-{}.txt",
        log.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&script_path, script).unwrap();
    bin()
        .args(["run", playbook, "--script"])
        .arg(&script_path)
        .args(["--now", NOW, "--operator", "tester", "--log"])
        .arg(log)
        .output()
        .unwrap()
}

/// Like `run_script`, asserting success.
pub fn run_ok(dir: &Path, playbook: &str, script: &str, log: &Path) {
    let out = run_script(dir, playbook, script, log);
    assert!(
        out.status.success(),
        "warroom run failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Replays a log onto a playbook (relative to the repo root).
pub fn replay(playbook: &str, log: &Path) -> Session {
    let loaded = load_playbook(&repo().join(playbook)).unwrap();
    let read = warroom::log::read_log(log).unwrap();
    assert!(read.problem.is_none(), "{:?}", read.problem);
    Session::replay(Arc::new(loaded.playbook), &read.events)
}

/// A log's lines as JSON values, in order.
pub fn log_events(log: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Runs `warroom ARGS LOG`, asserting success; returns its standard output.
pub fn stdout_of(args: &[&str], log: &Path) -> String {
    let out = bin().args(args).arg(log).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn path_str(p: &Path) -> String {
    p.display().to_string()
}

pub fn join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// Draws the app on a `w`×`h` TestBackend and returns the screen as text, one line per row;
/// a two-column character covers the next cell, which is skipped as a terminal would.
pub fn render_screen(app: &mut warroom::tui::live::App, w: u16, h: u16) -> String {
    render_with(w, h, |f| warroom::tui::live::draw(app, f))
}

/// Draws with `draw` on a `w`×`h` TestBackend and returns the screen as text (as
/// [`render_screen`]).
pub fn render_with(w: u16, h: u16, draw: impl FnOnce(&mut ratatui::Frame)) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(draw).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}
