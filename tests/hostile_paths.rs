//! What reaches a terminal through file names and log fields is neutralised like any other
//! text from outside: a playbook named with OSC 0 / OSC 52 / CSI 2J, a `--log` path with a
//! newline and a fake acknowledgement line, a log whose `playbook.path`, `id` and `title` carry
//! escape sequences — through `check`, `run`, `resume`, `report`, `graph --log`, `drill
//! --from-log`, `stats` and `verify`. JSON output (`stats --format json`, `report --format
//! json`) and the scenario `--from-log` writes escape the invisible and reordering characters,
//! so they read back as the same text.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{MINIMAL, NOW};
use warroom::engine::{Event, EventKind};
use warroom::text::is_hidden;

const FAKE: &str = "#9    09:00:00  note: all clear";

const NASTY: &[&str] = &[
    "\x1b]0;PWNED\x07",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b[2J",
    "\u{9b}2J",
    "\u{202e}",
    "\u{200b}",
    "\u{85}",
];

fn bad_char(c: char) -> bool {
    c != '\n' && ((c as u32) < 0x20 || ((c as u32) >= 0x7f && (c as u32) <= 0x9f) || is_hidden(c))
}

/// Asserts that nothing in `out` could drive a terminal and that no line is the fake one.
fn assert_clean(what: &str, out: &std::process::Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        // A CSV row ends with CRLF (RFC 4180): that `\r` is harmless.
        let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
        if let Some(c) = text.chars().find(|&c| bad_char(c)) {
            panic!("{what}: {name} carries U+{:04X}: {text:?}", c as u32);
        }
        assert!(
            !text.lines().any(|l| l.starts_with("#9 ")),
            "{what}: {name} has a forged line: {text}"
        );
    }
}

fn run(args: &[&OsStr]) -> std::process::Output {
    common::std_bin().args(args).output().unwrap()
}

#[test]
fn file_names_with_escape_sequences_never_reach_the_terminal_raw() {
    let dir = common::tempdir();
    let minimal = std::fs::read_to_string(common::repo().join(MINIMAL)).unwrap();
    for (i, nasty) in NASTY.iter().chain(&["\n#9 fake"]).enumerate() {
        let sub = dir.path().join(format!("d{i}"));
        std::fs::create_dir(&sub).unwrap();
        let good = sub.join(format!("good{nasty}.ron"));
        std::fs::write(&good, &minimal).unwrap();
        let bad = sub.join(format!("bad{nasty}.ron"));
        std::fs::write(
            &bad,
            minimal.replace("start: \"assess\"", "start: \"nowhere\""),
        )
        .unwrap();
        for target in [&good, &bad, &sub] {
            let out = run(&[OsStr::new("check"), target.as_os_str()]);
            assert_clean(&format!("check {target:?}"), &out);
        }
        let out = run(&[OsStr::new("graph"), bad.as_os_str()]);
        assert_clean("graph", &out);
        // A --log path with the sequence, or a newline and a forged acknowledgement.
        let log = sub.join(format!("log{nasty}\n{FAKE}.jsonl"));
        let script = sub.join(format!("script{nasty}.txt"));
        std::fs::write(&script, "note hi\nbogus verb\n").unwrap();
        let out = run(&[
            OsStr::new("run"),
            OsStr::new(MINIMAL),
            OsStr::new("--script"),
            script.as_os_str(),
            OsStr::new("--now"),
            OsStr::new(NOW),
            OsStr::new("--log"),
            log.as_os_str(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "the bogus verb stops the script"
        );
        assert_clean("run --log", &out);
        for cmd in ["verify", "stats", "report"] {
            let out = run(&[OsStr::new(cmd), log.as_os_str()]);
            assert_clean(cmd, &out);
        }
        let out = run(&[
            OsStr::new("report"),
            log.as_os_str(),
            OsStr::new("-o"),
            sub.join(format!("r{nasty}\n{FAKE}.md")).as_os_str(),
        ]);
        assert!(out.status.success());
        assert_clean("report -o", &out);
    }
}

/// The log `edit` made of a log of `script` (its chain recomputed).
fn crafted(dir: &Path, script: &str, edit: impl Fn(&mut Event)) -> std::path::PathBuf {
    let log = dir.join("plain.jsonl");
    common::run_ok(dir, MINIMAL, script, &log);
    let read = warroom::log::read_log(&log).unwrap();
    let mut prev = warroom::log::chain::GENESIS.to_string();
    let mut text = String::new();
    for mut e in read.events {
        edit(&mut e);
        let (line, hash) = warroom::log::chain::encode(&e, &prev).unwrap();
        text.push_str(&line);
        prev = hash;
    }
    let out = dir.join("crafted.jsonl");
    std::fs::write(&out, text).unwrap();
    out
}

#[test]
fn log_fields_with_escape_sequences_never_reach_the_terminal_raw() {
    let dir = common::tempdir();
    let evil = NASTY.concat();
    let log = crafted(dir.path(), "note hi\nwait 1m\n", |e| {
        if let EventKind::Opened {
            playbook, title, ..
        } = &mut e.kind
        {
            playbook.path = format!("/nonexistent/{evil}\n{FAKE}.ron");
            playbook.abs_path = None;
            playbook.id = format!("id{evil}\n{FAKE}");
            playbook.sha256 = format!("a{evil}");
            *title = format!("title{evil}\n{FAKE}");
        }
        e.actor.name = format!("kim{evil}");
    });
    let l = log.as_os_str();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note more\n").unwrap();
    let s = script.as_os_str();
    let o = OsStr::new;
    for args in [
        vec![o("resume"), l, o("--script"), s, o("--now"), o(NOW)],
        vec![o("report"), l],
        vec![o("report"), l, o("--format"), o("json")],
        vec![o("report"), l, o("--format"), o("csv")],
        vec![o("graph"), o(MINIMAL), o("--log"), l],
        vec![o("drill"), o("--from-log"), l],
        vec![o("stats"), l],
        vec![o("stats"), l, o("--format"), o("json")],
        vec![o("verify"), l],
    ] {
        let out = run(&args);
        assert_clean(&format!("{args:?}"), &out);
    }
}

#[test]
fn json_and_scenarios_escape_invisible_characters_and_keep_them() {
    let dir = common::tempdir();
    let hidden = "a\u{202e}b\u{200b}c\u{85}d\u{9b}e";
    let log = crafted(
        dir.path(),
        "note hi\nwait 1m\nnote two\n",
        |e| match &mut e.kind {
            EventKind::Opened { title, .. } => *title = format!("T{hidden}"),
            EventKind::Note { text, .. } => *text = format!("N{hidden}"),
            _ => {}
        },
    );
    let out = run(&[
        OsStr::new("stats"),
        log.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert!(out.status.success());
    assert_clean("stats json", &out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], format!("T{hidden}"), "escaped, not lost");

    let out = run(&[
        OsStr::new("report"),
        log.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert!(out.status.success());
    assert_clean("report json", &out);

    let scenario = dir.path().join("from-log.ron");
    let out = run(&[
        OsStr::new("drill"),
        OsStr::new("--from-log"),
        log.as_os_str(),
        OsStr::new("-o"),
        scenario.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(!text.chars().any(bad_char), "{text:?}");
    let loaded = warroom::scenario::load_scenario(&scenario).unwrap();
    assert!(
        loaded
            .scenario
            .injects
            .iter()
            .any(|i| i.text == format!("N{hidden}")),
        "the inject reads back as the note"
    );
    let out = run(&[
        OsStr::new("drill"),
        OsStr::new("--from-log"),
        log.as_os_str(),
    ]);
    assert_clean("from-log stdout", &out);
}

/// The acceptance check: `warroom check` on files named with OSC 0, OSC 52 and CSI 2J, in a
/// real terminal (tmux with `set-clipboard on`, a canary first proving tmux would take them),
/// changes neither the pane's title nor tmux's clipboard, nor clears the screen.
#[test]
fn check_on_hostile_file_names_under_tmux_changes_neither_title_nor_clipboard() {
    use common::tmux::Tmux;
    use std::time::{Duration, Instant};
    let dir = common::tempdir();
    let minimal = std::fs::read_to_string(common::repo().join(MINIMAL)).unwrap();
    let evil = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J";
    std::fs::write(dir.path().join(format!("good{evil}.ron")), &minimal).unwrap();
    std::fs::write(
        dir.path().join(format!("bad{evil}.ron")),
        minimal.replace("start: \"assess\"", "start: \"nowhere\""),
    )
    .unwrap();
    let t = Tmux::new("hostile-check");
    t.start(
        160,
        50,
        &format!(
            "tmux -L {} wait-for go; cd {} && echo FIRST-LINE && {} check .; echo CHECK-DONE; sleep 30",
            t.socket,
            dir.path().display(),
            env!("CARGO_BIN_EXE_warroom")
        ),
    );
    t.run(&["set-option", "-g", "set-clipboard", "on"]);
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
    let s = t.wait_for("CHECK-DONE");
    assert!(s.contains("FIRST-LINE"), "the screen was cleared: {s}");
    assert!(s.contains("2 files checked"), "{s}");
    assert!(
        s.contains("␛]0;PWNED"),
        "the name is shown neutralised: {s}"
    );
    let title_after = t.run(&["display", "-p", "-t", "t:0", "#{pane_title}"]);
    assert_eq!(title_after, title_before, "the pane title changed");
    assert_eq!(
        t.run(&["list-buffers"]).trim(),
        "",
        "an OSC 52 reached tmux's clipboard"
    );
    t.run(&["kill-server"]);
}

/// The draft composer's text area draws control and invisible characters as nothing; its
/// status line names them as visible marks, so a pasted ESC or U+202E is not posted unseen.
#[test]
fn the_composer_names_the_characters_it_cannot_show() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = common::tempdir();
    let log = dir.path().join("l.jsonl");
    common::run_ok(dir.path(), MINIMAL, "note hi\n", &log);
    let r = warroom::incident::Incident::resume(
        &log,
        None,
        warroom::engine::Actor {
            name: "kim".into(),
            role: None,
        },
        common::now(),
    )
    .unwrap();
    let mut app = warroom::tui::live::App::new(
        r.incident,
        &r.events,
        common::now(),
        warroom::tui::theme::Theme { color: false },
    );
    app.key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE));
    app.paste("We are sorry\x1b[2J \u{202e}kcab");
    let screen = common::render_screen(&mut app, 120, 40);
    assert!(
        screen.contains("holds characters that do not show: ␛ <U+202E>"),
        "{screen}"
    );
}
