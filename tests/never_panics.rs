//! The loader and the linter never panic, whatever the bytes: arbitrary input and mutations of
//! valid playbooks (delete, insert or replace a byte, truncate). Every diagnostic that points
//! into the source has a line and a column of at least 1, and renders. And the binary does not
//! panic on what a red team found: a log's `sha256` with multi-byte characters, a diagnostic
//! past column 65,535, a clock pushed past the year 9999.

mod common;

use proptest::prelude::*;
use warroom::diag::Diagnostic;
use warroom::playbook::lint::lint;
use warroom::playbook::load::{parse_ron, source_from_bytes};
use warroom::playbook::{Loaded, Playbook};

const MINIMAL: &[u8] = include_bytes!("../docs/examples/minimal.ron");
const CEO: &[u8] = include_bytes!("../playbooks/ceo-twitter-complaint.ron");

fn check_diag(d: &Diagnostic, text: Option<&str>) {
    if d.span.is_some() {
        assert!(
            d.line >= 1 && d.col >= 1,
            "positioned diagnostic at {}:{}: {d:?}",
            d.line,
            d.col
        );
    }
    if d.line >= 1 {
        assert!(d.col >= 1, "{d:?}");
    }
    let summary = d.summary();
    assert!(!summary.contains('\x1b'), "{summary:?}");
    let rendered = d.render(text, false);
    assert!(rendered.starts_with(&summary), "{rendered}");
    assert!(!rendered.contains('\x1b'), "{rendered:?}");
}

/// Runs bytes through everything `warroom check` does. Returns the number of diagnostics.
fn load_and_lint(bytes: &[u8]) -> usize {
    let source = match source_from_bytes("fuzz.ron", bytes) {
        Ok(s) => s,
        Err(d) => {
            assert!(d.is_error());
            check_diag(&d, None);
            return 1;
        }
    };
    match parse_ron::<Playbook>(&source) {
        Err(d) => {
            assert!(d.is_error());
            check_diag(&d, Some(&source.text));
            1
        }
        Ok(playbook) => {
            let text = source.text.clone();
            let diags = lint(&Loaded { playbook, source });
            for d in &diags {
                check_diag(d, Some(&text));
            }
            diags.len()
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Bytes biased towards RON's own punctuation, so mutations hit the grammar, not only text.
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(b"()[]{}\",:'#/*\\ \nrSomeNone0123456789".to_vec()),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Mutation::Replace(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(base: &[u8], muts: &[Mutation]) -> Vec<u8> {
    let mut v = base.to_vec();
    for m in muts {
        let n = v.len().max(1);
        match *m {
            Mutation::Delete(i) if !v.is_empty() => {
                v.remove(i % v.len());
            }
            Mutation::Insert(i, b) => v.insert(i % (v.len() + 1), b),
            Mutation::Replace(i, b) if !v.is_empty() => v[i % n] = b,
            Mutation::Truncate(i) => v.truncate(i % (v.len() + 1)),
            _ => {}
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        load_and_lint(&bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        load_and_lint(text.as_bytes());
        let wrapped = format!("Playbook(id: \"x\", {text})");
        load_and_lint(wrapped.as_bytes());
    }

    #[test]
    fn mutated_minimal(muts in prop::collection::vec(mutation(), 1..5)) {
        load_and_lint(&mutate(MINIMAL, &muts));
    }

    #[test]
    fn mutated_default(muts in prop::collection::vec(mutation(), 1..4)) {
        load_and_lint(&mutate(CEO, &muts));
    }

    /// The script parser never panics either, and its columns are at least 1.
    #[test]
    fn script_lines(line in "\\PC{0,120}") {
        if let Err(e) = warroom::script::parse_line(&line) {
            prop_assert!(e.col >= 1);
        }
    }
}

#[test]
fn valid_playbooks_lint_clean() {
    assert_eq!(load_and_lint(MINIMAL), 0);
    assert_eq!(load_and_lint(CEO), 0);
}

#[test]
fn single_byte_deletions_of_the_example_never_panic() {
    // Exhaustive over the small example: every byte deleted in turn.
    for i in 0..MINIMAL.len() {
        load_and_lint(&mutate(MINIMAL, &[Mutation::Delete(i)]));
    }
}

/// A log (its chain recomputed) whose events went through `edit` first.
fn rechained(
    log: &std::path::Path,
    out: &std::path::Path,
    edit: impl Fn(&mut warroom::engine::Event),
) {
    let read = warroom::log::read_log(log).unwrap();
    let mut prev = warroom::log::chain::GENESIS.to_string();
    let mut text = String::new();
    for mut e in read.events {
        edit(&mut e);
        let (line, hash) = warroom::log::chain::encode(&e, &prev).unwrap();
        text.push_str(&line);
        prev = hash;
    }
    std::fs::write(out, text).unwrap();
}

/// An odd number of bytes before multi-byte characters: byte 12 falls inside one.
const CRAFTED_SHA: &str = "aééééééééééééééééééééééééééééééééééééééé\u{1b}]0;pwned\u{7}";

fn no_panic(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains('\x1b'), "{err:?}");
    err
}

#[test]
fn a_multibyte_sha256_in_a_log_is_a_message_not_a_panic() {
    let dir = common::tempdir();
    let log = dir.path().join("a.jsonl");
    common::run_ok(dir.path(), common::MINIMAL, "note hi\n", &log);
    let crafted = dir.path().join("crafted.jsonl");
    rechained(&log, &crafted, |e| {
        if let warroom::engine::EventKind::Opened { playbook, .. } = &mut e.kind {
            playbook.sha256 = CRAFTED_SHA.into();
        }
    });
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note more\n").unwrap();
    let out = common::std_bin()
        .arg("resume")
        .arg(&crafted)
        .arg("--script")
        .arg(&script)
        .args(["--now", "2026-11-21T10:00:00+09:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(no_panic(&out).contains("changed since the incident was opened"));
}

#[test]
fn a_multibyte_sha256_in_a_drill_log_is_a_message_not_a_panic() {
    let dir = common::tempdir();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "wait 5m\n").unwrap();
    let log = dir.path().join("d.jsonl");
    let out = common::std_bin()
        .args(["drill", "scenarios/troll-pile-on.ron", "--script"])
        .arg(&script)
        .args(["--now", common::NOW, "--log"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let crafted = dir.path().join("crafted.jsonl");
    rechained(&log, &crafted, |e| {
        if let warroom::engine::EventKind::DrillStarted { scenario, .. } = &mut e.kind {
            scenario.sha256 = CRAFTED_SHA.into();
        }
    });
    let out = common::std_bin()
        .arg("report")
        .arg(&crafted)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(no_panic(&out).contains("changed since the drill ran"));
}

#[test]
fn a_diagnostic_past_column_65535_renders() {
    // One line: the unknown field sits past column 70,000.
    let text = format!("Playbook({}bogus: 1)", " ".repeat(70_000));
    assert_eq!(load_and_lint(text.as_bytes()), 1);
    // And through the binary, a 10 MB one-line playbook with an error at its end.
    let dir = common::tempdir();
    let one_line = String::from_utf8_lossy(MINIMAL)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let big = one_line.replacen(
        "description: \"",
        &format!("description: \"{}", "a".repeat(10 << 20)),
        1,
    );
    let big = format!(
        "{}, bogus: 1)",
        big.trim_end()
            .trim_end_matches(')')
            .trim_end()
            .trim_end_matches(',')
    );
    let path = dir.path().join("one-line.ron");
    std::fs::write(&path, big).unwrap();
    let out = common::std_bin().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = no_panic(&out);
    assert!(err.contains(":1:"), "{}", &err[..err.len().min(400)]);
    assert!(err.len() < 10_000, "the line is not printed whole");
}

#[test]
fn a_clock_pushed_past_the_year_9999_is_a_message_not_a_panic() {
    let dir = common::tempdir();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "wait 36600d\n".repeat(10)).unwrap();
    let out = common::std_bin()
        .args(["run", common::MINIMAL, "--script"])
        .arg(&script)
        .args(["--now", "9999-06-01T00:00:00+00:00", "--log"])
        .arg(dir.path().join("l.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(no_panic(&out).contains("latest time a log can hold"));
    common::bin()
        .arg("verify")
        .arg(dir.path().join("l.jsonl"))
        .assert()
        .success();
    let out = common::std_bin()
        .args(["drill", "scenarios/troll-pile-on.ron", "--script"])
        .arg(&script)
        .args(["--now", "9999-06-01T00:00:00+00:00", "--log"])
        .arg(dir.path().join("d.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(no_panic(&out).contains("latest time a log can hold"));
}
