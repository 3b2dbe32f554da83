//! Sign-off chains on the shipped default playbook: the blog statement needs legal, then the
//! CEO. Posting is refused after legal alone and allowed after both; an edit after legal's
//! sign-off voids it (the CEO cannot sign before legal again); a signer can send it back with a
//! reason; the report shows the chain with roles and times.

mod common;

use serde_json::Value;

use common::{CEO, CEO_SCRIPT, bin, log_events as kinds, run_ok, run_script, tempdir};

/// The default playbook's headless walk up to the route step, then to the blog statement with
/// every variable it uses, and the statement saved as draft #2.
fn to_statement() -> String {
    let head = CEO_SCRIPT
        .split("choose c\ntick context-passed")
        .next()
        .unwrap()
        .to_string();
    head + r#"choose b
set findings "a payment update charged 212 orders twice"
set issue_points "1) refund every double charge 2) fix the payment check"
set fix_deadline "Friday 14 June"
set cs_contact "Jiwon Park"
set cs_email care@example.com
set ceo_name "Daniel Cho"
tick structure
tick legal-read
draft --template statement
"#
}

#[test]
fn legal_then_the_ceo_each_bound_to_the_text() {
    let dir = tempdir();
    // Legal alone: the post is refused, and the refusal logged.
    let log = dir.path().join("legal-only.jsonl");
    let script = to_statement() + "sign 2 --as legal --by \"Lee (legal)\"\npost 2\n";
    let out = run_script(dir.path(), CEO, &script, &log);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let evs = kinds(&log);
    assert!(
        evs.iter()
            .any(|e| e["kind"] == "signed_off" && e["role"] == "legal")
    );
    assert!(evs.iter().all(|e| e["kind"] != "posted" || e["draft"] != 2));
    assert_eq!(evs.last().unwrap()["kind"], "refused");

    // Both, in order: posted.
    let log = dir.path().join("both.jsonl");
    let script = to_statement()
        + "sign 2 --as legal --by \"Lee (legal)\"\nwait 2m\nsign 2 --as ceo --by \"Daniel Cho\"\npost 2\n";
    run_ok(dir.path(), CEO, &script, &log);
    let evs = kinds(&log);
    let signed: Vec<&Value> = evs.iter().filter(|e| e["kind"] == "signed_off").collect();
    assert_eq!(signed.len(), 2);
    for s in &signed {
        assert_eq!(s["texts"][0]["draft"], 2);
        assert_eq!(s["texts"][0]["sha256"].as_str().unwrap().len(), 64);
    }
    assert!(
        evs.iter()
            .any(|e| e["kind"] == "posted" && e["draft"] == 2 && e["forced"].is_null())
    );
    // The report shows the chain with roles and times.
    let md = bin().arg("report").arg(&log).output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("- signed off by Lee (legal) as legal at T+16m"),
        "{md}"
    );
    assert!(
        md.contains("- signed off by Daniel Cho as ceo at T+18m"),
        "{md}"
    );

    // The CEO first: refused, waiting for legal.
    let log = dir.path().join("ceo-first.jsonl");
    let out = run_script(
        dir.path(),
        CEO,
        &(to_statement() + "sign 2 --as ceo --by \"Daniel Cho\"\n"),
        &log,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("waiting for legal"), "{err}");
}

#[test]
fn an_edit_after_legal_signed_voids_it() {
    let dir = tempdir();
    let log = dir.path().join("edited.jsonl");
    let script = to_statement()
        + "sign 2 --as legal --by \"Lee (legal)\"\nedit 2 \"What went wrong, and what we are doing about it. We charged 212 orders twice; every one is refunded.\"\nsign 2 --as ceo --by \"Daniel Cho\"\n";
    let out = run_script(dir.path(), CEO, &script, &log);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("legal …") && err.contains("waiting for legal"),
        "{err}"
    );
}

#[test]
fn a_signer_sends_it_back_with_a_reason() {
    let dir = tempdir();
    let log = dir.path().join("declined.jsonl");
    let script = to_statement()
        + "sign 2 --as legal --by \"Lee (legal)\"\ndecline 2 too many promises --as ceo --by \"Daniel Cho\"\nsign 2 --as ceo --by \"Daniel Cho\"\n";
    let out = run_script(dir.path(), CEO, &script, &log);
    // After the decline, legal's sign-off is void too: the CEO waits for legal again.
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("waiting for legal"));
    let evs = kinds(&log);
    let d = evs.iter().find(|e| e["kind"] == "draft_declined").unwrap();
    assert_eq!(d["reason"], "too many promises");
    assert_eq!(d["role"], "ceo");
    // Someone outside the chain cannot sign.
    let out = run_script(
        dir.path(),
        CEO,
        &(to_statement() + "sign 2 --as cs --by Jiwon\n"),
        &dir.path().join("outsider.jsonl"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in its sign-off chain"));
}

/// The part of a report between `start` and the next `end` (the drafts table, not the
/// timeline, which labels the entry too).
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{text}"));
    let rest = &text[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| i + start.len());
    &rest[..to]
}

/// The four renderings of a log's report: Markdown, HTML, JSON and CSV.
fn reports(log: &std::path::Path) -> [String; 4] {
    ["md", "html", "json", "csv"].map(|f| {
        let out = bin()
            .arg("report")
            .arg(log)
            .args(["--format", f])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    })
}

#[test]
fn an_approval_entered_on_behalf_is_labelled_in_every_drafts_table_one_from_the_approvers_seat_is_not()
 {
    let label = "[recorded on behalf of Daniel Cho by tester]";
    let (head, _) = CEO_SCRIPT
        .split_once("approve --by \"Daniel Cho\"\n")
        .unwrap();
    let dir = tempdir();

    // Entered by the comms seat (operator `tester`) on the CEO's behalf.
    let behalf = dir.path().join("behalf.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &behalf);
    let [md, html, json, csv] = reports(&behalf);
    let drafts = between(&md, "## Drafts and approvals", "\n## ");
    let line = drafts
        .lines()
        .find(|l| l.starts_with("- approved by Daniel Cho as ceo at T+"))
        .unwrap_or_else(|| panic!("{drafts}"));
    assert!(line.ends_with(&format!(" {label}")), "{line}");
    // The timeline's line for the approval carries it too.
    let timeline = between(&md, "## Timeline", "\n## ");
    assert!(
        timeline
            .lines()
            .any(|l| l.contains("by Daniel Cho as ceo") && l.contains(label)),
        "{timeline}"
    );
    let drafts = between(&html, "<h2 id=\"drafts\">", "<h2 ");
    assert!(drafts.contains("approved by"), "{drafts}");
    assert!(drafts.contains(label), "{drafts}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let approval = &v["drafts"][0]["approvals"][0];
    assert_eq!(approval[0], "Daniel Cho", "{approval}");
    assert_eq!(approval[1], "ceo", "{approval}");
    assert_eq!(approval[3], label, "{approval}");
    let row = csv
        .lines()
        .find(|l| l.split(',').nth(5) == Some("approved"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(row.contains(label), "{row}");

    // Given by the CEO from their own seat (`warroom join --role ceo`): no label anywhere.
    let own = dir.path().join("own-seat.jsonl");
    run_ok(dir.path(), CEO, head, &own);
    let script = dir.path().join("ceo-seat.txt");
    std::fs::write(&script, "approve\n").unwrap();
    let out = bin()
        .arg("join")
        .arg(&own)
        .args(["--operator", "Daniel Cho", "--role", "ceo", "--now"])
        .arg("2026-11-21T09:30:00+09:00")
        .arg("--script")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let [md, html, json, csv] = reports(&own);
    let drafts = between(&md, "## Drafts and approvals", "\n## ");
    assert!(
        drafts.contains("- approved by Daniel Cho as ceo at T+30m\n"),
        "{drafts}"
    );
    for (format, text) in [("md", &md), ("html", &html), ("json", &json), ("csv", &csv)] {
        assert!(!text.contains("recorded on behalf"), "{format}:\n{text}");
    }
    let v: Value = serde_json::from_str(&json).unwrap();
    let approval = &v["drafts"][0]["approvals"][0];
    assert_eq!(approval[0], "Daniel Cho", "{approval}");
    assert!(approval[3].is_null(), "{approval}");
}
