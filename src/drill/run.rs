//! A drill in progress: the scenario's schedule of injects against the drill clock, written to
//! the incident's log as they fall due. See the module docs of [`crate::drill`] for how a front
//! end drives it.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use crate::clock::Clock;
use crate::duration::Interval;
use crate::engine::{Actor, Command, DrillEnd, Event, EventKind, FeedAuthor, Mode, ScenarioRef};
use crate::incident::{ExecError, Incident, NewIncident, OpenError};
use crate::log::LogError;
use crate::playbook::Loaded;
use crate::scenario::{FeedChannel, LoadedScenario, Scenario, Severity};

use super::drill_clock::DrillClock;
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
}

/// How to start a drill.
pub struct DrillStart<'a> {
    pub scenario: &'a LoadedScenario,
    /// The scenario's playbook, loaded and checked.
    pub playbook: &'a Loaded,
    pub log_path: PathBuf,
    pub actor: Actor,
    /// The drill clock: `DrillClock::system(now, speed)` live, `DrillClock::manual(t, 1)` headless.
    pub clock: DrillClock,
}

/// A running drill: the scenario, its clock, what has been delivered and acknowledged.
pub struct DrillRun {
    scenario: Scenario,
    clock: DrillClock,
    /// Inject indices in delivery order (by offset, then file order).
    schedule: Vec<usize>,
    next: usize,
    feed: Vec<FeedItem>,
    acks: Vec<(String, Time)>,
    severity: Option<Severity>,
    ended: Option<(DrillEnd, Time)>,
}

impl DrillRun {
    /// Opens the drill's log and records `opened` (mode drill), `drill_started`, the preset
    /// variables and the injects due at T+0. Returns the run, the incident and those events.
    pub fn start(s: DrillStart<'_>) -> Result<(DrillRun, Incident, Vec<Event>), DrillError> {
        let sc = &s.scenario.scenario;
        let now = s.clock.now();
        let mut inc = Incident::open(NewIncident {
            loaded: s.playbook,
            title: format!("EXERCISE — {}", sc.title),
            mode: Mode::Drill,
            log_path: s.log_path,
            actor: s.actor,
            now,
            store: None,
        })?;
        let src = &s.scenario.source;
        let started = EventKind::DrillStarted {
            scenario: ScenarioRef {
                path: src.name.clone(),
                abs_path: src
                    .path
                    .as_ref()
                    .and_then(|p| std::fs::canonicalize(p).ok())
                    .map(|p| p.display().to_string()),
                id: sc.id.clone(),
                title: sc.title.clone(),
                sha256: src.sha256.clone(),
            },
            speed: s.clock.speed(),
            duration: sc.duration,
        };
        let mut events = Vec::new();
        events.extend(inc.record(vec![started], now)?);
        for (name, value) in &sc.variables {
            events.extend(inc.execute(
                &Command::Set {
                    name: name.clone(),
                    value: value.clone(),
                },
                now,
            )?);
        }
        let mut schedule: Vec<usize> = (0..sc.injects.len()).collect();
        schedule.sort_by_key(|&i| sc.injects[i].at);
        let mut run = DrillRun {
            scenario: sc.clone(),
            clock: s.clock,
            schedule,
            next: 0,
            feed: Vec::new(),
            acks: Vec::new(),
            severity: sc.severity,
            ended: None,
        };
        events.extend(run.due(&mut inc)?);
        Ok((run, inc, events))
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn clock(&self) -> &DrillClock {
        &self.clock
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

    fn end_offset(&self) -> Duration {
        Duration::from_secs(u64::try_from(self.scenario.duration.secs()).unwrap_or(0))
    }

    /// The delivered injects, oldest first.
    pub fn feed(&self) -> &[FeedItem] {
        &self.feed
    }

    /// Delivered injects that ask for an acknowledgement and have none yet.
    pub fn pending_acks(&self) -> Vec<&FeedItem> {
        self.feed
            .iter()
            .filter(|f| f.needs_ack && f.acked_at.is_none())
            .collect()
    }

    /// The current severity (the scenario's, as changed by injects).
    pub fn severity(&self) -> Option<Severity> {
        self.severity
    }

    pub fn is_paused(&self) -> bool {
        self.clock.is_paused()
    }

    /// Whether the drill is over, and why.
    pub fn ended(&self) -> Option<DrillEnd> {
        self.ended.map(|e| e.0)
    }

    /// Wall time until something is next due (an inject or the end), for the event loop's poll
    /// timeout. None while paused or once everything is done.
    pub fn next_due_in(&self) -> Option<Duration> {
        if self.ended.is_some() {
            return None;
        }
        let next = self
            .schedule
            .get(self.next)
            .map(|&i| offset_of(self.scenario.injects[i].at))
            .unwrap_or_else(|| self.end_offset())
            .min(self.end_offset());
        self.clock.wall_until(next)
    }

    /// Delivers every inject that has fallen due, each at its exact offset time (deadline
    /// breaches noticed by then are logged first), and ends the drill once its duration is up.
    /// Call it before every command and whenever [`DrillRun::next_due_in`] elapses.
    pub fn due(&mut self, inc: &mut Incident) -> Result<Vec<Event>, LogError> {
        let mut out = Vec::new();
        if self.ended.is_some() {
            return Ok(out);
        }
        // Nothing is delivered while earlier events wait to be written (they come first).
        inc.ensure_writable()?;
        let elapsed = self.clock.elapsed();
        let end = self.end_offset();
        while let Some(&i) = self.schedule.get(self.next) {
            let inj = &self.scenario.injects[i];
            let off = offset_of(inj.at);
            if off > elapsed || off > end {
                break;
            }
            let at = self.clock.at_offset(off);
            out.extend(inc.tick(at)?);
            let start = self.clock.start();
            let holds = match &inj.when {
                None => true,
                Some(c) => condition_holds(
                    c,
                    &self.scenario,
                    &Facts::from_session(&inc.session, &self.acks),
                    start,
                    at,
                ),
            };
            let kind = if holds {
                let p = self.scenario.persona(&inj.from);
                let author = FeedAuthor {
                    id: inj.from.clone(),
                    name: p
                        .map(|p| p.name.clone())
                        .unwrap_or_else(|| inj.from.clone()),
                    handle: p.and_then(|p| p.handle.clone()),
                    followers: p.and_then(|p| p.followers),
                };
                self.feed.push(FeedItem {
                    inject: inj.id.clone(),
                    offset: inj.at,
                    at,
                    channel: inj.channel,
                    author: author.clone(),
                    text: inj.text.clone(),
                    severity: inj.severity,
                    needs_ack: inj.ack,
                    acked_at: None,
                });
                if inj.severity.is_some() {
                    self.severity = inj.severity;
                }
                EventKind::InjectDelivered {
                    inject: inj.id.clone(),
                    offset: inj.at,
                    channel: inj.channel,
                    persona: author,
                    text: inj.text.clone(),
                    severity: inj.severity,
                    ack: inj.ack,
                }
            } else {
                EventKind::InjectSkipped {
                    inject: inj.id.clone(),
                    offset: inj.at,
                    condition: inj.when.as_ref().map(|c| c.describe()).unwrap_or_default(),
                }
            };
            let r = inc.record(vec![kind], at);
            if accepted(&r) {
                // Written, or pending and written by the retry: never delivered twice.
                self.next += 1;
            }
            out.extend(r?);
        }
        if elapsed >= end {
            let at = self.clock.at_offset(end);
            out.extend(inc.tick(at)?);
            let r = inc.record(
                vec![EventKind::DrillEnded {
                    reason: DrillEnd::TimeUp,
                }],
                at,
            );
            if accepted(&r) {
                self.ended = Some((DrillEnd::TimeUp, at));
            }
            out.extend(r?);
        }
        Ok(out)
    }

    /// Refuses (with when and why) once the drill has ended.
    pub fn ensure_running(&self) -> Result<(), DrillError> {
        match self.ended {
            Some((why, at)) => Err(DrillError::Refused(format!(
                "the drill ended at T+{} ({}); nothing more is recorded in it",
                Interval::from_secs((at - self.clock.start()).num_seconds()),
                match why {
                    DrillEnd::TimeUp => "its time was up",
                    DrillEnd::Facilitator => "the facilitator ended it",
                    DrillEnd::ScriptEnded => "the script ended",
                }
            ))),
            None => Ok(()),
        }
    }

    /// Runs a team command at drill time: delivers what fell due first. Refused once the
    /// drill has ended.
    pub fn execute(&mut self, inc: &mut Incident, cmd: &Command) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.ensure_running()?;
        out.extend(inc.execute(cmd, self.now())?);
        Ok(out)
    }

    /// Logs deadline breaches noticed by now (after delivering what fell due).
    pub fn tick(&mut self, inc: &mut Incident) -> Result<Vec<Event>, LogError> {
        let mut out = self.due(inc)?;
        if self.ended.is_none() {
            out.extend(inc.tick(self.now())?);
        }
        Ok(out)
    }

    /// The facilitator pauses the drill clock (logged). Injects due before now arrive first.
    pub fn pause(&mut self, inc: &mut Incident) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.ensure_running()?;
        if !self.clock.pause() {
            return Err(DrillError::Refused(
                "the drill is already paused; `resume` it".into(),
            ));
        }
        out.extend(inc.record(vec![EventKind::DrillPaused {}], self.now())?);
        Ok(out)
    }

    /// The facilitator resumes the drill clock (logged with the wall time spent paused).
    pub fn resume(&mut self, inc: &mut Incident) -> Result<Vec<Event>, DrillError> {
        self.ensure_running()?;
        inc.ensure_writable()?;
        let Some(paused) = self.clock.resume() else {
            return Err(DrillError::Refused("the drill is not paused".into()));
        };
        let paused_secs = i64::try_from(paused.as_secs()).unwrap_or(i64::MAX);
        Ok(inc.record(vec![EventKind::DrillResumed { paused_secs }], self.now())?)
    }

    /// Acknowledges an inject that asked for it: the named one, or the oldest still waiting.
    pub fn acknowledge(
        &mut self,
        inc: &mut Incident,
        inject: Option<&str>,
    ) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.ensure_running()?;
        let idx = match inject {
            Some(id) => {
                let Some(i) = self.feed.iter().position(|f| f.inject == id) else {
                    let known = self.scenario.inject(id).is_some();
                    return Err(DrillError::Refused(if known {
                        format!("inject \"{id}\" has not arrived")
                    } else {
                        format!("no inject \"{id}\" in this scenario")
                    }));
                };
                let f = &self.feed[i];
                if !f.needs_ack {
                    return Err(DrillError::Refused(format!(
                        "inject \"{id}\" does not ask for an acknowledgement"
                    )));
                }
                if f.acked_at.is_some() {
                    return Err(DrillError::Refused(format!(
                        "inject \"{id}\" is already acknowledged"
                    )));
                }
                i
            }
            None => self
                .feed
                .iter()
                .position(|f| f.needs_ack && f.acked_at.is_none())
                .ok_or_else(|| {
                    DrillError::Refused("no inject is waiting for an acknowledgement".into())
                })?,
        };
        let now = self.now();
        let id = self.feed[idx].inject.clone();
        let r = inc.record(
            vec![EventKind::InjectAcknowledged { inject: id.clone() }],
            now,
        );
        if accepted(&r) {
            self.feed[idx].acked_at = Some(now);
            self.acks.push((id, now));
        }
        out.extend(r?);
        Ok(out)
    }

    /// Ends the drill now (the facilitator, or a headless script running out). No-op if over.
    pub fn end(&mut self, inc: &mut Incident, reason: DrillEnd) -> Result<Vec<Event>, LogError> {
        let mut out = self.due(inc)?;
        if self.ended.is_some() {
            return Ok(out);
        }
        let now = self.now();
        out.extend(inc.tick(now)?);
        let r = inc.record(vec![EventKind::DrillEnded { reason }], now);
        if accepted(&r) {
            self.ended = Some((reason, now));
        }
        out.extend(r?);
        Ok(out)
    }

    /// The score so far, from the session (the report scores from the log the same way).
    pub fn score(&self, inc: &Incident) -> ScoreCard {
        let mut facts = Facts::from_session(&inc.session, &self.acks);
        let now = match self.ended {
            Some((_, at)) => {
                facts.ended = Some(at);
                at
            }
            None => self.now(),
        };
        score_facts(&self.scenario, &facts, self.clock.start(), now)
    }
}

/// True when the events were written, or accepted as pending (the retry writes them): the
/// drill's own state follows them either way, so nothing is delivered or recorded twice.
fn accepted<T>(r: &Result<T, LogError>) -> bool {
    !matches!(r, Err(LogError::Pending { .. }))
}

fn offset_of(i: Interval) -> Duration {
    Duration::from_secs(u64::try_from(i.secs()).unwrap_or(0))
}
