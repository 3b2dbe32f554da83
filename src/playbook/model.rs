//! The playbook data model: the serde types a RON playbook file deserialises into.
//!
//! Every struct denies unknown fields, so a misspelt field is an error rather than silently
//! ignored. Enums are externally tagged (`Handoff`, `Some("ceo")`), as RON writes them.

use serde::{Deserialize, Serialize};

use crate::duration::Interval;

/// A whole playbook: metadata, the roles and variables it uses, and the decision graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Stable identifier, e.g. `"ceo-twitter-complaint"`.
    pub id: String,
    pub title: String,
    /// Free-form version string; recorded in every incident log.
    pub version: String,
    /// BCP 47 language tag of the text, e.g. `"en"` or `"ko"`.
    pub language: String,
    #[serde(default)]
    pub description: String,
    /// The roles involved; a step's owner and an approval's approver must be one of these.
    pub roles: Vec<Role>,
    /// Variables the team fills in during an incident, usable in templates as `{id}`.
    #[serde(default)]
    pub variables: Vec<Variable>,
    /// Deadlines that apply to the whole incident (e.g. first acknowledgement within 30 minutes).
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    /// Stakeholder updates on a cadence: for each audience, when the first update is due and how
    /// often the next ones are (an overdue update is a breach like any deadline).
    #[serde(default)]
    pub updates: Vec<Update>,
    /// The id of the first step.
    pub start: String,
    pub steps: Vec<Step>,
}

/// A role in the war room (CEO, comms lead, legal, CS lead, scribe...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A value the team fills in during an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Used in templates as `{id}`; letters, digits, `_` and `-`.
    pub id: String,
    pub label: String,
    /// An example value; also used to estimate whether a filled-in template fits its channel.
    #[serde(default)]
    pub example: Option<String>,
    /// The value is the company's own contact, meant to be published (a care address, an IR
    /// line): the privacy guard does not flag it in a public post.
    #[serde(default)]
    pub public: bool,
}

/// One step of the decision graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub kind: StepKind,
    /// The role responsible for this step (a role id).
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub guidance: String,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Deadlines that become active once this step is first entered.
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    #[serde(default)]
    pub drafts: Vec<Template>,
    /// Required on `Approval` steps: who must approve and where approve/reject lead.
    #[serde(default)]
    pub approval: Option<Approval>,
    /// Required on `End` steps: how the incident ends when this step is reached.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Deadlines that do not apply on the path through this step (ids of playbook or step
    /// deadlines, `update-AUDIENCE` for an update cadence): entered before one falls due, and
    /// with it unmet, that deadline is not applicable rather than breached ("do not engage"
    /// needs no public acknowledgement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waives: Vec<String>,
}

/// What a step is for. Drives presentation and a few lints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StepKind {
    Assess,
    Investigate,
    Acknowledge,
    Transparency,
    ActionPlan,
    Approval,
    Statement,
    Handoff,
    Monitor,
    End,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Assess => "assess",
            StepKind::Investigate => "investigate",
            StepKind::Acknowledge => "acknowledge",
            StepKind::Transparency => "transparency",
            StepKind::ActionPlan => "action plan",
            StepKind::Approval => "approval",
            StepKind::Statement => "statement",
            StepKind::Handoff => "hand-off",
            StepKind::Monitor => "monitor",
            StepKind::End => "end",
        }
    }
}

/// A checklist item of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
    /// When true, leaving the step with this item unticked is refused unless forced.
    #[serde(default)]
    pub required: bool,
}

/// A deadline: `within` a span of time `from` an anchor, met by an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: String,
    pub label: String,
    /// How long after the anchor it falls due: `"30m"`, `"1h"`, `"1h30m"`, `"2d"`.
    pub within: Interval,
    #[serde(default)]
    pub from: Anchor,
    #[serde(default)]
    pub met_by: MetBy,
}

/// Who an update is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Audience {
    Public,
    Customers,
    Employees,
    Executives,
    Board,
    Investors,
    Partners,
}

impl Audience {
    pub const ALL: &'static [Audience] = &[
        Audience::Public,
        Audience::Customers,
        Audience::Employees,
        Audience::Executives,
        Audience::Board,
        Audience::Investors,
        Audience::Partners,
    ];

    /// The lower-case word used in ids, scripts and reports (`public`, `investors`...).
    pub fn word(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Customers => "customers",
            Audience::Employees => "employees",
            Audience::Executives => "executives",
            Audience::Board => "board",
            Audience::Investors => "investors",
            Audience::Partners => "partners",
        }
    }

    pub fn parse(word: &str) -> Option<Audience> {
        Audience::ALL
            .iter()
            .copied()
            .find(|a| a.word().eq_ignore_ascii_case(word.trim()))
    }
}

/// Updates to one audience on a fixed rhythm, even when there is no news: the first within
/// `first_by` of the opening, then one `every` span after the last one posted. A draft of the
/// update's template (or saved with `--audience`) is an update for it when posted; its
/// `{next_update}` placeholder is filled with the time the next one is due (HH:MM).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub audience: Audience,
    /// The channel the update goes out on.
    pub channel: Channel,
    /// The cadence: how long after each update the next is due.
    pub every: Interval,
    /// When the first update is due, from the opening (default: `every`).
    #[serde(default)]
    pub first_by: Option<Interval>,
    /// The template (a template id of any step) a draft for this audience starts from.
    #[serde(default)]
    pub template: Option<String>,
    /// A cadence by severity: the variable that holds it and the span for each level, e.g.
    /// `Some(BySeverity(variable: "severity", every: {"high": "15m", "low": "2h"}))`. The level
    /// is the variable's value up to its first `:` or blank (`high: 40 retweets` is `high`); any
    /// other value, or none yet, keeps `every`.
    #[serde(default)]
    pub by_severity: Option<BySeverity>,
}

/// Update cadences by severity level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BySeverity {
    pub variable: String,
    pub every: std::collections::BTreeMap<String, Interval>,
}

impl Update {
    /// The deadline id of this audience's updates (`update-public`).
    pub fn id(&self) -> String {
        format!("update-{}", self.audience.word())
    }

    /// The label shown on the screen and in reports.
    pub fn label(&self) -> String {
        format!("{} update", capitalise(self.audience.word()))
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Where the incident stands for the public, in the Statuspage vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicState {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl PublicState {
    pub const ALL: &'static [PublicState] = &[
        PublicState::Investigating,
        PublicState::Identified,
        PublicState::Monitoring,
        PublicState::Resolved,
    ];

    pub fn word(self) -> &'static str {
        match self {
            PublicState::Investigating => "investigating",
            PublicState::Identified => "identified",
            PublicState::Monitoring => "monitoring",
            PublicState::Resolved => "resolved",
        }
    }

    pub fn parse(word: &str) -> Option<PublicState> {
        PublicState::ALL
            .iter()
            .copied()
            .find(|s| s.word().eq_ignore_ascii_case(word.trim()))
    }
}

/// What a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Anchor {
    /// The moment the incident was opened.
    #[default]
    IncidentStart,
    /// The latest entry into the step that declares the deadline (step deadlines only).
    StepEntered,
    /// The latest published post; inactive until something has been posted.
    /// ("next public update due 60 minutes after each statement")
    LastPost,
}

/// What meets a deadline (it must happen after the anchor).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MetBy {
    /// Any draft marked as posted, on any channel (an internal message too).
    #[default]
    Post,
    /// A post on a public channel: a tweet, a blog or a press statement (not a DM, an e-mail
    /// or an internal message). With `from: LastPost`, the last *public* post is the anchor.
    PublicPost,
    /// A post on one of the named channels. With `from: LastPost`, the last post on one of
    /// them is the anchor.
    PostOn(Vec<Channel>),
    /// Leaving the declaring step (step deadlines only).
    Leave,
    /// Reaching the named step.
    Reach(String),
    /// Ticking the named checklist item (an item id of the declaring step, or `step.item`).
    Tick(String),
    /// An approval given on any approval step.
    Approval,
    /// Closing the incident.
    Close,
}

/// A draft template: text with `{variable}` placeholders, for a channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    #[serde(default)]
    pub label: String,
    pub channel: Channel,
    /// Placeholders are `{variable_id}`; write `{{` and `}}` for literal braces.
    pub text: String,
    /// Whose voice the post goes out in (a role id). When set, posting requires an approval
    /// by that role first: no ghost-tweeting (seed 000 line 1693).
    #[serde(default)]
    pub voice: Option<String>,
    /// Who must sign a draft of this template off before it is posted, beyond its voice:
    /// `InOrder(["legal", "ceo"])` (each in turn) or `AnyOf(["legal", "comms"])` (one of them).
    /// Each sign-off is bound to the exact text; an edit voids them.
    #[serde(default)]
    pub signoff: Option<SignOff>,
    /// What posting this template promises, tracked as a follow-up after the close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise: Option<Promise>,
}

/// A sign-off chain (role ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignOff {
    /// Every role, in this order.
    InOrder(Vec<String>),
    /// Any one of these roles.
    AnyOf(Vec<String>),
}

impl SignOff {
    pub fn roles(&self) -> &[String] {
        match self {
            SignOff::InOrder(r) | SignOff::AnyOf(r) => r,
        }
    }
}

/// A promise a post makes ("we will report back by 3 pm"): `by` names the variable holding
/// the due date or time, `owner` the role that keeps it. See `crate::review::followup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub what: String,
    pub by: String,
    pub owner: String,
}

/// Where a draft is published, which sets its length limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// A tweet or reply: 280, counted as X counts (CJK characters weigh 2, URLs 23).
    Tweet,
    /// A direct message: 10,000 characters.
    Dm,
    /// A long-form corporate blog statement: no limit.
    Blog,
    /// An e-mail to a customer: no limit.
    Email,
    /// A press statement: no limit.
    Press,
    /// An internal message to staff: no limit.
    Internal,
}

impl MetBy {
    /// Which posts count, when this is met by a post: `None` for any post, else the channels.
    pub fn post_channels(&self) -> Option<Option<&[Channel]>> {
        match self {
            MetBy::Post => Some(None),
            MetBy::PublicPost => Some(Some(Channel::PUBLIC)),
            MetBy::PostOn(cs) => Some(Some(cs)),
            _ => None,
        }
    }
}

impl From<Channel> for crate::text::Counting {
    /// A tweet is counted as X counts it; every other channel by characters.
    fn from(channel: Channel) -> crate::text::Counting {
        match channel {
            Channel::Tweet => crate::text::Counting::Tweet,
            _ => crate::text::Counting::Chars,
        }
    }
}

impl Channel {
    /// The length of `text` in this channel's counting.
    pub fn length(self, text: &str) -> usize {
        crate::text::channel_length(self, text)
    }

    /// The channels the public sees: the one definition of a "public" post, used by deadlines
    /// (`met_by: PublicPost`), `warroom stats`, the review and the reports.
    pub const PUBLIC: &'static [Channel] = &[Channel::Tweet, Channel::Blog, Channel::Press];

    /// Whether the public sees a post on this channel (a tweet, a blog, a press statement).
    pub fn is_public(self) -> bool {
        Channel::PUBLIC.contains(&self)
    }

    /// The channel's length limit in its own counting, if any.
    pub fn limit(self) -> Option<usize> {
        match self {
            Channel::Tweet => Some(280),
            Channel::Dm => Some(10_000),
            Channel::Blog | Channel::Email | Channel::Press | Channel::Internal => None,
        }
    }

    /// Every channel, in the order lists show them.
    pub const ALL: &'static [Channel] = &[
        Channel::Tweet,
        Channel::Dm,
        Channel::Blog,
        Channel::Email,
        Channel::Press,
        Channel::Internal,
    ];

    /// A channel from its RON name or its label, any case (`tweet`, `dm`, `e-mail`...).
    pub fn parse(word: &str) -> Option<Channel> {
        let w = word.trim().to_ascii_lowercase();
        Channel::ALL.iter().copied().find(|c| {
            c.label().eq_ignore_ascii_case(&w) || format!("{c:?}").eq_ignore_ascii_case(&w)
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Tweet => "tweet",
            Channel::Dm => "DM",
            Channel::Blog => "blog",
            Channel::Email => "e-mail",
            Channel::Press => "press",
            Channel::Internal => "internal",
        }
    }
}

/// On an approval step: the role that must approve, and where approval and rejection lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub role: String,
    /// Step entered when approved.
    pub approve: String,
    /// Step entered when rejected (usually back to drafting).
    pub reject: String,
}

/// How an incident ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Resolved,
    HandedOffToCs,
    NoResponseNeeded,
    Escalated,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Resolved,
        Outcome::HandedOffToCs,
        Outcome::NoResponseNeeded,
        Outcome::Escalated,
    ];

    /// The word used in scripts and on screen (the log records the variant name, e.g. `HandedOffToCs`).
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::HandedOffToCs => "handed_off_to_cs",
            Outcome::NoResponseNeeded => "no_response_needed",
            Outcome::Escalated => "escalated",
        }
    }

    pub fn parse(word: &str) -> Option<Outcome> {
        let w = word.trim().to_ascii_lowercase().replace('-', "_");
        match w.as_str() {
            "resolved" => Some(Outcome::Resolved),
            "handed_off_to_cs" | "handed_off" | "handoff" | "cs" => Some(Outcome::HandedOffToCs),
            "no_response_needed" | "no_response" => Some(Outcome::NoResponseNeeded),
            "escalated" => Some(Outcome::Escalated),
            _ => None,
        }
    }
}

/// A way out of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub label: String,
    /// The id of the step this choice leads to.
    pub target: String,
    /// A single-character hotkey, unique within the step (digits are reserved for numbering).
    #[serde(default)]
    pub key: Option<char>,
}

impl Playbook {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn variable(&self, id: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.id == id)
    }
}

impl Step {
    /// Every step this step can lead to: its choices, then approval targets.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.choices.iter().map(|c| c.target.as_str()).chain(
            self.approval
                .iter()
                .flat_map(|a| [a.approve.as_str(), a.reject.as_str()]),
        )
    }

    pub fn item(&self, id: &str) -> Option<&ChecklistItem> {
        self.checklist.iter().find(|i| i.id == id)
    }

    pub fn template(&self, id: &str) -> Option<&Template> {
        self.drafts.iter().find(|t| t.id == id)
    }
}
