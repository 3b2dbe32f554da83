//! The after-action parts of a drill report in every format: injects credited to their
//! persona (not the seat that ran the clock), each expectation's result in the JSON, the
//! pauses of the drill clock and the work recorded while it was paused.

mod common;

use std::path::{Path, PathBuf};

use common::bin;

const TROLL: &str = "scenarios/troll-pile-on.ron";

const SCRIPT: &str = "ack pile-on\ntick captured\npause\nnote \"talked it over while paused\"\nresume\ntick tone-classified\nchoose troll-watch\nwait 10m\nack ceo-wants-reply\nclose handed_off_to_cs \"done\"\n";

fn drill_log(dir: &Path, script: &str) -> PathBuf {
    drill_log_as(dir, script, &[])
}

fn drill_log_as(dir: &Path, script: &str, seat: &[&str]) -> PathBuf {
    let s = dir.join("script.txt");
    std::fs::write(&s, script).unwrap();
    let log = dir.join("drill.jsonl");
    let out = bin()
        .args(["drill", TROLL, "--script"])
        .arg(&s)
        .args(["--now", "2026-11-21T10:00:00+09:00", "--operator", "tester"])
        .args(seat)
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
    // It prints as a document: no backgrounds, major sections on a new page, rows kept whole.
    let print = html
        .split("@media print{")
        .nth(1)
        .unwrap_or_else(|| panic!("no print style sheet"));
    for rule in [
        "background:transparent!important",
        "h2#timeline,",
        "{break-before:page}",
        "tr,pre,blockquote,li,svg{break-inside:avoid}",
        "thead{display:table-header-group}",
    ] {
        assert!(print.contains(rule), "no {rule:?} in the print style sheet");
    }
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

const EVALUATOR_SCRIPT: &str = "ack pile-on\nnote \"team hesitated on classification\"\nobserve cs-takes-case: nobody looked for the real customer\nobserve nope: an id the scenario lacks\nobserve classified-abuse: quick and sure\n";

fn log_events(log: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn an_evaluator_s_notes_are_observations_grouped_by_expectation() {
    let dir = common::tempdir();
    let log = drill_log_as(dir.path(), EVALUATOR_SCRIPT, &["--role", "evaluator"]);
    let obs: Vec<serde_json::Value> = log_events(&log)
        .into_iter()
        .filter(|e| e["kind"] == "observation")
        .collect();
    assert_eq!(obs.len(), 4, "{obs:?}");
    assert!(obs[0].get("expectation").is_none());
    assert_eq!(obs[0]["text"], "team hesitated on classification");
    assert_eq!(obs[1]["expectation"], "cs-takes-case");
    assert_eq!(obs[1]["actor"]["role"], "evaluator");
    assert!(
        !log_events(&log).iter().any(|e| e["kind"] == "note"),
        "an evaluator's note stayed a note"
    );

    let md = report(&log, "md");
    let section = md
        .split("## Evaluator observations")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_else(|| panic!("no observations section:\n{md}"));
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("| ")).collect();
    // The header, then in the scenario's order of expectations, then none, then unknown.
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert!(
        rows[1].starts_with(
            "| Pile-on classified as unconditional abuse (`classified-abuse`) | ❌ missed |"
        ),
        "{rows:?}"
    );
    assert!(rows[1].ends_with("| tester | quick and sure |"), "{rows:?}");
    assert!(
        rows[2].contains("(`cs-takes-case`)") && rows[2].contains("nobody looked"),
        "{rows:?}"
    );
    assert!(rows[3].starts_with("| (no expectation) | — |"), "{rows:?}");
    assert!(
        rows[4].starts_with("| `nope` (not in the scenario) | — |"),
        "{rows:?}"
    );

    let v: serde_json::Value = serde_json::from_str(&report(&log, "json")).unwrap();
    let o = v["observations"].as_array().unwrap();
    assert_eq!(o[1]["expectation"]["id"], "cs-takes-case");
    assert_eq!(o[1]["verdict"], "missed");
    assert_eq!(o[3]["known"], false);
    let html = report(&log, "html");
    assert!(html.contains("<h2 id=\"observations\">Evaluator observations</h2>"));
}

#[test]
fn a_player_cannot_observe_and_a_live_incident_has_no_observations() {
    let dir = common::tempdir();
    let s = dir.path().join("script.txt");
    std::fs::write(&s, "observe cs-takes-case: x\n").unwrap();
    let out = bin()
        .args(["drill", TROLL, "--script"])
        .arg(&s)
        .args([
            "--now",
            "2026-11-21T10:00:00+09:00",
            "--operator",
            "p",
            "--role",
            "comms",
        ])
        .arg("--log")
        .arg(dir.path().join("d.jsonl"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("script.txt:1:1: error: observations are the evaluators'"),
        "{err}"
    );
    assert!(err.contains("role is \"comms\""), "{err}");

    let out = bin()
        .args(["run", "playbooks/ceo-twitter-complaint.ron", "--script"])
        .arg(&s)
        .args([
            "--now",
            "2026-11-21T10:00:00+09:00",
            "--operator",
            "e",
            "--role",
            "evaluator",
        ])
        .arg("--log")
        .arg(dir.path().join("live.jsonl"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // `evaluator` is a drill's role, not a live incident's: refused before anything is recorded.
    assert!(
        err.contains("--role \"evaluator\": not a role of playbook"),
        "{err}"
    );
    assert!(!dir.path().join("live.jsonl").exists());
}

fn review(log: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .arg("review")
        .arg(log)
        .args(["--operator", "rev", "--now", "2026-11-22T09:00:00+09:00"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn findings_made_headless_make_the_improvement_plan_in_every_format() {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), SCRIPT);
    let ok = |args: &[&str]| {
        let out = review(&log, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = ok(&[
        "--note",
        "CEO pushed to reply, \"now\"",
        "--finding",
        "cs-takes-case",
        "--action",
        "Brief the CEO on the house rule",
        "--owner",
        "민지",
        "--due",
        "2026-12-15",
    ]);
    assert!(first.starts_with("finding #"), "{first}");
    let plain = ok(&["--note", "a plain note"]);
    let seq: String = plain
        .trim_start_matches("review note #")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    ok(&[
        "--mark",
        &seq,
        "--finding",
        "general",
        "--action",
        "Write it down",
        "--owner",
        "Joon",
        "--due",
        "2026-12-01",
    ]);
    // The rules: an id the scenario lacks, a bad date, a missing owner.
    for (args, msg) in [
        (
            vec![
                "--note",
                "x",
                "--finding",
                "nope",
                "--action",
                "a",
                "--owner",
                "o",
                "--due",
                "2026-12-15",
            ],
            "\"nope\" is neither an expectation nor an objective of scenario \"troll-pile-on\"",
        ),
        (
            vec![
                "--note",
                "x",
                "--finding",
                "general",
                "--action",
                "a",
                "--owner",
                "o",
                "--due",
                "12/15",
            ],
            "due date \"12/15\" is not a date",
        ),
        (
            vec![
                "--note",
                "x",
                "--finding",
                "general",
                "--action",
                "a",
                "--due",
                "2026-12-15",
            ],
            "--owner",
        ),
    ] {
        let out = review(&log, &args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{err}");
    }
    let events = log_events(&log);
    let findings: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["kind"] == "review_note" && e.get("finding").is_some())
        .collect();
    assert_eq!(findings.len(), 2, "a refused finding was written");
    assert_eq!(
        findings[0]["finding"],
        serde_json::json!({"ties": {"expectation": "cs-takes-case"}, "action": "Brief the CEO on the house rule", "owner": "민지", "due": "2026-12-15"})
    );
    assert_eq!(findings[1]["finding"]["marks"], seq.parse::<u64>().unwrap());
    assert_eq!(findings[1]["text"], "a plain note");

    let md = report(&log, "md");
    let plan: Vec<&str> = md
        .split("## Improvement plan")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_else(|| panic!("no plan:\n{md}"))
        .lines()
        .filter(|l| l.starts_with("| "))
        .collect();
    assert_eq!(plan.len(), 3, "{plan:?}");
    assert_eq!(
        plan[0],
        "| Objective | Expectation | Finding | Corrective action | Owner | Due | Result |"
    );
    assert!(plan[1].starts_with("| — | The real customer's case handed to CS (`cs-takes-case`) | CEO pushed to reply, \"now\"<br>— rev, 2026-11-22"), "{plan:?}");
    assert!(
        plan[1].ends_with("| Brief the CEO on the house rule | 민지 | 2026-12-15 | ❌ missed |"),
        "{plan:?}"
    );
    assert!(
        plan[2].starts_with("| general | — | a plain note"),
        "{plan:?}"
    );
    let html = report(&log, "html");
    assert!(html.contains("<h2 id=\"improvement-plan\">Improvement plan</h2>"));
    assert!(
        html.contains("<td>Brief the CEO on the house rule</td><td>민지</td>"),
        "{html}"
    );

    let v: serde_json::Value = serde_json::from_str(&report(&log, "json")).unwrap();
    let p = v["improvement_plan"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["expectation"]["id"], "cs-takes-case");
    assert_eq!(p[0]["verdict"], "missed");
    assert_eq!(p[0]["due"], "2026-12-15");
    assert_eq!(p[1]["owner"], "Joon");

    let csv = report(&log, "csv");
    let row = csv
        .lines()
        .find(|l| l.contains("Brief the CEO"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.ends_with(",expectation cs-takes-case,Brief the CEO on the house rule,민지,2026-12-15"),
        "{row}"
    );
}

/// The review screen's `m` on a note: the popup asks the four fields, the library refuses a
/// bad one (the field is asked again, nothing written), then the finding is in the log.
#[test]
fn the_review_screen_marks_a_note_as_a_finding() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use warroom::tui::review::finding::Field;
    use warroom::tui::review::{Input, ReviewApp};

    let dir = common::tempdir();
    let log = drill_log(dir.path(), SCRIPT);
    let data = warroom::commands::review::load_review(&log, None).unwrap();
    let mut a = ReviewApp::new(
        &log,
        data,
        warroom::engine::Actor {
            name: "rev".into(),
            role: None,
        },
        warroom::tui::theme::Theme { color: false },
    );
    a.clock = Box::new(warroom::clock::ManualClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+09:00").unwrap(),
    ));
    let key = |a: &mut ReviewApp, c: KeyCode| a.key(KeyEvent::new(c, KeyModifiers::NONE));
    let typed = |a: &mut ReviewApp, s: &str| {
        for c in s.chars() {
            a.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        a.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    };
    // Not on a note: refused.
    key(&mut a, KeyCode::Char('m'));
    assert_eq!(a.input(), None);
    let note = a
        .visible
        .iter()
        .position(|&i| a.data.analysis.entries[i].kind == "note")
        .unwrap();
    a.selected = note;
    let before = std::fs::read_to_string(&log).unwrap();
    key(&mut a, KeyCode::Char('m'));
    assert_eq!(a.input(), Some(Input::Finding(Field::Ties, String::new())));
    typed(&mut a, "cs-takes-case");
    typed(&mut a, "Name the CS contact in the playbook");
    typed(&mut a, "Jiwon");
    typed(&mut a, "next week");
    // The library refused the date: asked again, nothing written.
    assert_eq!(
        a.input(),
        Some(Input::Finding(Field::Due, "next week".into()))
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), before);
    for _ in 0.."next week".len() {
        key(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "2026-12-01");
    assert_eq!(a.input(), None);
    let last = log_events(&log).pop().unwrap();
    assert_eq!(last["kind"], "review_note");
    assert_eq!(last["text"], "talked it over while paused");
    assert_eq!(
        last["finding"],
        serde_json::json!({"ties": {"expectation": "cs-takes-case"}, "action": "Name the CS contact in the playbook", "owner": "Jiwon", "due": "2026-12-01", "marks": seq_of(&log, "note")})
    );
}
