//! Richer drill scenarios end to end through the binary: the troll pile-on scored right (a
//! perfect run at 100% with no deadline breached on the path of not engaging; a draft is not a
//! post; the "he's here" inject needs a post), an idle team earning nothing from `Never(..)`, and
//! `check` on compound conditions, `after:` triggers, objectives, hostile nesting and Korean
//! columns.

mod common;

use std::path::{Path, PathBuf};

use common::{bin, repo};
use warroom::engine::{Event, EventKind};
use warroom::log::read_log;

const TROLL: &str = "scenarios/troll-pile-on.ron";
const NOW: &str = "2026-11-21T10:00:00+09:00";

/// The run the scenario's designers intend: call it abuse, stay silent, hand the real customer
/// to CS once CS offers, watch the pile-on fizzle, close (closing ends the drill).
const TROLL_PERFECT: &str = "ack pile-on
tick captured
tick tone-classified
choose troll-watch
tick no-engagement
wait 10m
ack ceo-wants-reply
note Told the CEO not to answer: house rule, no engagement with the pile-on
wait 20m
ack cs-offer
choose cs-handoff
tick context-passed
tick named-person
wait 10m
tick customer-contacted
tick report-agreed
choose end-cs
tick owner-recorded
wait 1h
close
";

/// The team goes to the acknowledgement step and drafts the answer the CEO wants, and posts it
/// only with `post` appended.
fn troll_drafting(post: bool) -> String {
    format!(
        "ack pile-on
choose --force map-issue
choose --force gather-facts
choose --force acknowledge
draft \"We hear you. The X1 was discontinued for safety reasons.\"
wait 10m
{}wait 2h
",
        if post { "post --force\n" } else { "" }
    )
}

struct Drill {
    _dir: tempfile::TempDir,
    log: PathBuf,
    stdout: String,
}

fn drill(scenario: &str, script: &str) -> Drill {
    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("script.txt");
    std::fs::write(&script_path, script).unwrap();
    let log = dir.path().join("drill.jsonl");
    let out = bin()
        .args(["drill", scenario, "--script"])
        .arg(&script_path)
        .args(["--now", NOW, "--operator", "tester", "--log"])
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

fn delivered(log: &Path) -> Vec<String> {
    events(log)
        .iter()
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

/// The headless summary's line for an expectation: its status word first.
fn status_of<'a>(stdout: &'a str, id: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(id))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no line for {id}:\n{stdout}"))
}

#[test]
fn the_perfect_troll_run_scores_100_with_nothing_breached() {
    let d = drill(TROLL, TROLL_PERFECT);
    assert!(d.stdout.contains("score: 10 / 10 (100%)"), "{}", d.stdout);
    assert!(!d.stdout.contains("BREACHED"), "{}", d.stdout);
    assert!(
        !events(&d.log)
            .iter()
            .any(|e| matches!(e.kind, EventKind::DeadlineBreached { .. })),
        "no breach is logged on the path of not engaging"
    );
    let r = report(&d.log);
    assert!(!r.contains("BREACHED"), "{r}");
    let ack = r
        .lines()
        .find(|l| l.contains("(`first-ack`)"))
        .unwrap_or_else(|| panic!("no first-ack row:\n{r}"));
    assert!(ack.contains("not applicable"), "{ack}");
    assert!(r.contains("**10 / 10 points (100%)"), "{r}");
    // Nothing was posted: the pile-on fizzles, the ringleader never sees the CEO.
    let got = delivered(&d.log);
    assert!(
        got.contains(&"fizzle".into()) && !got.contains(&"ringleader-wins".into()),
        "{got:?}"
    );
}

#[test]
fn a_draft_at_the_acknowledgement_step_is_not_engaging_in_public() {
    let d = drill(TROLL, &troll_drafting(false));
    assert_eq!(
        status_of(&d.stdout, "no-public-reply"),
        "met",
        "{}",
        d.stdout
    );
    let got = delivered(&d.log);
    assert!(
        !got.contains(&"ringleader-wins".into()) && got.contains(&"fizzle".into()),
        "the inject needs a post, not a draft: {got:?}"
    );
}

#[test]
fn a_public_post_misses_the_never_and_brings_the_ringleader_back() {
    let d = drill(TROLL, &troll_drafting(true));
    assert_eq!(
        status_of(&d.stdout, "no-public-reply"),
        "missed",
        "{}",
        d.stdout
    );
    let got = delivered(&d.log);
    assert!(
        got.contains(&"ringleader-wins".into()) && !got.contains(&"fizzle".into()),
        "{got:?}"
    );
}

#[test]
fn an_idle_team_earns_nothing_from_never_expectations() {
    let d = drill(TROLL, "wait 2h\n");
    assert_eq!(
        status_of(&d.stdout, "no-public-reply"),
        "missed",
        "{}",
        d.stdout
    );
    assert!(d.stdout.contains("score: 0 / 10 (0%)"), "{}", d.stdout);
    // The same team that does one thing (acknowledges the first post) keeps its silence credit.
    let d = drill(TROLL, "ack pile-on\nwait 2h\n");
    assert_eq!(
        status_of(&d.stdout, "no-public-reply"),
        "met",
        "{}",
        d.stdout
    );
}

/// A scenario on the English complaint playbook with these injects and expectations.
fn scenario(injects: &str, expectations: &str, extra: &str) -> String {
    let pb = repo().join("playbooks/ceo-twitter-complaint.ron");
    format!(
        r#"Scenario(
    id: "rich",
    title: "Rich",
    playbook: "{}",
    duration: "2h",
    briefing: "b",
    personas: [Persona(id: "rep", name: "A reporter")],
    injects: [
{injects}
    ],
    expectations: [
{expectations}
    ],
    hot_wash: ["q"],
{extra}
)
"#,
        pb.display()
    )
}

const EXP: &str = r#"        Expectation(id: "ack", label: "Acknowledged", what: Reach("acknowledge"), by: "30m"),"#;

/// `warroom check` on a scenario text: exit code and stderr.
fn check(text: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text).unwrap();
    let out = bin().arg("check").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code(),
        stderr.replace(&path.display().to_string(), "s.ron"),
    )
}

/// The `line:col` of the first diagnostic in `stderr` whose message contains `text`.
fn position_of(stderr: &str, text: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("s.ron:") && l.contains(text))
        .unwrap_or_else(|| panic!("no {text:?}:\n{stderr}"));
    let mut parts = line.split(':').skip(1);
    let l = parts.next().unwrap().parse().unwrap();
    let c = parts.next().unwrap().parse().unwrap();
    (l, c)
}

/// Line and column (1-based, in characters) of the first occurrence of `needle` in `text`.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

#[test]
fn a_valid_rich_scenario_passes_check() {
    let text = scenario(
        r#"        Inject(id: "mail", at: "+5m", channel: Email, from: "rep", subject: "Comment?", text: "Can you confirm?", ack: true),
        Inject(id: "call", at: "+10m", channel: Press, from: "rep", after: Posted, text: "Saw your post."),
        Inject(id: "tv", at: "+0m", channel: Tv, from: "rep", after: Acknowledged("mail"), subject: "Evening news", text: "Segment."),
        Inject(id: "forum", at: "+40m", channel: Forum, from: "rep", text: "Thread.", when: All([Reached("troll-watch"), Not(Posted), Any([Chose("classify", "troll-watch"), Decided("classify")])])),
        Inject(id: "fb", at: "+50m", channel: Facebook, from: "rep", text: "Post.", when: Any([Replied("mail"), Delivered("call"), Acknowledged("mail"), PostedFrom("acknowledge"), Met("ack"), NotReached("cs-handoff"), PostedAs("ceo")])),"#,
        &format!(
            "{EXP}\n        Expectation(id: \"replied\", label: \"Answered the mail\", what: Replied(\"mail\"), by: \"1h\"),\n        Expectation(id: \"silent\", label: \"Silent\", what: Never(PublicPost), by: \"2h\"),\n        Expectation(id: \"ceo-silent\", label: \"CEO silent\", what: Never(PublicPostAs(\"ceo\")), by: \"2h\"),"
        ),
        r#"    objectives: [Objective(id: "o", label: "O", expectations: ["ack", "replied"])],"#,
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn every_leaf_of_a_compound_condition_is_checked_where_it_is() {
    let text = scenario(
        r#"        Inject(id: "mail", at: "+5m", channel: Email, from: "rep", text: "t"),
        Inject(id: "paper", at: "+5m", channel: News, from: "rep", text: "t"),
        Inject(id: "x", at: "+40m", channel: News, from: "rep", text: "t", when: All([Reached("nowhere"), Not(Any([Met("no-such-exp"), Delivered("ghost")])), Chose("classify", "end-cs"), Acknowledged("mail"), Replied("paper"), PostedAs("intern")])),"#,
        EXP,
        "",
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(1), "{stderr}");
    for (message, value) in [
        ("step \"nowhere\"", "\"nowhere\""),
        ("expectation \"no-such-exp\"", "\"no-such-exp\""),
        ("inject \"ghost\", which does not exist", "\"ghost\""),
        ("from \"classify\" to \"end-cs\"", "\"end-cs\""),
        (
            "to be acknowledged, but that inject does not ask",
            "\"mail\")",
        ),
        ("cannot be replied to", "Replied(\"paper\")"),
        ("speaks as \"intern\"", "\"intern\""),
    ] {
        let at = position_of(&stderr, message);
        let (line, col) = locate(&text, value);
        // `Replied("x")` and `"mail")`: the position is the id's literal.
        let col = if value.starts_with("Replied") {
            col + "Replied(".len()
        } else {
            col
        };
        assert_eq!(at, (line, col), "{message}:\n{stderr}");
    }
}

#[test]
fn after_triggers_are_checked_and_rings_of_after_refused() {
    let text = scenario(
        r#"        Inject(id: "a", at: "+5m", channel: Email, from: "rep", text: "t", after: Delivered("b")),
        Inject(id: "b", at: "+5m", channel: Email, from: "rep", text: "t", after: Delivered("a")),
        Inject(id: "c", at: "+5m", channel: Email, from: "rep", text: "t", after: Reached("nowhere")),
        Inject(id: "d", at: "+5m", channel: Email, from: "rep", text: "t", after: Delivered("d")),"#,
        EXP,
        "",
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("inject \"a\" waits, through other injects' `after`, for itself"),
        "{stderr}"
    );
    assert!(
        stderr.contains("inject \"b\" waits, through other injects' `after`, for itself"),
        "{stderr}"
    );
    assert_eq!(
        position_of(&stderr, "step \"nowhere\""),
        locate(&text, "\"nowhere\"")
    );
    assert!(stderr.contains("inject \"d\" waits for itself"), "{stderr}");
}

#[test]
fn an_acknowledgement_expected_of_a_conditional_inject_is_warned_of() {
    let text = scenario(
        r#"        Inject(id: "maybe", at: "+5m", channel: Phone, from: "rep", text: "t", ack: true, when: Reached("troll-watch")),
        Inject(id: "later", at: "+5m", channel: Phone, from: "rep", text: "t", ack: true, after: Posted),
        Inject(id: "sure", at: "+5m", channel: Phone, from: "rep", text: "t", ack: true),"#,
        &format!(
            "{EXP}
        Expectation(id: \"a1\", label: \"A1\", what: Acknowledge(\"maybe\"), by: \"1h\"),
        Expectation(id: \"a2\", label: \"A2\", what: Acknowledge(\"later\"), by: \"1h\"),
        Expectation(id: \"a3\", label: \"A3\", what: Acknowledge(\"sure\"), by: \"1h\"),
        Expectation(id: \"a4\", label: \"A4\", what: Never(Acknowledge(\"maybe\")), by: \"1h\"),"
        ),
        "",
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(0), "warnings only:\n{stderr}");
    let warned: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("s.ron:") && l.contains("may never arrive"))
        .collect();
    assert_eq!(warned.len(), 2, "{stderr}");
    assert!(warned[0].contains("\"a1\"") && warned[0].contains("step \"troll-watch\" reached"));
    assert!(warned[1].contains("\"a2\"") && warned[1].contains("the first public post"));
    let (line, col) = locate(&text, "Acknowledge(\"maybe\")");
    assert_eq!(
        position_of(&stderr, "\"a1\""),
        (line, col + "Acknowledge(".len())
    );
}

#[test]
fn objectives_name_expectations_that_exist() {
    let text = scenario(
        r#"        Inject(id: "mail", at: "+5m", channel: Email, from: "rep", text: "t"),"#,
        EXP,
        r#"    objectives: [Objective(id: "o", label: "O", expectations: ["ack", "nope"])],"#,
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        position_of(&stderr, "expectation \"nope\", which does not exist"),
        locate(&text, "\"nope\"")
    );
}

fn nested(depth: usize) -> String {
    format!(
        "{}Reached(\"classify\"){}",
        "Not(".repeat(depth),
        ")".repeat(depth)
    )
}

#[test]
fn hostile_nesting_is_refused_without_overflowing() {
    // Deeper than `check` allows, within what the reader reads: a positioned error.
    let text = scenario(
        &format!(
            "        Inject(id: \"x\", at: \"+5m\", channel: News, from: \"rep\", text: \"t\", when: {}),",
            nested(20)
        ),
        EXP,
        "",
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("nests All/Any/Not more than 8 deep"),
        "{stderr}"
    );
    // Even: eight levels are fine.
    let ok = scenario(
        &format!(
            "        Inject(id: \"x\", at: \"+5m\", channel: News, from: \"rep\", text: \"t\", when: {}),",
            nested(8)
        ),
        EXP,
        "",
    );
    let (code, stderr) = check(&ok);
    assert_eq!(code, Some(0), "{stderr}");
    // A hostile depth, of every combinator: an error, no crash.
    for open in ["Not(", "All([", "Any(["] {
        let close = if open == "Not(" { ")" } else { "])" };
        let deep = format!("{}Posted{}", open.repeat(50_000), close.repeat(50_000));
        let text = scenario(
            &format!(
                "        Inject(id: \"x\", at: \"+5m\", channel: News, from: \"rep\", text: \"t\", when: {deep}),"
            ),
            EXP,
            "",
        );
        let (code, stderr) = check(&text);
        assert_eq!(
            code,
            Some(1),
            "{open}: {}",
            &stderr[..stderr.len().min(500)]
        );
        assert!(
            stderr.starts_with("s.ron:"),
            "{}",
            &stderr[..stderr.len().min(500)]
        );
    }
}

#[test]
fn the_column_agrees_between_the_summary_and_the_source_box_on_hangul_lines() {
    let text = scenario(
        r#"        Inject(id: "전화", at: "+5m", channel: Phone, from: "rep", text: "기자의 전화입니다", when: Reached("없는단계")),"#,
        EXP,
        "",
    );
    let (code, stderr) = check(&text);
    assert_eq!(code, Some(1), "{stderr}");
    let (line, col) = position_of(&stderr, "step \"없는단계\"");
    assert_eq!(
        (line, col),
        locate(&text, "\"없는단계\""),
        "characters, not bytes"
    );
    let header = format!("╭─[s.ron:{line}:{col}]");
    assert!(stderr.contains(&header), "{header} in:\n{stderr}");
}

#[test]
fn a_waiver_comes_too_late_for_a_deadline_already_breached() {
    // Called abuse only after the 30 minutes: the first acknowledgement was already breached.
    let late = TROLL_PERFECT
        .replacen("choose troll-watch\n", "wait 35m\nchoose troll-watch\n", 1)
        // Closed before the drill's two hours are up (closing ends the drill).
        .replacen("wait 1h\nclose\n", "wait 10m\nclose\n", 1);
    let d = drill(TROLL, &late);
    let r = report(&d.log);
    let ack = r
        .lines()
        .find(|l| l.contains("(`first-ack`)"))
        .unwrap_or_else(|| panic!("no first-ack row:\n{r}"));
    assert!(ack.contains("BREACHED"), "{ack}");
}

#[test]
fn a_step_may_waive_only_deadlines_the_playbook_has() {
    let text = std::fs::read_to_string(repo().join("playbooks/ceo-twitter-complaint.ron")).unwrap();
    let good = r#"waives: ["first-ack", "update-public"],"#;
    assert!(
        text.contains(good),
        "troll-watch waives the acknowledgement and the updates"
    );
    let bad = text.replacen(good, r#"waives: ["first-ack", "no-such-deadline"],"#, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    std::fs::write(&path, &bad).unwrap();
    let out = bin().arg("check").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&path.display().to_string(), "s.ron");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        position_of(
            &stderr,
            "waives \"no-such-deadline\", which is not a deadline"
        ),
        locate(&bad, "\"no-such-deadline\"")
    );
}
