//! The events of an incident log. Each user action becomes one or more of these; the session
//! state is a fold over them. Serialised as one JSON object per line (see docs/log-format.md).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::kinds::EventKind;
use crate::duration::Interval;

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

impl EventKind {
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
            EventKind::Joined { machine } => format!("joined from {machine}"),
            EventKind::Left { machine } => format!("left ({machine})"),
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
