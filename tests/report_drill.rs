//! The after-action parts of a drill report in every format: injects credited to their
//! persona (not the seat that ran the clock), each expectation's result in the JSON, the
//! pauses of the drill clock and the work recorded while it was paused.

mod common;

use std::path::{Path, PathBuf};

use common::bin;

const TROLL: &str = "scenarios/troll-pile-on.ron";

const SCRIPT: &str = "ack pile-on\ntick captured\npause\nnote \"talked it over while paused\"\nresume\ntick tone-classified\nchoose troll-watch\nwait 10m\nack ceo-wants-reply\nclose handed_off_to_cs \"done\"\n";

fn drill_log(dir: &Path, script: &str) -> PathBuf {
    let s = dir.join("script.txt");
    std::fs::write(&s, script).unwrap();
    let log = dir.join("drill.jsonl");
    let out = bin()
        .args(["drill", TROLL, "--script"])
        .arg(&s)
        .args(["--now", "2026-11-21T10:00:00+09:00", "--operator", "tester"])
        .arg("--log")
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    log
}

fn report(log: &Path, format: &str) -> String {
    let out = bin()
        .args(["report", "--format", format])
        .arg(log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn seq_of(log: &Path, kind: &str) -> u64 {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["kind"] == kind)
        .and_then(|v| v["seq"].as_u64())
        .unwrap_or_else(|| panic!("no {kind} in the log"))
}

#[test]
fn json_has_each_expectation_and_the_pauses_and_credits_injects_to_personas() {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), SCRIPT);
    let v: serde_json::Value = serde_json::from_str(&report(&log, "json")).unwrap();
    let d = &v["drill"];
    let exps = d["expectations"].as_array().unwrap();
    assert_eq!(exps.len(), 5, "{exps:?}");
    let abuse = exps.iter().find(|x| x["id"] == "classified-abuse").unwrap();
    assert_eq!(abuse["label"], "Pile-on classified as unconditional abuse");
    assert_eq!(abuse["status"], "met");
    assert_eq!(abuse["due_at"], "2026-11-21T10:15:00+09:00");
    assert_eq!(abuse["expires_at"], "2026-11-21T10:30:00+09:00");
    assert_eq!(abuse["done_at"], "2026-11-21T10:00:00+09:00");
    assert_eq!(abuse["points"], 2.0);
    let cs = exps.iter().find(|x| x["id"] == "cs-takes-case").unwrap();
    assert_eq!(cs["status"], "missed");
    assert!(cs.get("done_at").is_none(), "{cs}");
    assert_eq!(cs["points"], 0.0);

    assert_eq!(d["pauses"], 1);
    assert_eq!(d["paused_secs"], 0);
    let note = seq_of(&log, "note");
    assert_eq!(d["while_paused"], serde_json::json!([note]));

    let inject = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "inject_delivered")
        .unwrap();
    assert_eq!(inject["actor"], "BringBackTheX1 @bringbackx1 (persona)");
    // The people are the team: the seat's events without the three injects it delivered.
    let total = std::fs::read_to_string(&log).unwrap().lines().count() as u64;
    assert_eq!(v["people"][0]["name"], "tester");
    assert_eq!(v["people"][0]["events"], total - 3);
}

#[test]
fn csv_credits_injects_to_personas_and_flags_work_while_paused() {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), SCRIPT);
    let csv = report(&log, "csv");
    let py = "import csv,sys,json\nrows=list(csv.DictReader(sys.stdin))\nprint(json.dumps(rows))";
    let out = std::process::Command::new("python3")
        .args(["-c", py])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(csv.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let inject = rows
        .iter()
        .find(|r| r["kind"] == "inject_delivered")
        .unwrap();
    assert_eq!(inject["actor"], "BringBackTheX1 @bringbackx1");
    assert_eq!(inject["role"], "persona");
    let paused: Vec<&str> = rows
        .iter()
        .filter(|r| r["while_paused"] == "yes")
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(paused, ["note"]);
}

#[test]
fn markdown_and_html_flag_work_while_paused_and_say_how_long_it_was_paused() {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), SCRIPT);
    let note = seq_of(&log, "note");
    let md = report(&log, "md");
    assert!(
        md.contains("| Paused | 0s of wall time in 1 pause; 1 event recorded while paused |"),
        "{md}"
    );
    let section = md
        .split("## Work while the drill was paused")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_else(|| panic!("no paused section:\n{md}"));
    assert!(
        section.contains(&format!(
            "- #{note} T+0s (10:00:00) tester: note: talked it over while paused"
        )),
        "{section}"
    );
    let flagged: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("while paused** ·"))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(
        flagged[0].starts_with(&format!("| {note} |")),
        "{flagged:?}"
    );
    let html = report(&log, "html");
    assert!(html.contains("<h2 id=\"paused\">Work while the drill was paused</h2>"));
    assert!(html.contains("⏸ <strong>while paused</strong> · note: talked it over while paused"));
}

#[test]
fn a_drill_never_paused_says_so_and_has_no_paused_section() {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), "ack pile-on\ntick captured\n");
    let md = report(&log, "md");
    assert!(md.contains("| Paused | never |"), "{md}");
    assert!(!md.contains("Work while the drill was paused"));
    assert!(!md.contains("while paused**"));
}
