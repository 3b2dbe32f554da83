//! Tamper detection: any single changed byte of a closed log fails verification naming the line
//! that holds it; removed, swapped and duplicated lines fail naming the right line. A torn last
//! line is reported as torn, and `warroom resume` repairs it, keeping a copy.

mod common;

use std::path::{Path, PathBuf};

use common::{MINIMAL, MINIMAL_SCRIPT, bin, run_ok};
use warroom::log::verify::verify;

/// A closed log of the minimal example, its bytes, and the temp dir holding it.
fn closed_log() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = common::tempdir();
    let log = dir.path().join("closed.jsonl");
    run_ok(dir.path(), MINIMAL, MINIMAL_SCRIPT, &log);
    let bytes = std::fs::read(&log).unwrap();
    let r = verify(&log).unwrap();
    assert!(r.ok() && r.closed, "{r:?}");
    (dir, log, bytes)
}

/// The 1-based line holding byte `i` (its own `\n` belongs to it).
fn line_of(bytes: &[u8], i: usize) -> u64 {
    bytes[..i].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Verifies `bytes` written to `path`; returns the line named by the failure, or None if OK.
fn failing_line(path: &Path, bytes: &[u8]) -> Option<u64> {
    std::fs::write(path, bytes).unwrap();
    let r = verify(path).unwrap();
    if r.ok() {
        return None;
    }
    match (&r.problem, &r.torn) {
        (Some(p), _) => Some(p.line),
        (None, Some(t)) => Some(t.line),
        (None, None) => panic!("not ok but no problem named: {r:?}"),
    }
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn every_single_byte_change_is_detected_at_its_line() {
    let (dir, _log, bytes) = closed_log();
    let probe = dir.path().join("probe.jsonl");
    let mut misses = Vec::new();
    for i in 0..bytes.len() {
        let want = line_of(&bytes, i);
        let flipped = bytes[i] ^ 0x01;
        let printable = if bytes[i] == b'x' { b'y' } else { b'x' };
        for b in [flipped, printable] {
            let mut t = bytes.clone();
            t[i] = b;
            let got = failing_line(&probe, &t);
            if got != Some(want) {
                misses.push(format!(
                    "byte {i} ({:?} -> {:?}) on line {want}: verify said {got:?}",
                    bytes[i] as char, b as char
                ));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} undetected or misplaced changes:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn changing_the_final_newline_is_a_torn_line() {
    let (dir, _log, bytes) = closed_log();
    let n = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    let probe = dir.path().join("probe.jsonl");
    let mut t = bytes.clone();
    *t.last_mut().unwrap() = b' ';
    std::fs::write(&probe, &t).unwrap();
    let r = verify(&probe).unwrap();
    assert!(!r.ok());
    assert!(r.problem.is_none());
    assert_eq!(r.torn.as_ref().unwrap().line, n);
    bin()
        .arg("verify")
        .arg(&probe)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "{}:{n}: torn last line",
            probe.display()
        )));
}

#[test]
fn the_binary_names_the_altered_line() {
    let (dir, _log, bytes) = closed_log();
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    for line in [1usize, 3, 7] {
        let probe = dir.path().join(format!("probe-{line}.jsonl"));
        let mut t = bytes.clone();
        // A character inside the `at` timestamp.
        let pos = starts[line - 1] + 20;
        t[pos] = if t[pos] == b'a' { b'b' } else { b'a' };
        std::fs::write(&probe, &t).unwrap();
        bin()
            .arg("verify")
            .arg(&probe)
            .assert()
            .code(1)
            .stderr(predicates::str::starts_with(format!(
                "{}:{line}: ",
                probe.display()
            )))
            .stderr(predicates::str::contains("verify FAILED"));
    }
}

#[test]
fn removed_swapped_and_duplicated_lines() {
    let (dir, _log, bytes) = closed_log();
    let ls = lines(&bytes);
    let n = ls.len();
    let probe = dir.path().join("probe.jsonl");
    for k in 0..n {
        // Removing line k+1 (not the last): the next line is found at its place.
        if k + 1 < n {
            let mut v = ls.clone();
            v.remove(k);
            assert_eq!(
                failing_line(&probe, &v.concat()),
                Some(k as u64 + 1),
                "remove line {}",
                k + 1
            );
            // Swapping lines k+1 and k+2.
            let mut v = ls.clone();
            v.swap(k, k + 1);
            assert_eq!(
                failing_line(&probe, &v.concat()),
                Some(k as u64 + 1),
                "swap lines {} and {}",
                k + 1,
                k + 2
            );
        }
        // Duplicating line k+1: the copy, at line k+2, is the bad one.
        let mut v = ls.clone();
        v.insert(k + 1, ls[k].clone());
        assert_eq!(
            failing_line(&probe, &v.concat()),
            Some(k as u64 + 2),
            "duplicate line {}",
            k + 1
        );
    }
}

#[test]
fn dropping_whole_last_lines_is_caught_only_by_the_last_hash() {
    // A hash chain cannot see lines cut off at a line boundary: the shorter log verifies,
    // but reports a different last hash (and "still open"). Keep the last hash elsewhere
    // (verify prints it) to detect truncation.
    let (dir, log, bytes) = closed_log();
    let full = verify(&log).unwrap();
    let ls = lines(&bytes);
    let probe = dir.path().join("probe.jsonl");
    std::fs::write(&probe, ls[..ls.len() - 1].concat()).unwrap();
    let cut = verify(&probe).unwrap();
    assert!(cut.ok());
    assert!(!cut.closed);
    assert_ne!(cut.last_hash, full.last_hash);
}

#[test]
fn verify_expect_hash_catches_lines_cut_off_the_end() {
    let (dir, log, bytes) = closed_log();
    let full = verify(&log).unwrap();
    let ls = lines(&bytes);
    let probe = dir.path().join("probe.jsonl");
    std::fs::write(&probe, ls[..ls.len() - 2].concat()).unwrap();
    // The hash kept from the full log: the full log has it, the cut one does not.
    common::bin()
        .arg("verify")
        .arg(&log)
        .args(["--expect-hash", &full.last_hash])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            ":{}: has the expected hash",
            ls.len()
        )));
    common::bin()
        .arg("verify")
        .arg(&probe)
        .args(["--expect-hash", &full.last_hash])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("lines were cut off its end"));
    // A log that grew since the hash was kept still has it, at its line.
    let early = verify(&probe).unwrap().last_hash;
    common::bin()
        .arg("verify")
        .arg(&log)
        .args(["--expect-hash", &early])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            ":{}: has the expected hash",
            ls.len() - 2
        )));
}

#[test]
fn a_multibyte_character_where_the_hash_belongs_is_a_bad_line_not_a_panic() {
    // Found by the `log` fuzz target (fuzz/regressions/log/): the 64 bytes before `"}` ended
    // inside a three-byte character and the line was split there.
    let dir = common::tempdir();
    let log = dir.path().join("mb.jsonl");
    let line = format!("{{\"seq\":1,\"hash\":\"{}\"}}\n", "—".repeat(30));
    std::fs::write(&log, line).unwrap();
    common::bin()
        .arg("verify")
        .arg(&log)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            ":1: the line does not end with its \"hash\" member",
        ));
}

#[test]
fn empty_and_garbage_logs_fail() {
    let dir = common::tempdir();
    let probe = dir.path().join("probe.jsonl");
    assert_eq!(failing_line(&probe, b""), Some(1));
    assert_eq!(failing_line(&probe, b"{}\n"), Some(1));
    assert_eq!(failing_line(&probe, b"\xff\xfe\n"), Some(1));
    assert_eq!(failing_line(&probe, b"not json at all\n"), Some(1));
}

#[test]
fn torn_tail_is_reported_and_resume_repairs_it() {
    let dir = common::tempdir();
    let log = dir.path().join("torn.jsonl");
    // The first part of the script, then a crash in the middle of writing a line.
    let first = "tick tone\nchoose r\nset handle @kim\nset summary \"late delivery\"\n";
    run_ok(dir.path(), MINIMAL, first, &log);
    let good = std::fs::read(&log).unwrap();
    let good_lines = good.iter().filter(|&&b| b == b'\n').count();
    let torn: Vec<u8> = good[..good.len() - 40].to_vec();
    std::fs::write(&log, &torn).unwrap();

    let out = bin().arg("verify").arg(&log).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{}:{good_lines}: torn last line", log.display())),
        "{stderr}"
    );

    // Resume with the rest: the torn line is cut (kept in LOG.torn-1), the rest appended.
    let rest = dir.path().join("rest.txt");
    std::fs::write(
        &rest,
        "set summary \"late delivery\"\ndraft\nchoose approve\napprove --by \"Kim CEO\"\npost\nchoose closed-cs\nclose\n",
    )
    .unwrap();
    let out = bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&rest)
        .args(["--now", "2026-11-21T09:20:00+09:00", "--operator", "tester"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("torn"));
    let kept = PathBuf::from(format!("{}.torn-1", log.display()));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        torn,
        "the copy is the damaged file as it was"
    );
    let r = verify(&log).unwrap();
    assert!(r.ok() && r.closed, "{r:?}");
    bin().arg("verify").arg(&log).assert().success();
    let repaired = std::fs::read(&log).unwrap();
    let keep = good_lines - 1;
    let prefix: Vec<u8> = lines(&good)[..keep].concat();
    assert!(
        repaired.starts_with(&prefix),
        "the good lines are untouched"
    );
    let read = warroom::log::read_log(&log).unwrap();
    assert_eq!(read.events[keep].kind.name(), "resumed");
    assert_eq!(read.events[keep].seq, keep as u64 + 1);
    // No pid file is left behind once the run is over.
    assert!(!PathBuf::from(format!("{}.pid", log.display())).exists());

    // A second torn tail gets the next free copy name.
    let now = std::fs::read(&log).unwrap();
    std::fs::write(&log, &now[..now.len() - 5]).unwrap();
    let note = dir.path().join("note.txt");
    std::fs::write(&note, "note \"after the second crash\"\n").unwrap();
    bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&note)
        .args(["--now", "2026-11-21T09:30:00+09:00", "--operator", "tester"])
        .assert()
        .success();
    assert!(PathBuf::from(format!("{}.torn-2", log.display())).is_file());
    bin().arg("verify").arg(&log).assert().success();
}

#[test]
fn resume_refuses_a_log_broken_in_the_middle() {
    let (dir, log, bytes) = closed_log();
    let mut t = bytes.clone();
    let second_line = bytes.iter().position(|&b| b == b'\n').unwrap() + 30;
    t[second_line] ^= 0x01;
    std::fs::write(&log, &t).unwrap();
    let note = dir.path().join("note.txt");
    std::fs::write(&note, "note hi\n").unwrap();
    let out = bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&note)
        .args(["--now", common::NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2:"), "{stderr}");
    assert!(stderr.contains("not resumed"), "{stderr}");
    assert_eq!(
        std::fs::read(&log).unwrap(),
        t,
        "a refused resume leaves the file alone"
    );
}
