//! Resuming an incident: reading and checking a log, then folding it into the session
//! (budget: a 100,000-event log under 200 ms), and `warroom resume`'s whole open path.

mod common;

use std::sync::Arc;

use warroom::engine::{Actor, Session};
use warroom::incident::Incident;
use warroom::log::parallel::Options;

fn main() {
    divan::main();
}

/// Read and check every line into memory (no replay), as `warroom review` does (on worker
/// threads from three cores, see `log::parallel::Options::default`).
#[divan::bench(args = common::sizes(), sample_count = 5, sample_size = 1)]
fn read_only(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    bencher.bench_local(|| warroom::log::read_log(&path).unwrap().events.len());
}

/// Read and check every line, doing nothing with the events (as `warroom verify`), line by line
/// (`WORKERS` = 0) or on two worker threads whatever the machine: what the threads save here.
#[divan::bench(consts = [0, 2], args = common::sizes(), sample_count = 5, sample_size = 1)]
fn read_with<const WORKERS: usize>(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    bencher.bench_local(|| {
        let mut n = 0u64;
        scan(&path, WORKERS, |_| n += 1);
        n
    });
}

/// Read and check every line and fold each event into a session as it streams by (what
/// `resume` does), line by line or on two worker threads: the threads' gain, or cost, when
/// the calling thread has work of its own.
#[divan::bench(consts = [0, 2], args = common::sizes(), sample_count = 5, sample_size = 1)]
fn stream_with<const WORKERS: usize>(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    let pb = Arc::new(warroom::playbook::default_playbook().unwrap().playbook);
    bencher.bench_local(|| {
        let mut session: Option<Session> = None;
        scan(&path, WORKERS, |e| match &mut session {
            Some(s) => s.fold(&e),
            None => session = Some(Session::replay(Arc::clone(&pb), &[e])),
        });
        session.map(|s| s.seq)
    });
}

/// `log::parallel::scan` with `workers` worker threads (fewer than two: line by line).
fn scan(path: &std::path::Path, workers: usize, f: impl FnMut(warroom::engine::Event)) {
    let file = std::fs::File::open(path).unwrap();
    let opts = Options {
        workers,
        ..Options::default()
    };
    warroom::log::parallel::scan(file, opts, f).unwrap();
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
