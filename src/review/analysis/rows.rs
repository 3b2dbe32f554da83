//! The rows of an analysis: timeline entries with their scope, step spans, decisions,
//! deadline outcomes, drafts with their posts, and the people who took part.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::engine::{Event, EventKind, OnBehalf};
use crate::playbook::Channel;
use crate::review::Category;

type Time = DateTime<FixedOffset>;

/// Who an entry, draft or post was for: external is what the public saw (a post on a public
/// channel, [`Channel::is_public`], or a change of the public state); everything else is
/// internal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Internal,
    External,
}

impl Scope {
    /// The scope of an event.
    pub fn of(kind: &EventKind) -> Scope {
        match kind {
            EventKind::Posted { channel, .. } if channel.is_public() => Scope::External,
            EventKind::PublicStateSet { .. } => Scope::External,
            _ => Scope::Internal,
        }
    }

    pub fn of_channel(channel: Channel) -> Scope {
        if channel.is_public() {
            Scope::External
        } else {
            Scope::Internal
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Scope::Internal => "internal",
            Scope::External => "external",
        }
    }
}

/// One row of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Index into the log's events.
    #[serde(skip)]
    pub index: usize,
    pub seq: u64,
    pub at: Time,
    /// "name (role)".
    pub actor: String,
    /// The log's kind word.
    pub kind: &'static str,
    pub category: Category,
    pub scope: Scope,
    /// One line, control characters neutralised.
    pub summary: String,
    /// The step the incident was at when the event was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// For an amendment: the seq it corrects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<u64>,
    /// The seqs of the amendments that correct this event.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<u64>,
}

/// A stay in one step: from entering it to leaving it (or the end).
#[derive(Debug, Clone, Serialize)]
pub struct StepSpan {
    pub step: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub entered: Time,
    pub left: Time,
    pub secs: i64,
    /// Still in this step at the end of the log (not closed).
    pub current: bool,
}

/// A choice taken, and the ones that were not.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub seq: u64,
    pub at: Time,
    pub from: String,
    pub taken: String,
    pub to: String,
    /// (label, target) of the step's other choices; empty when the playbook was not found.
    pub not_taken: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<String>,
}

/// How a deadline ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum DeadlineOutcome {
    /// Met on time, at `at`.
    Met { at: Time },
    /// Met, but after it was due.
    MetLate { at: Time },
    /// Not met by the end; `noticed` is when the breach was logged.
    Breached { noticed: Option<Time> },
    /// Not yet due when the log ends.
    Open,
    /// Did not apply: the team took a path that waives it (a step entered at `at`, before it
    /// fell due).
    NotApplicable { at: Time },
}

impl DeadlineOutcome {
    pub fn word(self) -> &'static str {
        match self {
            DeadlineOutcome::Met { .. } => "met",
            DeadlineOutcome::MetLate { .. } => "met late",
            DeadlineOutcome::Breached { .. } => "BREACHED",
            DeadlineOutcome::Open => "open",
            DeadlineOutcome::NotApplicable { .. } => "not applicable",
        }
    }

    pub fn is_breach(self) -> bool {
        matches!(
            self,
            DeadlineOutcome::MetLate { .. } | DeadlineOutcome::Breached { .. }
        )
    }
}

/// A deadline instance and its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineRow {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    pub due_at: Time,
    pub outcome: DeadlineOutcome,
}

/// A draft, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct DraftRow {
    pub number: u32,
    pub step: String,
    pub channel: Channel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    pub saved_at: Time,
    pub saved_by: String,
    pub text: String,
    /// External once posted on a public channel; internal otherwise.
    pub scope: Scope,
    /// (by, role, at, on-behalf label): the label, `[recorded on behalf of NAME by
    /// OPERATOR]`, when another operator entered it with `--by NAME` (`null` in the JSON when
    /// the approver gave it from their own seat).
    pub approvals: Vec<(String, String, Time, Option<OnBehalf>)>,
    /// Sign-offs of its chain: (by, role, at, on-behalf label), in order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signoffs: Vec<(String, String, Time, Option<OnBehalf>)>,
    /// A signer sent it back: (by, role, reason, at, on-behalf label).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declines: Vec<(String, String, String, Time, Option<OnBehalf>)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub privacy: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posted: Option<Post>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Post {
    pub at: Time,
    pub scope: Scope,
    pub by: String,
    /// The text as posted, verbatim.
    pub text: String,
    pub forced: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Someone who recorded events, with the roles they acted in.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub roles: Vec<String>,
    pub events: usize,
}

impl Person {
    /// "kim as comms (34 events)".
    pub fn describe(&self) -> String {
        let n = if self.events == 1 {
            "1 event".to_string()
        } else {
            format!("{} events", self.events)
        };
        if self.roles.is_empty() {
            format!("{} ({n})", self.name)
        } else {
            format!("{} as {} ({n})", self.name, self.roles.join(", "))
        }
    }
}

/// The text of the amendment recorded as event `seq` (events are numbered from 1 in order).
pub fn correction(events: &[Event], seq: u64) -> Option<&str> {
    let e = events.get(usize::try_from(seq).ok()?.checked_sub(1)?)?;
    match &e.kind {
        EventKind::Amended { text, .. } if e.seq == seq => Some(text),
        _ => None,
    }
}
