//! The review screen, driven in-process on ratatui's TestBackend: dates and times on every row,
//! the kind filter, search and next match, the detail pane with the choices not taken, steps
//! and deadlines, review notes written to the log before they are shown (and kept when the
//! write fails), a torn log, every window size, and Korean text.

mod common;

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::clock::ManualClock;
use warroom::commands::review::load_review;
use warroom::engine::Actor;
use warroom::tui::review::{Input, ReviewApp, View};
use warroom::tui::theme::Theme;

use common::{CEO, CEO_SCRIPT, bin, run_ok};

fn make_log(dir: &Path, script: &str) -> PathBuf {
    let log = dir.join("inc.jsonl");
    run_ok(dir, CEO, script, &log);
    log
}

fn app(log: &Path) -> ReviewApp {
    let data = load_review(log, None).unwrap();
    let mut a = ReviewApp::new(
        log,
        data,
        Actor {
            name: "rev".into(),
            role: Some("scribe".into()),
        },
        Theme { color: false },
    );
    a.clock = Box::new(ManualClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+09:00").unwrap(),
    ));
    a
}

fn key(a: &mut ReviewApp, code: KeyCode) {
    a.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(a: &mut ReviewApp, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

fn render(a: &mut ReviewApp, w: u16, h: u16) -> String {
    common::render_with(w, h, |f| warroom::tui::review::draw(a, f))
}

fn timeline_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|l| {
            l.trim_start_matches('│')
                .trim_start()
                .split(' ')
                .next()
                .is_some_and(|w| w.parse::<u64>().is_ok())
        })
        .collect()
}

#[test]
fn every_row_has_its_date_and_time_at_80x24() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    let mut a = app(&log);
    let s = render(&mut a, 80, 24);
    let rows = timeline_rows(&s);
    assert!(rows.len() >= 8, "{s}");
    for r in &rows {
        assert!(r.contains("2026-11-21 09:"), "no date and time: {r}\n{s}");
    }
    assert!(s.contains(" REVIEW "), "{s}");
    assert!(s.contains("/ search"), "{s}");
    // Paging reaches the last event (the closing) with its date.
    key(&mut a, KeyCode::End);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("closed: handed_off_to_cs"), "{s}");
}

#[test]
fn the_filter_cycles_through_kinds() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    let mut a = app(&log);
    let all = a.visible.len();
    key(&mut a, KeyCode::Char('f'));
    let s = render(&mut a, 120, 40);
    assert!(s.contains("filter: decisions"), "{s}");
    let rows = timeline_rows(&s);
    assert!(rows.len() < all);
    for r in &rows {
        assert!(r.contains('→') || r.contains('●'), "not a decision: {r}");
    }
    key(&mut a, KeyCode::Char('f'));
    let s = render(&mut a, 120, 40);
    assert!(s.contains("filter: checklist"), "{s}");
    assert!(timeline_rows(&s).iter().all(|r| r.contains('·')), "{s}");
    key(&mut a, KeyCode::Char('f'));
    let s = render(&mut a, 120, 40);
    assert!(s.contains("filter: notes (1 of"), "{s}");
    // Around the cycle back to all (… deadline breaches, amendments, mentions, all).
    for _ in 0..7 {
        key(&mut a, KeyCode::Char('f'));
    }
    assert_eq!(a.visible.len(), all);
}

#[test]
fn search_finds_a_note_and_n_goes_to_the_next_match() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    let mut a = app(&log);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "journalist");
    assert_eq!(a.input(), Some(Input::Search("journalist".into())));
    let s = render(&mut a, 80, 24);
    assert!(s.contains("/journalist"), "{s}");
    key(&mut a, KeyCode::Enter);
    let s = render(&mut a, 120, 40);
    assert!(s.contains("\"journalist\" at #4"), "{s}");
    assert!(s.contains("Relayed by a journalist; 40 retweets"), "{s}");
    // Search for what appears twice: the handle, in a variable and in the draft.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "MINJI");
    key(&mut a, KeyCode::Enter);
    let first = a.current().unwrap();
    key(&mut a, KeyCode::Char('n'));
    let second = a.current().unwrap();
    assert!(second > first);
    key(&mut a, KeyCode::Char('N'));
    assert_eq!(a.current().unwrap(), first);
    // Not found says so.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "no such words");
    key(&mut a, KeyCode::Enter);
    let s = render(&mut a, 120, 40);
    assert!(s.contains("\"no such words\" not found"), "{s}");
}

#[test]
fn details_show_the_choices_not_taken_and_tab_shows_steps_and_deadlines() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    let mut a = app(&log);
    key(&mut a, KeyCode::Char('f')); // decisions
    key(&mut a, KeyCode::Down); // the first choice, after the opening
    let s = render(&mut a, 120, 40);
    assert!(s.contains("not taken:"), "{s}");
    assert!(s.contains("· Abuse or trolling: don't engage"), "{s}");
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.view, View::Steps);
    let s = render(&mut a, 120, 40);
    assert!(s.contains("Time in each step"), "{s}");
    assert!(s.contains("11m 00s") && s.contains("total"), "{s}");
    key(&mut a, KeyCode::Tab);
    let s = render(&mut a, 120, 40);
    assert!(s.contains("✕ BREACHED, met T+00:11:00"), "{s}");
    assert!(s.contains("✓ met"), "{s}");
}

#[test]
fn amendments_appear_under_what_they_correct() {
    let dir = common::tempdir();
    let script = CEO_SCRIPT.replace(
        "close \"CS owns",
        "amend 4 \"it was 400 retweets\"\nclose \"CS owns",
    );
    let log = make_log(dir.path(), &script);
    let mut a = app(&log);
    let s = render(&mut a, 120, 40);
    let lines: Vec<&str> = s.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("[amended] note: Relayed by"))
        .unwrap();
    assert!(lines[at].contains("[amended]"), "{s}");
    assert!(lines[at + 1].contains("↳ amended by #"), "{s}");
    assert!(lines[at + 1].contains("it was 400 retweets"), "{s}");
}

#[test]
fn a_review_note_is_in_the_log_before_the_screen_shows_it() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    let before = std::fs::read_to_string(&log).unwrap();
    let mut a = app(&log);
    key(&mut a, KeyCode::Char('a'));
    typed(&mut a, "응답은 16분 만에; next time page the CEO earlier");
    key(&mut a, KeyCode::Enter);
    let after = std::fs::read_to_string(&log).unwrap();
    assert!(after.starts_with(&before), "review changed what was there");
    let last: serde_json::Value = serde_json::from_str(after.lines().last().unwrap()).unwrap();
    assert_eq!(last["kind"], "review_note");
    assert_eq!(
        last["text"],
        "응답은 16분 만에; next time page the CEO earlier"
    );
    assert_eq!(last["actor"]["name"], "rev");
    assert_eq!(last["at"], "2026-11-23T14:00:00+09:00");
    let s = render(&mut a, 120, 40);
    assert!(s.contains("review note #"), "{s}");
    assert!(s.contains("응답은 16분 만에"), "{s}");
    let v = bin().arg("verify").arg(&log).output().unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    // The report shows it as a review note, after the incident.
    let md = bin().arg("report").arg(&log).output().unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("*review note (added after the incident):* 응답은 16분 만에"),
        "{md}"
    );
    assert!(md.contains("| Duration | 16m 00s |"), "{md}");
    // Stats count it, and do not extend the incident with it.
    let st = bin()
        .args(["stats", "--format", "json"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let st: serde_json::Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(st["by_kind"]["review_note"], 1);
    assert_eq!(st["duration_secs"], 16 * 60);
}

#[test]
fn a_note_that_cannot_be_written_is_kept_in_the_input_line() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    // Another warroom holds the incident.
    let holder = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    holder.try_lock().unwrap();
    let before = std::fs::read(&log).unwrap();
    let mut a = app(&log);
    key(&mut a, KeyCode::Char('a'));
    typed(&mut a, "do not lose me");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.input(), Some(Input::Note("do not lose me".into())));
    let s = render(&mut a, 120, 40);
    assert!(s.contains("not added:"), "{s}");
    assert!(s.contains("open in another warroom"), "{s}");
    assert_eq!(std::fs::read(&log).unwrap(), before);
    drop(holder);
    // Other tests here spawn processes; a child between fork and exec briefly shares this
    // process's open files and so the lock: try again for a moment, as a user would.
    let start = std::time::Instant::now();
    key(&mut a, KeyCode::Enter);
    while a.input().is_some() && start.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        key(&mut a, KeyCode::Enter);
    }
    assert_eq!(a.input(), None);
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("do not lose me")
    );
}

#[test]
fn a_torn_log_reviews_and_says_so() {
    let dir = common::tempdir();
    let log = make_log(dir.path(), CEO_SCRIPT);
    let mut bytes = std::fs::read(&log).unwrap();
    let n = bytes.iter().filter(|b| **b == b'\n').count();
    bytes.extend_from_slice(b"{\"seq\":99,\"at\":\"2026-11-21T09:");
    std::fs::write(&log, &bytes).unwrap();
    let mut a = app(&log);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("DAMAGED LOG"), "{s}");
    assert!(s.contains(&format!("last line ({}", n + 1)), "{s}");
    assert_eq!(a.data.analysis.entries.len(), n);
    // Reviewing does not touch it.
    assert_eq!(std::fs::read(&log).unwrap(), bytes);
}

#[test]
fn every_window_size_renders() {
    let dir = common::tempdir();
    let script = CEO_SCRIPT.replace(
        "note \"Relayed by a journalist; 40 retweets\"",
        "note \"기자가 퍼 나름; 리트윗 40회 — 고객 응대는 오늘 중으로\"",
    );
    let log = make_log(dir.path(), &script);
    let mut a = app(&log);
    for w in (1..=130).step_by(7) {
        for h in (1..=45).step_by(4) {
            let s = render(&mut a, w, h);
            assert_eq!(s.lines().count(), h as usize);
        }
    }
    let s = render(&mut a, 40, 10);
    assert!(s.contains("too small"), "{s}");
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "기자");
    key(&mut a, KeyCode::Enter);
    let s = render(&mut a, 80, 24);
    assert!(s.contains("기자가 퍼 나름"), "{s}");
    for line in s.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}
