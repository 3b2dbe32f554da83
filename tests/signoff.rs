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
