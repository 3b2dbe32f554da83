//! Promises tracked after the close: a post of a template that declares a `promise` becomes a
//! [`FollowUp`] with what was promised, the role that owns it and when it is due.
//!
//! The due time is read from the promise's variable as it stood when the post went out:
//! RFC 3339 (`2026-06-14T15:00:00+09:00`), `YYYY-MM-DD HH:MM`, `YYYY-MM-DD` (the end of that
//! day, 23:59:59) or `HH:MM` (that time on the day of the post), all but RFC 3339 in the post's
//! own UTC offset. Any other value gives a follow-up with no due time that says why.
//!
//! warroom cannot see whether a promise was kept (a later post may or may not be the
//! report-back), so the rule is the simple honest one: a follow-up is OVERDUE once its due
//! time has passed, whatever was posted later; every promise made stays listed, since the log
//! is append-only. Checking that it was kept is the reviewer's job.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::playbook::Channel;

type Time = DateTime<FixedOffset>;

/// A promise made in a post.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    /// The seq of the post that made the promise.
    pub seq: u64,
    pub draft: u32,
    pub template: String,
    pub what: String,
    /// A role id of the playbook.
    pub owner: String,
    pub channel: Channel,
    pub posted_at: Time,
    /// The variable the due time comes from, and its value when posted (empty when unset).
    pub by_variable: String,
    pub by_value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Time>,
    /// Why there is no due time, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_problem: Option<String>,
}

/// Where a follow-up stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Not yet due.
    Due,
    /// Past its due time.
    Overdue,
    /// No due time could be read.
    NoDate,
}

impl Standing {
    /// A symbol and a word (never colour alone).
    pub fn label(self) -> &'static str {
        match self {
            Standing::Due => "⏳ due",
            Standing::Overdue => "⚠ OVERDUE",
            Standing::NoDate => "? no due date",
        }
    }
}

impl FollowUp {
    pub fn standing(&self, now: Time) -> Standing {
        match self.due {
            None => Standing::NoDate,
            Some(d) if d < now => Standing::Overdue,
            Some(_) => Standing::Due,
        }
    }

    /// The due time as people read it, or why there is none.
    pub fn due_text(&self) -> String {
        match (&self.due, &self.due_problem) {
            (Some(d), _) => d.format("%Y-%m-%d %H:%M %:z").to_string(),
            (None, Some(p)) => format!("no due date: {p}"),
            (None, None) => "no due date".into(),
        }
    }
}

pub use crate::clock::parse_due;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: &str) -> Time {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn reads_the_four_forms_in_the_posts_offset() {
        let post = at("2026-06-10T09:30:00+09:00");
        assert_eq!(
            parse_due("2026-06-14T15:00:00Z", post).unwrap(),
            at("2026-06-14T15:00:00Z")
        );
        assert_eq!(
            parse_due("2026-06-14 15:00", post).unwrap(),
            at("2026-06-14T15:00:00+09:00")
        );
        assert_eq!(
            parse_due(" 2026-06-14 ", post).unwrap(),
            at("2026-06-14T23:59:59+09:00")
        );
        assert_eq!(
            parse_due("15:00", post).unwrap(),
            at("2026-06-10T15:00:00+09:00")
        );
    }

    #[test]
    fn says_why_a_value_is_not_a_time() {
        let post = at("2026-06-10T09:30:00+09:00");
        for bad in [
            "",
            "3 pm today",
            "Friday 14 June",
            "25:00",
            "2026-02-30",
            "오늘 오후 3시",
        ] {
            let e = parse_due(bad, post).unwrap_err();
            assert!(!e.is_empty(), "{bad:?}");
        }
        assert!(
            parse_due("Friday 14 June", post)
                .unwrap_err()
                .contains("\"Friday 14 June\"")
        );
    }

    proptest::proptest! {
        /// Any value, in any offset, gives a due time (in the post's offset) or a reason:
        /// never a panic.
        #[test]
        fn any_value_gives_a_time_or_a_reason(
            v in "\\PC{0,40}|[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{1,2}:[0-9]{1,2})?|[0-9]{1,2}:[0-9]{1,2}",
            offset_mins in -1439i32..1439,
        ) {
            let tz = FixedOffset::east_opt(offset_mins * 60).unwrap();
            let post = tz.with_ymd_and_hms(2026, 6, 10, 9, 30, 0).unwrap();
            match parse_due(&v, post) {
                // Every form but RFC 3339 is read in the post's own offset.
                Ok(t) if DateTime::parse_from_rfc3339(v.trim()).is_err() => {
                    proptest::prop_assert_eq!(t.offset(), post.offset())
                }
                Ok(_) => {}
                Err(why) => proptest::prop_assert!(!why.is_empty()),
            }
        }
    }

    #[test]
    fn overdue_only_after_the_due_time() {
        let post = at("2026-06-10T09:30:00+09:00");
        let f = FollowUp {
            seq: 3,
            draft: 1,
            template: "t".into(),
            what: "w".into(),
            owner: "experts".into(),
            channel: Channel::Tweet,
            posted_at: post,
            by_variable: "report_time".into(),
            by_value: "15:00".into(),
            due: parse_due("15:00", post).ok(),
            due_problem: None,
        };
        assert_eq!(f.standing(at("2026-06-10T14:59:00+09:00")), Standing::Due);
        assert_eq!(
            f.standing(at("2026-06-10T15:01:00+09:00")),
            Standing::Overdue
        );
        assert!(
            f.standing(at("2026-06-10T15:01:00+09:00"))
                .label()
                .contains("OVERDUE")
        );
    }
}
