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

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Freezes drill time. Returns false if it was already paused.
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
        let since = self.paused_at.take()?;
        let wall = self.wall_now();
        let paused = wall.saturating_sub(since);
        self.paused_total += paused;
        self.wall_at_anchor = wall;
        Some(paused)
    }

    /// Total wall time spent paused so far (including a pause in progress).
    pub fn paused_total(&self) -> Duration {
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
        if self.is_paused() {
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
}
