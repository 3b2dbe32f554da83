//! Snapshots of the controller seat's screen (the facilitator's dashboard) at 120x40 and
//! 80x24 on a TestBackend with a manual drill clock: before the clock starts, running with
//! injects still to come, and after an ad-hoc inject; and that it draws at 20x6.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use chrono::DateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::drill::{DrillClock, DrillRun, DrillStart};
use warroom::engine::Actor;
use warroom::tui::controller::{Controller, Team};
use warroom::tui::theme::Theme;

struct Fixture {
    c: Controller,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

fn open() -> Fixture {
    let scenario =
        warroom::scenario::load_scenario(&common::repo().join("scenarios/kt-lost-iphone.ron"))
            .unwrap();
    let playbook = warroom::playbook::load_playbook(&scenario.playbook_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drill.jsonl");
    let t0 = DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap();
    let (run, inc, events) = DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path: log.clone(),
        actor: Actor {
            name: "facilitator".into(),
            role: Some("controller".into()),
        },
        clock: DrillClock::manual(t0, 60).stopped(),
        store: None,
        exercise: None,
        team: None,
    })
    .unwrap();
    let team = Team::new(None, inc, run, &events);
    Fixture {
        c: Controller::new(vec![team], None, Theme { color: false }),
        log,
        _dir: dir,
    }
}

fn key(c: &mut Controller, code: KeyCode) {
    c.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(c: &mut Controller, s: &str) {
    for ch in s.chars() {
        key(c, KeyCode::Char(ch));
    }
}

fn advance(c: &mut Controller, by: Duration) {
    for t in &mut c.teams {
        t.run.clock_mut().advance_wall(by);
    }
    c.tick();
}

fn render(c: &mut Controller, w: u16, h: u16) -> String {
    common::render_with(w, h, |f| warroom::tui::controller::draw(c, f))
}

fn both(f: &mut Fixture, name: &str) {
    let log = f.log.display().to_string();
    for (w, h) in [(80, 24), (120, 40)] {
        let s = render(&mut f.c, w, h).replace(&log, "[LOG]");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), s);
    }
}

fn kinds(log: &std::path::Path) -> Vec<String> {
    common::log_events(log)
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn before_the_clock_starts() {
    let mut f = open();
    advance(&mut f.c, Duration::from_secs(30));
    let s = render(&mut f.c, 120, 40);
    assert!(s.contains("NOT STARTED") && s.contains("T+00:00:00"), "{s}");
    assert!(!kinds(&f.log).contains(&"inject_delivered".to_string()));
    both(&mut f, "controller_before_start");
}

#[test]
fn running_with_upcoming_injects() {
    let mut f = open();
    keys(&mut f.c, "s");
    assert!(kinds(&f.log).contains(&"drill_clock_started".to_string()));
    // Ten wall seconds at 60x: ten drill minutes; relay and customer-detail have come.
    advance(&mut f.c, Duration::from_secs(600 / 60));
    let s = render(&mut f.c, 120, 40);
    assert!(s.contains("▶ 60x") && s.contains("T+00:10:00"), "{s}");
    assert!(
        !s.contains("customer-detail ·"),
        "delivered, not upcoming:\n{s}"
    );
    assert!(s.contains("sympathiser"), "{s}");
    keys(&mut f.c, "j");
    both(&mut f, "controller_running");
}

#[test]
fn after_an_adhoc_inject() {
    let mut f = open();
    keys(&mut f.c, "s");
    advance(&mut f.c, Duration::from_secs(2));
    keys(&mut f.c, "a");
    // channel: three to the right (News), from: a name, text, ack on.
    key(&mut f.c, KeyCode::Up);
    for _ in 0..3 {
        key(&mut f.c, KeyCode::Right);
    }
    key(&mut f.c, KeyCode::Tab);
    keys(&mut f.c, "Daily Herald");
    key(&mut f.c, KeyCode::Tab);
    keys(&mut f.c, "Is KT refusing insurance claims abroad?");
    key(&mut f.c, KeyCode::Tab);
    key(&mut f.c, KeyCode::Char(' '));
    let form = render(&mut f.c, 80, 24);
    assert!(form.contains("news") && form.contains("[x] yes"), "{form}");
    key(&mut f.c, KeyCode::Enter);
    assert!(f.c.layers.is_empty(), "the form closes once sent");
    let events = common::log_events(&f.log);
    let adhoc = events
        .iter()
        .find(|e| e["kind"] == "inject_delivered" && e["delivery"] == "ad_hoc")
        .unwrap_or_else(|| panic!("no ad-hoc inject in {events:?}"));
    assert_eq!(adhoc["channel"], "News", "{adhoc}");
    assert_eq!(adhoc["ack"], true, "{adhoc}");
    both(&mut f, "controller_after_adhoc");
}

#[test]
fn refusals_show_on_the_message_line() {
    let mut f = open();
    keys(&mut f.c, "z");
    let s = render(&mut f.c, 120, 40);
    assert!(s.contains("✗ the drill clock has not started yet"), "{s}");
    keys(&mut f.c, "a");
    key(&mut f.c, KeyCode::Enter);
    let s = render(&mut f.c, 120, 40);
    assert!(s.contains("✗ an inject needs a text"), "{s}");
    assert!(
        !f.c.layers.is_empty(),
        "the form stays open after a refusal"
    );
}

#[test]
fn tiny_screens_do_not_panic() {
    let mut f = open();
    for (w, h) in [(20, 6), (1, 1), (60, 16), (59, 40)] {
        let _ = render(&mut f.c, w, h);
    }
    keys(&mut f.c, "?");
    for (w, h) in [(20, 6), (80, 24)] {
        let _ = render(&mut f.c, w, h);
    }
}
