//! Tabletop drills: a scenario's injects delivered on a drill clock into a normal incident log
//! (`mode: drill`), scored against the scenario's expectations.
//!
//! # Time
//!
//! In a drill the incident's clock *is* the drill clock ([`DrillClock`]): drill time is the
//! start time plus the wall time that ran, times the speed, minus paused time. Every event's `at`
//! is drill time, so deadlines, breaches and scoring all work in drill time, and a drill run at
//! 60x reads in the log exactly as it would have at 1x.
//!
//! # Driving a drill (the live screen, the headless runner, tests)
//!
//! ```no_run
//! # fn demo(scenario: &warroom::scenario::LoadedScenario, playbook: &warroom::playbook::Loaded)
//! # -> Result<(), warroom::drill::DrillError> {
//! use warroom::drill::{DrillClock, DrillRun, DrillStart};
//! use warroom::engine::{Actor, Command, DrillEnd};
//!
//! let now = chrono::Local::now().fixed_offset();
//! let (mut run, mut inc, _events) = DrillRun::start(DrillStart {
//!     scenario,
//!     playbook,
//!     log_path: "drills/x.jsonl".into(),
//!     actor: Actor { name: "kim".into(), role: None },
//!     clock: DrillClock::system(now, 60),
//!     store: None,
//!     exercise: None,
//!     team: None,
//! })?;
//! loop {
//!     // poll(timeout) with timeout = run.next_due_in() (None: wait for a key or a redraw tick)
//!     let _arrived = run.due(&mut inc)?;          // deliver injects that fell due
//!     // a key press became a command:
//!     run.execute(&mut inc, &Command::Note { text: "called legal".into() })?;
//!     // facilitator keys:  run.pause(&mut inc)?  run.resume(&mut inc)?
//!     // player key:        run.acknowledge(&mut inc, None)?
//!     // feed pane:         run.feed(), run.pending_acks(), run.severity(), run.elapsed()
//!     // score so far:      run.score(&inc)
//!     if run.ended().is_some() { break; }
//!     # break;
//! }
//! run.end(&mut inc, DrillEnd::Facilitator)?;
//! # Ok(()) }
//! ```
//!
//! Rules a front end keeps: call [`DrillRun::due`] (or go through [`DrillRun::execute`],
//! which does) before running any command, so injects are logged at their exact offsets and
//! before anything that happened after them; and use `run.now()` (not the system clock) for
//! anything the incident records.
//!
//! # Scoring
//!
//! [`score::score`] judges a drill from its log's events alone; [`DrillRun::score`] gives the same
//! answer live from the session.

pub mod control;
pub mod drill_clock;
pub mod facts;
pub mod from_feed;
pub mod from_log;
pub mod reply;
pub mod run;
pub mod schedule;
pub mod score;

pub use crate::engine::drill_state::FeedItem;
pub use control::{AdHoc, Upcoming};
pub use drill_clock::DrillClock;
pub use run::{DrillError, DrillRun, DrillStart, Seat};
pub use score::{Facts, ScoreCard, Status, score};

use std::path::{Path, PathBuf};

use crate::engine::{Event, EventKind, ScenarioRef};
use crate::scenario::{LoadedScenario, load_scenario};

/// The scenario recorded in a drill log's `drill_started` event, if it is a drill log.
pub fn scenario_ref(events: &[Event]) -> Option<&ScenarioRef> {
    events.iter().take(8).find_map(|e| match &e.kind {
        EventKind::DrillStarted { scenario, .. } => Some(scenario),
        _ => None,
    })
}

/// Finds the scenario a drill ran: the recorded absolute path, the path as given (from here,
/// then from the log's directory). Prefers a file whose SHA-256 matches; returns a changed one
/// with a warning when that is all there is.
pub fn find_scenario(
    r: &ScenarioRef,
    log_path: &Path,
) -> Result<(LoadedScenario, Option<String>), String> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(a) = &r.abs_path {
        candidates.push(PathBuf::from(a));
    }
    candidates.push(PathBuf::from(&r.path));
    if let Some(dir) = log_path.parent() {
        candidates.push(dir.join(&r.path));
    }
    let mut changed: Option<LoadedScenario> = None;
    for c in candidates {
        if c.is_file()
            && let Ok(l) = load_scenario(&c)
            && l.scenario.id == r.id
        {
            if l.source.sha256 == r.sha256 {
                return Ok((l, None));
            }
            changed.get_or_insert(l);
        }
    }
    match changed {
        Some(l) => {
            let warn = format!(
                "{} changed since the drill ran (SHA-256 {}… now, {}… then); scoring against the file as it is now",
                crate::text::shown(&l.source.name),
                crate::text::short_hash(&l.source.sha256),
                crate::text::short_hash(&r.sha256)
            );
            Ok((l, Some(warn)))
        }
        None => Err(format!(
            "cannot find the scenario this drill ran ({}, id \"{}\"); pass `--scenario FILE`",
            crate::text::shown(&r.path),
            crate::text::shown(&r.id)
        )),
    }
}
