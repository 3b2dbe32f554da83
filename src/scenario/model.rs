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
    /// When set, `at` counts from the moment this happened rather than from T+0 ("10 minutes
    /// after the team posts"); the inject waits until it does (see `drill::schedule`).
    #[serde(default)]
    pub after: Option<Trigger>,
    /// An e-mail's subject, a headline, a segment's title.
    #[serde(default)]
    pub subject: Option<String>,
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
    /// An e-mail (to the press office, from a regulator, a partner); `subject` is its subject.
    Email,
    /// A press enquiry: a journalist asking for comment, with a deadline of their own.
    Press,
    /// A television or radio segment; `subject` is its title.
    Tv,
    /// A post in a forum or community board (a fan site, an online café).
    Forum,
    /// A Facebook post or comment.
    Facebook,
}

impl FeedChannel {
    pub const ALL: [FeedChannel; 12] = [
        FeedChannel::Mention,
        FeedChannel::Reply,
        FeedChannel::Dm,
        FeedChannel::News,
        FeedChannel::Phone,
        FeedChannel::Internal,
        FeedChannel::SharePrice,
        FeedChannel::Email,
        FeedChannel::Press,
        FeedChannel::Tv,
        FeedChannel::Forum,
        FeedChannel::Facebook,
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
            FeedChannel::Email => "e-mail",
            FeedChannel::Press => "press enquiry",
            FeedChannel::Tv => "TV",
            FeedChannel::Forum => "forum post",
            FeedChannel::Facebook => "Facebook",
        }
    }

    /// Whether the text is a public post counted against the 280 limit.
    pub fn is_post(self) -> bool {
        matches!(self, FeedChannel::Mention | FeedChannel::Reply)
    }

    /// Whether the players can answer the sender directly (`reply INJECT TEXT`): a message
    /// addressed to the team by a person — an e-mail, a press enquiry, a call, a DM.
    pub fn can_reply(self) -> bool {
        matches!(
            self,
            FeedChannel::Email | FeedChannel::Press | FeedChannel::Phone | FeedChannel::Dm
        )
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
/// Leaves name expectations, steps and injects; `All`, `Any` and `Not` combine them (at most
/// [`Condition::MAX_DEPTH`] deep).
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
    /// The team has posted something public (a tweet, a blog, a press statement).
    Posted,
    /// The team has posted something public in this voice (`PostedAs("ceo")`: the CEO spoke).
    PostedAs(String),
    /// A draft saved at the step has been posted (any channel).
    PostedFrom(String),
    /// The team has moved on from the step (a choice, an approval or a rejection there).
    Decided(String),
    /// The team went from the step (first) to the step (second): `Chose("classify", "troll-watch")`.
    Chose(String, String),
    /// The inject has arrived.
    Delivered(String),
    /// The inject has been acknowledged.
    Acknowledged(String),
    /// The team has replied to the inject (`reply INJECT TEXT`).
    Replied(String),
    /// Every condition holds (true when empty).
    All(Vec<Condition>),
    /// At least one condition holds (false when empty).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// How deep `All`/`Any`/`Not` may nest (`check` refuses deeper; evaluation stops there).
    pub const MAX_DEPTH: usize = 8;

    pub fn describe(&self) -> String {
        self.describe_at(0)
    }

    /// Whether `All`/`Any`/`Not` nest deeper than [`Condition::MAX_DEPTH`] anywhere in it (the
    /// walk stops there, so a hostile depth costs nothing).
    pub fn too_deep(&self) -> bool {
        fn deeper(c: &Condition, depth: usize) -> bool {
            if depth > Condition::MAX_DEPTH {
                return true;
            }
            match c {
                Condition::All(cs) | Condition::Any(cs) => cs.iter().any(|x| deeper(x, depth + 1)),
                Condition::Not(x) => deeper(x, depth + 1),
                _ => false,
            }
        }
        deeper(self, 0)
    }

    fn describe_at(&self, depth: usize) -> String {
        if depth > Condition::MAX_DEPTH {
            return "…".into();
        }
        let list = |cs: &[Condition], word: &str| {
            cs.iter()
                .map(|c| c.describe_at(depth + 1))
                .collect::<Vec<_>>()
                .join(word)
        };
        match self {
            Condition::Met(e) => format!("expectation \"{e}\" met"),
            Condition::Missed(e) => format!("expectation \"{e}\" missed"),
            Condition::Reached(s) => format!("step \"{s}\" reached"),
            Condition::NotReached(s) => format!("step \"{s}\" not reached"),
            Condition::Posted => "something posted in public".into(),
            Condition::PostedAs(v) => format!("something posted in public as \"{v}\""),
            Condition::PostedFrom(s) => format!("a draft from step \"{s}\" posted"),
            Condition::Decided(s) => format!("a decision taken at step \"{s}\""),
            Condition::Chose(s, t) => format!("\"{s}\" -> \"{t}\" chosen"),
            Condition::Delivered(i) => format!("inject \"{i}\" delivered"),
            Condition::Acknowledged(i) => format!("inject \"{i}\" acknowledged"),
            Condition::Replied(i) => format!("inject \"{i}\" replied to"),
            Condition::All(cs) if cs.is_empty() => "always".into(),
            Condition::Any(cs) if cs.is_empty() => "never".into(),
            Condition::All(cs) => format!("({})", list(cs, " and ")),
            Condition::Any(cs) => format!("({})", list(cs, " or ")),
            Condition::Not(c) => format!("not {}", c.describe_at(depth + 1)),
        }
    }
}

/// What an `after:` inject waits for: its `at` then counts from the moment this first happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// The team's first public post (a tweet, a blog, a press statement).
    Posted,
    /// The first post of a draft saved at the step.
    PostedFrom(String),
    /// The team first entered the step.
    Reached(String),
    /// The team first moved on from the step (a choice, an approval or a rejection there).
    Decided(String),
    /// The inject arrived.
    Delivered(String),
    /// The inject was acknowledged.
    Acknowledged(String),
    /// The team replied to the inject.
    Replied(String),
}

impl Trigger {
    pub fn describe(&self) -> String {
        match self {
            Trigger::Posted => "the first public post".into(),
            Trigger::PostedFrom(s) => format!("a draft from step \"{s}\" posted"),
            Trigger::Reached(s) => format!("step \"{s}\" reached"),
            Trigger::Decided(s) => format!("a decision at step \"{s}\""),
            Trigger::Delivered(i) => format!("inject \"{i}\" delivered"),
            Trigger::Acknowledged(i) => format!("inject \"{i}\" acknowledged"),
            Trigger::Replied(i) => format!("inject \"{i}\" replied to"),
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
    /// Anything posted, on any channel (a first public acknowledgement).
    Post,
    /// Something public posted: a tweet, a blog, a press statement (not a DM, an e-mail or an
    /// internal message). `Never(PublicPost)`: nothing public at all.
    PublicPost,
    /// Something public posted in this voice (a playbook role a template speaks as):
    /// `Never(PublicPostAs("ceo"))` — the CEO's own account stays out of it, while customer
    /// care may still answer a customer.
    PublicPostAs(String),
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
    /// The team replied to this inject (`reply INJECT TEXT`).
    Replied(String),
    /// The inner thing did NOT happen by `by` (met at `by`, missed the moment it happens):
    /// `Never(Reach("acknowledge"))` for "do not engage the troll".
    Never(Box<Criterion>),
}

impl Criterion {
    pub fn describe(&self) -> String {
        match self {
            Criterion::Post => "anything posted".into(),
            Criterion::PublicPost => "something public posted".into(),
            Criterion::PublicPostAs(v) => format!("something public posted as \"{v}\""),
            Criterion::PostFrom(s) => format!("a draft from step \"{s}\" posted"),
            Criterion::Reach(s) => format!("step \"{s}\" reached"),
            Criterion::Tick(i) => format!("\"{i}\" ticked"),
            Criterion::Outcome(o) => format!("closed as {}", o.word()),
            Criterion::Acknowledge(i) => format!("inject \"{i}\" acknowledged"),
            Criterion::Replied(i) => format!("inject \"{i}\" replied to"),
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
