//! The PostgreSQL store against a real server (WARROOM_TEST_PG, started by scripts/test):
//! the append protocol (conflicts, concurrent seats, wake-ups), the database refusing to
//! rewrite history whatever the client (the real psql), export/import, and a server stopped
//! mid-incident.

mod common;

use std::time::{Duration, Instant};

use common::pg::{self, note, notes, opened, psql, unique_id};
use warroom::store::pg::PgStore;
use warroom::store::{Appended, EventStore, Head, Line, StoreError};

fn new_incident(tag: &str) -> (String, String, PgStore) {
    let url = pg::url();
    let id = unique_id(tag);
    let store = PgStore::create(&url, &id, &opened(&format!("incident {tag}"))).unwrap();
    (url, id, store)
}

fn head_of(lines: &[Line]) -> Head {
    lines.last().map_or_else(Head::empty, Head::after)
}

#[test]
fn an_append_on_a_moved_head_returns_the_lines_in_between() {
    let (url, id, mut a) = new_incident("conflict");
    let mut b = PgStore::open(&url, &id).unwrap();
    let start = head_of(&a.read_after(0).unwrap());
    assert_eq!(start.seq, 1);

    let by_a = notes(&start, "Mina", 3);
    assert_eq!(a.append_if(&start, &by_a).unwrap(), Appended::Done);
    // b still believes the head is seq 1: nothing of its is written, a's lines come back.
    let by_b = notes(&start, "Joon", 1);
    match b.append_if(&start, &by_b).unwrap() {
        Appended::Conflict(lines) => assert_eq!(lines, by_a),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Folded, b appends on the new head.
    let by_b = notes(&head_of(&by_a), "Joon", 1);
    assert_eq!(b.append_if(&head_of(&by_a), &by_b).unwrap(), Appended::Done);
    let all = a.read_after(0).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[4], by_b[0]);
    assert_eq!(a.read_after(3).unwrap(), all[3..].to_vec());
    assert_eq!(b.head().unwrap(), head_of(&all));

    // The same lines sent again (an answer lost with the connection): done, not twice.
    assert_eq!(b.append_if(&head_of(&by_a), &by_b).unwrap(), Appended::Done);
    assert_eq!(a.read_after(0).unwrap(), all);

    // A head the database never had is refused, not a conflict.
    let bogus = Head {
        seq: 2,
        hash: "ab".repeat(32),
    };
    let l = note(&bogus, "Joon", "from another incident");
    assert!(matches!(
        b.append_if(&bogus, &[l]),
        Err(StoreError::Refused { .. })
    ));
    // The label names the server and the incident, never a password.
    assert!(a.label().starts_with("postgres://"), "{}", a.label());
    assert!(a.label().ends_with(&format!("#{id}")), "{}", a.label());
}

#[test]
fn four_seats_appending_500_notes_each_give_2000_lines_in_one_order() {
    let (url, id, mut first) = new_incident("four-seats");
    let start = head_of(&first.read_after(0).unwrap());
    let seats: Vec<_> = (0..4)
        .map(|s| {
            let url = url.clone();
            let id = id.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let mut store = PgStore::open(&url, &id).unwrap();
                let name = format!("seat{s}");
                let mut head = start;
                let mut conflicts = 0u32;
                for i in 0..500 {
                    loop {
                        let l = note(&head, &name, &format!("{name} note {i}"));
                        match store.append_if(&head, std::slice::from_ref(&l)).unwrap() {
                            Appended::Done => {
                                head = Head::after(&l);
                                break;
                            }
                            Appended::Conflict(lines) => {
                                conflicts += 1;
                                head = head_of(&lines);
                            }
                        }
                    }
                }
                conflicts
            })
        })
        .collect();
    let conflicts: u32 = seats.into_iter().map(|t| t.join().unwrap()).sum();
    let lines = first.read_after(0).unwrap();
    assert_eq!(lines.len(), 2001, "the opened line and 2000 notes");
    for s in 0..4 {
        for i in 0..500 {
            let text = format!("\"text\":\"seat{s} note {i}\"");
            let n = lines.iter().filter(|l| l.line.contains(&text)).count();
            assert_eq!(n, 1, "seat{s} note {i} is there exactly once");
        }
    }
    eprintln!("{conflicts} conflicts re-tried");

    // The export is a log `warroom verify` accepts.
    let dir = common::tempdir();
    let log = dir.path().join("export.jsonl");
    common::bin()
        .args(["export", &id, "--store", &url, "-o"])
        .arg(&log)
        .assert()
        .success();
    let out = common::bin().arg("verify").arg(&log).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("2001 events"), "{stdout}");
}

#[test]
fn the_database_refuses_to_rewrite_history_whatever_the_client() {
    let (url, id, mut store) = new_incident("hostile");
    let start = head_of(&store.read_after(0).unwrap());
    let lines = notes(&start, "Mina", 2);
    assert_eq!(store.append_if(&start, &lines).unwrap(), Appended::Done);
    let refused = |sql: &str| {
        let out = psql(&url, sql);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success(), "psql accepted: {sql}");
        assert!(err.contains("refused"), "{sql}: {err}");
        err
    };
    let q = |s: &str| s.replace("ID", &id);
    refused(&q("UPDATE events SET line = 'x' WHERE incident_id = 'ID'"));
    refused(&q(
        "UPDATE events SET author = 'nobody' WHERE incident_id = 'ID' AND seq = 2",
    ));
    refused(&q(
        "DELETE FROM events WHERE incident_id = 'ID' AND seq = 3",
    ));
    refused("TRUNCATE events");
    refused(&q("UPDATE incidents SET head_seq = 1 WHERE id = 'ID'"));
    refused(&q("UPDATE incidents SET title = 'other' WHERE id = 'ID'"));
    refused(&q("DELETE FROM incidents WHERE id = 'ID'"));

    // A line with a gap, a wrong prev, or one whose content does not hash to its hash.
    let head = head_of(&lines);
    let insert = |l: &Line, prev: &str| {
        q(&format!(
            "INSERT INTO events (incident_id, seq, prev, hash, line) VALUES ('ID', {}, '{prev}', '{}', $${}$$)",
            l.seq, l.hash, l.line
        ))
    };
    let skip = note(
        &Head {
            seq: head.seq + 1,
            hash: head.hash.clone(),
        },
        "Eve",
        "a gap",
    );
    let err = refused(&insert(&skip, &head.hash));
    assert!(err.contains("no gap"), "{err}");
    let wrong = note(
        &Head {
            seq: head.seq,
            hash: "ab".repeat(32),
        },
        "Eve",
        "wrong prev",
    );
    refused(&insert(&wrong, &"ab".repeat(32)));
    let good = note(&head, "Eve", "honest");
    let altered = Line {
        line: good.line.replace("honest", "altered"),
        ..good.clone()
    };
    let err = refused(&insert(&altered, &head.hash));
    assert!(err.contains("hash"), "{err}");
    let mut new_head = psql(
        &url,
        &q("INSERT INTO incidents (id, title, playbook_id, head_seq) VALUES ('ID-2', 't', 'p', 5)"),
    );
    assert!(!new_head.status.success());
    // The honest next line is accepted (by psql too), and the seats see it.
    new_head = psql(&url, &insert(&good, &head.hash));
    assert!(
        new_head.status.success(),
        "{}",
        String::from_utf8_lossy(&new_head.stderr)
    );
    let all = store.read_after(0).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3], good);
    // The server filled author, the client's at and its own received_at from the line.
    let out = std::process::Command::new("psql")
        .args(["-X", "-At", "-d", &url, "-c"])
        .arg(q("SELECT author, to_char(at AT TIME ZONE 'UTC', 'HH24:MI:SS'), received_at > at FROM events WHERE incident_id = 'ID' AND seq = 4"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Eve|00:00:04|t"
    );
}

#[test]
fn a_waiting_seat_wakes_when_another_appends() {
    let (url, id, mut waiter) = new_incident("wait");
    let start = head_of(&waiter.read_after(0).unwrap());
    // Nothing comes: the wait times out.
    let t = Instant::now();
    assert!(!waiter.wait(start.seq, Duration::from_millis(300)).unwrap());
    assert!(t.elapsed() >= Duration::from_millis(250));
    let writer = std::thread::spawn({
        let start = start.clone();
        move || {
            let mut w = PgStore::open(&url, &id).unwrap();
            std::thread::sleep(Duration::from_millis(200));
            let l = notes(&start, "Mina", 1);
            assert_eq!(w.append_if(&start, &l).unwrap(), Appended::Done);
            Instant::now()
        }
    });
    assert!(waiter.wait(start.seq, Duration::from_secs(10)).unwrap());
    let woke = Instant::now();
    let appended = writer.join().unwrap();
    assert!(woke.duration_since(appended) < Duration::from_secs(1));
    assert_eq!(waiter.read_after(start.seq).unwrap().len(), 1);
    // Already past: no wait at all.
    assert!(waiter.wait(start.seq, Duration::from_secs(10)).unwrap());
}

#[test]
fn a_log_goes_into_the_database_and_comes_out_byte_for_byte() {
    let dir = common::tempdir();
    let log = dir.path().join(format!("{}.jsonl", unique_id("roundtrip")));
    common::run_ok(dir.path(), common::MINIMAL, common::MINIMAL_SCRIPT, &log);
    let url = pg::url();
    let id = warroom::store::pg::incident_id_for(&log);
    let imported = warroom::store::pg::import(&url, &log).unwrap();
    assert!(imported.created);
    assert_eq!(imported.id, id);
    let mut out = Vec::new();
    let n = warroom::store::pg::export(&url, &id, &mut out).unwrap();
    assert_eq!(n, imported.events);
    assert_eq!(out, std::fs::read(&log).unwrap(), "byte for byte");
    // Importing the same file again appends nothing.
    let again = warroom::store::pg::import(&url, &log).unwrap();
    assert_eq!((again.appended, again.created), (0, false));
    let listed = warroom::store::pg::list(&url).unwrap();
    let row = listed.iter().find(|l| l.id == id).unwrap();
    assert_eq!(row.events, n);
    assert_eq!(row.playbook_id, "minimal-example");
    assert!(!row.last_activity.is_empty());
}

#[test]
fn an_incident_taken_offline_comes_back_when_the_head_has_not_moved() {
    let (url, id, mut store) = new_incident("offline-file");
    let start = head_of(&store.read_after(0).unwrap());
    assert_eq!(
        store.append_if(&start, &notes(&start, "Mina", 2)).unwrap(),
        Appended::Done
    );
    // Exported, carried on with the file (two more lines), imported back: the rest appended.
    let dir = common::tempdir();
    let log = dir.path().join(format!("{id}.jsonl"));
    let mut bytes = Vec::new();
    warroom::store::pg::export(&url, &id, &mut bytes).unwrap();
    let stored = store.read_after(0).unwrap();
    let more = notes(&head_of(&stored), "Joon", 2);
    for l in &more {
        bytes.extend_from_slice(l.line.as_bytes());
    }
    std::fs::write(&log, &bytes).unwrap();
    let back = warroom::store::pg::import(&url, &log).unwrap();
    assert_eq!((back.events, back.appended, back.created), (5, 2, false));
    assert_eq!(store.read_after(3).unwrap(), more);

    // Had the database moved on meanwhile, the file is refused, naming where they differ.
    let head = store.head().unwrap();
    let online = notes(&head, "Mina", 1);
    assert_eq!(store.append_if(&head, &online).unwrap(), Appended::Done);
    let offline = notes(&head, "Joon", 1);
    bytes.extend_from_slice(offline[0].line.as_bytes());
    std::fs::write(&log, &bytes).unwrap();
    let err = warroom::store::pg::import(&url, &log).unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err}");
    assert!(err.to_string().contains("at seq 6"), "{err}");

    // A broken chain is refused before anything is sent.
    let tampered = String::from_utf8(bytes).unwrap().replace("Joon", "Jaan");
    let bad = dir.path().join("tampered.jsonl");
    std::fs::write(&bad, tampered).unwrap();
    let err = warroom::store::pg::import(&url, &bad).unwrap_err();
    assert!(err.to_string().contains("line 4"), "{err}");
}

#[test]
fn a_stopped_server_is_offline_and_a_restarted_one_works_again() {
    let server = pg::Server::start(&[]);
    let id = unique_id("restart");
    let mut store = PgStore::create(&server.url, &id, &opened("restart")).unwrap();
    let start = store.head().unwrap();
    let before = notes(&start, "Mina", 1);
    assert_eq!(store.append_if(&start, &before).unwrap(), Appended::Done);

    server.stop();
    let head = head_of(&before);
    let t = Instant::now();
    let l = notes(&head, "Mina", 1);
    for r in [
        store.append_if(&head, &l).map(|_| ()),
        store.read_after(0).map(|_| ()),
        store.wait(head.seq, Duration::from_secs(5)).map(|_| ()),
    ] {
        assert!(matches!(r, Err(StoreError::Offline { .. })), "{r:?}");
    }
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "offline is said at once"
    );
    assert!(matches!(
        PgStore::open(&server.url, &id),
        Err(StoreError::Offline { .. })
    ));

    server.restart();
    assert_eq!(store.append_if(&head, &l).unwrap(), Appended::Done);
    assert_eq!(store.read_after(0).unwrap().len(), 3);
}
