//! A drill survives its seat: killed (SIGKILL) on the drill screen at about T+20m and resumed
//! from its log, it delivers the same injects, the rest at their times, and scores the same as an
//! uninterrupted run with the same actions at the same drill times. Also: the screen's clock
//! stands at T+0 until the facilitator starts it.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::{bin, path_str, repo};
use warroom::engine::{Event, EventKind};
use warroom::log::read_log;

const KT: &str = "scenarios/kt-lost-iphone.ron";

fn events(log: &Path) -> Vec<Event> {
    read_log(log).unwrap().events
}

/// (inject, seconds after T+0) of every delivery.
fn deliveries(evs: &[Event]) -> Vec<(String, i64)> {
    let t0 = evs
        .iter()
        .find(|e| matches!(e.kind, EventKind::DrillStarted { .. }))
        .unwrap()
        .at;
    evs.iter()
        .filter_map(|e| match &e.kind {
            EventKind::InjectDelivered { inject, .. } => {
                Some((inject.clone(), (e.at - t0).num_seconds()))
            }
            _ => None,
        })
        .collect()
}

fn skipped(evs: &[Event]) -> Vec<String> {
    evs.iter()
        .filter_map(|e| match &e.kind {
            EventKind::InjectSkipped { inject, .. } => Some(inject.clone()),
            _ => None,
        })
        .collect()
}

fn score_line(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with("score:"))
        .unwrap_or_else(|| panic!("no score line in:\n{stdout}"))
        .to_string()
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What the team does after the crash, at the drill time the resumed drill picks up at.
const AFTER: &str = "ack relay
ack cs-facts
tick captured
tick tone-classified
choose map-issue
note back after the crash
wait 2h
";

#[test]
fn a_drill_killed_at_t20_and_resumed_delivers_the_same_and_scores_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drill.jsonl");
    let t = Tmux::new("drill-resume");
    t.start(
        120,
        40,
        &format!(
            "cd {} && exec {} drill {KT} --speed 120 --log {} --operator kim --role comms",
            path_str(repo()),
            env!("CARGO_BIN_EXE_warroom"),
            path_str(&log)
        ),
    );
    t.wait_for("NOT STARTED");
    // The clock stands still while the briefing is read.
    std::thread::sleep(Duration::from_millis(1500));
    let s = t.screen();
    assert!(
        s.contains("T+00:00:00"),
        "the clock moved before the start:\n{s}"
    );
    assert!(
        deliveries(&events(&log)).is_empty(),
        "an inject came before the start"
    );
    t.keys(&["Escape", "z"]);
    // At 120x, T+20m is ten seconds away: wait for the 12-minute inject, then a little more.
    wait_until("the T+12m inject", || {
        deliveries(&events(&log))
            .iter()
            .any(|(i, _)| i == "cs-facts")
    });
    std::thread::sleep(Duration::from_millis(700));
    let pid = t.run(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let killed = std::process::Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    let before = events(&log);
    let t0 = before[1].at;
    let last = before.last().unwrap().at;
    let picked_up = (last - t0).num_seconds();
    assert!(
        (12 * 60..90 * 60).contains(&picked_up),
        "killed at T+{picked_up}s"
    );

    // Resumed headless: it picks up where the log stands and goes on to the end.
    let after = dir.path().join("after.txt");
    std::fs::write(&after, AFTER).unwrap();
    let resumed = bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&after)
        .args(["--operator", "kim", "--role", "comms"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&resumed.stdout).into_owned();
    assert!(
        resumed.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let evs = events(&log);

    // The same actions, uninterrupted: the same start, the same drill time before the actions.
    let whole = dir.path().join("whole.txt");
    std::fs::write(&whole, format!("wait {picked_up}s\n{AFTER}")).unwrap();
    let log2 = dir.path().join("whole.jsonl");
    let straight = bin()
        .args(["drill", KT, "--script"])
        .arg(&whole)
        .args([
            "--now",
            &t0.to_rfc3339(),
            "--operator",
            "kim",
            "--role",
            "comms",
            "--log",
        ])
        .arg(&log2)
        .output()
        .unwrap();
    let out2 = String::from_utf8_lossy(&straight.stdout).into_owned();
    assert!(straight.status.success(), "{out2}");
    let evs2 = events(&log2);

    // Every inject came exactly once, at its time, as in the uninterrupted run.
    let d = deliveries(&evs);
    let mut ids: Vec<&String> = d.iter().map(|(i, _)| i).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), d.len(), "an inject came twice: {d:?}");
    let whole_d = deliveries(&evs2);
    let ids_of = |v: &[(String, i64)]| v.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>();
    assert_eq!(ids_of(&d), ids_of(&whole_d));
    for ((id, at), (_, at2)) in d.iter().zip(&whole_d) {
        if *at2 >= picked_up {
            assert_eq!(at, at2, "{id} came at T+{at}s, not at its time T+{at2}s");
        }
    }
    assert_eq!(skipped(&evs), skipped(&evs2));
    assert_eq!(score_line(&out), score_line(&out2));
    // And the report, from the log, agrees.
    let verify = bin().arg("verify").arg(&log).output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
}
