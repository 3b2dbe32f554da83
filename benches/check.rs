//! `warroom check`: the shipped playbooks (start-up budget: under 20 ms) and generated
//! playbooks of 1k, 10k and 100k steps (under 1 s at 100k; 10k → 100k grows under 12x).

mod common;

use warroom::commands::check::{check_file, collect};

fn main() {
    divan::main();
}

/// Everything `warroom check playbooks/` does but printing: find the files, load, lint.
#[divan::bench(sample_count = 50)]
fn shipped_playbooks() -> usize {
    let (files, _) = collect(&[common::repo().join("playbooks")]);
    files.iter().map(|f| check_file(f).0.len()).sum()
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5, sample_size = 1)]
fn generated(bencher: divan::Bencher, steps: u64) {
    let path = common::playbook(steps);
    let (diags, _) = check_file(&path);
    assert!(diags.is_empty(), "{:?}", diags.first().map(|d| d.summary()));
    bencher.bench_local(|| check_file(&path).0.len());
}
