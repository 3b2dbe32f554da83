//! Snapshots of every popup of the live screen, the drill screen and the review screen at
//! 80x24 and 120x40 (TestBackend, fixed clock), and the live screen run through the same run
//! loop as the real terminal, with scripted input and a manual clock.

mod common;

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::clock::{Clock, ManualClock};
use warroom::engine::{Actor, Mode};
use warroom::incident::{Incident, NewIncident};
use warroom::playbook::load_playbook;
use warroom::tui::live::App;
use warroom::tui::popup::message::{LogFailure, Message};
use warroom::tui::run_loop::{self, Exit, InputEvent, Script, Step};
use warroom::tui::theme::Theme;

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap()
}

struct Fixture {
    app: App,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

fn open(playbook: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_playbook(&common::repo().join(playbook)).unwrap();
    let log = dir.path().join("incident.jsonl");
    let inc = Incident::open(NewIncident {
        loaded: &loaded,
        title: "Snapshot incident".into(),
        mode: Mode::Live,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some("comms".into()),
        },
        now: t0(),
        store: None,
    })
    .unwrap();
    let history = warroom::log::read_log(&log).unwrap().events;
    let mut app = App::new(inc, &history, t0(), Theme { color: false });
    app.clock = Rc::new(ManualClock::new(t0()));
    Fixture {
        app,
        log,
        _dir: dir,
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn both(f: &mut Fixture, name: &str) {
    let log = f.log.display().to_string();
    for (w, h) in [(80, 24), (120, 40)] {
        let s = common::render_screen(&mut f.app, w, h).replace(&log, "[LOG]");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), masked(&s));
    }
}

/// The screen with the random part of a temporary directory's name (where a popup cut the
/// log's path short, so `[LOG]` could not replace it) masked, keeping its width.
fn masked(screen: &str) -> String {
    let tmp = regex::Regex::new(r"/\.tmp([A-Za-z0-9]+)").unwrap();
    tmp.replace_all(screen, |c: &regex::Captures| {
        format!("/.tmp{}", "X".repeat(c[1].chars().count()))
    })
    .into_owned()
}

/// Opens a popup on a fresh screen with `setup`, and snapshots it at both sizes.
fn popup(name: &str, playbook: &str, setup: impl FnOnce(&mut App)) {
    let mut f = open(playbook);
    setup(&mut f.app);
    assert!(!f.app.layers.is_empty(), "{name}: no popup open");
    both(&mut f, name);
}

const CEO: &str = "playbooks/ceo-twitter-complaint.ron";
const MINIMAL: &str = "docs/examples/minimal.ron";

#[test]
fn every_popup_at_both_sizes() {
    popup("help", CEO, |a| keys(a, "?"));
    popup("guidance", CEO, |a| keys(a, "g"));
    popup("confirm_quit", CEO, |a| keys(a, "q"));
    popup("outcome_picker", CEO, |a| keys(a, "c"));
    popup("close_summary_input", CEO, |a| {
        keys(a, "c");
        key(a, KeyCode::Enter);
    });
    popup("confirm_close", CEO, |a| {
        keys(a, "c");
        key(a, KeyCode::Enter);
        key(a, KeyCode::Enter);
    });
    popup("note_input", CEO, |a| keys(a, "nCaller is a journalist"));
    popup("composer", CEO, |a| keys(a, "d"));
    popup("variable_picker", CEO, |a| keys(a, "v"));
    popup("state_picker", CEO, |a| keys(a, "u"));
    popup("statement_picker", CEO, |a| keys(a, "h"));
    popup("drafts_list", MINIMAL, |a| {
        keys(a, "d");
        a.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        keys(a, "l");
    });
    popup("force_choice", MINIMAL, |a| keys(a, "1"));
    popup("force_post", MINIMAL, |a| {
        keys(a, " 1d");
        a.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        keys(a, "p");
    });
    popup("approve_set", MINIMAL, |a| {
        keys(a, " 1vj");
        key(a, KeyCode::Enter);
        keys(a, "late parcel");
        key(a, KeyCode::Enter);
        keys(a, "d");
        a.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        keys(a, "1a");
    });
    popup("message", CEO, |a| {
        a.layers.push(Message {
            title: "NOT WRITTEN".into(),
            text: "No space left on device".into(),
        })
    });
    popup("log_failure", CEO, |a| {
        a.layers.push(LogFailure {
            text: "No space left on device\n\nThis action is PENDING.".into(),
        })
    });
}

#[test]
fn drill_screen_at_both_sizes() {
    use warroom::drill::{DrillClock, DrillRun, DrillStart};
    let scenario =
        warroom::scenario::load_scenario(&common::repo().join("scenarios/kt-lost-iphone.ron"))
            .unwrap();
    let playbook = load_playbook(&scenario.playbook_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drill.jsonl");
    let t0 = DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap();
    let (mut run, inc, events) = DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some("comms".into()),
        },
        clock: DrillClock::manual(t0, 60),
        store: None,
        exercise: None,
        team: None,
    })
    .unwrap();
    run.clock_mut().advance_wall(Duration::from_secs(10));
    let mut app = App::new(inc, &events, t0, Theme { color: false });
    app.drill = Some(run);
    let now = app.clock_now();
    app.tick(now);
    let mut f = Fixture {
        app,
        log,
        _dir: dir,
    };
    both(&mut f, "drill");
}

#[test]
fn review_screen_at_both_sizes() {
    let dir = common::tempdir();
    let log = dir.path().join("inc.jsonl");
    common::run_ok(dir.path(), common::CEO, common::CEO_SCRIPT, &log);
    let data = warroom::commands::review::load_review(&log, None).unwrap();
    let mut a = warroom::tui::review::ReviewApp::new(
        &log,
        data,
        Actor {
            name: "rev".into(),
            role: None,
        },
        Theme { color: false },
    );
    let shown = log.display().to_string();
    for (w, h) in [(80, 24), (120, 40)] {
        let s = common::render_with(w, h, |f| warroom::tui::review::draw(&mut a, f))
            .replace(&shown, "[LOG]");
        insta::assert_snapshot!(format!("review_{w}x{h}"), s);
    }
}

/// The live screen on a TestBackend, through the run loop the terminal uses: a note typed,
/// a clock that moves on, quit. What was typed is in the log, and the clock reached the
/// screen.
#[test]
fn the_live_screen_runs_on_the_run_loop_with_scripted_input() {
    let mut f = open(CEO);
    let clock = Rc::new(ManualClock::new(t0()));
    f.app.clock = clock.clone();
    let k = |c: char| {
        Step::Input(InputEvent::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    };
    let mut steps = vec![k('n')];
    steps.extend("Legal consulted".chars().map(k));
    steps.push(Step::Input(InputEvent::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))));
    steps.push(Step::Wait(Duration::from_secs(90)));
    steps.push(k('q'));
    steps.push(k('y'));
    let moved = clock.clone();
    let mut script = Script::new(steps, move |d| {
        moved.advance(TimeDelta::from_std(d).unwrap()).unwrap()
    });
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let stop = AtomicBool::new(false);
    let exit = run_loop::run(&mut term, &mut f.app, &mut script, clock.as_ref(), &stop).unwrap();
    assert_eq!(exit, Exit::Quit);
    let notes: Vec<String> = common::log_events(&f.log)
        .iter()
        .filter(|e| e["kind"] == "note")
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(notes, ["Legal consulted"]);
    assert_eq!(f.app.now, t0() + TimeDelta::seconds(90));
    assert!(clock.now() > t0());
}

/// A KT drill on the screen at 60x: `(app, log, dir)` after `wall` seconds of wall time.
fn kt_drill(wall: u64) -> (App, PathBuf, tempfile::TempDir) {
    use warroom::drill::{DrillClock, DrillRun, DrillStart};
    let scenario =
        warroom::scenario::load_scenario(&common::repo().join("scenarios/kt-lost-iphone.ron"))
            .unwrap();
    let playbook = load_playbook(&scenario.playbook_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drill.jsonl");
    let t0 = DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap();
    let (mut run, inc, events) = DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some("comms".into()),
        },
        clock: DrillClock::manual(t0, 60),
        store: None,
        exercise: None,
        team: None,
    })
    .unwrap();
    run.clock_mut().advance_wall(Duration::from_secs(wall));
    let mut app = App::new(inc, &events, t0, Theme { color: false });
    app.drill = Some(run);
    let now = app.clock_now();
    app.tick(now);
    (app, log, dir)
}

/// The hint bar's rows of a screen rendered at 120x40 (the three rows above the message line).
fn hint_bar_of(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len().saturating_sub(4)..lines.len() - 1].join("\n")
}

#[test]
fn drill_screen_marks_injects_as_news_from_their_personas() {
    let (mut app, _log, _dir) = kt_drill(10);
    let s = common::render_screen(&mut app, 120, 40);
    let lines: Vec<&str> = s.lines().collect();
    // The message line: an arriving inject is news, not a failure.
    let message = lines[lines.len() - 1];
    assert!(message.starts_with("⇣ INJECT sympathiser"), "{message}");
    assert!(!s.contains('✗'), "{s}");
    // The status line says EXERCISE once (the banner above says it too).
    assert_eq!(lines[1].matches("EXERCISE").count(), 1, "{}", lines[1]);
    assert!(lines[1].contains("KT: iPhone lost abroad"), "{}", lines[1]);
    // The log pane credits each inject to its persona, not to the operator.
    let inject_rows: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("⇣ INJECT") && l.contains('│'))
        .collect();
    assert_eq!(inject_rows.len(), 3, "{s}");
    for (row, persona) in inject_rows.iter().zip(["이찬진", "하늘여행", "모바일 덕"]) {
        assert!(row.contains(persona) && !row.contains(" kim "), "{row}");
    }
    // The rows the log pane is built from carry the whole source.
    let sources: Vec<&str> = app
        .rows
        .iter()
        .filter(|r| r.kind == "inject_delivered")
        .map(|r| r.actor.as_str())
        .collect();
    assert_eq!(sources[0], "이찬진 @chanjin (inject)");
    assert!(
        sources.iter().all(|a| a.ends_with("(inject)")),
        "{sources:?}"
    );
}

#[test]
fn drill_hint_bar_follows_the_drill_state() {
    let (mut app, _log, _dir) = kt_drill(10);
    let bar = hint_bar_of(&common::render_screen(&mut app, 120, 40));
    assert!(
        bar.contains("z 일시정지") && !bar.contains("z 재개"),
        "{bar}"
    );
    assert!(bar.contains("o 수신 확인"), "an inject waits: {bar}");
    // Paused: z resumes.
    keys(&mut app, "z");
    assert!(app.drill.as_ref().unwrap().is_paused());
    let bar = hint_bar_of(&common::render_screen(&mut app, 120, 40));
    assert!(
        bar.contains("z 재개") && !bar.contains("z 일시정지"),
        "{bar}"
    );
    keys(&mut app, "z");
    assert!(!app.drill.as_ref().unwrap().is_paused());
    // Nothing waiting for an acknowledgement: no ack hint.
    while !app.drill.as_ref().unwrap().pending_acks().is_empty() {
        keys(&mut app, "o");
    }
    let bar = hint_bar_of(&common::render_screen(&mut app, 120, 40));
    assert!(
        !bar.contains("o 수신 확인") && bar.contains("z 일시정지"),
        "{bar}"
    );
}

#[test]
fn review_credits_injects_to_their_personas() {
    let (app, log, _dir) = kt_drill(10);
    drop(app);
    let data = warroom::commands::review::load_review(&log, None).unwrap();
    let inject = data
        .analysis
        .entries
        .iter()
        .position(|e| e.kind == "inject_delivered")
        .unwrap();
    assert_eq!(
        data.analysis.entries[inject].actor,
        "이찬진 @chanjin (inject)"
    );
    let mut a = warroom::tui::review::ReviewApp::new(
        &log,
        data,
        Actor {
            name: "rev".into(),
            role: None,
        },
        Theme { color: false },
    );
    a.selected = a.visible.iter().position(|&i| i == inject).unwrap();
    let s = common::render_with(120, 40, |f| warroom::tui::review::draw(&mut a, f));
    assert!(s.contains("by 이찬진 @chanjin (inject)"), "{s}");
    assert!(!s.contains("by kim"), "{s}");
}
