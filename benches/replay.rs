//! Resuming an incident: reading and checking a log, then folding it into the session
//! (budget: a 100,000-event log under 200 ms), and `warroom resume`'s whole open path.

mod common;

use std::sync::Arc;

use warroom::engine::{Actor, Session};
use warroom::incident::Incident;

fn main() {
    divan::main();
}

/// Read and check every line into memory (no replay): blocks of lines checked and parsed on
/// worker threads, taken back in order.
#[divan::bench(args = common::sizes(), sample_count = 5, sample_size = 1)]
fn read_only(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    bencher.bench_local(|| warroom::log::read_log(&path).unwrap().events.len());
}

/// The same on one thread, line by line (`scan` uses this below 256 KiB): what the worker
/// threads save.
#[divan::bench(args = common::sizes(), sample_count = 5, sample_size = 1)]
fn read_sequential(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    bencher.bench_local(|| {
        let mut n = 0u64;
        let file = std::fs::File::open(&path).unwrap();
        warroom::log::reader::scan_sequential(file, |_| n += 1).unwrap();
        n
    });
}

/// Replay events already in memory onto the playbook (no reading).
#[divan::bench(args = common::sizes(), sample_count = 5, sample_size = 1)]
fn fold_only(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    let pb = Arc::new(warroom::playbook::default_playbook().unwrap().playbook);
    let read = warroom::log::read_log(&path).unwrap();
    bencher.bench_local(|| Session::replay(Arc::clone(&pb), &read.events).seq);
}

/// Read and check every line, then replay every event onto the playbook.
#[divan::bench(args = common::sizes(), sample_count = 5, sample_size = 1)]
fn read_and_replay(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    let pb = Arc::new(warroom::playbook::default_playbook().unwrap().playbook);
    bencher.bench_local(|| {
        let read = warroom::log::read_log(&path).unwrap();
        Session::replay(Arc::clone(&pb), &read.events).seq
    });
}

/// `warroom resume LOG --script`: `Incident::resume_with` locks, reads and checks every line,
/// finds the playbook, folds each event as it streams by, appends `resumed` (on a fresh copy
/// of the log each time, synced to disk; the copy is not timed).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10, sample_size = 1)]
fn resume(bencher: divan::Bencher, events: u64) {
    let src = common::log(events);
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let now = common::after_last(&src);
    let mut n = 0;
    bencher
        .with_inputs(|| {
            n += 1;
            let p = dir.path().join(format!("r{n}.jsonl"));
            std::fs::copy(&src, &p).unwrap();
            // On disk, as a log written event by event is: otherwise the `resumed` event's
            // fsync would also write out the whole fresh copy.
            std::fs::File::open(&p).unwrap().sync_all().unwrap();
            p
        })
        .bench_local_values(|p| {
            let actor = Actor {
                name: "bench".into(),
                role: None,
            };
            let r = Incident::resume_with(&p, None, actor, now, |_| {}).unwrap();
            r.incident.session.seq
        });
}
