//! The Feed pane of a live incident, in-process on ratatui's TestBackend: mentions appended to
//! the feed file appear newest first with counts and sparklines, a bad line is counted and the
//! feed goes on, triage keys log one event each (CS with its hand-off item), escape sequences in
//! a post never reach the screen, and a backlog drains across passes.

mod common;

use std::io::Write as _;
use std::path::PathBuf;

use chrono::DateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use warroom::engine::{Actor, EventKind, Mode};
use warroom::incident::{Incident, NewIncident};
use warroom::playbook::load_playbook;
use warroom::tui::feed::{self, FeedPane};
use warroom::tui::live::App;
use warroom::tui::theme::Theme;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Fx {
    app: App,
    log: PathBuf,
    feed: PathBuf,
    _dir: tempfile::TempDir,
}

fn open() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_playbook(&root().join("playbooks/ceo-twitter-complaint.ron")).unwrap();
    let log = dir.path().join("incident.jsonl");
    let now = DateTime::parse_from_rfc3339("2026-11-21T09:06:30+00:00").unwrap();
    let inc = Incident::open(NewIncident {
        loaded: &loaded,
        title: "feed".into(),
        mode: Mode::Live,
        log_path: log.clone(),
        actor: Actor {
            name: "kim".into(),
            role: Some("comms".into()),
        },
        now,
        store: None,
    })
    .unwrap();
    let feed_path = dir.path().join("feed.jsonl");
    std::fs::copy(root().join("tests/fixtures/intake/feed.jsonl"), &feed_path).unwrap();
    let history = warroom::log::read_log(&log).unwrap().events;
    let mut app = App::new(inc, &history, now, Theme { color: false });
    app.feed = Some(FeedPane::new(
        &feed_path.display().to_string(),
        None,
        &history,
    ));
    app.now = now;
    Fx {
        app,
        log,
        feed: feed_path,
        _dir: dir,
    }
}

fn kinds(log: &std::path::Path) -> Vec<EventKind> {
    warroom::log::read_log(log)
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

fn press(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

#[test]
fn the_pane_shows_the_feed_newest_first_with_counts_and_sparklines() {
    let mut fx = open();
    assert!(feed::poll(&mut fx.app));
    let intakes = kinds(&fx.log)
        .iter()
        .filter(|k| matches!(k, EventKind::Intake { .. }))
        .count();
    assert_eq!(
        intakes, 7,
        "6 mentions and 1 reach snapshot, each logged once"
    );
    let screen = common::render_screen(&mut fx.app, 120, 40);
    assert!(screen.contains("Feed · 6 mentions · 1/min"), "{screen}");
    assert!(screen.contains("m triage"), "{screen}");
    // Newest first: Sora (09:06) above Minji Kim (08:52).
    let sora = screen.find("Sora @idea_person").unwrap();
    let minji = screen.find("Minji Kim @minji_k").unwrap();
    assert!(sora < minji, "{screen}");
    assert!(screen.contains("reach 48,210 ↗2"), "{screen}");
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "{screen}"
    );
    assert!(screen.contains("␛]8;;http://evil␇link"), "{screen}");
    // The last 15 minutes, 08:52..09:06: one mention at 08:52, 08:53, 08:55, 09:03, 09:04,
    // 09:06; reach 5,200 (then 48,210: a snapshot, not a new mention), 800, 22,000, 0, 2,310, 90.
    let row = feed::spark_row(fx.app.feed.as_ref().unwrap(), fx.app.now);
    assert_eq!(
        row,
        "15m vol [██ █       ██ █] reach [▂▁ █        ▁ ▁] · 1 rejected"
    );
    assert!(screen.contains("15m vol [██ █       ██ █]"), "{screen}");
    // Nothing new: a second pass records nothing.
    assert!(!feed::poll(&mut fx.app));
}

#[test]
fn triage_keys_log_one_event_each() {
    let mut fx = open();
    feed::poll(&mut fx.app);
    let before = kinds(&fx.log).len();
    press(&mut fx.app, 'm');
    assert!(fx.app.feed.as_ref().unwrap().triaging);
    press(&mut fx.app, 'c'); // the newest: Sora
    press(&mut fx.app, 'j');
    press(&mut fx.app, 'j');
    press(&mut fx.app, 'x');
    press(&mut fx.app, 'e');
    let after = kinds(&fx.log);
    assert_eq!(after.len(), before + 3, "one event per key");
    match &after[before] {
        EventKind::Triaged {
            mention,
            triage,
            handoff,
        } => {
            assert_eq!(mention, "1861000000000000004");
            assert_eq!(triage.word(), "cs");
            assert_eq!(
                handoff.as_ref().unwrap().handle.as_deref(),
                Some("@idea_person")
            );
        }
        k => panic!("{k:?}"),
    }
    assert!(
        matches!(&after[before + 1], EventKind::Triaged { triage, handoff: None, .. } if triage.word() == "ignore")
    );
    assert!(matches!(
        &after[before + 2],
        EventKind::MentionEscalated { .. }
    ));
    let screen = common::render_screen(&mut fx.app, 120, 40);
    assert!(
        screen.contains("[CS]") && screen.contains("[ignore]"),
        "{screen}"
    );
    // Leaving triage gives the keys back to the main screen.
    press(&mut fx.app, 'm');
    assert!(!fx.app.feed.as_ref().unwrap().triaging);
}

#[test]
fn appended_mentions_arrive_and_a_backlog_drains_over_passes() {
    let mut fx = open();
    feed::poll(&mut fx.app);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&fx.feed)
        .unwrap();
    let n = 2500;
    for i in 0..n {
        writeln!(
            f,
            "{{\"data\":{{\"id\":\"9{i:08}\",\"text\":\"mention {i}: charged twice, nobody answers, this is the third time this month\",\"created_at\":\"2026-11-21T09:06:{:02}.000Z\"}}}}",
            i % 30
        )
        .unwrap();
    }
    drop(f);
    let mut passes = 0;
    loop {
        feed::poll(&mut fx.app);
        passes += 1;
        if !feed::busy(&fx.app) {
            break;
        }
        assert!(passes < 1000);
    }
    assert!(
        passes > 1,
        "a backlog larger than the budget takes several passes"
    );
    let pane = fx.app.feed.as_ref().unwrap();
    assert_eq!(pane.feed.len(), 6 + n);
    let title = feed::title(pane, fx.app.now);
    assert!(
        title.contains(&format!("{} mentions · {}/min", 6 + n, 1 + n)),
        "{title}"
    );
    let intakes = kinds(&fx.log)
        .iter()
        .filter(|k| matches!(k, EventKind::Intake { .. }))
        .count();
    assert_eq!(intakes, 7 + n);
}

#[test]
fn a_post_pasted_on_the_main_screen_is_taken_in_and_fills_the_variables() {
    let mut fx = open();
    let before = kinds(&fx.log).len();
    fx.app.paste("{\"hello\": 1}");
    assert_eq!(kinds(&fx.log).len(), before, "nothing recorded");
    let s = fx.app.status.as_ref().unwrap();
    assert!(
        s.error && s.text.contains("<paste>") && s.text.contains("Mastodon Status"),
        "{}",
        s.text
    );
    fx.app.paste("just some words");
    assert_eq!(kinds(&fx.log).len(), before);
    let post =
        std::fs::read_to_string(root().join("tests/fixtures/intake/mastodon-status.json")).unwrap();
    fx.app.paste(&post);
    let after = kinds(&fx.log);
    assert!(matches!(&after[before], EventKind::Intake { source, .. } if source == "<paste>"));
    let vars = &fx.app.inc.session.variables;
    assert_eq!(vars["handle"], "@hana@social.example");
    assert_eq!(
        vars["reach"],
        "2,310 followers · 58 reposts · 7 replies · 140 likes"
    );
    assert!(
        fx.app
            .feed
            .as_ref()
            .unwrap()
            .feed
            .get("113500000000000001")
            .is_some()
    );
    let s = fx.app.status.as_ref().unwrap();
    assert!(!s.error && s.text.contains("mastodon_status"), "{}", s.text);
}

#[test]
fn while_the_log_cannot_be_written_no_mention_is_lost() {
    use warroom::log::faulty::{FaultControl, FaultySink};
    let mut fx = open();
    let ctl = FaultControl::new();
    let c = ctl.clone();
    fx.app
        .inc
        .log_writer_mut()
        .expect("a file store")
        .wrap_sink(move |inner| Box::new(FaultySink::new(inner, c)));
    ctl.disk_full_after(3);
    feed::poll(&mut fx.app);
    assert!(
        !fx.app.inc.pending().is_empty(),
        "the failed writes are pending"
    );
    let status = fx.app.status.as_ref().unwrap();
    assert!(status.error, "{}", status.text);
    // More passes read nothing while events are pending.
    for _ in 0..3 {
        feed::poll(&mut fx.app);
    }
    ctl.heal();
    assert!(fx.app.retry_pending());
    while {
        feed::poll(&mut fx.app);
        feed::busy(&fx.app)
    } {}
    let r = warroom::log::verify::verify(&fx.log).unwrap();
    assert!(r.ok(), "{r:?}");
    let ids: Vec<String> = kinds(&fx.log)
        .into_iter()
        .filter_map(|k| match k {
            EventKind::Intake { post, .. } => Some(post.id),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids.len(),
        7,
        "every mention and the snapshot, once: {ids:?}"
    );
}
