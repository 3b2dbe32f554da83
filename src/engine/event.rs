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

impl FeedAuthor {
    /// `name @handle`, or the name alone: how every screen and report names the persona.
    pub fn label(&self) -> String {
        match &self.handle {
            Some(h) => format!("{} {h}", self.name),
            None => self.name.clone(),
        }
    }
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
    /// The team closed the incident: the drill is over with it.
    Closed,
}

impl DrillEnd {
    /// Why the drill ended, in words ("its time was up").
    pub fn reason(self) -> &'static str {
        match self {
            DrillEnd::TimeUp => "its time was up",
            DrillEnd::Facilitator => "the facilitator ended it",
            DrillEnd::ScriptEnded => "the script ended",
            DrillEnd::Closed => "the incident was closed",
        }
    }
}

/// How an inject came into a drill's feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// At its time on the scenario's schedule.
    #[default]
    Scheduled,
    /// Released before its time by the controller.
    Early,
    /// Written by the controller during the drill; not in the scenario file.
    AdHoc,
}

impl Delivery {
    pub fn is_scheduled(&self) -> bool {
        *self == Delivery::Scheduled
    }
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

    /// The event in one line, as the screens and reports show it: [`EventKind::describe`],
    /// and for one entered on someone's behalf, who entered it.
    pub fn describe(&self) -> String {
        let text = self.kind.describe();
        match self.recorded_on_behalf() {
            Some(label) => format!("{text} {label}"),
            None => text,
        }
    }

    /// For an entry made on someone's behalf ([`Event::on_behalf`]): whose it is and who
    /// entered it, shown after the entry as `[recorded on behalf of NAME by OPERATOR]`.
    pub fn recorded_on_behalf(&self) -> Option<OnBehalf> {
        self.on_behalf().map(|of| OnBehalf {
            of: of.to_string(),
            by: self.actor.name.clone(),
        })
    }
}

/// An approval, rejection, sign-off or decline entered by one operator for another person
/// (`--by NAME`). Displayed, and serialised in reports, as its label:
/// `[recorded on behalf of NAME by OPERATOR]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnBehalf {
    /// The person who gave it (`--by NAME`).
    pub of: String,
    /// The operator whose seat entered it.
    pub by: String,
}

impl std::fmt::Display for OnBehalf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[recorded on behalf of {} by {}]", self.of, self.by)
    }
}

impl Serialize for OnBehalf {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
