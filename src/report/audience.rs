//! Reports for an audience: `--audience public` (only what was said publicly, as a
//! status-page timeline, newest first) and `--audience executives` (the one-page executive
//! summary). This module gathers what those views show; each renderer lays it out.
//!
//! The public view is built from external entries only ([`crate::review::Scope::External`]:
//! posts on public channels and public-state changes), so no internal note, draft, approval
//! or warning can reach it.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::Report;
use crate::engine::EventKind;
use crate::playbook::{Channel, PublicState};
use crate::review::{FollowUp, Scope};

type Time = DateTime<FixedOffset>;

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// The full post-mortem.
    #[default]
    All,
    Public,
    Executives,
}

/// One thing said in public.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicItem {
    /// A post on a public channel, verbatim.
    Post {
        at: Time,
        channel: Channel,
        text: String,
    },
    /// The public state changed.
    State { at: Time, state: PublicState },
}

impl PublicItem {
    pub fn at(&self) -> Time {
        match self {
            PublicItem::Post { at, .. } | PublicItem::State { at, .. } => *at,
        }
    }
}

/// What was said publicly, newest first (as a status page lists its updates).
pub fn public_timeline(r: &Report<'_>) -> Vec<PublicItem> {
    let mut items: Vec<PublicItem> = r
        .events
        .iter()
        .zip(&r.analysis.entries)
        .filter(|(_, entry)| entry.scope == Scope::External)
        .filter_map(|(e, _)| match &e.kind {
            EventKind::Posted { channel, text, .. } => Some(PublicItem::Post {
                at: e.at,
                channel: *channel,
                text: text.clone(),
            }),
            EventKind::PublicStateSet { state } => Some(PublicItem::State {
                at: e.at,
                state: *state,
            }),
            _ => None,
        })
        .collect();
    items.reverse();
    items
}

/// A key decision, for the executive summary.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDecision {
    pub at: Time,
    pub t_plus: String,
    pub taken: String,
    pub from: String,
    pub to: String,
}

/// A deadline breached.
#[derive(Debug, Clone, Serialize)]
pub struct Breach {
    pub label: String,
    pub due_at: Time,
    /// The verdict's detail, as the full report words it: "met late at T+…", "not met
    /// (noticed T+…)".
    pub result: String,
}

/// The executive summary.
#[derive(Debug, Clone, Serialize)]
pub struct Executive {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_state: Option<PublicState>,
    /// The outcome word, or "not closed".
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Time>,
    pub duration_secs: i64,
    pub decisions: Vec<KeyDecision>,
    pub breaches: Vec<Breach>,
    /// Oldest first, as a story reads.
    pub said_publicly: Vec<PublicItem>,
    pub followups: Vec<FollowUp>,
}

pub fn executive(r: &Report<'_>) -> Executive {
    let a = r.analysis;
    let closed = a.end_kind == crate::review::End::Closed;
    let mut said = public_timeline(r);
    said.reverse();
    Executive {
        title: a.title.clone(),
        public_state: a.public_state.map(|(s, _)| s),
        outcome: a
            .outcome
            .map(|o| o.word().to_string())
            .unwrap_or_else(|| "not closed".into()),
        start: a.start,
        end: a.end,
        duration_secs: a.duration_secs,
        decisions: a
            .decisions
            .iter()
            .map(|d| KeyDecision {
                at: d.at,
                t_plus: r.t_plus(d.at),
                taken: d.taken.clone(),
                from: d.from.clone(),
                to: d.to.clone(),
            })
            .collect(),
        breaches: a
            .deadlines
            .iter()
            .filter(|d| d.outcome.is_breach())
            .map(|d| Breach {
                label: d.label.clone(),
                due_at: d.due_at,
                result: d.outcome.verdict(closed, &|t| r.t_plus(t)).detail,
            })
            .collect(),
        said_publicly: said,
        followups: a.followups.clone(),
    }
}

/// At most `n` characters of `s`, with "…" when cut (for the one-page summary).
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The Statuspage word for a public state, capitalised as status pages show it.
pub fn state_label(s: PublicState) -> &'static str {
    match s {
        PublicState::Investigating => "Investigating",
        PublicState::Identified => "Identified",
        PublicState::Monitoring => "Monitoring",
        PublicState::Resolved => "Resolved",
    }
}
