//! Hostile text never reaches the terminal raw: a playbook, notes, variables and a draft built
//! from them carry ANSI/OSC escape sequences (OSC 52 clipboard, OSC 0 title, CSI 2J clear),
//! C0/C1 controls, bidi overrides and zero-width characters. Every cell of every screen is
//! checked; `text::neutralize` is checked character by character. Playbook and scenario text
//! is only ever text: `$(cmd)`, backticks and file paths in it are shown, never run or read.
//! The Markdown report of a drill whose inject carries the sequences is clean as well.

mod common;

use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::engine::{Actor, EventKind, Mode};
use warroom::incident::{Incident, NewIncident};
use warroom::playbook::playbook_from_str;
use warroom::text::{has_hostile, is_hidden, neutralize};
use warroom::tui::live::App;
use warroom::tui::theme::Theme;

/// The sequences of the issue, and more of the same family.
const NASTY: &[&str] = &[
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1bP+q\x1b\\",
    "\u{9b}2J",
    "\u{9d}0;x\u{9c}",
    "\x07",
    "\x08",
    "\r",
    "\x00",
    "\u{7f}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{180e}",
    "\u{e0041}",
];

fn bad_char(c: char) -> bool {
    (c as u32) < 0x20 || ((c as u32) >= 0x7f && (c as u32) <= 0x9f) || is_hidden(c)
}

#[test]
fn neutralize_leaves_nothing_that_drives_a_terminal() {
    for s in NASTY {
        let text = format!("a{s}b");
        assert!(has_hostile(&text), "{text:?}");
        for keep in [false, true] {
            let n = neutralize(&text, keep);
            assert!(
                !n.chars().any(|c| bad_char(c) && c != '\n'),
                "{text:?} -> {n:?}"
            );
            assert!(n.starts_with('a') && n.ends_with('b'), "{n:?}");
        }
    }
    // Visible stand-ins, so a reader sees that something was there.
    assert_eq!(
        neutralize("x\x1b]0;t\x07y", false),
        "x␛]0;t␇y",
        "ESC and BEL become control pictures"
    );
    assert_eq!(neutralize("\u{202e}abc", false), "<U+202E>abc");
    assert_eq!(neutralize("ok 평범한 글", false), "ok 평범한 글");
}

/// Every invisible or reordering format character Unicode has (general category Cf, plus
/// the fillers and selectors used to hide text) is neutralised.
#[test]
fn every_format_character_is_shown() {
    let cf = [
        0xad, 0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x61c, 0x6dd, 0x70f, 0x890, 0x891, 0x8e2,
        0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
        0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206f,
        0xfeff, 0xfff9, 0xfffa, 0xfffb, 0x110bd, 0x110cd, 0x13430, 0x1343f, 0x1bca0, 0x1bca3,
        0x1d173, 0x1d17a, 0xe0001, 0xe0020, 0xe007f,
    ];
    let fillers = [
        0x34f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x180f, 0x2800, 0x3164, 0xfe00, 0xfe0f,
        0xffa0, 0xe0100, 0xe01ef,
    ];
    for u in cf.iter().chain(fillers.iter()) {
        let c = char::from_u32(*u).unwrap();
        assert!(is_hidden(c), "U+{u:04X} is not neutralised");
        assert_eq!(neutralize(&c.to_string(), false), format!("<U+{u:04X}>"));
    }
}

/// A playbook with a hostile sequence in every text a screen shows.
fn hostile_playbook() -> String {
    let evil =
        "\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{9b}1m\\u{202e}\\u{200b}";
    let text = std::fs::read_to_string(common::repo().join(common::MINIMAL)).unwrap();
    let mut out = text;
    for (from, to) in [
        (
            "\"Minimal complaint playbook\"",
            format!("\"Minimal {evil} playbook\""),
        ),
        ("\"Assess the complaint\"", format!("\"Assess {evil}\"")),
        (
            "\"Is this unconditional abuse or constructive criticism?\"",
            format!("\"Guidance {evil} $(touch /tmp/warroom-pwned) `id` ../../etc/passwd\""),
        ),
        ("\"Tone classified\"", format!("\"Tone {evil}\"")),
        ("\"Constructive: respond\"", format!("\"Respond {evil}\"")),
        ("\"Complainant's handle\"", format!("\"Handle {evil}\"")),
        (
            "\"{handle} Thank you for telling us about {summary}. We are looking into it now.\"",
            format!("\"{{handle}} {evil} about {{summary}} $(cat ~/.ssh/id_rsa)\""),
        ),
    ] {
        assert!(out.contains(from), "{from}");
        out = out.replace(from, &to);
    }
    out
}

fn assert_screen_clean(app: &mut App, what: &str) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| warroom::tui::live::draw(app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..40 {
        for x in 0..120 {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(bad_char),
                "{what}: cell ({x},{y}) holds {sym:?}"
            );
            text.push_str(sym);
        }
        text.push('\n');
    }
    text
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn playbook_notes_variables_and_drafts_reach_the_screen_neutralised() {
    let dir = common::tempdir();
    let loaded = playbook_from_str("hostile.ron", &hostile_playbook()).unwrap();
    let log = dir.path().join("incident.jsonl");
    let inc = Incident::open(NewIncident {
        loaded: &loaded,
        title: "Title \x1b]0;PWNED\x07 \u{202e}".into(),
        mode: Mode::Live,
        log_path: log.clone(),
        actor: Actor {
            name: "kim\x1b[2J".into(),
            role: Some("comms".into()),
        },
        now: common::now(),
        store: None,
    })
    .unwrap();
    let history = warroom::log::read_log(&log).unwrap().events;
    let mut app = App::new(inc, &history, common::now(), Theme { color: false });
    let s = assert_screen_clean(&mut app, "main screen");
    assert!(s.contains("Assess ␛]52;c;cHduZWQ=␇␛]0;PWNED␇"), "{s}");

    // A pasted note with every sequence.
    key(&mut app, KeyCode::Char('n'));
    app.paste(&format!("note {}", NASTY.concat()));
    assert_screen_clean(&mut app, "note input");
    key(&mut app, KeyCode::Enter);
    let note = warroom::log::read_log(&log)
        .unwrap()
        .events
        .into_iter()
        .find_map(|e| match e.kind {
            EventKind::Note { text } => Some(text),
            _ => None,
        })
        .unwrap();
    assert!(note.contains("\x1b]52;"), "the log keeps the text as typed");
    assert_screen_clean(&mut app, "after the note");

    // A variable, then the draft composer filled from a hostile template with it.
    key(&mut app, KeyCode::Char('v'));
    assert_screen_clean(&mut app, "variable picker");
    key(&mut app, KeyCode::Enter);
    app.paste("@x\x1b]52;c;c2VjcmV0\x07\u{202e}");
    assert_screen_clean(&mut app, "variable input");
    key(&mut app, KeyCode::Enter);
    assert_screen_clean(&mut app, "after the variable");
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('1'));
    app.now = common::now() + TimeDelta::minutes(1);
    key(&mut app, KeyCode::Char('d'));
    let s = assert_screen_clean(&mut app, "composer");
    assert!(s.contains("Draft"), "{s}");
    // Help and the guidance overlay.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('b'));
    key(&mut app, KeyCode::Char('g'));
    let s = assert_screen_clean(&mut app, "guidance");
    // `$(...)`, backticks and paths are text: shown, not run, not read.
    assert!(s.contains("$(touch /tmp/warroom-pwned)"), "{s}");
    assert!(!std::path::Path::new("/tmp/warroom-pwned").exists());
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    assert_screen_clean(&mut app, "help");
}

#[test]
fn a_drill_report_of_a_hostile_inject_is_clean() {
    let dir = common::tempdir();
    let root = common::repo();
    let text = std::fs::read_to_string(root.join("scenarios/troll-pile-on.ron")).unwrap();
    let text = text
        .replace(
            "\"../playbooks/ceo-twitter-complaint.ron\"",
            &format!("\"{}\"", root.join(common::CEO).display()),
        )
        .replace(
            "Day 41 of asking.",
            "\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{202e}\\u{200b}",
        );
    let scenario = dir.path().join("hostile.ron");
    std::fs::write(&scenario, text).unwrap();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "wait 1m\nnote \"n \\u001b]0;X\"\n").unwrap();
    let log = dir.path().join("drill.jsonl");
    let out = common::bin()
        .arg("drill")
        .arg(&scenario)
        .arg("--script")
        .arg(&script)
        .args(["--now", common::NOW, "--operator", "kim", "--log"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.chars().any(|c| bad_char(c) && c != '\n'),
        "{stdout:?}"
    );
    let out = common::bin()
        .args(["report", "--format", "md"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("PWNED"), "the inject is in the report");
    assert!(
        !md.chars().any(|c| bad_char(c) && c != '\n'),
        "raw control or hidden characters in the report"
    );
}
