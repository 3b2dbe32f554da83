//! Property tests of the engine: random command sequences applied the way `Incident` does it
//! (breaches first, then the command's events, each folded as it is recorded) give a session
//! that `Session::replay` rebuilds exactly — also after a round trip through the log's line
//! format and reader.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeDelta};
use proptest::prelude::*;
use warroom::engine::{Actor, Command, CommandError, Event, EventKind, Mode, PlaybookRef, Session};
use warroom::log::chain::{GENESIS, encode};
use warroom::playbook::{Outcome, Playbook, playbook_from_str};

const MINIMAL: &str = include_str!("../docs/examples/minimal.ron");
const CEO: &str = include_str!("../playbooks/ceo-twitter-complaint.ron");

fn playbook(ceo: bool) -> Arc<Playbook> {
    let (name, text) = if ceo {
        ("ceo.ron", CEO)
    } else {
        ("minimal.ron", MINIMAL)
    };
    Arc::new(playbook_from_str(name, text).unwrap().playbook)
}

#[derive(Debug, Clone)]
enum Op {
    Choose(usize, bool),
    Tick(usize),
    Untick(usize),
    TickUnknown,
    Set(usize, String),
    Note(String),
    Draft(Option<String>),
    Post(Option<u32>, bool),
    Approve(Option<String>),
    Reject(Option<String>, String),
    Back,
    Amend(u64, Option<i64>, String),
    Close(Option<usize>, String),
    Wait(i64),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,12}",
        "\\PC{0,30}",
        Just("quote \" backslash \\ newline \n tab \t esc \u{1b}[2J".to_string()),
        Just("가나다라마바사 {handle} {{braces}}".to_string()),
        Just("x".repeat(300)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => (prop_oneof![3 => Just(1usize), 2 => Just(2), 1 => 3usize..=4], any::<bool>())
            .prop_map(|(n, f)| Op::Choose(n, f)),
        12 => any::<usize>().prop_map(Op::Tick),
        3 => any::<usize>().prop_map(Op::Untick),
        2 => Just(Op::TickUnknown),
        5 => (any::<usize>(), text()).prop_map(|(i, v)| Op::Set(i, v)),
        3 => text().prop_map(Op::Note),
        6 => prop::option::of(text()).prop_map(Op::Draft),
        6 => (prop::option::of(0u32..4), any::<bool>()).prop_map(|(d, f)| Op::Post(d, f)),
        8 => prop::option::of("[A-Z][a-z]{2,6}").prop_map(Op::Approve),
        4 => (prop::option::of("[A-Z][a-z]{2,6}"), text()).prop_map(|(b, r)| Op::Reject(b, r)),
        3 => Just(Op::Back),
        3 => (0u64..40, prop::option::of(-120i64..0), text()).prop_map(|(t, o, x)| Op::Amend(t, o, x)),
        1 => (prop::option::of(0usize..5), text()).prop_map(|(o, s)| Op::Close(o, s)),
        6 => (0i64..20).prop_map(Op::Wait),
    ]
}

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap()
}

/// Turns an op into a command against the live session's current state.
fn command(s: &Session, op: &Op, now: DateTime<FixedOffset>) -> Option<Command> {
    let step = s.step();
    let item = |i: usize| {
        (!step.checklist.is_empty()).then(|| step.checklist[i % step.checklist.len()].id.clone())
    };
    Some(match op {
        Op::Choose(n, force) => Command::Choose {
            choice: n.to_string(),
            force: *force,
        },
        Op::Tick(i) => Command::Tick { item: item(*i)? },
        Op::Untick(i) => Command::Untick { item: item(*i)? },
        Op::TickUnknown => Command::Tick {
            item: "no-such-item".into(),
        },
        Op::Set(i, v) => {
            let vars = &s.playbook.variables;
            Command::Set {
                name: vars[i % vars.len()].id.clone(),
                value: v.clone(),
            }
        }
        Op::Note(t) => Command::Note { text: t.clone() },
        Op::Draft(t) => Command::SaveDraft {
            template: None,
            text: t.clone(),
        },
        Op::Post(d, force) => Command::Post {
            draft: *d,
            force: *force,
        },
        Op::Approve(by) => Command::Approve {
            by: by.clone(),
            drafts: Vec::new(),
        },
        Op::Reject(by, reason) => Command::Reject {
            by: by.clone(),
            reason: reason.clone(),
        },
        Op::Back => Command::Back,
        Op::Amend(t, o, x) => Command::Amend {
            target: *t,
            occurred_at: o.map(|m| now + TimeDelta::minutes(m)),
            text: x.clone(),
        },
        Op::Close(o, summary) => Command::Close {
            outcome: o.and_then(|i| Outcome::ALL.get(i).copied()),
            summary: summary.clone(),
        },
        Op::Wait(_) => return None,
    })
}

/// Runs ops the way `Incident::execute` does; returns the live session and every event.
fn run(pb: Arc<Playbook>, actor: &Actor, ops: &[Op]) -> (Session, Vec<Event>) {
    let mut s = Session::new(pb.clone());
    let mut events = Vec::new();
    let mut now = start();
    let record = |s: &mut Session, kinds: Vec<EventKind>, now, events: &mut Vec<Event>| {
        for kind in kinds {
            let e = Event {
                seq: s.seq + 1,
                at: now,
                actor: actor.clone(),
                kind,
            };
            s.fold(&e);
            events.push(e);
        }
    };
    let opened = EventKind::Opened {
        playbook: PlaybookRef {
            path: "prop.ron".into(),
            abs_path: None,
            id: pb.id.clone(),
            title: pb.title.clone(),
            version: pb.version.clone(),
            sha256: "0".repeat(64),
        },
        title: "property test".into(),
        mode: Mode::Live,
        warroom_version: "test".into(),
        start: pb.start.clone(),
    };
    record(&mut s, vec![opened], now, &mut events);
    for op in ops {
        now += TimeDelta::seconds(7);
        if let Op::Wait(m) = op {
            now += TimeDelta::minutes(*m);
            let b = s.new_breaches(now);
            record(&mut s, b, now, &mut events);
            continue;
        }
        let Some(cmd) = command(&s, op, now) else {
            continue;
        };
        let b = s.new_breaches(now);
        record(&mut s, b, now, &mut events);
        // A breach is logged once: after folding it, nothing new is breached at the same time.
        assert!(s.new_breaches(now).is_empty());
        let before = s.clone();
        match s.apply(&cmd, actor) {
            Ok(kinds) => {
                assert!(!kinds.is_empty());
                record(&mut s, kinds, now, &mut events);
            }
            Err(e) => {
                // A refusal changes nothing; a closed incident refuses everything but notes
                // and amendments.
                assert_eq!(s, before);
                if s.closed.is_some() {
                    assert!(
                        e == CommandError::Closed
                            || matches!(cmd, Command::Note { .. } | Command::Amend { .. })
                    );
                }
            }
        }
    }
    (s, events)
}

fn actor(role: u8) -> Actor {
    Actor {
        name: "Operator".into(),
        role: match role {
            0 => None,
            1 => Some("ceo".into()),
            _ => Some("comms".into()),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn replay_rebuilds_the_live_session(
        ceo in any::<bool>(),
        role in 0u8..3,
        ops in prop::collection::vec(op(), 0..80),
    ) {
        let pb = playbook(ceo);
        let (live, events) = run(pb.clone(), &actor(role), &ops);
        let replayed = Session::replay(pb.clone(), &events);
        prop_assert_eq!(&replayed, &live);
        // seq runs 1..n.
        for (i, e) in events.iter().enumerate() {
            prop_assert_eq!(e.seq, i as u64 + 1);
        }
        prop_assert_eq!(live.seq, events.len() as u64);
        // Every visit after the first was entered when the previous one was left.
        for w in live.path.windows(2) {
            prop_assert_eq!(w[0].left_at, Some(w[1].entered_at));
        }
    }

    #[test]
    fn log_round_trip_replays_the_same(
        ceo in any::<bool>(),
        role in 0u8..3,
        ops in prop::collection::vec(op(), 0..60),
    ) {
        let pb = playbook(ceo);
        let (live, events) = run(pb.clone(), &actor(role), &ops);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prop.jsonl");
        let mut prev = GENESIS.to_string();
        let mut bytes = String::new();
        for e in &events {
            let (line, hash) = encode(e, &prev).unwrap();
            prop_assert!(line.ends_with('\n'));
            prop_assert_eq!(line.matches('\n').count(), 1, "one line per event");
            bytes.push_str(&line);
            prev = hash;
        }
        std::fs::write(&path, &bytes).unwrap();
        let read = warroom::log::read_log(&path).unwrap();
        prop_assert!(read.problem.is_none(), "{:?}", read.problem);
        prop_assert!(read.torn.is_none());
        prop_assert_eq!(&read.events, &events);
        prop_assert_eq!(read.last_hash, prev);
        let replayed = Session::replay(pb, &read.events);
        prop_assert_eq!(&replayed, &live);
        let report = warroom::log::verify::verify(&path).unwrap();
        prop_assert!(report.ok());
        prop_assert_eq!(report.closed, live.closed.is_some());
    }
}
