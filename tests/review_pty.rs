//! `warroom review` as a person uses it, in tmux: dates and times on the rows, the kind filter,
//! a search that finds a note, a review note written to the log, and `q` quitting.

mod common;

use common::tmux::Tmux;
use common::{CEO, CEO_SCRIPT, run_ok};

const BIN: &str = env!("CARGO_BIN_EXE_warroom");

#[test]
fn review_under_tmux_filters_searches_and_adds_a_note() {
    let dir = common::tempdir();
    let log = dir.path().join("inc.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let t = Tmux::new("review");
    let done = dir.path().join("exit-code");
    t.start(
        100,
        30,
        &format!(
            "{BIN} review {} --operator reviewer; echo $? > {}",
            log.display(),
            done.display()
        ),
    );
    let s = t.wait_for("REVIEW");
    assert!(s.contains("2026-11-21 09:00:00"), "{s}");
    assert!(s.contains("2026-11-21 09:11:00"), "{s}");
    // f three times: decisions, checklist, notes.
    t.keys(&["f", "f", "f"]);
    let s = t.wait_for("filter: notes (1 of 32)");
    assert!(s.contains("note: Relayed by a journalist"), "{s}");
    t.keys(&["f", "f", "f", "f", "f", "f", "f"]); // … amendments, mentions, all
    t.wait_for("filter: all (32 of 32)");
    // Search finds the note.
    t.keys(&["/"]);
    t.run(&["send-keys", "-t", "t", "-l", "retweets"]);
    t.keys(&["Enter"]);
    let s = t.wait_for("\"retweets\" at #4");
    assert!(s.contains("Relayed by a journalist; 40 retweets"), "{s}");
    // A review note.
    t.keys(&["a"]);
    t.run(&["send-keys", "-t", "t", "-l", "Ack in 16 minutes: on time"]);
    t.keys(&["Enter"]);
    t.wait_for("review note #33 added to the log");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("\"kind\":\"review_note\"")
    );
    t.keys(&["q"]);
    let start = std::time::Instant::now();
    while !done.exists() {
        assert!(start.elapsed().as_secs() < 20, "review did not quit");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");
}
