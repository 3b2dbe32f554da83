//! `warroom compare`: two teams' drills of one scenario side by side in Markdown, HTML and
//! JSON (scores, each expectation's verdict and done time per team, paths, key times); a drill
//! of another scenario is refused.

mod common;

use std::path::{Path, PathBuf};

use common::bin;

const TROLL: &str = "scenarios/troll-pile-on.ron";

fn drill(dir: &Path, name: &str, scenario: &str, script: &str) -> PathBuf {
    let s = dir.join(format!("{name}.txt"));
    std::fs::write(&s, script).unwrap();
    let log = dir.join(format!("{name}.jsonl"));
    let out = bin()
        .args(["drill", scenario, "--script"])
        .arg(&s)
        .args([
            "--now",
            "2026-11-21T10:00:00+09:00",
            "--operator",
            name,
            "--log",
        ])
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

fn compare(logs: &[&Path], format: &str) -> std::process::Output {
    bin()
        .arg("compare")
        .args(logs)
        .args(["--format", format])
        .output()
        .unwrap()
}

#[test]
fn two_teams_compared_in_every_format() {
    let dir = common::tempdir();
    let red = drill(
        dir.path(),
        "red",
        TROLL,
        "ack pile-on\ntick captured\ntick tone-classified\nchoose troll-watch\nwait 10m\nack ceo-wants-reply\nclose handed_off_to_cs \"done\"\n",
    );
    let blue = drill(
        dir.path(),
        "blue",
        TROLL,
        "ack pile-on\nwait 20m\ntick captured\n",
    );
    let out = compare(&[&red, &blue], "md");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| Team | Log | Score | First decision | First post | End |"),
        "{md}"
    );
    assert!(
        md.contains("| red | `red.jsonl` | 6 / 10 | T+0s | — | T+10m |"),
        "{md}"
    );
    assert!(md.contains("| Expectation | red | blue |"), "{md}");
    assert!(
        md.contains(
            "| Pile-on classified as unconditional abuse (`classified-abuse`) | met T+0s | missed |"
        ),
        "{md}"
    );
    assert!(md.contains("| red | classify → troll-watch |"), "{md}");
    assert!(md.contains("| blue | classify |"), "{md}");

    let html = String::from_utf8(compare(&[&red, &blue], "html").stdout).unwrap();
    assert!(
        html.contains("<h2 id=\"expectations\">Expectations by team</h2>"),
        "{html}"
    );
    assert!(html.contains("<th>red</th><th>blue</th>"), "{html}");

    let v: serde_json::Value =
        serde_json::from_slice(&compare(&[&red, &blue], "json").stdout).unwrap();
    assert_eq!(v["format"], "warroom-compare/1");
    assert_eq!(v["scenario_id"], "troll-pile-on");
    let teams = v["teams"].as_array().unwrap();
    assert_eq!(teams[0]["name"], "red");
    assert_eq!(teams[0]["points"], 6.0);
    assert_eq!(
        teams[0]["path"],
        serde_json::json!(["classify", "troll-watch"])
    );
    assert_eq!(teams[0]["first_decision"], "2026-11-21T10:00:00+09:00");
    assert_eq!(teams[1]["expectations"][0]["id"], "classified-abuse");
    assert_eq!(teams[1]["expectations"][0]["status"], "missed");
}

#[test]
fn drills_of_different_scenarios_are_refused() {
    let dir = common::tempdir();
    let red = drill(dir.path(), "red", TROLL, "ack pile-on\n");
    let kt = drill(
        dir.path(),
        "kt",
        "scenarios/kt-lost-iphone.ron",
        "ack relay\n",
    );
    let out = compare(&[&red, &kt], "md");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kt.jsonl is a drill of scenario \"kt-lost-iphone\", not \"troll-pile-on\""),
        "{err}"
    );
    let out = bin().arg("compare").arg(&red).output().unwrap();
    assert!(!out.status.success(), "one log compared");
}
