//! The PostgreSQL store's append rate and wake-up latency, measured against a real server
//! (run by benches/pg-append.sh, which puts them beside `pgbench` on the same server).
//!
//!   pg_append rate URL SEATS SECONDS      # SEATS threads appending notes to one incident
//!   pg_append latency URL COUNT           # a writer and a waiting seat: append → read by it
//!
//! `rate` prints `seats=N lines=L seconds=S rate=R conflicts=C`; `latency` prints the
//! percentiles of the time from the writer's `append_if` call to the other seat having read
//! the line (woken by LISTEN/NOTIFY, then `read_after`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::DateTime;
use warroom::engine::{Actor, Event, EventKind, Mode, PlaybookRef};
use warroom::log::chain::{GENESIS, encode};
use warroom::store::pg::PgStore;
use warroom::store::{Appended, EventStore, Head, Line};

fn line(seq: u64, prev: &str, kind: EventKind) -> Line {
    let e = Event {
        seq,
        at: DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap(),
        actor: Actor {
            name: "bench".into(),
            role: None,
        },
        kind,
    };
    let (line, hash) = encode(&e, prev).unwrap();
    Line { seq, line, hash }
}

fn note(head: &Head, text: String) -> Line {
    line(head.seq + 1, &head.hash, EventKind::Note { text })
}

fn new_incident(url: &str, tag: &str) -> (String, PgStore) {
    let id = format!(
        "bench-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let opened = line(
        1,
        GENESIS,
        EventKind::Opened {
            playbook: PlaybookRef {
                path: "bench".into(),
                abs_path: None,
                id: "bench".into(),
                title: "bench".into(),
                version: "1".into(),
                sha256: String::new(),
            },
            title: format!("bench {tag}"),
            mode: Mode::Drill,
            warroom_version: "bench".into(),
            start: "start".into(),
        },
    );
    let store = PgStore::create(url, &id, &opened).expect("create the bench incident");
    (id, store)
}

fn rate(url: &str, seats: usize, seconds: f64) {
    let (id, mut first) = new_incident(url, "rate");
    let start = first.head().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let threads: Vec<_> = (0..seats)
        .map(|s| {
            let (url, id, stop, mut head) =
                (url.to_string(), id.clone(), stop.clone(), start.clone());
            std::thread::spawn(move || {
                let mut store = PgStore::open(&url, &id).unwrap();
                let (mut done, mut conflicts) = (0u64, 0u64);
                while !stop.load(Ordering::Relaxed) {
                    let l = note(&head, format!("seat {s} note {done}"));
                    match store.append_if(&head, std::slice::from_ref(&l)).unwrap() {
                        Appended::Done => {
                            head = Head::after(&l);
                            done += 1;
                        }
                        Appended::Conflict(lines) => {
                            conflicts += 1;
                            head = Head::after(lines.last().unwrap());
                        }
                    }
                }
                (done, conflicts)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let (mut lines, mut conflicts) = (0, 0);
    for t in threads {
        let (d, c) = t.join().unwrap();
        lines += d;
        conflicts += c;
    }
    let secs = t0.elapsed().as_secs_f64();
    assert_eq!(
        first.head().unwrap().seq,
        lines + 1,
        "every append counted once"
    );
    println!(
        "seats={seats} lines={lines} seconds={secs:.2} rate={:.0} conflicts={conflicts}",
        lines as f64 / secs
    );
}

fn latency(url: &str, count: usize) {
    let (id, mut writer) = new_incident(url, "latency");
    let mut waiter = PgStore::open(url, &id).unwrap();
    let sent: Arc<Mutex<Vec<Instant>>> = Arc::new(Mutex::new(Vec::new()));
    let seen = std::thread::spawn({
        let sent = sent.clone();
        move || {
            let mut last = waiter.head().unwrap().seq;
            let mut lat = Vec::with_capacity(count);
            while lat.len() < count {
                // Generous: on a congested disk one commit can take seconds, and that is a
                // latency to report, not a reason to stop.
                if !waiter.wait(last, Duration::from_secs(120)).unwrap() {
                    panic!("no wake-up within 120 s");
                }
                let lines = waiter.read_after(last).unwrap();
                let now = Instant::now();
                let sent = sent.lock().unwrap();
                for l in &lines {
                    // seq 2 is the first note: sent[0].
                    lat.push(now.duration_since(sent[(l.seq - 2) as usize]));
                }
                last = lines.last().map_or(last, |l| l.seq);
            }
            lat
        }
    });
    let mut head = writer.head().unwrap();
    for i in 0..count {
        let l = note(&head, format!("note {i}"));
        sent.lock().unwrap().push(Instant::now());
        assert_eq!(
            writer.append_if(&head, std::slice::from_ref(&l)).unwrap(),
            Appended::Done
        );
        head = Head::after(&l);
        // A person's pace, compressed: the waiter is idle (waiting) when each line commits.
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut lat = seen.join().unwrap();
    lat.sort();
    let p = |q: f64| lat[((lat.len() as f64 * q).ceil() as usize).clamp(1, lat.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lines={count} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        ms(p(0.50)),
        ms(p(0.90)),
        ms(p(0.99)),
        ms(*lat.last().unwrap())
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["rate", url, seats, secs] => rate(url, seats.parse().unwrap(), secs.parse().unwrap()),
        ["latency", url, count] => latency(url, count.parse().unwrap()),
        [] => eprintln!(
            "pg_append: run by benches/pg-append.sh (rate URL SEATS SECONDS | latency URL COUNT)"
        ),
        _ => {
            eprintln!("usage: pg_append rate URL SEATS SECONDS | latency URL COUNT");
            std::process::exit(2);
        }
    }
}
