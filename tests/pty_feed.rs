//! The real binary with `--feed` in a real pseudo-terminal (tmux): mentions appended to the
//! feed file while the screen runs appear in the Feed pane, `m` then `c` triages the newest to
//! CS (one `triaged` event in the log), and `warroom resume --feed` on the screen does not take
//! the same mentions in twice. tmux is required (CI installs it).

mod common;

use common::tmux::Tmux;
use warroom::engine::EventKind;

const BIN: &str = env!("CARGO_BIN_EXE_warroom");

fn count(log: &std::path::Path, f: impl Fn(&EventKind) -> bool) -> usize {
    warroom::log::read_log(log)
        .unwrap()
        .events
        .iter()
        .filter(|e| f(&e.kind))
        .count()
}

#[test]
fn the_feed_pane_follows_the_file_and_triages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(&feed, "").unwrap();
    let log = dir.path().join("incident.jsonl");
    let t = Tmux::new("feed");
    t.start(
        120,
        40,
        &format!(
            "cd {d} && {BIN} run --operator kim --role comms --log {} --feed {}; sleep 30",
            log.display(),
            feed.display()
        ),
    );
    t.wait_for("Feed · 0 mentions");
    let fixture = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intake/feed.jsonl"),
    )
    .unwrap();
    std::fs::write(&feed, &fixture).unwrap();
    let s = t.wait_for("Feed · 6 mentions");
    assert!(s.contains("Sora @idea_person"), "{s}");
    assert!(!s.contains('\u{1b}'), "{s}");
    t.keys(&["m"]);
    t.wait_for("TRIAGE");
    t.keys(&["c"]);
    t.wait_for("[CS]");
    assert_eq!(count(&log, |k| matches!(k, EventKind::Triaged { .. })), 1);
    assert_eq!(count(&log, |k| matches!(k, EventKind::Intake { .. })), 7);
    t.keys(&["Escape", "q"]);
    t.wait_for("warroom resume");
    t.keys(&["y"]);
    t.wait_for("Log complete");

    // Resumed on the screen with the same feed: nothing is taken in twice.
    let t2 = Tmux::new("feed-resume");
    t2.start(
        120,
        40,
        &format!(
            "cd {d} && {BIN} resume {} --operator kim --role comms --feed {}; sleep 30",
            log.display(),
            feed.display()
        ),
    );
    let s = t2.wait_for("Feed · 6 mentions");
    assert!(s.contains("[CS]"), "the triage is remembered: {s}");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(count(&log, |k| matches!(k, EventKind::Intake { .. })), 7);
    t2.keys(&["q"]);
    t2.wait_for("warroom resume");
    t2.keys(&["y"]);
    t2.wait_for("Log complete");
}
