//! The session state machine: what an incident's state is, and the questions asked of it.
//! `apply(Command)` (in `apply.rs`) proposes events without changing anything; `fold(Event)`
//! (in `fold.rs`) is the only way the state changes, so `replay(events)` rebuilds it exactly.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::command::CommandError;
use super::event::{Event, Mode, PlaybookRef};
use crate::playbook::{Audience, Channel, Outcome, Playbook, PublicState, Step};

/// A draft saved during the incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub number: u32,
    pub step: String,
    pub template: Option<String>,
    pub channel: Channel,
    pub voice: Option<String>,
    pub text: String,
    /// SHA-256 of `text`: what an approval is bound to.
    pub text_sha: String,
    pub saved_at: DateTime<FixedOffset>,
    /// The last time the text was changed after it was saved.
    pub edited_at: Option<DateTime<FixedOffset>>,
    pub posted_at: Option<DateTime<FixedOffset>>,
    pub discarded_at: Option<DateTime<FixedOffset>>,
    /// The later parts of a thread name the thread's first draft.
    pub thread: Option<u32>,
    /// The privacy findings it is held for (empty when not held); an edit releases it.
    pub held: Vec<String>,
    /// The audience whose update it is, if it is one.
    pub audience: Option<Audience>,
    /// The approved holding statement it was made from.
    pub statement: Option<super::event::StatementRef>,
    /// Every approval given to it, valid or voided by a later edit.
    pub approvals: Vec<DraftApproval>,
}

/// An approval of a draft: who, in which role, when, and the SHA-256 of the text approved
/// (`None` in logs from before approvals carried it).
#[derive(Debug, Clone, PartialEq)]
pub struct DraftApproval {
    pub by: String,
    pub role: String,
    pub at: DateTime<FixedOffset>,
    pub sha256: Option<String>,
    /// A holding statement's approval: it holds while the text is this statement text with
    /// only its placeholders filled in.
    pub statement_text: Option<String>,
}

/// Where a draft stands, as the drafts list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftState {
    Draft,
    /// Stopped by the privacy guard; posting it needs an edit or a forced post.
    Held,
    /// Approved as it is now.
    Approved,
    Posted,
    Discarded,
}

impl DraftState {
    pub fn word(self) -> &'static str {
        match self {
            DraftState::Draft => "draft",
            DraftState::Held => "held",
            DraftState::Approved => "approved",
            DraftState::Posted => "posted",
            DraftState::Discarded => "discarded",
        }
    }
}

/// One entry of the path taken: a step, when it was entered (and left), and the checklist
/// items ticked during this visit. Entering a step again starts its checklist afresh: the
/// earlier visit's ticks stay here (and in the log) but no longer count.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub step: usize,
    pub entered_at: DateTime<FixedOffset>,
    pub left_at: Option<DateTime<FixedOffset>>,
    /// Items ticked in this visit (and not unticked since), with when.
    pub ticked: BTreeMap<String, DateTime<FixedOffset>>,
}

/// A seat in the room: its operator, role and machine (empty for the seat that opened or
/// resumed the incident, whose events do not say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Present {
    pub name: String,
    pub role: Option<String>,
    pub machine: String,
}

/// The incident's state, derived from its events alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Who is in the room, in the order they came (see `fold_presence`).
    pub present: Vec<Present>,
    pub playbook: Arc<Playbook>,
    pub playbook_ref: Option<PlaybookRef>,
    pub title: String,
    pub mode: Mode,
    pub opened_at: Option<DateTime<FixedOffset>>,
    /// Index of the current step.
    pub current: usize,
    /// Steps to return to with `back` (the current step is not on it).
    pub back_stack: Vec<usize>,
    /// The approved holding statements at hand (not part of the log; a draft made from one
    /// records it).
    pub statements: Arc<Vec<crate::statements::Loaded>>,
    /// Every visit in order, backs included.
    pub path: Vec<Visit>,
    /// Ticked items per step id, with when they were ticked, across all visits (an untick
    /// removes one): when an item was done at all, for scoring and deadlines. Whether an item
    /// counts now is the current visit's business: see [`Session::is_ticked`].
    pub ticked: BTreeMap<String, BTreeMap<String, DateTime<FixedOffset>>>,
    pub variables: BTreeMap<String, String>,
    pub drafts: Vec<Draft>,
    /// Posts in log order: draft number, when, on which channel.
    pub posts: Vec<(u32, DateTime<FixedOffset>, Channel)>,
    pub approvals: Vec<DateTime<FixedOffset>>,
    pub notes: usize,
    /// Deadline instances already logged as breached: (deadline id, due time).
    pub breaches: BTreeSet<(String, DateTime<FixedOffset>)>,
    pub closed: Option<(Outcome, DateTime<FixedOffset>)>,
    /// The public state last set, and when.
    pub public_state: Option<(PublicState, DateTime<FixedOffset>)>,
    /// The last seq folded in.
    pub seq: u64,
    /// Choices taken: (from step index, to step index), for graph overlays.
    pub edges: Vec<(usize, usize)>,
    /// For each step (by index), the indices in `path` of its visits, in order: deadlines look
    /// up a step's visits without walking the whole path.
    pub visits: Vec<Vec<usize>>,
    /// True while every event folded so far is no earlier than the one before it (a clock
    /// that never went back). Then `path`, `posts` and `approvals` are in time order, and a
    /// deadline finds "the first one at or after" by binary search instead of a scan.
    pub in_time_order: bool,
    /// The time of the last event folded.
    pub last_at: Option<DateTime<FixedOffset>>,
    /// Indices in `drafts` of the drafts not yet posted, oldest first: the newest unposted
    /// ones are found without walking back through every posted draft.
    pub unposted: BTreeSet<usize>,
    /// In a drill: the drill clock, the injects delivered and acknowledged, the end.
    pub drill: super::drill_state::DrillState,
}

impl Session {
    /// A session before its `opened` event: at the playbook's start step.
    pub fn new(playbook: Arc<Playbook>) -> Session {
        let current = playbook.step_index(&playbook.start).unwrap_or(0);
        let playbook_steps = playbook.steps.len();
        Session {
            playbook,
            playbook_ref: None,
            title: String::new(),
            mode: Mode::Live,
            opened_at: None,
            current,
            back_stack: Vec::new(),
            statements: Arc::new(Vec::new()),
            path: Vec::new(),
            ticked: BTreeMap::new(),
            variables: BTreeMap::new(),
            drafts: Vec::new(),
            posts: Vec::new(),
            approvals: Vec::new(),
            notes: 0,
            present: Vec::new(),
            breaches: BTreeSet::new(),
            closed: None,
            public_state: None,
            seq: 0,
            edges: Vec::new(),
            visits: vec![Vec::new(); playbook_steps],
            in_time_order: true,
            drill: Default::default(),
            last_at: None,
            unposted: BTreeSet::new(),
        }
    }

    /// Rebuilds a session from its events.
    pub fn replay<'a>(
        playbook: Arc<Playbook>,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Session {
        let mut s = Session::new(playbook);
        for e in events {
            s.fold(e);
        }
        s
    }

    pub fn step(&self) -> &Step {
        &self.playbook.steps[self.current]
    }

    pub fn step_at(&self, idx: usize) -> &Step {
        &self.playbook.steps[idx]
    }

    /// Whether `item` is ticked in the latest visit of `step` (a step entered again starts
    /// its checklist afresh).
    pub fn is_ticked(&self, step: &str, item: &str) -> bool {
        self.latest_visit_of(step)
            .is_some_and(|v| v.ticked.contains_key(item))
    }

    /// The latest visit of the step `id` (the current one when it is the current step).
    pub fn latest_visit_of(&self, id: &str) -> Option<&Visit> {
        let idx = self.index_of(id)?;
        let &i = self.visits.get(idx)?.last()?;
        self.path.get(i)
    }

    /// The latest visit of the step `id`, to tick or untick in.
    pub(super) fn latest_visit_of_mut(&mut self, id: &str) -> Option<&mut Visit> {
        let idx = self.index_of(id)?;
        let &i = self.visits.get(idx)?.last()?;
        self.path.get_mut(i)
    }

    /// Required items of the current step not yet ticked.
    pub fn unticked_required(&self) -> Vec<String> {
        let step = self.step();
        step.checklist
            .iter()
            .filter(|i| i.required && !self.is_ticked(&step.id, &i.id))
            .map(|i| i.id.clone())
            .collect()
    }

    /// The latest draft not yet posted.
    pub fn latest_unposted(&self) -> Option<&Draft> {
        self.unposted.last().map(|&i| &self.drafts[i])
    }

    /// The drafts not yet posted, newest first.
    pub fn unposted_newest_first(&self) -> impl Iterator<Item = &Draft> {
        self.unposted.iter().rev().map(|&i| &self.drafts[i])
    }

    pub fn draft(&self, n: u32) -> Option<&Draft> {
        self.draft_index(n).map(|i| &self.drafts[i])
    }

    pub(super) fn draft_mut(&mut self, n: u32) -> Option<&mut Draft> {
        self.draft_index(n).map(|i| &mut self.drafts[i])
    }

    /// Where draft `n` is in `drafts`: drafts are numbered from 1 in order, so at `n - 1`
    /// (looked up in full only if a log numbers them otherwise).
    pub(super) fn draft_index(&self, n: u32) -> Option<usize> {
        let guess = (n as usize).wrapping_sub(1);
        match self.drafts.get(guess) {
            Some(d) if d.number == n => Some(guess),
            _ => self.drafts.iter().position(|d| d.number == n),
        }
    }

    pub fn last_post_at(&self) -> Option<DateTime<FixedOffset>> {
        self.posts.last().map(|p| p.1)
    }

    /// The last post on one of `channels` (any post when `None`).
    pub fn last_post_on(&self, channels: Option<&[Channel]>) -> Option<DateTime<FixedOffset>> {
        self.posts
            .iter()
            .rev()
            .find(|p| channels.is_none_or(|cs| cs.contains(&p.2)))
            .map(|p| p.1)
    }

    /// When the current step was entered.
    pub fn entered_current_at(&self) -> Option<DateTime<FixedOffset>> {
        self.path.last().map(|v| v.entered_at)
    }

    /// Resolves a choice token: target id, hotkey, or 1-based number.
    pub fn resolve_choice(&self, token: &str) -> Result<usize, CommandError> {
        let step = self.step();
        let t = token.trim();
        if let Ok(n) = t.parse::<usize>()
            && n >= 1
            && n <= step.choices.len()
        {
            return Ok(n - 1);
        }
        if let Some(i) = step.choices.iter().position(|c| c.target == t) {
            return Ok(i);
        }
        let mut chars = t.chars();
        if let (Some(k), None) = (chars.next(), chars.next())
            && let Some(i) = step
                .choices
                .iter()
                .position(|c| c.key.is_some_and(|ck| ck.eq_ignore_ascii_case(&k)))
        {
            return Ok(i);
        }
        let list = step
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {} ({})", i + 1, c.target, c.label))
            .collect::<Vec<_>>()
            .join("; ");
        Err(CommandError::UnknownChoice(
            t.to_string(),
            if list.is_empty() {
                "none (this step has no choices)".into()
            } else {
                list
            },
        ))
    }

    /// The display name of a role id (the id itself when undeclared).
    pub fn role_name(&self, role: &str) -> String {
        self.playbook
            .role(role)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| role.to_string())
    }

    /// Enters step `idx` at `at`, leaving the current one.
    pub(super) fn enter(&mut self, idx: usize, at: DateTime<FixedOffset>) {
        if let Some(v) = self.path.last_mut() {
            v.left_at = Some(at);
        }
        self.current = idx;
        if let Some(v) = self.visits.get_mut(idx) {
            v.push(self.path.len());
        }
        self.path.push(Visit {
            step: idx,
            entered_at: at,
            left_at: None,
            ticked: BTreeMap::new(),
        });
    }

    pub(super) fn index_of(&self, id: &str) -> Option<usize> {
        self.playbook.step_index(id)
    }
}
