//! Deadline outcomes for a review: from the playbook when it is found (the incident replayed
//! to the end of the period says which deadlines were met, late, breached or still open), else
//! only the breaches the log recorded.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::rows::{DeadlineOutcome, DeadlineRow};
use crate::engine::deadlines::State;
use crate::engine::{Event, EventKind, Session};
use crate::playbook::Playbook;

type Time = DateTime<FixedOffset>;

/// Every deadline's outcome at `end`. `noticed`: (deadline, due) → when its breach was logged.
pub(super) fn outcomes(
    events: &[Event],
    playbook: Option<&Playbook>,
    end: Option<Time>,
    noticed: &BTreeMap<(String, Time), Time>,
) -> Vec<DeadlineRow> {
    match (playbook, end) {
        (Some(p), Some(end)) => replayed(events, p, end, noticed),
        _ => logged(events),
    }
}

/// From the incident (review notes left out) replayed on its playbook.
fn replayed(
    events: &[Event],
    p: &Playbook,
    end: Time,
    noticed: &BTreeMap<(String, Time), Time>,
) -> Vec<DeadlineRow> {
    let incident = events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::ReviewNote { .. }));
    let session = Session::replay(std::sync::Arc::new(p.clone()), incident);
    session
        .deadline_outcomes(end)
        .into_iter()
        .map(|s| {
            let outcome = match s.state {
                State::Met(t) if t <= s.due_at => DeadlineOutcome::Met { at: t },
                State::Met(t) => DeadlineOutcome::MetLate { at: t },
                State::Breached => DeadlineOutcome::Breached {
                    noticed: noticed.get(&(s.id.clone(), s.due_at)).copied(),
                },
                State::Pending | State::DueSoon => DeadlineOutcome::Open,
                State::Waived(at) => DeadlineOutcome::NotApplicable { at },
            };
            DeadlineRow {
                id: s.id,
                label: s.label,
                step: s.step,
                due_at: s.due_at,
                outcome,
            }
        })
        .collect()
}

/// Without the playbook: the breaches the log recorded.
fn logged(events: &[Event]) -> Vec<DeadlineRow> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DeadlineBreached {
                deadline,
                label,
                due_at,
                step,
            } => Some(DeadlineRow {
                id: deadline.clone(),
                label: label.clone(),
                step: step.clone(),
                due_at: *due_at,
                outcome: DeadlineOutcome::Breached {
                    noticed: Some(e.at),
                },
            }),
            _ => None,
        })
        .collect()
}
