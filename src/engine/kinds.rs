//! The one list of event kinds. `with_event_kinds!` holds every kind once: its variant, the
//! `kind` word the log writes, its doc and its fields. Everything that lists kinds is derived
//! from it: [`EventKind`] and its serde names, [`Kind`] (the kind without its fields) with
//! [`Kind::ALL`], [`Kind::name`] and [`Kind::from_name`], the one-pass parser's twin
//! (`log::kind_fields`) and the columns of `warroom stats`. Adding a kind is one edit here;
//! `tests/event_kinds.rs` fails if a derived list or a sample lacks one.
//!
//! The order is the order `warroom stats` lists kinds in. Field types are written with their
//! full paths, as every expansion site reads them in its own module.

use serde::{Deserialize, Serialize};

/// Calls `$callback!` with the table of every event kind: for each, its docs, its variant, its
/// `kind` word and its fields (with their docs and serde attributes).
macro_rules! with_event_kinds {
    ($callback:ident) => {
        $callback! {
            /// Always the first event.
            Opened = "opened" {
                playbook: crate::engine::PlaybookRef,
                title: String,
                mode: crate::engine::Mode,
                warroom_version: String,
                /// The step the incident starts at.
                start: String,
            },
            /// The incident was continued by `warroom resume` after a stop.
            Resumed = "resumed" {
                warroom_version: String,
                /// Set when the playbook file changed since the incident was opened.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                playbook_sha256: Option<String>,
            },
            /// A seat came into the incident (`warroom join`, or the seat that opened or resumed
            /// it): its operator and role are the event's actor.
            Joined = "joined" {
                /// The machine the seat runs on (its host name).
                machine: String,
            },
            /// A seat left the incident (quit, or the end of its script).
            Left = "left" {
                machine: String,
            },
            /// A choice was taken: the session leaves `from` and enters `to`.
            Decided = "decided" {
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
            WentBack = "went_back" {
                from: String,
                to: String,
            },
            Checked = "checked" {
                step: String,
                item: String,
            },
            Unchecked = "unchecked" {
                step: String,
                item: String,
            },
            VariableSet = "variable_set" {
                name: String,
                value: String,
            },
            Note = "note" {
                text: String,
            },
            DraftSaved = "draft_saved" {
                /// Draft number, from 1 in this incident.
                draft: u32,
                step: String,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                template: Option<String>,
                channel: crate::playbook::Channel,
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
                audience: Option<crate::playbook::Audience>,
                /// The approved holding statement it was made from.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                statement: Option<crate::engine::StatementRef>,
            },
            /// A draft's text was changed (edited, or cut down to the first part of a thread). An
            /// approval of the old text no longer holds: approvals are bound to the text's SHA-256.
            DraftEdited = "draft_edited" {
                draft: u32,
                text: String,
            },
            /// A draft was set aside: it can no longer be approved or posted (it stays in the log).
            DraftDiscarded = "draft_discarded" {
                draft: u32,
                #[serde(default, skip_serializing_if = "String::is_empty")]
                reason: String,
            },
            /// A command was refused by a rule (an unfilled placeholder, a missing approval, the
            /// length limit...): what was asked, and why it was refused.
            Refused = "refused" {
                command: String,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                draft: Option<u32>,
                reason: String,
            },
            /// The public state (Statuspage's Investigating → Identified → Monitoring → Resolved).
            PublicStateSet = "public_state_set" {
                state: crate::playbook::PublicState,
            },
            /// A role signed a draft (with its thread) off, bound to the exact text of each part.
            SignedOff = "signed_off" {
                role: String,
                by: String,
                texts: Vec<crate::engine::ApprovedText>,
            },
            /// A signer sent a draft (with its thread) back: every sign-off and approval it had is void.
            DraftDeclined = "draft_declined" {
                draft: u32,
                role: String,
                by: String,
                reason: String,
            },
            /// A draft was published. `forced` when posted despite a missing approval or the length limit.
            Posted = "posted" {
                draft: u32,
                channel: crate::playbook::Channel,
                text: String,
                #[serde(default, skip_serializing_if = "std::ops::Not::not")]
                forced: bool,
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                warnings: Vec<String>,
            },
            /// The privacy guard found what looks like personal data in a draft, and what was decided.
            PrivacyWarning = "privacy_warning" {
                draft: u32,
                findings: Vec<String>,
                decision: String,
            },
            /// An approval step was approved; the session moves to `to`.
            Approved = "approved" {
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
                texts: Vec<crate::engine::ApprovedText>,
            },
            /// An approval step was rejected; the session moves to `to`.
            Rejected = "rejected" {
                step: String,
                role: String,
                by: String,
                reason: String,
                to: String,
            },
            /// A correction of an earlier event (never an edit in place).
            Amended = "amended" {
                /// The seq of the event corrected.
                target: u64,
                /// When the corrected thing really happened, if that is what is corrected.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                occurred_at: Option<chrono::DateTime<chrono::FixedOffset>>,
                text: String,
            },
            /// A deadline was first noticed to be breached.
            DeadlineBreached = "deadline_breached" {
                deadline: String,
                label: String,
                due_at: chrono::DateTime<chrono::FixedOffset>,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                step: Option<String>,
            },
            /// The incident was closed.
            Closed = "closed" {
                outcome: crate::playbook::Outcome,
                step: String,
                #[serde(default, skip_serializing_if = "String::is_empty")]
                summary: String,
            },
            /// Drill only, right after `opened`: the scenario and the clock's speed.
            DrillStarted = "drill_started" {
                scenario: crate::engine::ScenarioRef,
                /// Drill seconds per wall-clock second.
                speed: u32,
                duration: crate::duration::Interval,
                /// The clock stands still at T+0 until `drill_clock_started` (absent in older
                /// logs, whose clock ran from the start).
                #[serde(default, skip_serializing_if = "std::ops::Not::not")]
                stopped: bool,
                /// The exercise this drill belongs to, when several teams play one scenario.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                exercise: Option<String>,
                /// The team playing in this log.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                team: Option<String>,
            },
            /// Drill only: an inject arrived in the feed (at its exact offset in drill time).
            InjectDelivered = "inject_delivered" {
                inject: String,
                offset: crate::duration::Interval,
                channel: crate::scenario::FeedChannel,
                persona: crate::engine::FeedAuthor,
                text: String,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                severity: Option<crate::scenario::Severity>,
                /// The players must acknowledge it.
                #[serde(default, skip_serializing_if = "std::ops::Not::not")]
                ack: bool,
                /// How it came: on the scenario's schedule (the default), released early by the
                /// controller, or written by the controller during the drill (ad hoc).
                #[serde(default, skip_serializing_if = "crate::engine::Delivery::is_scheduled")]
                delivery: crate::engine::Delivery,
            },
            /// Drill only: a conditional inject's condition did not hold at its time.
            InjectSkipped = "inject_skipped" {
                inject: String,
                offset: crate::duration::Interval,
                condition: String,
            },
            /// Drill only: the players acknowledged an inject.
            InjectAcknowledged = "inject_acknowledged" {
                inject: String,
            },
            /// Drill only: the players answered an inject's sender (a journalist's e-mail, a
            /// press enquiry, a call, a DM) with `reply INJECT TEXT`; the text as checked.
            InjectReplied = "inject_replied" {
                inject: String,
                /// The inject's channel: how the answer goes back.
                channel: crate::scenario::FeedChannel,
                /// The persona answered.
                to: crate::engine::FeedAuthor,
                text: String,
            },
            /// Drill only: the facilitator started the drill clock (it stands still at T+0 until
            /// then, while the players read the briefing). `wall` is the real time it started, so
            /// every seat can tell the drill time.
            DrillClockStarted = "drill_clock_started" {
                wall: chrono::DateTime<chrono::FixedOffset>,
            },
            /// Drill only: the facilitator paused the drill clock.
            DrillPaused = "drill_paused" {
                /// The real time it was paused (absent in logs before seats could follow a drill).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                wall: Option<chrono::DateTime<chrono::FixedOffset>>,
            },
            /// Drill only: the drill clock runs again; `paused_secs` of wall time went by while paused.
            DrillResumed = "drill_resumed" {
                paused_secs: i64,
                /// The real time it ran again.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                wall: Option<chrono::DateTime<chrono::FixedOffset>>,
            },
            /// Drill only: the facilitator changed the drill clock's speed from this moment on.
            DrillSpeedChanged = "drill_speed_changed" {
                /// Drill seconds per wall-clock second from now on.
                speed: u32,
                wall: chrono::DateTime<chrono::FixedOffset>,
            },
            /// Drill only: a note of the facilitator's (the controller seat), never shown on the
            /// players' screens.
            ControllerNote = "controller_note" {
                text: String,
            },
            /// Drill only: the drill is over; expectations not met by now are missed.
            DrillEnded = "drill_ended" {
                reason: crate::engine::DrillEnd,
            },
            /// A reviewer's note added afterwards by `warroom review` (not part of the incident itself).
            ReviewNote = "review_note" {
                text: String,
            },
            /// A post taken in: the one an incident starts from (`--from-post`), or a feed mention.
            /// The same id seen again with new metrics is another `intake` (a reach snapshot).
            Intake = "intake" {
                /// SHA-256 of the raw bytes read (the file, the feed line or the CSV row), lowercase hex.
                sha256: String,
                format: crate::engine::post::Format,
                /// Where it came from: the file as given, `<stdin>`, or `FEED:LINE`.
                source: String,
                post: crate::engine::post::Post,
            },
            /// A mention was triaged (seed 003:33); a CS triage carries the mention as the hand-off item.
            Triaged = "triaged" {
                mention: String,
                triage: crate::engine::post::Triage,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                handoff: Option<crate::engine::post::Post>,
            },
            /// A mention was answered by a draft.
            MentionAnswered = "mention_answered" {
                mention: String,
                draft: u32,
            },
            /// A mention was escalated.
            MentionEscalated = "mention_escalated" {
                mention: String,
                reason: String,
            },
        }
    };
}
pub(crate) use with_event_kinds;

/// Builds [`EventKind`] and [`Kind`] from the table.
macro_rules! define_event_kinds {
    ($(
        $(#[$vmeta:meta])*
        $variant:ident = $name:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ),* $(,)?) => {
        /// What happened.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind")]
        pub enum EventKind {
            $(
                $(#[$vmeta])*
                #[serde(rename = $name)]
                $variant { $( $(#[$fmeta])* $field: $ty ),* },
            )*
        }

        /// The kind of an event without its fields, one per [`EventKind`] variant, in the
        /// table's order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $( $(#[$vmeta])* $variant, )*
        }

        impl Kind {
            /// How many kinds there are.
            pub const COUNT: usize = [$($name),*].len();

            /// Every kind, in the table's order (the order `warroom stats` lists them in).
            pub const ALL: [Kind; Kind::COUNT] = [$(Kind::$variant),*];

            /// The `kind` word used in the log.
            pub fn name(self) -> &'static str {
                match self {
                    $( Kind::$variant => $name, )*
                }
            }

            /// The kind a `kind` word names.
            pub fn from_name(name: &str) -> Option<Kind> {
                match name {
                    $( $name => Some(Kind::$variant), )*
                    _ => None,
                }
            }

            /// The kind's place in [`Kind::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl EventKind {
            /// The kind of this event.
            pub fn kind(&self) -> Kind {
                match self {
                    $( EventKind::$variant { .. } => Kind::$variant, )*
                }
            }
        }
    };
}

with_event_kinds!(define_event_kinds);

impl EventKind {
    /// The `kind` word used in the log.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_sits_at_its_index_and_its_name_round_trips() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i, "{kind}");
            assert_eq!(Kind::from_name(kind.name()), Some(kind), "{kind}");
        }
        assert_eq!(
            Kind::ALL[0],
            Kind::Opened,
            "the first event is always `opened`"
        );
        assert_eq!(Kind::from_name("nope"), None);
    }
}
