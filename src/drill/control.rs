//! What the facilitator does to a running drill — start, pause and resume the clock, change its
//! speed, release or skip an inject, write one ad hoc, note something, end the drill — and what
//! the players do to the feed (acknowledge). Each is logged; the host seat runs the clock, so
//! the clock's controls are refused on a seat that follows.

use std::time::Duration;

use crate::duration::Interval;
use crate::engine::{Delivery, DrillEnd, Event, EventKind, FeedAuthor};
use crate::incident::Incident;
use crate::log::LogError;
use crate::scenario::{FeedChannel, Inject};

use super::run::{DrillError, DrillRun, Seat};

/// An inject the controller writes during the drill.
#[derive(Debug, Clone)]
pub struct AdHoc {
    pub channel: FeedChannel,
    /// A persona id of the scenario's, or the name of someone new.
    pub from: String,
    pub text: String,
    pub ack: bool,
}

/// An inject still to come, as the controller's screen lists it.
#[derive(Debug, Clone)]
pub struct Upcoming<'a> {
    pub inject: &'a Inject,
    /// Drill time until it falls due (zero: due now).
    pub due_in: Option<Duration>,
}

impl DrillRun {
    fn host_only(&self, what: &str) -> Result<(), DrillError> {
        self.ensure_running()?;
        if self.seat == Seat::Follower {
            return Err(DrillError::Refused(format!(
                "only the seat that runs the drill (`warroom drill … --controller`, or the one that resumed it) can {what}"
            )));
        }
        Ok(())
    }

    /// The facilitator starts the drill clock (it stood at T+0 during the briefing).
    pub fn start_clock(&mut self, inc: &mut Incident) -> Result<Vec<Event>, DrillError> {
        self.host_only("start the clock")?;
        inc.ensure_writable()?;
        if !self.clock.begin() {
            return Err(DrillError::Refused(
                "the drill clock is already running".into(),
            ));
        }
        let wall = self
            .clock
            .wall_stamp()
            .unwrap_or_else(|| self.clock.start());
        let mut out = inc.record(vec![EventKind::DrillClockStarted { wall }], self.now())?;
        out.extend(self.due(inc)?);
        Ok(out)
    }

    /// The facilitator pauses the drill clock (logged). Injects due before now arrive first.
    pub fn pause(&mut self, inc: &mut Incident) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.host_only("pause the drill")?;
        if !self.clock.is_started() {
            return Err(DrillError::Refused(
                "the drill clock has not started yet; start it first".into(),
            ));
        }
        if !self.clock.pause() {
            return Err(DrillError::Refused(
                "the drill is already paused; `resume` it".into(),
            ));
        }
        let wall = self.clock.wall_stamp();
        out.extend(inc.record(vec![EventKind::DrillPaused { wall }], self.now())?);
        self.sync(inc);
        Ok(out)
    }

    /// The facilitator resumes the drill clock (logged with the wall time spent paused).
    pub fn resume(&mut self, inc: &mut Incident) -> Result<Vec<Event>, DrillError> {
        self.host_only("resume the drill")?;
        inc.ensure_writable()?;
        if !self.clock.is_started() {
            return Err(DrillError::Refused(
                "the drill clock has not started yet; start it".into(),
            ));
        }
        let Some(paused) = self.clock.resume() else {
            return Err(DrillError::Refused("the drill is not paused".into()));
        };
        let paused_secs = i64::try_from(paused.as_secs()).unwrap_or(i64::MAX);
        let wall = self.clock.wall_stamp();
        let out = inc.record(
            vec![EventKind::DrillResumed { paused_secs, wall }],
            self.now(),
        )?;
        self.sync(inc);
        Ok(out)
    }

    /// The facilitator changes the clock's speed (1 to 3600 drill seconds a second).
    pub fn set_speed(&mut self, inc: &mut Incident, speed: u32) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.host_only("change the clock's speed")?;
        if !(1..=3600).contains(&speed) {
            return Err(DrillError::Refused(format!(
                "speed {speed}: give 1 to 3600 drill seconds per second"
            )));
        }
        self.clock.set_speed(speed);
        let wall = self
            .clock
            .wall_stamp()
            .unwrap_or_else(|| crate::clock::Clock::now(&self.clock));
        out.extend(inc.record(
            vec![EventKind::DrillSpeedChanged { speed, wall }],
            self.now(),
        )?);
        self.sync(inc);
        Ok(out)
    }

    /// The injects still to come, in order, with the drill time until each falls due.
    pub fn upcoming(&self) -> Vec<Upcoming<'_>> {
        let elapsed = self.clock.elapsed();
        self.pending()
            .map(|i| Upcoming {
                inject: i,
                due_in: self.due_offset(i).map(|o| o.saturating_sub(elapsed)),
            })
            .collect()
    }

    fn pending_inject(&self, id: &str) -> Result<Inject, DrillError> {
        match self.pending().find(|i| i.id == id) {
            Some(i) => Ok(i.clone()),
            None if self.scenario.inject(id).is_some() => Err(DrillError::Refused(format!(
                "inject \"{id}\" has already come (delivered or skipped)"
            ))),
            None => Err(DrillError::Refused(format!(
                "no inject \"{id}\" in this scenario"
            ))),
        }
    }

    /// The controller releases a scheduled inject now, before its time (and whatever its
    /// condition says).
    pub fn deliver_now(&mut self, inc: &mut Incident, id: &str) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.host_only("release an inject")?;
        let inj = self.pending_inject(id)?;
        let at = self.at_or_after_last(inc, self.clock.elapsed());
        let kind = self.arrival(&inj, at, inc, Delivery::Early);
        out.extend(inc.record(vec![kind], at)?);
        self.sync(inc);
        Ok(out)
    }

    /// The controller skips a scheduled inject (logged as skipped by the controller).
    pub fn skip(&mut self, inc: &mut Incident, id: &str) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.host_only("skip an inject")?;
        let inj = self.pending_inject(id)?;
        let kind = EventKind::InjectSkipped {
            inject: inj.id.clone(),
            offset: inj.at,
            condition: "skipped by the controller".into(),
        };
        out.extend(inc.record(vec![kind], self.now())?);
        self.sync(inc);
        Ok(out)
    }

    /// The controller writes an inject now that is not in the scenario (logged as ad hoc,
    /// numbered `adhoc-1`, `adhoc-2`…).
    pub fn adhoc(&mut self, inc: &mut Incident, a: &AdHoc) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.host_only("write an inject")?;
        let text = a.text.trim();
        if text.is_empty() {
            return Err(DrillError::Refused("an inject needs a text".into()));
        }
        let from = a.from.trim();
        if from.is_empty() {
            return Err(DrillError::Refused(
                "an inject needs someone it comes from (a persona id or a name)".into(),
            ));
        }
        let id = self.fresh_adhoc_id();
        let persona = match self.scenario.persona(from) {
            Some(_) => self.author(from),
            None => FeedAuthor {
                id: from.to_string(),
                name: from.to_string(),
                handle: None,
                followers: None,
            },
        };
        let elapsed = self.clock.elapsed();
        let at = self.at_or_after_last(inc, elapsed);
        let kind = EventKind::InjectDelivered {
            inject: id,
            offset: Interval::from_secs(i64::try_from(elapsed.as_secs()).unwrap_or(0)),
            channel: a.channel,
            persona,
            text: text.to_string(),
            severity: None,
            ack: a.ack,
            delivery: Delivery::AdHoc,
        };
        out.extend(inc.record(vec![kind], at)?);
        self.sync(inc);
        Ok(out)
    }

    fn fresh_adhoc_id(&self) -> String {
        let mut n = self.state.adhoc_count() + 1;
        loop {
            let id = format!("adhoc-{n}");
            if self.scenario.inject(&id).is_none() && !self.state.done.contains(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// A note of the facilitator's, kept from the players' screens.
    pub fn controller_note(
        &mut self,
        inc: &mut Incident,
        text: &str,
    ) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(DrillError::Refused("the note is empty".into()));
        }
        inc.ensure_writable()?;
        out.extend(inc.record(
            vec![EventKind::ControllerNote {
                text: text.to_string(),
            }],
            self.now(),
        )?);
        Ok(out)
    }

    /// Acknowledges an inject that asked for it: the named one, or the oldest still waiting.
    pub fn acknowledge(
        &mut self,
        inc: &mut Incident,
        inject: Option<&str>,
    ) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.ensure_running()?;
        let id = self.ack_target(inject)?;
        let now = self.now();
        out.extend(inc.record(vec![EventKind::InjectAcknowledged { inject: id }], now)?);
        self.sync(inc);
        Ok(out)
    }

    fn ack_target(&self, inject: Option<&str>) -> Result<String, DrillError> {
        let feed = self.feed();
        let Some(id) = inject else {
            return feed
                .iter()
                .find(|f| f.needs_ack && f.acked_at.is_none())
                .map(|f| f.inject.clone())
                .ok_or_else(|| {
                    DrillError::Refused("no inject is waiting for an acknowledgement".into())
                });
        };
        let Some(f) = feed.iter().find(|f| f.inject == id) else {
            let known = self.scenario.inject(id).is_some();
            return Err(DrillError::Refused(if known {
                format!("inject \"{id}\" has not arrived")
            } else {
                format!("no inject \"{id}\" in this scenario")
            }));
        };
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
        Ok(id.to_string())
    }

    /// The players answer an inject's sender (an e-mail, a press enquiry, a call, a DM); the
    /// text is checked as [`super::reply::reply_event`] says.
    pub fn reply(
        &mut self,
        inc: &mut Incident,
        inject: &str,
        text: &str,
    ) -> Result<Vec<Event>, DrillError> {
        let mut out = self.due(inc)?;
        self.ensure_running()?;
        let kind =
            super::reply::reply_event(&self.scenario, &inc.session, &self.facts, inject, text)
                .map_err(DrillError::Refused)?;
        out.extend(inc.record(vec![kind], self.now())?);
        out.extend(self.due(inc)?);
        Ok(out)
    }

    /// The injects that arrived and can be answered, newest first.
    pub fn answerable(&self) -> Vec<&crate::engine::drill_state::FeedItem> {
        self.feed()
            .iter()
            .rev()
            .filter(|f| f.channel.can_reply())
            .collect()
    }

    /// Ends the drill now (the facilitator, or a headless script running out). No-op if over.
    pub fn end(&mut self, inc: &mut Incident, reason: DrillEnd) -> Result<Vec<Event>, LogError> {
        let mut out = self.due(inc)?;
        if self.state.ended.is_some() || self.seat == Seat::Follower {
            return Ok(out);
        }
        let now = self.now();
        out.extend(self.record_end(inc, reason, now)?);
        Ok(out)
    }
}

/// Drill time of an offset, for display.
pub fn t_plus(d: Duration) -> String {
    crate::duration::clock_hms(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
