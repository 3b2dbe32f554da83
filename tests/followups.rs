//! Promises tracked after close: a post of a template with a `promise` becomes a follow-up
//! (what, owner, due from the template's variable), and `warroom followups DIR --now T` lists
//! it across logs, flagging it OVERDUE only once the due time has passed.

mod common;

use serde_json::Value;

use common::{CEO, bin, run_script, tempdir};

/// The default playbook down to the report-back promise, approved by the CEO and posted.
fn promise_script(report_time: &str) -> String {
    format!(
        r#"set handle @minji_k
set summary "the double charge"
set report_time {report_time}
choose c --force
choose v --force
choose i --force
draft --template promise
tick time-agreed
tick no-speculation
choose a
approve 1 --by "Daniel Cho"
post 1
note an internal note about the payment vendor
wait 5m
close resolved
"#
    )
}

fn followups(args: &[&str]) -> (String, String, bool) {
    let out = bin().arg("followups").args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

#[test]
fn a_posted_promise_is_listed_with_owner_and_due_and_overdue_only_after_the_date() {
    let dir = tempdir();
    let logs = dir.path().join("incidents");
    std::fs::create_dir_all(logs.join("older")).unwrap();
    let log = logs.join("older").join("promise.jsonl");
    let out = run_script(dir.path(), CEO, &promise_script("15:00"), &log);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d = logs.to_str().unwrap();

    let (before, err, ok) = followups(&[d, "--now", "2026-11-21T14:59:00+09:00"]);
    assert!(ok, "{err}");
    assert!(before.contains("report back with the findings"), "{before}");
    assert!(before.contains("owner experts"), "{before}");
    assert!(before.contains("due 2026-11-21 15:00 +09:00"), "{before}");
    assert!(before.contains("⏳ due"), "{before}");
    assert!(!before.contains("OVERDUE"), "{before}");
    assert!(before.contains("1 follow-up, 0 overdue"), "{before}");

    let (after, err, ok) = followups(&[d, "--now", "2026-11-21T15:01:00+09:00"]);
    assert!(ok, "{err}");
    assert!(after.contains("⚠ OVERDUE"), "{after}");
    assert!(after.contains("1 follow-up, 1 overdue"), "{after}");

    let (json, err, ok) = followups(&[d, "--now", "2026-11-22T09:00:00+09:00", "--format", "json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let f = &v["followups"][0];
    assert_eq!(f["owner"], "experts");
    assert_eq!(f["due"], "2026-11-21T15:00:00+09:00");
    assert_eq!(f["standing"], "overdue");
    assert_eq!(f["template"], "promise");
    assert!(
        f["incident"]
            .as_str()
            .unwrap()
            .starts_with("Customer complaint")
    );

    // The report's lessons section lists it too, and the JSON report carries it.
    let md = bin().args(["report"]).arg(&log).output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    let lessons = &md[md.find("## Lessons and follow-ups").unwrap()..];
    assert!(
        lessons.contains("report back with the findings"),
        "{lessons}"
    );
    assert!(lessons.contains("experts"), "{lessons}");
    let js = bin()
        .args(["report", "--format", "json"])
        .arg(&log)
        .output()
        .unwrap();
    let js: Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(js["followups"][0]["due"], "2026-11-21T15:00:00+09:00");
}

#[test]
fn an_unreadable_due_time_and_a_damaged_log_are_said_not_panicked() {
    let dir = tempdir();
    let good = dir.path().join("vague.jsonl");
    let out = run_script(dir.path(), CEO, &promise_script("\"3 pm today\""), &good);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let damaged = dir.path().join("damaged.jsonl");
    let mut text = std::fs::read_to_string(&good).unwrap();
    text = text.replacen("\"seq\":2,", "\"seq\":2,\"oops", 1);
    std::fs::write(&damaged, text).unwrap();

    let (list, err, ok) = followups(&[
        dir.path().to_str().unwrap(),
        "--now",
        "2026-11-22T00:00:00Z",
    ]);
    assert!(ok, "{err}");
    assert!(list.contains("? no due date"), "{list}");
    assert!(
        list.contains("\"3 pm today\" is not a date or time"),
        "{list}"
    );
    assert!(list.contains("1 follow-up, 0 overdue"), "{list}");
    assert!(
        err.contains("damaged.jsonl") && err.contains("skipped"),
        "{err}"
    );
}

#[test]
fn a_promise_naming_an_undeclared_variable_or_role_is_a_lint_error() {
    let dir = tempdir();
    let src = std::fs::read_to_string(common::repo().join(CEO)).unwrap();
    let bad = src.replacen(
        "by: \"report_time\", owner: \"experts\"",
        "by: \"report_when\", owner: \"engineers\"",
        1,
    );
    assert_ne!(bad, src);
    let p = dir.path().join("bad.ron");
    std::fs::write(&p, bad).unwrap();
    let out = bin().arg("check").arg(&p).output().unwrap();
    assert!(!out.status.success());
    let err =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the promise's due time \"report_when\" is not a declared variable"),
        "{err}"
    );
    assert!(
        err.contains("the promise's owner \"engineers\" is not a declared role"),
        "{err}"
    );
}

#[test]
fn the_review_screen_lists_the_follow_ups_under_the_deadlines() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempdir();
    let log = dir.path().join("inc.jsonl");
    let out = run_script(dir.path(), CEO, &promise_script("2026-11-22 10:30"), &log);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    for _ in 0..2 {
        a.key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    }
    let s = common::render_with(120, 40, |f| warroom::tui::review::draw(&mut a, f));
    assert!(s.contains("Follow-ups: promises made in posts"), "{s}");
    assert!(
        s.contains("2026-11-22 10:30 +09:00  experts  report back with the findings"),
        "{s}"
    );
}

#[test]
fn a_promise_made_in_a_drill_is_marked_as_an_exercise() {
    let dir = tempdir();
    let script = dir.path().join("drill.txt");
    std::fs::write(
        &script,
        promise_script("15:00").replace("close resolved\n", ""),
    )
    .unwrap();
    let log = dir.path().join("drill.jsonl");
    let out = bin()
        .args(["drill", "scenarios/troll-pile-on.ron", "--script"])
        .arg(&script)
        .args([
            "--now",
            "2026-11-21T09:00:00+09:00",
            "--operator",
            "tester",
            "--log",
        ])
        .arg(&log)
        .current_dir(common::repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (list, err, ok) = followups(&[
        dir.path().to_str().unwrap(),
        "--now",
        "2026-11-21T16:00:00+09:00",
    ]);
    assert!(ok, "{err}");
    assert!(list.contains("EXERCISE drill:"), "{list}");
    assert!(list.contains("⚠ OVERDUE"), "{list}");
}
