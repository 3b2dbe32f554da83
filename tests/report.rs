//! `warroom report`: the Markdown after-action report of drill and live logs, computed from the
//! log alone (and the drill's scenario, found where the log says or given with --scenario).

mod common;

use std::path::{Path, PathBuf};

use common::{MINIMAL, MINIMAL_SCRIPT, bin};

const TROLL: &str = "scenarios/troll-pile-on.ron";

const TROLL_SCRIPT: &str = r#"ack pile-on
tick captured
tick tone-classified
choose troll-watch
tick no-engagement
wait 10m
ack ceo-wants-reply
note "CEO wanted to reply | told him no <b>not</b> today"
wait 20m
ack cs-offer
choose cs-handoff
tick context-passed
tick customer-contacted
wait 30m
choose end-cs
close handed_off_to_cs "Pile-on ignored; the refund case is with CS"
"#;

fn run_to_log(args: &[&str], script: &str, dir: &Path) -> PathBuf {
    let s = dir.join("script.txt");
    std::fs::write(&s, script).unwrap();
    let log = dir.join("x.jsonl");
    let out = bin()
        .args(args)
        .arg("--script")
        .arg(&s)
        .args([
            "--now",
            "2026-11-21T10:00:00+09:00",
            "--operator",
            "tester",
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

fn report(log: &Path, extra: &[&str]) -> (bool, String, String) {
    let out = bin().arg("report").arg(log).args(extra).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title}:\n{md}"));
    let rest = &md[start + 4 + title.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn drill_report_has_briefing_score_expectations_timeline_and_hot_wash() {
    let dir = tempfile::tempdir().unwrap();
    let log = run_to_log(&["drill", TROLL], TROLL_SCRIPT, dir.path());
    let (ok, md, _) = report(&log, &[]);
    assert!(ok);
    assert!(
        md.starts_with("# After-action report: EXERCISE — Troll pile-on"),
        "{md}"
    );
    assert!(md.contains("> **EXERCISE**"));
    assert!(section(&md, "Briefing").contains("Saturday, 10:00."));
    // Score: every expectation met in this run (the drill ended at T+1h when the script ran out).
    assert!(
        section(&md, "Score").contains("**10 / 10 points (100%)** — 5 met, 0 late, 0 missed."),
        "{md}"
    );
    let exp = section(&md, "Expectations");
    assert!(exp.contains("| Expectation | Looked for | Due | Done | Result | Points |"));
    assert!(exp.contains("| The real customer's case handed to CS (`cs-takes-case`) | step \"cs-handoff\" reached | T+45m (10:45:00), late until T+1h15m | T+30m (10:30:00) | ✅ met | 3 / 3 |"), "{exp}");
    assert!(
        exp.contains("(`no-public-reply`) | never: something public posted as \"ceo\" |"),
        "{exp}"
    );
    // Path: intended vs taken.
    let path = section(&md, "Path: intended and taken");
    assert!(
        path.contains("| 2 | `troll-watch` | ✓ T+0s (10:00:00) |"),
        "{path}"
    );
    // Timeline: injects and team actions interleaved, in order.
    let tl = section(&md, "Timeline");
    let inj = tl.find("**INJECT** `real-customer`").unwrap();
    let ack = tl.find("acknowledged inject cs-offer").unwrap();
    let cs = tl.find("**INJECT** `cs-offer`").unwrap();
    assert!(inj < cs && cs < ack);
    assert!(tl.contains("| T+20m | 2026-11-21 10:20:00 | 📣 Dana Reyes @dana\\_reyes · 310 followers | **INJECT** `real-customer` (reply):"), "{tl}");
    assert!(tl.contains("not delivered (needs something posted in public as \"ceo\")"));
    // Notes, escaped: no raw pipe breaks the table, no HTML gets through.
    let notes = section(&md, "Notes");
    assert!(
        notes.contains("CEO wanted to reply \\| told him no &lt;b&gt;not&lt;/b&gt; today"),
        "{notes}"
    );
    assert!(!md.contains("<b>"));
    assert!(md.contains("Closing summary: Pile-on ignored; the refund case is with CS"));
    let hw = section(&md, "Hot-wash questions");
    assert!(
        hw.contains("1. How long did it take to call it abuse rather than criticism"),
        "{hw}"
    );
    assert!(section(&md, "Posted, verbatim").contains("Nothing was posted."));
}

#[test]
fn drafts_posted_appear_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let script = "ack relay\ntick captured\ntick tone-classified\nchoose map-issue\ntick raiser\ntick sympathisers\ntick points-listed\ntick complaint-type\nchoose gather-facts\ntick expert-consulted\ntick facts-reverified\ntick legal-check\nchoose acknowledge\ntick problem-named\ntick intent\nchoose transparency\ntick fault-status\ntick no-vague\nchoose apologize\ntick fault-named\ntick no-conditions\ndraft \"@sky_traveler82 님, 죄송합니다. `약관` *안내*가 잘못됐습니다.\\n보상은 오늘 CS가 연락드립니다.\"\nchoose ceo-approval\nwait 9m\ntick read-all\ntick promises-ok\napprove --by 표현명\npost\n";
    let log = run_to_log(
        &["drill", "scenarios/kt-lost-iphone.ron"],
        script,
        dir.path(),
    );
    let (ok, md, _) = report(&log, &[]);
    assert!(ok);
    let posted = section(&md, "Posted, verbatim");
    assert!(
        posted.contains("### #1 — tweet at T+9m (10:09:00) by tester"),
        "{posted}"
    );
    assert!(posted.contains("```text\n@sky_traveler82 님, 죄송합니다. `약관` *안내*가 잘못됐습니다.\n보상은 오늘 CS가 연락드립니다.\n```"), "{posted}");
    assert!(section(&md, "Expectations").contains("(`apology-30m`) | a draft from step \"apologize\" posted | T+30m (10:30:00), late until T+1h | T+9m (10:09:00) | ✅ met | 3 / 3 |"));
}

#[test]
fn live_report_has_no_drill_sections() {
    let dir = tempfile::tempdir().unwrap();
    let log = run_to_log(&["run", MINIMAL], MINIMAL_SCRIPT, dir.path());
    let (ok, md, _) = report(&log, &[]);
    assert!(ok);
    assert!(md.contains("| Mode | live incident |"));
    for absent in [
        "EXERCISE",
        "## Expectations",
        "## Score",
        "## Briefing",
        "## Hot-wash",
    ] {
        assert!(!md.contains(absent), "{absent} in a live report:\n{md}");
    }
    assert!(
        section(&md, "Timeline").contains(
            "| T+2m | 2026-11-21 10:02:00 | tester | assess → acknowledge: Constructive: respond |"
        ),
        "{md}"
    );
    assert!(section(&md, "Posted, verbatim").contains("```text\n@kim Thank you for telling us about late delivery. We are looking into it now.\n```"), "{md}");
    assert!(section(&md, "Notes").contains("Customer is a regular; 12 retweets"));
    let deadlines = section(&md, "Deadlines");
    assert!(deadlines.contains("**BREACHED**"), "{deadlines}");
}

#[test]
fn report_finds_the_scenario_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    // A scenario in a temp dir, moved away after the drill.
    let sc = dir.path().join("troll.ron");
    let text = std::fs::read_to_string(common::repo().join(TROLL)).unwrap();
    let pb = common::repo().join("playbooks/ceo-twitter-complaint.ron");
    std::fs::write(
        &sc,
        text.replace(
            "../playbooks/ceo-twitter-complaint.ron",
            pb.to_str().unwrap(),
        ),
    )
    .unwrap();
    let log = run_to_log(&["drill", sc.to_str().unwrap()], TROLL_SCRIPT, dir.path());
    let moved = dir.path().join("moved.ron");
    std::fs::rename(&sc, &moved).unwrap();
    let (ok, md, stderr) = report(&log, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("cannot find the scenario this drill ran"),
        "{stderr}"
    );
    assert!(
        md.contains("> **Scenario:** cannot find the scenario"),
        "{md}"
    );
    assert!(!md.contains("## Expectations") && md.contains("**INJECT** `pile-on`"));
    // --scenario puts the score back, and says nothing is wrong when the file is the same.
    let (ok, md, stderr) = report(&log, &["--scenario", moved.to_str().unwrap()]);
    assert!(ok && stderr.is_empty(), "{stderr}");
    assert!(md.contains("**10 / 10 points (100%)**"));
    // -o writes the same text to a file.
    let out = dir.path().join("aar.md");
    let o = bin()
        .arg("report")
        .arg(&log)
        .args(["--scenario", moved.to_str().unwrap(), "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), md);
    // Another scenario is refused.
    let (ok, _, stderr) = report(&log, &["--scenario", "scenarios/kt-lost-iphone.ron"]);
    assert!(
        !ok && stderr.contains("but the drill ran \"troll-pile-on\""),
        "{stderr}"
    );
}
