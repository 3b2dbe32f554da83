//! The session state machine: `apply(Command)` proposes events without changing anything;
//! `fold(Event)` is the only way the state changes, so `replay(events)` rebuilds it exactly.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::command::{Command, CommandError};
use super::event::{Actor, Event, Mode, PlaybookRef};
use super::kinds::EventKind;
use crate::playbook::{
    Audience, Channel, Outcome, Playbook, PublicState, Step, StepKind, template,
};

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

/// One entry of the path taken: a step and when it was entered (and left).
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub step: usize,
    pub entered_at: DateTime<FixedOffset>,
    pub left_at: Option<DateTime<FixedOffset>>,
}

/// The incident's state, derived from its events alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
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
    /// Ticked items per step id, with when they were ticked.
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
            breaches: BTreeSet::new(),
            closed: None,
            public_state: None,
            seq: 0,
            edges: Vec::new(),
            visits: vec![Vec::new(); playbook_steps],
            in_time_order: true,
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

    pub fn is_ticked(&self, step: &str, item: &str) -> bool {
        self.ticked.get(step).is_some_and(|m| m.contains_key(item))
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
    fn draft_index(&self, n: u32) -> Option<usize> {
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

    /// Turns a command into the events it would record, without changing the session. An
    /// update's `{next_update}` is filled from the last event's time ([`Session::apply_at`]
    /// gives the time the command is recorded at).
    pub fn apply(&self, cmd: &Command, actor: &Actor) -> Result<Vec<EventKind>, CommandError> {
        self.apply_at(cmd, actor, self.last_at)
    }

    /// As [`Session::apply`], for a command recorded at `now`.
    pub fn apply_at(
        &self,
        cmd: &Command,
        actor: &Actor,
        now: Option<DateTime<FixedOffset>>,
    ) -> Result<Vec<EventKind>, CommandError> {
        if self.closed.is_some() && !matches!(cmd, Command::Note { .. } | Command::Amend { .. }) {
            return Err(CommandError::Closed);
        }
        let step = self.step();
        let ev = match cmd {
            Command::Choose { choice, force } => {
                let i = self.resolve_choice(choice)?;
                let missing = self.unticked_required();
                if !missing.is_empty() && !force {
                    let texts = missing
                        .iter()
                        .map(|id| step.item(id).map(|i| i.text.clone()).unwrap_or_default())
                        .collect();
                    return Err(CommandError::RequiredUnticked {
                        step: step.id.clone(),
                        items: missing,
                        texts,
                    });
                }
                let c = &step.choices[i];
                EventKind::Decided {
                    from: step.id.clone(),
                    choice: i + 1,
                    label: c.label.clone(),
                    to: c.target.clone(),
                    overridden: missing,
                }
            }
            Command::Tick { item } | Command::Untick { item } => {
                let Some(it) = step.item(item.trim()) else {
                    let items = step
                        .checklist
                        .iter()
                        .map(|i| i.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(CommandError::UnknownItem(
                        step.id.clone(),
                        item.clone(),
                        if items.is_empty() {
                            "none".into()
                        } else {
                            items
                        },
                    ));
                };
                let ticked = self.is_ticked(&step.id, &it.id);
                match cmd {
                    Command::Tick { .. } if ticked => {
                        return Err(CommandError::AlreadyTicked(it.id.clone()));
                    }
                    Command::Tick { .. } => EventKind::Checked {
                        step: step.id.clone(),
                        item: it.id.clone(),
                    },
                    _ if !ticked => return Err(CommandError::NotTicked(it.id.clone())),
                    _ => EventKind::Unchecked {
                        step: step.id.clone(),
                        item: it.id.clone(),
                    },
                }
            }
            Command::Set { name, value } => {
                if self.playbook.variable(name).is_none() {
                    let vars = self
                        .playbook
                        .variables
                        .iter()
                        .map(|v| v.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(CommandError::UnknownVariable(name.clone(), vars));
                }
                EventKind::VariableSet {
                    name: name.clone(),
                    value: value.clone(),
                }
            }
            Command::Note { text } => {
                if text.trim().is_empty() {
                    return Err(CommandError::EmptyText);
                }
                EventKind::Note { text: text.clone() }
            }
            Command::SaveDraft {
                template: tid,
                text,
            } => {
                let tpl = match tid {
                    // The step's own template, or an update's from any step (updates go out
                    // on their cadence wherever the team is).
                    Some(id) => Some(
                        step.template(id)
                            .or_else(|| self.update_template(id))
                            .ok_or_else(|| {
                                CommandError::UnknownTemplate(step.id.clone(), id.clone())
                            })?,
                    ),
                    None => step.drafts.first(),
                };
                let audience = tpl.and_then(|t| self.audience_of_template(&t.id));
                let vars = self.render_vars(audience, now);
                let body = match (text, tpl) {
                    (Some(t), _) => template::render(t, &vars),
                    (None, Some(tpl)) => template::render(&tpl.text, &vars),
                    (None, None) => return Err(CommandError::NoTemplate(step.id.clone())),
                };
                if body.trim().is_empty() {
                    return Err(CommandError::EmptyText);
                }
                EventKind::DraftSaved {
                    draft: self.drafts.len() as u32 + 1,
                    step: step.id.clone(),
                    template: tpl.map(|t| t.id.clone()),
                    channel: tpl.map(|t| t.channel).unwrap_or(Channel::Tweet),
                    voice: tpl.and_then(|t| t.voice.clone()),
                    text: body,
                    thread: None,
                    audience,
                    statement: None,
                }
            }
            Command::UseStatement { id } => return self.apply_statement(id, now),
            Command::SetPublicState { state } => {
                if self.public_state.is_some_and(|(s, _)| s == *state) {
                    return Err(CommandError::SameState(*state));
                }
                EventKind::PublicStateSet { state: *state }
            }
            Command::SaveDraftOn {
                channel,
                text,
                audience,
            } => {
                let body = template::render(text, &self.render_vars(*audience, now));
                let channel = channel
                    .or_else(|| audience.and_then(|a| self.update_for(a)).map(|u| u.channel))
                    .unwrap_or(Channel::Tweet);
                if body.trim().is_empty() {
                    return Err(CommandError::EmptyText);
                }
                EventKind::DraftSaved {
                    draft: self.drafts.len() as u32 + 1,
                    step: step.id.clone(),
                    template: None,
                    channel,
                    voice: None,
                    text: body,
                    thread: None,
                    audience: *audience,
                    statement: None,
                }
            }
            Command::Post { draft, force } => return self.apply_post(*draft, *force),
            Command::SignOff { draft, by, role } => {
                return self.apply_sign(*draft, by, role, actor);
            }
            Command::Decline {
                draft,
                by,
                role,
                reason,
            } => return self.apply_decline(*draft, by, role, reason, actor),
            Command::Edit { draft, text } => return self.apply_edit(*draft, text, now),
            Command::Split { draft } => return self.apply_split(*draft),
            Command::Discard { draft, reason } => return self.apply_discard(*draft, reason),
            Command::PrivacyDecision {
                draft,
                findings,
                decision,
            } => {
                if self.draft(*draft).is_none() {
                    return Err(CommandError::NoDraft(format!(
                        ": there is no draft #{draft}"
                    )));
                }
                EventKind::PrivacyWarning {
                    draft: *draft,
                    findings: findings.clone(),
                    decision: decision.clone(),
                }
            }
            Command::Approve { by, .. } | Command::Reject { by, .. } => {
                let Some(a) = (step.kind == StepKind::Approval)
                    .then_some(step.approval.as_ref())
                    .flatten()
                else {
                    return Err(CommandError::NotApprovalStep(step.id.clone()));
                };
                let by = match by {
                    Some(b) if !b.trim().is_empty() => b.trim().to_string(),
                    _ if actor.role.as_deref() == Some(a.role.as_str()) => actor.name.clone(),
                    _ => {
                        return Err(CommandError::WrongApprover {
                            step: step.id.clone(),
                            role: a.role.clone(),
                        });
                    }
                };
                match cmd {
                    Command::Reject { reason, .. } => EventKind::Rejected {
                        step: step.id.clone(),
                        role: a.role.clone(),
                        by,
                        reason: reason.clone(),
                        to: a.reject.clone(),
                    },
                    Command::Approve { drafts, .. } => {
                        let texts = self.approval_texts(drafts)?;
                        EventKind::Approved {
                            step: step.id.clone(),
                            role: a.role.clone(),
                            by,
                            draft: texts.first().map(|t| t.draft),
                            to: a.approve.clone(),
                            texts,
                        }
                    }
                    _ => unreachable!("only approve and reject reach here"),
                }
            }
            Command::Back => {
                let Some(&prev) = self.back_stack.last() else {
                    return Err(CommandError::NothingBehind);
                };
                EventKind::WentBack {
                    from: step.id.clone(),
                    to: self.step_at(prev).id.clone(),
                }
            }
            Command::Amend {
                target,
                occurred_at,
                text,
            } => {
                if *target == 0 || *target > self.seq {
                    return Err(CommandError::UnknownEvent(*target));
                }
                if text.trim().is_empty() {
                    return Err(CommandError::EmptyText);
                }
                EventKind::Amended {
                    target: *target,
                    occurred_at: *occurred_at,
                    text: text.clone(),
                }
            }
            Command::Close { outcome, summary } => {
                let outcome = match (outcome, step.outcome) {
                    (Some(o), _) => *o,
                    (None, Some(o)) => o,
                    (None, None) => return Err(CommandError::OutcomeNeeded),
                };
                EventKind::Closed {
                    outcome,
                    step: step.id.clone(),
                    summary: summary.clone(),
                }
            }
        };
        Ok(vec![ev])
    }

    /// The display name of a role id (the id itself when undeclared).
    pub fn role_name(&self, role: &str) -> String {
        self.playbook
            .role(role)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| role.to_string())
    }

    fn enter(&mut self, idx: usize, at: DateTime<FixedOffset>) {
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
        });
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.playbook.step_index(id)
    }

    /// Applies one recorded event to the state. Unknown step ids (a log from another playbook
    /// version) leave the position unchanged rather than failing.
    pub fn fold(&mut self, e: &Event) {
        self.seq = e.seq;
        let at = e.at;
        if self.last_at.is_some_and(|last| at < last) {
            self.in_time_order = false;
        }
        self.last_at = Some(at);
        match &e.kind {
            EventKind::Opened {
                playbook,
                title,
                mode,
                start,
                ..
            } => {
                self.playbook_ref = Some(playbook.clone());
                self.title = title.clone();
                self.mode = *mode;
                self.opened_at = Some(at);
                let idx = self.index_of(start).unwrap_or(self.current);
                self.back_stack.clear();
                self.path.clear();
                self.visits.iter_mut().for_each(Vec::clear);
                self.enter(idx, at);
            }
            EventKind::Resumed { .. } | EventKind::Joined { .. } | EventKind::Left { .. } => {}
            EventKind::Decided { to, .. }
            | EventKind::Approved { to, .. }
            | EventKind::Rejected { to, .. } => {
                if let Some(idx) = self.index_of(to) {
                    let from = self.current;
                    self.back_stack.push(from);
                    self.edges.push((from, idx));
                    self.enter(idx, at);
                }
                if matches!(e.kind, EventKind::Approved { .. }) {
                    self.approvals.push(at);
                    if let EventKind::Approved {
                        draft,
                        role,
                        by,
                        texts,
                        ..
                    } = &e.kind
                    {
                        let approved: Vec<(u32, Option<String>)> = if texts.is_empty() {
                            draft.iter().map(|n| (*n, None)).collect()
                        } else {
                            texts
                                .iter()
                                .map(|t| (t.draft, Some(t.sha256.clone())))
                                .collect()
                        };
                        for (n, sha256) in approved {
                            if let Some(d) = self.draft_mut(n) {
                                d.approvals.push(DraftApproval {
                                    by: by.clone(),
                                    role: role.clone(),
                                    at,
                                    sha256,
                                    statement_text: None,
                                });
                            }
                        }
                    }
                }
            }
            EventKind::WentBack { to, .. } => {
                if let Some(idx) = self.index_of(to) {
                    if self.back_stack.last() == Some(&idx) {
                        self.back_stack.pop();
                    }
                    self.enter(idx, at);
                }
            }
            EventKind::Checked { step, item } => {
                self.ticked
                    .entry(step.clone())
                    .or_default()
                    .insert(item.clone(), at);
            }
            EventKind::Unchecked { step, item } => {
                if let Some(m) = self.ticked.get_mut(step) {
                    m.remove(item);
                    if m.is_empty() {
                        self.ticked.remove(step);
                    }
                }
            }
            EventKind::VariableSet { name, value } => {
                self.variables.insert(name.clone(), value.clone());
            }
            EventKind::Note { .. } => self.notes += 1,
            EventKind::DraftSaved {
                draft,
                step,
                template,
                channel,
                voice,
                text,
                thread,
                audience,
                statement,
            } => {
                self.unposted.insert(self.drafts.len());
                // A statement's approvals, given ahead of time, hold for its text.
                let approvals = statement
                    .iter()
                    .flat_map(|st| {
                        st.approved_by
                            .iter()
                            .map(move |(role, name, _)| DraftApproval {
                                by: name.clone(),
                                role: role.clone(),
                                at,
                                sha256: None,
                                statement_text: Some(st.text.clone()),
                            })
                    })
                    .collect();
                self.drafts.push(Draft {
                    number: *draft,
                    step: step.clone(),
                    template: template.clone(),
                    channel: *channel,
                    voice: voice.clone(),
                    text: text.clone(),
                    text_sha: super::drafts::text_sha(text),
                    saved_at: at,
                    edited_at: None,
                    posted_at: None,
                    discarded_at: None,
                    thread: *thread,
                    held: Vec::new(),
                    audience: *audience,
                    statement: statement.clone(),
                    approvals,
                });
            }
            EventKind::PublicStateSet { state } => self.public_state = Some((*state, at)),
            EventKind::SignedOff { role, by, texts } => {
                for t in texts {
                    if let Some(d) = self.draft_mut(t.draft) {
                        d.approvals.push(DraftApproval {
                            by: by.clone(),
                            role: role.clone(),
                            at,
                            sha256: Some(t.sha256.clone()),
                            statement_text: None,
                        });
                    }
                }
            }
            EventKind::DraftDeclined { draft, .. } => self.fold_decline(*draft),
            EventKind::DraftEdited { draft, text } => self.fold_draft_edit(*draft, text, at),
            EventKind::DraftDiscarded { draft, .. } => {
                if let Some(i) = self.draft_index(*draft) {
                    self.drafts[i].discarded_at = Some(at);
                    self.unposted.remove(&i);
                }
            }
            EventKind::PrivacyWarning {
                draft,
                findings,
                decision,
            } => {
                // A hold (also the older "not posted: ..." decision) stops the draft until it
                // is edited or posted by force.
                if (decision.starts_with("held") || decision.starts_with("not posted"))
                    && let Some(d) = self.draft_mut(*draft)
                {
                    d.held = findings.clone();
                }
            }
            EventKind::Posted { draft, channel, .. } => {
                if let Some(i) = self.draft_index(*draft) {
                    self.drafts[i].posted_at = Some(at);
                    self.unposted.remove(&i);
                }
                self.posts.push((*draft, at, *channel));
            }
            EventKind::Amended { .. }
            | EventKind::ReviewNote { .. }
            | EventKind::Refused { .. } => {}
            // Intake and triage: the feed keeps its own state (src/intake/feed.rs).
            EventKind::Intake { .. }
            | EventKind::Triaged { .. }
            | EventKind::MentionAnswered { .. }
            | EventKind::MentionEscalated { .. } => {}
            EventKind::DeadlineBreached {
                deadline, due_at, ..
            } => {
                self.breaches.insert((deadline.clone(), *due_at));
            }
            // Drill events: the drill runner keeps its own state (src/drill/).
            EventKind::DrillStarted { .. }
            | EventKind::InjectDelivered { .. }
            | EventKind::InjectSkipped { .. }
            | EventKind::InjectAcknowledged { .. }
            | EventKind::DrillPaused { .. }
            | EventKind::DrillResumed { .. }
            | EventKind::DrillEnded { .. } => {}
            EventKind::Closed { outcome, .. } => {
                self.closed = Some((*outcome, at));
                if let Some(v) = self.path.last_mut() {
                    v.left_at = Some(at);
                }
            }
        }
    }
}
