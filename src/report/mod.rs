//! After-action reports: projections of an incident or drill log (the log is the only source).
//!
//! [`Report`] gathers what every format needs from the events (header facts, the timeline, posts,
//! notes, breaches; for drills the scenario's briefing, the score and the hot-wash questions);
//! [`build`] turns it, once, into the format-neutral [`document`] (sections of paragraphs,
//! tables, lists, verbatim posts and pictures) that [`markdown`] and [`html`] (with the [`svg`]
//! pictures) both render, so the two say the same things; [`json`] and [`csv`] write the data.
//! The post-mortem figures (step durations, decisions with the choices not taken, deadline
//! outcomes, drafts) come from [`crate::review::Analysis`].
//! [`plan`] gathers a drill's improvement plan (the findings) and evaluator observations.
//! [`compare`] sets several teams' drills of one scenario side by side (`warroom compare`).
//! [`msel`] lists a scenario's injects for exercise planners (`warroom msel`).
//! [`audience`] gathers the public timeline and the executive summary, which every renderer
//! also lays out (`warroom report --audience public|executives`).

pub mod audience;
pub mod build;
pub mod compare;
pub mod csv;
pub mod document;
pub mod drill_json;
pub mod html;
pub mod json;
pub mod markdown;
pub mod mentions;
pub mod msel;
pub mod pauses;
pub mod pdf;
pub mod plan;
pub mod svg;

use chrono::{DateTime, FixedOffset};

use crate::drill::{ScoreCard, score};
use crate::engine::{DrillEnd, Event, EventKind, Mode, PlaybookRef, ScenarioRef};
use crate::playbook::Outcome;
use crate::review::Analysis;
use crate::scenario::Scenario;
pub use pauses::Pauses;

type Time = DateTime<FixedOffset>;

/// Everything a report shows, computed from the log's events (and, for a drill, its scenario).
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The log's file name (not the full path, so reports of copies are identical).
    pub log_name: String,
    pub events: &'a [Event],
    /// A problem reading the log (a broken chain, a torn last line): the report covers the
    /// events before it.
    pub log_problem: Option<String>,
    pub title: String,
    pub mode: Mode,
    pub playbook: Option<PlaybookRef>,
    pub opened: Option<Time>,
    pub closed: Option<(Outcome, Time, String)>,
    /// Drill only.
    pub drill: Option<DrillPart<'a>>,
    /// The post-mortem analysis of the events.
    pub analysis: &'a Analysis,
    /// Who the report is for (the full post-mortem unless set).
    pub audience: audience::Audience,
}

/// The drill-only parts of a report.
#[derive(Debug, Clone)]
pub struct DrillPart<'a> {
    pub scenario_ref: ScenarioRef,
    pub speed: u32,
    pub ended: Option<(DrillEnd, Time)>,
    /// The scenario, when it was found (briefing, expectations, hot wash come from it).
    pub scenario: Option<&'a Scenario>,
    /// Why the scenario is missing or differs, when it does.
    pub scenario_note: Option<String>,
    pub score: Option<ScoreCard>,
    /// The pauses of the drill clock: how many, the wall time they lasted (from each
    /// `drill_resumed`), and the seqs of the events recorded while the clock was paused.
    pub pauses: Pauses,
}

impl<'a> Report<'a> {
    /// Builds a report from a log's events. `scenario` is the drill's scenario when found.
    pub fn build(
        log_name: String,
        events: &'a [Event],
        log_problem: Option<String>,
        scenario: Option<&'a Scenario>,
        scenario_note: Option<String>,
        analysis: &'a Analysis,
    ) -> Report<'a> {
        let mut r = Report {
            log_name,
            events,
            log_problem,
            title: String::new(),
            mode: Mode::Live,
            playbook: None,
            opened: None,
            closed: None,
            drill: None,
            analysis,
            audience: audience::Audience::All,
        };
        for e in events {
            match &e.kind {
                EventKind::Opened {
                    playbook,
                    title,
                    mode,
                    ..
                } => {
                    r.title = title.clone();
                    r.mode = *mode;
                    r.playbook = Some(playbook.clone());
                    r.opened = Some(e.at);
                }
                EventKind::Closed {
                    outcome, summary, ..
                } => r.closed = Some((*outcome, e.at, summary.clone())),
                EventKind::DrillStarted {
                    scenario: sref,
                    speed,
                    ..
                } => {
                    r.drill = Some(DrillPart {
                        scenario_ref: sref.clone(),
                        speed: *speed,
                        ended: None,
                        scenario,
                        scenario_note: scenario_note.clone(),
                        score: scenario.and_then(|s| score(s, events)),
                        pauses: Pauses::from_events(events),
                    });
                }
                EventKind::DrillEnded { reason } => {
                    if let Some(d) = &mut r.drill {
                        d.ended.get_or_insert((*reason, e.at));
                    }
                }
                _ => {}
            }
        }
        r
    }

    /// The report's document (the full post-mortem, whatever the audience): what the
    /// Markdown and HTML render, and a screen can show section by section
    /// ([`document::Section::plain_lines`]).
    pub fn document(&self) -> document::Document {
        build::document(self)
    }

    /// Whether the event `seq` was recorded while the drill clock was paused.
    pub fn while_paused(&self, seq: u64) -> bool {
        self.drill.as_ref().is_some_and(|d| d.pauses.during(seq))
    }

    /// `T+…` of a time, from the opening (`T+1h16m`).
    pub fn t_plus(&self, t: Time) -> String {
        match self.opened {
            Some(o) => crate::review::t_plus(o, t, crate::review::TPlus::Short),
            None => String::new(),
        }
    }
}

/// `1h 02m 03s`-style duration.
pub fn human_secs(secs: i64) -> String {
    let neg = secs < 0;
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    let mut out = String::new();
    if neg {
        out.push('−');
    }
    if d > 0 {
        out.push_str(&format!("{d}d {h}h {m:02}m {sec:02}s"));
    } else if h > 0 {
        out.push_str(&format!("{h}h {m:02}m {sec:02}s"));
    } else if m > 0 {
        out.push_str(&format!("{m}m {sec:02}s"));
    } else {
        out.push_str(&format!("{sec}s"));
    }
    out
}
