//! Several seats on one incident on the file store (one machine): `warroom join` beside the
//! seat that opened it. Real processes appending to a real file at the same time: every note
//! once, one total order, the log verifies; two seats deciding at once give one `decided` and
//! a refusal naming who chose what; a seat killed mid-append loses no acknowledged event.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use warroom::engine::{Actor, Command as Cmd, EventKind};
use warroom::incident::{ExecError, Incident};

const SEATS: usize = 4;
const NOTES: usize = 500;

/// Opens an incident on the minimal playbook (the opening seat quits at once).
fn opened(dir: &Path) -> std::path::PathBuf {
    let log = dir.join("incident.jsonl");
    common::run_ok(dir, common::MINIMAL, "note opened\n", &log);
    log
}

fn join(log: &Path, operator: &str, script: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_warroom"));
    c.current_dir(common::repo())
        .env("NO_COLOR", "1")
        .arg("join")
        .arg(log)
        .arg("--script")
        .arg(script)
        .args(["--operator", operator]);
    c
}

fn verify(log: &Path) {
    let out = common::std_bin().arg("verify").arg(log).output().unwrap();
    assert!(
        out.status.success(),
        "verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn four_seats_append_500_notes_each_at_once_every_note_once_in_one_order() {
    let dir = common::tempdir();
    let log = opened(dir.path());
    let children: Vec<_> = (0..SEATS)
        .map(|s| {
            let p = dir.path().join(format!("seat-{s}.txt"));
            let text: String = (0..NOTES).map(|i| format!("note seat-{s} {i}\n")).collect();
            std::fs::write(&p, text).unwrap();
            join(&log, &format!("seat-{s}"), &p)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (s, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "seat {s}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    verify(&log);
    let events = warroom::log::read_log(&log).unwrap().events;
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let (mut joined, mut left) = (0, 0);
    for e in &events {
        match &e.kind {
            EventKind::Note { text } if text.starts_with("seat-") => {
                let (seat, n) = text.split_once(' ').unwrap();
                assert_eq!(
                    seat, e.actor.name,
                    "a note is recorded under its seat's name"
                );
                seen.entry(seat.to_string())
                    .or_default()
                    .push(n.parse().unwrap());
            }
            EventKind::Joined { .. } => joined += 1,
            EventKind::Left { .. } => left += 1,
            _ => {}
        }
    }
    assert_eq!((joined, left), (SEATS, SEATS));
    assert_eq!(seen.len(), SEATS);
    for (seat, ns) in &seen {
        // Each exactly once, in the order its seat wrote them.
        assert_eq!(ns, &(0..NOTES).collect::<Vec<_>>(), "{seat}");
    }
    // Interleaved: the seats really wrote at the same time (no seat's notes all in one block).
    let order: Vec<&str> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Note { .. }) && e.actor.name.starts_with("seat-"))
        .map(|e| e.actor.name.as_str())
        .collect();
    let switches = order.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(
        switches > SEATS,
        "the seats did not overlap: {switches} switches"
    );
}

fn actor(name: &str, role: &str) -> Actor {
    Actor {
        name: name.into(),
        role: Some(role.into()),
    }
}

/// Opens an incident on the default playbook with its seat, and a second seat joined to it.
fn two_seats(dir: &Path) -> (Incident, Incident, std::path::PathBuf) {
    let log = dir.join("incident.jsonl");
    let loaded = warroom::playbook::default_playbook().unwrap();
    let a = Incident::open(warroom::incident::NewIncident {
        loaded: &loaded,
        title: "two seats".into(),
        mode: warroom::engine::Mode::Live,
        log_path: log.clone(),
        actor: actor("Mina", "comms"),
        now: common::now(),
        store: None,
    })
    .unwrap();
    let b = Incident::join(
        warroom::incident::Place::File(&log),
        None,
        actor("Joon", "scribe"),
        common::now(),
        |_| {},
    )
    .unwrap()
    .incident;
    (a, b, log)
}

#[test]
fn two_seats_choosing_at_the_same_step_one_decides_the_other_is_told_who_chose_what() {
    let dir = common::tempdir();
    let (mut a, mut b, log) = two_seats(dir.path());
    let step = a.session.step().id.clone();
    assert_eq!(b.session.step().id, step, "both seats see the same step");
    let labels: Vec<String> = a
        .session
        .step()
        .choices
        .iter()
        .map(|c| c.label.clone())
        .collect();
    assert!(labels.len() >= 2, "the start step has two choices");
    // Both decide from the same state: Mina's goes in first; Joon's is checked again after it.
    a.execute(
        &Cmd::Choose {
            choice: "1".into(),
            force: true,
        },
        common::now(),
    )
    .unwrap();
    let err = b
        .execute(
            &Cmd::Choose {
                choice: "2".into(),
                force: true,
            },
            common::now(),
        )
        .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ExecError::Overtaken(_)), "{msg}");
    assert!(msg.contains("Mina"), "names who chose: {msg}");
    assert!(msg.contains(&labels[0]), "names what was chosen: {msg}");
    // Joon's seat now shows the new step; exactly one decision is in the log.
    assert_eq!(b.session.step().id, a.session.step().id);
    let decided = warroom::log::read_log(&log)
        .unwrap()
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Decided { .. }))
        .count();
    assert_eq!(decided, 1);
    // A note is not bound to the step: it goes in after the other seat's events.
    b.execute(
        &Cmd::Note {
            text: "seen".into(),
        },
        common::now(),
    )
    .unwrap();
    let n = a.sync_others().unwrap();
    assert_eq!(n.len(), 1, "Mina's seat takes Joon's note in");
    assert_eq!(n[0].actor.name, "Joon");
    drop((a, b));
    verify(&log);
}

#[test]
fn two_headless_seats_choosing_at_once_record_one_decision() {
    let dir = common::tempdir();
    let log = opened(dir.path());
    // Each seat waits for the file to be there, then chooses; both are started together.
    let scripts: Vec<_> = (1..=2)
        .map(|c| {
            let p = dir.path().join(format!("choose-{c}.txt"));
            std::fs::write(&p, format!("choose {c} --force\n")).unwrap();
            p
        })
        .collect();
    let children: Vec<_> = scripts
        .iter()
        .enumerate()
        .map(|(i, s)| {
            join(&log, &format!("seat-{i}"), s)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let decided: Vec<_> = warroom::log::read_log(&log)
        .unwrap()
        .events
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::Decided { .. }))
        .collect();
    assert_eq!(decided.len(), 1, "exactly one decision");
    let winner = &decided[0].actor.name;
    for (i, out) in outs.iter().enumerate() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if format!("seat-{i}") == *winner {
            assert!(out.status.success(), "{stderr}");
        } else {
            // The other seat either saw the step moved when it came to choose (the choice no
            // longer exists there, or it was overtaken) — never recorded, and told who.
            assert!(
                !out.status.success(),
                "the loser's choice must not go through"
            );
            assert!(
                stderr.contains(winner.as_str()) || stderr.contains("no choice"),
                "{stderr}"
            );
        }
    }
    verify(&log);
}

#[test]
fn a_seat_killed_mid_append_loses_no_acknowledged_event_and_the_log_verifies() {
    let dir = common::tempdir();
    let log = opened(dir.path());
    let long: String = (0..20_000).map(|i| format!("note victim {i}\n")).collect();
    let victim_script = dir.path().join("victim.txt");
    std::fs::write(&victim_script, long).unwrap();
    let other: String = (0..300).map(|i| format!("note other {i}\n")).collect();
    let other_script = dir.path().join("other.txt");
    std::fs::write(&other_script, other).unwrap();

    let mut victim = join(&log, "victim", &victim_script)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let other = join(&log, "other", &other_script)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill the victim once it has acknowledged some notes (its stdout prints each after fsync).
    let mut stdout = victim.stdout.take().unwrap();
    let mut acked = String::new();
    {
        use std::io::Read;
        let mut buf = [0u8; 4096];
        while acked.matches("victim").count() < 50 {
            let n = stdout.read(&mut buf).unwrap();
            assert!(n > 0, "the victim ended early");
            acked.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(victim.id() as i32, libc::SIGKILL) };
    let _ = victim.wait();
    {
        use std::io::Read;
        let _ = stdout.read_to_string(&mut acked);
    }
    let out = other.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One more seat appends after: a torn line the kill may have left is cut (a copy kept).
    let last = dir.path().join("last.txt");
    std::fs::write(&last, "note last\n").unwrap();
    let out = join(&log, "last", &last).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    verify(&log);
    let notes: Vec<String> = warroom::log::read_log(&log)
        .unwrap()
        .events
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Note { text } => Some(text),
            _ => None,
        })
        .collect();
    // Every note the victim printed (acknowledged) is in the log, once.
    for line in acked.lines().filter(|l| l.contains("victim ")) {
        let n = line.rsplit(' ').next().unwrap();
        let text = format!("victim {n}");
        assert_eq!(
            notes.iter().filter(|t| **t == text).count(),
            1,
            "{text} acknowledged but not in the log once"
        );
    }
    assert_eq!(
        notes.iter().filter(|t| t.starts_with("other ")).count(),
        300
    );
}

#[test]
fn a_seat_joining_while_another_appends_to_a_small_log_comes_in_after_it() {
    // The other seat appends while the joining seat is still reading the log (a log shorter
    // than the bytes a seat keeps to check its tail): the joining seat must neither mistake
    // that line for its own nor refuse the log as changed.
    let dir = common::tempdir();
    let (mut a, _b, log) = two_seats(dir.path());
    let mut appended = false;
    let joined = Incident::join(
        warroom::incident::Place::File(&log),
        None,
        actor("Sora", "legal"),
        common::now(),
        |_| {
            if !appended {
                appended = true;
                a.execute(
                    &Cmd::Note {
                        text: "written while Sora was reading".into(),
                    },
                    common::now(),
                )
                .unwrap();
            }
        },
    )
    .unwrap();
    assert!(joined.write_error.is_none(), "{:?}", joined.write_error);
    let mut c = joined.incident;
    c.execute(
        &Cmd::Note {
            text: "Sora's first note".into(),
        },
        common::now(),
    )
    .unwrap();
    verify(&log);
    let kinds: Vec<String> = warroom::log::read_log(&log)
        .unwrap()
        .events
        .iter()
        .map(|e| e.kind.kind().name().to_string())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "note").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "joined").count(),
        2,
        "{kinds:?}"
    );
}
