//! Reports for an audience: `--audience public` holds only what was said publicly (no
//! internal note, draft, approval or name in any format), newest first; `--audience
//! executives` is the executive summary, and its HTML prints on exactly one A4 and one Letter
//! page in headless Chromium (Chromium is required; this test fails, never skips, without it).

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use common::{CEO, bin, run_ok, tempdir};

const LONG: &str = "We hear you, and we are sorry for the trouble this has caused to so many of you this week. Our payment team has found the cause and is refunding every affected order today; we will post again here as soon as every refund is confirmed, and the full findings will follow on our blog.";

/// A run with internal notes, internal drafts (one posted on the internal channel, one
/// tweet never posted), approvals, public posts and public-state changes.
fn script() -> String {
    let mut s = String::from(
        r#"set handle @minji_k
set summary "the double charge"
set report_time 15:00
note SECRET-NOTE-ALPHA the payment vendor may be at fault
draft --channel internal "SECRET-MEMO-BRAVO for staff only"
post 1
draft --channel tweet "SECRET-DRAFT-CHARLIE never to be posted"
discard 2 not ours to say
state investigating
choose c --force
choose v --force
choose i --force
draft --template promise
tick time-agreed
tick no-speculation
choose a
approve 3 --by "Approver Deltaname"
post 3
wait 20m
state identified
note SECRET-NOTE-ECHO legal thinks the refund wording is risky
"#,
    );
    for i in 0..9 {
        s.push_str(&format!(
            "draft --channel tweet \"Update {i}: {LONG}\"\npost {} --force\nwait 7m\n",
            4 + i
        ));
    }
    s.push_str("state monitoring\nwait 90m\nclose resolved SECRET-SUMMARY-FOXTROT\n");
    s
}

const SECRETS: &[&str] = &[
    "SECRET-NOTE-ALPHA",
    "SECRET-MEMO-BRAVO",
    "SECRET-DRAFT-CHARLIE",
    "SECRET-NOTE-ECHO",
    "SECRET-SUMMARY-FOXTROT",
    "not ours to say",
    "Deltaname",
    "tester",
];

fn report(log: &Path, audience: &str, format: &str) -> String {
    let out = bin()
        .args(["report", "--audience", audience, "--format", format])
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

#[test]
fn the_public_report_holds_nothing_internal_in_any_format() {
    let dir = tempdir();
    let log = dir.path().join("inc.jsonl");
    run_ok(dir.path(), CEO, &script(), &log);
    // The full report does carry the internal entries (so the check below can fail).
    let full = report(&log, "all", "md");
    for s in SECRETS {
        assert!(full.contains(s), "the full report lacks {s}");
    }
    for format in ["md", "html", "json", "csv"] {
        let out = report(&log, "public", format);
        for s in SECRETS {
            assert!(
                !out.contains(s),
                "{format}: internal {s:?} in the public report"
            );
        }
        assert!(
            out.contains("I will report what we find here by 15:00"),
            "{format}"
        );
        assert!(out.contains("Update 8: We hear you"), "{format}");
        assert!(
            out.contains("Monitoring") || out.contains("monitoring"),
            "{format}"
        );
    }
    // Newest first: the last update comes before the first, and the state changes are listed.
    let json: Value = serde_json::from_str(&report(&log, "public", "json")).unwrap();
    assert_eq!(json["format"], "warroom-public/1");
    let updates = json["updates"].as_array().unwrap();
    assert_eq!(updates.len(), 10 + 3);
    let times: Vec<&str> = updates.iter().map(|u| u["at"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(times, sorted);
    assert_eq!(updates[0]["kind"], "state");
    assert_eq!(updates[0]["state"], "Monitoring");
    assert!(
        updates
            .iter()
            .all(|u| u["kind"] == "state" || u["channel"] == "Tweet")
    );
    // The full JSON marks each entry internal or external.
    let full: Value = serde_json::from_str(&report(&log, "all", "json")).unwrap();
    for e in full["entries"].as_array().unwrap() {
        let external = e["kind"] == "public_state_set"
            || (e["kind"] == "posted" && !e["summary"].as_str().unwrap().contains("internal"));
        assert_eq!(
            e["scope"],
            if external { "external" } else { "internal" },
            "{e}"
        );
    }
}

#[test]
fn the_executive_summary_has_the_facts_and_prints_on_one_page() {
    let dir = tempdir();
    let log = dir.path().join("inc.jsonl");
    run_ok(dir.path(), CEO, &script(), &log);
    let md = report(&log, "executives", "md");
    for s in [
        "# Executive summary:",
        "**Public state:** Monitoring",
        "**Outcome:** resolved",
        "**Duration:**",
        "## Key decisions",
        "Can't verify yet: promise a report-back",
        "## Deadlines breached",
        "BREACHED",
        "## What was said publicly",
        "## Open follow-ups",
        "report back with the findings — owner `experts`, due 2026-11-21 15:00 +09:00",
    ] {
        assert!(md.contains(s), "{s:?} missing:\n{md}");
    }
    assert!(!md.contains("SECRET-NOTE-ALPHA"));
    let json: Value = serde_json::from_str(&report(&log, "executives", "json")).unwrap();
    assert_eq!(json["format"], "warroom-executive/1");
    assert_eq!(json["said_publicly"].as_array().unwrap().len(), 13);
    assert!(!json["breaches"].as_array().unwrap().is_empty());

    let html = report(&log, "executives", "html");
    let full = report(&log, "all", "html");
    for paper in ["A4", "letter"] {
        // The full report of the same incident runs to several pages: the count can fail.
        assert!(pages(dir.path(), &full, paper) > 1, "{paper}");
        assert_eq!(pages(dir.path(), &html, paper), 1, "{paper}");
    }
}

/// Prints `html` to PDF in headless Chromium on `paper` and counts its pages (`/Type /Page`
/// objects, not `/Pages`).
fn pages(dir: &Path, html: &str, paper: &str) -> usize {
    let html = if html.contains("@page{size:auto") {
        html.replace("@page{size:auto", &format!("@page{{size:{paper}"))
    } else {
        html.replacen("<style>", &format!("<style>@page{{size:{paper}}}"), 1)
    };
    let file = dir.join(format!("page-{paper}-{}.html", html.len()));
    std::fs::write(&file, html).unwrap();
    let pdf = dir.join(format!(
        "page-{paper}-{}.pdf",
        file.display().to_string().len()
    ));
    let _ = std::fs::remove_file(&pdf);
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new("sh")
                .arg("-c")
                .arg(format!("command -v {c}"))
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("chromium is required for this test: apt-get install chromium (.ci/run does)");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("/Type /Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count()
}
