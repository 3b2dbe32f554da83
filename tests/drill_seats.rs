//! A drill with several seats, through the library on a real log file: the host seat runs the
//! clock and delivers; a player's seat that joined follows it through the log (clock, feed,
//! end) and may not run the clock; the controller releases, skips and writes injects, and its
//! notes and the skipped injects stay off the players' screens.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use warroom::drill::{AdHoc, DrillClock, DrillRun, DrillStart, Seat};
use warroom::engine::{Actor, Command, Delivery, DrillEnd, EventKind};
use warroom::incident::{Incident, Place};
use warroom::playbook::load::load_playbook;
use warroom::scenario::{FeedChannel, load_scenario};

const KT: &str = "scenarios/kt-lost-iphone.ron";

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2010-06-23T14:00:00+09:00").unwrap()
}

fn actor(name: &str, role: &str) -> Actor {
    Actor {
        name: name.into(),
        role: Some(role.into()),
    }
}

struct Drill {
    _dir: tempfile::TempDir,
    log: std::path::PathBuf,
    host: DrillRun,
    host_inc: Incident,
}

fn host(stopped: bool) -> Drill {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(KT);
    let scenario = load_scenario(&path).unwrap();
    let playbook = load_playbook(&scenario.playbook_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drill.jsonl");
    let clock = DrillClock::manual(t0(), 1);
    let (host, host_inc, _) = DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path: log.clone(),
        actor: actor("Facilitator", "controller"),
        clock: if stopped { clock.stopped() } else { clock },
        store: None,
        exercise: None,
        team: None,
    })
    .unwrap();
    Drill {
        _dir: dir,
        log,
        host,
        host_inc,
    }
}

fn join(d: &Drill, name: &str, role: &str) -> (DrillRun, Incident) {
    let r = Incident::join(Place::File(&d.log), None, actor(name, role), t0(), |_| {}).unwrap();
    let inc = r.incident;
    let run = DrillRun::pick_up(d.host.scenario().clone(), &inc, Seat::Follower, false).unwrap();
    (run, inc)
}

fn advance(d: &mut Drill, by: Duration) {
    d.host.clock_mut().advance_wall(by);
    d.host.tick(&mut d.host_inc).unwrap();
}

fn follow(run: &mut DrillRun, inc: &mut Incident) {
    inc.sync_others().unwrap();
    run.sync(inc);
}

#[test]
fn the_clock_stands_at_t0_until_the_facilitator_starts_it() {
    let mut d = host(true);
    advance(&mut d, Duration::from_secs(600));
    assert_eq!(d.host.elapsed(), Duration::ZERO);
    assert!(d.host.feed().is_empty(), "an inject came before the start");
    assert!(!d.host.is_started());
    let evs = d.host.start_clock(&mut d.host_inc).unwrap();
    assert!(matches!(evs[0].kind, EventKind::DrillClockStarted { .. }));
    assert_eq!(evs[0].at, t0());
    // The T+0 inject arrives with the start, at T+0.
    assert_eq!(d.host.feed().len(), 1);
    assert_eq!(d.host.feed()[0].at, t0());
    assert!(d.host.start_clock(&mut d.host_inc).is_err());
    advance(&mut d, Duration::from_secs(5 * 60));
    assert_eq!(d.host.feed().len(), 2, "the +5m inject");
}

#[test]
fn a_player_seat_follows_the_host_and_may_not_run_the_clock() {
    let mut d = host(true);
    let (mut p, mut pinc) = join(&d, "Mina", "comms");
    assert!(!p.is_started());
    let refused = p.start_clock(&mut pinc).unwrap_err().to_string();
    assert!(
        refused.contains("only the seat that runs the drill"),
        "{refused}"
    );
    d.host.start_clock(&mut d.host_inc).unwrap();
    advance(&mut d, Duration::from_secs(12 * 60));
    follow(&mut p, &mut pinc);
    assert!(p.is_started());
    let ids: Vec<&str> = p.feed().iter().map(|f| f.inject.as_str()).collect();
    assert_eq!(ids, ["relay", "customer-detail", "sympathiser", "cs-facts"]);
    // The player acknowledges; the host sees it (and scores it).
    p.acknowledge(&mut pinc, Some("cs-facts")).unwrap();
    assert!(p.pause(&mut pinc).is_err());
    follow(&mut d.host, &mut d.host_inc);
    assert!(d.host.state().acks.contains_key("cs-facts"));
    let card = d.host.score(&d.host_inc);
    let facts = card
        .results
        .iter()
        .find(|r| r.id == "facts-checked")
        .unwrap();
    assert!(facts.status.word().contains("met"), "{:?}", facts.status);
    // A pause by the host reaches the player's clock.
    d.host.pause(&mut d.host_inc).unwrap();
    follow(&mut p, &mut pinc);
    assert!(p.is_paused());
}

#[test]
fn the_controller_releases_skips_and_writes_injects_and_players_do_not_see_the_plan() {
    let mut d = host(false);
    let (mut p, mut pinc) = join(&d, "Mina", "comms");
    d.host
        .deliver_now(&mut d.host_inc, "reporter-call")
        .unwrap();
    d.host.skip(&mut d.host_inc, "article").unwrap();
    assert!(d.host.skip(&mut d.host_inc, "article").is_err());
    assert!(d.host.deliver_now(&mut d.host_inc, "no-such").is_err());
    d.host
        .adhoc(
            &mut d.host_inc,
            &AdHoc {
                channel: FeedChannel::Dm,
                from: "A viewer".into(),
                text: "Is the CEO going to answer?".into(),
                ack: true,
            },
        )
        .unwrap();
    d.host
        .controller_note(&mut d.host_inc, "team is slow to classify")
        .unwrap();
    assert!(
        d.host
            .upcoming()
            .iter()
            .all(|u| u.inject.id != "reporter-call" && u.inject.id != "article")
    );
    follow(&mut p, &mut pinc);
    let early = p
        .feed()
        .iter()
        .find(|f| f.inject == "reporter-call")
        .unwrap();
    assert_eq!(early.delivery, Delivery::Early);
    let adhoc = p.feed().iter().find(|f| f.inject == "adhoc-1").unwrap();
    assert_eq!(adhoc.delivery, Delivery::AdHoc);
    assert_eq!(adhoc.author.name, "A viewer");
    assert!(p.pending_acks().iter().any(|f| f.inject == "adhoc-1"));
    // What a player's seat may see of the log: not the note, not the skipped inject.
    let evs = warroom::log::read_log(&d.log).unwrap().events;
    let shown: Vec<_> = evs.iter().filter(|e| e.visible_to(Some("comms"))).collect();
    assert!(shown.iter().all(|e| !matches!(
        e.kind,
        EventKind::ControllerNote { .. } | EventKind::InjectSkipped { .. }
    )));
    assert!(
        evs.iter()
            .any(|e| matches!(e.kind, EventKind::ControllerNote { .. }))
    );
    assert!(
        evs.iter()
            .filter(|e| e.visible_to(Some("controller")))
            .count()
            == evs.len()
    );
}

#[test]
fn closing_the_incident_ends_the_drill() {
    let mut d = host(false);
    let (mut p, mut pinc) = join(&d, "Mina", "comms");
    // The player closes the incident from their seat: the drill ends with it.
    let closed = p.execute(
        &mut pinc,
        &Command::Close {
            outcome: Some(warroom::playbook::Outcome::Escalated),
            summary: "drill stopped".into(),
        },
    );
    closed.unwrap();
    follow(&mut d.host, &mut d.host_inc);
    d.host.tick(&mut d.host_inc).unwrap();
    assert_eq!(d.host.ended(), Some(DrillEnd::Closed));
    assert!(d.host.ensure_running().is_err());
}

#[test]
fn a_player_replies_to_a_reporters_call_and_not_to_a_public_post() {
    let mut d = host(false);
    let (mut p, mut pinc) = join(&d, "Mina", "comms");
    d.host
        .deliver_now(&mut d.host_inc, "reporter-call")
        .unwrap();
    follow(&mut p, &mut pinc);
    let evs = p
        .reply(
            &mut pinc,
            "reporter-call",
            "사실 확인 후 30분 안에 다시 연락드리겠습니다.",
        )
        .unwrap();
    assert!(
        evs.iter()
            .any(|e| matches!(&e.kind, EventKind::InjectReplied { inject, .. } if inject == "reporter-call")),
        "{evs:?}"
    );
    let refused = p
        .reply(&mut pinc, "relay", "hello")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("no one to reply to"), "{refused}");
    let early = p
        .reply(&mut pinc, "article", "hello")
        .unwrap_err()
        .to_string();
    assert!(early.contains("has not arrived"), "{early}");
    follow(&mut d.host, &mut d.host_inc);
    assert_eq!(d.host.state().replies.len(), 1);
}

#[test]
fn the_facilitators_seats_watch_and_do_not_play() {
    let d = host(false);
    let (mut ev, mut einc) = join(&d, "Evan", "evaluator");
    let (mut ctl, mut cinc) = join(&d, "Cho", "controller");
    for (run, inc, role) in [
        (&mut ev, &mut einc, "evaluator"),
        (&mut ctl, &mut cinc, "controller"),
    ] {
        let refused = run
            .execute(
                inc,
                &Command::Tick {
                    item: "captured".into(),
                },
            )
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains(&format!("this seat is the drill's {role}")),
            "{refused}"
        );
    }
    let evs = ev
        .execute(
            &mut einc,
            &Command::Note {
                text: "slow to classify".into(),
            },
        )
        .unwrap();
    assert!(matches!(
        evs.last().unwrap().kind,
        EventKind::Observation { .. }
    ));
    let evs = ctl
        .execute(
            &mut cinc,
            &Command::Note {
                text: "hold the reporter".into(),
            },
        )
        .unwrap();
    assert!(matches!(
        evs.last().unwrap().kind,
        EventKind::ControllerNote { .. }
    ));
    // Neither reaches a player's screen.
    assert!(evs.iter().all(|e| !e.visible_to(Some("comms"))));
}
