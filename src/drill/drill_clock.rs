//! The drill clock: drill time = start + (wall time elapsed while running) × speed.
//!
//! Pausing freezes drill time; the wall time that passes while paused is counted separately
//! (and logged on resume). The wall source is either the system's monotonic clock (the live
//! screen) or a manual one that only moves when told to (headless drills and tests), so a
//! scripted drill is reproducible to the second.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::clock::Clock;

#[derive(Debug, Clone)]
enum Wall {
    System(Instant),
    Manual(Duration),
}

/// Where a drill picked up from its log stands: see [`DrillClock::picked_up`].
#[derive(Debug, Clone, Copy)]
pub struct PickUp {
    pub start: DateTime<FixedOffset>,
    pub speed: u32,
    /// Drill time since T+0, now.
    pub offset: Duration,
    pub running: bool,
    pub started: bool,
    pub system: bool,
}

/// A clock for drills: speed, pause and resume. Implements [`Clock`] in drill time.
#[derive(Debug, Clone)]
pub struct DrillClock {
    start: DateTime<FixedOffset>,
    speed: u32,
    wall: Wall,
    /// Drill time elapsed at the last anchor (start, pause or resume).
    drill_at_anchor: Duration,
    /// Wall time at the last anchor.
    wall_at_anchor: Duration,
    /// Wall time when paused, if paused.
    paused_at: Option<Duration>,
    /// Total wall time spent paused.
    paused_total: Duration,
    /// False until the facilitator starts the clock (it stands at T+0 meanwhile; that wait is
    /// not paused time).
    started: bool,
}

impl DrillClock {
    /// A clock on the system's monotonic time, at drill time `start` now, running `speed`x.
    pub fn system(start: DateTime<FixedOffset>, speed: u32) -> DrillClock {
        DrillClock::with_wall(start, speed, Wall::System(Instant::now()))
    }

    /// A clock whose wall time only moves by [`DrillClock::advance_wall`].
    pub fn manual(start: DateTime<FixedOffset>, speed: u32) -> DrillClock {
        DrillClock::with_wall(start, speed, Wall::Manual(Duration::ZERO))
    }

    fn with_wall(start: DateTime<FixedOffset>, speed: u32, wall: Wall) -> DrillClock {
        DrillClock {
            start,
            speed: speed.max(1),
            wall,
            drill_at_anchor: Duration::ZERO,
            wall_at_anchor: Duration::ZERO,
            paused_at: None,
            paused_total: Duration::ZERO,
            started: true,
        }
    }

    /// A clock that stands at T+0 until [`DrillClock::begin`] (the facilitator starts it).
    pub fn stopped(mut self) -> DrillClock {
        self.started = false;
        self.paused_at = Some(self.wall_now());
        self
    }

    /// A clock picking up a drill from its log: at drill offset `offset` now, running or
    /// paused, on the system's time (`system`) or a manual one.
    pub fn picked_up(p: PickUp) -> DrillClock {
        let wall = if p.system {
            Wall::System(Instant::now())
        } else {
            Wall::Manual(Duration::ZERO)
        };
        let mut c = DrillClock::with_wall(p.start, p.speed, wall);
        c.drill_at_anchor = p.offset;
        c.started = p.started;
        if !p.running {
            c.paused_at = Some(Duration::ZERO);
        }
        c
    }

    /// Starts a stopped clock. False if it was already started.
    pub fn begin(&mut self) -> bool {
        if self.started {
            return false;
        }
        self.started = true;
        self.paused_at = None;
        self.wall_at_anchor = self.wall_now();
        true
    }

    pub fn is_started(&self) -> bool {
        self.started
    }

    /// Runs at `speed` from now on (drill time so far is kept).
    pub fn set_speed(&mut self, speed: u32) {
        let wall = self.wall_now();
        self.drill_at_anchor = self.elapsed();
        self.wall_at_anchor = self.paused_at.unwrap_or(wall);
        if self.paused_at.is_some() {
            self.paused_at = Some(self.wall_at_anchor);
        }
        self.speed = speed.max(1);
    }

    /// The real time now, for the log's clock anchors: the system's time on a system clock,
    /// none on a manual one (its wall time is not anyone's real time).
    pub fn wall_stamp(&self) -> Option<DateTime<FixedOffset>> {
        match self.wall {
            Wall::System(_) => Some(chrono::Local::now().fixed_offset()),
            Wall::Manual(_) => None,
        }
    }

    fn wall_now(&self) -> Duration {
        match &self.wall {
            Wall::System(origin) => origin.elapsed(),
            Wall::Manual(d) => *d,
        }
    }

    /// Moves a manual clock's wall time on (no effect on a system clock).
    pub fn advance_wall(&mut self, by: Duration) {
        if let Wall::Manual(d) = &mut self.wall {
            *d += by;
        }
    }

    /// Drill time elapsed since T+0 (frozen while paused).
    pub fn elapsed(&self) -> Duration {
        let wall = self.paused_at.unwrap_or_else(|| self.wall_now());
        let ran = wall.saturating_sub(self.wall_at_anchor);
        let ran = ran.checked_mul(self.speed).unwrap_or(Duration::MAX);
        let total = self.drill_at_anchor.saturating_add(ran);
        // Whole milliseconds: logs do not need nanoseconds.
        Duration::from_millis(u64::try_from(total.as_millis()).unwrap_or(u64::MAX))
    }

    /// The drill's T+0.
    pub fn start(&self) -> DateTime<FixedOffset> {
        self.start
    }

    pub fn speed(&self) -> u32 {
        self.speed
    }

    /// Paused by the facilitator (a clock not started yet is not paused).
    pub fn is_paused(&self) -> bool {
        self.started && self.paused_at.is_some()
    }

    /// Whether drill time stands still (paused, or not started).
    pub fn is_still(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Freezes drill time. Returns false if it was already paused (or not started).
    pub fn pause(&mut self) -> bool {
        if self.paused_at.is_some() {
            return false;
        }
        let wall = self.wall_now();
        self.drill_at_anchor = self.elapsed();
        self.wall_at_anchor = wall;
        self.paused_at = Some(wall);
        true
    }

    /// Lets drill time run again. Returns the wall time spent paused, or None if not paused.
    pub fn resume(&mut self) -> Option<Duration> {
        if !self.started {
            return None;
        }
        let since = self.paused_at.take()?;
        let wall = self.wall_now();
        let paused = wall.saturating_sub(since);
        self.paused_total += paused;
        self.wall_at_anchor = wall;
        Some(paused)
    }

    /// Total wall time spent paused so far (including a pause in progress).
    pub fn paused_total(&self) -> Duration {
        if !self.started {
            return self.paused_total;
        }
        self.paused_total
            + self
                .paused_at
                .map(|p| self.wall_now().saturating_sub(p))
                .unwrap_or_default()
    }

    /// The drill time at an offset from T+0.
    pub fn at_offset(&self, offset: Duration) -> DateTime<FixedOffset> {
        // Clamped to the latest time a log can hold (a headless `wait` refuses to pass it).
        TimeDelta::from_std(offset)
            .ok()
            .and_then(|d| self.start.checked_add_signed(d))
            .map_or_else(crate::clock::latest, |t| t.min(crate::clock::latest()))
    }

    /// Wall time until drill offset `offset` comes round (None while paused; zero when past).
    pub fn wall_until(&self, offset: Duration) -> Option<Duration> {
        if self.is_still() {
            return None;
        }
        let left = offset.saturating_sub(self.elapsed());
        Some(left.div_f64(f64::from(self.speed)))
    }
}

impl Clock for DrillClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.at_offset(self.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<FixedOffset> {
        crate::clock::parse_time("2026-11-21T09:00:00+09:00").unwrap()
    }

    #[test]
    fn speed_pause_resume() {
        let mut c = DrillClock::manual(t0(), 60);
        c.advance_wall(Duration::from_secs(10));
        assert_eq!(c.elapsed(), Duration::from_secs(600));
        assert!(c.pause());
        assert!(!c.pause());
        c.advance_wall(Duration::from_secs(120));
        assert_eq!(c.elapsed(), Duration::from_secs(600), "frozen while paused");
        assert_eq!(c.wall_until(Duration::from_secs(900)), None);
        assert_eq!(c.resume(), Some(Duration::from_secs(120)));
        assert_eq!(c.resume(), None);
        c.advance_wall(Duration::from_secs(1));
        assert_eq!(c.elapsed(), Duration::from_secs(660));
        assert_eq!(c.now(), t0() + TimeDelta::seconds(660));
        assert_eq!(
            c.wall_until(Duration::from_secs(720)),
            Some(Duration::from_secs(1))
        );
        assert_eq!(c.paused_total(), Duration::from_secs(120));
    }

    #[test]
    fn a_stopped_clock_stands_at_zero_until_begun_and_that_wait_is_not_paused_time() {
        let mut c = DrillClock::manual(t0(), 60).stopped();
        c.advance_wall(Duration::from_secs(300));
        assert_eq!(c.elapsed(), Duration::ZERO);
        assert!(!c.is_paused());
        assert!(c.is_still());
        assert!(!c.pause(), "nothing to pause before the start");
        assert_eq!(c.resume(), None);
        assert!(c.begin());
        assert!(!c.begin());
        c.advance_wall(Duration::from_secs(2));
        assert_eq!(c.elapsed(), Duration::from_secs(120));
        assert_eq!(c.paused_total(), Duration::ZERO);
        c.set_speed(1);
        c.advance_wall(Duration::from_secs(2));
        assert_eq!(c.elapsed(), Duration::from_secs(122));
    }
}
