//! After a full disk: the writer re-checks the log's tail before every append and stops, loudly,
//! when the file is not what it last wrote (someone appended the pending copy by hand, cut the
//! log or edited its end) — so no event is written twice; and the documented way back, `warroom
//! resume LOG --append-pending FILE`, checks the kept events against the chain, skips those
//! already in the log, refuses while the incident is open elsewhere, and leaves a log that
//! verifies with every event once.

mod common;

use std::path::{Path, PathBuf};

use warroom::engine::{Actor, Command, EventKind, Mode};
use warroom::incident::{ExecError, Incident, NewIncident};
use warroom::log::LogError;
use warroom::log::faulty::{FaultControl, FaultySink};
use warroom::playbook::load_playbook;

fn open(dir: &Path) -> (Incident, PathBuf, FaultControl) {
    let loaded = load_playbook(&common::repo().join(common::MINIMAL)).unwrap();
    let log = dir.join("incident.jsonl");
    let mut inc = Incident::open(NewIncident {
        loaded: &loaded,
        title: "disk full".into(),
        mode: Mode::Live,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some("comms".into()),
        },
        now: common::now(),
        store: None,
    })
    .unwrap();
    let ctl = FaultControl::new();
    let c = ctl.clone();
    inc.log_writer_mut()
        .expect("a file store")
        .wrap_sink(move |inner| Box::new(FaultySink::new(inner, c)));
    (inc, log, ctl)
}

fn note(inc: &mut Incident, text: &str) -> Result<(), ExecError> {
    inc.execute(&Command::Note { text: text.into() }, common::now())
        .map(|_| ())
}

/// The notes of a log that verifies (panics if it does not).
fn notes(log: &Path) -> Vec<String> {
    let r = warroom::log::verify::verify(log).unwrap();
    assert!(r.ok(), "{r:?}");
    warroom::log::read_log(log)
        .unwrap()
        .events
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Note { text } => Some(text),
            _ => None,
        })
        .collect()
}

/// A full disk with one event pending, and its `w` copy.
fn pending_with_copy(dir: &Path) -> (Incident, PathBuf, FaultControl, PathBuf) {
    let (mut inc, log, ctl) = open(dir);
    note(&mut inc, "before").unwrap();
    ctl.disk_full_after(0);
    assert!(note(&mut inc, "during").is_err());
    assert_eq!(inc.pending().len(), 1);
    let copy = dir.join("incident.jsonl.pending-3.jsonl");
    assert_eq!(inc.export_pending(&copy).unwrap(), 1);
    (inc, log, ctl, copy)
}

fn append(log: &Path, file: &Path) -> std::process::Output {
    common::std_bin()
        .arg("resume")
        .arg(log)
        .arg("--append-pending")
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn the_copy_appended_by_hand_stops_the_writer_and_nothing_is_written_twice() {
    let dir = common::tempdir();
    let (mut inc, log, ctl, copy) = pending_with_copy(dir.path());
    // What the old advice said to do, while warroom still runs.
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend(std::fs::read(&copy).unwrap());
    std::fs::write(&log, bytes).unwrap();
    ctl.heal();
    // The automatic retry does not write the event again: it stops, and says why.
    let r = inc.retry();
    let err = r.error.expect("the retry must refuse");
    assert!(matches!(err, LogError::Changed { .. }), "{err}");
    assert!(
        err.to_string().contains("changed by another program"),
        "{err}"
    );
    assert!(r.written.is_empty());
    // Stopped for good: no retry, no new action writes anything after a line not its own.
    assert!(inc.retry().error.is_some());
    assert!(note(&mut inc, "after").is_err());
    assert_eq!(notes(&log), ["before", "during"], "every event once");
    drop(inc);
}

#[test]
fn a_log_cut_or_edited_under_the_writer_stops_it() {
    let dir = common::tempdir();
    let (mut inc, log, _ctl) = open(dir.path());
    note(&mut inc, "one").unwrap();
    note(&mut inc, "two").unwrap();
    let before = std::fs::read(&log).unwrap();
    // Cut the last line off.
    let cut = before[..before.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    std::fs::write(&log, &before[..cut]).unwrap();
    let err = note(&mut inc, "three").unwrap_err();
    assert!(
        err.to_string().contains("changed by another program"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&log).unwrap(),
        &before[..cut],
        "nothing written"
    );
    drop(inc);

    // Edited in place, same length: also stopped.
    let dir = common::tempdir();
    let (mut inc, log, _ctl) = open(dir.path());
    note(&mut inc, "abc").unwrap();
    let edited = String::from_utf8(std::fs::read(&log).unwrap())
        .unwrap()
        .replace("\"abc\"", "\"xyz\"");
    std::fs::write(&log, &edited).unwrap();
    let err = note(&mut inc, "def").unwrap_err();
    assert!(
        err.to_string().contains("changed by another program"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), edited);
    drop(inc);
}

#[test]
fn the_documented_recovery_leaves_every_event_once() {
    let dir = common::tempdir();
    let (inc, log, _ctl, copy) = pending_with_copy(dir.path());
    // warroom stops with the event still pending (never written); the disk is freed.
    drop(inc);
    assert_eq!(notes(&log), ["before"]);
    let out = append(&log, &copy);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("appended 1 event(s), #3–#3"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(notes(&log), ["before", "during"]);
    // Again: nothing is added twice.
    let out = append(&log, &copy);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("already in"));
    assert_eq!(notes(&log), ["before", "during"]);
    // And the incident continues from there.
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note after\n").unwrap();
    common::bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&script)
        .args(["--now", "2026-11-21T10:00:00+09:00"])
        .assert()
        .success();
    assert_eq!(notes(&log), ["before", "during", "after"]);
}

#[test]
fn append_pending_is_refused_while_the_incident_is_open_elsewhere() {
    let dir = common::tempdir();
    let (inc, log, _ctl, copy) = pending_with_copy(dir.path());
    let before = std::fs::read(&log).unwrap();
    let out = append(&log, &copy);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("open in another warroom"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&log).unwrap(), before);
    drop(inc);
}

#[test]
fn append_pending_refuses_what_does_not_continue_the_chain() {
    let dir = common::tempdir();
    let (inc, log, _ctl, copy) = pending_with_copy(dir.path());
    drop(inc);
    let before = std::fs::read(&log).unwrap();
    // An altered line (its hash no longer matches).
    let altered = dir.path().join("altered.jsonl");
    std::fs::write(
        &altered,
        std::fs::read_to_string(&copy)
            .unwrap()
            .replace("during", "DURING"),
    )
    .unwrap();
    // A copy from another incident (its chain is another log's).
    let other_dir = dir.path().join("other");
    std::fs::create_dir(&other_dir).unwrap();
    let (mut other_inc, _other_log, other_ctl) = open(&other_dir);
    note(&mut other_inc, "another incident").unwrap();
    other_ctl.disk_full_after(0);
    assert!(note(&mut other_inc, "during").is_err());
    let other_copy = other_dir.join("pending.jsonl");
    other_inc.export_pending(&other_copy).unwrap();
    drop(other_inc);
    // The log moved on: another event #3 was written meanwhile.
    let moved = dir.path().join("moved");
    std::fs::create_dir(&moved).unwrap();
    let (moved_inc, moved_log, _c2, moved_copy) = pending_with_copy(&moved);
    drop(moved_inc);
    let script = moved.join("s.txt");
    std::fs::write(&script, "note instead\n").unwrap();
    common::bin()
        .arg("resume")
        .arg(&moved_log)
        .arg("--script")
        .arg(&script)
        .args(["--now", "2026-11-21T10:00:00+09:00"])
        .assert()
        .success();
    let moved_before = std::fs::read(&moved_log).unwrap();
    for (l, file, why) in [
        (&log, &altered, "altered"),
        (&log, &other_copy, "does not continue the log's chain"),
        (&moved_log, &moved_copy, "the log has moved on"),
    ] {
        let out = append(l, file);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(why) && err.contains("nothing was appended"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&log).unwrap(), before);
    assert_eq!(std::fs::read(&moved_log).unwrap(), moved_before);
}
