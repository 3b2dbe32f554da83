//! The mention feed (docs/performance.md): reading and de-duplicating JSON Lines mentions
//! (no log), taking them into a live incident through the Feed pane (each new mention an
//! `intake` event, written and fsync'd like every event), and one frame of the live screen at
//! 200x60 with a 10,000-mention feed in the pane. `benches/feed-live.sh` measures the same with
//! the real screen running under tmux while a feed file grows by 10,000 lines.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warroom::engine::{Actor, Mode};
use warroom::incident::{Incident, NewIncident};
use warroom::intake::feed::{Feed, LineResult, Lines};
use warroom::tui::feed::FeedPane;
use warroom::tui::live::App;
use warroom::tui::theme::Theme;

fn main() {
    divan::main();
}

/// `n` X API v2 lookup lines, distinct ids, a minute apart every 20.
fn feed_text(n: usize) -> String {
    let mut s = String::with_capacity(n * 420);
    for i in 0..n {
        s.push_str(&format!(
            "{{\"data\":{{\"id\":\"18{i:017}\",\"text\":\"@acme_ceo mention {i}: charged twice for the same order and nobody answers\",\"author_id\":\"u{i}\",\"created_at\":\"2026-11-21T{:02}:{:02}:{:02}.000Z\",\"public_metrics\":{{\"retweet_count\":{},\"reply_count\":1,\"like_count\":3,\"quote_count\":0,\"impression_count\":{}}}}},\"includes\":{{\"users\":[{{\"id\":\"u{i}\",\"name\":\"User {i}\",\"username\":\"user{i}\",\"public_metrics\":{{\"followers_count\":{}}}}}]}}}}\n",
            8 + i / 20 / 60 % 12,
            i / 20 % 60,
            i % 60,
            i % 50,
            100 + i * 7 % 5000,
            10 + i * 13 % 90_000
        ));
    }
    s
}

fn actor() -> Actor {
    Actor {
        name: "bench".into(),
        role: Some("comms".into()),
    }
}

fn incident(dir: &std::path::Path) -> Incident {
    let loaded = warroom::playbook::default_playbook().unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+00:00").unwrap();
    Incident::open(NewIncident {
        loaded: &loaded,
        title: "bench".into(),
        mode: Mode::Live,
        log_path: dir.join("incident.jsonl"),
        actor: actor(),
        now,
        store: None,
    })
    .unwrap()
}

/// Reading `n` lines and taking them into the feed model (no log): the parse and de-dup cost.
#[divan::bench(args = [1_000, 10_000], sample_count = 20)]
fn parse_and_dedupe(bencher: divan::Bencher, n: usize) {
    let text = feed_text(n);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+00:00").unwrap();
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| {
            let mut lines = Lines::new();
            let mut feed = Feed::new();
            for r in lines.push(text.as_bytes()) {
                if let LineResult::Posts { posts, .. } = r {
                    for p in posts {
                        feed.observe(p.format, p.post, now);
                    }
                }
            }
            assert_eq!(feed.len(), n);
            feed
        });
}

/// Taking `n` appended lines into a live incident through the Feed pane: parse, de-dup, and
/// one `intake` event each, written and fsync'd (the log's guarantee) — the rate the pane keeps
/// up with.
#[divan::bench(args = [1_000], sample_count = 5, sample_size = 1)]
fn ingest_into_the_log(bencher: divan::Bencher, n: usize) {
    let text = feed_text(n);
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .with_inputs(|| {
            let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
            let feed = dir.path().join("feed.jsonl");
            std::fs::write(&feed, &text).unwrap();
            let inc = incident(dir.path());
            let pane = FeedPane::new(&feed.display().to_string(), None, &[]);
            (dir, inc, pane)
        })
        .bench_local_values(|(dir, mut inc, mut pane)| {
            let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+00:00").unwrap();
            loop {
                pane.poll(&mut inc, now, warroom::tui::feed::POLL_BUDGET)
                    .unwrap();
                if !pane.more {
                    break;
                }
            }
            assert_eq!(pane.feed.len(), n);
            (dir, inc, pane)
        });
}

/// One frame at 200x60 with a 10,000-mention feed in the pane (work bounded by what shows).
#[divan::bench(sample_count = 100)]
fn frame_with_10k_feed(bencher: divan::Bencher) {
    let n = 10_000;
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let inc = incident(dir.path());
    let history = warroom::log::read_log(inc.log_path()).unwrap().events;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+00:00").unwrap();
    let mut app = App::new(inc, &history, now, Theme::from_env());
    let mut pane = FeedPane::new("feed.jsonl", None, &[]);
    let text = feed_text(n);
    let mut lines = Lines::new();
    for r in lines.push(text.as_bytes()) {
        if let LineResult::Posts { posts, .. } = r {
            for p in posts {
                pane.feed.observe(p.format, p.post, now);
            }
        }
    }
    assert_eq!(pane.feed.len(), n);
    app.feed = Some(pane);
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        term.draw(|f| warroom::tui::live::draw(&mut app, f))
            .unwrap();
    });
}
