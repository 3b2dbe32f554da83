//! Holding statements from the shipped `statements/` library: used unchanged (only the
//! placeholders filled in) a statement carries its approvals and posts at once; changed beyond
//! its placeholders it cannot be posted until its roles sign it again; `warroom check` validates
//! the library and names what is wrong.

mod common;

use common::{CEO, bin, log_events as events, run_ok, run_script, tempdir};

#[test]
fn a_statement_used_unchanged_needs_no_new_approval() {
    let dir = tempdir();
    let log = dir.path().join("unchanged.jsonl");
    let script = "set summary \"the double charge\"\nwait 5m\ndraft --statement holding-investigating\npost 1\n";
    run_ok(dir.path(), CEO, script, &log);
    let evs = events(&log);
    let saved = evs.iter().find(|e| e["kind"] == "draft_saved").unwrap();
    assert_eq!(saved["statement"]["id"], "holding-investigating");
    assert_eq!(saved["statement"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(saved["audience"], "Public");
    let posted = evs.iter().find(|e| e["kind"] == "posted").unwrap();
    assert!(posted["forced"].is_null());
    assert!(
        posted["text"]
            .as_str()
            .unwrap()
            .ends_with("Next update here by 09:35."),
        "{posted}"
    );
}

#[test]
fn a_statement_changed_beyond_its_placeholders_needs_fresh_approval() {
    let dir = tempdir();
    let log = dir.path().join("changed.jsonl");
    let head = "set summary \"the double charge\"\ndraft --statement holding-investigating\n";
    let edit = "edit 1 \"We have seen the posts about the double charge. It was a one-off glitch. Next update here by 09:30.\"\n";
    let out = run_script(dir.path(), CEO, &format!("{head}{edit}post 1\n"), &log);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("legal … → ceo …"), "{err}");
    assert!(events(&log).iter().all(|e| e["kind"] != "posted"));
    // Signed again by both roles, in order: it goes out.
    let log = dir.path().join("resigned.jsonl");
    let script = format!(
        "{head}{edit}sign 1 --as legal --by \"Lee (legal)\"\nsign 1 --as ceo --by \"Daniel Cho\"\npost 1\n"
    );
    run_ok(dir.path(), CEO, &script, &log);
    // A different value for a placeholder is not a change of the statement.
    let log = dir.path().join("refilled.jsonl");
    let script = format!(
        "{head}edit 1 \"We have seen the posts about the late refunds. We are looking into it now and will not leave it unanswered. Next update here by 10:00.\"\npost 1\n"
    );
    run_ok(dir.path(), CEO, &script, &log);
}

#[test]
fn an_unknown_statement_names_the_library() {
    let dir = tempdir();
    let out = run_script(
        dir.path(),
        CEO,
        "draft --statement nope\n",
        &dir.path().join("x.jsonl"),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no holding statement \"nope\""), "{err}");
    assert!(err.contains("holding-investigating"), "{err}");
}

#[test]
fn check_validates_the_library() {
    let out = bin()
        .args(["check", "--deny-warnings", "statements/"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = tempdir();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "Statement(id: \"x\", title: \"X\", audience: Public, language: \"en\", channel: Tweet, text: \"Hi {name\", approved_by: [], valid_until: Some(\"soon\"))\n",
    )
    .unwrap();
    let out = bin().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("no approval"), "{text}");
    assert!(text.contains("\"soon\" is not a date"), "{text}");
    assert!(text.contains("unclosed"), "{text}");
}
