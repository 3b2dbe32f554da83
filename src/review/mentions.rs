//! The mentions of a log, for the review screen and the reports: each mention once, with its
//! reach snapshots (the reach curve), its triage, the draft that answered it and any escalation;
//! and the CS hand-off items, in the order they were made. Computed from the `intake`,
//! `triaged`, `mention_answered` and `mention_escalated` events alone.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::engine::{Event, EventKind};
use crate::intake::triage::Triage;
use crate::intake::{Metrics, Post};

type Time = DateTime<FixedOffset>;

/// One point of a reach curve: when the post was taken in, and what it showed then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachPoint {
    pub seq: u64,
    pub at: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach: Option<u64>,
    pub metrics: Metrics,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow {
    /// The post as last seen.
    pub post: Post,
    pub format: &'static str,
    pub source: String,
    /// Every time it was taken in, oldest first.
    pub curve: Vec<ReachPoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triage: Option<Triage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalated: Option<String>,
}

impl MentionRow {
    pub fn first_seen(&self) -> Option<Time> {
        self.curve.first().map(|p| p.at)
    }

    /// The reach last seen.
    pub fn reach(&self) -> Option<u64> {
        self.curve.iter().rev().find_map(|p| p.reach)
    }
}

/// A CS hand-off item: the mention as handed over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handoff {
    pub seq: u64,
    pub at: Time,
    pub by: String,
    pub post: Post,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Mentions {
    /// In the order first taken in.
    pub rows: Vec<MentionRow>,
    pub handoffs: Vec<Handoff>,
    /// Mentions per triage word (the latest triage of each), and `untriaged`.
    pub by_triage: BTreeMap<&'static str, usize>,
}

impl Mentions {
    pub fn from_events(events: &[Event]) -> Mentions {
        let mut m = Mentions::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        for e in events {
            match &e.kind {
                EventKind::Intake {
                    format,
                    source,
                    post,
                    ..
                } => {
                    let point = ReachPoint {
                        seq: e.seq,
                        at: e.at,
                        reach: post.metrics.reach(),
                        metrics: post.metrics.clone(),
                    };
                    match index.get(&post.id) {
                        Some(&i) => {
                            m.rows[i].curve.push(point);
                            m.rows[i].post = post.clone();
                        }
                        None => {
                            index.insert(post.id.clone(), m.rows.len());
                            m.rows.push(MentionRow {
                                post: post.clone(),
                                format: format.word(),
                                source: source.clone(),
                                curve: vec![point],
                                triage: None,
                                answered_by: None,
                                escalated: None,
                            });
                        }
                    }
                }
                EventKind::Triaged {
                    mention,
                    triage,
                    handoff,
                } => {
                    if let Some(&i) = index.get(mention) {
                        m.rows[i].triage = Some(*triage);
                    }
                    if let Some(p) = handoff {
                        m.handoffs.push(Handoff {
                            seq: e.seq,
                            at: e.at,
                            by: e.actor.name.clone(),
                            post: p.clone(),
                        });
                    }
                }
                EventKind::MentionAnswered { mention, draft } => {
                    if let Some(&i) = index.get(mention) {
                        m.rows[i].answered_by = Some(*draft);
                    }
                }
                EventKind::MentionEscalated { mention, reason } => {
                    if let Some(&i) = index.get(mention) {
                        m.rows[i].escalated = Some(reason.clone());
                    }
                }
                _ => {}
            }
        }
        for r in &m.rows {
            *m.by_triage
                .entry(r.triage.map_or("untriaged", Triage::word))
                .or_default() += 1;
        }
        m
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The mentions whose reach was seen more than once, highest last reach first: the curves
    /// worth drawing.
    pub fn curves(&self, n: usize) -> Vec<&MentionRow> {
        let mut v: Vec<&MentionRow> = self
            .rows
            .iter()
            .filter(|r| r.curve.iter().filter(|p| p.reach.is_some()).count() > 1)
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.reach().unwrap_or(0)));
        v.truncate(n);
        v
    }
}

/// The reach curve of one post across a log: every `intake` of `id`, oldest first.
pub fn curve_of(events: &[Event], id: &str) -> Vec<ReachPoint> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Intake { post, .. } if post.id == id => Some(ReachPoint {
                seq: e.seq,
                at: e.at,
                reach: post.metrics.reach(),
                metrics: post.metrics.clone(),
            }),
            _ => None,
        })
        .collect()
}
