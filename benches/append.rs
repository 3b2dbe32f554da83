//! Appending to the log with an fsync per event (budget: at least 500 events/s, i.e. under
//! 2 ms per event). The log is on the target directory's disk, not in memory.

mod common;

use warroom::engine::{Actor, Event, EventKind};
use warroom::log::LogWriter;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn append_fsync(bencher: divan::Bencher) {
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let mut w = LogWriter::create(&dir.path().join("append.jsonl")).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap();
    let actor = Actor {
        name: "bench".into(),
        role: Some("comms".into()),
    };
    bencher.bench_local(|| {
        let event = Event {
            seq: w.next_seq(),
            at,
            actor: actor.clone(),
            kind: EventKind::Note {
                text: "Customer replied again; 12 more retweets since the last check".into(),
            },
        };
        w.append(&event).unwrap();
    });
}
