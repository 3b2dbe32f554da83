//! Snapshots of the controller seat's screen (the facilitator's dashboard) at 120x40 and
//! 80x24 on a TestBackend with a manual drill clock: before the clock starts, running with
//! injects still to come, and after an ad-hoc inject; and that it draws at 20x6. Several
//! teams side by side: one clock for all, the same scheduled injects in every team's log, an
//! ad-hoc inject only where it was sent.

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

fn t0() -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap()
}

/// Starts the scenario's drill for `team` (none: a drill of one team) with its log in `dir`.
fn team(dir: &std::path::Path, name: Option<&str>) -> (Team, PathBuf) {
    team_of("scenarios/kt-lost-iphone.ron", dir, name)
}

fn team_of(scenario: &str, dir: &std::path::Path, name: Option<&str>) -> (Team, PathBuf) {
    let scenario = warroom::scenario::load_scenario(&common::repo().join(scenario)).unwrap();
    let playbook = warroom::playbook::load_playbook(&scenario.playbook_path()).unwrap();
    let log = dir.join(match name {
        Some(n) => format!("ex-{n}.jsonl"),
        None => "drill.jsonl".into(),
    });
    let (run, inc, events) = DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path: log.clone(),
        actor: Actor {
            name: "facilitator".into(),
            role: Some("controller".into()),
        },
        clock: DrillClock::manual(t0(), 60).stopped(),
        store: None,
        exercise: name.map(|_| "ex".to_string()),
        team: name.map(str::to_string),
    })
    .unwrap();
    (Team::new(name.map(str::to_string), inc, run, &events), log)
}

fn open() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (team, log) = team(dir.path(), None);
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

/// The scheduled injects a log delivered, in order, and its ad-hoc injects' texts.
fn deliveries(log: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let events = common::log_events(log);
    let of = |adhoc: bool| {
        events
            .iter()
            .filter(|e| e["kind"] == "inject_delivered" && (e["delivery"] == "ad_hoc") == adhoc)
            .map(|e| {
                let k = if adhoc { "text" } else { "inject" };
                e[k].as_str().unwrap_or("").to_string()
            })
            .collect::<Vec<_>>()
    };
    (of(false), of(true))
}

#[test]
fn several_teams_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let (blue, blue_log) = team(dir.path(), Some("blue"));
    let (red, red_log) = team(dir.path(), Some("red"));
    let mut c = Controller::new(vec![blue, red], Some("ex".into()), Theme { color: false });
    keys(&mut c, "s");
    advance(&mut c, Duration::from_secs(11));
    // Tab: the red team; an ad-hoc inject to it alone.
    key(&mut c, KeyCode::Tab);
    keys(&mut c, "a");
    keys(&mut c, "reporter");
    key(&mut c, KeyCode::Tab);
    keys(&mut c, "Only for red");
    key(&mut c, KeyCode::Enter);
    // A: one to every team.
    keys(&mut c, "A");
    keys(&mut c, "legal");
    key(&mut c, KeyCode::Tab);
    keys(&mut c, "For everyone");
    key(&mut c, KeyCode::Enter);
    // z pauses every team's clock; time passing then delivers nothing.
    keys(&mut c, "z");
    advance(&mut c, Duration::from_secs(60));
    let (blue_sched, blue_adhoc) = deliveries(&blue_log);
    let (red_sched, red_adhoc) = deliveries(&red_log);
    assert_eq!(blue_sched, ["relay", "customer-detail", "sympathiser"]);
    assert_eq!(blue_sched, red_sched, "the same scheduled injects");
    assert_eq!(blue_adhoc, ["For everyone"]);
    assert_eq!(red_adhoc, ["Only for red", "For everyone"]);
    for log in [&blue_log, &red_log] {
        let ev = common::log_events(log);
        let started = ev.iter().find(|e| e["kind"] == "drill_started").unwrap();
        assert_eq!(started["exercise"], "ex", "{started}");
        assert!(ev.iter().any(|e| e["kind"] == "drill_paused"), "{log:?}");
    }
    let s = render(&mut c, 120, 40);
    assert!(s.contains("⏸ PAUSED") && s.contains("▸ red"), "{s}");
    let masked = s
        .replace(&blue_log.display().to_string(), "[BLUE]")
        .replace(&red_log.display().to_string(), "[RED]");
    insta::assert_snapshot!("controller_teams_120x40", masked);
    let s = render(&mut c, 80, 24);
    insta::assert_snapshot!("controller_teams_80x24", s);
}

#[test]
fn popups_at_both_sizes() {
    let mut f = open();
    keys(&mut f.c, "?");
    both(&mut f, "controller_help");
    key(&mut f.c, KeyCode::Esc);
    keys(&mut f.c, "jx");
    both(&mut f, "controller_confirm_skip");
    keys(&mut f.c, "y");
    let skipped: Vec<_> = common::log_events(&f.log)
        .into_iter()
        .filter(|e| e["kind"] == "inject_skipped")
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["inject"], "customer-detail");
    keys(&mut f.c, "a");
    keys(&mut f.c, "chanjin");
    key(&mut f.c, KeyCode::Tab);
    keys(&mut f.c, "Any news?");
    both(&mut f, "controller_adhoc_form");
}

/// An `after:` inject waits for its trigger: the list says so, and what it waits for.
#[test]
fn an_after_inject_says_what_it_waits_for() {
    let dir = tempfile::tempdir().unwrap();
    let (t, _log) = team_of("scenarios/ford-fansite-legal.ron", dir.path(), None);
    let mut c = Controller::new(vec![t], None, Theme { color: false });
    keys(&mut c, "s");
    for _ in 0..40 {
        key(&mut c, KeyCode::Down);
    }
    let s = render(&mut c, 120, 40);
    let row = s
        .lines()
        .find(|l| l.contains("blogger-mail"))
        .unwrap_or_else(|| panic!("no blogger-mail row:\n{s}"));
    assert!(
        row.contains("waiting") && row.contains("10m after"),
        "{row}"
    );
}
