//! Headless runs with a fixed clock: the log is JSON Lines that `jq` reads, seq runs 1..n, every
//! `at` is RFC 3339 with an offset, line 1 is `opened` with the playbook file's SHA-256, the
//! chain verifies, and the same script at the same clock gives a byte-identical log.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::DateTime;
use serde_json::Value;
use sha2::{Digest, Sha256};

use common::{CEO, CEO_SCRIPT, MINIMAL, MINIMAL_SCRIPT, bin, repo, run_ok, run_script};

fn sha256_file(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks everything about a finished headless log; returns its events as JSON values.
fn check_log(playbook: &str, log: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(log).unwrap();
    assert!(text.ends_with('\n'), "the log ends with a newline");

    // jq reads every line (a missing jq is a failure, not a skip).
    let jq = Command::new("jq")
        .arg("-c")
        .arg(".")
        .arg(log)
        .output()
        .expect("jq must be installed to run these tests (apt-get install jq)");
    assert!(
        jq.status.success(),
        "jq failed: {}",
        String::from_utf8_lossy(&jq.stderr)
    );
    let jq_out = String::from_utf8(jq.stdout).unwrap();
    assert_eq!(jq_out.lines().count(), text.lines().count());

    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // jq's compact re-serialisation carries the same data.
    for (a, b) in jq_out.lines().zip(&events) {
        assert_eq!(&serde_json::from_str::<Value>(a).unwrap(), b);
    }
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["seq"].as_u64(), Some(i as u64 + 1), "line {}", i + 1);
        let at = e["at"].as_str().unwrap();
        DateTime::parse_from_rfc3339(at).unwrap_or_else(|err| panic!("{at}: {err}"));
        let offset = &at[at.len() - 6..];
        assert!(
            at.ends_with('Z') || (offset.starts_with(['+', '-']) && offset.as_bytes()[3] == b':'),
            "{at} has no offset"
        );
        assert!(e["kind"].is_string());
        assert!(e["actor"]["name"].is_string());
        let hash = e["hash"].as_str().unwrap();
        assert_eq!(hash.len(), 64);
        let prev = e["prev"].as_str().unwrap();
        if i == 0 {
            assert_eq!(prev, "0".repeat(64));
        } else {
            assert_eq!(prev, events[i - 1]["hash"].as_str().unwrap());
        }
    }
    let first = &events[0];
    assert_eq!(first["kind"], "opened");
    assert_eq!(first["playbook"]["path"], playbook);
    assert_eq!(
        first["playbook"]["sha256"].as_str().unwrap(),
        sha256_file(&repo().join(playbook))
    );
    assert_eq!(first["at"], common::NOW);

    bin()
        .arg("verify")
        .arg(log)
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "OK — {} events, seq 1..{}",
            events.len(),
            events.len()
        )))
        .stdout(predicates::str::contains("incident closed"));
    events
}

#[test]
fn minimal_example_headless() {
    let dir = common::tempdir();
    let log = dir.path().join("minimal.jsonl");
    run_ok(dir.path(), MINIMAL, MINIMAL_SCRIPT, &log);
    bin().arg("verify").arg(&log).assert().success();
    let events: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "checked",
            "decided",
            "variable_set",
            "variable_set",
            "note",
            "draft_saved",
            "deadline_breached",
            "decided",
            "approved",
            "posted",
            "decided",
            "closed"
        ]
    );
    let breach = &events[7];
    assert_eq!(breach["deadline"], "ack-step");
    assert_eq!(breach["step"], "acknowledge");
    assert_eq!(breach["due_at"], "2026-11-21T09:12:00+09:00");
    assert_eq!(breach["at"], "2026-11-21T09:14:00+09:00");
    let approved = &events[9];
    assert_eq!(approved["by"], "Kim CEO");
    assert_eq!(approved["role"], "ceo");
    assert_eq!(approved["draft"], 1);
    let posted = &events[10];
    assert_eq!(
        posted["text"],
        "@kim Thank you for telling us about late delivery. We are looking into it now."
    );
    assert!(posted.get("forced").is_none());
    let closed = events.last().unwrap();
    assert_eq!(closed["outcome"], "HandedOffToCs");
    assert_eq!(closed["step"], "closed-cs");
    assert_eq!(closed["at"], "2026-11-21T09:15:00+09:00");
    assert_eq!(closed["actor"]["name"], "tester");
    assert!(closed["actor"].get("role").is_none());
}

#[test]
fn default_playbook_headless_to_an_end_step() {
    let dir = common::tempdir();
    let log = dir.path().join("ceo.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let events = check_log(CEO, &log);
    let closed = events.last().unwrap();
    assert_eq!(closed["kind"], "closed");
    assert_eq!(closed["step"], "end-cs");
    assert_eq!(closed["outcome"], "HandedOffToCs");
    assert_eq!(closed["summary"], "CS owns the refund");
    // The 10-minute classification deadline was missed (ticked at 09:11) and logged once.
    let breaches: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "deadline_breached")
        .collect();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["deadline"], "classify-done");
    // The acknowledgement went out within the 30-minute first-ack deadline, approved first.
    let posted = events.iter().find(|e| e["kind"] == "posted").unwrap();
    assert_eq!(posted["at"], "2026-11-21T09:16:00+09:00");
    assert!(posted.get("forced").is_none());
    let opened = &events[0];
    assert_eq!(opened["playbook"]["id"], "ceo-twitter-complaint");
    assert_eq!(opened["start"], "classify");
    assert_eq!(opened["mode"], "live");
}

#[test]
fn same_script_same_clock_same_bytes() {
    let dir = common::tempdir();
    for (playbook, script) in [(MINIMAL, MINIMAL_SCRIPT), (CEO, CEO_SCRIPT)] {
        let a = dir.path().join("a.jsonl");
        let b = dir.path().join("b.jsonl");
        run_ok(dir.path(), playbook, script, &a);
        run_ok(dir.path(), playbook, script, &b);
        let (a_bytes, b_bytes) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(!a_bytes.is_empty());
        assert!(a_bytes == b_bytes, "{playbook}: two runs differ");
        std::fs::remove_file(&a).unwrap();
        std::fs::remove_file(&b).unwrap();
    }
}

#[test]
fn script_error_names_the_line_and_keeps_earlier_events() {
    let dir = common::tempdir();
    let log = dir.path().join("err.jsonl");
    let out = run_script(
        dir.path(),
        MINIMAL,
        "tick tone\nchoose nowhere\nnote never\n",
        &log,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap();
    assert!(
        first.contains(".txt:2:1: error: no choice \"nowhere\" here"),
        "{first}"
    );
    // opened + checked are in the log and verify.
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 2);
    bin().arg("verify").arg(&log).assert().success();
}

#[test]
fn wait_needs_a_fixed_clock() {
    let dir = common::tempdir();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "wait 5m\n").unwrap();
    let log = dir.path().join("w.jsonl");
    let out = bin()
        .args(["run", MINIMAL, "--operator", "tester", "--script"])
        .arg(&script)
        .arg("--log")
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("s.txt:1:1: error: `wait` needs a fixed clock"),
        "{stderr}"
    );
}

#[test]
fn a_step_entered_again_starts_its_checklist_afresh_in_scripts() {
    let dir = common::tempdir();
    // Back at assess, the first visit's tick no longer counts: leaving is refused.
    let log = dir.path().join("again.jsonl");
    let out = run_script(
        dir.path(),
        MINIMAL,
        "tick tone\nchoose r\nback\nchoose r\n",
        &log,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".txt:4:1: error: step \"assess\" has required items not ticked")
            && stderr.contains("(tone)"),
        "{stderr}"
    );
    // Ticked again (not "already ticked"), it may be left; both ticks stay in the log.
    let log = dir.path().join("again-ok.jsonl");
    run_ok(
        dir.path(),
        MINIMAL,
        "tick tone\nchoose r\nback\ntick tone\nchoose r\n",
        &log,
    );
    bin().arg("verify").arg(&log).assert().success();
    let events: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "checked",
            "decided",
            "went_back",
            "checked",
            "decided"
        ]
    );
    assert!(
        events[5]["overridden"]
            .as_array()
            .is_none_or(|a| a.is_empty())
    );
}
