//! A drill in progress: the scenario's schedule of injects against the drill clock, written to
//! the incident's log as they fall due. See the module docs of [`crate::drill`] for how a front
//! end drives it.
//!
//! The drill's state (the clock's anchors, what was delivered, skipped and acknowledged, the
//! end) is folded from the log into the session ([`crate::engine::drill_state`]); a `DrillRun`
//! adds the scenario and this seat's clock. One seat *hosts* the drill (the one that ran
//! `warroom drill` or resumed it): it delivers the injects and runs the clock. Other seats
//! (`warroom join`) *follow*: their clock follows the anchors the host logs, and what the host
//! delivers reaches them through the log.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use crate::clock::Clock;
use crate::duration::Interval;
use crate::engine::drill_state::{DrillState, FeedItem};
use crate::engine::{
    Actor, Command, Delivery, DrillEnd, Event, EventKind, FeedAuthor, Mode, ScenarioRef,
};
use crate::incident::{ExecError, Incident, NewIncident, OpenError};
use crate::log::LogError;
use crate::playbook::Loaded;
use crate::scenario::{Inject, LoadedScenario, Scenario, Severity};

use super::drill_clock::{DrillClock, PickUp};
use super::score::{Facts, ScoreCard, condition_holds, score_facts};

type Time = DateTime<FixedOffset>;

/// Why a drill operation did not go through.
#[derive(Debug, thiserror::Error)]
pub enum DrillError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Exec(#[from] ExecError),
    #[error("could not write the log: {0}")]
    Log(#[from] LogError),
    /// Refused, with what to do instead.
    #[error("{0}")]
    Refused(String),
}

/// How to start a drill.
pub struct DrillStart<'a> {
    pub scenario: &'a LoadedScenario,
    /// The scenario's playbook, loaded and checked.
    pub playbook: &'a Loaded,
    pub log_path: PathBuf,
    pub actor: Actor,
    /// The drill clock: `DrillClock::system(now, speed)` live, `DrillClock::manual(t, 1)` headless.
    /// A clock made [`DrillClock::stopped`] stands at T+0 until the facilitator starts it.
    pub clock: DrillClock,
    /// The PostgreSQL store to keep the drill in (none: the log file).
    pub store: Option<String>,
    /// The exercise and team, when several teams play one scenario.
    pub exercise: Option<String>,
    pub team: Option<String>,
}

/// This seat's part in the drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// Delivers the injects and runs the clock.
    Host,
    /// Follows the host's clock and deliveries through the log.
    Follower,
}

/// A running drill: the scenario, this seat's clock, and the drill state the log tells.
pub struct DrillRun {
    pub(super) scenario: Scenario,
    pub(super) clock: DrillClock,
    pub(super) seat: Seat,
    /// The drill as the log tells it (a copy of the session's, taken after each step).
    pub(super) state: DrillState,
    /// What the team has done, for conditions, `after:` triggers and the score (kept with
    /// `state`).
    pub(super) facts: Facts,
    /// The session's `seq` when `facts` was taken.
    pub(super) facts_seq: u64,
}

impl DrillRun {
    /// Opens the drill's log and records `opened` (mode drill), `drill_started`, the preset
    /// variables and, once the clock runs, the injects due at T+0. Returns the run, the incident
    /// and those events.
    pub fn start(s: DrillStart<'_>) -> Result<(DrillRun, Incident, Vec<Event>), DrillError> {
        let sc = &s.scenario.scenario;
        let now = s.clock.now();
        let mut inc = Incident::open(NewIncident {
            loaded: s.playbook,
            title: match &s.team {
                Some(t) => format!("EXERCISE — {} — {t}", sc.title),
                None => format!("EXERCISE — {}", sc.title),
            },
            mode: Mode::Drill,
            log_path: s.log_path,
            actor: s.actor,
            now,
            store: s.store,
        })?;
        let started = EventKind::DrillStarted {
            scenario: scenario_ref(s.scenario),
            speed: s.clock.speed(),
            duration: sc.duration,
            stopped: !s.clock.is_started(),
            exercise: s.exercise,
            team: s.team,
        };
        let mut events = Vec::new();
        events.extend(inc.record(vec![started], now)?);
        for (name, value) in &sc.variables {
            let set = Command::Set {
                name: name.clone(),
                value: value.clone(),
            };
            events.extend(inc.execute(&set, now)?);
        }
        let mut run = DrillRun {
            scenario: sc.clone(),
            clock: s.clock,
            seat: Seat::Host,
            state: inc.session.drill.clone(),
            facts: facts_of(&inc),
            facts_seq: inc.session.seq,
        };
        events.extend(run.due(&mut inc)?);
        Ok((run, inc, events))
    }

    /// Picks up a drill from its log (a resumed incident, or a seat that joined one): the
    /// clock where the log says it stands (a running clock has run on since its last anchor,
    /// on a system clock), never earlier than the last event.
    pub fn pick_up(
        scenario: Scenario,
        inc: &Incident,
        seat: Seat,
        system: bool,
    ) -> Result<DrillRun, DrillError> {
        let state = inc.session.drill.clone();
        let clock = clock_from(&state, inc.session.last_at, system)?;
        Ok(DrillRun {
            scenario,
            clock,
            seat,
            state,
            facts: facts_of(inc),
            facts_seq: inc.session.seq,
        })
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn seat(&self) -> Seat {
        self.seat
    }

    pub fn clock(&self) -> &DrillClock {
        &self.clock
    }

    /// The drill as the log tells it.
    pub fn state(&self) -> &DrillState {
        &self.state
    }

    /// For headless drills and tests: move a manual clock's wall time with
    /// [`DrillClock::advance_wall`], then call [`DrillRun::due`].
    pub fn clock_mut(&mut self) -> &mut DrillClock {
        &mut self.clock
    }

    /// Drill time now.
    pub fn now(&self) -> Time {
        self.clock.now()
    }

    /// Drill time since T+0 (the `T+` display).
    pub fn elapsed(&self) -> Duration {
        self.clock.elapsed()
    }

    /// Drill time left until the scenario's duration is up.
    pub fn remaining(&self) -> Duration {
        self.end_offset().saturating_sub(self.elapsed())
    }

    pub(super) fn end_offset(&self) -> Duration {
        offset_of(self.scenario.duration)
    }

    /// The delivered injects, oldest first.
    pub fn feed(&self) -> &[FeedItem] {
        &self.state.feed
    }

    /// Delivered injects that ask for an acknowledgement and have none yet.
    pub fn pending_acks(&self) -> Vec<&FeedItem> {
        self.state
            .feed
            .iter()
            .filter(|f| f.needs_ack && f.acked_at.is_none())
            .collect()
    }

    /// The current severity (the scenario's, as changed by injects).
    pub fn severity(&self) -> Option<Severity> {
        self.state.severity.or(self.scenario.severity)
    }

    pub fn is_paused(&self) -> bool {
        self.clock.is_paused()
    }

    /// Whether the clock has been started (it stands at T+0 during the briefing).
    pub fn is_started(&self) -> bool {
        self.clock.is_started()
    }

    /// Whether the drill is over, and why.
    pub fn ended(&self) -> Option<DrillEnd> {
        self.state.ended.map(|e| e.0)
    }

    /// Takes in what the log now says (other seats' events, this seat's): a following seat's
    /// clock follows the host's anchors.
    pub fn sync(&mut self, inc: &Incident) {
        let moved = inc.session.drill.anchor != self.state.anchor
            || inc.session.drill.clock_started != self.state.clock_started;
        if inc.session.drill != self.state || inc.session.seq != self.facts_seq {
            self.state = inc.session.drill.clone();
            self.facts = facts_of(inc);
            self.facts_seq = inc.session.seq;
        }
        if moved
            && self.seat == Seat::Follower
            && let Ok(c) = clock_from(
                &self.state,
                inc.session.last_at,
                self.clock.wall_stamp().is_some(),
            )
        {
            self.clock = c;
        }
    }

    /// Wall time until something is next due (an inject or the end), for the event loop's poll
    /// timeout. None while still, once everything is done, and on a following seat.
    pub fn next_due_in(&self) -> Option<Duration> {
        if self.state.ended.is_some() || self.seat == Seat::Follower {
            return None;
        }
        let next = self
            .pending()
            .filter_map(|i| self.due_offset(i))
            .min()
            .unwrap_or_else(|| self.end_offset())
            .min(self.end_offset());
        self.clock.wall_until(next)
    }

    /// The scenario's injects not yet delivered or skipped, in schedule order.
    pub fn pending(&self) -> impl Iterator<Item = &Inject> {
        let mut v: Vec<&Inject> = self
            .scenario
            .injects
            .iter()
            .filter(|i| !self.state.done.contains(&i.id))
            .collect();
        v.sort_by_key(|i| i.at);
        v.into_iter()
    }

    /// The drill offset an inject falls due at, if it is due at a known time (an `after:`
    /// inject only once its trigger has happened).
    pub fn due_offset(&self, inject: &Inject) -> Option<Duration> {
        let start = self.clock.start();
        super::schedule::due_at(inject, &self.facts, start)
            .map(|t| (t - start).to_std().unwrap_or_default())
    }

    /// What the team has done so far (as of the last [`DrillRun::sync`]).
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// Delivers every inject that has fallen due, each at its offset time (deadline breaches
    /// noticed by then are logged first), and ends the drill once its duration is up or the
    /// incident is closed. A following seat only takes in what the log says.
    /// Call it before every command and whenever [`DrillRun::next_due_in`] elapses.
    pub fn due(&mut self, inc: &mut Incident) -> Result<Vec<Event>, LogError> {
        self.sync(inc);
        let mut out = Vec::new();
        if self.state.ended.is_some() || self.seat == Seat::Follower {
            return Ok(out);
        }
        if let Some((_, at)) = inc.session.closed {
            out.extend(self.record_end(inc, DrillEnd::Closed, at)?);
            return Ok(out);
        }
        if !self.clock.is_started() {
            return Ok(out);
        }
        // Nothing is delivered while earlier events wait to be written (they come first).
        inc.ensure_writable()?;
        let elapsed = self.clock.elapsed();
        let end = self.end_offset();
        while let Some((inject, off)) = self.next_due(elapsed.min(end)) {
            let at = self.at_or_after_last(inc, off);
            out.extend(inc.tick(at)?);
            let kind = self.arrival(&inject, at, inc, Delivery::Scheduled);
            let r = inc.record(vec![kind], at);
            self.sync(inc);
            out.extend(r?);
        }
        if elapsed >= end {
            let at = self.at_or_after_last(inc, end);
            out.extend(self.record_end(inc, DrillEnd::TimeUp, at)?);
        }
        Ok(out)
    }

    /// The earliest pending inject due by `by`, with its offset.
    fn next_due(&self, by: Duration) -> Option<(Inject, Duration)> {
        self.pending()
            .filter_map(|i| self.due_offset(i).map(|o| (i, o)))
            .filter(|(_, o)| *o <= by)
            .min_by_key(|(_, o)| *o)
            .map(|(i, o)| (i.clone(), o))
    }

    /// The drill time of offset `off`, but never before the last event in the log (another
    /// seat may have recorded something a moment later).
    pub(super) fn at_or_after_last(&self, inc: &Incident, off: Duration) -> Time {
        let at = self.clock.at_offset(off);
        inc.session.last_at.map_or(at, |last| at.max(last))
    }

    /// What an inject coming due at `at` records: delivered, or skipped when its condition
    /// does not hold.
    pub(super) fn arrival(
        &self,
        inj: &Inject,
        at: Time,
        inc: &Incident,
        delivery: Delivery,
    ) -> EventKind {
        let holds = delivery != Delivery::Scheduled
            || match &inj.when {
                None => true,
                Some(c) => {
                    condition_holds(c, &self.scenario, &facts_of(inc), self.clock.start(), at)
                }
            };
        if !holds {
            return EventKind::InjectSkipped {
                inject: inj.id.clone(),
                offset: inj.at,
                condition: inj.when.as_ref().map(|c| c.describe()).unwrap_or_default(),
            };
        }
        EventKind::InjectDelivered {
            inject: inj.id.clone(),
            offset: inj.at,
            channel: inj.channel,
            persona: self.author(&inj.from),
            text: inj.text.clone(),
            severity: inj.severity,
            ack: inj.ack,
            delivery,
        }
    }

    /// The persona an inject comes from, as the feed shows it.
    pub(super) fn author(&self, from: &str) -> FeedAuthor {
        let p = self.scenario.persona(from);
        FeedAuthor {
            id: from.to_string(),
            name: p.map_or_else(|| from.to_string(), |p| p.name.clone()),
            handle: p.and_then(|p| p.handle.clone()),
            followers: p.and_then(|p| p.followers),
        }
    }

    /// Records the end (once).
    pub(super) fn record_end(
        &mut self,
        inc: &mut Incident,
        reason: DrillEnd,
        at: Time,
    ) -> Result<Vec<Event>, LogError> {
        if self.state.ended.is_some() {
            return Ok(Vec::new());
        }
        let mut out = inc.tick(at)?;
        let r = inc.record(vec![EventKind::DrillEnded { reason }], at);
        self.sync(inc);
        out.extend(r?);
        Ok(out)
    }

    /// Refuses (with when and why) once the drill has ended.
    pub fn ensure_running(&self) -> Result<(), DrillError> {
        match self.state.ended {
            Some((why, at)) => Err(DrillError::Refused(format!(
                "the drill ended at T+{} ({}); nothing more is recorded in it",
                Interval::from_secs((at - self.clock.start()).num_seconds()),
                end_reason(why)
            ))),
            None => Ok(()),
        }
    }

    /// Runs a team command at drill time: delivers what fell due first. Refused once the
    /// drill has ended; closing the incident ends the drill.
    pub fn execute(&mut self, inc: &mut Incident, cmd: &Command) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.ensure_running()?;
        out.extend(inc.execute(cmd, self.now())?);
        out.extend(self.due(inc)?);
        Ok(out)
    }

    /// Logs deadline breaches noticed by now (after delivering what fell due).
    pub fn tick(&mut self, inc: &mut Incident) -> Result<Vec<Event>, LogError> {
        let mut out = self.due(inc)?;
        if self.state.ended.is_none() && self.clock.is_started() {
            out.extend(inc.tick(self.now())?);
        }
        Ok(out)
    }

    /// The score so far, from the session (the report scores from the log the same way).
    pub fn score(&self, inc: &Incident) -> ScoreCard {
        let mut facts = facts_of(inc);
        let now = match self.state.ended {
            Some((_, at)) => {
                facts.ended = Some(at);
                at
            }
            None => self.now(),
        };
        score_facts(&self.scenario, &facts, self.clock.start(), now)
    }
}

/// What the team has done, from the session and the drill state the log tells.
pub(super) fn facts_of(inc: &Incident) -> Facts {
    let d = &inc.session.drill;
    Facts::from_session(&inc.session, &d.ack_list()).with_feed(
        d.feed.iter().map(|f| (f.inject.clone(), f.at)),
        d.replies.iter().cloned(),
    )
}

/// Why a drill ended, in words.
pub fn end_reason(why: DrillEnd) -> &'static str {
    why.reason()
}

/// The reference to a scenario file a drill log keeps.
pub fn scenario_ref(s: &LoadedScenario) -> ScenarioRef {
    let src = &s.source;
    ScenarioRef {
        path: src.name.clone(),
        abs_path: src
            .path
            .as_ref()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .map(|p| p.display().to_string()),
        id: s.scenario.id.clone(),
        title: s.scenario.title.clone(),
        sha256: src.sha256.clone(),
    }
}

/// The clock of a drill picked up from its log (see [`DrillRun::pick_up`]).
fn clock_from(
    state: &DrillState,
    last_at: Option<Time>,
    system: bool,
) -> Result<DrillClock, DrillError> {
    let real_now = system.then(|| chrono::Local::now().fixed_offset());
    let (Some(start), Some(a), Some(now)) = (
        state.start,
        state.anchor,
        state.drill_time(last_at, real_now),
    ) else {
        return Err(DrillError::Refused(
            "this log is not a drill's (it has no drill_started)".into(),
        ));
    };
    let offset = (now - start).to_std().unwrap_or_default();
    Ok(DrillClock::picked_up(PickUp {
        start,
        speed: a.speed,
        offset,
        running: a.running && state.clock_started,
        started: state.clock_started,
        system,
    }))
}

pub(super) fn offset_of(i: Interval) -> Duration {
    Duration::from_secs(u64::try_from(i.secs()).unwrap_or(0))
}
