//! Signed checkpoints: `warroom seal LOG --key KEY` and `warroom verify LOG --key KEY.pub`.
//! A log rewritten and re-hashed by a script passes the chain check but not its seal; so do
//! lines cut off the end, another key, and an altered seal. A key pair is never overwritten and
//! a secret key readable by others is refused.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{MINIMAL, bin};
use warroom::engine::EventKind;

fn keys(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let key = dir.join(name);
    bin()
        .args(["seal", "--new-key"])
        .arg(&key)
        .assert()
        .success();
    let public = dir.join(format!("{name}.pub"));
    (key, public)
}

fn seal(log: &Path, key: &Path) {
    bin()
        .arg("seal")
        .arg(log)
        .arg("--key")
        .arg(key)
        .assert()
        .success();
}

fn verify_key(log: &Path, public: &Path) -> std::process::Output {
    bin()
        .arg("verify")
        .arg(log)
        .arg("--key")
        .arg(public)
        .output()
        .unwrap()
}

fn log_in(dir: &Path) -> PathBuf {
    let log = dir.join("incident.jsonl");
    common::run_ok(dir, MINIMAL, "note one\nnote two\n", &log);
    log
}

#[test]
fn a_sealed_log_verifies_with_its_key_and_keeps_verifying_as_it_grows() {
    let dir = common::tempdir();
    let (key, public) = keys(dir.path(), "team");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let log = log_in(dir.path());
    seal(&log, &key);
    let out = verify_key(&log, &public);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(":3: sealed at"));
    // The incident continues; the seal still holds, and a second one is added.
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note three\n").unwrap();
    bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&script)
        .args(["--now", "2026-11-21T10:00:00+09:00"])
        .assert()
        .success();
    seal(&log, &key);
    let out = verify_key(&log, &public);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(":3: sealed"), "{stdout}");
    assert_eq!(
        stdout.matches("signature good, line intact").count(),
        2,
        "{stdout}"
    );
}

#[test]
fn a_log_rewritten_and_rehashed_passes_the_chain_but_not_its_seal() {
    let dir = common::tempdir();
    let (key, public) = keys(dir.path(), "team");
    let log = log_in(dir.path());
    seal(&log, &key);
    // A script rewrites a note and recomputes the whole chain.
    let read = warroom::log::read_log(&log).unwrap();
    let mut prev = warroom::log::chain::GENESIS.to_string();
    let mut text = String::new();
    for mut e in read.events {
        if let EventKind::Note { text } = &mut e.kind
            && text == "one"
        {
            *text = "nothing happened".into();
        }
        let (line, hash) = warroom::log::chain::encode(&e, &prev).unwrap();
        text.push_str(&line);
        prev = hash;
    }
    std::fs::write(&log, text).unwrap();
    bin().arg("verify").arg(&log).assert().success();
    let out = verify_key(&log, &public);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the log was rewritten"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn lines_cut_off_another_key_an_altered_seal_or_no_seal_fail() {
    let dir = common::tempdir();
    let (key, public) = keys(dir.path(), "team");
    let (_, other_public) = keys(dir.path(), "other");
    let log = log_in(dir.path());
    // No seal yet.
    let out = verify_key(&log, &public);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never sealed"));
    seal(&log, &key);
    let out = verify_key(&log, &other_public);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another key"));
    // The seal altered to name an earlier line.
    let seal_file = warroom::seal::seal_path(&log);
    let original = std::fs::read_to_string(&seal_file).unwrap();
    std::fs::write(&seal_file, original.replace("\"seq\":3", "\"seq\":2")).unwrap();
    let out = verify_key(&log, &public);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the seal was altered"));
    std::fs::write(&seal_file, &original).unwrap();
    // The sealed last line cut off the end: the chain is intact, the seal is not.
    let bytes = std::fs::read(&log).unwrap();
    let cut = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    std::fs::write(&log, &bytes[..cut]).unwrap();
    bin().arg("verify").arg(&log).assert().success();
    let out = verify_key(&log, &public);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cut off its end"));
}

#[test]
fn keys_are_never_overwritten_and_a_secret_readable_by_others_is_refused() {
    let dir = common::tempdir();
    let (key, public) = keys(dir.path(), "team");
    let before = std::fs::read(&key).unwrap();
    bin()
        .args(["seal", "--new-key"])
        .arg(&key)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("never overwritten"));
    assert_eq!(std::fs::read(&key).unwrap(), before);
    let log = log_in(dir.path());
    // The public half cannot seal.
    bin()
        .arg("seal")
        .arg(&log)
        .arg("--key")
        .arg(&public)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a secret key"));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    bin()
        .arg("seal")
        .arg(&log)
        .arg("--key")
        .arg(&key)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("readable by others"));
    assert!(!warroom::seal::seal_path(&log).exists());
}
