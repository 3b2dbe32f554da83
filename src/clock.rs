//! Clocks: the system clock for live incidents, and a manual clock for tests and scripted runs
//! (`--now`) that only moves when told to.

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, Local, TimeDelta};

pub trait Clock {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// Wall-clock time in the local offset.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock that stands still until advanced.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Cell<DateTime<FixedOffset>>,
}

impl ManualClock {
    pub fn new(start: DateTime<FixedOffset>) -> ManualClock {
        ManualClock {
            now: Cell::new(start),
        }
    }

    pub fn advance(&self, by: TimeDelta) {
        self.now.set(self.now.get() + by);
    }

    pub fn set(&self, to: DateTime<FixedOffset>) {
        self.now.set(to);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.now.get()
    }
}

/// Parses an RFC 3339 time such as `2026-11-21T09:00:00+09:00`.
pub fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|e| {
        format!(
            "bad time {s:?}: {e}; write RFC 3339 with an offset, e.g. 2026-11-21T09:00:00+09:00"
        )
    })
}
