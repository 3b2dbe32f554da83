//! The fuzz targets (`fuzz/`), bounded, in `cargo test`: arbitrary bytes and mutations of the
//! seed corpus (`fuzz/corpus/*`) through the very entry points the fuzzer calls
//! (`warroom::dev::fuzz_entry`): the playbook loader and linter, the scenario loader and checker,
//! the log reader and verifier, the script parser. Each must not panic; inputs the long fuzz
//! found are replayed first (`fuzz/regressions/`).

use proptest::prelude::*;
use warroom::dev::fuzz_entry;

const PLAYBOOK: &[u8] = include_bytes!("../fuzz/corpus/playbook/minimal.ron");
const SCENARIO: &[u8] = include_bytes!("../fuzz/corpus/scenario/troll-pile-on.ron");
const LOG: &[u8] = include_bytes!("../fuzz/corpus/log/minimal.jsonl");
const SCRIPT: &[u8] = include_bytes!("../fuzz/corpus/script/minimal.txt");

/// A mutation of a seed: delete, insert or replace bytes, or truncate.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Replace(usize, u8),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..16).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(a, b)| Edit::Insert(a, b)),
        // Structural characters and escapes are the interesting replacements.
        (
            any::<usize>(),
            prop::sample::select(b"\"(){}[],:\\\n\r\x1b\x07\x00\xff#0".to_vec())
        )
            .prop_map(|(a, b)| Edit::Replace(a, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn mutate(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for e in edits {
        let len = v.len().max(1);
        match e {
            Edit::Delete(a, n) => {
                let a = a % len;
                let b = (a + n).min(v.len());
                if a < b {
                    v.drain(a..b);
                }
            }
            Edit::Insert(a, bytes) => {
                let a = a % (v.len() + 1);
                v.splice(a..a, bytes.iter().copied());
            }
            Edit::Replace(a, b) => {
                if !v.is_empty() {
                    let a = a % v.len();
                    v[a] = *b;
                }
            }
            Edit::Truncate(a) => v.truncate(a % len),
        }
    }
    v
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn playbook_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        fuzz_entry::playbook(&data);
    }

    #[test]
    fn playbook_mutated(e in edits()) {
        fuzz_entry::playbook(&mutate(PLAYBOOK, &e));
    }

    #[test]
    fn scenario_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        fuzz_entry::scenario(&data);
    }

    #[test]
    fn scenario_mutated(e in edits()) {
        fuzz_entry::scenario(&mutate(SCENARIO, &e));
    }

    #[test]
    fn log_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
        fuzz_entry::log(&data);
    }

    #[test]
    fn log_mutated(e in edits()) {
        fuzz_entry::log(&mutate(LOG, &e));
    }

    #[test]
    fn script_arbitrary_text(s in ".{0,300}") {
        fuzz_entry::script(s.as_bytes());
    }

    #[test]
    fn script_mutated(e in edits()) {
        fuzz_entry::script(&mutate(SCRIPT, &e));
    }
}

#[test]
fn the_seeds_themselves_pass() {
    fuzz_entry::playbook(PLAYBOOK);
    fuzz_entry::scenario(SCENARIO);
    fuzz_entry::log(LOG);
    fuzz_entry::script(SCRIPT);
}

/// Inputs the long fuzz runs found (each once a crash, now fixed), replayed every time:
/// `fuzz/regressions/<target>/<name>`.
#[test]
fn fuzz_regressions() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let dirs = std::fs::read_dir(&root).expect("fuzz/regressions/ is part of the repository");
    let mut n = 0;
    for d in dirs.flatten().filter(|d| d.path().is_dir()) {
        let target = d.file_name().to_string_lossy().into_owned();
        let run: fn(&[u8]) = match target.as_str() {
            "playbook" => fuzz_entry::playbook,
            "scenario" => fuzz_entry::scenario,
            "log" => fuzz_entry::log,
            "script" => fuzz_entry::script,
            other => panic!("fuzz/regressions/{other}: not a fuzz target"),
        };
        for f in std::fs::read_dir(d.path()).unwrap().flatten() {
            run(&std::fs::read(f.path()).unwrap());
            n += 1;
        }
    }
    eprintln!("{n} fuzz regression input(s) replayed");
}
