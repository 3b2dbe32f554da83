//! The live screen as a person uses it, in a real terminal (tmux): at 80x24 `g` shows the
//! whole guidance and `?` help scrolls; `c` by habit never closes on Enter; a key pressed as a
//! notification arrives acts; the Korean playbook's screen speaks Korean; `Ctrl+Y` inside tmux
//! puts the draft into tmux's paste buffer. tmux is required: these fail, never skip, without it.

mod common;

use std::time::{Duration, Instant};

use common::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_warroom");

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn kinds(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Starts the default playbook at `w`×`h` with its log at `log`.
fn live(t: &Tmux, w: u16, h: u16, log: &std::path::Path, playbook: &str) {
    t.start(
        w,
        h,
        &format!(
            "{BIN} run {root}/{playbook} --operator kim --role comms --log {}; sleep 30",
            log.display(),
            root = root()
        ),
    );
}

#[test]
fn at_80x24_g_shows_the_whole_guidance_and_help_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("g.jsonl");
    let t = Tmux::new("guidance");
    live(&t, 80, 24, &log, "playbooks/ceo-twitter-complaint.ron");
    let s = t.wait_for("…more: g");
    assert!(s.contains("LIVE"), "{s}");
    t.keys(&["g"]);
    // The guidance's last words, which the step pane cut off.
    let s = t.wait_for("Guidance");
    let pb = warroom::playbook::load_playbook(std::path::Path::new(&format!(
        "{}/playbooks/ceo-twitter-complaint.ron",
        root()
    )))
    .unwrap();
    let guidance = &pb.playbook.steps[0].guidance;
    let last_words: Vec<&str> = guidance.split_whitespace().rev().take(2).collect();
    assert!(
        s.contains(last_words[0]) && s.contains(last_words[1]),
        "the end of the guidance ({last_words:?}) is on screen:\n{s}"
    );
    t.keys(&["Escape", "?"]);
    let first = t.wait_for("Help");
    assert!(
        first.contains("more"),
        "help is longer than the screen:\n{first}"
    );
    assert!(first.contains("take the numbered choice"), "{first}");
    t.keys(&["PageDown"]);
    let later = t.screen();
    assert!(
        later.contains("Help"),
        "PgDn scrolls, it does not close:\n{later}"
    );
    assert!(!later.contains("take the numbered choice"), "{later}");
    t.keys(&["End"]);
    let end = t.screen();
    assert!(
        end.contains("Ctrl+T") && end.contains("Ctrl+E"),
        "the end of help:\n{end}"
    );
    assert!(!end.contains("more"), "{end}");
    t.keys(&["Escape"]);
    t.keys(&["q", "y"]);
    t.wait_for("Log complete");
}

#[test]
fn c_at_the_first_step_does_not_close_on_enter() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("c.jsonl");
    let t = Tmux::new("close");
    live(&t, 80, 24, &log, "playbooks/ceo-twitter-complaint.ron");
    t.wait_for("T+00:00");
    // c, then Enter after Enter, as a slip would: the outcome picker, the summary, and then
    // the question, which Enter does not answer.
    t.keys(&["c", "Enter", "Enter"]);
    let s = t.wait_for("Close the incident?");
    assert!(s.contains("resolved"), "the outcome is spelled out:\n{s}");
    assert!(s.contains("y close"), "{s}");
    t.keys(&["Enter"]);
    t.wait_for("not closed");
    assert!(!kinds(&log).contains(&"closed".to_string()));
    // y does close it.
    t.keys(&["c", "Enter", "Enter", "y"]);
    t.wait_for("CLOSED");
    assert_eq!(kinds(&log).last().map(String::as_str), Some("closed"));
    t.keys(&["q", "y"]);
}

#[test]
fn a_key_pressed_as_a_notification_arrives_is_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let t = Tmux::new("notice");
    t.start(
        120,
        40,
        &format!(
            "cd {d} && {BIN} drill {}/scenarios/kt-lost-iphone.ron --speed 60 --operator kim --role comms; sleep 30",
            root()
        ),
    );
    // The briefing shows, and the very first key acts on the screen.
    t.wait_for("Briefing");
    t.keys(&["n"]);
    let s = t.wait_for("Note for the log");
    assert!(s.contains("Briefing"), "the briefing is still there:\n{s}");
    // The facilitator starts the drill clock.
    t.keys(&["Escape", "Escape", "z"]);
    // The next inject (+5m, 5 s at 60x) arrives as a notification; a key sent the moment it
    // shows still acts.
    let start = Instant::now();
    loop {
        let s = t.screen();
        if s.contains("INJECT") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no inject notice:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.keys(&["n"]);
    t.wait_for("Note for the log");
    t.keys(&["Escape", "q", "y"]);
    t.wait_for("Drill score");
}

#[test]
fn the_korean_playbook_speaks_korean() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ko.jsonl");
    let t = Tmux::new("korean");
    live(&t, 120, 40, &log, "playbooks/ceo-twitter-complaint.ko.ron");
    let s = t.wait_for("T+00:00");
    for word in [
        "체크리스트",
        "선택지",
        "로그",
        "선택",
        "게시",
        "도움말",
        "나가기",
    ] {
        assert!(s.contains(word), "{word} on screen:\n{s}");
    }
    for english in ["Checklist", "Choices", " help ", " quit"] {
        assert!(!s.contains(english), "{english:?} left in English:\n{s}");
    }
    t.keys(&["q"]);
    t.wait_for("나갈까요");
    t.keys(&["y"]);
}

#[test]
fn ctrl_y_inside_tmux_fills_its_paste_buffer() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("copy.jsonl");
    let t = Tmux::new("copy");
    live(&t, 120, 40, &log, "playbooks/ceo-twitter-complaint.ron");
    t.wait_for("T+00:00");
    t.keys(&["d"]);
    t.wait_for("Draft");
    t.keys(&["C-y"]);
    t.wait_for("paste buffer");
    let buffer = t.run(&["show-buffer"]);
    assert!(
        buffer.contains("War room open."),
        "tmux's buffer holds the draft: {buffer:?}"
    );
    t.keys(&["Escape", "q", "y"]);
}
