//! The drill part of the JSON report: the scenario, the score, each expectation's result
//! (id, label, what was looked for, verdict, due, expiry, done time, points) and the pauses of
//! the drill clock with the events recorded while paused.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::DrillPart;
use crate::drill::Status;
use crate::drill::score::ExpectationResult;

type Time = DateTime<FixedOffset>;

#[derive(Serialize)]
pub struct Drill<'a> {
    scenario_id: &'a str,
    scenario_title: &'a str,
    speed: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_points: Option<u32>,
    /// Each expectation's result, in the scenario's order (empty when the scenario is missing).
    expectations: Vec<Expectation<'a>>,
    /// How many times the drill clock was paused.
    pauses: usize,
    /// Wall-clock seconds the drill clock stood paused, in all.
    paused_secs: i64,
    /// The seqs of the events recorded while the drill clock was paused.
    while_paused: &'a [u64],
}

#[derive(Serialize)]
struct Expectation<'a> {
    id: &'a str,
    label: &'a str,
    /// What was looked for, in words.
    criterion: &'a str,
    /// `met`, `late`, `missed`, `overdue` or `pending`.
    status: &'static str,
    /// Due by (the expectation's `by`).
    due_at: Time,
    /// Late until (its `expires`; the due time when it has no late window).
    expires_at: Time,
    /// When it was done (for a `Never` expectation missed: when the forbidden thing happened).
    #[serde(skip_serializing_if = "Option::is_none")]
    done_at: Option<Time>,
    points: f64,
    weight: u32,
}

fn expectation(x: &ExpectationResult) -> Expectation<'_> {
    Expectation {
        id: &x.id,
        label: &x.label,
        criterion: &x.criterion,
        status: x.status.word(),
        due_at: x.due_at,
        expires_at: x.expires_at,
        done_at: done_at(x.status),
        points: x.points,
        weight: x.weight,
    }
}

/// When an expectation was done, if it was.
pub fn done_at(s: Status) -> Option<Time> {
    match s {
        Status::Met(t) | Status::Late(t) | Status::Missed(Some(t)) => Some(t),
        _ => None,
    }
}

/// The drill part of the JSON document.
pub fn drill<'a>(d: &'a DrillPart<'_>) -> Drill<'a> {
    Drill {
        scenario_id: &d.scenario_ref.id,
        scenario_title: &d.scenario_ref.title,
        speed: d.speed,
        points: d.score.as_ref().map(|s| s.points),
        max_points: d.score.as_ref().map(|s| s.max),
        expectations: d
            .score
            .iter()
            .flat_map(|s| s.results.iter().map(expectation))
            .collect(),
        pauses: d.pauses.count,
        paused_secs: d.pauses.secs,
        while_paused: &d.pauses.while_paused,
    }
}
