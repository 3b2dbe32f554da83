//! `warroom check`: the shipped playbooks (start-up budget: under 20 ms) and generated
//! playbooks of 1k, 10k and 100k steps (under 1 s at 100k; 10k → 100k grows under 12x).

mod common;

use warroom::commands::check::{check_file, collect};
use warroom::playbook::Loaded;
use warroom::playbook::lint::lint;
use warroom::playbook::load::{parse_ron, read_source};
use warroom::playbook::model::Playbook;

fn main() {
    divan::main();
}

/// Everything `warroom check playbooks/` does but printing: find the files, load, lint.
#[divan::bench(sample_count = 50)]
fn shipped_playbooks() -> usize {
    let (files, _) = collect(&[common::repo().join("playbooks")]);
    files.iter().map(|f| check_file(f).0.len()).sum()
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10, sample_size = 1)]
fn generated(bencher: divan::Bencher, steps: u64) {
    let path = common::playbook(steps);
    let (diags, _) = check_file(&path);
    assert!(diags.is_empty(), "{:?}", diags.first().map(|d| d.summary()));
    bencher.bench_local(|| check_file(&path).0.len());
}

/// The two phases of a check, apart: parsing the RON into the model…
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10, sample_size = 1)]
fn parse_only(bencher: divan::Bencher, steps: u64) {
    let source = read_source(&common::playbook(steps)).unwrap();
    bencher.bench_local(|| parse_ron::<Playbook>(&source).unwrap().steps.len());
}

/// …and linting the parsed model (ids, references, templates, hotkeys, the graph).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10, sample_size = 1)]
fn lint_only(bencher: divan::Bencher, steps: u64) {
    let source = read_source(&common::playbook(steps)).unwrap();
    let playbook = parse_ron::<Playbook>(&source).unwrap();
    let loaded = Loaded { playbook, source };
    bencher.bench_local(|| lint(&loaded).len());
}
