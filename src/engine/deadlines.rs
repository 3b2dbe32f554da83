//! Deadline evaluation: which deadlines are pending, due soon, met or breached at a moment,
//! and which breaches are new (to be logged when first noticed).

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::kinds::EventKind;
use super::session::Session;
use crate::playbook::{Anchor, Deadline, MetBy};

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Pending,
    /// Due within five minutes (or within the last quarter of its window).
    DueSoon,
    Met(DateTime<FixedOffset>),
    Breached,
    /// Not applicable: the team entered a step that `waives` it (at this time) before it fell
    /// due, with it unmet. Only reviews see it; the live list leaves it out, and it never breaches.
    Waived(DateTime<FixedOffset>),
}

/// One active deadline instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub id: String,
    pub label: String,
    /// The declaring step's id, for step deadlines.
    pub step: Option<String>,
    pub due_at: DateTime<FixedOffset>,
    pub state: State,
}

impl Status {
    /// Seconds until due (negative once past).
    pub fn remaining(&self, now: DateTime<FixedOffset>) -> i64 {
        (self.due_at - now).num_seconds()
    }

    pub fn is_open(&self) -> bool {
        matches!(
            self.state,
            State::Pending | State::DueSoon | State::Breached
        )
    }
}

/// Due soon (within five minutes, or the last quarter of a window of `window_secs`, at least a
/// minute) or still pending, for something not yet due at `now`.
pub(super) fn soon_or_pending(
    due_at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    window_secs: i64,
) -> State {
    let left = due_at - now;
    let quarter = TimeDelta::seconds(window_secs / 4);
    if left <= TimeDelta::minutes(5).min(quarter.max(TimeDelta::seconds(60))) {
        State::DueSoon
    } else {
        State::Pending
    }
}

impl Session {
    /// Every active deadline at `now`, soonest first. Closed incidents have none open.
    pub fn deadlines(&self, now: DateTime<FixedOffset>) -> Vec<Status> {
        self.deadline_instances(now, false)
    }

    /// Every deadline instance as it stood at `end`, for a review: like [`Session::deadlines`],
    /// but a closed incident keeps its unmet deadlines (breached when `end` is past them).
    pub fn deadline_outcomes(&self, end: DateTime<FixedOffset>) -> Vec<Status> {
        let mut all = self.deadline_instances(end, true);
        all.sort_by_key(|s| s.due_at);
        all
    }

    fn deadline_instances(&self, now: DateTime<FixedOffset>, keep_unmet: bool) -> Vec<Status> {
        let mut out = Vec::new();
        let Some(opened) = self.opened_at else {
            return out;
        };
        for d in &self.playbook.deadlines {
            if let Some(s) = self.evaluate(d, None, opened, now, keep_unmet) {
                out.push(s);
            }
        }
        for (idx, step) in self.playbook.steps.iter().enumerate() {
            if step.deadlines.is_empty() || self.visits.get(idx).is_none_or(Vec::is_empty) {
                continue;
            }
            for d in &step.deadlines {
                if let Some(s) = self.evaluate(d, Some(idx), opened, now, keep_unmet) {
                    out.push(s);
                }
            }
        }
        out.extend(self.update_instances(now, keep_unmet));
        out.sort_by_key(|s| (!s.is_open(), s.due_at));
        out
    }

    /// The most urgent open deadline (breached first, then the soonest due).
    pub fn nearest_deadline(&self, now: DateTime<FixedOffset>) -> Option<Status> {
        let all = self.deadlines(now);
        all.iter()
            .filter(|s| s.state == State::Breached)
            .min_by_key(|s| s.due_at)
            .or_else(|| all.iter().filter(|s| s.is_open()).min_by_key(|s| s.due_at))
            .cloned()
    }

    /// Breaches not yet logged, as events to record.
    pub fn new_breaches(&self, now: DateTime<FixedOffset>) -> Vec<EventKind> {
        self.deadlines(now)
            .into_iter()
            .filter(|s| s.state == State::Breached)
            .filter(|s| !self.breaches.contains(&(s.id.clone(), s.due_at)))
            .map(|s| EventKind::DeadlineBreached {
                deadline: s.id,
                label: s.label,
                due_at: s.due_at,
                step: s.step,
            })
            .collect()
    }

    fn evaluate(
        &self,
        d: &Deadline,
        step: Option<usize>,
        opened: DateTime<FixedOffset>,
        now: DateTime<FixedOffset>,
        keep_unmet: bool,
    ) -> Option<Status> {
        let anchor = match d.from {
            Anchor::IncidentStart => opened,
            Anchor::StepEntered => {
                let idx = step?;
                self.path[*self.visits.get(idx)?.last()?].entered_at
            }
            Anchor::LastPost => self.last_post_on(d.met_by.post_channels().flatten())?,
        };
        let due_at = anchor + d.within.to_chrono();
        let met = self.met_at(d, step, anchor);
        let waived = self.waived_at(&d.id).filter(|w| *w <= due_at);
        let state = match (met, waived) {
            (Some(t), _) => State::Met(t),
            (None, Some(w)) if keep_unmet => State::Waived(w),
            (None, Some(_)) => return None,
            (None, None) if self.closed.is_some() && !keep_unmet => return None,
            (None, None) if now > due_at => State::Breached,
            (None, None) => soon_or_pending(due_at, now, d.within.secs()),
        };
        Some(Status {
            id: d.id.clone(),
            label: d.label.clone(),
            step: step.map(|i| self.playbook.steps[i].id.clone()),
            due_at,
            state,
        })
    }

    /// When the team first entered a step that waives the deadline `id` (see `Step::waives`).
    pub(super) fn waived_at(&self, id: &str) -> Option<DateTime<FixedOffset>> {
        self.playbook
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.waives.iter().any(|w| w == id))
            .filter_map(|(i, _)| {
                let first = *self.visits.get(i)?.first()?;
                self.path.get(first).map(|v| v.entered_at)
            })
            .min()
    }

    /// The first of `len` items (in log order) whose time is at or after `anchor`: a binary
    /// search while the log is in time order, else a scan.
    fn first_at_or_after(
        &self,
        len: usize,
        time: impl Fn(usize) -> DateTime<FixedOffset>,
        anchor: DateTime<FixedOffset>,
    ) -> Option<usize> {
        if self.in_time_order {
            let mut lo = 0;
            let mut hi = len;
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if time(mid) < anchor {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            (lo < len).then_some(lo)
        } else {
            (0..len).find(|&i| time(i) >= anchor)
        }
    }

    /// When the deadline's condition was met after its anchor, if it was.
    fn met_at(
        &self,
        d: &Deadline,
        step: Option<usize>,
        anchor: DateTime<FixedOffset>,
    ) -> Option<DateTime<FixedOffset>> {
        match &d.met_by {
            MetBy::Post | MetBy::PublicPost | MetBy::PostOn(_) => {
                if d.from == Anchor::LastPost {
                    // Re-anchored by every post that counts: never met, only renewed.
                    return None;
                }
                let channels = d.met_by.post_channels().flatten();
                let i = self.first_at_or_after(self.posts.len(), |i| self.posts[i].1, anchor)?;
                self.posts[i..]
                    .iter()
                    .find(|p| channels.is_none_or(|cs| cs.contains(&p.2)))
                    .map(|p| p.1)
            }
            MetBy::Leave => {
                let visits = self.visits.get(step?)?;
                let visit = |i: usize| &self.path[visits[i]];
                let entered = self.first_at_or_after(visits.len(), |i| visit(i).entered_at, anchor);
                entered
                    .and_then(|from| {
                        (from..visits.len())
                            .filter(|&i| visit(i).entered_at >= anchor)
                            .find_map(|i| visit(i).left_at)
                    })
                    .or_else(|| {
                        // Entered before the anchor (IncidentStart anchor): any leave counts.
                        // Only the last visit has no leave time; it sorts as the latest.
                        let far = DateTime::<FixedOffset>::MAX_UTC.fixed_offset();
                        let from = self.first_at_or_after(
                            visits.len(),
                            |i| visit(i).left_at.unwrap_or(far),
                            anchor,
                        )?;
                        (from..visits.len()).find_map(|i| visit(i).left_at.filter(|t| *t >= anchor))
                    })
            }
            MetBy::Reach(target) => {
                let idx = self.playbook.step_index(target)?;
                let visits = self.visits.get(idx)?;
                let i = self.first_at_or_after(
                    visits.len(),
                    |i| self.path[visits[i]].entered_at,
                    anchor,
                )?;
                Some(self.path[visits[i]].entered_at)
            }
            MetBy::Tick(item) => {
                let (sid, iid) = match item.split_once('.') {
                    Some((s, i)) => (s.to_string(), i.to_string()),
                    None => (self.playbook.steps[step?].id.clone(), item.clone()),
                };
                self.ticked.get(&sid).and_then(|m| m.get(&iid)).copied()
            }
            MetBy::Approval => {
                let i =
                    self.first_at_or_after(self.approvals.len(), |i| self.approvals[i], anchor)?;
                Some(self.approvals[i])
            }
            MetBy::Close => self.closed.map(|c| c.1),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeDelta;

    use super::*;
    use crate::engine::Event;

    /// The binary searches (a log in time order) agree with the plain scans they replace.
    #[test]
    fn indexed_lookups_agree_with_scans() {
        let pb = crate::playbook::default_playbook().unwrap();
        let mut bytes = Vec::new();
        crate::dev::r#gen::log(&pb, 4000, 2, &mut bytes).unwrap();
        let read = crate::log::scan(&bytes[..], |_| {}).unwrap();
        assert!(read.problem.is_none());
        let mut events: Vec<Event> = Vec::new();
        crate::log::scan(&bytes[..], |e| events.push(e)).unwrap();
        let pb = Arc::new(pb.playbook);
        let mut indexed = Session::new(Arc::clone(&pb));
        let mut checked = 0;
        for (i, e) in events.iter().enumerate() {
            indexed.fold(e);
            if i % 97 == 0 {
                let unposted: Vec<u32> = indexed
                    .drafts
                    .iter()
                    .rev()
                    .filter(|d| d.posted_at.is_none())
                    .map(|d| d.number)
                    .collect();
                let indexed_unposted: Vec<u32> =
                    indexed.unposted_newest_first().map(|d| d.number).collect();
                assert_eq!(indexed_unposted, unposted);
                let mut scanned = indexed.clone();
                scanned.in_time_order = false;
                for later in [0, 600, 7200] {
                    let now = e.at + TimeDelta::seconds(later);
                    assert_eq!(
                        indexed.deadlines(now),
                        scanned.deadlines(now),
                        "at #{}",
                        e.seq
                    );
                    checked += 1;
                }
            }
        }
        assert!(indexed.in_time_order);
        assert!(checked > 100);
        assert!(indexed.breaches.len() > 3, "the walk breaches deadlines");
    }
}
