//! The scenario data model: the serde types a RON scenario file deserialises into.
//!
//! Like playbooks, every struct denies unknown fields (a misspelt field is an error, not silently
//! ignored) and enums are externally tagged, as RON writes them (`Reach("apologize")`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::duration::Interval;
use crate::playbook::Outcome;

/// A tabletop exercise: what the players are told, which playbook they run, what arrives when,
/// what they are expected to have done by when, and what to discuss afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, e.g. `"kt-lost-iphone"`.
    pub id: String,
    pub title: String,
    /// BCP 47 language tag of the text (`"ko"`, `"en"`).
    #[serde(default)]
    pub language: String,
    /// The playbook file, relative to the scenario file.
    pub playbook: String,
    /// How long the drill runs; injects and expectations must fall inside it.
    pub duration: Interval,
    /// What the players know at T+0 (the situation manual's opening).
    pub briefing: String,
    /// The severity the drill starts at (injects may change it).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Playbook variables filled in before the drill starts (`{"handle": "@chanjin"}`).
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// The people and outlets injects come from.
    #[serde(default)]
    pub personas: Vec<Persona>,
    #[serde(default)]
    pub injects: Vec<Inject>,
    #[serde(default)]
    pub expectations: Vec<Expectation>,
    /// The path through the playbook the designers intend (step ids), for the report's comparison.
    #[serde(default)]
    pub intended_path: Vec<String>,
    /// Questions for the hot wash right after the drill.
    #[serde(default)]
    pub hot_wash: Vec<String>,
    /// What the exercise sets out to test, each tied to the expectations that measure it (the
    /// after-action report's improvement plan is grouped by them).
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

/// An exercise objective ("Acknowledge publicly within the hour"), measured by expectations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub label: String,
    /// Ids of the expectations that measure it.
    #[serde(default)]
    pub expectations: Vec<String>,
}

/// Who an inject comes from: an account, a reporter, an analyst, a colleague.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// Referred to by injects' `from`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The account's handle (`@chanjin`); none for a phone caller or a newspaper.
    #[serde(default)]
    pub handle: Option<String>,
    /// Follower count, when the persona is an account.
    #[serde(default)]
    pub followers: Option<u64>,
    /// Who this is, for the facilitator (not shown to players as a post).
    #[serde(default)]
    pub note: String,
}

/// Something that arrives during the drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: String,
    /// Offset from the drill's start: `"+5m"`, `"+1h30m"`.
    pub at: Interval,
    pub channel: FeedChannel,
    /// A persona id.
    pub from: String,
    pub text: String,
    /// The drill's severity from this inject on.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// When set, the inject is delivered only if the condition holds at its time; otherwise the
    /// log records it as skipped.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The players must acknowledge it (`ack ID` in scripts).
    #[serde(default)]
    pub ack: bool,
    /// What the players are expected to do about it, for the facilitator and the MSEL export
    /// (never shown to players).
    #[serde(default)]
    pub expected: Option<String>,
}

/// Where an inject shows up in the simulated feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeedChannel {
    /// A post that mentions the CEO's or the company's account.
    Mention,
    /// A reply in a thread the team is part of.
    Reply,
    /// A direct message.
    Dm,
    /// A news article.
    News,
    /// A phone call (a reporter, a regulator, an analyst).
    Phone,
    /// A message from a colleague inside the company.
    Internal,
    /// A move in the share price.
    SharePrice,
}

impl FeedChannel {
    pub const ALL: [FeedChannel; 7] = [
        FeedChannel::Mention,
        FeedChannel::Reply,
        FeedChannel::Dm,
        FeedChannel::News,
        FeedChannel::Phone,
        FeedChannel::Internal,
        FeedChannel::SharePrice,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FeedChannel::Mention => "mention",
            FeedChannel::Reply => "reply",
            FeedChannel::Dm => "DM",
            FeedChannel::News => "news",
            FeedChannel::Phone => "phone call",
            FeedChannel::Internal => "internal",
            FeedChannel::SharePrice => "share price",
        }
    }

    /// Whether the text is a public post counted against the 280 limit.
    pub fn is_post(self) -> bool {
        matches!(self, FeedChannel::Mention | FeedChannel::Reply)
    }
}

/// How serious the situation is, as the drill tells the players.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// When a conditional inject fires (OpenAEV's "logical chains"), evaluated at the inject's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// The expectation was met on time.
    Met(String),
    /// The expectation's `by` time has passed and it was not met by then.
    Missed(String),
    /// The team has entered the step.
    Reached(String),
    /// The team has not entered the step.
    NotReached(String),
}

impl Condition {
    pub fn describe(&self) -> String {
        match self {
            Condition::Met(e) => format!("expectation \"{e}\" met"),
            Condition::Missed(e) => format!("expectation \"{e}\" missed"),
            Condition::Reached(s) => format!("step \"{s}\" reached"),
            Condition::NotReached(s) => format!("step \"{s}\" not reached"),
        }
    }
}

/// What the team should have done by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub id: String,
    pub label: String,
    pub what: Criterion,
    /// Offset from the drill's start by which it is met on time.
    pub by: Interval,
    /// Until when it still counts, late (half the weight). Defaults to `by`: no late credit.
    #[serde(default)]
    pub expires: Option<Interval>,
    /// Points for meeting it on time (default 1).
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}

/// The thing an expectation looks for in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Criterion {
    /// Anything posted (a first public acknowledgement).
    Post,
    /// A draft saved at this step was posted (`PostFrom("apologize")`: the apology went out).
    PostFrom(String),
    /// The team entered this step.
    Reach(String),
    /// This checklist item was ticked: `"step.item"`.
    Tick(String),
    /// The incident was closed with this outcome.
    Outcome(Outcome),
    /// This inject was acknowledged.
    Acknowledge(String),
    /// The inner thing did NOT happen by `by` (met at `by`, missed the moment it happens):
    /// `Never(Reach("acknowledge"))` for "do not engage the troll".
    Never(Box<Criterion>),
}

impl Criterion {
    pub fn describe(&self) -> String {
        match self {
            Criterion::Post => "anything posted".into(),
            Criterion::PostFrom(s) => format!("a draft from step \"{s}\" posted"),
            Criterion::Reach(s) => format!("step \"{s}\" reached"),
            Criterion::Tick(i) => format!("\"{i}\" ticked"),
            Criterion::Outcome(o) => format!("closed as {}", o.word()),
            Criterion::Acknowledge(i) => format!("inject \"{i}\" acknowledged"),
            Criterion::Never(c) => format!("never: {}", c.describe()),
        }
    }
}

impl Scenario {
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas.iter().find(|p| p.id == id)
    }

    pub fn expectation(&self, id: &str) -> Option<&Expectation> {
        self.expectations.iter().find(|e| e.id == id)
    }

    pub fn inject(&self, id: &str) -> Option<&Inject> {
        self.injects.iter().find(|i| i.id == id)
    }
}

impl Expectation {
    /// The end of the late window (`expires`, else `by`).
    pub fn expiry(&self) -> Interval {
        self.expires.unwrap_or(self.by).max(self.by)
    }
}
