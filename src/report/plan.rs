//! The improvement plan and the evaluator observations of a drill, as rows every format
//! shares (the document's sections, the JSON's `improvement_plan` and `observations`).
//!
//! The plan: every finding (a review note marked as one), grouped by objective, then by
//! expectation, in the scenario's order — first an objective's own findings, then those of
//! each of its expectations (an expectation under several objectives is listed under the
//! first); then the expectations under no objective; then general findings; last, findings
//! whose id the scenario no longer has. Each row carries the expectation's verdict.
//!
//! The observations: grouped by expectation in the scenario's order, then those about no
//! expectation, then those naming an id the scenario does not have (said so, not dropped).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::Report;
use crate::drill::Status;
use crate::engine::EventKind;
use crate::review::finding::{Finding, Tie};
use crate::scenario::Scenario;

type Time = DateTime<FixedOffset>;

/// An id with its label (the label is empty when the scenario does not have the id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub label: String,
}

/// One finding of the improvement plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expectation: Option<Named>,
    /// The expectation's verdict (`met`, `late`, `missed`, …), when it ties to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    /// False when the id is not (or no longer) in the scenario.
    pub known: bool,
    pub seq: u64,
    pub at: Time,
    /// Who made the finding (the reviewer).
    pub by: String,
    pub finding: String,
    pub action: String,
    pub owner: String,
    pub due: chrono::NaiveDate,
    #[serde(skip)]
    pub status: Option<Status>,
}

/// One evaluator observation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expectation: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    pub known: bool,
    pub seq: u64,
    pub at: Time,
    pub by: String,
    pub text: String,
    #[serde(skip)]
    pub status: Option<Status>,
}

fn status_of(r: &Report<'_>, id: &str) -> Option<Status> {
    let card = r.drill.as_ref()?.score.as_ref()?;
    card.results.iter().find(|x| x.id == id).map(|x| x.status)
}

fn expectation(sc: Option<&Scenario>, id: &str) -> (Named, bool) {
    let found = sc.and_then(|s| s.expectations.iter().find(|e| e.id == id));
    (
        Named {
            id: id.to_string(),
            label: found.map(|e| e.label.clone()).unwrap_or_default(),
        },
        found.is_some(),
    )
}

fn objective(sc: Option<&Scenario>, id: &str) -> (Named, bool) {
    let found = sc.and_then(|s| s.objectives.iter().find(|o| o.id == id));
    (
        Named {
            id: id.to_string(),
            label: found.map(|o| o.label.clone()).unwrap_or_default(),
        },
        found.is_some(),
    )
}

/// The first objective an expectation is under.
fn objective_of(sc: Option<&Scenario>, expectation: &str) -> Option<Named> {
    let o = sc?
        .objectives
        .iter()
        .find(|o| o.expectations.iter().any(|x| x == expectation))?;
    Some(Named {
        id: o.id.clone(),
        label: o.label.clone(),
    })
}

/// Where a row sorts: (group, place in the scenario).
fn rank(sc: Option<&Scenario>, row: &PlanRow) -> (usize, usize, usize) {
    let Some(sc) = sc else {
        return (3, 0, 0);
    };
    let n_obj = sc.objectives.len();
    let exp_at = |id: &str| sc.expectations.iter().position(|e| e.id == id);
    if !row.known {
        return (3, 0, 0);
    }
    match (&row.objective, &row.expectation) {
        (Some(o), x) => {
            let oi = sc
                .objectives
                .iter()
                .position(|s| s.id == o.id)
                .unwrap_or(n_obj);
            let xi = x.as_ref().and_then(|x| exp_at(&x.id)).map_or(0, |i| i + 1);
            (0, oi, xi)
        }
        (None, Some(x)) => (1, exp_at(&x.id).unwrap_or(0), 0),
        (None, None) => (2, 0, 0),
    }
}

fn scenario<'a>(r: &Report<'a>) -> Option<&'a Scenario> {
    r.drill.as_ref().and_then(|d| d.scenario)
}

fn plan_row(r: &Report<'_>, seq: u64, at: Time, by: &str, text: &str, f: &Finding) -> PlanRow {
    let sc = scenario(r);
    let (objective, expectation, known) = match &f.ties {
        Tie::Objective(id) => {
            let (o, k) = objective(sc, id);
            (Some(o), None, k)
        }
        Tie::Expectation(id) => {
            let (x, k) = expectation(sc, id);
            (objective_of(sc, id), Some(x), k)
        }
        Tie::General => (None, None, true),
    };
    let status = expectation.as_ref().and_then(|x| status_of(r, &x.id));
    PlanRow {
        objective,
        expectation,
        verdict: status.map(Status::word),
        known,
        seq,
        at,
        by: by.to_string(),
        finding: text.to_string(),
        action: f.action.clone(),
        owner: f.owner.clone(),
        due: f.due,
        status,
    }
}

/// The improvement plan, in its order (empty when no finding was made).
pub fn plan(r: &Report<'_>) -> Vec<PlanRow> {
    let sc = scenario(r);
    let mut rows: Vec<PlanRow> = r
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ReviewNote {
                text,
                finding: Some(f),
            } => Some(plan_row(r, e.seq, e.at, &e.actor.name, text, f)),
            _ => None,
        })
        .collect();
    rows.sort_by_key(|row| (rank(sc, row), row.seq));
    rows
}

/// The evaluator observations, grouped by expectation (empty when there are none).
pub fn observations(r: &Report<'_>) -> Vec<ObservationRow> {
    let sc = scenario(r);
    let mut rows: Vec<ObservationRow> = r
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Observation {
                text,
                expectation: x,
            } => {
                let (named, known) = match x {
                    Some(id) => {
                        let (n, k) = expectation(sc, id);
                        (Some(n), k)
                    }
                    None => (None, true),
                };
                let status = x.as_deref().and_then(|id| status_of(r, id));
                Some(ObservationRow {
                    expectation: named,
                    verdict: status.map(Status::word),
                    known,
                    seq: e.seq,
                    at: e.at,
                    by: e.actor.name.clone(),
                    text: text.clone(),
                    status,
                })
            }
            _ => None,
        })
        .collect();
    let place = |row: &ObservationRow| -> (usize, usize) {
        match (&row.expectation, row.known) {
            (Some(x), true) => (
                0,
                sc.and_then(|s| s.expectations.iter().position(|e| e.id == x.id))
                    .unwrap_or(0),
            ),
            (None, _) => (1, 0),
            (Some(_), false) => (2, 0),
        }
    };
    rows.sort_by_key(|row| (place(row), row.seq));
    rows
}
