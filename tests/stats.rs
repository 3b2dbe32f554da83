//! `warroom stats`: exact figures of a headless run, and the figures of the good part of a
//! damaged log (torn last line, altered line), naming the line.

mod common;

use std::collections::BTreeMap;

use common::{CEO, CEO_SCRIPT, bin, run_ok, tempdir};

fn stats_json(log: &std::path::Path) -> (serde_json::Value, std::process::Output) {
    let out = bin()
        .args(["stats", "--format", "json"])
        .arg(log)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (v, out)
}

fn stats_text(log: &std::path::Path) -> (String, String, i32) {
    let out = bin().arg("stats").arg(log).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn figures_of_a_headless_run_are_exact() {
    let dir = tempdir();
    let log = dir.path().join("ceo.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let (v, out) = stats_json(&log);
    assert!(out.status.success());
    assert_eq!(v["intact"], true);
    assert_eq!(v["events"], 32);
    assert_eq!(v["mode"], "live");
    assert_eq!(v["playbook"]["id"], "ceo-twitter-complaint");
    assert_eq!(v["opened"]["at"], "2026-11-21T09:00:00+09:00");
    // 4m + 7m + 5m of waits: closed at 09:16.
    assert_eq!(v["closed"]["at"], "2026-11-21T09:16:00+09:00");
    assert_eq!(v["closed"]["outcome"], "HandedOffToCs");
    assert_eq!(v["closed"]["step"], "end-cs");
    assert_eq!(v["closed"]["seq"], 32);
    assert_eq!(v["duration_secs"], 960);
    // The CEO's acknowledgement tweet is the first public post.
    assert_eq!(v["first_public_post"]["seq"], 26);
    assert_eq!(v["first_public_post"]["channel"], "Tweet");
    assert_eq!(v["first_public_post"]["draft"], 1);
    assert_eq!(v["first_public_ack_secs"], 960);
    assert_eq!(v["cs_handoff_secs"], 960);
    // Classification took 11 minutes of a 10-minute deadline.
    assert_eq!(v["deadlines_breached"], 1);
    assert_eq!(v["breaches"][0]["deadline"], "classify-done");
    assert_eq!(v["breaches"][0]["step"], "classify");
    assert_eq!(
        v["breaches"][0]["first_due_at"],
        "2026-11-21T09:10:00+09:00"
    );
    assert_eq!(
        v["breaches"][0]["first_noticed"]["at"],
        "2026-11-21T09:11:00+09:00"
    );
    let kinds: BTreeMap<String, u64> = serde_json::from_value(v["by_kind"].clone()).unwrap();
    let want: BTreeMap<String, u64> = [
        ("opened", 1),
        ("checked", 17),
        ("note", 1),
        ("deadline_breached", 1),
        ("decided", 6),
        ("variable_set", 2),
        ("draft_saved", 1),
        ("approved", 1),
        ("posted", 1),
        ("closed", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(kinds, want);

    let (text, _, code) = stats_text(&log);
    assert_eq!(code, 0);
    for line in [
        "Events                         32 (seq 1..32), hash chain intact",
        "Started                        2026-11-21 09:00:00 +09:00",
        "Closed                         2026-11-21 09:16:00 +09:00 — handed_off_to_cs at step end-cs (#32)",
        "Duration                       00:16:00",
        "First public acknowledgement   T+00:16:00 — draft #1 posted (tweet) at 09:16:00, event #26",
        "CS hand-off                    T+00:16:00 — closed as handed_off_to_cs at 09:16:00, event #32",
        "Deadlines breached             1 (1 deadline)",
        "  classify-done \"Tone classified\" (step classify), due 09:10:00, noticed 09:11:00 (#5)",
        "  checked                       17",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
}

#[test]
fn an_open_incident_without_posts_says_so() {
    let dir = tempdir();
    let log = dir.path().join("open.jsonl");
    run_ok(
        dir.path(),
        CEO,
        "tick captured\nwait 2m\nnote \"watching\"\n",
        &log,
    );
    let (text, _, code) = stats_text(&log);
    assert_eq!(code, 0);
    assert!(
        text.contains("not closed (still open); last event #3"),
        "{text}"
    );
    assert!(
        text.contains("Duration                       00:02:00 so far"),
        "{text}"
    );
    assert!(
        text.contains("First public acknowledgement   none"),
        "{text}"
    );
    assert!(
        text.contains("CS hand-off                    not yet"),
        "{text}"
    );
    assert!(
        text.contains("Deadlines breached             none"),
        "{text}"
    );
}

#[test]
fn a_torn_last_line_gives_the_figures_of_the_complete_lines() {
    let dir = tempdir();
    let log = dir.path().join("torn.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(br#"{"seq":33,"at":"2026-11-21T09:17:00+09:00","actor":{"na"#);
    std::fs::write(&log, &bytes).unwrap();
    let (text, err, code) = stats_text(&log);
    assert_eq!(code, 0, "a torn tail is how a log being written can look");
    assert!(
        text.contains("TORN last line 33 (") && text.contains("cover the 32 complete lines"),
        "{text}"
    );
    assert!(
        text.contains("Events                         32 (seq 1..32)"),
        "{text}"
    );
    assert!(err.contains(":33: torn last line"), "{err}");
    let (v, _) = stats_json(&log);
    assert_eq!(v["intact"], false);
    assert_eq!(v["torn"]["line"], 33);
    assert_eq!(v["events"], 32);
    assert_eq!(v["cs_handoff_secs"], 960);
}

#[test]
fn a_bad_line_gives_the_figures_before_it_and_names_it() {
    let dir = tempdir();
    let log = dir.path().join("bad.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let text = std::fs::read_to_string(&log).unwrap();
    // Alter line 27 (after the post, before the hand-off) without fixing its hash.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(lines[26].contains("\"kind\":\"checked\""), "{}", lines[26]);
    lines[26] = lines[26].replace("posted-by-ceo", "posted-by-cfo");
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let (out, err, code) = stats_text(&log);
    assert_eq!(code, 1);
    assert!(
        out.contains("DAMAGED at line 27: the line was altered")
            && out.contains("cover the 26 good events before it"),
        "{out}"
    );
    assert!(err.contains(":27: the line was altered"), "{err}");
    // The part before the damage: the post is in, the hand-off is not.
    assert!(
        out.contains("First public acknowledgement   T+00:16:00"),
        "{out}"
    );
    assert!(
        out.contains("CS hand-off                    not yet"),
        "{out}"
    );
    let (v, _) = stats_json(&log);
    assert_eq!(v["problem"]["line"], 27);
    assert_eq!(v["events"], 26);
}

#[test]
fn counts_agree_with_the_full_reader_on_a_generated_log() {
    let dir = tempdir();
    let log = dir.path().join("gen.jsonl");
    bin()
        .args(["gen", "log", "--events", "3000", "--seed", "11", "-o"])
        .arg(&log)
        .assert()
        .success();
    let read = warroom::log::read_log(&log).unwrap();
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    for e in &read.events {
        *want.entry(e.kind.name().to_string()).or_default() += 1;
    }
    let (v, out) = stats_json(&log);
    assert!(out.status.success());
    let got: BTreeMap<String, u64> = serde_json::from_value(v["by_kind"].clone()).unwrap();
    assert_eq!(got, want);
    assert_eq!(v["events"], 3000);
    let breaches = want.get("deadline_breached").copied().unwrap_or(0);
    assert_eq!(v["deadlines_breached"], breaches);
}
