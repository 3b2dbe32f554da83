//! A full disk and I/O errors on the log, with an injected failing sink
//! (`warroom::log::faulty`): the error is reported, the events are kept in memory as PENDING
//! (not folded into the state, nothing new recorded meanwhile), retried, never duplicated, and
//! can be written to another file that completes the log. Once at the `Incident` level, once
//! through the live screen's `App` on a TestBackend.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::engine::{Actor, Command, EventKind, Mode};
use warroom::incident::{ExecError, Incident, NewIncident};
use warroom::log::LogError;
use warroom::log::faulty::{FaultControl, FaultySink};
use warroom::log::verify::verify;
use warroom::playbook::load_playbook;
use warroom::tui::live::App;
use warroom::tui::popup::input::InputBox;
use warroom::tui::popup::message::LogFailure;
use warroom::tui::theme::Theme;

fn t0() -> DateTime<FixedOffset> {
    common::now()
}

fn open(dir: &Path) -> (Incident, PathBuf, FaultControl) {
    let loaded = load_playbook(&common::repo().join(common::MINIMAL)).unwrap();
    let log = dir.join("incident.jsonl");
    let mut inc = Incident::open(NewIncident {
        loaded: &loaded,
        title: "disk full".into(),
        mode: Mode::Live,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some("comms".into()),
        },
        now: t0(),
        store: None,
    })
    .unwrap();
    let ctl = FaultControl::new();
    let c = ctl.clone();
    inc.log_writer_mut()
        .expect("a file store")
        .wrap_sink(move |inner| Box::new(FaultySink::new(inner, c)));
    (inc, log, ctl)
}

fn note(text: &str) -> Command {
    Command::Note { text: text.into() }
}

fn events_in(log: &Path) -> Vec<warroom::engine::Event> {
    let r = verify(log).unwrap();
    assert!(r.ok(), "{r:?}");
    warroom::log::read_log(log).unwrap().events
}

fn notes(log: &Path) -> Vec<String> {
    events_in(log)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Note { text } => Some(text),
            _ => None,
        })
        .collect()
}

#[test]
fn a_full_disk_keeps_the_event_pending_and_retries_it() {
    let dir = common::tempdir();
    let (mut inc, log, ctl) = open(dir.path());
    inc.execute(&note("before"), t0()).unwrap();

    ctl.disk_full_after(0);
    let err = inc.execute(&note("during"), t0()).unwrap_err();
    assert!(matches!(err, ExecError::Log(LogError::Io { .. })), "{err}");
    assert!(err.to_string().contains("No space left on device"), "{err}");
    // Kept, numbered, not folded; the half line the full disk took was cut back.
    assert_eq!(inc.pending().len(), 1);
    assert_eq!(inc.pending()[0].seq, 3);
    assert_eq!(inc.session.seq, 2);
    assert_eq!(inc.session.notes, 1);
    assert_eq!(notes(&log), ["before"]);

    // Nothing new is recorded while an event is pending; the refusal says why.
    let err = inc.execute(&note("after"), t0()).unwrap_err();
    assert!(
        matches!(
            err,
            ExecError::NotRecorded(LogError::Pending { count: 1, .. })
        ),
        "{err}"
    );
    assert_eq!(inc.pending().len(), 1);

    // Still full: a retry fails and keeps it.
    let r = inc.retry();
    assert!(r.written.is_empty() && r.error.is_some());
    assert_eq!(inc.pending().len(), 1);

    // Space again: the retry writes it, folds it, and the log continues.
    ctl.heal();
    let r = inc.retry();
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.written.len(), 1);
    assert!(inc.pending().is_empty());
    assert_eq!(inc.session.notes, 2);
    inc.execute(&note("after"), t0()).unwrap();
    assert_eq!(notes(&log), ["before", "during", "after"]);
    assert!(ctl.failures() >= 2);
}

#[test]
fn a_failed_fsync_rewrites_the_line_once_and_never_duplicates_it() {
    let dir = common::tempdir();
    let (mut inc, log, ctl) = open(dir.path());
    ctl.fail_syncs(2);
    assert!(inc.execute(&note("synced late"), t0()).is_err());
    assert!(inc.retry().error.is_some());
    // The line was written twice and cut back twice; the third attempt sticks, once.
    let r = inc.retry();
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(notes(&log), ["synced late"]);
    assert_eq!(events_in(&log).len(), 2);
}

#[test]
fn events_of_one_command_after_the_failure_stay_pending_in_order() {
    let dir = common::tempdir();
    let (mut inc, log, ctl) = open(dir.path());
    // 31 minutes on, a note first records the breached first-response deadline: the breach
    // is written, then the disk fills before the note.
    ctl.disk_full_after(1);
    let later = t0() + TimeDelta::minutes(31);
    let err = inc.execute(&note("late note"), later).unwrap_err();
    assert!(matches!(err, ExecError::Log(_)), "{err}");
    let kinds: Vec<&str> = events_in(&log).iter().map(|e| e.kind.name()).collect();
    assert_eq!(kinds, ["opened", "deadline_breached"]);
    assert_eq!(inc.pending().len(), 1);
    assert_eq!(inc.session.seq, 2);
    ctl.heal();
    assert_eq!(inc.retry().written.len(), 1);
    let kinds: Vec<&str> = events_in(&log).iter().map(|e| e.kind.name()).collect();
    assert_eq!(kinds, ["opened", "deadline_breached", "note"]);
}

#[test]
fn pending_events_written_elsewhere_complete_the_log() {
    let dir = common::tempdir();
    let (mut inc, log, ctl) = open(dir.path());
    ctl.disk_full_after(0);
    assert!(inc.execute(&note("only in memory"), t0()).is_err());
    let elsewhere = dir.path().join("pending.jsonl");
    assert_eq!(inc.export_pending(&elsewhere).unwrap(), 1);
    // Never overwrites.
    assert!(inc.export_pending(&elsewhere).is_err());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&elsewhere).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The copy is chained to the log: appended, the whole verifies (the process could die
    // now and nothing would be lost).
    let joined = dir.path().join("joined.jsonl");
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend(std::fs::read(&elsewhere).unwrap());
    std::fs::write(&joined, bytes).unwrap();
    assert_eq!(notes(&joined), ["only in memory"]);
    let out = common::bin().arg("verify").arg(&joined).output().unwrap();
    assert!(out.status.success());
    drop(inc);
}

// --- The live screen -------------------------------------------------------------------

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn top_is_log_failure(app: &App) -> bool {
    app.top::<LogFailure>().is_some()
}

#[test]
fn the_screen_stays_up_shows_pending_retries_and_writes_elsewhere() {
    let dir = common::tempdir();
    let (inc, log, ctl) = open(dir.path());
    let history = warroom::log::read_log(&log).unwrap().events;
    let mut app = App::new(inc, &history, t0(), Theme { color: false });

    ctl.disk_full_after(0);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "caller is a journalist");
    key(&mut app, KeyCode::Enter);
    assert!(top_is_log_failure(&app));
    let s = common::render_screen(&mut app, 100, 30);
    assert!(s.contains("LOG NOT WRITTEN"), "{s}");
    assert!(s.contains("No space left on device"), "{s}");
    assert!(s.contains("This action is PENDING"), "{s}");
    key(&mut app, KeyCode::Esc);
    // The screen lists it as PENDING, not as recorded; the state does not have it.
    let s = common::render_screen(&mut app, 100, 30);
    assert!(s.contains("⚠PENDING #2"), "{s}");
    assert!(s.contains("1 PENDING"), "{s}");
    assert!(s.contains("t retry log"), "hint bar: {s}");
    assert!(s.contains("w write pending elsewhere"), "hint bar: {s}");
    assert_eq!(app.inc.session.notes, 0);
    assert_eq!(events_in(&log).len(), 1);

    // A new action is refused, and the typed text is kept in its box.
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "second thought");
    key(&mut app, KeyCode::Enter);
    let s = common::render_screen(&mut app, 100, 30);
    assert!(s.contains("NOT RECORDED"), "{s}");
    key(&mut app, KeyCode::Esc);
    assert!(app.top::<InputBox>().is_some());
    let s = common::render_screen(&mut app, 100, 30);
    assert!(s.contains("second thought"), "{s}");
    key(&mut app, KeyCode::Esc);

    // `t` with the disk still full: still pending, and said so.
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.inc.pending().len(), 1);
    assert!(app.status.as_ref().is_some_and(|s| s.error));

    // `w`: write them to another file (the suggested name, beside the log).
    key(&mut app, KeyCode::Char('w'));
    assert!(app.top::<InputBox>().is_some());
    key(&mut app, KeyCode::Enter);
    let copy = PathBuf::from(format!("{}.pending-2.jsonl", log.display()));
    let text = std::fs::read_to_string(&copy).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.contains("caller is a journalist"));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("wrote a copy of the 1 pending"))
    );

    // Space again: the clock's tick writes it; it becomes an ordinary row.
    ctl.heal();
    app.tick(t0() + TimeDelta::seconds(1));
    assert!(app.inc.pending().is_empty());
    assert_eq!(notes(&log), ["caller is a journalist"]);
    let s = common::render_screen(&mut app, 100, 30);
    assert!(!s.contains("PENDING"), "{s}");
    assert!(s.contains("caller is a journalist"), "{s}");
    assert_eq!(app.rows.len(), 2);

    // And recording goes on.
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "second thought");
    key(&mut app, KeyCode::Enter);
    assert_eq!(notes(&log), ["caller is a journalist", "second thought"]);
    assert_eq!(app.rows.len(), 3);
}

#[test]
fn t_retries_from_the_failure_message_and_help_lists_the_keys() {
    let dir = common::tempdir();
    let (inc, log, ctl) = open(dir.path());
    let mut app = App::new(inc, &[], t0(), Theme { color: false });
    ctl.disk_full_after(0);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "x");
    key(&mut app, KeyCode::Enter);
    assert!(top_is_log_failure(&app));
    ctl.heal();
    key(&mut app, KeyCode::Char('t'));
    assert!(!top_is_log_failure(&app));
    assert!(app.inc.pending().is_empty());
    assert_eq!(notes(&log), ["x"]);
    key(&mut app, KeyCode::Char('?'));
    let s = common::render_screen(&mut app, 120, 50);
    assert!(s.contains("try writing the PENDING events now"), "{s}");
    assert!(
        s.contains("write the PENDING events to another file"),
        "{s}"
    );
}
