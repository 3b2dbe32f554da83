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

    /// Moves the clock on; refuses to pass [`latest`] (a log's times are RFC 3339, four-digit
    /// years), leaving the clock where it was.
    pub fn advance(&self, by: TimeDelta) -> Result<(), String> {
        let to = later(self.now.get(), by)?;
        self.now.set(to);
        Ok(())
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

/// The latest time a log can hold: 9999-12-31T23:59:59Z (RFC 3339 has four-digit years).
pub fn latest() -> DateTime<FixedOffset> {
    DateTime::from_timestamp(253_402_300_799, 0)
        .unwrap_or_default()
        .fixed_offset()
}

/// `t + by`, or an error naming the limit when that passes [`latest`].
pub fn later(t: DateTime<FixedOffset>, by: TimeDelta) -> Result<DateTime<FixedOffset>, String> {
    t.checked_add_signed(by)
        .filter(|to| *to <= latest())
        .ok_or_else(|| {
            format!(
                "the clock would pass {} (the latest time a log can hold); nothing was recorded for this wait",
                latest().to_rfc3339()
            )
        })
}

/// Parses an RFC 3339 time such as `2026-11-21T09:00:00+09:00`.
pub fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|e| {
        format!(
            "bad time {s:?}: {e}; write RFC 3339 with an offset, e.g. 2026-11-21T09:00:00+09:00"
        )
    })
}

/// Reads a due time from a variable's value, relative to the post's time `at` (a promise's
/// due time: see `crate::review::followup`).
pub fn parse_due(value: &str, at: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Err("the value is empty".into());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t);
    }
    let tz = *at.offset();
    let local = |n: chrono::NaiveDateTime| {
        chrono::TimeZone::from_local_datetime(&tz, &n)
            .single()
            .ok_or_else(|| format!("{v:?} is not a time that exists"))
    };
    if let Ok(n) = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M") {
        return local(n);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let end = chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
        return local(d.and_time(end));
    }
    if let Ok(t) = chrono::NaiveTime::parse_from_str(v, "%H:%M") {
        return local(at.date_naive().and_time(t));
    }
    Err(format!(
        "{v:?} is not a date or time (write 2026-06-14, 2026-06-14 15:00, 15:00 or RFC 3339)"
    ))
}
