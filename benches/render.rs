//! The live screen: one frame at 200x60 (budget: under 1 ms with a 100,000-event log, work
//! proportional to what is visible), and the first frame of a new incident on the built-in
//! playbook from nothing (start-up budget: under 20 ms).

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warroom::engine::{Actor, Mode};
use warroom::incident::{Incident, NewIncident};
use warroom::tui::live::App;
use warroom::tui::theme::Theme;

fn main() {
    divan::main();
}

fn actor() -> Actor {
    Actor {
        name: "bench".into(),
        role: Some("comms".into()),
    }
}

/// One frame of the live screen over a resumed log of `events` events.
#[divan::bench(args = common::sizes(), sample_count = 100)]
fn frame(bencher: divan::Bencher, events: u64) {
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let log = dir.path().join("live.jsonl");
    std::fs::copy(common::log(events), &log).unwrap();
    let now = common::after_last(&log);
    let r = Incident::resume(&log, None, actor(), now).unwrap();
    let mut app = App::new(r.incident, &r.events, now, Theme::from_env());
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        term.draw(|f| warroom::tui::live::draw(&mut app, f))
            .unwrap();
    });
}

/// From nothing to the first frame: load and lint the built-in playbook, open a new incident
/// (its log created and fsync'd), build the screen state and draw it.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn first_frame(bencher: divan::Bencher) {
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap();
    let mut n = 0;
    bencher
        .with_inputs(|| {
            n += 1;
            dir.path().join(format!("new-{n}.jsonl"))
        })
        .bench_local_values(|log_path| {
            let loaded = warroom::playbook::default_playbook().unwrap();
            let diags = warroom::playbook::lint::lint(&loaded);
            assert!(diags.iter().all(|d| !d.is_error()));
            let inc = Incident::open(NewIncident {
                loaded: &loaded,
                title: "bench".into(),
                mode: Mode::Live,
                log_path,
                actor: actor(),
                now,
                store: None,
            })
            .unwrap();
            let history = warroom::log::read_log(inc.log_path()).unwrap().events;
            let mut app = App::new(inc, &history, now, Theme::from_env());
            let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
            term.draw(|f| warroom::tui::live::draw(&mut app, f))
                .unwrap();
            app
        });
}

/// Typing `chars` characters into the note input as separate key events, then drawing the
/// frame that shows them (what a burst of keys costs: the live loop reads every pending key
/// before it draws). Budget: linear in the number of characters — 4,000 keys were 81 s of CPU
/// when each was inserted and measured against the whole line.
#[divan::bench(args = [1_000, 4_000, 16_000], sample_count = 20)]
fn note_typing(bencher: divan::Bencher, chars: usize) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let log = dir.path().join("typing.jsonl");
    std::fs::copy(common::log(1_000), &log).unwrap();
    let now = common::after_last(&log);
    let r = Incident::resume(&log, None, actor(), now).unwrap();
    let mut app = App::new(r.incident, &r.events, now, Theme::from_env());
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    bencher.bench_local(|| {
        app.key(key('n'));
        for i in 0..chars {
            app.key(key(if i % 7 == 6 { ' ' } else { 'a' }));
        }
        term.draw(|f| warroom::tui::live::draw(&mut app, f))
            .unwrap();
        app.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    });
}
