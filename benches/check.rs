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

/// A playbook with 20,000 unreachable steps (about 1.7 MB): `warroom check` reports 20,000
/// diagnostics, each rendered with its source lines. Budget: under 2 s (it was quadratic:
/// 5,000 took minutes). Load, lint and render every diagnostic, as the command does.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn twenty_thousand_diagnostics(bencher: divan::Bencher) {
    let path = common::data_dir().join("playbook-20k-diagnostics.ron");
    if !path.exists() {
        let base =
            std::fs::read_to_string(common::repo().join("docs/examples/minimal.ron")).unwrap();
        let end = base.rfind("    ],\n)").unwrap();
        let mut text = base[..end].to_string();
        for n in 0..20_000 {
            text.push_str(&format!(
                "        Step(id: \"orphan-{n}\", title: \"Orphan {n}\", kind: End, outcome: NoResponseNeeded, guidance: \"x\"),\n"
            ));
        }
        text.push_str(&base[end..]);
        std::fs::write(&path, text).unwrap();
    }
    bencher.bench_local(|| {
        let (diags, text) = check_file(&path);
        assert_eq!(diags.len(), 20_000);
        diags
            .iter()
            .map(|d| d.render(text.as_deref(), false).len())
            .sum::<usize>()
    });
}
