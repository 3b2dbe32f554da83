//! The real binary in a real pseudo-terminal (tmux): it starts, draws, takes keys, quits, and
//! leaves the terminal in cooked mode — also after a panic; a SIGKILLed incident resumes on the
//! same step with the same checklist. tmux is required (CI installs it); these tests fail, not
//! skip, without it.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_warroom");

fn wait_file(p: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(p)
            && !s.is_empty()
        {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {}",
            p.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn assert_cooked(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(words.contains(&"icanon"), "not in canonical mode:\n{stty}");
    assert!(words.contains(&"echo"), "echo is off:\n{stty}");
}

#[test]
fn quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let t = Tmux::new("quit");
    t.start(
        80,
        24,
        &format!("cd {d} && {BIN} --operator kim --role comms; stty -a > {d}/stty.txt; sleep 30"),
    );
    let s = t.wait_for("T+00:00");
    assert!(s.contains("LIVE"), "{s}");
    // Tick, then choose 1 after ticking the required items.
    t.keys(&["Space", "j", "j", "Space", "1"]);
    t.wait_for("Path: classify ›");
    t.keys(&["q"]);
    t.wait_for("warroom resume");
    t.keys(&["y"]);
    assert_cooked(&wait_file(&dir.path().join("stty.txt")));
    let s = t.wait_for("Log complete");
    assert!(
        s.contains("Continue with: warroom resume incidents/"),
        "{s}"
    );
}

#[test]
fn panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let t = Tmux::new("panic");
    t.start(
        80,
        24,
        &format!(
            "cd {d} && WARROOM_TEST_PANIC=1 {BIN} 2> {d}/err.txt; stty -a > {d}/stty.txt; sleep 30"
        ),
    );
    assert_cooked(&wait_file(&dir.path().join("stty.txt")));
    let err = std::fs::read_to_string(dir.path().join("err.txt")).unwrap();
    assert!(err.contains("deliberate panic"), "{err}");
    // The screen is the shell's again: no alternate screen left behind.
    let s = t.screen();
    assert!(!s.contains("LIVE"), "{s}");
}

#[test]
fn sigkill_then_resume_shows_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("inc.jsonl");
    let t = Tmux::new("kill");
    t.start(
        120,
        40,
        &format!("{BIN} --operator kim --role comms --log {}", log.display()),
    );
    t.wait_for("T+00:00");
    t.keys(&["Space", "j", "j", "Space", "1", "Space"]);
    t.wait_for("Path: classify › [map-issue]");
    let lines = std::fs::read_to_string(&log).unwrap().lines().count();
    assert_eq!(lines, 5, "opened, 2 ticks, decided, 1 tick");
    let pid = t.run(&["display", "-p", "-t", "t", "#{pane_pid}"]);
    let status = Command::new("kill")
        .args(["-9", pid.trim()])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(300));
    let _ = t.run(&["kill-server"]);
    let t = Tmux::new("resume");
    t.start(
        120,
        40,
        &format!("{BIN} resume {} --operator kim --role comms", log.display()),
    );
    let s = t.wait_for("Map who is involved");
    assert!(s.contains("Path: classify › [map-issue]"), "{s}");
    assert!(s.contains("[x] Issue raiser identified"), "{s}");
    assert!(s.contains("resumed"), "{s}");
    t.keys(&["q", "y"]);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_the_log() {
    for sig in ["-TERM", "-HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let log = dir.path().join("inc.jsonl");
        let t = Tmux::new(&format!("sig{sig}"));
        t.start(
            80,
            24,
            &format!(
                "{BIN} --log {}; stty -a > {d}/stty.txt; sleep 30",
                log.display()
            ),
        );
        t.wait_for("T+00:00");
        t.keys(&["Space"]);
        t.wait_for("[x]");
        // The pane runs a shell; warroom is its child.
        let shell = t.run(&["display", "-p", "-t", "t", "#{pane_pid}"]);
        let out = Command::new("ps")
            .args(["-o", "pid=", "--ppid", shell.trim()])
            .output()
            .unwrap();
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "no warroom process under the pane's shell");
        assert!(
            Command::new("kill")
                .args([sig, pid.trim()])
                .status()
                .unwrap()
                .success()
        );
        assert_cooked(&wait_file(&dir.path().join("stty.txt")));
        let out = Command::new(BIN)
            .args(["verify"])
            .arg(&log)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // opened, the tick, and the seat's `left`: a signal ends the seat as quitting does.
        assert!(String::from_utf8_lossy(&out.stdout).contains("3 events"));
        let text = std::fs::read_to_string(&log).unwrap();
        let last: serde_json::Value =
            serde_json::from_str(text.lines().last().unwrap_or_default()).unwrap();
        assert_eq!(last["kind"], "left", "{text}");
    }
}

/// The number in the feed pane's title (`Feed · N`).
fn feed_count(screen: &str) -> usize {
    screen
        .split("Feed · ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn drill_under_tmux_feed_fills_and_pause_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let scenario =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kt-lost-iphone.ron");
    let t = Tmux::new("drill");
    t.start(
        120,
        40,
        &format!(
            "cd {d} && {BIN} drill {} --speed 60 --operator kim --role comms; sleep 30",
            scenario.display()
        ),
    );
    let s = t.wait_for("Briefing");
    assert!(s.contains("EXERCISE"), "{s}");
    // The clock stands at T+0 until the facilitator starts it.
    std::thread::sleep(Duration::from_secs(2));
    let s = t.screen();
    assert!(s.contains("NOT STARTED") && s.contains("T+00:00:00"), "{s}");
    assert_eq!(feed_count(&s), 0, "an inject before the start:\n{s}");
    t.keys(&["Escape", "z"]);
    t.wait_for("▶ 60x");
    // At 60x, injects due in the first drill minutes arrive within seconds of wall time.
    let start = Instant::now();
    let first = feed_count(&t.screen());
    loop {
        let s = t.screen();
        if feed_count(&s) > first {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no new inject arrived:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    t.keys(&["z"]);
    let s = t.wait_for("PAUSED");
    let paused_at = feed_count(&s);
    std::thread::sleep(Duration::from_secs(4));
    let s = t.screen();
    assert_eq!(
        feed_count(&s),
        paused_at,
        "an inject arrived while paused:\n{s}"
    );
    assert!(s.contains("drill paused"), "{s}");
    t.keys(&["z"]);
    t.wait_for("drill resumed");
    // Quitting leaves the drill to be resumed; `e` would end it.
    t.keys(&["q", "y"]);
    let s = t.wait_for("Drill score so far");
    assert!(s.contains("warroom report drills/"), "{s}");
    assert!(
        s.contains("Continue it with: warroom resume drills/"),
        "{s}"
    );
}

#[test]
fn a_closed_terminal_ends_warroom_instead_of_spinning() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("hup.jsonl");
    let t = Tmux::new("hangup");
    t.start(80, 24, &format!("{BIN} --log {}", log.display()));
    t.wait_for("T+00:00");
    t.keys(&["Space"]);
    t.wait_for("[x]");
    let pid = t
        .run(&["display", "-p", "-t", "t", "#{pane_pid}"])
        .trim()
        .to_string();
    // Close the terminal under it.
    let _ = t.run(&["kill-server"]);
    let start = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "warroom (pid {pid}) still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = Command::new(BIN).arg("verify").arg(&log).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A drill scenario whose first inject (and persona) carry an OSC 52 clipboard write, an
/// OSC 0 title change, a screen clear, a C1 CSI, a bidi override and a zero-width space.
fn hostile_scenario(dir: &Path) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("scenarios/troll-pile-on.ron")).unwrap();
    let playbook = root.join("playbooks/ceo-twitter-complaint.ron");
    let hostile = "HOSTILE\\u{1b}]52;c;cHduZWQ=\\u{7}A\\u{1b}]0;PWNED\\u{7}B\\u{1b}[2JC\\u{9b}2JD\\u{202e}E\\u{200b}F\\u{1b}]2;PWNED2\\u{1b}\\\\G";
    let text = text
        .replace(
            "\"../playbooks/ceo-twitter-complaint.ron\"",
            &format!("\"{}\"", playbook.display()),
        )
        .replace(
            "@danielcho_ceo bring back the X1 or admit you're a clown. Day 41 of asking. Everyone tag him 🤡 #BringBackX1",
            hostile,
        )
        .replace("name: \"BringBackTheX1\"", "name: \"Ring\\u{1b}]0;PWNED3\\u{7}leader\"");
    assert!(text.contains("HOSTILE") && text.contains("PWNED3"));
    let p = dir.join("hostile.ron");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn an_inject_with_escape_sequences_changes_neither_title_nor_clipboard_nor_screen() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let scenario = hostile_scenario(dir.path());
    let t = Tmux::new("hostile");
    // warroom waits until the detectors below are armed and shown to work.
    t.start(
        120,
        40,
        &format!(
            "tmux -L {} wait-for go; cd {d} && {BIN} drill {} --speed 1 --operator kim --role comms; sleep 30",
            t.socket,
            scenario.display()
        ),
    );
    t.run(&["set-option", "-g", "set-clipboard", "on"]);
    // The detectors work: a program that does send these sequences changes its pane's title
    // and fills tmux's clipboard (a paste buffer).
    t.run(&[
        "new-window",
        "-d",
        "-n",
        "canary",
        "printf '\\033]52;c;Y2FuYXJ5\\007\\033]0;CANARY\\007'; sleep 30",
    ]);
    let start = Instant::now();
    loop {
        let title = t.run(&["display", "-p", "-t", "canary", "#{pane_title}"]);
        let buffers = t.run(&["list-buffers"]);
        if title.trim() == "CANARY" && !buffers.trim().is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "tmux did not take the canary's title/clipboard: {title:?} {buffers:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    while !t.run(&["list-buffers"]).trim().is_empty() {
        t.run(&["delete-buffer"]);
    }
    let title_before = t.run(&["display", "-p", "-t", "t:0", "#{pane_title}"]);

    t.run(&["wait-for", "-S", "go"]);
    t.wait_for("Briefing");
    // The facilitator starts the clock (z); the T+0 inject arrives.
    t.keys(&["Escape", "z"]);
    let s = t.wait_for("HOSTILE");
    // Let every redraw after the inject land.
    std::thread::sleep(Duration::from_millis(1500));
    let s2 = t.screen();
    for s in [&s, &s2] {
        // Not cleared: the banner, the status line and the hint bar are all still there.
        assert!(s.contains("EXERCISE"), "{s}");
        assert!(s.contains("help"), "{s}");
        assert!(s.contains("Feed"), "{s}");
        // The sequences are shown as visible stand-ins.
        assert!(s.contains("HOSTILE␛]52;c;"), "{s}");
        assert!(!s.contains("PWNED") || s.contains("␛]0;PWNED"), "{s}");
    }
    let title_after = t.run(&["display", "-p", "-t", "t:0", "#{pane_title}"]);
    assert_eq!(title_after, title_before, "the pane title changed");
    assert!(!title_after.contains("PWNED"));
    assert_eq!(
        t.run(&["list-buffers"]).trim(),
        "",
        "an OSC 52 reached tmux's clipboard"
    );
    // Nothing outside its pane: the window and session are as they were.
    let windows = t.run(&["list-windows", "-F", "#{window_name}"]);
    assert!(!windows.contains("PWNED"), "{windows}");
    t.keys(&["q", "y"]);
    t.wait_for("Drill score");
    assert!(!t.run(&["list-buffers"]).contains("pwned"));
}
