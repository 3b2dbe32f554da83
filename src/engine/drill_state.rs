//! A drill's state as the log tells it: the drill clock's anchors, the injects delivered,
//! skipped and acknowledged, and whether (and why) it ended. Folded into the session like
//! everything else, so a resumed drill, a player's seat that joined it and the controller's
//! seat all see the same drill from the same events.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::event::{Delivery, DrillEnd, Event, FeedAuthor, ScenarioRef};
use super::kinds::EventKind;
use crate::duration::Interval;
use crate::scenario::{FeedChannel, Severity};

type Time = DateTime<FixedOffset>;

/// An inject that arrived, as the feed shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    pub inject: String,
    pub offset: Interval,
    /// Drill time of arrival.
    pub at: Time,
    pub channel: FeedChannel,
    pub author: FeedAuthor,
    pub text: String,
    pub severity: Option<Severity>,
    pub needs_ack: bool,
    pub acked_at: Option<Time>,
    pub delivery: Delivery,
}

/// Where the drill clock stood at its last change: drill offset from T+0, the real time of the
/// change (when the log has it), the speed, and whether it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub offset: TimeDelta,
    pub wall: Option<Time>,
    pub speed: u32,
    pub running: bool,
}

/// The drill, folded from its events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillState {
    /// The scenario, once `drill_started` is folded.
    pub scenario: Option<ScenarioRef>,
    /// T+0 (the time of `drill_started`).
    pub start: Option<Time>,
    pub duration: Option<Interval>,
    /// Whether the facilitator has started the clock (logs before `drill_clock_started`
    /// existed count as started).
    pub clock_started: bool,
    /// The clock's last change.
    pub anchor: Option<Anchor>,
    pub feed: Vec<FeedItem>,
    /// Ids of the injects delivered or skipped: never delivered again.
    pub done: BTreeSet<String>,
    pub acks: BTreeMap<String, Time>,
    /// Replies the team sent to injects (inject, time), in order.
    pub replies: Vec<(String, Time)>,
    /// Total real seconds spent paused, as logged on each resume.
    pub paused_secs: i64,
    pub severity: Option<Severity>,
    pub ended: Option<(DrillEnd, Time)>,
    pub exercise: Option<String>,
    pub team: Option<String>,
}

impl DrillState {
    /// Folds one event; events that are not a drill's are ignored.
    pub fn fold(&mut self, e: &Event) {
        let at = e.at;
        match &e.kind {
            EventKind::DrillStarted {
                scenario,
                speed,
                duration,
                stopped,
                exercise,
                team,
            } => {
                self.scenario = Some(scenario.clone());
                self.start = Some(at);
                self.duration = Some(*duration);
                self.clock_started = !stopped;
                self.exercise = exercise.clone();
                self.team = team.clone();
                self.anchor = Some(Anchor {
                    offset: TimeDelta::zero(),
                    wall: None,
                    speed: *speed,
                    running: !stopped,
                });
            }
            EventKind::DrillClockStarted { wall } => {
                self.clock_started = true;
                self.set_anchor(at, Some(*wall), None, true);
            }
            EventKind::DrillPaused { wall } => self.set_anchor(at, *wall, None, false),
            EventKind::DrillResumed { paused_secs, wall } => {
                self.paused_secs = self.paused_secs.saturating_add(*paused_secs);
                self.set_anchor(at, *wall, None, true);
            }
            EventKind::DrillSpeedChanged { speed, wall } => {
                let running = self.anchor.is_none_or(|a| a.running);
                self.set_anchor(at, Some(*wall), Some(*speed), running);
            }
            EventKind::InjectDelivered { .. } => self.fold_delivered(e),
            EventKind::InjectSkipped { inject, .. } => {
                self.done.insert(inject.clone());
            }
            EventKind::InjectAcknowledged { inject } => {
                self.acks.entry(inject.clone()).or_insert(at);
                if let Some(f) = self.feed.iter_mut().find(|f| &f.inject == inject) {
                    f.acked_at.get_or_insert(at);
                }
            }
            EventKind::InjectReplied { inject, .. } => self.replies.push((inject.clone(), at)),
            EventKind::DrillEnded { reason } => {
                self.ended.get_or_insert((*reason, at));
            }
            _ => {}
        }
    }

    fn set_anchor(&mut self, at: Time, wall: Option<Time>, speed: Option<u32>, running: bool) {
        let Some(start) = self.start else {
            return;
        };
        let speed = speed.or(self.anchor.map(|a| a.speed)).unwrap_or(1);
        self.anchor = Some(Anchor {
            offset: at - start,
            wall,
            speed,
            running,
        });
    }

    fn fold_delivered(&mut self, e: &Event) {
        let EventKind::InjectDelivered {
            inject,
            offset,
            channel,
            persona,
            text,
            severity,
            ack,
            delivery,
        } = &e.kind
        else {
            return;
        };
        if !self.done.insert(inject.clone()) {
            return;
        }
        if severity.is_some() {
            self.severity = *severity;
        }
        self.feed.push(FeedItem {
            inject: inject.clone(),
            offset: *offset,
            at: e.at,
            channel: *channel,
            author: persona.clone(),
            text: text.clone(),
            severity: *severity,
            needs_ack: *ack,
            acked_at: self.acks.get(inject).copied(),
            delivery: *delivery,
        });
    }

    /// Drill time now, as the log tells it: where the clock last stood, plus (while it runs and
    /// the log has the real time of that moment) the real time since then at its speed; never
    /// before `last_at`, the last event's time. None outside a drill.
    pub fn drill_time(&self, last_at: Option<Time>, real_now: Option<Time>) -> Option<Time> {
        let (start, a) = (self.start?, self.anchor?);
        let mut offset = a.offset.max(TimeDelta::zero());
        if a.running
            && let (Some(wall), Some(now)) = (a.wall, real_now)
        {
            let ran = (now - wall).max(TimeDelta::zero());
            offset += ran * i32::try_from(a.speed).unwrap_or(i32::MAX);
        }
        let t = start.checked_add_signed(offset).unwrap_or(start);
        Some(last_at.map_or(t, |l| t.max(l)))
    }

    /// Whether this is a drill's log (a `drill_started` was folded).
    pub fn is_drill(&self) -> bool {
        self.start.is_some()
    }

    /// The acknowledgements in the order they came, for scoring.
    pub fn ack_list(&self) -> Vec<(String, Time)> {
        let mut v: Vec<(String, Time)> = self.acks.iter().map(|(k, t)| (k.clone(), *t)).collect();
        v.sort_by_key(|(_, t)| *t);
        v
    }

    /// How many ad-hoc injects the controller has written (their ids are numbered from it).
    pub fn adhoc_count(&self) -> usize {
        self.feed
            .iter()
            .filter(|f| f.delivery == Delivery::AdHoc)
            .count()
    }
}

/// The exercise's own roles: the seats that run and watch a drill rather than play it.
pub const FACILITATOR_ROLES: [&str; 2] = ["controller", "evaluator"];

/// Whether a seat's role is a facilitator's (controller or evaluator).
pub fn is_facilitator(role: Option<&str>) -> bool {
    role.is_some_and(|r| FACILITATOR_ROLES.contains(&r))
}

impl Event {
    /// Whether only the facilitator's seats (controller, evaluator) may see this event: the
    /// controller's notes, and injects skipped (they tell what was planned and when).
    pub fn facilitator_only(&self) -> bool {
        matches!(
            self.kind,
            EventKind::ControllerNote { .. } | EventKind::InjectSkipped { .. }
        )
    }

    /// Whether a seat with this role may see the event on its screen.
    pub fn visible_to(&self, role: Option<&str>) -> bool {
        !self.facilitator_only() || is_facilitator(role)
    }
}
