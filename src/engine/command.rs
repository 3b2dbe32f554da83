//! The command vocabulary: what a person (keyboard), a script line or a test can ask for.

use chrono::{DateTime, FixedOffset};

use crate::playbook::Outcome;

/// A request to change the incident. `Session::apply` turns it into events or refuses it.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Take a choice of the current step: a target step id, a hotkey, or a 1-based number.
    Choose {
        choice: String,
        force: bool,
    },
    Tick {
        item: String,
    },
    Untick {
        item: String,
    },
    Set {
        name: String,
        value: String,
    },
    Note {
        text: String,
    },
    /// Save a draft. Without text, the template (named, or the step's first) is filled in;
    /// placeholders in given text are filled in too.
    SaveDraft {
        template: Option<String>,
        text: Option<String>,
    },
    /// Publish a draft (the latest unposted one when `draft` is None).
    Post {
        draft: Option<u32>,
        force: bool,
    },
    /// Record the privacy guard's warning on a draft and the decision taken.
    PrivacyDecision {
        draft: u32,
        findings: Vec<String>,
        decision: String,
    },
    /// Approve the current approval step (`by` records who approved when not the operator).
    Approve {
        by: Option<String>,
    },
    Reject {
        by: Option<String>,
        reason: String,
    },
    Back,
    Amend {
        target: u64,
        occurred_at: Option<DateTime<FixedOffset>>,
        text: String,
    },
    /// Close the incident; at an End step the outcome defaults to the step's.
    Close {
        outcome: Option<Outcome>,
        summary: String,
    },
}

/// Why a command was refused. The message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the incident is closed; only notes and amendments can be added")]
    Closed,
    #[error("no choice {0:?} here; choices are: {1}")]
    UnknownChoice(String, String),
    #[error("step \"{step}\" has required items not ticked: {}; tick them or force the move (`choose --force`, or `!` in the TUI) — the override is logged", .items.join(", "))]
    RequiredUnticked { step: String, items: Vec<String> },
    #[error("step \"{0}\" has no checklist item \"{1}\"; items: {2}")]
    UnknownItem(String, String, String),
    #[error("item \"{0}\" is already ticked")]
    AlreadyTicked(String),
    #[error("item \"{0}\" is not ticked")]
    NotTicked(String),
    #[error("no variable \"{0}\" in this playbook; variables: {1}")]
    UnknownVariable(String, String),
    #[error("step \"{0}\" has no template \"{1}\"")]
    UnknownTemplate(String, String),
    #[error("nothing to draft: step \"{0}\" has no template; give the text")]
    NoTemplate(String),
    #[error("empty text")]
    EmptyText,
    #[error("no draft to post{0}")]
    NoDraft(String),
    #[error("draft #{0} is already posted")]
    AlreadyPosted(u32),
    #[error(
        "draft #{draft} goes out in the {role}'s voice and has no approval by the {role} yet (no ghost-tweeting); approve it at the approval step, or force the post — the override is logged"
    )]
    NeedsApproval { draft: u32, role: String },
    #[error(
        "draft #{draft} is {len} long; a {channel} holds {limit}: shorten it or split it into a thread, or force the post"
    )]
    TooLong {
        draft: u32,
        len: usize,
        limit: usize,
        channel: String,
    },
    #[error("step \"{0}\" is not an approval step")]
    NotApprovalStep(String),
    #[error(
        "approval of step \"{step}\" needs the {role}: run as role {role}, or record who approved (`approve --by NAME`)"
    )]
    WrongApprover { step: String, role: String },
    #[error("already at the first step; nothing to go back to")]
    NothingBehind,
    #[error("no event #{0} to amend")]
    UnknownEvent(u64),
    #[error(
        "outcome needed: this step is not an End step; give one of resolved, handed_off_to_cs, no_response_needed, escalated"
    )]
    OutcomeNeeded,
}
