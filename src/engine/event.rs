//! The events of an incident log. Each user action becomes one or more of these; the session
//! state is a fold over them. Serialised as one JSON object per line (see docs/log-format.md).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::kinds::EventKind;

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

impl Event {
    /// Whom the event names as acting when it is not the seat's operator: an approval, a
    /// rejection, a sign-off or a decline entered with `--by NAME` for someone not at their
    /// own seat. `None` when the person gave it from their own seat.
    pub fn on_behalf(&self) -> Option<&str> {
        let by = match &self.kind {
            EventKind::Approved { by, .. }
            | EventKind::Rejected { by, .. }
            | EventKind::SignedOff { by, .. }
            | EventKind::DraftDeclined { by, .. } => by,
            _ => return None,
        };
        (*by != self.actor.name).then_some(by.as_str())
    }

    /// Whether only the facilitator (and the report) may see the event: an evaluator's
    /// observation. Players' screens leave these out.
    pub fn facilitator_only(&self) -> bool {
        matches!(self.kind, EventKind::Observation { .. })
    }

    /// The event in one line, as the screens and reports show it: [`EventKind::describe`],
    /// and for one entered on someone's behalf, who entered it.
    pub fn describe(&self) -> String {
        let text = self.kind.describe();
        match self.on_behalf() {
            Some(by) => format!("{text} [recorded on behalf of {by} by {}]", self.actor.name),
            None => text,
        }
    }
}
