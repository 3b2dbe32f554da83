//! Intake end to end: `warroom run --from-post` on each format opens an incident whose variables
//! hold the post, with an `intake` event carrying the file's SHA-256; `--feed` with the triage
//! verbs; a Meltwater UTF-16 export through its profile; `drill --from-feed` gives a scenario
//! that `warroom check` accepts and whose injects arrive at the feed's offsets.

mod common;

use std::path::Path;

use common::{NOW, bin, repo};
use sha2::{Digest, Sha256};
use warroom::engine::EventKind;
use warroom::log::read_log;

fn fixture(name: &str) -> String {
    repo()
        .join("tests/fixtures/intake")
        .join(name)
        .display()
        .to_string()
}

fn sha(path: &str) -> String {
    let d = Sha256::digest(std::fs::read(path).unwrap());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn events(log: &Path) -> Vec<warroom::engine::Event> {
    read_log(log).unwrap().events
}

fn variables(log: &Path) -> std::collections::BTreeMap<String, String> {
    events(log)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::VariableSet { name, value } => Some((name, value)),
            _ => None,
        })
        .collect()
}

/// Runs `warroom run --from-post FILE --script SCRIPT` on the default playbook.
fn run_from_post(dir: &Path, post: &str, script: &str) -> std::path::PathBuf {
    let log = dir.join("incident.jsonl");
    let s = dir.join("script.txt");
    std::fs::write(&s, script).unwrap();
    bin()
        .current_dir(dir)
        .args([
            "run",
            "--now",
            NOW,
            "--operator",
            "kim",
            "--from-post",
            post,
        ])
        .arg("--script")
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .assert()
        .success();
    log
}

#[test]
fn from_post_x_api_v2_fills_the_variables_and_keeps_the_sha() {
    let dir = common::tempdir();
    let post = fixture("x-api-v2-lookup.json");
    let log = run_from_post(dir.path(), &post, "");
    let evs = events(&log);
    let EventKind::Intake {
        sha256,
        format,
        post: p,
        ..
    } = &evs[1].kind
    else {
        panic!("second event is not intake: {:?}", evs[1].kind);
    };
    assert_eq!(*sha256, sha(&post));
    assert_eq!(format.word(), "x_api_v2");
    assert_eq!(p.id, "1861000000000000001");
    let v = variables(&log);
    assert_eq!(v["handle"], "@minji_k");
    assert!(v["post_text"].starts_with("@acme_ceo Your app charged me twice"));
    assert_eq!(
        v["reach"],
        "48,210 views · 12,400 followers · 312 reposts · 41 quotes · 95 replies · 1,204 likes"
    );
    assert_eq!(
        v["post_url"],
        "https://x.com/minji_k/status/1861000000000000001"
    );
    assert_eq!(v["post_author"], "Minji Kim");
    assert_eq!(v["post_time"], "2026-11-21 17:52 +09:00");
    assert_eq!(v["seen_at"], "2026-11-21 09:00 +09:00");
    bin().arg("verify").arg(&log).assert().success();
}

#[test]
fn from_post_bluesky_and_mastodon() {
    let dir = common::tempdir();
    let post = fixture("bluesky-postview.json");
    let log = run_from_post(dir.path(), &post, "");
    let v = variables(&log);
    assert_eq!(v["handle"], "@jun.example.social");
    assert_eq!(v["post_text"], "Same here, charged twice on Thursday.");
    assert_eq!(v["reach"], "18 reposts · 2 quotes · 3 replies · 77 likes");
    let dir = common::tempdir();
    let post = fixture("mastodon-status.json");
    let log = run_from_post(dir.path(), &post, "");
    let v = variables(&log);
    assert_eq!(v["handle"], "@hana@social.example");
    assert!(v["post_text"].starts_with("Charged twice by @acme & no answer."));
    assert!(!v["post_text"].contains('\u{1b}'));
    assert_eq!(
        v["reach"],
        "2,310 followers · 58 reposts · 7 replies · 140 likes"
    );
    let sha_in_log = events(&log).iter().find_map(|e| match &e.kind {
        EventKind::Intake { sha256, .. } => Some(sha256.clone()),
        _ => None,
    });
    assert_eq!(sha_in_log, Some(sha(&post)));
}

#[test]
fn from_post_stdin_and_a_bad_post_opens_nothing() {
    let dir = common::tempdir();
    let log = dir.path().join("a.jsonl");
    let s = dir.path().join("s.txt");
    std::fs::write(&s, "").unwrap();
    bin()
        .args(["run", "--now", NOW, "--from-post", "-", "--script"])
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .write_stdin(std::fs::read(fixture("jetstream-commit.jsonl")).unwrap())
        .assert()
        .success();
    let v = variables(&log);
    assert_eq!(v["handle"], "did:plc:inventedcccccccccccccccc");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    let log2 = dir.path().join("b.jsonl");
    let out = bin()
        .args(["run", "--now", NOW, "--from-post"])
        .arg(&bad)
        .arg("--script")
        .arg(&s)
        .arg("--log")
        .arg(&log2)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("Mastodon Status"),
        "{err}"
    );
    assert!(!log2.exists(), "a bad post must open no incident");
}

#[test]
fn feed_with_triage_verbs_logs_one_event_each_and_cs_is_a_handoff() {
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    let s = dir.path().join("script.txt");
    std::fs::write(
        &s,
        "triage 1861000000000000001 cs\ntriage 1861000000000000003 pr\nescalate 1861000000000000003 a reporter is asking\ntriage 1861000000000000004 idea\n",
    )
    .unwrap();
    let out = bin()
        .args([
            "run",
            "--now",
            NOW,
            "--feed",
            &fixture("feed.jsonl"),
            "--script",
        ])
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("feed.jsonl:8:"),
        "the torn line is named: {err}"
    );
    assert!(
        err.contains("6 mentions, 1 reach snapshots, 1 duplicates, 1 rejected"),
        "{err}"
    );
    let evs = events(&log);
    let intakes = evs
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Intake { .. }))
        .count();
    assert_eq!(intakes, 7, "6 mentions + 1 snapshot");
    let triaged: Vec<_> = evs
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Triaged {
                mention,
                triage,
                handoff,
            } => Some((mention.clone(), triage.word(), handoff.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(triaged.len(), 3);
    assert_eq!(triaged[0].1, "cs");
    let h = triaged[0]
        .2
        .as_ref()
        .expect("a CS triage carries the hand-off item");
    assert_eq!(h.handle.as_deref(), Some("@minji_k"));
    assert_eq!(h.metrics.views, Some(48210), "the latest snapshot");
    assert!(triaged[1].2.is_none());
    assert_eq!(
        evs.iter()
            .filter(|e| matches!(e.kind, EventKind::MentionEscalated { .. }))
            .count(),
        1
    );
    // An unknown mention stops the script at its line, keeping what was recorded.
    std::fs::write(&s, "triage nope cs\n").unwrap();
    let log2 = dir.path().join("b.jsonl");
    let out = bin()
        .args([
            "run",
            "--now",
            NOW,
            "--feed",
            &fixture("feed.jsonl"),
            "--script",
        ])
        .arg(&s)
        .arg("--log")
        .arg(&log2)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(":1:") && err.contains("no mention \"nope\""),
        "{err}"
    );
}

#[test]
fn meltwater_utf16_feed_accounts_for_every_row() {
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    let s = dir.path().join("script.txt");
    std::fs::write(&s, "").unwrap();
    let out = bin()
        .args(["run", "--now", NOW, "--feed", &fixture("meltwater.csv")])
        .arg("--profile")
        .arg(repo().join("profiles/meltwater.ron"))
        .arg("--script")
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("meltwater.csv:5: 4 fields"), "{err}");
    assert!(err.contains("meltwater.csv:6: column \"Date\""), "{err}");
    assert!(err.contains("6 lines/rows; 4 mentions"), "{err}");
    let sources: Vec<String> = events(&log)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Intake { source, .. } => Some(source),
            _ => None,
        })
        .collect();
    assert_eq!(sources.len(), 4);
    assert!(sources[3].ends_with("meltwater.csv:7"), "{sources:?}");
}

#[test]
fn drill_from_feed_checks_and_delivers_at_the_feed_offsets() {
    let dir = common::tempdir();
    let sc = dir.path().join("feed.ron");
    bin()
        .args(["drill", "--from-feed", &fixture("feed.jsonl"), "--playbook"])
        .arg(repo().join("playbooks/ceo-twitter-complaint.ron"))
        .arg("-o")
        .arg(&sc)
        .assert()
        .success();
    bin()
        .args(["check", "--deny-warnings"])
        .arg(&sc)
        .assert()
        .success();
    let log = dir.path().join("drill.jsonl");
    let s = dir.path().join("s.txt");
    std::fs::write(&s, "wait 20m\n").unwrap();
    bin()
        .arg("drill")
        .arg(&sc)
        .args(["--now", NOW, "--script"])
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .assert()
        .success();
    let delivered: Vec<(String, i64)> = events(&log)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::InjectDelivered { inject, offset, .. } => Some((inject, offset.secs())),
            _ => None,
        })
        .collect();
    // 08:52:10, 08:53:40, 08:55:05, 09:03:01, 09:04:12, 09:06:00 (UTC) from the feed.
    assert_eq!(
        delivered,
        vec![
            ("m1".to_string(), 0),
            ("m2".to_string(), 90),
            ("m3".to_string(), 175),
            ("m4".to_string(), 651),
            ("m5".to_string(), 722),
            ("m6".to_string(), 830),
        ]
    );
}

#[test]
fn resume_with_a_later_feed_adds_reach_snapshots_and_the_reports_show_the_curve() {
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    let s = dir.path().join("s.txt");
    std::fs::write(&s, "triage 1861000000000000001 cs\n").unwrap();
    bin()
        .args([
            "run",
            "--now",
            NOW,
            "--operator",
            "kim",
            "--feed",
            &fixture("feed.jsonl"),
        ])
        .arg("--script")
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .assert()
        .success();
    // Half an hour later the same post has more views; another is unchanged.
    let later = dir.path().join("later.jsonl");
    let x = std::fs::read_to_string(fixture("x-api-v2-lookup.json"))
        .unwrap()
        .replace("48210", "91000");
    let x: serde_json::Value = serde_json::from_str(&x).unwrap();
    std::fs::write(&later, format!("{x}\n")).unwrap();
    std::fs::write(&s, "triage 1861000000000000001 pr\n").unwrap();
    bin()
        .arg("resume")
        .arg(&log)
        .args(["--now", "2026-11-21T09:30:00+09:00", "--feed"])
        .arg(&later)
        .arg("--script")
        .arg(&s)
        .assert()
        .success();
    let md = bin()
        .arg("report")
        .arg(&log)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("## Mentions"), "{md}");
    assert!(
        md.contains("Minji Kim @minji\\_k: T+0s 5,200 → T+0s 48,210 → T+30m 91,000"),
        "{md}"
    );
    assert!(md.contains("### Hand-offs to CS"), "{md}");
    let html = bin()
        .args(["report", "--format", "html"])
        .arg(&log)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("<svg class=\"reach\""),
        "the reach curve is drawn"
    );
    assert!(
        html.contains("Minji Kim @minji_k 91,000</text>"),
        "the curve is labelled"
    );
    let json = bin()
        .args(["report", "--format", "json"])
        .arg(&log)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rows = v["mentions"]["rows"].as_array().unwrap();
    let minji = rows
        .iter()
        .find(|r| r["post"]["id"] == "1861000000000000001")
        .unwrap();
    assert_eq!(minji["curve"].as_array().unwrap().len(), 3);
    assert_eq!(minji["triage"], "pr", "the latest triage counts");
    assert_eq!(v["mentions"]["handoffs"].as_array().unwrap().len(), 1);
}

#[test]
fn a_10_mb_post_is_refused_with_its_size() {
    let dir = common::tempdir();
    let big = dir.path().join("big.json");
    let mut body = String::from("{\"data\": {\"id\": \"1\", \"text\": \"");
    body.push_str(&"a".repeat(10 * 1024 * 1024));
    body.push_str("\"}}");
    std::fs::write(&big, body).unwrap();
    let s = dir.path().join("s.txt");
    std::fs::write(&s, "").unwrap();
    let out = bin()
        .args(["run", "--now", NOW, "--from-post"])
        .arg(&big)
        .arg("--script")
        .arg(&s)
        .arg("--log")
        .arg(dir.path().join("a.jsonl"))
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("big.json") && err.contains("too large"),
        "{err}"
    );
}

#[test]
fn the_review_screen_filters_mentions_and_shows_a_reach_curve() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    let s = dir.path().join("s.txt");
    std::fs::write(&s, "triage 1861000000000000001 cs\n").unwrap();
    bin()
        .args([
            "run",
            "--now",
            NOW,
            "--feed",
            &fixture("feed.jsonl"),
            "--script",
        ])
        .arg(&s)
        .arg("--log")
        .arg(&log)
        .assert()
        .success();
    let data = warroom::commands::review::load_review(&log, None).unwrap();
    let mut a = warroom::tui::review::ReviewApp::new(
        &log,
        data,
        warroom::engine::Actor {
            name: "rev".into(),
            role: None,
        },
        warroom::tui::theme::Theme { color: false },
    );
    let key = |a: &mut warroom::tui::review::ReviewApp, c: KeyCode| {
        a.key(KeyEvent::new(c, KeyModifiers::NONE))
    };
    for _ in 0..9 {
        key(&mut a, KeyCode::Char('f'));
    }
    let screen = common::render_with(120, 40, |f| warroom::tui::review::draw(&mut a, f));
    assert!(screen.contains("filter: mentions"), "{screen}");
    assert_eq!(a.visible.len(), 8, "7 intakes and 1 triage");
    // The first intake is Minji Kim's post, seen twice: its curve is in the detail pane.
    key(&mut a, KeyCode::Char('g'));
    let screen = common::render_with(120, 40, |f| warroom::tui::review::draw(&mut a, f));
    assert!(screen.contains("reach over time ["), "{screen}");
    assert!(screen.contains("48,210"), "{screen}");
}
