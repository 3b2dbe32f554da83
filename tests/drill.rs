//! Drills end to end through the binary: scenario checks with exact positions, scoring (the KT
//! case's 30-minute apology), conditional injects, pause and resume, determinism, and the
//! `--from-log` round trip.

mod common;

use std::path::{Path, PathBuf};

use common::{bin, repo};
use warroom::engine::{Event, EventKind};
use warroom::log::read_log;

const BAD: &str = "tests/fixtures/scenarios/bad";
const KT: &str = "scenarios/kt-lost-iphone.ron";
const KT_NOW: &str = "2010-06-23T14:00:00+09:00";

#[test]
fn shipped_scenarios_pass_check_with_no_warnings() {
    let out = bin()
        .args(["check", "--deny-warnings", "scenarios/"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}\n{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let files = std::fs::read_dir(repo().join("scenarios")).unwrap().count();
    assert!(files >= 6, "at least six shipped scenarios, found {files}");
    assert!(
        stdout.contains(&format!("{files} files checked: 0 errors, 0 warnings")),
        "{stdout}"
    );
}

#[test]
fn broken_scenarios_fail_with_file_line_col() {
    let dir = repo().join(BAD);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "only {} broken scenarios", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let rel = format!("{BAD}/{name}");
        let expected = std::fs::read_to_string(dir.join(name.replace(".ron", ".expected")))
            .unwrap_or_else(|_| panic!("{rel} has no .expected file"));
        let expected = expected.lines().next().unwrap_or_default();
        assert!(
            expected.starts_with(&format!("{rel}:")),
            "{rel}: the expectation must name the file"
        );
        let out = bin().args(["check", &rel]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        if out.status.code() != Some(1) || first != expected {
            failures.push(format!(
                "{rel}: exit {:?}\n  expected: {expected}\n  got:      {first}",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn named_checks_point_at_the_offending_value() {
    // The three kinds the acceptance criteria name, spelled out.
    for (file, pos, text) in [
        ("unknown-step.ron", ":14:61:", "names step \"no-such-step\""),
        ("bad-offset.ron", ":11:30:", "bad time span \"+5x\""),
        (
            "inject-after-end.ron",
            ":11:29:",
            "comes after the drill ends",
        ),
    ] {
        let rel = format!("{BAD}/{file}");
        let out = bin().args(["check", &rel]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("{rel}{pos} error: ")) && first.contains(text),
            "{first}"
        );
    }
}

/// A headless KT drill in which the CEO's apology is posted `minutes` after T+0.
fn kt_script(minutes: u32) -> String {
    assert!(minutes >= 12);
    format!(
        "ack relay
tick captured
tick tone-classified
choose map-issue
tick raiser
tick sympathisers
tick points-listed
tick complaint-type
choose gather-facts
wait 12m
ack cs-facts
tick expert-consulted
tick facts-reverified
tick legal-check
choose acknowledge
tick problem-named
tick intent
choose transparency
tick fault-status
tick no-vague
choose apologize
tick fault-named
tick no-conditions
draft --template apology
choose ceo-approval
wait {}m
tick read-all
tick promises-ok
approve --by 표현명
post
tick posted-by-ceo
choose cs-handoff
wait 1h
",
        minutes - 12
    )
}

struct Drill {
    _dir: tempfile::TempDir,
    log: PathBuf,
    stdout: String,
}

fn drill(scenario: &str, script: &str, now: &str) -> Drill {
    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("script.txt");
    std::fs::write(&script_path, script).unwrap();
    let log = dir.path().join("drill.jsonl");
    let out = bin()
        .args(["drill", scenario, "--script"])
        .arg(&script_path)
        .args(["--now", now, "--operator", "tester", "--log"])
        .arg(&log)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Drill {
        _dir: dir,
        log,
        stdout,
    }
}

fn events(log: &Path) -> Vec<Event> {
    let r = read_log(log).unwrap();
    assert!(r.problem.is_none() && r.torn.is_none());
    r.events
}

fn delivered(evs: &[Event]) -> Vec<String> {
    evs.iter()
        .filter_map(|e| match &e.kind {
            EventKind::InjectDelivered { inject, .. } => Some(inject.clone()),
            _ => None,
        })
        .collect()
}

fn report(log: &Path) -> String {
    let out = bin().arg("report").arg(log).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The expectations-table row of an expectation.
fn row<'a>(report: &'a str, id: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with('|') && l.contains(&format!("(`{id}`)")))
        .unwrap_or_else(|| panic!("no row for {id}:\n{report}"))
}

#[test]
fn kt_apology_in_20_minutes_is_met_in_45_late() {
    let fast = drill(KT, &kt_script(20), KT_NOW);
    let slow = drill(KT, &kt_script(45), KT_NOW);
    let rf = report(&fast.log);
    let rs = report(&slow.log);
    let f = row(&rf, "apology-30m");
    assert!(
        f.contains("T+20m (14:20:00)") && f.contains("✅ met") && f.contains("3 / 3"),
        "{f}"
    );
    let s = row(&rs, "apology-30m");
    assert!(
        s.contains("T+45m (14:45:00)") && s.contains("🟡 late") && s.contains("1.5 / 3"),
        "{s}"
    );
    // The headless run prints the same verdicts.
    assert!(
        fast.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("met") && l.contains("apology-30m")),
        "{}",
        fast.stdout
    );
    assert!(
        slow.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("late") && l.contains("apology-30m")),
        "{}",
        slow.stdout
    );
    // Totals differ by exactly the lost half of the weight.
    assert!(rf.contains("**7 / 10 points"), "{rf}");
    assert!(rs.contains("**5.5 / 10 points"), "{rs}");
}

#[test]
fn inject_conditions_follow_the_expectation() {
    let fast = drill(KT, &kt_script(20), KT_NOW);
    let slow = drill(KT, &kt_script(45), KT_NOW);
    let (ef, es) = (events(&fast.log), events(&slow.log));
    let (df, ds) = (delivered(&ef), delivered(&es));
    // The reporter calls only when the apology missed its 30 minutes; the customer thanks only
    // when it did not.
    assert!(
        !df.contains(&"reporter-call".into()) && df.contains(&"customer-thanks".into()),
        "{df:?}"
    );
    assert!(
        ds.contains(&"reporter-call".into()) && !ds.contains(&"customer-thanks".into()),
        "{ds:?}"
    );
    // The branch not taken is logged as skipped, with its condition.
    assert!(ef.iter().any(
        |e| matches!(&e.kind, EventKind::InjectSkipped { inject, condition, .. }
        if inject == "reporter-call" && condition.contains("apology-30m"))
    ));
}

#[test]
fn a_headless_drill_is_reproducible() {
    let a = drill(KT, &kt_script(20), KT_NOW);
    let b = drill(KT, &kt_script(20), KT_NOW);
    assert_eq!(
        std::fs::read(&a.log).unwrap(),
        std::fs::read(&b.log).unwrap(),
        "logs differ"
    );
    assert_eq!(report(&a.log), report(&b.log), "reports differ");
    let score = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("score:") || l.starts_with("  "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(score(&a.stdout), score(&b.stdout));
}

#[test]
fn injects_arrive_at_their_exact_offsets_in_drill_time() {
    let d = drill(KT, "wait 11m\nnote \"still reading\"\nwait 2m\n", KT_NOW);
    let evs = events(&d.log);
    let at = |id: &str| {
        evs.iter()
            .find(|e| matches!(&e.kind, EventKind::InjectDelivered { inject, .. } if inject == id))
            .map(|e| e.at.format("%H:%M:%S").to_string())
    };
    assert_eq!(at("customer-detail").as_deref(), Some("14:05:00"));
    assert_eq!(at("sympathiser").as_deref(), Some("14:10:00"));
    assert_eq!(at("cs-facts").as_deref(), Some("14:12:00"));
    assert_eq!(at("reporter-call"), None);
    // Every event is in time order, injects before the note that came after them.
    assert!(evs.windows(2).all(|w| w[0].at <= w[1].at));
    let note = evs
        .iter()
        .position(|e| matches!(e.kind, EventKind::Note { .. }))
        .unwrap();
    let sym = evs.iter().position(|e| matches!(&e.kind, EventKind::InjectDelivered { inject, .. } if inject == "sympathiser")).unwrap();
    assert!(sym < note);
}

#[test]
fn pause_stops_the_drill_clock_and_deliveries() {
    let d = drill(
        KT,
        "wait 3m\npause\nwait 30m\nnote \"talking it through\"\nresume\nwait 3m\n",
        KT_NOW,
    );
    let evs = events(&d.log);
    let kinds: Vec<&str> = evs.iter().map(|e| e.kind.name()).collect();
    let p = kinds.iter().position(|k| *k == "drill_paused").unwrap();
    let r = kinds.iter().position(|k| *k == "drill_resumed").unwrap();
    // Nothing arrived while paused, and the drill clock stood still at T+3m.
    assert!(!kinds[p..r].contains(&"inject_delivered"), "{kinds:?}");
    for e in &evs[p..=r] {
        assert_eq!(
            e.at.format("%H:%M:%S").to_string(),
            "14:03:00",
            "{:?}",
            e.kind
        );
    }
    assert!(matches!(
        evs[r].kind,
        EventKind::DrillResumed {
            paused_secs: 1800,
            ..
        }
    ));
    // After resuming, the +5m inject arrives at 14:05 drill time (not 14:35), and the drill ends
    // at T+6m.
    let inj = evs.iter().find(|e| matches!(&e.kind, EventKind::InjectDelivered { inject, .. } if inject == "customer-detail")).unwrap();
    assert_eq!(inj.at.format("%H:%M:%S").to_string(), "14:05:00");
    assert_eq!(
        evs.last().unwrap().at.format("%H:%M:%S").to_string(),
        "14:06:00"
    );
    assert_eq!(evs.last().unwrap().kind.name(), "drill_ended");
}

#[test]
fn pause_resume_and_ack_are_refused_where_they_make_no_sense() {
    let dir = tempfile::tempdir().unwrap();
    for (script, msg) in [
        ("resume\n", "the drill is not paused"),
        ("pause\npause\n", "already paused"),
        ("ack customer-detail\n", "has not arrived"),
        (
            "wait 6m\nack customer-detail\n",
            "does not ask for an acknowledgement",
        ),
        ("wait 3h\nnote \"too late\"\n", "the drill ended at T+2h"),
    ] {
        let s = dir.path().join("s.txt");
        std::fs::write(&s, script).unwrap();
        let log = dir.path().join(format!("{}.jsonl", script.len()));
        let _ = std::fs::remove_file(&log);
        let out = bin()
            .args(["drill", KT, "--script"])
            .arg(&s)
            .args(["--now", KT_NOW, "--operator", "t", "--log"])
            .arg(&log)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{script}: {stderr}");
        assert!(stderr.contains(msg), "{script}: {stderr}");
    }
    // `pause` in a plain run is refused with a pointer to drills.
    let s = dir.path().join("p.txt");
    std::fs::write(&s, "pause\n").unwrap();
    let out = bin()
        .args(["run", "docs/examples/minimal.ron", "--script"])
        .arg(&s)
        .args(["--now", KT_NOW, "--log"])
        .arg(dir.path().join("run.jsonl"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("are for drills"));
    // --speed makes no sense headless.
    let out = bin()
        .args(["drill", KT, "--speed", "60", "--script"])
        .arg(&s)
        .args(["--now", KT_NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn from_log_round_trip_delivers_the_same_injects_at_the_same_offsets() {
    let original = drill(KT, &kt_script(45), KT_NOW);
    let dir = tempfile::tempdir().unwrap();
    let scen = dir.path().join("replay.ron");
    let out = bin()
        .args(["drill", "--from-log"])
        .arg(&original.log)
        .arg("-o")
        .arg(&scen)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The generated scenario checks clean (its playbook path resolves from its new home).
    let out = bin().arg("check").arg(&scen).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(&scen).unwrap()
    );
    // A second run refuses to overwrite without --force.
    let again = bin()
        .args(["drill", "--from-log"])
        .arg(&original.log)
        .arg("-o")
        .arg(&scen)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));

    let replay = drill(
        scen.to_str().unwrap(),
        "wait 2h\n",
        "2026-11-21T09:00:00+09:00",
    );
    let sig = |evs: &[Event]| -> Vec<(String, i64, String, String, String)> {
        let start = evs[0].at;
        evs.iter()
            .filter_map(|e| match &e.kind {
                EventKind::InjectDelivered {
                    inject,
                    channel,
                    persona,
                    text,
                    ..
                } => Some((
                    inject.clone(),
                    (e.at - start).num_seconds(),
                    format!("{channel:?}"),
                    format!(
                        "{}{:?}{:?}",
                        persona.name, persona.handle, persona.followers
                    ),
                    text.clone(),
                )),
                _ => None,
            })
            .collect()
    };
    let a = sig(&events(&original.log));
    let b = sig(&events(&replay.log));
    assert!(a.len() >= 6, "{a:?}");
    assert_eq!(a, b);
}

/// The `playbook:` value a generated scenario names.
fn playbook_line(scenario: &Path) -> String {
    let text = std::fs::read_to_string(scenario).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("playbook:"))
        .unwrap_or_else(|| panic!("no playbook line in\n{text}"));
    let v = line.trim().trim_start_matches("playbook:").trim();
    v.trim_end_matches(',').trim_matches('"').to_string()
}

fn check_ok(scenario: &Path) {
    let out = bin().arg("check").arg(scenario).output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(scenario).unwrap()
    );
}

#[test]
fn from_log_names_the_playbook_relative_to_the_scenario_written() {
    // A drill log of a scenario and playbook kept side by side in their own folder.
    let home = tempfile::tempdir().unwrap();
    let pair = home.path().join("pair");
    std::fs::create_dir(&pair).unwrap();
    std::fs::copy(
        repo().join("playbooks/ceo-twitter-complaint.ko.ron"),
        pair.join("kt-playbook.ron"),
    )
    .unwrap();
    let kt = std::fs::read_to_string(repo().join(KT)).unwrap();
    let kt = kt.replace(
        "\"../playbooks/ceo-twitter-complaint.ko.ron\"",
        "\"kt-playbook.ron\"",
    );
    std::fs::write(pair.join("kt.ron"), kt).unwrap();
    let original = drill(
        pair.join("kt.ron").to_str().unwrap(),
        &kt_script(45),
        KT_NOW,
    );

    // Written beside the playbook, and in a folder under it.
    std::fs::create_dir_all(pair.join("new/deeper")).unwrap();
    for (out, expected) in [
        (pair.join("replay.ron"), "kt-playbook.ron"),
        (pair.join("new/deeper/replay.ron"), "../../kt-playbook.ron"),
    ] {
        let r = bin()
            .args(["drill", "--from-log"])
            .arg(&original.log)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(playbook_line(&out), expected);
        check_ok(&out);
    }
    // The pair moved elsewhere still checks: nothing points at where it was.
    let moved = home.path().join("moved");
    std::fs::rename(&pair, &moved).unwrap();
    check_ok(&moved.join("replay.ron"));
    check_ok(&moved.join("new/deeper/replay.ron"));

    // The shipped playbook, from a scenario written in a temporary folder: climbed to with
    // `..`, not named by its absolute path.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("replay.ron");
    let kt_log = drill(KT, &kt_script(45), KT_NOW);
    let r = bin()
        .args(["drill", "--from-log"])
        .arg(&kt_log.log)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let named = playbook_line(&out);
    assert!(
        named.starts_with("../") && named.ends_with("playbooks/ceo-twitter-complaint.ko.ron"),
        "{named}"
    );
    check_ok(&out);
}

#[test]
fn from_feed_names_the_playbook_relative_to_the_scenario_written() {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("feed.ron");
    let r = bin()
        .args(["drill", "--from-feed"])
        .arg(repo().join("tests/fixtures/intake/feed.jsonl"))
        .arg("--playbook")
        .arg(repo().join("playbooks/ceo-twitter-complaint.ron"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let named = playbook_line(&out);
    assert!(
        named.starts_with("../") && named.ends_with("playbooks/ceo-twitter-complaint.ron"),
        "{named}"
    );
    check_ok(&out);
}

#[test]
fn a_line_refused_after_time_is_up_still_prints_the_score() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("late.txt");
    std::fs::write(&script, "ack relay\nwait 2h\nnote too late\n").unwrap();
    let log = dir.path().join("late.jsonl");
    let out = bin()
        .args(["drill", KT, "--script"])
        .arg(&script)
        .args(["--now", KT_NOW, "--operator", "tester", "--log"])
        .arg(&log)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("late.txt:3:1: error: the drill ended at T+2h"),
        "{stderr}"
    );
    // What was recorded still counts: the score is printed, and the report agrees.
    let score = stdout
        .lines()
        .find(|l| l.starts_with("score: "))
        .unwrap_or_else(|| panic!("no score printed:\n{stdout}"));
    assert!(score.contains("/ 10"), "{score}");
    let r = report(&log);
    assert!(r.contains("Score"), "{r}");
}
