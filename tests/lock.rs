//! The log writer: an exclusive lock (a second writer on the same incident is refused), files
//! created 0600 in new 0700 directories, never overwriting, never through a symbolic link.

mod common;

use std::os::unix::fs::PermissionsExt;

use chrono::DateTime;
use warroom::engine::{Actor, Event, EventKind, Mode, PlaybookRef};
use warroom::log::{LogError, LogWriter};

fn opened() -> Event {
    Event {
        seq: 1,
        at: DateTime::parse_from_rfc3339(common::NOW).unwrap(),
        actor: Actor {
            name: "tester".into(),
            role: None,
        },
        kind: EventKind::Opened {
            playbook: PlaybookRef {
                path: "x.ron".into(),
                abs_path: None,
                id: "x".into(),
                title: "X".into(),
                version: "1".into(),
                sha256: "0".repeat(64),
            },
            title: "lock test".into(),
            mode: Mode::Live,
            warroom_version: "test".into(),
            start: "a".into(),
        },
    }
}

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_second_writer_on_the_same_log_is_refused() {
    let dir = common::tempdir();
    let path = dir.path().join("incident.jsonl");
    let w = LogWriter::create(&path, &opened()).unwrap();

    let err = LogWriter::resume(&path).unwrap_err();
    assert!(matches!(err, LogError::Locked(..)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("open in another warroom"), "{msg}");
    assert!(
        msg.contains(&format!("(pid {})", std::process::id())),
        "{msg}"
    );
    // A refused second writer leaves the log as it was.
    let r = warroom::log::verify::verify(&path).unwrap();
    assert!(r.ok() && r.events == 1);

    // The binary is refused too while this process holds the lock.
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note hi\n").unwrap();
    common::bin()
        .arg("resume")
        .arg(&path)
        .arg("--script")
        .arg(&script)
        .args(["--now", common::NOW, "--playbook", common::MINIMAL])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("open in another warroom"));

    // Once the first writer is gone, the log can be continued. (Tests in this binary run in
    // parallel and spawn processes: a child between fork and exec briefly shares this
    // process's open files, and with them the lock, so allow it a moment to exec.)
    drop(w);
    assert!(!dir.path().join("incident.jsonl.pid").exists());
    let start = std::time::Instant::now();
    let (w2, read, kept) = loop {
        match LogWriter::resume(&path) {
            Err(LogError::Locked(..)) if start.elapsed().as_secs() < 5 => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.unwrap(),
        }
    };
    assert_eq!(read.events.len(), 1);
    assert_eq!(w2.next_seq(), 2);
    assert!(kept.is_none());
}

#[test]
fn files_are_0600_and_new_dirs_0700() {
    let dir = common::tempdir();
    let nested = dir.path().join("incidents").join("2026");
    let path = nested.join("incident.jsonl");
    let w = LogWriter::create(&path, &opened()).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&nested), 0o700);
    assert_eq!(mode(&dir.path().join("incidents")), 0o700);
    drop(w);

    // Through the binary as well, into the default incidents/ directory.
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note hi\n").unwrap();
    let log_dir = dir.path().join("logs");
    let out = common::bin()
        .args([
            "run",
            common::MINIMAL,
            "--operator",
            "t",
            "--now",
            common::NOW,
        ])
        .arg("--script")
        .arg(&script)
        .arg("--log-dir")
        .arg(&log_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&log_dir), 0o700);
    let logs: Vec<_> = std::fs::read_dir(&log_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert_eq!(
        logs[0].file_name().unwrap().to_string_lossy(),
        "20261121-090000-minimal-example.jsonl"
    );
    assert_eq!(mode(&logs[0]), 0o600);
}

#[test]
fn an_existing_log_is_never_overwritten() {
    let dir = common::tempdir();
    let path = dir.path().join("incident.jsonl");
    std::fs::write(&path, "precious\n").unwrap();
    let err = LogWriter::create(&path, &opened()).unwrap_err();
    assert!(matches!(err, LogError::Exists(_)), "{err:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious\n");
}

#[test]
fn a_symlinked_log_path_is_refused() {
    let dir = common::tempdir();
    let target = dir.path().join("elsewhere.jsonl");
    let link = dir.path().join("incident.jsonl");
    // create: the link points at nothing yet.
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = LogWriter::create(&link, &opened()).unwrap_err();
    assert!(matches!(err, LogError::Symlink(_)), "{err:?}");
    assert!(err.to_string().contains("symbolic link"));
    assert!(!target.exists());

    // resume: the link points at a real log.
    let w = LogWriter::create(&target, &opened()).unwrap();
    drop(w);
    let err = LogWriter::resume(&link).unwrap_err();
    assert!(matches!(err, LogError::Symlink(_)), "{err:?}");
}

#[test]
fn resume_refuses_an_empty_log() {
    let dir = common::tempdir();
    let path = dir.path().join("empty.jsonl");
    std::fs::write(&path, "").unwrap();
    let err = LogWriter::resume(&path).unwrap_err();
    assert!(matches!(err, LogError::Empty(_)), "{err:?}");
}
