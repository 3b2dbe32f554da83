//! Stakeholder updates on a cadence: for each audience of the playbook's `updates`, the first
//! update is due `first_by` after the opening, and each next one `every` after the last one
//! posted to that audience — even when there is no news. Each due update is a deadline
//! instance (`update-<audience>`): shown, breached and logged like any deadline, and every
//! instance is kept for the review and the reports (due at 09:40, met late at 10:10).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::deadlines::{State, Status, soon_or_pending};
use super::session::Session;
use crate::playbook::{Audience, Update, template};

type Time = DateTime<FixedOffset>;

impl Session {
    /// The update the playbook declares for `audience`, if any.
    pub fn update_for(&self, audience: Audience) -> Option<&Update> {
        self.playbook
            .updates
            .iter()
            .find(|u| u.audience == audience)
    }

    /// An update's template, found in whichever step declares it.
    pub fn update_template(&self, id: &str) -> Option<&crate::playbook::Template> {
        self.audience_of_template(id)?;
        self.playbook
            .steps
            .iter()
            .flat_map(|s| &s.drafts)
            .find(|t| t.id == id)
    }

    /// The audience whose update template `template` is, if it is one.
    pub fn audience_of_template(&self, template: &str) -> Option<Audience> {
        self.playbook
            .updates
            .iter()
            .find(|u| u.template.as_deref() == Some(template))
            .map(|u| u.audience)
    }

    /// The variables a draft is filled in with: the ones set, and for an update the time the
    /// next one will be due if this one goes out at `now` (`{next_update}`, HH:MM).
    pub fn render_vars(
        &self,
        audience: Option<Audience>,
        now: Option<Time>,
    ) -> std::borrow::Cow<'_, BTreeMap<String, String>> {
        let (Some(u), Some(now)) = (audience.and_then(|a| self.update_for(a)), now) else {
            return std::borrow::Cow::Borrowed(&self.variables);
        };
        let mut vars = self.variables.clone();
        let next = now + self.cadence(u).to_chrono();
        vars.insert(
            template::NEXT_UPDATE.to_string(),
            next.format("%H:%M").to_string(),
        );
        std::borrow::Cow::Owned(vars)
    }

    /// The cadence of `u` now: its span for the severity level set, else `every`.
    pub fn cadence(&self, u: &Update) -> crate::duration::Interval {
        let Some(by) = &u.by_severity else {
            return u.every;
        };
        let level = self
            .variables
            .get(&by.variable)
            .map(|v| {
                v.trim()
                    .split(|c: char| c == ':' || c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .to_lowercase()
            })
            .unwrap_or_default();
        by.every
            .iter()
            .find(|(k, _)| k.to_lowercase() == level)
            .map_or(u.every, |(_, span)| *span)
    }

    /// When updates to `audience` were posted, in log order.
    fn update_posts(&self, audience: Audience) -> Vec<Time> {
        self.posts
            .iter()
            .filter(|(n, _, _)| self.draft(*n).and_then(|d| d.audience) == Some(audience))
            .map(|p| p.1)
            .collect()
    }

    /// The instances of every audience's updates at `now`: with `all`, each one from the first
    /// (met, met late, or still due); else only the one due next (none once closed).
    pub(super) fn update_instances(&self, now: Time, all: bool) -> Vec<Status> {
        let Some(opened) = self.opened_at else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for u in &self.playbook.updates {
            let every = self.cadence(u);
            let first = u.first_by.unwrap_or(every);
            let mut due = opened + first.to_chrono();
            let mut window = first.secs();
            let status = |due: Time, state: State| Status {
                id: u.id(),
                label: u.label(),
                step: None,
                due_at: due,
                state,
            };
            for at in self.update_posts(u.audience) {
                if all {
                    out.push(status(due, State::Met(at)));
                }
                due = at + every.to_chrono();
                window = every.secs();
            }
            let state = match self.waived_at(&u.id()).filter(|w| *w <= due) {
                // The path the team took needs no more of these updates.
                Some(w) if all => State::Waived(w),
                Some(_) => continue,
                None if now > due => State::Breached,
                None => soon_or_pending(due, now, window),
            };
            if all || self.closed.is_none() {
                out.push(status(due, state));
            }
        }
        out
    }
}
