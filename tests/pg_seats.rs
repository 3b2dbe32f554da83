//! Several seats on one incident kept in PostgreSQL (a team across machines), against a real
//! server: four headless seats appending 500 notes each at once (every note once, one order,
//! the export verifies); two seats deciding at once (one `decided`, the other told who chose
//! what); the server stopped mid-incident (both seats offline, their events PENDING, then
//! appended once after the restart).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::pg;
use warroom::engine::{Actor, Command as Cmd, EventKind, Mode};
use warroom::incident::{ExecError, Incident, NewIncident, Place};

fn warroom() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_warroom"));
    c.current_dir(common::repo()).env("NO_COLOR", "1");
    c
}

fn ok(out: std::process::Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exports the incident to a file and checks that `warroom verify` accepts it; its events.
fn exported(dir: &Path, url: &str, id: &str) -> Vec<warroom::engine::Event> {
    let file = dir.join(format!("{id}.export.jsonl"));
    ok(
        warroom()
            .args(["export", id, "--store", url, "-o"])
            .arg(&file)
            .output()
            .unwrap(),
        "export",
    );
    ok(
        warroom().arg("verify").arg(&file).output().unwrap(),
        "verify",
    );
    warroom::log::read_log(&file).unwrap().events
}

#[test]
fn four_seats_append_500_notes_each_at_once_on_postgres_every_note_once() {
    let url = pg::url();
    let dir = common::tempdir();
    let id = pg::unique_id("seats");
    let setup = dir.path().join("setup.txt");
    std::fs::write(&setup, "note opened\n").unwrap();
    let log = dir.path().join(format!("{id}.jsonl"));
    ok(
        warroom()
            .args(["run", common::MINIMAL, "--store", &url, "--log"])
            .arg(&log)
            .arg("--script")
            .arg(&setup)
            .output()
            .unwrap(),
        "run --store",
    );
    assert!(!log.exists(), "with --store no log file is written");
    let children: Vec<_> = (0..4)
        .map(|s| {
            let p = dir.path().join(format!("seat-{s}.txt"));
            let text: String = (0..500).map(|i| format!("note seat-{s} {i}\n")).collect();
            std::fs::write(&p, text).unwrap();
            warroom()
                .args(["join", &id, "--store", &url, "--operator"])
                .arg(format!("seat-{s}"))
                .arg("--script")
                .arg(&p)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (s, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "seat {s}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let events = exported(dir.path(), &url, &id);
    for s in 0..4 {
        let name = format!("seat-{s}");
        let mine: Vec<usize> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Note { text } if e.actor.name == name => {
                    text.rsplit(' ').next().and_then(|n| n.parse().ok())
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            mine,
            (0..500).collect::<Vec<_>>(),
            "{name}: each once, in order"
        );
    }
    let joined = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Joined { .. }))
        .count();
    let left = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Left { .. }))
        .count();
    assert_eq!((joined, left), (4, 4));
}

fn actor(name: &str, role: &str) -> Actor {
    Actor {
        name: name.into(),
        role: Some(role.into()),
    }
}

/// A new incident in the database at `url` (Mina's seat) and Joon's seat joined to it.
fn two_seats(url: &str, dir: &Path) -> (Incident, Incident, String) {
    let id = pg::unique_id("two");
    let loaded = warroom::playbook::default_playbook().unwrap();
    let a = Incident::open(NewIncident {
        loaded: &loaded,
        title: "two seats".into(),
        mode: Mode::Live,
        log_path: dir.join(format!("{id}.jsonl")),
        actor: actor("Mina", "comms"),
        now: common::now(),
        store: Some(url.to_string()),
    })
    .unwrap();
    let b = Incident::join(
        Place::Db { url, id: &id },
        None,
        actor("Joon", "scribe"),
        common::now(),
        |_| {},
    )
    .unwrap()
    .incident;
    (a, b, id)
}

fn note(inc: &mut Incident, text: &str) -> Result<Vec<warroom::engine::Event>, ExecError> {
    inc.execute(&Cmd::Note { text: text.into() }, common::now())
}

#[test]
fn two_seats_deciding_at_once_on_postgres_one_decision_the_other_told_who() {
    let url = pg::url();
    let dir = common::tempdir();
    let (mut a, mut b, id) = two_seats(&url, dir.path());
    let first = a.session.step().choices[0].label.clone();
    let choose = |n: &str| Cmd::Choose {
        choice: n.into(),
        force: true,
    };
    a.execute(&choose("1"), common::now()).unwrap();
    let err = b.execute(&choose("2"), common::now()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ExecError::Overtaken(_)), "{msg}");
    assert!(msg.contains("Mina") && msg.contains(&first), "{msg}");
    note(&mut b, "after the decision").unwrap();
    assert_eq!(a.sync_others().unwrap().len(), 1, "Mina sees Joon's note");
    let events = exported(dir.path(), &url, &id);
    let decided = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Decided { .. }))
        .count();
    assert_eq!(decided, 1);
}

#[test]
fn the_server_stopped_mid_incident_both_seats_offline_then_everything_appended_once() {
    let server = pg::Server::start(&[]);
    let dir = common::tempdir();
    let (mut a, mut b, id) = two_seats(&server.url, dir.path());
    note(&mut a, "before").unwrap();
    assert_eq!(b.sync_others().unwrap().len(), 1);
    server.stop();
    // Both seats say so at once: the one that writes, and the one that only looks.
    let err = note(&mut a, "a while offline").unwrap_err();
    assert!(matches!(err, ExecError::Log(_)), "{err}");
    assert!(err.to_string().contains("offline"), "{err}");
    assert!(!a.online());
    assert_eq!(a.pending().len(), 1, "kept PENDING");
    let _ = b.sync_others();
    assert!(!b.online(), "the looking seat notices too");
    assert!(note(&mut b, "b while offline").is_err());
    assert_eq!(b.pending().len(), 1);
    // Nothing new is recorded over pending events; the retry writes them once the server is back.
    assert!(note(&mut a, "refused while pending").is_err());
    server.restart();
    let ra = a.retry();
    assert!(ra.error.is_none(), "{:?}", ra.error);
    assert_eq!(ra.written.len(), 1);
    let rb = b.retry();
    assert!(rb.error.is_none(), "{:?}", rb.error);
    assert_eq!(
        rb.written.len(),
        1,
        "chained again after Mina's and written"
    );
    assert!(a.online() && b.online());
    // Retrying again appends nothing twice.
    assert!(a.retry().written.is_empty());
    let events = exported(dir.path(), &server.url, &id);
    let notes: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Note { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes, ["before", "a while offline", "b while offline"]);
}
