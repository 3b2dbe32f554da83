//! The analysis of a log for review: the timeline with categories and amendment links, the
//! path as time spent in each step, every decision with the choices not taken, deadline
//! outcomes, drafts with their posts and approvals, and who took part.
//!
//! Step spans come from the events alone and are contiguous: they cover the incident from its
//! opening to its end without gap or overlap, so their durations add up to the incident's.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::Category;
use super::followup::{FollowUp, parse_due};
use crate::engine::deadlines::State;
use crate::engine::{Event, EventKind, Mode, PlaybookRef, Session};
use crate::playbook::{Channel, Outcome, Playbook};
use crate::text::neutralize;

type Time = DateTime<FixedOffset>;

/// Who an entry, draft or post was for: external is what the public saw (a post on a public
/// channel, [`Channel::is_public`], or a change of the public state); everything else is
/// internal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Internal,
    External,
}

impl Scope {
    /// The scope of an event.
    pub fn of(kind: &EventKind) -> Scope {
        match kind {
            EventKind::Posted { channel, .. } if channel.is_public() => Scope::External,
            EventKind::PublicStateSet { .. } => Scope::External,
            _ => Scope::Internal,
        }
    }

    pub fn of_channel(channel: Channel) -> Scope {
        if channel.is_public() {
            Scope::External
        } else {
            Scope::Internal
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Scope::Internal => "internal",
            Scope::External => "external",
        }
    }
}

/// One row of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Index into the log's events.
    #[serde(skip)]
    pub index: usize,
    pub seq: u64,
    pub at: Time,
    /// "name (role)".
    pub actor: String,
    /// The log's kind word.
    pub kind: &'static str,
    pub category: Category,
    pub scope: Scope,
    /// One line, control characters neutralised.
    pub summary: String,
    /// The step the incident was at when the event was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// For an amendment: the seq it corrects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<u64>,
    /// The seqs of the amendments that correct this event.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<u64>,
}

/// A stay in one step: from entering it to leaving it (or the end).
#[derive(Debug, Clone, Serialize)]
pub struct StepSpan {
    pub step: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub entered: Time,
    pub left: Time,
    pub secs: i64,
    /// Still in this step at the end of the log (not closed).
    pub current: bool,
}

/// A choice taken, and the ones that were not.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub seq: u64,
    pub at: Time,
    pub from: String,
    pub taken: String,
    pub to: String,
    /// (label, target) of the step's other choices; empty when the playbook was not found.
    pub not_taken: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<String>,
}

/// How a deadline ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum DeadlineOutcome {
    /// Met on time, at `at`.
    Met { at: Time },
    /// Met, but after it was due.
    MetLate { at: Time },
    /// Not met by the end; `noticed` is when the breach was logged.
    Breached { noticed: Option<Time> },
    /// Not yet due when the log ends.
    Open,
}

impl DeadlineOutcome {
    pub fn word(self) -> &'static str {
        match self {
            DeadlineOutcome::Met { .. } => "met",
            DeadlineOutcome::MetLate { .. } => "met late",
            DeadlineOutcome::Breached { .. } => "BREACHED",
            DeadlineOutcome::Open => "open",
        }
    }

    pub fn is_breach(self) -> bool {
        matches!(
            self,
            DeadlineOutcome::MetLate { .. } | DeadlineOutcome::Breached { .. }
        )
    }
}

/// A deadline instance and its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineRow {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    pub due_at: Time,
    pub outcome: DeadlineOutcome,
}

/// A draft, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct DraftRow {
    pub number: u32,
    pub step: String,
    pub channel: Channel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    pub saved_at: Time,
    pub saved_by: String,
    pub text: String,
    /// External once posted on a public channel; internal otherwise.
    pub scope: Scope,
    /// (by, role, at).
    pub approvals: Vec<(String, String, Time)>,
    /// Sign-offs of its chain: (by, role, at), in order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signoffs: Vec<(String, String, Time)>,
    /// A signer sent it back: (by, role, reason, at).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declines: Vec<(String, String, String, Time)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub privacy: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posted: Option<Post>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Post {
    pub at: Time,
    pub scope: Scope,
    pub by: String,
    /// The text as posted, verbatim.
    pub text: String,
    pub forced: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Someone who recorded events, with the roles they acted in.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub roles: Vec<String>,
    pub events: usize,
}

impl Person {
    /// "kim as comms (34 events)".
    pub fn describe(&self) -> String {
        let n = if self.events == 1 {
            "1 event".to_string()
        } else {
            format!("{} events", self.events)
        };
        if self.roles.is_empty() {
            format!("{} ({n})", self.name)
        } else {
            format!("{} as {} ({n})", self.name, self.roles.join(", "))
        }
    }
}

/// The text of the amendment recorded as event `seq` (events are numbered from 1 in order).
pub fn correction(events: &[Event], seq: u64) -> Option<&str> {
    let e = events.get(usize::try_from(seq).ok()?.checked_sub(1)?)?;
    match &e.kind {
        EventKind::Amended { text, .. } if e.seq == seq => Some(text),
        _ => None,
    }
}

/// The follow-up a post makes, when its draft's template declares a promise. Later parts of
/// a thread do not repeat the promise of its first part.
fn promise_of(
    p: &Playbook,
    step: &str,
    template: Option<&(Option<String>, bool)>,
    post: &Event,
    variables: &BTreeMap<String, String>,
) -> Option<FollowUp> {
    let (Some(tid), false) = template? else {
        return None;
    };
    let EventKind::Posted { draft, channel, .. } = &post.kind else {
        return None;
    };
    let in_step = p
        .step(step)
        .and_then(|s| s.drafts.iter().find(|t| &t.id == tid));
    let t = in_step.or_else(|| {
        p.steps
            .iter()
            .flat_map(|s| &s.drafts)
            .find(|t| &t.id == tid)
    })?;
    let pr = t.promise.as_ref()?;
    let value = variables.get(&pr.by).cloned();
    let (due, due_problem) = match &value {
        None => (
            None,
            Some(format!("{} was not set when this was posted", pr.by)),
        ),
        Some(v) => match parse_due(v, post.at) {
            Ok(d) => (Some(d), None),
            Err(why) => (None, Some(format!("{}: {why}", pr.by))),
        },
    };
    Some(FollowUp {
        seq: post.seq,
        draft: *draft,
        template: tid.clone(),
        what: pr.what.clone(),
        owner: pr.owner.clone(),
        channel: *channel,
        posted_at: post.at,
        by_variable: pr.by.clone(),
        by_value: value.unwrap_or_default(),
        due,
        due_problem,
    })
}

/// What ends the reviewed period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// The incident was closed.
    Closed,
    /// The drill ended (without the incident being closed).
    DrillEnded,
    /// Still open: the period ends at the last event.
    LastEvent,
}

/// Everything a review shows, computed from a log's events.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub title: String,
    pub mode: Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playbook: Option<PlaybookRef>,
    /// Why the choices not taken or the deadline outcomes are incomplete, if they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playbook_note: Option<String>,
    pub people: Vec<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Time>,
    pub end_kind: End,
    pub duration_secs: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The public state as last set (Investigating, Identified, Monitoring, Resolved), and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_state: Option<(crate::playbook::PublicState, Time)>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    pub entries: Vec<Entry>,
    pub steps: Vec<StepSpan>,
    pub decisions: Vec<Decision>,
    pub deadlines: Vec<DeadlineRow>,
    pub drafts: Vec<DraftRow>,
    /// Events per log kind word.
    pub counts: BTreeMap<&'static str, usize>,
    /// The first post on a public channel (as `warroom stats` defines it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_public_ack: Option<Time>,
    /// The closing, when it handed the case to customer service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cs_handoff: Option<Time>,
    /// Promises made in posts (templates with a `promise`; needs the playbook).
    pub followups: Vec<FollowUp>,
}

fn actor_label(e: &Event) -> String {
    match &e.actor.role {
        Some(r) => format!("{} ({r})", e.actor.name),
        None => e.actor.name.clone(),
    }
}

/// The step an event moves the incident to, if it moves it.
fn moves_to(kind: &EventKind) -> Option<&str> {
    match kind {
        EventKind::Decided { to, .. }
        | EventKind::WentBack { to, .. }
        | EventKind::Approved { to, .. }
        | EventKind::Rejected { to, .. } => Some(to),
        _ => None,
    }
}

/// Seconds from `a` to `b` counted on whole-second clock readings, so that spans laid end to
/// end add up to the whole (rounding each span down on its own loses up to a second a step).
fn whole_secs(a: Time, b: Time) -> i64 {
    b.timestamp() - a.timestamp()
}

impl Analysis {
    /// Analyses `events`. `playbook` is the playbook the incident ran on, when found (it adds
    /// the choices not taken and deadline outcomes); `playbook_note` says why it is missing or
    /// differs.
    pub fn build(
        events: &[Event],
        playbook: Option<&Playbook>,
        playbook_note: Option<String>,
    ) -> Analysis {
        let mut a = Analysis {
            title: String::new(),
            mode: Mode::Live,
            playbook: None,
            playbook_note,
            people: Vec::new(),
            start: None,
            end: None,
            end_kind: End::LastEvent,
            duration_secs: 0,
            outcome: None,
            public_state: None,
            summary: String::new(),
            entries: Vec::with_capacity(events.len()),
            steps: Vec::new(),
            decisions: Vec::new(),
            deadlines: Vec::new(),
            drafts: Vec::new(),
            counts: BTreeMap::new(),
            first_public_ack: None,
            cs_handoff: None,
            followups: Vec::new(),
        };
        let title_of = |id: &str| playbook.and_then(|p| p.step(id)).map(|s| s.title.clone());
        let mut current: Option<(String, Time)> = None;
        let mut closed_at: Option<Time> = None;
        let mut drill_end: Option<Time> = None;
        let mut amended_by: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
        let mut breach_noticed: BTreeMap<(String, Time), Time> = BTreeMap::new();
        let mut variables: BTreeMap<String, String> = BTreeMap::new();
        // draft number → (template id, part of a later thread).
        let mut draft_template: BTreeMap<u32, (Option<String>, bool)> = BTreeMap::new();

        for (index, e) in events.iter().enumerate() {
            *a.counts.entry(e.kind.name()).or_default() += 1;
            let who = actor_label(e);
            match a.people.iter_mut().find(|p| p.name == e.actor.name) {
                Some(p) => {
                    p.events += 1;
                    if let Some(r) = &e.actor.role
                        && !p.roles.contains(r)
                    {
                        p.roles.push(r.clone());
                    }
                }
                None => a.people.push(Person {
                    name: e.actor.name.clone(),
                    roles: e.actor.role.iter().cloned().collect(),
                    events: 1,
                }),
            }
            a.entries.push(Entry {
                index,
                seq: e.seq,
                at: e.at,
                actor: neutralize(&who, false),
                kind: e.kind.name(),
                category: Category::of(&e.kind),
                scope: Scope::of(&e.kind),
                summary: neutralize(&e.kind.describe(), false),
                step: current.as_ref().map(|c| c.0.clone()),
                amends: match &e.kind {
                    EventKind::Amended { target, .. } => Some(*target),
                    _ => None,
                },
                amended_by: Vec::new(),
            });
            if closed_at.is_some() {
                // Events after the closing (review notes) do not extend the incident.
                if let EventKind::Amended { target, .. } = &e.kind {
                    amended_by.entry(*target).or_default().push(e.seq);
                }
                continue;
            }
            match &e.kind {
                EventKind::Opened {
                    playbook: p,
                    title,
                    mode,
                    start,
                    ..
                } => {
                    a.title = title.clone();
                    a.mode = *mode;
                    a.playbook = Some(p.clone());
                    a.start = Some(e.at);
                    current = Some((start.clone(), e.at));
                }
                EventKind::Decided {
                    from,
                    choice,
                    label,
                    to,
                    overridden,
                } => {
                    let not_taken = playbook
                        .and_then(|p| p.step(from))
                        .map(|s| {
                            s.choices
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| i + 1 != *choice)
                                .map(|(_, c)| (c.label.clone(), c.target.clone()))
                                .collect()
                        })
                        .unwrap_or_default();
                    a.decisions.push(Decision {
                        seq: e.seq,
                        at: e.at,
                        from: from.clone(),
                        taken: label.clone(),
                        to: to.clone(),
                        not_taken,
                        overridden: overridden.clone(),
                    });
                }
                EventKind::VariableSet { name, value } => {
                    variables.insert(name.clone(), value.clone());
                }
                EventKind::DraftSaved {
                    draft,
                    step,
                    channel,
                    voice,
                    text,
                    template,
                    thread,
                    ..
                } => {
                    draft_template.insert(*draft, (template.clone(), thread.is_some()));
                    a.drafts.push(DraftRow {
                        number: *draft,
                        step: step.clone(),
                        channel: *channel,
                        voice: voice.clone(),
                        saved_at: e.at,
                        saved_by: who.clone(),
                        text: text.clone(),
                        scope: Scope::Internal,
                        approvals: Vec::new(),
                        signoffs: Vec::new(),
                        declines: Vec::new(),
                        privacy: Vec::new(),
                        posted: None,
                    })
                }
                EventKind::Posted {
                    draft,
                    text,
                    forced,
                    warnings,
                    channel,
                } => {
                    if channel.is_public() {
                        a.first_public_ack.get_or_insert(e.at);
                    }
                    if let Some(d) = a.drafts.iter_mut().find(|d| d.number == *draft) {
                        d.scope = Scope::of_channel(*channel);
                        if let Some(f) = playbook.and_then(|p| {
                            promise_of(p, &d.step, draft_template.get(draft), e, &variables)
                        }) {
                            a.followups.push(f);
                        }
                        d.posted = Some(Post {
                            scope: Scope::of_channel(*channel),
                            at: e.at,
                            by: who.clone(),
                            text: text.clone(),
                            forced: *forced,
                            warnings: warnings.clone(),
                        });
                    }
                }
                EventKind::PrivacyWarning {
                    draft,
                    findings,
                    decision,
                } => {
                    if let Some(d) = a.drafts.iter_mut().find(|d| d.number == *draft) {
                        d.privacy
                            .push(format!("{} → {decision}", findings.join(", ")));
                    }
                }
                EventKind::Approved {
                    draft,
                    role,
                    by,
                    texts,
                    ..
                } => {
                    // Every draft approved (older logs name only the first).
                    let numbers: Vec<u32> = if texts.is_empty() {
                        draft.iter().copied().collect()
                    } else {
                        texts.iter().map(|t| t.draft).collect()
                    };
                    for n in numbers {
                        if let Some(d) = a.drafts.iter_mut().find(|d| d.number == n) {
                            d.approvals.push((by.clone(), role.clone(), e.at));
                        }
                    }
                }
                EventKind::SignedOff { role, by, texts } => {
                    for t in texts {
                        if let Some(d) = a.drafts.iter_mut().find(|d| d.number == t.draft) {
                            d.signoffs.push((by.clone(), role.clone(), e.at));
                        }
                    }
                }
                EventKind::DraftDeclined {
                    draft,
                    role,
                    by,
                    reason,
                } => {
                    if let Some(d) = a.drafts.iter_mut().find(|d| d.number == *draft) {
                        d.declines
                            .push((by.clone(), role.clone(), reason.clone(), e.at));
                    }
                }
                EventKind::Amended { target, .. } => {
                    amended_by.entry(*target).or_default().push(e.seq);
                }
                EventKind::DeadlineBreached {
                    deadline, due_at, ..
                } => {
                    breach_noticed
                        .entry((deadline.clone(), *due_at))
                        .or_insert(e.at);
                }
                EventKind::DrillEnded { .. } => {
                    drill_end.get_or_insert(e.at);
                }
                EventKind::PublicStateSet { state } => a.public_state = Some((*state, e.at)),
                EventKind::Closed {
                    outcome, summary, ..
                } => {
                    a.outcome = Some(*outcome);
                    a.summary = summary.clone();
                    if *outcome == Outcome::HandedOffToCs {
                        a.cs_handoff = Some(e.at);
                    }
                    closed_at = Some(e.at);
                }
                _ => {}
            }
            if let Some(to) = moves_to(&e.kind)
                && let Some((step, entered)) = current.take()
            {
                a.steps.push(StepSpan {
                    title: title_of(&step),
                    step,
                    entered,
                    left: e.at,
                    secs: whole_secs(entered, e.at),
                    current: false,
                });
                current = Some((to.to_string(), e.at));
            }
        }

        // The end of the reviewed period: the closing, else the drill's end, else the last
        // incident event (review notes excluded).
        let last_incident_event = events
            .iter()
            .rev()
            .find(|e| !matches!(e.kind, EventKind::ReviewNote { .. }))
            .map(|e| e.at);
        let (end, end_kind) = match (closed_at, drill_end) {
            (Some(t), _) => (Some(t), End::Closed),
            (None, Some(t)) => (Some(t), End::DrillEnded),
            (None, None) => (last_incident_event, End::LastEvent),
        };
        a.end = end;
        a.end_kind = end_kind;
        if let (Some(s), Some(e)) = (a.start, a.end) {
            a.duration_secs = whole_secs(s, e);
        }
        if let (Some((step, entered)), Some(end)) = (current, a.end) {
            let left = end.max(entered);
            a.steps.push(StepSpan {
                title: title_of(&step),
                step,
                entered,
                left,
                secs: whole_secs(entered, left),
                current: end_kind != End::Closed,
            });
        }
        for entry in &mut a.entries {
            if let Some(v) = amended_by.remove(&entry.seq) {
                entry.amended_by = v;
            }
        }

        // Deadline outcomes: from the playbook when found, else from the breaches logged.
        match (playbook, a.end) {
            (Some(p), Some(end)) => {
                let incident: Vec<&Event> = events
                    .iter()
                    .filter(|e| !matches!(e.kind, EventKind::ReviewNote { .. }))
                    .collect();
                let session =
                    Session::replay(std::sync::Arc::new(p.clone()), incident.iter().copied());
                for s in session.deadline_outcomes(end) {
                    let outcome = match s.state {
                        State::Met(t) if t <= s.due_at => DeadlineOutcome::Met { at: t },
                        State::Met(t) => DeadlineOutcome::MetLate { at: t },
                        State::Breached => DeadlineOutcome::Breached {
                            noticed: breach_noticed.get(&(s.id.clone(), s.due_at)).copied(),
                        },
                        State::Pending | State::DueSoon => DeadlineOutcome::Open,
                    };
                    a.deadlines.push(DeadlineRow {
                        id: s.id,
                        label: s.label,
                        step: s.step,
                        due_at: s.due_at,
                        outcome,
                    });
                }
            }
            _ => {
                for e in events {
                    if let EventKind::DeadlineBreached {
                        deadline,
                        label,
                        due_at,
                        step,
                    } = &e.kind
                    {
                        a.deadlines.push(DeadlineRow {
                            id: deadline.clone(),
                            label: label.clone(),
                            step: step.clone(),
                            due_at: *due_at,
                            outcome: DeadlineOutcome::Breached {
                                noticed: Some(e.at),
                            },
                        });
                    }
                }
            }
        }
        a
    }

    /// `T+…` of a time, from the opening, as the screens write it (`T+01:16:00`).
    pub fn t_plus(&self, t: Time) -> String {
        match self.start {
            Some(o) => super::t_plus(o, t, super::TPlus::Clock),
            None => String::new(),
        }
    }

    /// The decision recorded by the event with this seq, if it is one.
    pub fn decision(&self, seq: u64) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.seq == seq)
    }

    /// The timeline entry with this seq.
    pub fn entry(&self, seq: u64) -> Option<&Entry> {
        // Events are numbered from 1 in order, so the entry for seq N is the Nth.
        let e = self
            .entries
            .get(usize::try_from(seq).ok()?.checked_sub(1)?)?;
        (e.seq == seq).then_some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Actor, PlaybookRef};

    fn at(s: &str) -> Time {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Step times read off a live clock (with fractions of a second) add up to the duration:
    /// each span is not rounded down on its own.
    #[test]
    fn step_times_add_up_to_the_duration_with_sub_second_clocks() {
        let actor = Actor {
            name: "kim".into(),
            role: None,
        };
        let ev = |seq: u64, t: &str, kind: EventKind| Event {
            seq,
            at: at(t),
            actor: actor.clone(),
            kind,
        };
        let moved = |from: &str, to: &str| EventKind::Decided {
            from: from.into(),
            choice: 1,
            label: "go".into(),
            to: to.into(),
            overridden: vec![],
        };
        let events = vec![
            ev(
                1,
                "2026-11-21T09:00:00.900+09:00",
                EventKind::Opened {
                    playbook: PlaybookRef {
                        path: "p.ron".into(),
                        abs_path: None,
                        id: "p".into(),
                        title: "P".into(),
                        version: "1".into(),
                        sha256: "00".into(),
                    },
                    title: "T".into(),
                    mode: Mode::Live,
                    warroom_version: "0".into(),
                    start: "a".into(),
                },
            ),
            ev(2, "2026-11-21T09:01:10.200+09:00", moved("a", "b")),
            ev(3, "2026-11-21T09:02:40.700+09:00", moved("b", "c")),
            ev(4, "2026-11-21T09:05:11.100+09:00", moved("c", "d")),
            ev(
                5,
                "2026-11-21T09:06:00.600+09:00",
                EventKind::Closed {
                    outcome: Outcome::Resolved,
                    step: "d".into(),
                    summary: String::new(),
                },
            ),
        ];
        let a = Analysis::build(&events, None, None);
        let total: i64 = a.steps.iter().map(|s| s.secs).sum();
        assert_eq!(a.steps.len(), 4);
        assert_eq!(total, a.duration_secs);
        assert_eq!(a.duration_secs, 6 * 60);
    }
}
