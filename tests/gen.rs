//! The hidden generators (`warroom gen`): what they write passes warroom's own checks.

mod common;

use common::{NOW, bin, tempdir};

#[test]
fn a_generated_playbook_passes_check_without_warnings() {
    let dir = tempdir();
    let pb = dir.path().join("big.ron");
    bin()
        .args(["gen", "playbook", "--steps", "1000", "-o"])
        .arg(&pb)
        .assert()
        .success();
    let out = bin()
        .args(["check", "--deny-warnings"])
        .arg(&pb)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 file checked: 0 errors, 0 warnings"),
        "{stdout}"
    );
    let loaded = warroom::playbook::load_playbook(&pb).unwrap();
    assert_eq!(loaded.playbook.steps.len(), 1000);
}

#[test]
fn a_generated_log_verifies_and_replays_on_its_playbook() {
    let dir = tempdir();
    let log = dir.path().join("gen.jsonl");
    bin()
        .args(["gen", "log", "--events", "2000", "--seed", "3", "-o"])
        .arg(&log)
        .assert()
        .success();
    let out = bin().arg("verify").arg(&log).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("OK — 2000 events"), "{stdout}");
    // Every event is one the engine accepts: the replayed session has folded them all, and
    // the generator's walk really moved through the graph.
    let read = warroom::log::read_log(&log).unwrap();
    assert!(read.problem.is_none() && read.torn.is_none());
    let kinds: std::collections::BTreeSet<&str> =
        read.events.iter().map(|e| e.kind.name()).collect();
    for k in [
        "opened",
        "decided",
        "checked",
        "note",
        "draft_saved",
        "posted",
        "approved",
    ] {
        assert!(kinds.contains(k), "no {k} in {kinds:?}");
    }
    let s = common::replay(common::CEO, &log);
    assert_eq!(s.seq, 2000);
    assert!(s.path.len() > 10);
    // The same seed gives the same log.
    let again = dir.path().join("again.jsonl");
    bin()
        .args(["gen", "log", "--events", "2000", "--seed", "3", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&log).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn a_generated_log_on_a_generated_playbook_can_be_resumed() {
    let dir = tempdir();
    let pb = dir.path().join("p.ron");
    let log = dir.path().join("p.jsonl");
    bin()
        .args(["gen", "playbook", "--steps", "50", "-o"])
        .arg(&pb)
        .assert()
        .success();
    bin()
        .args(["gen", "log", "--events", "500", "--playbook"])
        .arg(&pb)
        .arg("-o")
        .arg(&log)
        .assert()
        .success();
    let script = dir.path().join("more.txt");
    std::fs::write(&script, "note resumed after generation\n").unwrap();
    let out = bin()
        .args(["resume", "--operator", "tester", "--script"])
        .arg(&script)
        .args(["--now", "2026-11-22T09:00:00+09:00"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = warroom::log::read_log(&log).unwrap();
    assert!(read.problem.is_none());
    // The 500 generated events replayed; then `resumed`, any breach noticed a day later, the note.
    assert_eq!(read.events[500].kind.name(), "resumed");
    assert!(matches!(
        &read.events.last().unwrap().kind,
        warroom::engine::EventKind::Note { text } if text == "resumed after generation"
    ));
}

#[test]
fn a_generated_script_runs_headless_to_its_last_line() {
    let dir = tempdir();
    let script = dir.path().join("s.txt");
    let log = dir.path().join("s.jsonl");
    bin()
        .args(["gen", "script", "--lines", "300", "-o"])
        .arg(&script)
        .assert()
        .success();
    let text = std::fs::read_to_string(&script).unwrap();
    assert_eq!(text.lines().count(), 300);
    let out = bin()
        .args(["run", "--script"])
        .arg(&script)
        .args(["--now", NOW, "--operator", "tester", "--log"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = warroom::log::read_log(&log).unwrap().events.len();
    // One event per command line at least (waits record none, breaches add some).
    assert!(n > 250, "{n} events");
}
