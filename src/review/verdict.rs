//! The one wording of every outcome a review or report shows: a deadline met, breached or not
//! yet due ([`DeadlineOutcome::verdict`]), an expectation met, late or missed
//! (`crate::drill::Status::verdict`), and the one `T+…` formatter ([`t_plus`]) every surface
//! uses for times counted from the opening.
//!
//! A [`Verdict`] is format-neutral: its `Display` is the plain text ("❌ BREACHED — met late at
//! T+11m"); a renderer that can emphasise shows the word in bold when it is a breach.

use std::fmt;

use chrono::{DateTime, FixedOffset};

use super::analysis::DeadlineOutcome;

type Time = DateTime<FixedOffset>;

/// How an outcome reads: a mark that does not need colour, the word, and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// "✅", "❌", "🟡", "⏳", "…" or "—".
    pub mark: &'static str,
    /// "met", "BREACHED", "missed", "not yet due", …
    pub word: &'static str,
    /// A breach or a miss: shown in bold where the format can.
    pub breach: bool,
    /// What happened, when there is more to say ("met late at T+11m"); may be empty.
    pub detail: String,
}

impl Verdict {
    fn new(mark: &'static str, word: &'static str, breach: bool, detail: String) -> Verdict {
        Verdict {
            mark,
            word,
            breach,
            detail,
        }
    }

    /// What goes between the word and the detail: " — " after a breach, else a space.
    pub fn separator(&self) -> &'static str {
        match (self.detail.is_empty(), self.breach) {
            (true, _) => "",
            (false, true) => " — ",
            (false, false) => " ",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}{}{}",
            self.mark,
            self.word,
            self.separator(),
            self.detail
        )
    }
}

impl DeadlineOutcome {
    /// The verdict on this deadline. `closed`: the reviewed period ended with the closing (an
    /// open deadline was then never due); `t_plus` writes a time.
    pub fn verdict(self, closed: bool, t_plus: &dyn Fn(Time) -> String) -> Verdict {
        match self {
            DeadlineOutcome::Met { at } => {
                Verdict::new("✅", "met", false, format!("at {}", t_plus(at)))
            }
            DeadlineOutcome::MetLate { at } => Verdict::new(
                "❌",
                "BREACHED",
                true,
                format!("met late at {}", t_plus(at)),
            ),
            DeadlineOutcome::Breached { noticed } => Verdict::new(
                "❌",
                "BREACHED",
                true,
                match noticed {
                    Some(t) => format!("not met (noticed {})", t_plus(t)),
                    None => "not met".into(),
                },
            ),
            DeadlineOutcome::NotApplicable { at } => Verdict::new(
                "—",
                "not applicable",
                false,
                format!("(the path taken at {} does not need it)", t_plus(at)),
            ),
            DeadlineOutcome::Open if closed => {
                Verdict::new("—", "not due before the close", false, String::new())
            }
            DeadlineOutcome::Open => Verdict::new("…", "not yet due", false, String::new()),
        }
    }
}

/// How a `T+` time is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TPlus {
    /// `T+1h16m` (reports).
    Short,
    /// `T+01:16:00` (the screens, next to the running clock).
    Clock,
}

/// `T+…` (or `T−…` before the opening) of `t`, counted from `origin`.
pub fn t_plus(origin: Time, t: Time, style: TPlus) -> String {
    let secs = (t - origin).num_seconds();
    let (sign, secs) = if secs < 0 {
        ('−', -secs)
    } else {
        ('+', secs)
    };
    let n = match style {
        TPlus::Short => crate::duration::Interval::from_secs(secs).to_string(),
        TPlus::Clock => crate::duration::clock_hms(secs),
    };
    format!("T{sign}{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Time {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn deadline_verdicts_read_the_same_everywhere() {
        let o = at("2026-11-21T10:00:00+09:00");
        let t = at("2026-11-21T10:11:00+09:00");
        let tp = |x: Time| t_plus(o, x, TPlus::Short);
        let v = |d: DeadlineOutcome, closed| d.verdict(closed, &tp).to_string();
        assert_eq!(v(DeadlineOutcome::Met { at: t }, true), "✅ met at T+11m");
        assert_eq!(
            v(DeadlineOutcome::MetLate { at: t }, true),
            "❌ BREACHED — met late at T+11m"
        );
        assert_eq!(
            v(DeadlineOutcome::Breached { noticed: Some(t) }, false),
            "❌ BREACHED — not met (noticed T+11m)"
        );
        assert_eq!(
            v(DeadlineOutcome::Breached { noticed: None }, false),
            "❌ BREACHED — not met"
        );
        assert_eq!(v(DeadlineOutcome::Open, true), "— not due before the close");
        assert_eq!(
            v(DeadlineOutcome::NotApplicable { at: t }, false),
            "— not applicable (the path taken at T+11m does not need it)"
        );
        assert_eq!(v(DeadlineOutcome::Open, false), "… not yet due");
    }

    #[test]
    fn t_plus_in_both_styles_and_before_the_opening() {
        let o = at("2026-11-21T10:00:00+09:00");
        let t = at("2026-11-21T11:16:00+09:00");
        assert_eq!(t_plus(o, t, TPlus::Short), "T+1h16m");
        assert_eq!(t_plus(o, t, TPlus::Clock), "T+01:16:00");
        assert_eq!(t_plus(t, o, TPlus::Short), "T−1h16m");
    }
}
