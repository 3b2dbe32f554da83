//! The events of an incident log. Each user action becomes one or more of these; the session
//! state is a fold over them. Serialised as one JSON object per line (see docs/log-format.md).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::duration::Interval;
use crate::playbook::{Audience, Channel, PublicState};
use crate::scenario::{FeedChannel, Severity};

/// Who did something, and in which role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Live incident or tabletop drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Live,
    Drill,
}

/// The playbook an incident runs on, as recorded in the first event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybookRef {
    /// The path as given (or `embedded:...` for the built-in default).
    pub path: String,
    /// The absolute path when the playbook came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_path: Option<String>,
    pub id: String,
    pub title: String,
    pub version: String,
    /// SHA-256 of the playbook file's bytes, lowercase hex.
    pub sha256: String,
}

/// The scenario a drill runs, as recorded in `drill_started`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// The path as given.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_path: Option<String>,
    pub id: String,
    pub title: String,
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    pub sha256: String,
}

/// Who an inject comes from, as shown in the drill's feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedAuthor {
    /// The scenario's persona id.
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<u64>,
}

/// One draft of an approval, bound to the exact text approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovedText {
    pub draft: u32,
    /// SHA-256 of the draft's text as approved, lowercase hex.
    pub sha256: String,
}

/// The approved holding statement a draft was made from: which file, its text with the
/// placeholders, and who approved it ahead of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRef {
    pub id: String,
    /// SHA-256 of the statement file's bytes.
    pub sha256: String,
    /// The statement's text, placeholders unfilled.
    pub text: String,
    /// (role, name, when) of each approval given to it.
    pub approved_by: Vec<(String, String, String)>,
}

/// Why a drill ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrillEnd {
    /// The drill clock reached the scenario's duration.
    TimeUp,
    /// The facilitator ended it.
    Facilitator,
    /// A headless drill's script ran out of lines.
    ScriptEnded,
}

/// One event: sequence number, recording time, actor and what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    /// When the event was recorded (RFC 3339 with offset).
    pub at: DateTime<FixedOffset>,
    pub actor: Actor,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// Always the first event.
    Opened {
        playbook: PlaybookRef,
        title: String,
        mode: Mode,
        warroom_version: String,
        /// The step the incident starts at.
        start: String,
    },
    /// The incident was continued by `warroom resume` after a stop.
    Resumed {
        warroom_version: String,
        /// Set when the playbook file changed since the incident was opened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        playbook_sha256: Option<String>,
    },
    /// A choice was taken: the session leaves `from` and enters `to`.
    Decided {
        from: String,
        /// 1-based number of the choice in the step.
        choice: usize,
        label: String,
        to: String,
        /// Required checklist items left unticked by an explicit override.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        overridden: Vec<String>,
    },
    /// Back one step along the path (the path is kept; this is a new move, not an erasure).
    WentBack {
        from: String,
        to: String,
    },
    Checked {
        step: String,
        item: String,
    },
    Unchecked {
        step: String,
        item: String,
    },
    VariableSet {
        name: String,
        value: String,
    },
    Note {
        text: String,
    },
    DraftSaved {
        /// Draft number, from 1 in this incident.
        draft: u32,
        step: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        template: Option<String>,
        channel: Channel,
        /// The role whose voice it is (needs that role's approval before posting).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        voice: Option<String>,
        text: String,
        /// Set on the later parts of a thread: the number of the thread's first draft. A
        /// thread is approved, posted and discarded as one, in draft order.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread: Option<u32>,
        /// The audience whose update this is (posting it meets that audience's cadence).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        audience: Option<Audience>,
        /// The approved holding statement it was made from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        statement: Option<StatementRef>,
    },
    /// A role signed a draft (with its thread) off, bound to the exact text of each part.
    SignedOff {
        role: String,
        by: String,
        texts: Vec<ApprovedText>,
    },
    /// A signer sent a draft (with its thread) back: every sign-off and approval it had is void.
    DraftDeclined {
        draft: u32,
        role: String,
        by: String,
        reason: String,
    },
    /// The public state (Statuspage's Investigating → Identified → Monitoring → Resolved).
    PublicStateSet {
        state: PublicState,
    },
    /// A draft's text was changed (edited, or cut down to the first part of a thread). An
    /// approval of the old text no longer holds: approvals are bound to the text's SHA-256.
    DraftEdited {
        draft: u32,
        text: String,
    },
    /// A draft was set aside: it can no longer be approved or posted (it stays in the log).
    DraftDiscarded {
        draft: u32,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// A command was refused by a rule (an unfilled placeholder, a missing approval, the
    /// length limit...): what was asked, and why it was refused.
    Refused {
        command: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        draft: Option<u32>,
        reason: String,
    },
    /// A draft was published. `forced` when posted despite a missing approval or the length limit.
    Posted {
        draft: u32,
        channel: Channel,
        text: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        forced: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<String>,
    },
    /// The privacy guard found what looks like personal data in a draft, and what was decided.
    PrivacyWarning {
        draft: u32,
        findings: Vec<String>,
        decision: String,
    },
    /// An approval step was approved; the session moves to `to`.
    Approved {
        step: String,
        role: String,
        by: String,
        /// The first draft approved (kept for readers of older logs; `texts` lists them all).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        draft: Option<u32>,
        to: String,
        /// Every draft approved, each with the SHA-256 of the exact text approved: editing
        /// a draft afterwards voids its approval.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        texts: Vec<ApprovedText>,
    },
    /// An approval step was rejected; the session moves to `to`.
    Rejected {
        step: String,
        role: String,
        by: String,
        reason: String,
        to: String,
    },
    /// A correction of an earlier event (never an edit in place).
    Amended {
        /// The seq of the event corrected.
        target: u64,
        /// When the corrected thing really happened, if that is what is corrected.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurred_at: Option<DateTime<FixedOffset>>,
        text: String,
    },
    /// A deadline was first noticed to be breached.
    DeadlineBreached {
        deadline: String,
        label: String,
        due_at: DateTime<FixedOffset>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<String>,
    },
    /// Drill only, right after `opened`: the scenario and the clock's speed.
    DrillStarted {
        scenario: ScenarioRef,
        /// Drill seconds per wall-clock second.
        speed: u32,
        duration: Interval,
    },
    /// Drill only: an inject arrived in the feed (at its exact offset in drill time).
    InjectDelivered {
        inject: String,
        offset: Interval,
        channel: FeedChannel,
        persona: FeedAuthor,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<Severity>,
        /// The players must acknowledge it.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        ack: bool,
    },
    /// Drill only: a conditional inject's condition did not hold at its time.
    InjectSkipped {
        inject: String,
        offset: Interval,
        condition: String,
    },
    /// Drill only: the players acknowledged an inject.
    InjectAcknowledged {
        inject: String,
    },
    /// Drill only: the facilitator paused the drill clock.
    DrillPaused {},
    /// Drill only: the drill clock runs again; `paused_secs` of wall time went by while paused.
    DrillResumed {
        paused_secs: i64,
    },
    /// Drill only: the drill is over; expectations not met by now are missed.
    DrillEnded {
        reason: DrillEnd,
    },
    /// A reviewer's note added afterwards by `warroom review` (not part of the incident itself).
    ReviewNote {
        text: String,
    },
    /// A post taken in: the one an incident starts from (`--from-post`), or a feed mention.
    /// The same id seen again with new metrics is another `intake` (a reach snapshot).
    Intake {
        /// SHA-256 of the raw bytes read (the file, the feed line or the CSV row), lowercase hex.
        sha256: String,
        format: crate::intake::Format,
        /// Where it came from: the file as given, `<stdin>`, or `FEED:LINE`.
        source: String,
        post: crate::intake::Post,
    },
    /// A mention was triaged (seed 003:33); a CS triage carries the mention as the hand-off item.
    Triaged {
        mention: String,
        triage: crate::intake::triage::Triage,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        handoff: Option<crate::intake::Post>,
    },
    /// A mention was answered by a draft.
    MentionAnswered {
        mention: String,
        draft: u32,
    },
    /// A mention was escalated.
    MentionEscalated {
        mention: String,
        reason: String,
    },
    /// The incident was closed.
    Closed {
        outcome: crate::playbook::Outcome,
        step: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        summary: String,
    },
}

impl EventKind {
    /// The `kind` word used in the log.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Opened { .. } => "opened",
            EventKind::Resumed { .. } => "resumed",
            EventKind::Decided { .. } => "decided",
            EventKind::WentBack { .. } => "went_back",
            EventKind::Checked { .. } => "checked",
            EventKind::Unchecked { .. } => "unchecked",
            EventKind::VariableSet { .. } => "variable_set",
            EventKind::Note { .. } => "note",
            EventKind::DraftSaved { .. } => "draft_saved",
            EventKind::DraftEdited { .. } => "draft_edited",
            EventKind::DraftDiscarded { .. } => "draft_discarded",
            EventKind::Refused { .. } => "refused",
            EventKind::PublicStateSet { .. } => "public_state_set",
            EventKind::SignedOff { .. } => "signed_off",
            EventKind::DraftDeclined { .. } => "draft_declined",
            EventKind::Posted { .. } => "posted",
            EventKind::PrivacyWarning { .. } => "privacy_warning",
            EventKind::Approved { .. } => "approved",
            EventKind::Rejected { .. } => "rejected",
            EventKind::Amended { .. } => "amended",
            EventKind::DeadlineBreached { .. } => "deadline_breached",
            EventKind::Closed { .. } => "closed",
            EventKind::DrillStarted { .. } => "drill_started",
            EventKind::InjectDelivered { .. } => "inject_delivered",
            EventKind::InjectSkipped { .. } => "inject_skipped",
            EventKind::InjectAcknowledged { .. } => "inject_acknowledged",
            EventKind::DrillPaused { .. } => "drill_paused",
            EventKind::DrillResumed { .. } => "drill_resumed",
            EventKind::DrillEnded { .. } => "drill_ended",
            EventKind::ReviewNote { .. } => "review_note",
            EventKind::Intake { .. } => "intake",
            EventKind::Triaged { .. } => "triaged",
            EventKind::MentionAnswered { .. } => "mention_answered",
            EventKind::MentionEscalated { .. } => "mention_escalated",
        }
    }

    /// A one-line human description (text fields not neutralised; callers do that for display).
    pub fn describe(&self) -> String {
        match self {
            EventKind::Opened {
                title,
                playbook,
                mode,
                ..
            } => {
                format!(
                    "opened \"{title}\" ({}) on {} v{}",
                    match mode {
                        Mode::Live => "live",
                        Mode::Drill => "drill",
                    },
                    playbook.id,
                    playbook.version
                )
            }
            EventKind::Resumed { .. } => "resumed".into(),
            EventKind::Decided {
                from,
                label,
                to,
                overridden,
                ..
            } => {
                let mut s = format!("{from} → {to}: {label}");
                if !overridden.is_empty() {
                    s.push_str(&format!(" (OVERRIDE, unticked: {})", overridden.join(", ")));
                }
                s
            }
            EventKind::WentBack { from, to } => format!("back from {from} to {to}"),
            EventKind::Checked { step, item } => format!("✓ {step}.{item}"),
            EventKind::Unchecked { step, item } => format!("✗ unticked {step}.{item}"),
            EventKind::VariableSet { name, value } => format!("set {name} = {value}"),
            EventKind::Note { text } => format!("note: {text}"),
            EventKind::ReviewNote { text } => format!("review note: {text}"),
            EventKind::Intake {
                format,
                source,
                post,
                ..
            } => {
                let reach = post.metrics.summary();
                format!(
                    "INTAKE {} ({}, {source}) {}: {}{}",
                    post.id,
                    format.word(),
                    post.who(),
                    post.text,
                    if reach.is_empty() {
                        String::new()
                    } else {
                        format!(" [{reach}]")
                    }
                )
            }
            EventKind::Triaged {
                mention,
                triage,
                handoff,
            } => match handoff {
                Some(p) => format!(
                    "triaged {mention} → {} (hand-off to CS: {})",
                    triage.label(),
                    p.who()
                ),
                None => format!("triaged {mention} → {}", triage.label()),
            },
            EventKind::MentionAnswered { mention, draft } => {
                format!("mention {mention} answered by draft #{draft}")
            }
            EventKind::MentionEscalated { mention, reason } => {
                format!("mention {mention} ESCALATED: {reason}")
            }
            EventKind::DraftSaved {
                draft,
                channel,
                text,
                thread,
                ..
            } => match thread {
                Some(t) => format!(
                    "draft #{draft} ({}, thread of #{t}) saved: {text}",
                    channel.label()
                ),
                None => format!("draft #{draft} ({}) saved: {text}", channel.label()),
            },
            EventKind::DraftEdited { draft, text } => format!("draft #{draft} edited: {text}"),
            EventKind::PublicStateSet { state } => format!("public state: {}", state.word()),
            EventKind::SignedOff { role, by, texts } => format!(
                "signed off by {by} as {role}: draft {}",
                texts
                    .iter()
                    .map(|t| format!("#{}", t.draft))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            EventKind::DraftDeclined {
                draft,
                role,
                by,
                reason,
            } => format!("draft #{draft} declined by {by} as {role}: {reason}"),
            EventKind::DraftDiscarded { draft, reason } => {
                if reason.is_empty() {
                    format!("draft #{draft} discarded")
                } else {
                    format!("draft #{draft} discarded: {reason}")
                }
            }
            EventKind::Refused {
                command,
                draft,
                reason,
            } => match draft {
                Some(d) => format!("REFUSED {command} #{d}: {reason}"),
                None => format!("REFUSED {command}: {reason}"),
            },
            EventKind::Posted {
                draft,
                channel,
                text,
                forced,
                ..
            } => format!(
                "POSTED #{draft} ({}){}: {text}",
                channel.label(),
                if *forced { " [forced]" } else { "" }
            ),
            EventKind::PrivacyWarning {
                draft,
                findings,
                decision,
            } => format!(
                "privacy warning on draft #{draft}: {} → {decision}",
                findings.join(", ")
            ),
            EventKind::Approved {
                step,
                role,
                by,
                draft,
                texts,
                ..
            } => {
                let drafts: Vec<String> = if texts.is_empty() {
                    draft.iter().map(|d| format!("#{d}")).collect()
                } else {
                    texts.iter().map(|t| format!("#{}", t.draft)).collect()
                };
                if drafts.is_empty() {
                    format!("approved {step} by {by} as {role}")
                } else {
                    format!(
                        "approved {step} (draft {}) by {by} as {role}",
                        drafts.join(", ")
                    )
                }
            }
            EventKind::Rejected {
                step, by, reason, ..
            } => format!("rejected {step} by {by}: {reason}"),
            EventKind::Amended {
                target,
                occurred_at,
                text,
            } => match occurred_at {
                Some(t) => format!("amends #{target} (really at {}): {text}", t.to_rfc3339()),
                None => format!("amends #{target}: {text}"),
            },
            EventKind::DeadlineBreached { label, due_at, .. } => format!(
                "DEADLINE BREACHED: {label} (due {})",
                due_at.format("%H:%M:%S")
            ),
            EventKind::Closed {
                outcome, summary, ..
            } => {
                if summary.is_empty() {
                    format!("closed: {}", outcome.word())
                } else {
                    format!("closed: {} — {summary}", outcome.word())
                }
            }
            EventKind::DrillStarted {
                scenario,
                speed,
                duration,
            } => {
                format!(
                    "EXERCISE started: scenario \"{}\" ({}), {duration} at {speed}x",
                    scenario.title, scenario.id
                )
            }
            EventKind::InjectDelivered {
                inject,
                offset,
                channel,
                persona,
                text,
                severity,
                ack,
            } => {
                let who = match &persona.handle {
                    Some(h) => format!("{} {h}", persona.name),
                    None => persona.name.clone(),
                };
                let mut s = format!(
                    "INJECT {inject} +{offset} [{}] {who}: {text}",
                    channel.label()
                );
                if let Some(sev) = severity {
                    s.push_str(&format!(" (severity now {})", sev.label()));
                }
                if *ack {
                    s.push_str(" [acknowledge]");
                }
                s
            }
            EventKind::InjectSkipped {
                inject,
                offset,
                condition,
            } => format!("inject {inject} +{offset} not delivered (needs {condition})"),
            EventKind::InjectAcknowledged { inject } => format!("acknowledged inject {inject}"),
            EventKind::DrillPaused {} => "drill paused".into(),
            EventKind::DrillResumed { paused_secs } => format!(
                "drill resumed after {} paused",
                Interval::from_secs(*paused_secs)
            ),
            EventKind::DrillEnded { reason } => format!(
                "EXERCISE ended: {}",
                match reason {
                    DrillEnd::TimeUp => "time is up",
                    DrillEnd::Facilitator => "ended by the facilitator",
                    DrillEnd::ScriptEnded => "end of script",
                }
            ),
        }
    }
}
