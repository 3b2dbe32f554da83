//! The one-line human description of each event kind (text fields not neutralised; callers do
//! that for display). One match dispatches; the kinds that take more than a line have their own
//! function, grouped by family: the path, the drafts, the mentions and the drill.

use chrono::{DateTime, FixedOffset};

use super::event::{ApprovedText, DrillEnd, Event, FeedAuthor, Mode, PlaybookRef, ScenarioRef};
use super::kinds::EventKind;
use super::post::{Format, Post, Triage};
use crate::duration::Interval;
use crate::playbook::{Channel, Outcome};
use crate::scenario::{FeedChannel, Severity};

impl EventKind {
    /// A one-line human description (text fields not neutralised; callers do that for display).
    pub fn describe(&self) -> String {
        use EventKind as K;
        match self {
            K::Opened {
                title,
                playbook,
                mode,
                ..
            } => opened(title, playbook, *mode),
            K::Resumed { .. } => "resumed".into(),
            K::Joined { machine } => format!("joined from {machine}"),
            K::Left { machine } => format!("left ({machine})"),
            K::Decided {
                from,
                label,
                to,
                overridden,
                ..
            } => decided(from, label, to, overridden),
            K::WentBack { from, to } => format!("back from {from} to {to}"),
            K::Checked { step, item } => format!("✓ {step}.{item}"),
            K::Unchecked { step, item } => format!("✗ unticked {step}.{item}"),
            K::VariableSet { name, value } => format!("set {name} = {value}"),
            K::Note { text } => format!("note: {text}"),
            K::Observation { text, expectation } => match expectation {
                Some(x) => format!("observation on {x}: {text}"),
                None => format!("observation: {text}"),
            },
            K::ReviewNote {
                text,
                finding: None,
            } => format!("review note: {text}"),
            K::ReviewNote {
                text,
                finding: Some(f),
            } => format!(
                "finding ({}): {text} — action: {}; owner {}; due {}",
                f.ties.describe(),
                f.action,
                f.owner,
                f.due
            ),
            K::Intake {
                format,
                source,
                post,
                ..
            } => intake(*format, source, post),
            K::Triaged {
                mention,
                triage,
                handoff,
            } => triaged(mention, *triage, handoff.as_ref()),
            K::MentionAnswered { mention, draft } => {
                format!("mention {mention} answered by draft #{draft}")
            }
            K::MentionEscalated { mention, reason } => {
                format!("mention {mention} ESCALATED: {reason}")
            }
            K::DraftSaved {
                draft,
                channel,
                text,
                thread,
                ..
            } => draft_saved(*draft, *channel, text, *thread),
            K::DraftEdited { draft, text } => format!("draft #{draft} edited: {text}"),
            K::PublicStateSet { state } => format!("public state: {}", state.word()),
            K::SignedOff { role, by, texts } => signed_off(role, by, texts),
            K::DraftDeclined {
                draft,
                role,
                by,
                reason,
            } => format!("draft #{draft} declined by {by} as {role}: {reason}"),
            K::DraftDiscarded { draft, reason } => discarded(*draft, reason),
            K::Refused {
                command,
                draft,
                reason,
            } => refused(command, *draft, reason),
            K::Posted {
                draft,
                channel,
                text,
                forced,
                ..
            } => posted(*draft, *channel, text, *forced),
            K::PrivacyWarning {
                draft,
                findings,
                decision,
            } => format!(
                "privacy warning on draft #{draft}: {} → {decision}",
                findings.join(", ")
            ),
            K::Approved {
                step,
                role,
                by,
                draft,
                texts,
                ..
            } => approved(step, role, by, *draft, texts),
            K::Rejected {
                step, by, reason, ..
            } => format!("rejected {step} by {by}: {reason}"),
            K::Amended {
                target,
                occurred_at,
                text,
            } => amended(*target, occurred_at.as_ref(), text),
            K::DeadlineBreached { label, due_at, .. } => format!(
                "DEADLINE BREACHED: {label} (due {})",
                due_at.format("%H:%M:%S")
            ),
            K::Closed {
                outcome, summary, ..
            } => closed(*outcome, summary),
            K::DrillStarted {
                scenario,
                speed,
                duration,
                ..
            } => drill_started(scenario, *speed, *duration),
            K::InjectDelivered {
                inject,
                offset,
                channel,
                persona,
                text,
                severity,
                ack,
                delivery,
                ..
            } => {
                let line =
                    inject_delivered(inject, *offset, *channel, persona, text, *severity, *ack);
                match delivery {
                    crate::engine::Delivery::Scheduled => line,
                    crate::engine::Delivery::Early => {
                        format!("{line} [released early by the controller]")
                    }
                    crate::engine::Delivery::AdHoc => format!("{line} [ad hoc, by the controller]"),
                }
            }
            K::InjectSkipped {
                inject,
                offset,
                condition,
            } => format!("inject {inject} +{offset} not delivered (needs {condition})"),
            K::InjectAcknowledged { inject } => format!("acknowledged inject {inject}"),
            K::InjectReplied {
                inject,
                channel,
                to,
                text,
            } => format!(
                "replied to inject {inject} [{}] to {}: {text}",
                channel.label(),
                to.name
            ),
            K::DrillClockStarted { .. } => "EXERCISE clock started".into(),
            K::DrillSpeedChanged { speed, .. } => format!("drill clock now runs at {speed}x"),
            K::ControllerNote { text } => format!("controller's note: {text}"),
            K::DrillPaused { .. } => "drill paused".into(),
            K::DrillResumed { paused_secs, .. } => format!(
                "drill resumed after {} paused",
                Interval::from_secs(*paused_secs)
            ),
            K::DrillEnded { reason } => drill_ended(*reason),
        }
    }
}

impl EventKind {
    /// The mark a screen puts before the event's line when it is not a plain success or
    /// failure: an inject arriving (`⇣`, it is news, not an error) or not delivered (`–`).
    pub fn mark(&self) -> Option<&'static str> {
        match self {
            EventKind::InjectDelivered { .. } => Some("⇣"),
            EventKind::InjectSkipped { .. } => Some("–"),
            _ => None,
        }
    }
}

impl Event {
    /// Who the event comes from, as the screens list it (text not neutralised): an inject's
    /// persona (`name @handle (inject)`), since the operator who ran the drill did not say
    /// it; else the operator who recorded the event.
    pub fn source(&self) -> String {
        match &self.kind {
            EventKind::InjectDelivered { persona, .. } => format!("{} (inject)", persona.label()),
            _ => self.actor.name.clone(),
        }
    }
}

// The path: opening, decisions, corrections, closing.

fn opened(title: &str, playbook: &PlaybookRef, mode: Mode) -> String {
    let mode = match mode {
        Mode::Live => "live",
        Mode::Drill => "drill",
    };
    format!(
        "opened \"{title}\" ({mode}) on {} v{}",
        playbook.id, playbook.version
    )
}

fn decided(from: &str, label: &str, to: &str, overridden: &[String]) -> String {
    let mut s = format!("{from} → {to}: {label}");
    if !overridden.is_empty() {
        s.push_str(&format!(" (OVERRIDE, unticked: {})", overridden.join(", ")));
    }
    s
}

fn amended(target: u64, occurred_at: Option<&DateTime<FixedOffset>>, text: &str) -> String {
    match occurred_at {
        Some(t) => format!("amends #{target} (really at {}): {text}", t.to_rfc3339()),
        None => format!("amends #{target}: {text}"),
    }
}

fn closed(outcome: Outcome, summary: &str) -> String {
    if summary.is_empty() {
        format!("closed: {}", outcome.word())
    } else {
        format!("closed: {} — {summary}", outcome.word())
    }
}

// Mentions: posts taken in and triaged.

fn intake(format: Format, source: &str, post: &Post) -> String {
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

fn triaged(mention: &str, triage: Triage, handoff: Option<&Post>) -> String {
    match handoff {
        Some(p) => format!(
            "triaged {mention} → {} (hand-off to CS: {})",
            triage.label(),
            p.who()
        ),
        None => format!("triaged {mention} → {}", triage.label()),
    }
}

// Drafts: saved, signed off, discarded, refused, posted, approved.

/// `#1, #2` for the drafts of a list of approved texts.
fn draft_list(texts: &[ApprovedText]) -> Vec<String> {
    texts.iter().map(|t| format!("#{}", t.draft)).collect()
}

fn draft_saved(draft: u32, channel: Channel, text: &str, thread: Option<u32>) -> String {
    match thread {
        Some(t) => format!(
            "draft #{draft} ({}, thread of #{t}) saved: {text}",
            channel.label()
        ),
        None => format!("draft #{draft} ({}) saved: {text}", channel.label()),
    }
}

fn signed_off(role: &str, by: &str, texts: &[ApprovedText]) -> String {
    format!(
        "signed off by {by} as {role}: draft {}",
        draft_list(texts).join(", ")
    )
}

fn discarded(draft: u32, reason: &str) -> String {
    if reason.is_empty() {
        format!("draft #{draft} discarded")
    } else {
        format!("draft #{draft} discarded: {reason}")
    }
}

fn refused(command: &str, draft: Option<u32>, reason: &str) -> String {
    match draft {
        Some(d) => format!("REFUSED {command} #{d}: {reason}"),
        None => format!("REFUSED {command}: {reason}"),
    }
}

fn posted(draft: u32, channel: Channel, text: &str, forced: bool) -> String {
    format!(
        "POSTED #{draft} ({}){}: {text}",
        channel.label(),
        if forced { " [forced]" } else { "" }
    )
}

fn approved(
    step: &str,
    role: &str,
    by: &str,
    draft: Option<u32>,
    texts: &[ApprovedText],
) -> String {
    let drafts: Vec<String> = if texts.is_empty() {
        draft.iter().map(|d| format!("#{d}")).collect()
    } else {
        draft_list(texts)
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

// The drill: start, injects, end.

fn drill_started(scenario: &ScenarioRef, speed: u32, duration: Interval) -> String {
    format!(
        "EXERCISE started: scenario \"{}\" ({}), {duration} at {speed}x",
        scenario.title, scenario.id
    )
}

fn inject_delivered(
    inject: &str,
    offset: Interval,
    channel: FeedChannel,
    persona: &FeedAuthor,
    text: &str,
    severity: Option<Severity>,
    ack: bool,
) -> String {
    let mut s = format!(
        "INJECT {inject} +{offset} [{}] {}: {text}",
        channel.label(),
        persona.label()
    );
    if let Some(sev) = severity {
        s.push_str(&format!(" (severity now {})", sev.label()));
    }
    if ack {
        s.push_str(" [acknowledge]");
    }
    s
}

fn drill_ended(reason: DrillEnd) -> String {
    let why = match reason {
        DrillEnd::TimeUp => "time is up",
        DrillEnd::Facilitator => "ended by the facilitator",
        DrillEnd::ScriptEnded => "end of script",
        DrillEnd::Closed => "the incident was closed",
    };
    format!("EXERCISE ended: {why}")
}
