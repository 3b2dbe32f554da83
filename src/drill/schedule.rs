//! When each inject falls due: at its offset from T+0, or — with `after:` — at its offset from
//! the moment the team did something (posted, decided, reached a step) or another inject
//! arrived, was acknowledged or replied to. The drill's delivery loop asks each pending inject
//! [`due_at`] and delivers the earliest first ([`next_due`]); [`never_due`] tells the injects
//! the drill ended without (their trigger never happened in time).
//!
//! Everything is computed from [`Facts`], so the same answer comes from the live session and
//! from the log: a delivery the loop makes changes the facts (`Delivered(..)` triggers), so ask
//! again after each one.

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::facts::Facts;
use crate::scenario::{Inject, Scenario};

type Time = DateTime<FixedOffset>;

/// When the inject falls due: `start + at` for a timed inject; for an `after:` inject, `at`
/// after its trigger first happened, or None while it has not.
pub fn due_at(inject: &Inject, facts: &Facts, start: Time) -> Option<Time> {
    let delay = TimeDelta::seconds(inject.at.secs().max(0));
    match &inject.after {
        None => Some(start + delay),
        Some(t) => facts.happened(t).map(|at| at + delay),
    }
}

/// Whether the inject will not fall due before the drill ends at `end`: its trigger has not
/// happened (as of the drill's end), or it comes too late.
pub fn never_due(inject: &Inject, facts: &Facts, start: Time, end: Time) -> bool {
    due_at(inject, facts, start).is_none_or(|t| t > end)
}

/// Of the injects at `pending` (indices into the scenario's injects), the one due earliest at or
/// before `now` (ties: file order), with its time. None when nothing is due yet.
pub fn next_due(
    scenario: &Scenario,
    pending: &[usize],
    facts: &Facts,
    start: Time,
    now: Time,
) -> Option<(usize, Time)> {
    pending
        .iter()
        .filter_map(|&i| {
            let inj = scenario.injects.get(i)?;
            due_at(inj, facts, start)
                .filter(|t| *t <= now)
                .map(|t| (i, t))
        })
        .min_by_key(|&(i, t)| (t, i))
}

/// Of the pending injects, when the next one falls due (possibly in the past), if any is known:
/// for the event loop's poll timeout. `after:` injects whose trigger has not happened have no time.
pub fn next_time(
    scenario: &Scenario,
    pending: &[usize],
    facts: &Facts,
    start: Time,
) -> Option<Time> {
    pending
        .iter()
        .filter_map(|&i| due_at(scenario.injects.get(i)?, facts, start))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duration::Interval;
    use crate::scenario::{FeedChannel, Trigger};

    fn t0() -> Time {
        DateTime::parse_from_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
    }

    fn mins(m: i64) -> Time {
        t0() + TimeDelta::minutes(m)
    }

    fn inject(id: &str, at_min: i64, after: Option<Trigger>) -> Inject {
        Inject {
            id: id.into(),
            at: Interval::from_secs(at_min * 60),
            channel: FeedChannel::Email,
            from: "p".into(),
            text: "t".into(),
            severity: None,
            when: None,
            ack: false,
            expected: None,
            after,
            subject: None,
        }
    }

    fn scenario(injects: Vec<Inject>) -> Scenario {
        let text =
            r#"Scenario(id: "s", title: "S", playbook: "p.ron", duration: "2h", briefing: "b")"#;
        let mut s: Scenario = crate::playbook::load::ron_options().from_str(text).unwrap();
        s.injects = injects;
        s
    }

    fn facts() -> Facts {
        Facts {
            start: Some(t0()),
            entered: vec![("classify".into(), t0())],
            ..Facts::default()
        }
    }

    #[test]
    fn a_timed_inject_is_due_at_its_offset_whatever_the_team_does() {
        let i = inject("a", 5, None);
        assert_eq!(due_at(&i, &Facts::default(), t0()), Some(mins(5)));
        assert_eq!(due_at(&i, &facts(), t0()), Some(mins(5)));
        assert!(!never_due(&i, &facts(), t0(), mins(120)));
        assert!(never_due(&i, &facts(), t0(), mins(4)));
    }

    #[test]
    fn an_after_inject_waits_for_its_trigger_then_counts_from_it() {
        let i = inject("reporter", 10, Some(Trigger::Posted));
        let mut f = facts();
        assert_eq!(due_at(&i, &f, t0()), None, "nothing posted yet");
        assert!(never_due(&i, &f, t0(), mins(120)));
        // A post on a channel the public does not see is no trigger.
        f.posts.push((mins(20), Some("classify".into())));
        assert_eq!(due_at(&i, &f, t0()), None);
        f.public_posts.push(mins(25));
        f.public_posts.push(mins(40));
        assert_eq!(due_at(&i, &f, t0()), Some(mins(35)), "10m after the first");
        assert!(!never_due(&i, &f, t0(), mins(120)));
        assert!(never_due(&i, &f, t0(), mins(30)), "the drill ends first");
    }

    #[test]
    fn every_kind_of_trigger_counts_from_its_first_occurrence() {
        let mut f = facts();
        f.entered.push(("assess".into(), mins(3)));
        f.entered.push(("reply".into(), mins(8)));
        f.entered.push(("assess".into(), mins(12)));
        f.delivered.push(("call".into(), mins(4)));
        f.acks.push(("call".into(), mins(6)));
        f.replies.push(("call".into(), mins(7)));
        f.posts.push((mins(9), Some("reply".into())));
        let due = |t: Trigger| due_at(&inject("x", 1, Some(t)), &f, t0());
        assert_eq!(due(Trigger::Reached("assess".into())), Some(mins(4)));
        assert_eq!(due(Trigger::Decided("assess".into())), Some(mins(9)));
        assert_eq!(due(Trigger::Decided("classify".into())), Some(mins(4)));
        assert_eq!(due(Trigger::Decided("reply".into())), Some(mins(13)));
        assert_eq!(due(Trigger::Reached("nowhere".into())), None);
        assert_eq!(due(Trigger::Delivered("call".into())), Some(mins(5)));
        assert_eq!(due(Trigger::Acknowledged("call".into())), Some(mins(7)));
        assert_eq!(due(Trigger::Replied("call".into())), Some(mins(8)));
        assert_eq!(due(Trigger::Replied("other".into())), None);
        assert_eq!(due(Trigger::PostedFrom("reply".into())), Some(mins(10)));
        assert_eq!(due(Trigger::PostedFrom("assess".into())), None);
    }

    #[test]
    fn the_loop_gets_the_earliest_due_first_and_nothing_early() {
        let sc = scenario(vec![
            inject("late", 30, None),
            inject("after-post", 5, Some(Trigger::Posted)),
            inject("early", 10, None),
            inject("tie", 10, None),
            inject("chained", 0, Some(Trigger::Delivered("early".into()))),
        ]);
        let mut f = facts();
        let mut pending: Vec<usize> = (0..sc.injects.len()).collect();
        assert_eq!(next_due(&sc, &pending, &f, t0(), mins(9)), None);
        assert_eq!(next_time(&sc, &pending, &f, t0()), Some(mins(10)));
        // Deliver as the loop would, at 40 minutes in: each delivery changes the facts.
        let mut order = Vec::new();
        while let Some((i, at)) = next_due(&sc, &pending, &f, t0(), mins(40)) {
            order.push((sc.injects[i].id.clone(), at));
            f.delivered.push((sc.injects[i].id.clone(), at));
            pending.retain(|&p| p != i);
        }
        let ids: Vec<&str> = order.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(ids, ["early", "tie", "chained", "late"]);
        assert_eq!(order[2].1, mins(10), "0m after `early` arrived");
        assert_eq!(pending, [1], "the post-triggered one still waits");
        assert_eq!(next_time(&sc, &pending, &f, t0()), None);
        f.public_posts.push(mins(50));
        assert_eq!(next_due(&sc, &pending, &f, t0(), mins(54)), None);
        assert_eq!(
            next_due(&sc, &pending, &f, t0(), mins(55)),
            Some((1, mins(55)))
        );
    }
}
