//! What the team did, boiled down from a drill's log (or a live session) to what expectations,
//! conditions and `after:` triggers ask about: steps entered, drafts, posts, ticks, the close,
//! the injects delivered, acknowledged and replied to.
//!
//! The same [`Facts`] answer the scorer (after the drill, from the log) and the drill runner
//! (live, from the session plus its own feed), so a branch taken in the drill and the score in
//! the report cannot disagree.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use crate::engine::{Event, EventKind, Session};
use crate::playbook::Outcome;
use crate::scenario::{Criterion, Trigger};

type Time = DateTime<FixedOffset>;

/// What the team did, as far as expectations care, up to the drill's end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// T+0.
    pub start: Option<Time>,
    /// Steps entered, in order.
    pub entered: Vec<(String, Time)>,
    /// Posts: when, and the step the posted draft was saved at.
    pub posts: Vec<(Time, Option<String>)>,
    /// When something public was posted (a tweet, a blog, a press statement), in order.
    pub public_posts: Vec<Time>,
    /// Public posts in a voice (the template's `voice`, e.g. `ceo`): when, and whose.
    pub voiced: Vec<(Time, String)>,
    /// Drafts saved: when, and at which step.
    pub drafts: Vec<(Time, String)>,
    /// Ticked items (step, item) and when; an untick removes the tick.
    pub ticks: BTreeMap<(String, String), Time>,
    pub closed: Option<(Outcome, Time)>,
    /// Acknowledged injects.
    pub acks: Vec<(String, Time)>,
    /// Delivered injects (not the skipped ones).
    pub delivered: Vec<(String, Time)>,
    /// Replies the team sent to injects.
    pub replies: Vec<(String, Time)>,
    /// When the drill ended, if it did.
    pub ended: Option<Time>,
    /// The time of the last event considered.
    pub last: Option<Time>,
}

impl Facts {
    /// Facts from a log's events; events after `drill_ended` are not counted.
    pub fn from_events(events: &[Event]) -> Facts {
        let mut f = Facts::default();
        let mut draft_step: BTreeMap<u32, String> = BTreeMap::new();
        let mut draft_voice: BTreeMap<u32, String> = BTreeMap::new();
        for e in events {
            if f.ended.is_some() {
                break;
            }
            f.last = Some(e.at);
            match &e.kind {
                EventKind::Opened { start, .. } => {
                    f.start = Some(e.at);
                    f.entered.push((start.clone(), e.at));
                }
                EventKind::Decided { to, .. }
                | EventKind::Approved { to, .. }
                | EventKind::Rejected { to, .. }
                | EventKind::WentBack { to, .. } => f.entered.push((to.clone(), e.at)),
                EventKind::DraftSaved {
                    draft, step, voice, ..
                } => {
                    draft_step.insert(*draft, step.clone());
                    if let Some(v) = voice {
                        draft_voice.insert(*draft, v.clone());
                    }
                    f.drafts.push((e.at, step.clone()));
                }
                EventKind::Posted { draft, channel, .. } => {
                    f.posts.push((e.at, draft_step.get(draft).cloned()));
                    if channel.is_public() {
                        f.public_posts.push(e.at);
                        if let Some(v) = draft_voice.get(draft) {
                            f.voiced.push((e.at, v.clone()));
                        }
                    }
                }
                EventKind::Checked { step, item } => {
                    f.ticks.entry((step.clone(), item.clone())).or_insert(e.at);
                }
                EventKind::Unchecked { step, item } => {
                    f.ticks.remove(&(step.clone(), item.clone()));
                }
                EventKind::Closed { outcome, .. } => f.closed = Some((*outcome, e.at)),
                EventKind::InjectDelivered { inject, .. } => {
                    f.delivered.push((inject.clone(), e.at))
                }
                EventKind::InjectAcknowledged { inject } => f.acks.push((inject.clone(), e.at)),
                EventKind::InjectReplied { inject, .. } => f.replies.push((inject.clone(), e.at)),
                EventKind::DrillEnded { .. } => f.ended = Some(e.at),
                _ => {}
            }
        }
        f
    }

    /// Facts from a live session (and the drill runner's acknowledgements). The runner adds
    /// what only it knows with [`Facts::with_feed`].
    pub fn from_session(s: &Session, acks: &[(String, Time)]) -> Facts {
        let mut posts: Vec<(Time, Option<String>)> = Vec::new();
        let mut public_posts = Vec::new();
        let mut voiced = Vec::new();
        let mut drafts = Vec::new();
        for d in &s.drafts {
            drafts.push((d.saved_at, d.step.clone()));
            if let Some(t) = d.posted_at {
                posts.push((t, Some(d.step.clone())));
                if d.channel.is_public() {
                    public_posts.push(t);
                    if let Some(v) = &d.voice {
                        voiced.push((t, v.clone()));
                    }
                }
            }
        }
        posts.sort_by_key(|p| p.0);
        public_posts.sort();
        voiced.sort();
        drafts.sort_by_key(|d| d.0);
        let mut ticks = BTreeMap::new();
        for (step, items) in &s.ticked {
            for (item, at) in items {
                ticks.insert((step.clone(), item.clone()), *at);
            }
        }
        Facts {
            start: s.opened_at,
            entered: s
                .path
                .iter()
                .map(|v| (s.step_at(v.step).id.clone(), v.entered_at))
                .collect(),
            posts,
            public_posts,
            voiced,
            drafts,
            ticks,
            closed: s.closed,
            acks: acks.to_vec(),
            ..Facts::default()
        }
    }

    /// Adds what the drill runner knows and the session does not: the injects delivered so far
    /// and the replies sent to them (each with its time).
    pub fn with_feed(
        mut self,
        delivered: impl IntoIterator<Item = (String, Time)>,
        replies: impl IntoIterator<Item = (String, Time)>,
    ) -> Facts {
        self.delivered.extend(delivered);
        self.replies.extend(replies);
        self
    }

    /// When something public first went out in `voice`.
    pub fn posted_as(&self, voice: &str) -> Option<Time> {
        self.voiced.iter().find(|(_, v)| v == voice).map(|x| x.0)
    }

    /// When the team first moved on from `step` (entered the step after it).
    fn left(&self, step: &str) -> Option<Time> {
        self.entered
            .windows(2)
            .find(|w| w[0].0 == step)
            .map(|w| w[1].1)
    }

    /// When the team first went from `from` straight to `to`.
    pub fn chose(&self, from: &str, to: &str) -> Option<Time> {
        self.entered
            .windows(2)
            .find(|w| w[0].0 == from && w[1].0 == to)
            .map(|w| w[1].1)
    }

    /// When the trigger first happened, if it has.
    pub fn happened(&self, t: &Trigger) -> Option<Time> {
        let first = |v: &[(String, Time)], id: &str| v.iter().find(|(i, _)| i == id).map(|x| x.1);
        match t {
            Trigger::Posted => self.public_posts.iter().min().copied(),
            Trigger::PostedFrom(step) => self.first(&Criterion::PostFrom(step.clone())),
            Trigger::Reached(step) => first(&self.entered, step),
            Trigger::Decided(step) => self.left(step),
            Trigger::Delivered(i) => first(&self.delivered, i),
            Trigger::Acknowledged(i) => first(&self.acks, i),
            Trigger::Replied(i) => first(&self.replies, i),
        }
    }

    /// Whether the team engaged at all by `t`: made a decision (moved on from the first step),
    /// saved a draft, posted, acknowledged an inject or replied to one. An idle team has not,
    /// and earns nothing from `Never(..)` expectations.
    pub fn engaged_by(&self, t: Time) -> bool {
        self.entered.iter().skip(1).any(|e| e.1 <= t)
            || self.drafts.iter().any(|d| d.0 <= t)
            || self.posts.iter().any(|p| p.0 <= t)
            || self.acks.iter().any(|a| a.1 <= t)
            || self.replies.iter().any(|r| r.1 <= t)
    }

    /// When the criterion was first satisfied (for `Never`, when its inner thing happened).
    pub fn first(&self, c: &Criterion) -> Option<Time> {
        match c {
            Criterion::Post => self.posts.iter().map(|p| p.0).min(),
            Criterion::PublicPost => self.public_posts.iter().min().copied(),
            Criterion::PublicPostAs(voice) => self.posted_as(voice),
            Criterion::PostFrom(step) => self
                .posts
                .iter()
                .filter(|p| p.1.as_deref() == Some(step.as_str()))
                .map(|p| p.0)
                .min(),
            Criterion::Reach(step) => self.entered.iter().find(|(s, _)| s == step).map(|e| e.1),
            Criterion::Tick(item) => {
                let (s, i) = item.split_once('.')?;
                self.ticks.get(&(s.to_string(), i.to_string())).copied()
            }
            Criterion::Outcome(o) => self.closed.filter(|c| c.0 == *o).map(|c| c.1),
            Criterion::Acknowledge(inj) => self.acks.iter().find(|(i, _)| i == inj).map(|a| a.1),
            Criterion::Replied(inj) => self.replies.iter().find(|(i, _)| i == inj).map(|a| a.1),
            Criterion::Never(inner) => self.first(inner),
        }
    }
}
