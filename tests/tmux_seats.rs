//! Two live screens on one incident, each in its own real terminal (tmux): the comms lead's
//! `warroom run` on the shipped default playbook and the CEO's `warroom join`. Each screen
//! shows who is in the room; a note typed in one seat shows in the other with its author; a
//! draft in the CEO's voice is refused in the comms seat until the CEO approves its exact text
//! on their own screen, then posts; each seat's quitting records `left` and the other seat
//! stops counting it, and each is told how to take its seat again (`resume`, `join`). At 120x40 and at 80x24. tmux is required: these fail, never skip,
//! without it. Nothing here depends on how fast a note arrives (benches/seat-latency.sh
//! measures that).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_warroom");

/// The two seats' terminals and the incident's log.
struct Room {
    comms: Tmux,
    ceo: Tmux,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

/// Opens the incident in the comms seat (`run`, operator Mina) and joins it from the CEO's
/// (`join`, operator Chair), both at `w`x`h`; returns once each screen is up.
fn open_room(name: &str, w: u16, h: u16) -> Room {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("incident.jsonl");
    let comms = Tmux::new(&format!("{name}-comms"));
    comms.start(
        w,
        h,
        &format!(
            "cd {} && {BIN} run --operator Mina --role comms --log {}; sleep 60",
            dir.path().display(),
            log.display()
        ),
    );
    comms.wait_for("T+00:00");
    let ceo = Tmux::new(&format!("{name}-ceo"));
    ceo.start(
        w,
        h,
        &format!(
            "cd {} && {BIN} join {} --operator Chair --role ceo; sleep 60",
            dir.path().display(),
            log.display()
        ),
    );
    ceo.wait_for("Chair joined");
    Room {
        comms,
        ceo,
        log,
        _dir: dir,
    }
}

/// Types `text` literally (no key names).
fn type_text(t: &Tmux, text: &str) {
    t.run(&["send-keys", "-t", "t", "-l", text]);
    std::thread::sleep(Duration::from_millis(150));
}

/// Polls the screen until `ok` holds (for at most 20 s), returning it.
fn wait_until(t: &Tmux, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let s = t.screen();
        if ok(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The screen's line that says who is in the room (the log pane's title), if any.
fn room_line(screen: &str) -> Option<&str> {
    screen.lines().find(|l| l.contains("in the room:"))
}

/// Both names are in the log pane's title.
fn shows_both(screen: &str) -> bool {
    room_line(screen).is_some_and(|l| l.contains("Mina") && l.contains("Chair"))
}

fn events(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A note typed in the comms seat shows in the CEO's log pane with its author, `Mina note: …`.
fn note_arrives(room: &Room, text: &str) {
    room.comms.keys(&["n"]);
    room.comms.wait_for("Note for the log");
    type_text(&room.comms, text);
    room.comms.keys(&["Enter"]);
    room.comms.wait_for(&format!("Mina note: {text}"));
    let start = Instant::now();
    let shown = format!("Mina note: {text}");
    loop {
        let s = room.ceo.screen();
        if s.contains(&shown) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the note did not show in the CEO's seat within {:?}:\n{s}",
            start.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let note = events(&room.log)
        .into_iter()
        .find(|e| e["kind"] == "note" && e["text"] == text)
        .expect("the note is in the log");
    assert_eq!(note["actor"]["name"], "Mina");
    assert_eq!(note["actor"]["role"], "comms");
}

/// The comms seat quits, then the CEO's: each records `left`, and the CEO's screen stops
/// counting the comms lead as in the room.
fn both_leave(room: &Room) {
    // Each seat is told how to take it again: the comms lead resumes, the CEO joins.
    room.comms.keys(&["q"]);
    let s = room.comms.wait_for("Quit warroom?");
    assert!(s.contains("warroom resume "), "{s}");
    room.comms.keys(&["y"]);
    room.comms.wait_for("Log complete");
    let s = wait_until(&room.ceo, "the comms lead gone from the room", |s| {
        s.contains("Mina left") && room_line(s).is_none()
    });
    assert!(s.contains("Log ·"), "{s}");
    room.ceo.keys(&["q"]);
    let s = room.ceo.wait_for("Quit warroom?");
    assert!(
        s.contains("warroom join ") && !s.contains("warroom resume"),
        "a joined seat joins again (resume is refused while others are in):\n{s}"
    );
    room.ceo.keys(&["y"]);
    let s = room.ceo.wait_for("Log complete");
    assert!(s.contains("Continue with: warroom join "), "{s}");
    let evs = events(&room.log);
    let left: Vec<&str> = evs
        .iter()
        .filter(|e| e["kind"] == "left")
        .map(|e| e["actor"]["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(left, ["Mina", "Chair"], "each seat left once, in order");
    assert_eq!(evs.last().unwrap()["kind"], "left");
    let out = std::process::Command::new(BIN)
        .arg("verify")
        .arg(&room.log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The comms seat walks the default playbook to the acknowledgement: the required items of
/// each step ticked, then its first choice.
fn walk_to_acknowledge(t: &Tmux) {
    // classify: captured, tone-classified → map-issue
    t.keys(&["Space", "j", "j", "Space", "1"]);
    t.wait_for("[map-issue]");
    // map-issue: raiser, sympathisers, points-listed, complaint-type → gather-facts
    t.keys(&["Space", "j", "Space", "j", "Space", "j", "Space", "1"]);
    t.wait_for("[gather-facts]");
    // gather-facts: expert-consulted, facts-reverified, legal-check → acknowledge
    t.keys(&["Space", "j", "Space", "j", "Space", "1"]);
    t.wait_for("[acknowledge]");
}

/// Sets the `n`th variable of the picker (0 = the first) to `value` with `v`.
fn set_variable(t: &Tmux, n: usize, value: &str, name: &str) {
    t.keys(&["v"]);
    t.wait_for("Variables");
    for _ in 0..n {
        t.keys(&["Down"]);
    }
    t.keys(&["Enter"]);
    type_text(t, value);
    t.keys(&["Enter"]);
    t.wait_for(&format!("set {name} = "));
}

#[test]
fn two_screens_120x40_a_note_the_ceo_approves_on_their_screen_and_comms_posts() {
    let room = open_room("seats120", 120, 40);
    let (comms, ceo) = (&room.comms, &room.ceo);
    // Both screens say who is in the room (the comms seat learns of the CEO's `joined`).
    wait_until(comms, "the CEO in the comms seat's room", shows_both);
    wait_until(ceo, "the comms lead in the CEO's room", shows_both);

    note_arrives(&room, "Journalist relayed it");

    // The comms lead drafts the acknowledgement, in the CEO's voice.
    walk_to_acknowledge(comms);
    set_variable(comms, 0, "@minji_k", "handle");
    set_variable(comms, 1, "the double charge on your order", "summary");
    comms.keys(&["d"]);
    let s = comms.wait_for("Draft · tweet");
    assert!(
        s.contains("@minji_k Thank you for telling me about the double charge"),
        "{s}"
    );
    comms.keys(&["C-s"]);
    comms.wait_for("draft #1 (tweet) saved");
    let draft: String = events(&room.log)
        .iter()
        .find(|e| e["kind"] == "draft_saved")
        .map(|e| e["text"].as_str().unwrap_or("").to_string())
        .expect("the draft is in the log");

    // Before the CEO approves it, posting it is refused in the comms seat, saying why.
    comms.keys(&["p"]);
    let s = comms.wait_for("Not posted");
    assert!(
        s.contains("no approval by the CEO yet") && s.contains("ghost-tweeting"),
        "{s}"
    );
    comms.keys(&["Escape"]);
    let evs = events(&room.log);
    assert!(evs.iter().all(|e| e["kind"] != "posted"), "nothing posted");
    let refused = evs.iter().find(|e| e["kind"] == "refused").unwrap();
    assert_eq!(refused["command"], "post");
    assert_eq!(refused["actor"]["name"], "Mina");

    // To the CEO: problem-named, intent ticked, then "send ack alone to CEO".
    comms.keys(&["Space", "j", "Space", "2"]);
    comms.wait_for("[ceo-approval]");

    // The CEO's screen follows to the approval step; the CEO ticks the required items, reads
    // the exact text in the approve dialog and approves it from their own seat.
    ceo.wait_for("[ceo-approval]");
    ceo.keys(&["Space", "j", "j", "Space"]);
    ceo.wait_for("Chair ✓ ceo-approval.promises-ok");
    ceo.keys(&["a"]);
    let s = ceo.wait_for("Approve · CEO");
    let first_words: String = draft
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(s.contains(&first_words), "{first_words:?} in:\n{s}");
    assert!(s.contains("[x] #1"), "{s}");
    ceo.keys(&["Enter"]);
    ceo.wait_for("approved ceo-approval (draft #1) by Chair as ceo");

    // The comms seat sees the approval move the incident on, and now posts the draft.
    comms.wait_for("[route]");
    comms.keys(&["p"]);
    comms.wait_for("POSTED #1");
    let evs = events(&room.log);
    let approved = evs.iter().find(|e| e["kind"] == "approved").unwrap();
    assert_eq!(
        approved["actor"]["name"], "Chair",
        "from the CEO's own seat"
    );
    assert_eq!(approved["by"], "Chair");
    assert_eq!(approved["texts"][0]["draft"], 1);
    let posted = evs.iter().find(|e| e["kind"] == "posted").unwrap();
    assert_eq!(posted["actor"]["name"], "Mina");
    assert_eq!(posted["text"], draft.as_str(), "the exact text approved");
    assert!(posted["forced"].is_null(), "{posted}");
    // The CEO's screen shows the post, with its author.
    ceo.wait_for("Mina POSTED #1");

    both_leave(&room);
}

#[test]
fn two_screens_80x24_render_show_presence_and_a_note_arrives() {
    let room = open_room("seats80", 80, 24);
    for (seat, t) in [("comms", &room.comms), ("ceo", &room.ceo)] {
        let s = wait_until(t, &format!("both names in the {seat} seat"), shows_both);
        assert!(s.contains(" LIVE "), "{seat}:\n{s}");
        assert!(
            s.contains("Capture and classify the complaint"),
            "{seat}:\n{s}"
        );
        assert!(s.contains("q quit"), "{seat}: the hint bar:\n{s}");
        assert!(
            s.lines()
                .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80),
            "{seat}:\n{s}"
        );
    }
    note_arrives(&room, "CEO asked not to reply yet");
    both_leave(&room);
}
