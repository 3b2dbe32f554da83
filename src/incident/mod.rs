//! An incident in progress: a session and its log together. Every command's events are written
//! and fsync'd to the log *before* they are folded into the session, so nothing shown has not
//! been recorded.
//!
//! When the log cannot be written (disk full, I/O error), the command's events are kept in
//! memory as *pending*, already numbered and chained, and are not folded into the session.
//! Nothing new is recorded while events are pending (a new command is refused with
//! [`LogError::Pending`]); [`Incident::retry`] writes them and folds them in, and
//! [`Incident::export_pending`] writes a copy of them to another file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::engine::{Actor, Command, CommandError, Event, EventKind, Mode, PlaybookRef, Session};
use crate::log::seats::SeatLock;
use crate::log::{LogError, LogWriter};
use crate::playbook::{self, Loaded};
use crate::store::Journal;

mod open;
mod pending_copy;
mod record;

pub use open::find_playbook;

/// Why a command did not go through.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error(transparent)]
    Refused(#[from] CommandError),
    /// The command's events could not be written: they are pending (kept, retried).
    #[error("could not write the log: {0}")]
    Log(LogError),
    /// The command was not run: the log could not be written before it (earlier events are
    /// pending, or a deadline breach due first could not be written).
    #[error("not recorded: {0}")]
    NotRecorded(LogError),
    /// Another seat moved the incident on while this command was on its way: it was checked
    /// again against the new state and not recorded. The message says who did what, and when.
    #[error("not recorded: {0}")]
    Overtaken(String),
}

/// Errors opening or resuming an incident.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("{0}")]
    Playbook(String),
    /// The seat's role is not one of the playbook's.
    #[error("{0}")]
    Role(String),
}

/// Refuses a role the playbook does not declare (a typo would otherwise be recorded on every
/// event, and approvals checked against it). A drill's `evaluator` is always a role: it is
/// the exercise's, not the playbook's (its notes in a drill are observations).
pub fn check_role(pb: &playbook::Playbook, actor: &Actor) -> Result<(), OpenError> {
    let Some(role) = &actor.role else {
        return Ok(());
    };
    if pb.role(role).is_some() || role == crate::engine::command::EVALUATOR {
        return Ok(());
    }
    let roles = pb
        .roles
        .iter()
        .map(|r| format!("{} ({})", r.id, r.name))
        .collect::<Vec<_>>()
        .join(", ");
    Err(OpenError::Role(format!(
        "--role {}: not a role of playbook \"{}\"; its roles are: {}",
        crate::text::neutralize(&format!("{role:?}"), false),
        pb.id,
        if roles.is_empty() {
            "none".into()
        } else {
            roles
        }
    )))
}

/// How to open a new incident.
pub struct NewIncident<'a> {
    pub loaded: &'a Loaded,
    pub title: String,
    pub mode: Mode,
    pub log_path: PathBuf,
    pub actor: Actor,
    pub now: DateTime<FixedOffset>,
    /// A PostgreSQL store to keep the incident in instead of the log file (`--store URL`):
    /// the incident's id there is the log file's name without `.jsonl`.
    pub store: Option<String>,
}

/// A resumed incident, every event so far (the `resumed` one last), and where a copy of a
/// torn log was kept.
pub struct Resumed {
    pub incident: Incident,
    pub events: Vec<Event>,
    pub kept: Option<PathBuf>,
    /// The `resumed` event could not be written (a full disk): it is pending, like any event
    /// that could not be written, and the incident is open all the same (the live screen shows
    /// it as `LOG NOT WRITTEN`; a headless resume stops).
    pub write_error: Option<LogError>,
}

/// An open incident: the session state and the locked log it is written to.
pub struct Incident {
    pub session: Session,
    pub actor: Actor,
    log: Box<dyn Journal>,
    /// Events accepted but not yet written (the log failed), oldest first; not folded.
    pending: Vec<Event>,
    /// Events folded since the last [`Incident::take_recorded`], when collecting.
    recorded: Option<Vec<Event>>,
}

/// Where an incident is kept: its log file, or an incident of a PostgreSQL database.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    File(&'a Path),
    Db { url: &'a str, id: &'a str },
}

impl Place<'_> {
    /// The place as a path for messages (a database incident as `postgres://host/db#id`).
    pub fn shown(&self) -> PathBuf {
        match self {
            Place::File(p) => p.to_path_buf(),
            Place::Db { url, id } => {
                PathBuf::from(format!("{}#{id}", crate::store::pg::redact(url)))
            }
        }
    }
}

/// Which seat to open on which log (see [`Incident::open_seat`]).
struct Seat<'a> {
    place: Place<'a>,
    playbook: Option<&'a Loaded>,
    actor: Actor,
    now: DateTime<FixedOffset>,
    how: SeatLock,
}

/// What a retry of the pending events did.
#[derive(Debug)]
pub struct Retry {
    /// Events written (and now folded into the session), oldest first.
    pub written: Vec<Event>,
    /// Why the rest are still pending, if any are.
    pub error: Option<LogError>,
}

/// The name of the log file for a new incident: `YYYYMMDD-HHMMSS-<playbook id>.jsonl`.
pub fn log_file_name(now: DateTime<FixedOffset>, playbook_id: &str) -> String {
    let id: String = playbook_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    format!("{}-{id}.jsonl", now.format("%Y%m%d-%H%M%S"))
}

/// A free log path in `dir` for a new incident (suffixing `-2`, `-3`... if taken).
pub fn new_log_path(dir: &Path, now: DateTime<FixedOffset>, playbook_id: &str) -> PathBuf {
    let name = log_file_name(now, playbook_id);
    let mut p = dir.join(&name);
    let mut n = 2;
    while p.exists() {
        p = dir.join(name.replace(".jsonl", &format!("-{n}.jsonl")));
        n += 1;
    }
    p
}

impl Incident {
    /// Puts the library of approved holding statements at hand (`draft --statement ID`).
    pub fn set_statements(&mut self, statements: Vec<crate::statements::Loaded>) {
        self.session.statements = Arc::new(statements);
    }

    pub fn log_path(&self) -> &Path {
        self.log.path()
    }

    fn event(&self, kind: EventKind, now: DateTime<FixedOffset>) -> Event {
        Event {
            seq: self.log.next_seq(),
            at: now,
            actor: self.actor.clone(),
            kind,
        }
    }

    fn fold(&mut self, event: &Event) {
        self.session.fold(event);
        if let Some(r) = &mut self.recorded {
            r.push(event.clone());
        }
    }

    /// Refuses with [`LogError::Pending`] while events wait to be written.
    pub fn ensure_writable(&self) -> Result<(), LogError> {
        if self.pending.is_empty() {
            Ok(())
        } else {
            Err(LogError::Pending {
                path: crate::text::path(self.log.path()),
                count: self.pending.len(),
            })
        }
    }

    /// Events accepted but not yet written to the log, oldest first.
    pub fn pending(&self) -> &[Event] {
        &self.pending
    }

    /// Starts (or stops) collecting every event folded, for [`Incident::take_recorded`].
    pub fn collect_recorded(&mut self, on: bool) {
        self.recorded = on.then(Vec::new);
    }

    /// The events folded since the last call (when collecting): a screen shows exactly what
    /// was recorded, even when a command failed half-way.
    pub fn take_recorded(&mut self) -> Vec<Event> {
        self.recorded
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The file store's log writer, e.g. to wrap its sink in a test
    /// ([`LogWriter::wrap_sink`]); `None` on another store.
    pub fn log_writer_mut(&mut self) -> Option<&mut LogWriter> {
        self.log.as_file()
    }

    /// Whether the incident's store was reachable at the last try (always, for a file).
    pub fn online(&self) -> bool {
        self.log.online()
    }

    /// Waits for at most `timeout` for another seat's append (then [`Incident::sync_others`]).
    pub fn wait_others(&mut self, timeout: std::time::Duration) -> bool {
        self.log.wait_others(timeout)
    }
}

/// This machine's name, as `joined` and `left` record it (the kernel's host name).
pub fn machine_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            std::env::var("HOSTNAME")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "unknown".into())
}
