//! Seats on another machine: the server in one network namespace, the seats in another, a
//! veth link between them (tests/common/netns.rs). The link is cut in the middle of an
//! incident: the seats say offline within seconds, the pending line is appended once the link
//! is back, and the other seat catches up. Needs root (as CI and scripts/test run).

mod common;

use std::time::{Duration, Instant};

use common::netns::Pair;
use common::pg::{Server, notes, opened, unique_id};
use warroom::store::pg::PgStore;
use warroom::store::{Appended, EventStore, Head, Line, StoreError};

fn head_of(lines: &[Line]) -> Head {
    lines.last().map_or_else(Head::empty, Head::after)
}

fn assert_offline<T: std::fmt::Debug>(what: &str, r: Result<T, StoreError>, t: Instant) {
    assert!(
        matches!(r, Err(StoreError::Offline { .. })),
        "{what}: expected offline, got {r:?}"
    );
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "{what}: offline said late, after {:?}",
        t.elapsed()
    );
}

#[test]
fn seats_across_a_cut_link_go_offline_and_catch_up() {
    let pair = Pair::new("pg");
    let server = Server::start(&["--listen", &pair.server_addr, "--netns", &pair.server]);
    assert!(server.url.contains(&pair.server_addr), "{}", server.url);
    let id = unique_id("netns");
    let url = server.url.clone();
    let client_ns = pair.client.clone();
    let (cut_tx, cut_rx) = std::sync::mpsc::channel::<()>();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<&'static str>();
    // The seats run on a thread moved into the client's namespace; this thread cuts the link.
    let seats = std::thread::spawn(move || {
        Pair::enter(&client_ns);
        let mut a = PgStore::create(&url, &id, &opened("across machines")).unwrap();
        let mut b = PgStore::open(&url, &id).unwrap();
        let start = a.head().unwrap();
        let first = notes(&start, "Mina", 5);
        assert_eq!(a.append_if(&start, &first).unwrap(), Appended::Done);
        assert!(b.wait(start.seq, Duration::from_secs(5)).unwrap());
        let seen = b.read_after(0).unwrap();
        assert_eq!(seen.len(), 6);

        done_tx.send("cut please").unwrap();
        cut_rx.recv().unwrap();
        // The link is down: both seats say so within seconds, nothing hangs.
        let head = head_of(&seen);
        let pending = notes(&head, "Mina", 1);
        let t = Instant::now();
        assert_offline("append", a.append_if(&head, &pending), t);
        let t = Instant::now();
        assert_offline("wait", b.wait(head.seq, Duration::from_secs(30)), t);
        let t = Instant::now();
        assert_offline("reconnect", a.append_if(&head, &pending), t);

        done_tx.send("restore please").unwrap();
        cut_rx.recv().unwrap();
        // The pending line goes in once the link is back (re-tried, appended once).
        let t = Instant::now();
        loop {
            match a.append_if(&head, &pending) {
                Ok(Appended::Done) => break,
                Ok(other) => panic!("the head moved while offline: {other:?}"),
                Err(StoreError::Offline { .. }) if t.elapsed() < Duration::from_secs(30) => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("after the link came back: {e}"),
            }
        }
        // The other seat catches up by reading after what it had.
        assert!(b.wait(head.seq, Duration::from_secs(10)).unwrap());
        assert_eq!(b.read_after(head.seq).unwrap(), pending);
        assert_eq!(a.read_after(0).unwrap().len(), 7);
        id
    });
    assert_eq!(done_rx.recv().unwrap(), "cut please");
    pair.cut();
    cut_tx.send(()).unwrap();
    assert_eq!(done_rx.recv().unwrap(), "restore please");
    pair.restore();
    cut_tx.send(()).unwrap();
    let id = seats.join().unwrap();

    // The command line across the namespaces: export from the client's side, verify here.
    let dir = common::tempdir();
    let log = dir.path().join("across.jsonl");
    let out = pair
        .command(&pair.client, env!("CARGO_BIN_EXE_warroom"))
        .args(["export", &id, "--store", &server.url, "-o"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::bin().arg("verify").arg(&log).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("7 events"), "{stdout}");
}
