//! Recording: a command checked and its events written before they are folded; other
//! seats' events that came first folded in and the command checked again; pending events
//! retried.

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::text::shown;

/// How many times a command is checked again when other seats keep appending first.
const MAX_TRIES: usize = 1000;

impl Incident {
    /// Runs a command at `now`: first logs any deadline breach noticed by then, then the
    /// command's events. Returns the events recorded.
    ///
    /// When other seats appended first, their events are folded in and the command is checked
    /// again against the new state: a command bound to the step (a choice, a tick, `back`,
    /// a draft from the step's template, `close`) is refused when the step moved on
    /// ([`ExecError::Overtaken`], naming who did what), anything else is recorded after them.
    pub fn execute(
        &mut self,
        cmd: &Command,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Event>, ExecError> {
        let mut out = Vec::new();
        let mut moved: Vec<Event> = Vec::new();
        for _ in 0..MAX_TRIES {
            out.extend(self.tick(now).map_err(ExecError::NotRecorded)?);
            if let Some(why) = overtaken(cmd, &moved) {
                return Err(ExecError::Overtaken(why));
            }
            let kinds = match self.session.apply_at(cmd, &self.actor, Some(now)) {
                Ok(kinds) => kinds,
                Err(e) => {
                    // A post stopped by a rule is recorded, whichever client asked; if that
                    // record cannot be written it is pending like any event.
                    if let Some(k) = self.session.refusal(cmd.verb(), &e) {
                        let _ = self.record(vec![k], now);
                    }
                    return Err(ExecError::Refused(e));
                }
            };
            match self.try_record(kinds, now) {
                Ok(evs) => {
                    out.extend(evs);
                    return Ok(out);
                }
                Err(LogError::Behind { events, .. }) => {
                    moved.extend(events.iter().cloned());
                    self.fold_others(events);
                }
                Err(e @ LogError::Pending { .. }) => return Err(ExecError::NotRecorded(e)),
                Err(e) => return Err(ExecError::Log(e)),
            }
        }
        Err(ExecError::Overtaken(format!(
            "other seats kept appending first ({MAX_TRIES} tries); try again"
        )))
    }

    /// Logs deadline breaches first noticed at `now`.
    pub fn tick(&mut self, now: DateTime<FixedOffset>) -> Result<Vec<Event>, LogError> {
        for _ in 0..MAX_TRIES {
            let breaches = self.session.new_breaches(now);
            match self.try_record(breaches, now) {
                Err(LogError::Behind { events, .. }) => self.fold_others(events),
                r => return r,
            }
        }
        Err(self.busy())
    }

    /// Writes events to the log (each fsync'd), then folds them into the session. Events of
    /// other seats that came first are folded in before them (and the kinds recorded after).
    ///
    /// While earlier events are pending, nothing is written and [`LogError::Pending`] is
    /// returned. When a write fails, that event and the rest of `kinds` become pending (kept,
    /// chained, not folded) and the write error is returned: any other error than
    /// `LogError::Pending` means the events were accepted and will be written by
    /// [`Incident::retry`].
    pub fn record(
        &mut self,
        kinds: Vec<EventKind>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Event>, LogError> {
        for _ in 0..MAX_TRIES {
            match self.try_record(kinds.clone(), now) {
                Err(LogError::Behind { events, .. }) => self.fold_others(events),
                r => return r,
            }
        }
        Err(self.busy())
    }

    fn busy(&self) -> LogError {
        LogError::Io {
            path: crate::text::path(self.log.path()),
            source: std::io::Error::other("other seats kept appending first; try again"),
        }
    }

    /// One attempt of [`Incident::record`]: the whole batch is written under one hold of the
    /// write lock, or none of it when other seats came first ([`LogError::Behind`]).
    fn try_record(
        &mut self,
        kinds: Vec<EventKind>,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Event>, LogError> {
        self.ensure_writable()?;
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let mut events = Vec::with_capacity(kinds.len());
        for kind in kinds {
            let event = self.event(kind, now);
            self.log.queue(&event)?;
            events.push(event);
        }
        match self.log.flush() {
            Ok(()) => {
                for e in &events {
                    self.fold(e);
                }
                Ok(events)
            }
            Err(e @ LogError::Behind { .. }) => Err(e),
            Err(e) => {
                let first_unwritten = self.log.first_unwritten().unwrap_or(u64::MAX);
                for ev in events {
                    if ev.seq < first_unwritten {
                        self.fold(&ev);
                    } else {
                        self.pending.push(ev);
                    }
                }
                Err(e)
            }
        }
    }

    /// Takes in the events other seats appended since this one last looked: folded into the
    /// session (and shown like any event). Returns them.
    pub fn sync_others(&mut self) -> Result<Vec<Event>, LogError> {
        if !self.log.others_moved() {
            return Ok(Vec::new());
        }
        let events = self.log.poll_others()?;
        self.fold_others(events.clone());
        Ok(events)
    }

    /// Folds other seats' events; pending events (chained on the old head) are chained
    /// again after them.
    fn fold_others(&mut self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        for e in &events {
            self.fold(e);
        }
        let pending = std::mem::take(&mut self.pending);
        for mut e in pending {
            e.seq = self.log.next_seq();
            if self.log.queue(&e).is_ok() {
                self.pending.push(e);
            }
        }
    }

    /// Tries again to write the pending events; those written are folded into the session.
    pub fn retry(&mut self) -> Retry {
        if self.pending.is_empty() {
            return Retry {
                written: Vec::new(),
                error: None,
            };
        }
        let mut error = None;
        for _ in 0..MAX_TRIES {
            match self.log.flush() {
                // Other seats came first: the pending events are chained again after theirs.
                Err(LogError::Behind { events, .. }) => self.fold_others(events),
                r => {
                    error = r.err();
                    break;
                }
            }
        }
        let first_unwritten = self.log.first_unwritten().unwrap_or(u64::MAX);
        let done = self
            .pending
            .iter()
            .take_while(|e| e.seq < first_unwritten)
            .count();
        let written: Vec<Event> = self.pending.drain(..done).collect();
        for e in &written {
            self.fold(e);
        }
        Retry { written, error }
    }
}

/// Why a command bound to the step is not recorded after `moved` (other seats' events that
/// came first): the step moved on, or was closed. `None` when it may still be recorded.
fn overtaken(cmd: &Command, moved: &[Event]) -> Option<String> {
    let bound = matches!(
        cmd,
        Command::Choose { .. }
            | Command::Tick { .. }
            | Command::Untick { .. }
            | Command::Back
            | Command::Close { .. }
            | Command::SaveDraft { .. }
    );
    if !bound {
        return None;
    }
    let e = moved.iter().find(|e| {
        matches!(
            e.kind,
            EventKind::Decided { .. } | EventKind::WentBack { .. } | EventKind::Closed { .. }
        )
    })?;
    let who = match &e.actor.role {
        Some(r) => format!("{} ({r})", e.actor.name),
        None => e.actor.name.clone(),
    };
    let what = match &e.kind {
        EventKind::Decided { label, to, .. } => format!("chose {label:?} (to {to})"),
        EventKind::WentBack { to, .. } => format!("went back to {to}"),
        _ => "closed the incident".to_string(),
    };
    Some(shown(&format!(
        "the step moved on: {who} {what} at {}; your `{}` was not recorded — look at the new step and decide again",
        e.at.format("%H:%M:%S"),
        cmd.verb()
    )))
}
