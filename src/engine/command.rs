//! The command vocabulary: what a person (keyboard), a script line or a test can ask for.

use chrono::{DateTime, FixedOffset};

use crate::playbook::{Audience, Channel, Outcome, PublicState};

/// The role of a drill's evaluators: their notes are observations, which players' screens do
/// not show ([`super::Event::facilitator_only`]).
pub const EVALUATOR: &str = "evaluator";

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
    /// An evaluator's observation in a drill (from a seat in role [`EVALUATOR`]), optionally
    /// about one of the scenario's expectations. A `Note` from such a seat is one too.
    Observe {
        expectation: Option<String>,
        text: String,
    },
    /// Save a draft. Without text, the template (named, or the step's first) is filled in;
    /// placeholders in given text are filled in too.
    SaveDraft {
        template: Option<String>,
        text: Option<String>,
    },
    /// Save a draft of given text for a channel of one's choosing (not the step's template's).
    /// (The channel, when not given, is the audience's update channel, else a tweet.)
    SaveDraftOn {
        channel: Option<Channel>,
        text: String,
        /// The audience whose update this is, if it is one.
        audience: Option<Audience>,
    },
    /// Sign a draft (with its thread) off in a role of its sign-off chain: the operator's role,
    /// or `role` recorded on behalf of `by`.
    SignOff {
        draft: u32,
        by: Option<String>,
        role: Option<String>,
    },
    /// Send a draft back from its sign-off chain, with a reason: its sign-offs are void.
    Decline {
        draft: u32,
        by: Option<String>,
        role: Option<String>,
        reason: String,
    },
    /// Save a draft from an approved holding statement of the library (by id).
    UseStatement {
        id: String,
    },
    /// Set the public state (Investigating → Identified → Monitoring → Resolved).
    SetPublicState {
        state: PublicState,
    },
    /// Publish a draft with the rest of its thread, in order (the only open draft when
    /// `draft` is None; with several open, the command must name one).
    Post {
        draft: Option<u32>,
        force: bool,
    },
    /// Replace a draft's text. An approval of the old text no longer holds.
    Edit {
        draft: u32,
        text: String,
    },
    /// Split a draft over its channel's limit into a numbered thread.
    Split {
        draft: u32,
    },
    /// Set a draft (with its thread) aside; it stays in the log.
    Discard {
        draft: u32,
        reason: String,
    },
    /// Record the privacy guard's warning on a draft and the decision taken.
    PrivacyDecision {
        draft: u32,
        findings: Vec<String>,
        decision: String,
    },
    /// Approve the current approval step (`by` records who approved when not the operator),
    /// with the drafts named (each with its thread), bound to their exact text; none named
    /// means the newest open draft.
    Approve {
        by: Option<String>,
        drafts: Vec<u32>,
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

impl CommandError {
    /// Whether forcing the command would override this refusal (and be logged as forced).
    pub fn forceable(&self) -> bool {
        matches!(
            self,
            CommandError::RequiredUnticked { .. }
                | CommandError::NeedsApproval { .. }
                | CommandError::NeedsSignOff { .. }
                | CommandError::TooLong { .. }
                | CommandError::Unfilled { .. }
                | CommandError::PersonalData { .. }
        )
    }
}

impl Command {
    /// The command's word in the script language (and in `refused` events).
    pub fn verb(&self) -> &'static str {
        match self {
            Command::Choose { .. } => "choose",
            Command::Tick { .. } => "check",
            Command::Untick { .. } => "uncheck",
            Command::Set { .. } => "set",
            Command::Note { .. } => "note",
            Command::Observe { .. } => "observe",
            Command::SaveDraft { .. } | Command::SaveDraftOn { .. } => "draft",
            Command::Post { .. } => "post",
            Command::Edit { .. } => "edit",
            Command::Split { .. } => "split",
            Command::Discard { .. } => "discard",
            Command::PrivacyDecision { .. } => "privacy",
            Command::Approve { .. } => "approve",
            Command::Reject { .. } => "reject",
            Command::Back => "back",
            Command::Amend { .. } => "amend",
            Command::Close { .. } => "close",
            Command::SetPublicState { .. } => "state",
            Command::SignOff { .. } => "sign",
            Command::UseStatement { .. } => "draft",
            Command::Decline { .. } => "decline",
        }
    }
}

/// Why a command was refused. The message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the incident is closed; only notes and amendments can be added")]
    Closed,
    #[error("no choice {0:?} here; choices are: {1}")]
    UnknownChoice(String, String),
    #[error("step \"{step}\" has required items not ticked: {}; tick them or force the move — the override is logged", .texts.iter().zip(.items).map(|(t, i)| format!("\"{t}\" ({i})")).collect::<Vec<_>>().join(", "))]
    RequiredUnticked {
        step: String,
        /// The items' ids.
        items: Vec<String>,
        /// The items' text, as the checklist shows it.
        texts: Vec<String>,
    },
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
    #[error("observations are for drills; this is a live incident (write a note)")]
    ObservationNotInDrill,
    #[error(
        "observations are the evaluators': join the drill with `--role evaluator` (this seat's role is {0}); players write notes"
    )]
    NotAnEvaluator(String),
    /// A drill's controller or evaluator tried to play the team's part.
    #[error(
        "this seat is the drill's {0}: it watches and runs the exercise, the team plays it (notes are kept: a controller's from its screen, an evaluator's as observations)"
    )]
    FacilitatorPlays(String),
    #[error("no draft to post{0}")]
    NoDraft(String),
    #[error("draft #{0} is already posted")]
    AlreadyPosted(u32),
    #[error(
        "draft #{draft} goes out in the {role}'s voice and has no approval by the {role}{} (no ghost-tweeting); approve it at the approval step, or force the post — the override is logged",
        if *.voided { " of this text: the approval was voided when the draft was edited" } else { " yet" }
    )]
    NeedsApproval {
        draft: u32,
        role: String,
        voided: bool,
    },
    #[error(
        "draft #{draft} has unfilled placeholders: {}; set {} (`set NAME VALUE`, `v` on the screen) or force the post — the override is logged",
        .names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", "),
        if .names.len() == 1 { "it" } else { "them" }
    )]
    Unfilled { draft: u32, names: Vec<String> },
    #[error(
        "draft #{draft} looks like it holds personal data ({}): held; move it to a DM, e-mail or phone, edit it out, or force the post — the override is logged",
        .findings.join(", ")
    )]
    PersonalData { draft: u32, findings: Vec<String> },
    #[error("several drafts are open: {drafts}; name the one to {verb} (`{verb} N`)")]
    WhichDraft { verb: String, drafts: String },
    #[error("draft #{0} was discarded")]
    Discarded(u32),
    #[error("draft #{0} already has this text")]
    Unchanged(u32),
    #[error(
        "draft #{draft} needs sign-off {chain} before it is posted; missing: {missing} — sign it (`sign N` from the role's seat, or `--as ROLE --by NAME`), or force the post — the override is logged"
    )]
    NeedsSignOff {
        draft: u32,
        chain: String,
        missing: String,
    },
    #[error("draft #{draft}: {why}")]
    SignOffRefused { draft: u32, why: String },
    #[error("no holding statement \"{0}\" in the library; statements: {1}")]
    UnknownStatement(String, String),
    #[error(
        "holding statement \"{0}\" was valid until {1}; renew its approval, or write the draft afresh"
    )]
    StatementExpired(String, String),
    #[error("the public state is already {}", .0.word())]
    SameState(PublicState),
    #[error("nothing to split in draft #{draft}: {why}")]
    NothingToSplit { draft: u32, why: String },
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
        "the decision at step \"{step}\" (approve or reject) is the {role}'s: take it from a seat in role \"{role}\", or record who decided (`--by NAME`, or the name asked on the screen)"
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
