//! The live screen, driven in-process on ratatui's TestBackend with scripted keys and a fixed
//! clock: snapshots at 80x24 and 120x40 (one Korean), every size from 1x1 renders, keys do what
//! the hint bar says and every action lands in the log before the screen shows it.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::engine::{Actor, Mode};
use warroom::incident::{Incident, NewIncident};
use warroom::playbook::{Loaded, load_playbook};
use warroom::tui::live::App;
use warroom::tui::popup::approve::ApproveSet;
use warroom::tui::popup::force::{ForceChoice, ForcePost};
use warroom::tui::popup::input::InputBox;
use warroom::tui::popup::pickers::StatePicker;
use warroom::tui::theme::Theme;

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Fixture {
    app: App,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

fn open(playbook: &str, role: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let loaded: Loaded = load_playbook(&root().join(playbook)).unwrap();
    let log = dir.path().join("incident.jsonl");
    let inc = Incident::open(NewIncident {
        loaded: &loaded,
        title: "Drill: @angry_customer".into(),
        mode: Mode::Live,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some(role.into()),
        },
        now: t0(),
        store: None,
    })
    .unwrap();
    let history = warroom::log::read_log(&log).unwrap().events;
    let app = App::new(inc, &history, t0(), Theme { color: false });
    Fixture {
        app,
        log,
        _dir: dir,
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    common::render_screen(app, w, h)
}

fn screen(f: &mut Fixture, w: u16, h: u16) -> String {
    let log = f.log.display().to_string();
    render(&mut f.app, w, h).replace(&log, "[LOG]")
}

fn log_lines(p: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn kinds(p: &Path) -> Vec<String> {
    log_lines(p)
        .iter()
        .map(|v| v["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn first_screen_80x24() {
    let mut f = open("playbooks/ceo-twitter-complaint.ron", "comms");
    let s = screen(&mut f, 80, 24);
    assert!(s.contains(" LIVE "));
    assert!(s.contains("T+00:00:00"));
    insta::assert_snapshot!("first_screen_80x24", s);
}

#[test]
fn first_screen_120x40() {
    let mut f = open("playbooks/ceo-twitter-complaint.ron", "comms");
    insta::assert_snapshot!("first_screen_120x40", screen(&mut f, 120, 40));
}

#[test]
fn korean_120x40() {
    let mut f = open("playbooks/ceo-twitter-complaint.ko.ron", "comms");
    // Every row is exactly 120 columns wide: two-column Hangul does not break the borders.
    for row in render(&mut f.app, 120, 40).lines() {
        assert_eq!(unicode_width::UnicodeWidthStr::width(row), 120, "{row}");
    }
    let s = screen(&mut f, 120, 40);
    insta::assert_snapshot!("korean_120x40", s);
}

#[test]
fn every_size_renders_without_panic() {
    let mut f = open("playbooks/ceo-twitter-complaint.ko.ron", "comms");
    for w in (1..=130).step_by(7).chain([1, 2, 59, 60, 61, 80, 200]) {
        for h in (1..=45).step_by(4).chain([1, 15, 16, 17, 24, 60]) {
            let s = render(&mut f.app, w, h);
            if w < 60 || h < 16 {
                assert!(
                    s.contains("too small") || s.contains("너무 작습니다") || w < 20 || h < 2,
                    "{w}x{h}:\n{s}"
                );
            }
        }
    }
    // With popups open too.
    key(&mut f.app, KeyCode::Char('d'));
    for (w, h) in [(1, 1), (20, 6), (60, 16), (80, 24), (13, 40)] {
        render(&mut f.app, w, h);
    }
    key(&mut f.app, KeyCode::Esc);
    key(&mut f.app, KeyCode::Char('?'));
    for (w, h) in [(1, 1), (20, 6), (60, 16), (80, 24)] {
        render(&mut f.app, w, h);
    }
}

#[test]
fn too_small_screen() {
    let mut f = open("playbooks/ceo-twitter-complaint.ron", "comms");
    let s = render(&mut f.app, 20, 6);
    assert!(s.contains("window too small"), "{s}");
    assert!(s.contains("20×6"), "{s}");
}

#[test]
fn keys_do_what_the_hints_say_and_log_first() {
    let mut f = open("playbooks/ceo-twitter-complaint.ron", "comms");
    let app = &mut f.app;
    // Tick the first item: space.
    key(app, KeyCode::Char(' '));
    assert_eq!(kinds(&f.log).last().unwrap(), "checked");
    assert!(render(app, 120, 40).contains("[x]"));
    // Move and tick two more (j, ↓).
    key(app, KeyCode::Char('j'));
    key(app, KeyCode::Char(' '));
    key(app, KeyCode::Down);
    key(app, KeyCode::Char(' '));
    assert_eq!(kinds(&f.log).iter().filter(|k| *k == "checked").count(), 3);
    // A note: n, text, Enter.
    key(app, KeyCode::Char('n'));
    typed(app, "Legal consulted");
    key(app, KeyCode::Enter);
    let last = log_lines(&f.log).pop().unwrap();
    assert_eq!(last["kind"], "note");
    assert_eq!(last["text"], "Legal consulted");
    // Choose 1: move on; the log gains a decided line.
    let before = log_lines(&f.log).len();
    key(app, KeyCode::Char('1'));
    let lines = log_lines(&f.log);
    assert_eq!(lines.len(), before + 1);
    assert_eq!(lines.last().unwrap()["kind"], "decided");
    assert_eq!(app.inc.session.step().id, "map-issue");
    // Back: an event, not an erasure.
    key(app, KeyCode::Char('b'));
    assert_eq!(kinds(&f.log).last().unwrap(), "went_back");
    assert_eq!(app.inc.session.step().id, "classify");
    // Help opens from the same keymap and closes with Esc.
    key(app, KeyCode::Char('?'));
    let s = render(app, 120, 40);
    assert!(
        s.contains("Help") && s.contains("take the numbered choice"),
        "{s}"
    );
    key(app, KeyCode::Esc);
    // Quit asks first and says how to resume.
    key(app, KeyCode::Char('q'));
    let s = screen(&mut f, 120, 40);
    assert!(s.contains("warroom resume [LOG]"), "{s}");
    key(&mut f.app, KeyCode::Char('n'));
    assert!(!f.app.quit);
    key(&mut f.app, KeyCode::Char('q'));
    key(&mut f.app, KeyCode::Char('y'));
    assert!(f.app.quit);
}

#[test]
fn required_items_refuse_then_force_is_logged() {
    let mut f = open("docs/examples/minimal.ron", "comms");
    key(&mut f.app, KeyCode::Char('1'));
    assert_eq!(f.app.inc.session.step().id, "assess");
    assert!(f.app.top::<ForceChoice>().is_some());
    assert!(render(&mut f.app, 80, 24).contains("OVERRIDE"));
    key(&mut f.app, KeyCode::Char('f'));
    assert_eq!(f.app.inc.session.step().id, "acknowledge");
    let last = log_lines(&f.log).pop().unwrap();
    assert_eq!(last["overridden"][0], "tone");
}

#[test]
fn draft_counter_thread_approval_and_post() {
    let mut f = open("docs/examples/minimal.ron", "comms");
    let app = &mut f.app;
    key(app, KeyCode::Char(' '));
    key(app, KeyCode::Char('1'));
    // Set a variable: v, pick the first (handle), type, Enter.
    key(app, KeyCode::Char('v'));
    key(app, KeyCode::Enter);
    typed(app, "@angry_customer");
    key(app, KeyCode::Enter);
    assert_eq!(
        app.inc.session.variables.get("handle").map(String::as_str),
        Some("@angry_customer")
    );
    // The composer is prefilled with the variables filled in, counts, and marks the
    // placeholder still unfilled before anything is saved.
    key(app, KeyCode::Char('d'));
    let s = render(app, 120, 40);
    assert!(s.contains("@angry_customer Thank you"), "{s}");
    assert!(s.contains("/280"), "{s}");
    assert!(s.contains("unfilled: {summary}"), "{s}");
    assert!(!s.contains("✓ fits"), "{s}");
    ctrl(app, 's');
    // Posting is refused: the placeholder first, and the popup offers to set it.
    key(app, KeyCode::Char('p'));
    assert!(
        app.top::<ForcePost>()
            .is_some_and(|p| p.unfilled == vec!["summary".to_string()])
    );
    key(app, KeyCode::Char('v'));
    typed(app, "the late parcel");
    key(app, KeyCode::Enter);
    // Set, filled into the draft (an edit), and the post tried again: now it needs the CEO.
    assert!(
        app.inc
            .session
            .draft(1)
            .unwrap()
            .text
            .contains("the late parcel")
    );
    assert!(
        app.top::<ForcePost>()
            .is_some_and(|p| p.unfilled.is_empty())
    );
    assert!(render(app, 120, 40).contains("no ghost-tweeting"));
    key(app, KeyCode::Esc);
    // The drafts list: discard #1 (logged).
    key(app, KeyCode::Char('l'));
    let s = render(app, 120, 40);
    assert!(s.contains("#1") && s.contains("draft"), "{s}");
    key(app, KeyCode::Char('x'));
    key(app, KeyCode::Esc);
    assert_eq!(kinds(&f.log).last().unwrap(), "draft_discarded");
    // Over the limit is shown and a thread is offered.
    key(app, KeyCode::Char('d'));
    typed(app, &" more".repeat(60));
    let s = render(app, 120, 40);
    assert!(s.contains("OVER THE LIMIT") && s.contains("thread"), "{s}");
    ctrl(app, 't');
    let parts: Vec<u32> = app
        .inc
        .session
        .drafts
        .iter()
        .filter(|d| d.is_open())
        .map(|d| d.number)
        .collect();
    assert!(parts.len() >= 2, "thread saved as {parts:?}");
    for n in &parts {
        let d = app.inc.session.draft(*n).unwrap();
        assert!(warroom::text::tweet_length(&d.text) <= 280);
        assert_eq!(d.thread_head(), 2);
    }
    key(app, KeyCode::Char('p'));
    assert!(app.top::<ForcePost>().is_some());
    key(app, KeyCode::Esc);
    assert!(!kinds(&f.log).contains(&"posted".to_string()));
    // To approval: the popup lists the thread, ticked, with its exact text; the comms lead
    // records who approved.
    key(app, KeyCode::Char('1'));
    key(app, KeyCode::Char('a'));
    assert!(app.top::<ApproveSet>().is_some_and(|p| p.chosen == vec![2]));
    let s = render(app, 120, 40);
    assert!(s.contains("[x]") && s.contains("the late parcel"), "{s}");
    key(app, KeyCode::Enter);
    typed(app, "CEO Park");
    key(app, KeyCode::Enter);
    let approved = log_lines(&f.log)
        .into_iter()
        .find(|l| l["kind"] == "approved")
        .unwrap();
    assert_eq!(approved["by"], "CEO Park");
    assert_eq!(approved["role"], "ceo");
    assert_eq!(approved["texts"].as_array().unwrap().len(), parts.len());
    // p posts the whole thread, in order.
    key(app, KeyCode::Char('p'));
    let s = render(app, 120, 40);
    assert!(app.layers.is_empty(), "{s}");
    let posted: Vec<u32> = log_lines(&f.log)
        .iter()
        .filter(|l| l["kind"] == "posted")
        .map(|l| l["draft"].as_u64().unwrap() as u32)
        .collect();
    assert_eq!(posted, parts);
}

#[test]
fn privacy_guard_holds_once_and_a_forced_post_is_logged() {
    let mut f = open("docs/examples/minimal.ron", "comms");
    let app = &mut f.app;
    key(app, KeyCode::Char(' '));
    key(app, KeyCode::Char('1'));
    for (name, value) in [("handle", "@kim"), ("summary", "the late parcel")] {
        app.exec(warroom::engine::Command::Set {
            name: name.into(),
            value: value.into(),
        })
        .unwrap();
    }
    key(app, KeyCode::Char('d'));
    typed(app, " Call me on 010-1234-5678");
    let s = render(app, 120, 40);
    assert!(s.contains("personal data"), "{s}");
    ctrl(app, 's');
    key(app, KeyCode::Char('1'));
    key(app, KeyCode::Char('a'));
    key(app, KeyCode::Enter);
    typed(app, "CEO Park");
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('p'));
    assert!(app.top::<ForcePost>().is_some());
    let s = render(app, 120, 40);
    assert!(
        s.contains("personal data") && s.contains("phone number"),
        "{s}"
    );
    let last = log_lines(&f.log).pop().unwrap();
    assert_eq!(last["kind"], "privacy_warning");
    assert!(last["decision"].as_str().unwrap().starts_with("held"));
    assert!(
        last["findings"][0]
            .as_str()
            .unwrap()
            .contains("phone number")
    );
    key(app, KeyCode::Esc);
    assert!(!kinds(&f.log).contains(&"posted".to_string()));
    // Again: asked again, but the hold is not logged a second time.
    key(app, KeyCode::Char('p'));
    assert!(app.top::<ForcePost>().is_some());
    assert_eq!(
        kinds(&f.log)
            .iter()
            .filter(|k| *k == "privacy_warning")
            .count(),
        1
    );
    // Post anyway: the override and the post are logged.
    key(app, KeyCode::Char('f'));
    let k = kinds(&f.log);
    assert_eq!(&k[k.len() - 2..], ["privacy_warning", "posted"]);
    let last = log_lines(&f.log).pop().unwrap();
    assert_eq!(last["forced"], true);
}

#[test]
fn deadlines_show_by_symbol_and_word_and_breach_is_logged() {
    let mut f = open("docs/examples/minimal.ron", "comms");
    let s = render(&mut f.app, 120, 40);
    assert!(s.contains("⏱ First public response in 00:30:00"), "{s}");
    f.app.tick(t0() + TimeDelta::minutes(27));
    let s = render(&mut f.app, 120, 40);
    assert!(s.contains("⏰ DUE SOON"), "{s}");
    f.app.tick(t0() + TimeDelta::minutes(31));
    let s = render(&mut f.app, 120, 40);
    assert!(
        s.contains("⚠ BREACHED First public response +00:01:00"),
        "{s}"
    );
    assert_eq!(kinds(&f.log).last().unwrap(), "deadline_breached");
    f.app.tick(t0() + TimeDelta::minutes(32));
    assert_eq!(
        kinds(&f.log)
            .iter()
            .filter(|k| *k == "deadline_breached")
            .count(),
        1
    );
}

#[test]
fn hostile_text_is_neutralised_on_screen() {
    let mut f = open("docs/examples/minimal.ron", "comms");
    key(&mut f.app, KeyCode::Char('n'));
    f.app
        .paste("x\u{1b}]52;c;aGk=\u{7}\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}y");
    key(&mut f.app, KeyCode::Enter);
    let s = render(&mut f.app, 120, 40);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{7}') && !s.contains('\u{202e}'));
    assert!(s.contains("␛]52;c;aGk=␇"), "{s}");
    // The log keeps the text exactly as typed.
    let last = log_lines(&f.log).pop().unwrap();
    assert!(last["text"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn no_color_keeps_state_visible() {
    // Theme without colour: the breach still reads as a word and a symbol.
    let mut f = open("docs/examples/minimal.ron", "comms");
    f.app.tick(t0() + TimeDelta::minutes(45));
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|fr| warroom::tui::live::draw(&mut f.app, fr))
        .unwrap();
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    assert!(render(&mut f.app, 120, 40).contains("⚠ BREACHED"));
}

/// A popup over Korean text keeps both borders: a two-column character cut by its edge is
/// cleared instead of overwriting the border (the composer over the Korean checklist).
#[test]
fn korean_text_under_a_popup_does_not_eat_its_border() {
    let mut f = open("playbooks/ceo-twitter-complaint.ko.ron", "comms");
    key(&mut f.app, KeyCode::Char('d'));
    for (w, h) in [(80, 24), (81, 24), (97, 30), (120, 40)] {
        let s = render(&mut f.app, w, h);
        let rows: Vec<&str> = s.lines().collect();
        let top = rows
            .iter()
            .position(|r| r.contains('╔'))
            .expect("the composer is drawn");
        let bottom = rows.iter().rposition(|r| r.contains('╚')).unwrap();
        for row in &rows[top + 1..bottom] {
            assert_eq!(
                row.matches('║').count(),
                2,
                "{w}x{h}: a border is missing:\n{s}"
            );
        }
    }
}

/// `u` sets the public state (logged, shown in the status line); `h` drafts from an approved
/// holding statement, which posts without a new approval.
#[test]
fn public_state_and_holding_statements_from_the_keyboard() {
    let mut f = open("playbooks/ceo-twitter-complaint.ron", "comms");
    let lib = warroom::statements::load_dir(&root().join("statements")).unwrap();
    f.app.inc.set_statements(lib);
    key(&mut f.app, KeyCode::Char('u'));
    assert!(f.app.top::<StatePicker>().is_some());
    key(&mut f.app, KeyCode::Enter);
    assert_eq!(kinds(&f.log).last().unwrap(), "public_state_set");
    assert!(render(&mut f.app, 120, 40).contains("LIVE · INVESTIGATING"));
    f.app
        .exec(warroom::engine::Command::Set {
            name: "summary".into(),
            value: "the double charge".into(),
        })
        .unwrap();
    key(&mut f.app, KeyCode::Char('h'));
    let s = render(&mut f.app, 120, 40);
    assert!(s.contains("holding-investigating"), "{s}");
    key(&mut f.app, KeyCode::Enter);
    let saved = log_lines(&f.log).pop().unwrap();
    assert_eq!(saved["kind"], "draft_saved");
    assert_eq!(saved["statement"]["id"], "holding-customers-email");
    // The first in the list is the e-mail to customers; post it: no approval needed.
    key(&mut f.app, KeyCode::Char('p'));
    let last = log_lines(&f.log).pop().unwrap();
    assert_eq!(last["kind"], "posted", "{last}");
}

/// In the Feed pane, `a` links a mention to the draft that answered it: with several drafts it
/// asks which (suggesting the latest posted), never guesses.
#[test]
fn answered_by_asks_which_draft_when_there_are_several() {
    let mut f = open("playbooks/ceo-twitter-complaint.ron", "comms");
    let feed = root()
        .join("tests/fixtures/intake/feed.jsonl")
        .display()
        .to_string();
    f.app.feed = Some(warroom::tui::feed::FeedPane::new(&feed, None, &[]));
    warroom::tui::feed::poll(&mut f.app);
    for text in ["one", "two"] {
        f.app
            .exec(warroom::engine::Command::SaveDraftOn {
                channel: Some(warroom::playbook::Channel::Tweet),
                text: text.into(),
                audience: None,
            })
            .unwrap();
    }
    f.app
        .exec(warroom::engine::Command::Post {
            draft: Some(1),
            force: false,
        })
        .unwrap();
    key(&mut f.app, KeyCode::Char('m'));
    key(&mut f.app, KeyCode::Char('a'));
    let s = render(&mut f.app, 120, 40);
    assert!(s.contains("Answered by draft number (posted: #1)"), "{s}");
    assert!(f.app.top::<InputBox>().is_some());
    key(&mut f.app, KeyCode::Backspace);
    typed(&mut f.app, "2");
    key(&mut f.app, KeyCode::Enter);
    let last = log_lines(&f.log).pop().unwrap();
    assert_eq!(last["kind"], "mention_answered", "{last}");
    assert_eq!(last["draft"], 2);
}
