//! The loader and the linter never panic, whatever the bytes: arbitrary input and mutations of
//! valid playbooks (delete, insert or replace a byte, truncate). Every diagnostic that points
//! into the source has a line and a column of at least 1, and renders.

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
