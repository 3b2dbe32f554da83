//! Stakeholder updates on a cadence and the public state, on the shipped default playbook (a
//! public update every 30 minutes): an update missed is a logged breach and shows in the
//! reports with due and done times, every update says when the next one comes, and the public
//! state is a logged command carried into the reports.

mod common;

use serde_json::Value;

use common::{CEO, bin, run_ok, run_script, stdout_of as stdout, tempdir};

const CADENCE: &str = r#"set summary "the double charge"
wait 10m
draft --template public-update
post 1
wait 60m
state identified
draft --template public-update
post 2
wait 1m
note done
"#;

#[test]
fn an_update_missed_on_the_cadence_is_breached_and_reported_with_due_and_done_times() {
    let dir = tempdir();
    let log = dir.path().join("cadence.jsonl");
    run_ok(dir.path(), CEO, CADENCE, &log);
    let events: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The breach of the update due at 09:40 was logged when noticed.
    assert!(events.iter().any(|e| e["kind"] == "deadline_breached"
        && e["deadline"] == "update-public"
        && e["due_at"] == "2026-11-21T09:40:00+09:00"));
    // Every posted update ends with its filled-in next update time.
    let posted: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "posted")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(posted.len(), 2);
    assert!(posted[0].ends_with("by 09:40."), "{}", posted[0]);
    assert!(posted[1].ends_with("by 10:40."), "{}", posted[1]);
    for e in events.iter().filter(|e| e["kind"] == "draft_saved") {
        assert_eq!(e["audience"], "Public");
    }

    // JSON: each update instance with its due and done times.
    let json: Value = serde_json::from_str(&stdout(&["report", "--format", "json"], &log)).unwrap();
    let updates: Vec<&Value> = json["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"] == "update-public")
        .collect();
    let seen: Vec<(String, String, String)> = updates
        .iter()
        .map(|d| {
            (
                d["due_at"].as_str().unwrap().to_string(),
                d["outcome"]["result"].as_str().unwrap().to_string(),
                d["outcome"]["at"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "2026-11-21T09:30:00+09:00".into(),
                "met".into(),
                "2026-11-21T09:10:00+09:00".into()
            ),
            (
                "2026-11-21T09:40:00+09:00".into(),
                "met_late".into(),
                "2026-11-21T10:10:00+09:00".into()
            ),
            (
                "2026-11-21T10:40:00+09:00".into(),
                "open".into(),
                String::new()
            ),
        ]
    );
    assert_eq!(json["public_state"][0], "Identified");

    // Markdown: the update due at T+40m is breached, met late at T+1h10m; the public state.
    let md = stdout(&["report"], &log);
    let row = md
        .lines()
        .find(|l| l.contains("(`update-public`)") && l.contains("T+40m"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        row.contains("BREACHED") && row.contains("met late at T+1h10m"),
        "{row}"
    );
    assert!(
        md.contains("| Public state | identified (since T+1h10m) |"),
        "{md}"
    );
}

#[test]
fn an_internal_message_is_not_a_public_update() {
    let dir = tempdir();
    let log = dir.path().join("internal.jsonl");
    let script = "tick captured\nset handle @m\nset summary x\nset severity high\ndraft --template war-room-alert\npost 1\nwait 31m\nnote late\n";
    run_ok(dir.path(), CEO, script, &log);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("\"deadline_breached\"") && l.contains("update-public")),
        "{text}"
    );
}

#[test]
fn the_public_state_is_a_logged_command_with_clear_errors() {
    let dir = tempdir();
    let log = dir.path().join("state.jsonl");
    let out = run_script(
        dir.path(),
        CEO,
        "state investigating\nstate investigating\n",
        &log,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already investigating"));
    let out = run_script(
        dir.path(),
        CEO,
        "state fixed\n",
        &dir.path().join("bad.jsonl"),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(":1:7:") && err.contains("unknown public state \"fixed\""),
        "{err}"
    );
}

#[test]
fn a_playbook_update_without_next_update_is_an_error() {
    let dir = tempdir();
    let src = std::fs::read_to_string(common::repo().join(CEO)).unwrap();
    let bad = src.replace(
        "The next update will be here by {next_update}.",
        "More soon.",
    );
    assert_ne!(bad, src);
    let p = dir.path().join("bad.ron");
    std::fs::write(&p, bad).unwrap();
    let out = bin().arg("check").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not say when the next update comes"),
        "{err}"
    );
}

#[test]
fn a_high_severity_incident_gets_the_faster_cadence() {
    let dir = tempdir();
    let log = dir.path().join("high.jsonl");
    let script = "set summary \"the double charge\"\nset severity \"high: 40 retweets, one reporter asking\"\ndraft --template public-update\npost 1\nwait 16m\nnote late\n";
    run_ok(dir.path(), CEO, script, &log);
    let text = std::fs::read_to_string(&log).unwrap();
    // Posted at 09:00 with the next update due at 09:15 (15 minutes at high severity), and
    // breached by 09:16.
    assert!(
        text.contains("The next update will be here by 09:15."),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.contains("\"deadline_breached\"")
            && l.contains("update-public")
            && l.contains("2026-11-21T09:15:00+09:00")),
        "{text}"
    );
}
