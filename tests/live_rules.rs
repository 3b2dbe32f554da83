//! The live flow's rules, held by the engine for every client, checked headless on the shipped
//! default playbook: which posts meet "First public acknowledgement" (the report, the JSON
//! report, `stats` and the review agree), posts refused for an unfilled placeholder or personal
//! data (logged, and posted when forced), threads approved and posted as one, approvals bound to
//! the exact text, and drafts named rather than guessed.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{
    CEO, bin, log_events as events, replay, run_ok, run_script, stdout_of as stdout, tempdir,
};

fn of_kind<'a>(evs: &'a [Value], kind: &str) -> Vec<&'a Value> {
    evs.iter().filter(|e| e["kind"] == kind).collect()
}

/// The outcome of deadline `id` in the JSON report, the review's analysis and the Markdown
/// report's deadline table, and stats' first public acknowledgement (seconds).
struct Views {
    json: Value,
    review: warroom::review::DeadlineOutcome,
    markdown_row: String,
    stats_ack: Value,
}

fn views(log: &Path, id: &str) -> Views {
    let report: Value =
        serde_json::from_str(&stdout(&["report", "--format", "json"], log)).unwrap();
    let json = report["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no deadline {id} in {report:#}"))
        .clone();
    let md = stdout(&["report", "--format", "md"], log);
    let tag = format!("(`{id}`)");
    let markdown_row = md
        .lines()
        .find(|l| l.starts_with('|') && l.contains(&tag))
        .unwrap_or_else(|| panic!("no deadline row for {id} in\n{md}"))
        .to_string();
    let stats: Value = serde_json::from_str(&stdout(&["stats", "--format", "json"], log)).unwrap();
    let for_review = warroom::commands::review::load_review(log, None).unwrap();
    let review = for_review
        .analysis
        .deadlines
        .iter()
        .find(|d| d.id == id)
        .unwrap()
        .outcome;
    Views {
        json,
        review,
        markdown_row,
        stats_ack: stats["first_public_ack_secs"].clone(),
    }
}

const TO_CLASSIFY_DRAFT: &str = "tick captured\nset handle @minji_k\nset summary \"the double charge\"\nset severity high\nwait 1m\ndraft --template war-room-alert\n";

#[test]
fn an_internal_message_does_not_meet_the_first_public_acknowledgement() {
    let dir = tempdir();
    let log = dir.path().join("internal.jsonl");
    let script = format!("{TO_CLASSIFY_DRAFT}post 1\nwait 31m\nnote \"still nothing public\"\n");
    run_ok(dir.path(), CEO, &script, &log);
    let evs = events(&log);
    assert_eq!(of_kind(&evs, "posted")[0]["channel"], "Internal");
    // The engine logged the breach at 09:30 and the status line's "Next public update" never
    // started (it counts from the last public post).
    assert!(
        of_kind(&evs, "deadline_breached")
            .iter()
            .any(|e| e["deadline"] == "first-ack"),
        "{evs:#?}"
    );
    let s = replay(CEO, &log);
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:32:00+09:00").unwrap();
    assert!(s.deadlines(at).iter().all(|d| d.id != "next-update"));

    let v = views(&log, "first-ack");
    assert_eq!(v.json["outcome"]["result"], "breached", "{:#}", v.json);
    assert!(
        matches!(v.review, warroom::review::DeadlineOutcome::Breached { .. }),
        "{:?}",
        v.review
    );
    assert!(v.markdown_row.contains("BREACHED"), "{}", v.markdown_row);
    assert_eq!(v.stats_ack, Value::Null);
}

#[test]
fn a_tweet_at_minute_four_meets_it_in_every_view() {
    let dir = tempdir();
    let log = dir.path().join("tweet.jsonl");
    let script = format!(
        "{TO_CLASSIFY_DRAFT}post 1\nwait 3m\ndraft --channel tweet \"We have seen your post and are looking into it now.\"\npost 2\nwait 40m\nnote done\n"
    );
    run_ok(dir.path(), CEO, &script, &log);
    let v = views(&log, "first-ack");
    assert_eq!(v.json["outcome"]["result"], "met", "{:#}", v.json);
    assert_eq!(
        v.json["outcome"]["at"].as_str().unwrap(),
        "2026-11-21T09:04:00+09:00"
    );
    assert!(
        matches!(v.review, warroom::review::DeadlineOutcome::Met { .. }),
        "{:?}",
        v.review
    );
    assert!(v.markdown_row.contains("T+4m"), "{}", v.markdown_row);
    assert_eq!(v.stats_ack, 240);
}

#[test]
fn an_unfilled_placeholder_is_refused_logged_and_posts_when_forced() {
    let dir = tempdir();
    let log = dir.path().join("placeholder.jsonl");
    let script = "draft --channel tweet \"Hi, I'm {cs_contact} from customer care.\"\npost 1\n";
    let out = run_script(dir.path(), CEO, script, &log);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("{cs_contact}"), "{err}");
    assert!(err.contains("force"), "{err}");
    let evs = events(&log);
    let refused = of_kind(&evs, "refused");
    assert_eq!(refused.len(), 1, "{evs:#?}");
    assert_eq!(refused[0]["command"], "post");
    assert_eq!(refused[0]["draft"], 1);
    assert!(of_kind(&evs, "posted").is_empty());

    let log = dir.path().join("placeholder-forced.jsonl");
    let out = run_script(
        dir.path(),
        CEO,
        &script.replace("post 1", "post 1 --force"),
        &log,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let evs = events(&log);
    let posted = of_kind(&evs, "posted");
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["forced"], true);
    assert!(
        posted[0]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("{cs_contact}")
    );
}

#[test]
fn personal_data_in_a_public_post_is_held_logged_and_posts_when_forced() {
    let dir = tempdir();
    let log = dir.path().join("phone.jsonl");
    let script =
        "draft --channel tweet \"Call me on 010-1234-5678 and we will sort it out.\"\npost 1\n";
    let out = run_script(dir.path(), CEO, script, &log);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("personal data"), "{err}");
    assert!(!err.contains("1234-5678"), "the number is masked: {err}");
    let evs = events(&log);
    let warnings = of_kind(&evs, "privacy_warning");
    assert_eq!(warnings.len(), 1, "{evs:#?}");
    assert!(
        warnings[0]["decision"]
            .as_str()
            .unwrap()
            .starts_with("held")
    );
    assert!(of_kind(&evs, "posted").is_empty());
    let s = replay(CEO, &log);
    assert_eq!(
        s.draft(1).unwrap().state(),
        warroom::engine::DraftState::Held
    );

    let log = dir.path().join("phone-forced.jsonl");
    run_ok(
        dir.path(),
        CEO,
        &script.replace("post 1", "post 1 --force"),
        &log,
    );
    let evs = events(&log);
    let posted = of_kind(&evs, "posted");
    assert_eq!(posted[0]["forced"], true);
    assert!(
        of_kind(&evs, "privacy_warning")
            .iter()
            .any(|w| w["decision"] == "posted anyway (forced)")
    );
}

#[test]
fn a_second_attempt_on_a_held_draft_logs_no_second_warning() {
    let dir = tempdir();
    let log = dir.path().join("held.jsonl");
    let out = run_script(
        dir.path(),
        CEO,
        "draft --channel tweet \"Mail me at kim@example.com\"\npost 1\n",
        &log,
    );
    assert_eq!(out.status.code(), Some(1));
    // Resume and try again: still refused, and no new warning.
    let script = dir.path().join("again.txt");
    std::fs::write(&script, "post 1\n").unwrap();
    let out = bin()
        .args(["resume"])
        .arg(&log)
        .arg("--script")
        .arg(&script)
        .args(["--now", common::NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(of_kind(&events(&log), "privacy_warning").len(), 1);
}

/// A long CEO-voice draft at `acknowledge`, split into a thread, approved as one set at
/// `ceo-approval`.
fn thread_script() -> String {
    let long = "We got this wrong. ".repeat(12)
        + "Here is what we are changing today, and we will report back here at 3 pm. "
        + &"Every affected order is refunded, without you having to ask. ".repeat(3);
    format!(
        "tick captured\ntick tone-classified\nchoose c\ntick raiser\ntick sympathisers\ntick points-listed\ntick complaint-type\nchoose v\ntick expert-consulted\ntick facts-reverified\ntick legal-check\nchoose a\ntick problem-named\ntick intent\ndraft --template ack\nedit 1 \"{long}\"\nsplit 1\nchoose a\ntick read-all\ntick promises-ok\napprove 1 --by \"Daniel Cho\"\n"
    )
}

#[test]
fn a_thread_is_approved_as_one_set_bound_to_its_text_and_posted_in_order() {
    let dir = tempdir();
    let log = dir.path().join("thread.jsonl");
    let script = thread_script() + "post 1\n";
    run_ok(dir.path(), CEO, &script, &log);
    let evs = events(&log);
    let saved = of_kind(&evs, "draft_saved");
    let parts: Vec<u64> = saved.iter().map(|e| e["draft"].as_u64().unwrap()).collect();
    assert!(parts.len() >= 2, "split into a thread: {saved:#?}");
    for later in &saved[1..] {
        assert_eq!(later["thread"], 1);
    }
    // One approval covers every part, each bound to its text's SHA-256.
    let approved = of_kind(&evs, "approved");
    assert_eq!(approved.len(), 1);
    let texts = approved[0]["texts"].as_array().unwrap();
    assert_eq!(texts.len(), parts.len());
    let s = replay(CEO, &log);
    for t in texts {
        let d = s.draft(t["draft"].as_u64().unwrap() as u32).unwrap();
        assert_eq!(
            t["sha256"].as_str().unwrap(),
            warroom::engine::drafts::text_sha(&d.text)
        );
        assert_eq!(t["sha256"].as_str().unwrap().len(), 64);
    }
    // `post 1` posted the whole thread, in order, each part within 280 and ending at a
    // sentence or clause where one was near.
    let posted: Vec<u64> = of_kind(&evs, "posted")
        .iter()
        .map(|e| e["draft"].as_u64().unwrap())
        .collect();
    assert_eq!(posted, parts);
    for (i, p) in of_kind(&evs, "posted").iter().enumerate() {
        let text = p["text"].as_str().unwrap();
        assert!(warroom::text::tweet_length(text) <= 280, "{text}");
        assert!(
            text.ends_with(&format!("({}/{})", i + 1, parts.len())),
            "{text}"
        );
        let body = text.rsplit_once(" (").unwrap().0;
        assert!(
            body.ends_with('.') || body.ends_with(','),
            "part {} cut mid-sentence: {body:?}",
            i + 1
        );
    }
}

#[test]
fn editing_an_approved_draft_voids_its_approval() {
    let dir = tempdir();
    let log = dir.path().join("voided.jsonl");
    let script = thread_script() + "edit 2 \"Here is what we are changing today (2/2)\"\npost 1\n";
    let out = run_script(dir.path(), CEO, &script, &log);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("voided"), "{err}");
    let evs = events(&log);
    assert!(
        of_kind(&evs, "posted").is_empty(),
        "nothing of the thread went out"
    );
    assert_eq!(of_kind(&evs, "refused").len(), 1);
    let s = replay(CEO, &log);
    let d = s.draft(2).unwrap();
    assert!(d.approval_voided());
    assert_eq!(d.state(), warroom::engine::DraftState::Draft);
    assert_eq!(
        s.draft(1).unwrap().state(),
        warroom::engine::DraftState::Approved
    );
}

#[test]
fn a_post_without_a_number_with_several_open_drafts_names_them() {
    let dir = tempdir();
    let log = dir.path().join("which.jsonl");
    let script = "draft --channel tweet one\ndraft --channel tweet two\npost\n";
    let out = run_script(dir.path(), CEO, script, &log);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("#1 (tweet), #2 (tweet)"), "{err}");
    assert!(of_kind(&events(&log), "posted").is_empty());
}

#[test]
fn a_discarded_draft_cannot_be_approved_or_posted() {
    let dir = tempdir();
    let log = dir.path().join("discard.jsonl");
    let out = run_script(
        dir.path(),
        CEO,
        "draft \"one\"\ndiscard 1 superseded\npost 1\n",
        &log,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("discarded"));
    let evs = events(&log);
    assert_eq!(of_kind(&evs, "draft_discarded")[0]["reason"], "superseded");
}

#[test]
fn reject_obeys_the_approver_role_for_every_client() {
    let dir = tempdir();
    let log = dir.path().join("reject.jsonl");
    let script = thread_script().replace("approve 1 --by \"Daniel Cho\"\n", "reject too long\n");
    let out = run_script(dir.path(), CEO, &script, &log);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"ceo\""), "{err}");
    assert!(of_kind(&events(&log), "rejected").is_empty());
}

#[test]
fn a_role_the_playbook_does_not_have_is_refused() {
    let dir = tempdir();
    let out = bin()
        .args([
            "run",
            CEO,
            "--script",
            "-",
            "--now",
            common::NOW,
            "--role",
            "pr",
            "--log",
        ])
        .arg(dir.path().join("x.jsonl"))
        .write_stdin("note hi\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"pr\""), "{err}");
    assert!(err.contains("ceo") && err.contains("comms"), "{err}");
    assert!(!dir.path().join("x.jsonl").exists());
}
