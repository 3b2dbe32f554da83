//! The analysis of a log for review: the timeline with categories and amendment links, the
//! path as time spent in each step, every decision with the choices not taken, deadline
//! outcomes, drafts with their posts and approvals, and who took part.
//!
//! Step spans come from the events alone and are contiguous: they cover the incident from its
//! opening to its end without gap or overlap, so their durations add up to the incident's.
//!
//! [`rows`] holds the row types; [`builder`] walks the events once, a step per kind of event;
//! [`deadlines`] works out the deadline outcomes at the end.

mod builder;
mod deadlines;
mod rows;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::followup::FollowUp;
use crate::engine::{Event, Mode, PlaybookRef};
use crate::playbook::{Outcome, Playbook};

pub use rows::{
    DeadlineOutcome, DeadlineRow, Decision, DraftRow, Entry, Person, Post, Scope, StepSpan,
    correction,
};

type Time = DateTime<FixedOffset>;

/// What ends the reviewed period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// The incident was closed.
    Closed,
    /// The drill ended (without the incident being closed).
    DrillEnded,
    /// Still open: the period ends at the last event.
    LastEvent,
}

/// Everything a review shows, computed from a log's events.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub title: String,
    pub mode: Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playbook: Option<PlaybookRef>,
    /// Why the choices not taken or the deadline outcomes are incomplete, if they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playbook_note: Option<String>,
    pub people: Vec<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Time>,
    pub end_kind: End,
    pub duration_secs: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The public state as last set (Investigating, Identified, Monitoring, Resolved), and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_state: Option<(crate::playbook::PublicState, Time)>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    pub entries: Vec<Entry>,
    pub steps: Vec<StepSpan>,
    pub decisions: Vec<Decision>,
    pub deadlines: Vec<DeadlineRow>,
    pub drafts: Vec<DraftRow>,
    /// Events per log kind word.
    pub counts: BTreeMap<&'static str, usize>,
    /// The first post on a public channel (as `warroom stats` defines it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_public_ack: Option<Time>,
    /// The closing, when it handed the case to customer service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cs_handoff: Option<Time>,
    /// Promises made in posts (templates with a `promise`; needs the playbook).
    pub followups: Vec<FollowUp>,
}

impl Analysis {
    /// Analyses `events`. `playbook` is the playbook the incident ran on, when found (it adds
    /// the choices not taken and deadline outcomes); `playbook_note` says why it is missing or
    /// differs.
    pub fn build(
        events: &[Event],
        playbook: Option<&Playbook>,
        playbook_note: Option<String>,
    ) -> Analysis {
        let mut b = builder::Builder::new(events.len(), playbook, playbook_note);
        for (index, e) in events.iter().enumerate() {
            b.event(index, e);
        }
        b.finish(events)
    }

    /// `T+…` of a time, from the opening, as the screens write it (`T+01:16:00`).
    pub fn t_plus(&self, t: Time) -> String {
        match self.start {
            Some(o) => super::t_plus(o, t, super::TPlus::Clock),
            None => String::new(),
        }
    }

    /// The decision recorded by the event with this seq, if it is one.
    pub fn decision(&self, seq: u64) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.seq == seq)
    }

    /// The timeline entry with this seq.
    pub fn entry(&self, seq: u64) -> Option<&Entry> {
        // Events are numbered from 1 in order, so the entry for seq N is the Nth.
        let e = self
            .entries
            .get(usize::try_from(seq).ok()?.checked_sub(1)?)?;
        (e.seq == seq).then_some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Actor, EventKind, PlaybookRef};

    fn at(s: &str) -> Time {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Step times read off a live clock (with fractions of a second) add up to the duration:
    /// each span is not rounded down on its own.
    #[test]
    fn step_times_add_up_to_the_duration_with_sub_second_clocks() {
        let actor = Actor {
            name: "kim".into(),
            role: None,
        };
        let ev = |seq: u64, t: &str, kind: EventKind| Event {
            seq,
            at: at(t),
            actor: actor.clone(),
            kind,
        };
        let moved = |from: &str, to: &str| EventKind::Decided {
            from: from.into(),
            choice: 1,
            label: "go".into(),
            to: to.into(),
            overridden: vec![],
        };
        let events = vec![
            ev(
                1,
                "2026-11-21T09:00:00.900+09:00",
                EventKind::Opened {
                    playbook: PlaybookRef {
                        path: "p.ron".into(),
                        abs_path: None,
                        id: "p".into(),
                        title: "P".into(),
                        version: "1".into(),
                        sha256: "00".into(),
                    },
                    title: "T".into(),
                    mode: Mode::Live,
                    warroom_version: "0".into(),
                    start: "a".into(),
                },
            ),
            ev(2, "2026-11-21T09:01:10.200+09:00", moved("a", "b")),
            ev(3, "2026-11-21T09:02:40.700+09:00", moved("b", "c")),
            ev(4, "2026-11-21T09:05:11.100+09:00", moved("c", "d")),
            ev(
                5,
                "2026-11-21T09:06:00.600+09:00",
                EventKind::Closed {
                    outcome: Outcome::Resolved,
                    step: "d".into(),
                    summary: String::new(),
                },
            ),
        ];
        let a = Analysis::build(&events, None, None);
        let total: i64 = a.steps.iter().map(|s| s.secs).sum();
        assert_eq!(a.steps.len(), 4);
        assert_eq!(total, a.duration_secs);
        assert_eq!(a.duration_secs, 6 * 60);
    }
}
