//! An externally tagged twin of [`EventKind`], for reading only: given the `kind` word, serde
//! reads the kind's fields straight from the line, where the internally tagged `EventKind`
//! must first buffer every member (see [`super::parse`]). Serde's `remote` derive builds an
//! `EventKind` from it, so a field missing here fails to compile; the enum body below is a
//! verbatim copy of `EventKind`'s, which a test checks. A kind missing here only costs speed:
//! the line is then read the general way.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::duration::Interval;
use crate::engine::{
    ApprovedText, DrillEnd, EventKind, FeedAuthor, Mode, PlaybookRef, ScenarioRef, StatementRef,
};
use crate::playbook::{Audience, Channel, PublicState};
use crate::scenario::{FeedChannel, Severity};

#[derive(Deserialize)]
#[serde(remote = "EventKind", rename_all = "snake_case")]
pub(crate) enum KindFields {
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

#[cfg(test)]
mod tests {
    /// The text between `{header}` and the enum's closing brace.
    fn body<'a>(src: &'a str, header: &str) -> &'a str {
        let start = src.find(header).unwrap() + header.len();
        let len = src[start..].find("\n}\n").unwrap();
        &src[start..start + len]
    }

    #[test]
    fn the_twin_is_a_verbatim_copy_of_event_kind() {
        let engine = body(include_str!("../engine/event.rs"), "pub enum EventKind {\n");
        let twin = body(
            include_str!("kind_fields.rs"),
            "pub(crate) enum KindFields {\n",
        );
        assert_eq!(twin, engine, "copy EventKind's body into KindFields");
    }
}
