//! The drill screen in-process: the EXERCISE banner, injects arriving in the feed on the drill
//! clock, the facilitator's pause stopping arrivals, acknowledgements, and the score at the end.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use chrono::DateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::drill::{DrillClock, DrillRun, DrillStart};
use warroom::engine::Actor;
use warroom::scenario::load_scenario;
use warroom::tui::live::App;
use warroom::tui::theme::Theme;

fn render(app: &mut App, w: u16, h: u16) -> String {
    common::render_screen(app, w, h)
}

fn key(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn advance(app: &mut App, by: Duration) {
    if let Some(d) = app.drill.as_mut() {
        d.clock_mut().advance_wall(by);
    }
    let now = app.clock_now();
    app.tick(now);
}

fn kinds(p: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn drill_screen_feed_pause_and_score() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scenario = load_scenario(&root.join("scenarios/kt-lost-iphone.ron")).unwrap();
    let playbook = warroom::playbook::load_playbook(&scenario.playbook_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drill.jsonl");
    let t0 = DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap();
    let (run, inc, events) = DrillRun::start(DrillStart {
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
    let mut app = App::new(inc, &events, t0, Theme { color: false });
    app.drill = Some(run);
    app.tick(t0);
    let s = render(&mut app, 120, 40);
    assert!(
        s.contains("▌EXERCISE ▐") && s.contains("NOT A REAL INCIDENT"),
        "{s}"
    );
    assert!(s.contains("Feed"), "{s}");
    let delivered =
        |p: &std::path::Path| kinds(p).iter().filter(|k| *k == "inject_delivered").count();
    let at_start = delivered(&log);

    // At 60x, ten wall seconds are ten drill minutes: more injects arrive in the feed.
    for _ in 0..10 {
        advance(&mut app, Duration::from_secs(1));
    }
    let after = delivered(&log);
    assert!(after > at_start, "no inject arrived in 10 drill minutes");
    let s = render(&mut app, 120, 40);
    assert!(s.contains("T+00:10:00"), "{s}");

    // The facilitator pauses: the drill clock stands still and nothing arrives.
    key(&mut app, 'z');
    assert_eq!(kinds(&log).last().unwrap(), "drill_paused");
    assert!(render(&mut app, 120, 40).contains("⏸ PAUSED"));
    for _ in 0..30 {
        advance(&mut app, Duration::from_secs(1));
    }
    assert_eq!(delivered(&log), after, "an inject arrived while paused");
    assert!(render(&mut app, 120, 40).contains("drill T+00:10:00"));
    key(&mut app, 'z');
    assert_eq!(kinds(&log).last().unwrap(), "drill_resumed");

    // Acknowledge the inject that asks for it.
    if app
        .drill
        .as_ref()
        .is_some_and(|d| !d.pending_acks().is_empty())
    {
        key(&mut app, 'o');
        assert_eq!(kinds(&log).last().unwrap(), "inject_acknowledged");
    }

    // Quitting with `y` leaves the drill to be resumed: nothing is logged.
    let n = kinds(&log).len();
    key(&mut app, 'q');
    key(&mut app, 'y');
    assert!(app.quit);
    assert_eq!(kinds(&log).len(), n, "quitting logged something");
    assert!(app.drill.as_ref().unwrap().ended().is_none());
    // `e` in the quit dialog ends it (logged), its score final.
    app.quit = false;
    key(&mut app, 'q');
    key(&mut app, 'e');
    assert!(app.quit);
    assert_eq!(kinds(&log).last().unwrap(), "drill_ended");
    let card = app.drill.as_ref().unwrap().score(&app.inc);
    assert!(card.max > 0);

    // Small sizes still render, with the banner word kept.
    assert!(render(&mut app, 30, 8).contains("EXERCISE"));
    for (w, h) in [(1, 1), (60, 16), (80, 24)] {
        render(&mut app, w, h);
    }
}

#[test]
fn a_drill_that_has_ended_is_not_resumed() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("d.jsonl");
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "wait 5m\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_warroom");
    let ok = std::process::Command::new(bin)
        .args([
            "drill",
            "scenarios/kt-lost-iphone.ron",
            "--now",
            "2010-06-23T14:00:00+09:00",
            "--script",
        ])
        .arg(&script)
        .arg("--log")
        .arg(&log)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = std::fs::read(&log).unwrap();
    let out = std::process::Command::new(bin)
        .arg("resume")
        .arg(&log)
        .args(["--script", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is a drill that has ended (the script ended)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&log).unwrap(),
        before,
        "the refused resume changed the log"
    );
}
