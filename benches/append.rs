//! Appending to the log with an fsync per event (budget: at least 500 events/s, i.e. under
//! 2 ms per event). The log is on the target directory's disk, not in memory.

mod common;

use warroom::engine::{Actor, Event, EventKind, Mode, PlaybookRef};
use warroom::log::LogWriter;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn append_fsync(bencher: divan::Bencher) {
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap();
    let actor = Actor {
        name: "bench".into(),
        role: Some("comms".into()),
    };
    let loaded = warroom::playbook::default_playbook().unwrap();
    let opened = Event {
        seq: 1,
        at,
        actor: actor.clone(),
        kind: EventKind::Opened {
            playbook: PlaybookRef {
                path: loaded.source.name.clone(),
                abs_path: None,
                id: loaded.playbook.id.clone(),
                title: loaded.playbook.title.clone(),
                version: loaded.playbook.version.clone(),
                sha256: loaded.source.sha256.clone(),
            },
            title: "append bench".into(),
            mode: Mode::Live,
            warroom_version: env!("CARGO_PKG_VERSION").into(),
            start: loaded.playbook.start.clone(),
        },
    };
    let mut w = LogWriter::create(&dir.path().join("append.jsonl"), &opened).unwrap();
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
