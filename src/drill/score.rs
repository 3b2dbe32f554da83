//! Scoring a drill against its scenario's expectations, from the log alone.
//!
//! The log is boiled down to [`Facts`] (steps entered, posts, ticks, the close, acknowledgements),
//! and each expectation is judged against them: met on time (full weight), late but before it
//! expired (half the weight), or missed. The same evaluation decides conditional injects while
//! the drill runs ([`Facts::from_session`]), so a branch taken in the drill and the score in the
//! report cannot disagree.
//!
//! A `Never(..)` expectation ("do not engage the troll") is met only by a team that *engaged*
//! ([`Facts::engaged_by`]: a decision, a draft, a post, an acknowledgement or a reply by its
//! `by` time): a team that did nothing at all did not hold back, it was absent.

use chrono::{DateTime, FixedOffset, TimeDelta};

pub use super::facts::Facts;
use crate::engine::Event;
use crate::scenario::{Condition, Criterion, Expectation, Scenario};

type Time = DateTime<FixedOffset>;

/// Where an expectation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Met by its `by` time.
    Met(Time),
    /// Met after `by` but before it expired.
    Late(Time),
    /// Not met in time; with the time it was done if it was done too late (or, for `Never`, the
    /// time the forbidden thing happened).
    Missed(Option<Time>),
    /// Past `by`, not done, still inside the late window.
    Overdue,
    /// Not due yet.
    Pending,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Met(_) => "met",
            Status::Late(_) => "late",
            Status::Missed(_) => "missed",
            Status::Overdue => "overdue",
            Status::Pending => "pending",
        }
    }

    /// The verdict every report shows ("✅ met", "🟡 late", "❌ missed", …).
    pub fn verdict(self) -> crate::review::Verdict {
        let (mark, breach) = match self {
            Status::Met(_) => ("✅", false),
            Status::Late(_) => ("🟡", false),
            Status::Missed(_) => ("❌", true),
            Status::Overdue => ("⏳", false),
            Status::Pending => ("…", false),
        };
        crate::review::Verdict {
            mark,
            word: self.word(),
            breach,
            detail: String::new(),
        }
    }
}

/// Points with at most one decimal (half points for late expectations): `3`, `1.5`.
pub fn points(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}", p.round())
    } else {
        format!("{p:.1}")
    }
}

/// Judges one expectation at `as_of` (the drill's end once it has ended).
pub fn evaluate(e: &Expectation, facts: &Facts, start: Time, as_of: Time) -> Status {
    let due = start + TimeDelta::seconds(e.by.secs());
    let expires = start + TimeDelta::seconds(e.expiry().secs());
    let ended = facts.ended.is_some();
    if let Criterion::Never(inner) = &e.what {
        let judged = as_of >= due || ended;
        return match facts.first(inner) {
            Some(t) if t <= due => Status::Missed(Some(t)),
            _ if judged && !facts.engaged_by(due.min(as_of)) => Status::Missed(None),
            _ if as_of >= due => Status::Met(due),
            _ if ended => Status::Met(due.min(as_of)),
            _ => Status::Pending,
        };
    }
    match facts.first(&e.what) {
        Some(t) if t <= due => Status::Met(t),
        Some(t) if t <= expires => Status::Late(t),
        Some(t) => Status::Missed(Some(t)),
        None if ended || as_of > expires => Status::Missed(None),
        None if as_of > due => Status::Overdue,
        None => Status::Pending,
    }
}

/// Whether a conditional inject's condition holds at `now`. Nesting deeper than
/// [`Condition::MAX_DEPTH`] (which `check` refuses) does not hold.
pub fn condition_holds(
    c: &Condition,
    scenario: &Scenario,
    facts: &Facts,
    start: Time,
    now: Time,
) -> bool {
    !c.too_deep() && holds_at(c, scenario, facts, start, now, 0)
}

fn holds_at(
    c: &Condition,
    scenario: &Scenario,
    facts: &Facts,
    start: Time,
    now: Time,
    depth: usize,
) -> bool {
    use crate::scenario::Trigger as T;
    if depth > Condition::MAX_DEPTH {
        return false; // not reached: `condition_holds` refuses a condition this deep
    }
    let by_now = |t: T| facts.happened(&t).is_some_and(|at| at <= now);
    let sub = |c: &Condition| holds_at(c, scenario, facts, start, now, depth + 1);
    match c {
        Condition::Met(x) => scenario
            .expectation(x)
            .is_some_and(|e| matches!(evaluate(e, facts, start, now), Status::Met(_))),
        Condition::Missed(x) => scenario.expectation(x).is_some_and(|e| {
            matches!(
                evaluate(e, facts, start, now),
                Status::Late(_) | Status::Missed(_) | Status::Overdue
            )
        }),
        Condition::Reached(s) => by_now(T::Reached(s.clone())),
        Condition::NotReached(s) => !by_now(T::Reached(s.clone())),
        Condition::Posted => by_now(T::Posted),
        Condition::PostedAs(v) => facts.posted_as(v).is_some_and(|at| at <= now),
        Condition::PostedFrom(s) => by_now(T::PostedFrom(s.clone())),
        Condition::Decided(s) => by_now(T::Decided(s.clone())),
        Condition::Chose(s, t) => facts.chose(s, t).is_some_and(|at| at <= now),
        Condition::Delivered(i) => by_now(T::Delivered(i.clone())),
        Condition::Acknowledged(i) => by_now(T::Acknowledged(i.clone())),
        Condition::Replied(i) => by_now(T::Replied(i.clone())),
        Condition::All(cs) => cs.iter().all(sub),
        Condition::Any(cs) => cs.iter().any(sub),
        Condition::Not(c) => !sub(c),
    }
}

/// One expectation's result.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectationResult {
    pub id: String,
    pub label: String,
    pub criterion: String,
    pub weight: u32,
    pub due_at: Time,
    pub expires_at: Time,
    pub status: Status,
    pub points: f64,
}

/// A drill's score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCard {
    pub start: Time,
    /// The moment judged: the drill's end, else the last event.
    pub as_of: Time,
    pub ended: bool,
    pub results: Vec<ExpectationResult>,
    pub points: f64,
    pub max: u32,
    /// The intended path with when each step was first reached.
    pub intended: Vec<(String, Option<Time>)>,
    /// The path taken (steps entered, in order, with times).
    pub taken: Vec<(String, Time)>,
    /// Steps taken that are not on the intended path.
    pub detours: Vec<String>,
}

impl ScoreCard {
    /// The score as a percentage of the maximum (0 when nothing can be scored).
    pub fn percent(&self) -> f64 {
        if self.max == 0 {
            0.0
        } else {
            100.0 * self.points / f64::from(self.max)
        }
    }

    pub fn count(&self, word: &str) -> usize {
        self.results
            .iter()
            .filter(|r| r.status.word() == word)
            .count()
    }
}

/// Scores a drill from its log's events.
pub fn score(scenario: &Scenario, events: &[Event]) -> Option<ScoreCard> {
    let facts = Facts::from_events(events);
    let start = facts.start?;
    let as_of = facts.ended.or(facts.last).unwrap_or(start);
    Some(score_facts(scenario, &facts, start, as_of))
}

/// Scores a drill from facts (the live screen scores from the session this way).
pub fn score_facts(scenario: &Scenario, facts: &Facts, start: Time, as_of: Time) -> ScoreCard {
    let mut results = Vec::new();
    let mut points = 0.0;
    let mut max = 0;
    for e in &scenario.expectations {
        let status = evaluate(e, facts, start, as_of);
        let p = match status {
            Status::Met(_) => f64::from(e.weight),
            Status::Late(_) => f64::from(e.weight) / 2.0,
            _ => 0.0,
        };
        points += p;
        max += e.weight;
        results.push(ExpectationResult {
            id: e.id.clone(),
            label: e.label.clone(),
            criterion: e.what.describe(),
            weight: e.weight,
            due_at: start + TimeDelta::seconds(e.by.secs()),
            expires_at: start + TimeDelta::seconds(e.expiry().secs()),
            status,
            points: p,
        });
    }
    let intended = scenario
        .intended_path
        .iter()
        .map(|s| {
            (
                s.clone(),
                facts.entered.iter().find(|(id, _)| id == s).map(|e| e.1),
            )
        })
        .collect();
    let mut detours: Vec<String> = Vec::new();
    for (s, _) in &facts.entered {
        if !scenario.intended_path.contains(s) && !detours.contains(s) {
            detours.push(s.clone());
        }
    }
    ScoreCard {
        start,
        as_of,
        ended: facts.ended.is_some(),
        results,
        points,
        max,
        intended,
        taken: facts.entered.clone(),
        detours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(m: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-21T10:00:00+09:00").unwrap() + TimeDelta::minutes(m)
    }

    fn scenario() -> Scenario {
        let text = r#"Scenario(id: "s", title: "S", playbook: "p.ron", duration: "2h", briefing: "b",
            expectations: [
                Expectation(id: "quiet", label: "Q", what: Never(PublicPost), by: "1h"),
                Expectation(id: "ack", label: "A", what: Reach("acknowledge"), by: "30m"),
            ])"#;
        crate::playbook::load::ron_options().from_str(text).unwrap()
    }

    fn facts() -> Facts {
        Facts {
            start: Some(t(0)),
            entered: vec![("classify".into(), t(0)), ("troll-watch".into(), t(5))],
            ..Facts::default()
        }
    }

    fn c(ron: &str) -> Condition {
        crate::playbook::load::ron_options().from_str(ron).unwrap()
    }

    #[test]
    fn compound_conditions_combine_their_leaves_at_the_time_asked() {
        let sc = scenario();
        let mut f = facts();
        f.public_posts.push(t(20));
        f.voiced.push((t(20), "ceo".into()));
        let holds = |ron: &str, f: &Facts, now: i64| condition_holds(&c(ron), &sc, f, t(0), t(now));
        assert!(holds(
            r#"All([Reached("troll-watch"), Not(Posted)])"#,
            &f,
            10
        ));
        assert!(!holds(
            r#"All([Reached("troll-watch"), Not(Posted)])"#,
            &f,
            20
        ));
        assert!(holds(r#"Any([Reached("nowhere"), Posted])"#, &f, 20));
        assert!(!holds(r#"Any([])"#, &f, 20));
        assert!(holds(r#"All([])"#, &f, 20));
        assert!(holds(r#"Chose("classify", "troll-watch")"#, &f, 5));
        assert!(!holds(r#"Chose("classify", "troll-watch")"#, &f, 4));
        assert!(holds(r#"Decided("classify")"#, &f, 6));
        assert!(!holds(r#"Decided("troll-watch")"#, &f, 60));
        assert!(holds(r#"PostedAs("ceo")"#, &f, 20));
        assert!(!holds(r#"PostedAs("cs")"#, &f, 60));
        // Expectation leaves judge the expectation at that moment.
        assert!(holds(r#"Missed("ack")"#, &f, 31));
        assert!(!holds(r#"Missed("ack")"#, &f, 29));
        assert!(holds(r#"Not(Met("quiet"))"#, &f, 60), "posted at T+20m");
        // Deeper than MAX_DEPTH does not hold, however it is built.
        let mut deep = Condition::All(Vec::new());
        for _ in 0..Condition::MAX_DEPTH + 2 {
            deep = Condition::Not(Box::new(Condition::Not(Box::new(deep))));
        }
        assert!(!condition_holds(&deep, &sc, &f, t(0), t(10)));
        assert!(deep.describe().contains('…'));
    }

    #[test]
    fn never_is_earned_only_by_a_team_that_engaged() {
        let sc = scenario();
        let quiet = sc.expectation("quiet").unwrap();
        let idle = Facts {
            start: Some(t(0)),
            entered: vec![("classify".into(), t(0))],
            ended: Some(t(120)),
            ..Facts::default()
        };
        assert_eq!(evaluate(quiet, &idle, t(0), t(120)), Status::Missed(None));
        let card = score_facts(&sc, &idle, t(0), t(120));
        assert_eq!(card.points, 0.0);
        // Engaging after `by` does not count either; by then the silence was not a choice.
        let mut late = idle.clone();
        late.drafts.push((t(61), "classify".into()));
        assert_eq!(evaluate(quiet, &late, t(0), t(120)), Status::Missed(None));
        for engaged in [
            Facts {
                drafts: vec![(t(10), "classify".into())],
                ..idle.clone()
            },
            Facts {
                acks: vec![("i".into(), t(10))],
                ..idle.clone()
            },
            Facts {
                replies: vec![("i".into(), t(10))],
                ..idle.clone()
            },
            Facts {
                posts: vec![(t(10), None)],
                ..idle.clone()
            },
            Facts {
                entered: facts().entered,
                ended: Some(t(120)),
                ..Facts::default()
            },
        ] {
            assert_eq!(
                evaluate(quiet, &engaged, t(0), t(120)),
                Status::Met(t(60)),
                "{engaged:?}"
            );
        }
        // Before `by`, an idle team is still pending, not yet missed.
        let running = Facts {
            ended: None,
            ..idle
        };
        assert_eq!(evaluate(quiet, &running, t(0), t(30)), Status::Pending);
    }
}
