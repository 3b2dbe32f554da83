//! Concurrent writers: several `warroom resume --script` started at once on the same incident.
//! One holds it at a time; each other is refused with "this incident is open in another
//! warroom (pid N)", N being a process that was writing it; no two writers' events
//! interleave, and the log verifies afterwards.

mod common;

use std::process::{Command, Stdio};

use warroom::engine::EventKind;

const WRITERS: usize = 6;

#[test]
fn several_writers_at_once_one_wins_the_others_are_told_who() {
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    common::run_ok(dir.path(), common::MINIMAL, "note opened\n", &log);

    // Each writer has its own script: 300 notes naming it, each written and fsync'd.
    let scripts: Vec<_> = (0..WRITERS)
        .map(|w| {
            let p = dir.path().join(format!("writer-{w}.txt"));
            let text: String = (0..300).map(|i| format!("note writer-{w} {i}\n")).collect();
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    let children: Vec<_> = scripts
        .iter()
        .map(|s| {
            Command::new(env!("CARGO_BIN_EXE_warroom"))
                .current_dir(common::repo())
                .env("NO_COLOR", "1")
                .arg("resume")
                .arg(&log)
                .arg("--script")
                .arg(s)
                .args(["--now", common::NOW, "--operator", "w"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut winners = Vec::new();
    let mut refused = Vec::new();
    for (w, child) in children.into_iter().enumerate() {
        let pid = child.id();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.success() {
            winners.push((w, pid));
        } else {
            assert_eq!(out.status.code(), Some(1), "writer {w}: {stderr}");
            refused.push((w, stderr));
        }
    }
    assert!(!winners.is_empty(), "nobody could write: {refused:?}");
    assert!(
        !refused.is_empty(),
        "all {WRITERS} wrote: none was running while another tried"
    );
    for (w, stderr) in &refused {
        assert!(
            stderr.contains("this incident is open in another warroom (pid "),
            "writer {w}: {stderr}"
        );
        let pid: u32 = stderr
            .split("(pid ")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("writer {w}: no pid in {stderr}"));
        assert!(
            winners.iter().any(|&(_, p)| p == pid),
            "writer {w} named pid {pid}, not one of the writers that wrote: {winners:?}"
        );
        assert!(stderr.contains("close that one first"), "{stderr}");
    }

    // Valid, with each winner's notes whole and in one block, and no loser's note.
    let out = common::bin().arg("verify").arg(&log).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let events = warroom::log::read_log(&log).unwrap().events;
    let mut blocks: Vec<String> = Vec::new();
    let mut count = std::collections::BTreeMap::<String, usize>::new();
    for e in &events {
        if let EventKind::Note { text } = &e.kind
            && let Some(rest) = text.strip_prefix("writer-")
        {
            let who = rest.split(' ').next().unwrap_or_default().to_string();
            if blocks.last() != Some(&who) {
                blocks.push(who.clone());
            }
            *count.entry(who).or_default() += 1;
        }
    }
    let mut won: Vec<String> = winners.iter().map(|(w, _)| w.to_string()).collect();
    won.sort();
    let mut in_log: Vec<String> = count.keys().cloned().collect();
    in_log.sort();
    assert_eq!(
        in_log, won,
        "the writers in the log are the ones that succeeded"
    );
    assert_eq!(
        blocks.len(),
        winners.len(),
        "interleaved writers: {blocks:?}"
    );
    assert!(count.values().all(|&n| n == 300), "{count:?}");
    let resumed = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Resumed { .. }))
        .count();
    assert_eq!(resumed, winners.len());
    // The last one out removed its pid file.
    assert!(!dir.path().join("incident.jsonl.pid").exists());
}
