//! The drill and review screens as a person uses them, in a real terminal (tmux), on the Korean
//! KT scenario, at 80x24 and down to 20x6: nothing panics; the banner says EXERCISE (once on the
//! status line); an arriving inject is news from its persona, not a failure from the operator;
//! the hint bar says `z 재개` while paused; the step keeps room at the smallest size; quitting a
//! drill points at its report (a drill is not resumed); the review of a drill log says
//! EXERCISE even when too small, and its short detail pane shows what an inject said. tmux is
//! required: these fail, never skip, without it.

mod common;

use common::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_warroom");
const KT: &str = "scenarios/kt-lost-iphone.ron";

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

/// Starts the KT drill at 60x at `w`×`h`, its log at `log`; the shell says how it ended.
fn start_drill(t: &Tmux, w: u16, h: u16, log: &std::path::Path) {
    t.start(
        w,
        h,
        &format!(
            "{BIN} drill {}/{KT} --speed 60 --operator kim --role comms --log {}; echo EXITED $?; sleep 30",
            root(),
            log.display()
        ),
    );
}

/// The screen's rows.
fn rows(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn the_drill_screen_at_80x24_in_korean() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("d.jsonl");
    let t = Tmux::new("drill-80");
    start_drill(&t, 80, 24, &log);
    t.wait_for("Briefing");
    t.keys(&["Escape"]);
    // The first inject (+0s) is in the log pane, credited to its persona.
    let s = t.wait_for("⇣ INJECT");
    let r = rows(&s);
    assert!(r[0].contains("EXERCISE"), "the banner:\n{s}");
    assert_eq!(r[1].matches("EXERCISE").count(), 1, "the status line:\n{s}");
    let inject_row = r
        .iter()
        .find(|l| l.contains("⇣ INJECT"))
        .expect("an inject row");
    assert!(
        inject_row.contains("이찬진") && !inject_row.contains(" kim "),
        "{inject_row}"
    );
    assert!(!s.contains("✗ INJECT"), "{s}");
    // Paused, the hint bar says how to resume; resumed, how to pause.
    t.keys(&["z"]);
    let s = t.wait_for("z 재개");
    assert!(!s.contains("z 일시정지"), "{s}");
    assert!(s.contains("PAUSED"), "{s}");
    t.keys(&["z"]);
    t.wait_for("z 일시정지");
    // Quitting ends the drill: the dialog points at the report, not at resuming.
    t.keys(&["q"]);
    let s = t.wait_for("warroom report");
    assert!(!s.contains("warroom resume"), "{s}");
    t.keys(&["y"]);
    let s = t.wait_for("EXITED");
    assert!(s.contains("EXITED 0"), "{s}");
    assert!(s.contains("Drill score"), "{s}");
}

#[test]
fn the_drill_screen_down_to_20x6() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("d.jsonl");
    let t = Tmux::new("drill-small");
    start_drill(&t, 20, 6, &log);
    // Too small to work in, but it says EXERCISE and what it needs.
    let s = t.wait_for("60×16");
    assert!(rows(&s)[0].starts_with("EXERCISE"), "{s}");
    // At the smallest working size the step still shows its choices beside the feed and log,
    // and the drill's keys keep their words.
    t.run(&["resize-window", "-t", "t", "-x", "60", "-y", "16"]);
    t.keys(&["Escape"]);
    let s = t.wait_for("선택지");
    assert!(s.contains("[C] 건설적 비판"), "{s}");
    assert!(s.contains("o 수신 확인") && s.contains("z 일시정지"), "{s}");
    assert!(rows(&s)[0].contains("EXERCISE"), "{s}");
    // Back to tiny and up again: still running.
    t.run(&["resize-window", "-t", "t", "-x", "20", "-y", "6"]);
    t.wait_for("60×16");
    t.run(&["resize-window", "-t", "t", "-x", "80", "-y", "24"]);
    t.wait_for("체크리스트");
    t.keys(&["q", "y"]);
    let s = t.wait_for("EXITED");
    assert!(s.contains("EXITED 0"), "{s}");
}

#[test]
fn the_review_of_a_drill_at_80x24_and_20x6() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("d.jsonl");
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "wait 6m\n").unwrap();
    let out = std::process::Command::new(BIN)
        .args([
            "drill",
            KT,
            "--now",
            "2010-06-23T14:00:00+09:00",
            "--script",
        ])
        .arg(&script)
        .arg("--log")
        .arg(&log)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = Tmux::new("review-small");
    t.start(
        80,
        24,
        &format!(
            "{BIN} review {} --operator rev; echo EXITED $?; sleep 30",
            log.display()
        ),
    );
    let s = t.wait_for("Timeline");
    let top = rows(&s)[0];
    assert!(
        top.contains("EXERCISE REVIEW") && top.matches("EXERCISE").count() == 1,
        "{top}"
    );
    // The second inject (+5m), selected: who sent it and what it said, in the short pane.
    t.keys(&["/"]);
    t.keys(&["customer-detail", "Enter"]);
    let s = t.wait_for("(inject)");
    assert!(s.contains("by 하늘여행자 @sky_traveler82 (inject)"), "{s}");
    assert!(s.contains("귀국 후 보험"), "the inject's text shows:\n{s}");
    t.run(&["resize-window", "-t", "t", "-x", "20", "-y", "6"]);
    let s = t.wait_for("too small");
    assert!(rows(&s)[0].starts_with("EXERCISE"), "{s}");
    t.run(&["resize-window", "-t", "t", "-x", "80", "-y", "24"]);
    t.wait_for("Timeline");
    t.keys(&["q"]);
    let s = t.wait_for("EXITED");
    assert!(s.contains("EXITED 0"), "{s}");
}
