//! Inputs shared by the benches: generated playbooks and logs, written once under the
//! target directory (on disk, not in memory, so file reads and fsyncs are real) and reused.

#![allow(dead_code)]

use std::path::PathBuf;

/// Where generated inputs are kept: `target/tmp/warroom-bench` (Cargo's per-target temp dir).
pub fn data_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("warroom-bench");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The input sizes: 1k, 10k, 100k; 1M too with `WARROOM_BENCH_FULL=1` (slow to generate and run).
pub fn sizes() -> Vec<u64> {
    let mut v = vec![1_000, 10_000, 100_000];
    if std::env::var_os("WARROOM_BENCH_FULL").is_some() {
        v.push(1_000_000);
    }
    v
}

/// A generated log of `events` events on the built-in playbook (seed 1), generated once.
pub fn log(events: u64) -> PathBuf {
    let p = data_dir().join(format!("log-{events}.jsonl"));
    if !p.exists() {
        let pb = warroom::playbook::default_playbook().unwrap();
        let tmp = p.with_extension("part");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
        warroom::dev::r#gen::log(&pb, events, 1, &mut w).unwrap();
        drop(w);
        std::fs::rename(&tmp, &p).unwrap();
    }
    p
}

/// A generated playbook of `steps` steps, generated once.
pub fn playbook(steps: u64) -> PathBuf {
    let p = data_dir().join(format!("playbook-{steps}.ron"));
    if !p.exists() {
        let tmp = p.with_extension("part");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
        warroom::dev::r#gen::playbook(steps as usize, &mut w).unwrap();
        drop(w);
        std::fs::rename(&tmp, &p).unwrap();
    }
    p
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A moment just after the last event of a log (a resumed incident continues after it; an
/// earlier time would be a clock that went back, which the engine handles with slower scans).
pub fn after_last(path: &std::path::Path) -> chrono::DateTime<chrono::FixedOffset> {
    let mut last = None;
    warroom::log::scan(std::fs::File::open(path).unwrap(), |e| last = Some(e.at)).unwrap();
    last.unwrap() + chrono::TimeDelta::seconds(60)
}
