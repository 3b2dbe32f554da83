//! Builds an [`Analysis`] in one walk over the events: each event is counted, credited to its
//! person and listed on the timeline, then (until the closing) handed to the step for its
//! kind — the opening, a decision, a draft, a post, an approval… — and, when it moves the
//! incident, closes the current step's span. [`Builder::finish`] ends the period, the last
//! span, the amendment links and the deadline outcomes.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::{Analysis, End, rows::*};
use crate::engine::{Event, EventKind, Mode};
use crate::playbook::{Outcome, Playbook};
use crate::review::Category;
use crate::review::followup::{FollowUp, parse_due};
use crate::text::neutralize;

type Time = DateTime<FixedOffset>;

/// The analysis under way, and what the walk remembers between events.
pub(super) struct Builder<'p> {
    a: Analysis,
    playbook: Option<&'p Playbook>,
    /// The step the incident is at, and since when.
    current: Option<(String, Time)>,
    closed_at: Option<Time>,
    drill_end: Option<Time>,
    amended_by: BTreeMap<u64, Vec<u64>>,
    /// (deadline, due) → when its breach was logged.
    pub(super) breach_noticed: BTreeMap<(String, Time), Time>,
    variables: BTreeMap<String, String>,
    /// draft number → (template id, part of a later thread).
    draft_template: BTreeMap<u32, (Option<String>, bool)>,
}

/// "name (role)" of whom the event is credited to (an inject: its persona).
fn actor_label(e: &Event) -> String {
    match crate::review::credit::credited(e) {
        (name, Some(r)) => format!("{name} ({r})"),
        (name, None) => name,
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

impl<'p> Builder<'p> {
    pub(super) fn new(
        events: usize,
        playbook: Option<&'p Playbook>,
        playbook_note: Option<String>,
    ) -> Builder<'p> {
        Builder {
            a: Analysis {
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
                entries: Vec::with_capacity(events),
                steps: Vec::new(),
                decisions: Vec::new(),
                deadlines: Vec::new(),
                drafts: Vec::new(),
                counts: BTreeMap::new(),
                first_public_ack: None,
                cs_handoff: None,
                followups: Vec::new(),
            },
            playbook,
            current: None,
            closed_at: None,
            drill_end: None,
            amended_by: BTreeMap::new(),
            breach_noticed: BTreeMap::new(),
            variables: BTreeMap::new(),
            draft_template: BTreeMap::new(),
        }
    }

    fn title_of(&self, step: &str) -> Option<String> {
        self.playbook
            .and_then(|p| p.step(step))
            .map(|s| s.title.clone())
    }

    /// Takes in the event at `index`.
    pub(super) fn event(&mut self, index: usize, e: &Event) {
        *self.a.counts.entry(e.kind.name()).or_default() += 1;
        self.person(e);
        self.entry(index, e);
        if self.closed_at.is_some() {
            // Events after the closing (review notes) do not extend the incident.
            if let EventKind::Amended { target, .. } = &e.kind {
                self.amended_by.entry(*target).or_default().push(e.seq);
            }
            return;
        }
        self.apply(e);
        if let Some(to) = moves_to(&e.kind)
            && let Some((step, entered)) = self.current.take()
        {
            self.a.steps.push(StepSpan {
                title: self.title_of(&step),
                step,
                entered,
                left: e.at,
                secs: whole_secs(entered, e.at),
                current: false,
            });
            self.current = Some((to.to_string(), e.at));
        }
    }

    /// Credits the event to its person (and the role they acted in).
    fn person(&mut self, e: &Event) {
        if !crate::review::credit::by_the_team(e) {
            return;
        }
        match self.a.people.iter_mut().find(|p| p.name == e.actor.name) {
            Some(p) => {
                p.events += 1;
                if let Some(r) = &e.actor.role
                    && !p.roles.contains(r)
                {
                    p.roles.push(r.clone());
                }
            }
            None => self.a.people.push(Person {
                name: e.actor.name.clone(),
                roles: e.actor.role.iter().cloned().collect(),
                events: 1,
            }),
        }
    }

    /// Lists the event on the timeline.
    fn entry(&mut self, index: usize, e: &Event) {
        self.a.entries.push(Entry {
            index,
            seq: e.seq,
            at: e.at,
            actor: neutralize(&actor_label(e), false),
            kind: e.kind.name(),
            category: Category::of(&e.kind),
            scope: Scope::of(&e.kind),
            summary: neutralize(&e.describe(), false),
            step: self.current.as_ref().map(|c| c.0.clone()),
            amends: match &e.kind {
                EventKind::Amended { target, .. } => Some(*target),
                _ => None,
            },
            amended_by: Vec::new(),
        });
    }

    /// The step for the event's kind (one call per kind that matters to a review).
    fn apply(&mut self, e: &Event) {
        match &e.kind {
            EventKind::Opened { .. } => self.opened(e),
            EventKind::Decided { .. } => self.decided(e),
            EventKind::VariableSet { name, value } => {
                self.variables.insert(name.clone(), value.clone());
            }
            EventKind::DraftSaved { .. } => self.draft_saved(e),
            EventKind::Posted { .. } => self.posted(e),
            EventKind::PrivacyWarning { .. } => self.privacy(e),
            EventKind::Approved { .. } => self.approved(e),
            EventKind::SignedOff { .. } => self.signed_off(e),
            EventKind::DraftDeclined { .. } => self.declined(e),
            EventKind::Amended { target, .. } => {
                self.amended_by.entry(*target).or_default().push(e.seq);
            }
            EventKind::DeadlineBreached {
                deadline, due_at, ..
            } => {
                self.breach_noticed
                    .entry((deadline.clone(), *due_at))
                    .or_insert(e.at);
            }
            EventKind::DrillEnded { .. } => {
                self.drill_end.get_or_insert(e.at);
            }
            EventKind::PublicStateSet { state } => self.a.public_state = Some((*state, e.at)),
            EventKind::Closed { .. } => self.closed(e),
            _ => {}
        }
    }

    fn opened(&mut self, e: &Event) {
        let EventKind::Opened {
            playbook,
            title,
            mode,
            start,
            ..
        } = &e.kind
        else {
            return;
        };
        self.a.title = title.clone();
        self.a.mode = *mode;
        self.a.playbook = Some(playbook.clone());
        self.a.start = Some(e.at);
        self.current = Some((start.clone(), e.at));
    }

    /// A decision, with the step's other choices (from the playbook) as not taken.
    fn decided(&mut self, e: &Event) {
        let EventKind::Decided {
            from,
            choice,
            label,
            to,
            overridden,
        } = &e.kind
        else {
            return;
        };
        let not_taken = self
            .playbook
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
        self.a.decisions.push(Decision {
            seq: e.seq,
            at: e.at,
            from: from.clone(),
            taken: label.clone(),
            to: to.clone(),
            not_taken,
            overridden: overridden.clone(),
        });
    }

    fn draft_saved(&mut self, e: &Event) {
        let EventKind::DraftSaved {
            draft,
            step,
            channel,
            voice,
            text,
            template,
            thread,
            ..
        } = &e.kind
        else {
            return;
        };
        self.draft_template
            .insert(*draft, (template.clone(), thread.is_some()));
        self.a.drafts.push(DraftRow {
            number: *draft,
            step: step.clone(),
            channel: *channel,
            voice: voice.clone(),
            saved_at: e.at,
            saved_by: actor_label(e),
            text: text.clone(),
            scope: Scope::Internal,
            approvals: Vec::new(),
            signoffs: Vec::new(),
            declines: Vec::new(),
            privacy: Vec::new(),
            posted: None,
        })
    }

    fn draft_mut(&mut self, number: u32) -> Option<&mut DraftRow> {
        self.a.drafts.iter_mut().find(|d| d.number == number)
    }

    /// A post: the first public acknowledgement, the draft's post, the promise it makes.
    fn posted(&mut self, e: &Event) {
        let EventKind::Posted {
            draft,
            text,
            forced,
            warnings,
            channel,
        } = &e.kind
        else {
            return;
        };
        if channel.is_public() {
            self.a.first_public_ack.get_or_insert(e.at);
        }
        let Some(step) = self.draft_mut(*draft).map(|d| d.step.clone()) else {
            return;
        };
        if let Some(f) = self
            .playbook
            .and_then(|p| promise_of(p, &step, self.draft_template.get(draft), e, &self.variables))
        {
            self.a.followups.push(f);
        }
        if let Some(d) = self.draft_mut(*draft) {
            d.scope = Scope::of_channel(*channel);
            d.posted = Some(Post {
                scope: Scope::of_channel(*channel),
                at: e.at,
                by: actor_label(e),
                text: text.clone(),
                forced: *forced,
                warnings: warnings.clone(),
            });
        }
    }

    fn privacy(&mut self, e: &Event) {
        let EventKind::PrivacyWarning {
            draft,
            findings,
            decision,
        } = &e.kind
        else {
            return;
        };
        if let Some(d) = self.draft_mut(*draft) {
            d.privacy
                .push(format!("{} → {decision}", findings.join(", ")));
        }
    }

    /// An approval, on every draft approved (older logs name only the first).
    fn approved(&mut self, e: &Event) {
        let EventKind::Approved {
            draft,
            role,
            by,
            texts,
            ..
        } = &e.kind
        else {
            return;
        };
        let numbers: Vec<u32> = if texts.is_empty() {
            draft.iter().copied().collect()
        } else {
            texts.iter().map(|t| t.draft).collect()
        };
        for n in numbers {
            if let Some(d) = self.draft_mut(n) {
                d.approvals
                    .push((by.clone(), role.clone(), e.at, e.recorded_on_behalf()));
            }
        }
    }

    fn signed_off(&mut self, e: &Event) {
        let EventKind::SignedOff { role, by, texts } = &e.kind else {
            return;
        };
        for t in texts {
            if let Some(d) = self.draft_mut(t.draft) {
                d.signoffs
                    .push((by.clone(), role.clone(), e.at, e.recorded_on_behalf()));
            }
        }
    }

    fn declined(&mut self, e: &Event) {
        let EventKind::DraftDeclined {
            draft,
            role,
            by,
            reason,
        } = &e.kind
        else {
            return;
        };
        if let Some(d) = self.draft_mut(*draft) {
            d.declines.push((
                by.clone(),
                role.clone(),
                reason.clone(),
                e.at,
                e.recorded_on_behalf(),
            ));
        }
    }

    fn closed(&mut self, e: &Event) {
        let EventKind::Closed {
            outcome, summary, ..
        } = &e.kind
        else {
            return;
        };
        self.a.outcome = Some(*outcome);
        self.a.summary = summary.clone();
        if *outcome == Outcome::HandedOffToCs {
            self.a.cs_handoff = Some(e.at);
        }
        self.closed_at = Some(e.at);
    }

    /// Ends the walk: the reviewed period, the last step's span, the amendment links, the
    /// deadline outcomes.
    pub(super) fn finish(mut self, events: &[Event]) -> Analysis {
        self.period(events);
        self.last_span();
        for entry in &mut self.a.entries {
            if let Some(v) = self.amended_by.remove(&entry.seq) {
                entry.amended_by = v;
            }
        }
        self.a.deadlines =
            super::deadlines::outcomes(events, self.playbook, self.a.end, &self.breach_noticed);
        self.a
    }

    /// The end of the reviewed period: the closing, else the drill's end, else the last
    /// incident event (review notes excluded).
    fn period(&mut self, events: &[Event]) {
        let last_incident_event = events
            .iter()
            .rev()
            .find(|e| !matches!(e.kind, EventKind::ReviewNote { .. }))
            .map(|e| e.at);
        let (end, end_kind) = match (self.closed_at, self.drill_end) {
            (Some(t), _) => (Some(t), End::Closed),
            (None, Some(t)) => (Some(t), End::DrillEnded),
            (None, None) => (last_incident_event, End::LastEvent),
        };
        self.a.end = end;
        self.a.end_kind = end_kind;
        if let (Some(s), Some(e)) = (self.a.start, self.a.end) {
            self.a.duration_secs = whole_secs(s, e);
        }
    }

    /// The span of the step the incident was at when the period ended.
    fn last_span(&mut self) {
        if let (Some((step, entered)), Some(end)) = (self.current.take(), self.a.end) {
            let left = end.max(entered);
            self.a.steps.push(StepSpan {
                title: self.title_of(&step),
                step,
                entered,
                left,
                secs: whole_secs(entered, left),
                current: self.a.end_kind != End::Closed,
            });
        }
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
