//! A drill kept in PostgreSQL, against the real server the test setup starts: the host seat
//! delivers on its clock, a player's seat on another connection follows it (the feed, the
//! clock's start) and acknowledges, and the host scores the acknowledgement.

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use common::pg;
use warroom::drill::{DrillClock, DrillRun, DrillStart, Seat};
use warroom::engine::Actor;
use warroom::incident::{Incident, Place};
use warroom::playbook::load::load_playbook;
use warroom::scenario::load_scenario;

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap()
}

#[test]
fn a_drill_in_postgres_is_followed_by_a_player_seat() {
    let url = pg::url();
    let id = pg::unique_id("drill");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kt-lost-iphone.ron");
    let scenario = load_scenario(&path).unwrap();
    let playbook = load_playbook(&scenario.playbook_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut host, mut hinc, _) = DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path: dir.path().join(format!("{id}.jsonl")),
        actor: Actor {
            name: "Facilitator".into(),
            role: Some("controller".into()),
        },
        clock: DrillClock::manual(t0(), 1).stopped(),
        store: Some(url.clone()),
        exercise: None,
        team: None,
    })
    .unwrap();
    let joined = Incident::join(
        Place::Db { url: &url, id: &id },
        None,
        Actor {
            name: "Mina".into(),
            role: Some("comms".into()),
        },
        t0(),
        |_| {},
    )
    .unwrap();
    let mut pinc = joined.incident;
    let mut player =
        DrillRun::pick_up(scenario.scenario.clone(), &pinc, Seat::Follower, false).unwrap();
    assert!(!player.is_started());
    host.start_clock(&mut hinc).unwrap();
    host.clock_mut().advance_wall(Duration::from_secs(12 * 60));
    host.tick(&mut hinc).unwrap();
    pinc.sync_others().unwrap();
    player.sync(&pinc);
    assert!(player.is_started());
    assert_eq!(player.feed().len(), 4, "{:?}", player.feed());
    player.acknowledge(&mut pinc, Some("cs-facts")).unwrap();
    hinc.sync_others().unwrap();
    host.sync(&hinc);
    assert!(host.state().acks.contains_key("cs-facts"));
    // The export of the drill is a log `verify` accepts.
    let out = dir.path().join("export.jsonl");
    let export = common::bin()
        .args(["export", &id, "--store", &url, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let verify = common::bin().arg("verify").arg(&out).output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}
