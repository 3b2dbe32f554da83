//! Stopping and resuming is the same as never stopping: a script split at every line k, the
//! first part run, the rest given to `warroom resume` at the clock value the first part ended
//! at, ends in the same session state as one uninterrupted run (the resumed log has one extra
//! `resumed` event).

mod common;

use chrono::{DateTime, FixedOffset};
use warroom::engine::Session;
use warroom::script::{Line, parse_line};

use common::{CEO, CEO_SCRIPT, MINIMAL, MINIMAL_SCRIPT, bin, replay, run_ok};

/// The fixed clock after running `lines`: the start plus every `wait`.
fn clock_after(lines: &[&str]) -> DateTime<FixedOffset> {
    let mut t = common::now();
    for l in lines {
        if let Ok(Some(Line::Wait(span))) = parse_line(l) {
            t += span.to_chrono();
        }
    }
    t
}

/// What must be equal between the interrupted and the uninterrupted run.
fn essence(s: &Session) -> impl PartialEq + std::fmt::Debug {
    (
        s.step().id.clone(),
        s.ticked.clone(),
        s.variables.clone(),
        s.drafts
            .iter()
            .map(|d| (d.number, d.text.clone(), d.posted_at, d.approvals.clone()))
            .collect::<Vec<_>>(),
        s.closed,
        s.path
            .iter()
            .map(|v| (v.step, v.entered_at, v.left_at))
            .collect::<Vec<_>>(),
        s.breaches.clone(),
        s.posts.clone(),
        s.notes,
    )
}

fn split_everywhere(playbook: &str, script: &str) {
    let dir = common::tempdir();
    let whole = dir.path().join("whole.jsonl");
    run_ok(dir.path(), playbook, script, &whole);
    let expected = replay(playbook, &whole);
    let n_events = warroom::log::read_log(&whole).unwrap().events.len();
    assert!(expected.closed.is_some());

    let lines: Vec<&str> = script.lines().collect();
    for k in 0..=lines.len() {
        let log = dir.path().join(format!("split-{k}.jsonl"));
        let first: String = lines[..k].iter().map(|l| format!("{l}\n")).collect();
        let rest: String = lines[k..].iter().map(|l| format!("{l}\n")).collect();
        run_ok(dir.path(), playbook, &first, &log);
        let rest_path = dir.path().join(format!("rest-{k}.txt"));
        std::fs::write(&rest_path, &rest).unwrap();
        let at = clock_after(&lines[..k]).to_rfc3339();
        let out = bin()
            .arg("resume")
            .arg(&log)
            .arg("--script")
            .arg(&rest_path)
            .args(["--now", &at, "--operator", "tester"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "split at {k}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let got = replay(playbook, &log);
        assert_eq!(
            essence(&got),
            essence(&expected),
            "{playbook}: split at line {k}"
        );
        let events = warroom::log::read_log(&log).unwrap().events;
        assert_eq!(events.len(), n_events + 1, "split at {k}");
        assert_eq!(
            events.iter().filter(|e| e.kind.name() == "resumed").count(),
            1
        );
        bin().arg("verify").arg(&log).assert().success();
    }
}

#[test]
fn minimal_example_split_at_every_line() {
    split_everywhere(MINIMAL, MINIMAL_SCRIPT);
}

#[test]
fn default_playbook_split_at_every_line() {
    split_everywhere(CEO, CEO_SCRIPT);
}
