//! An incident in progress: a session and its log together. Every command's events are written
//! and fsync'd to the log *before* they are folded into the session, so nothing shown has not
//! been recorded.
//!
//! When the log cannot be written (disk full, I/O error), the command's events are kept in
//! memory as *pending*, already numbered and chained, and are not folded into the session.
//! Nothing new is recorded while events are pending (a new command is refused with
//! [`LogError::Pending`]); [`Incident::retry`] writes them and folds them in, and
//! [`Incident::export_pending`] writes a copy of them to another file.

use crate::text::shown;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::engine::{Actor, Command, CommandError, Event, EventKind, Mode, PlaybookRef, Session};
use crate::log::chain::{GENESIS, encode};
use crate::log::seats::SeatLock;
use crate::log::{LogError, LogWriter};
use crate::playbook::{self, Loaded};
use crate::store::pg::PgStore;
use crate::store::{EventStore, Head, Journal, Line, StoreJournal};

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

/// How many times a command is checked again when other seats keep appending first.
const MAX_TRIES: usize = 1000;

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
/// event, and approvals checked against it).
pub fn check_role(pb: &playbook::Playbook, actor: &Actor) -> Result<(), OpenError> {
    let Some(role) = &actor.role else {
        return Ok(());
    };
    if pb.role(role).is_some() {
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
    /// Creates the log and records the `opened` event.
    pub fn open(new: NewIncident<'_>) -> Result<Incident, OpenError> {
        let pb = &new.loaded.playbook;
        check_role(pb, &new.actor)?;
        let abs_path = new
            .loaded
            .source
            .path
            .as_ref()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .map(|p| p.display().to_string());
        let opened = EventKind::Opened {
            playbook: PlaybookRef {
                path: new.loaded.source.name.clone(),
                abs_path,
                id: pb.id.clone(),
                title: pb.title.clone(),
                version: pb.version.clone(),
                sha256: new.loaded.source.sha256.clone(),
            },
            title: new.title,
            mode: new.mode,
            warroom_version: env!("CARGO_PKG_VERSION").to_string(),
            start: pb.start.clone(),
        };
        let first = Event {
            seq: 1,
            at: new.now,
            actor: new.actor.clone(),
            kind: opened,
        };
        let log: Box<dyn Journal> = match new.store.as_deref() {
            None => Box::new(LogWriter::create(&new.log_path, &first)?),
            Some(url) => Box::new(create_db(url, &new.log_path, &first)?),
        };
        let mut session = Session::new(Arc::new(pb.clone()));
        session.fold(&first);
        Ok(Incident {
            session,
            actor: new.actor,
            log,
            pending: Vec::new(),
            recorded: None,
        })
    }

    /// Continues an incident from its log: replays it, records `resumed`.
    /// `playbook` overrides the playbook named in the log (needed when that file moved or changed).
    /// [`Resumed::events`] holds every event; [`Incident::resume_with`] streams them instead.
    pub fn resume(
        path: &Path,
        playbook: Option<&Loaded>,
        actor: Actor,
        now: DateTime<FixedOffset>,
    ) -> Result<Resumed, OpenError> {
        let mut events = Vec::new();
        let mut r = Incident::resume_with(path, playbook, actor, now, |e| events.push(e))?;
        events.append(&mut r.events);
        r.events = events;
        Ok(r)
    }

    /// As [`Incident::resume`], but each event of the log is folded into the session as it is
    /// read, then handed to `on_event`, never collected here: one pass, and memory that does not grow
    /// with the log. [`Resumed::events`] holds only the `resumed` event recorded now.
    pub fn resume_with(
        path: &Path,
        playbook: Option<&Loaded>,
        actor: Actor,
        now: DateTime<FixedOffset>,
        on_event: impl FnMut(Event),
    ) -> Result<Resumed, OpenError> {
        Incident::resume_at(Place::File(path), playbook, actor, now, on_event)
    }

    /// As [`Incident::resume_with`], on the log file or an incident of a database.
    pub fn resume_at(
        place: Place<'_>,
        playbook: Option<&Loaded>,
        actor: Actor,
        now: DateTime<FixedOffset>,
        on_event: impl FnMut(Event),
    ) -> Result<Resumed, OpenError> {
        let first = |changed: Option<String>| EventKind::Resumed {
            warroom_version: env!("CARGO_PKG_VERSION").to_string(),
            playbook_sha256: changed,
        };
        let seat = Seat {
            place,
            playbook,
            actor,
            now,
            how: SeatLock::Owner,
        };
        Incident::open_seat(seat, first, on_event)
    }

    /// Opens a seat on an incident: replays the log (each event folded, then handed to
    /// `on_event`) and records the seat's first event, `first(changed playbook sha)`.
    fn open_seat(
        seat: Seat<'_>,
        first: impl FnOnce(Option<String>) -> EventKind,
        mut on_event: impl FnMut(Event),
    ) -> Result<Resumed, OpenError> {
        let Seat {
            place,
            playbook,
            mut actor,
            now,
            how,
        } = seat;
        let shown_path = place.shown();
        let path = shown_path.as_path();
        // Without --role, the seat keeps the role its operator last had in this incident.
        let mut last_role: Option<String> = None;
        // The playbook is found from the first event (`opened`); every later event is folded
        // into the session on it as it streams by.
        let mut session: Option<Result<(Session, Option<String>), OpenError>> = None;
        let (log, kept): (Box<dyn Journal>, Option<PathBuf>) = {
            let mut replay = |e: Event| {
                match &mut session {
                    None => session = Some(session_for(&e, path, playbook)),
                    Some(Ok((s, _))) => s.fold(&e),
                    Some(Err(_)) => {}
                }
                if e.actor.name == actor.name && e.actor.role.is_some() {
                    last_role.clone_from(&e.actor.role);
                }
                on_event(e);
            };
            match place {
                Place::File(p) => {
                    let (w, _read, kept) = LogWriter::open_seat(p, how, &mut replay)?;
                    (Box::new(w), kept)
                }
                Place::Db { url, id } => (Box::new(open_db(url, id, &mut replay)?), None),
            }
        };
        let (session, changed) = match session {
            Some(r) => r?,
            None => return Err(LogError::Empty(crate::text::path(path)).into()),
        };
        if changed.is_some() && how == SeatLock::Joined {
            return Err(OpenError::Playbook(format!(
                "{}: the incident runs on another version of this playbook; join with the same file as the other seats",
                crate::text::path(path)
            )));
        }
        if actor.role.is_none() {
            actor.role = last_role;
        }
        check_role(&session.playbook, &actor)?;
        let mut incident = Incident {
            session,
            actor,
            log,
            pending: Vec::new(),
            recorded: None,
        };
        let recorded = incident.record(vec![first(changed)], now);
        let (events, write_error) = match recorded {
            Ok(events) => (events, None),
            // Kept pending (a full disk): the incident opens, its log not written yet.
            Err(e) if !incident.pending.is_empty() => (Vec::new(), Some(e)),
            Err(e) => return Err(e.into()),
        };
        Ok(Resumed {
            incident,
            events,
            kept,
            write_error,
        })
    }

    /// Takes another seat on an open incident (`warroom join`): replays the log beside the
    /// seats already in it and records `joined` (the seat's operator and role are its actor).
    pub fn join(
        place: Place<'_>,
        playbook: Option<&Loaded>,
        actor: Actor,
        now: DateTime<FixedOffset>,
        on_event: impl FnMut(Event),
    ) -> Result<Resumed, OpenError> {
        let seat = Seat {
            place,
            playbook,
            actor,
            now,
            how: SeatLock::Joined,
        };
        let joined = |_| EventKind::Joined {
            machine: machine_name(),
        };
        Incident::open_seat(seat, joined, on_event)
    }

    /// Records that this seat leaves the incident (`left`).
    pub fn leave(&mut self, now: DateTime<FixedOffset>) -> Result<Vec<Event>, LogError> {
        self.record(
            vec![EventKind::Left {
                machine: machine_name(),
            }],
            now,
        )
    }

    /// Puts the library of approved holding statements at hand (`draft --statement ID`).
    pub fn set_statements(&mut self, statements: Vec<crate::statements::Loaded>) {
        self.session.statements = Arc::new(statements);
    }

    pub fn log_path(&self) -> &Path {
        self.log.path()
    }

    /// Where to suggest writing a copy of the pending events: `LOG.pending-N.jsonl` beside the
    /// log, unless the log's file system is full — then the same name in the first of the home
    /// directory, the temporary directory and the current directory that is on another file
    /// system with room. Never a file that exists.
    pub fn pending_copy_suggestion(&self) -> PathBuf {
        let first = self.pending.first().map_or(self.log.next_seq(), |e| e.seq);
        let name = format!(
            "{}.pending-{first}",
            self.log
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "log".into())
        );
        let log_dir = match self.log.path().parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut dir = log_dir.clone();
        if free_bytes(&log_dir).is_some_and(|b| b < ROOM) {
            let others = [
                std::env::var_os("HOME").map(PathBuf::from),
                Some(std::env::temp_dir()),
                std::env::current_dir().ok(),
            ];
            if let Some(d) = others.into_iter().flatten().find(|d| {
                d.is_dir()
                    && device(d).is_some_and(|dev| Some(dev) != device(&log_dir))
                    && free_bytes(d).is_some_and(|b| b >= ROOM)
            }) {
                dir = d;
            }
        }
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let p = dir.join(format!("{name}{suffix}.jsonl"));
            if std::fs::symlink_metadata(&p).is_err() {
                return p;
            }
            n += 1;
        }
    }

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

    /// Writes the pending events to a new file at `path` (0600, never overwriting), exactly
    /// as they would be appended to the log: chained to its last line, so that `warroom resume
    /// LOG --append-pending PATH` completes the log (checked against its chain). Returns how many.
    pub fn export_pending(&self, path: &Path) -> Result<usize, LogError> {
        let lines = self.log.queued_lines();
        crate::log::write_new_private(path, lines.iter().map(String::as_str))?;
        Ok(self.log.queued())
    }

    /// The pending events' lines, exactly as they would be appended to the log.
    pub fn pending_lines(&self) -> Vec<String> {
        self.log.queued_lines()
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

fn store_error(e: crate::store::StoreError) -> OpenError {
    OpenError::Log(LogError::Store(e.to_string()))
}

/// Creates the incident in the database at `url` with its first event; its id is the name
/// `log_path` would have had.
fn create_db(
    url: &str,
    log_path: &Path,
    first: &Event,
) -> Result<StoreJournal<PgStore>, OpenError> {
    let (line, hash) =
        encode(first, GENESIS).map_err(|e| OpenError::Log(LogError::Store(e.to_string())))?;
    let line = Line {
        seq: first.seq,
        line,
        hash,
    };
    let id = crate::store::pg::incident_id_for(log_path);
    let store = PgStore::create(url, &id, &line).map_err(store_error)?;
    Ok(StoreJournal::new(store, Head::after(&line)))
}

/// Opens the incident `id` of the database at `url`: every line read and checked as the
/// continuation of the chain, each event handed to `f`.
fn open_db(
    url: &str,
    id: &str,
    f: &mut dyn FnMut(Event),
) -> Result<StoreJournal<PgStore>, OpenError> {
    let mut store = PgStore::open(url, id).map_err(store_error)?;
    let lines = store.read_after(0).map_err(store_error)?;
    let bytes: Vec<u8> = lines.iter().flat_map(|l| l.line.bytes()).collect();
    let read = crate::log::seats::continuation(&bytes, 1, GENESIS).map_err(|d| {
        OpenError::Log(LogError::Store(format!(
            "{}#{id}: {d}",
            crate::store::pg::redact(url)
        )))
    })?;
    for e in read.events {
        f(e);
    }
    let head = lines.last().map_or_else(Head::empty, Head::after);
    Ok(StoreJournal::new(store, head))
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

/// The session a resumed log continues: from its first event (`opened`), the playbook it ran
/// on (or `playbook`, which must have the same id), checked as `resume` requires, with that
/// first event folded in. Also returns the new SHA-256 when the playbook file changed.
fn session_for(
    first: &Event,
    path: &Path,
    playbook: Option<&Loaded>,
) -> Result<(Session, Option<String>), OpenError> {
    let EventKind::Opened {
        playbook: pref,
        mode,
        ..
    } = &first.kind
    else {
        return Err(OpenError::Playbook(format!(
            "{}: the first event is not \"opened\"",
            crate::text::path(path)
        )));
    };
    if *mode == Mode::Drill {
        return Err(OpenError::Playbook(format!(
            "{} is a drill log; a drill is not resumed on the live screen (its clock and injects would be lost): run the scenario again, or `warroom report {}`",
            crate::text::path(path),
            crate::text::path(path)
        )));
    }
    let loaded = match playbook {
        Some(l) => l.clone(),
        None => find_playbook(pref, path)?,
    };
    if loaded.playbook.id != pref.id {
        return Err(OpenError::Playbook(format!(
            "{} is playbook \"{}\" but the incident ran on \"{}\"",
            shown(&loaded.source.name),
            shown(&loaded.playbook.id),
            shown(&pref.id)
        )));
    }
    let changed = (loaded.source.sha256 != pref.sha256).then(|| loaded.source.sha256.clone());
    if changed.is_some() && playbook.is_none() {
        return Err(OpenError::Playbook(format!(
            "{} changed since the incident was opened (SHA-256 {}… now, {}… then); pass `--playbook FILE` to continue on it anyway (recorded in the log)",
            shown(&loaded.source.name),
            crate::text::short_hash(&loaded.source.sha256),
            crate::text::short_hash(&pref.sha256)
        )));
    }
    let mut session = Session::new(Arc::new(loaded.playbook));
    session.fold(first);
    Ok((session, changed))
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

/// Free space under which a file system counts as full for the pending copy: 1 MiB.
const ROOM: u64 = 1 << 20;

/// Bytes free for an unprivileged user on the file system holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the struct we pass; the path is a valid C string.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return None;
    }
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// The device a directory is on.
fn device(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| m.dev())
}

/// Finds the playbook an incident was opened on: the embedded default, the recorded absolute
/// path, the path as given (from here, then from the log's directory).
pub fn find_playbook(pref: &PlaybookRef, log_path: &Path) -> Result<Loaded, OpenError> {
    if pref.path.starts_with("embedded:") {
        let l = playbook::default_playbook().map_err(|d| OpenError::Playbook(d.summary()))?;
        if l.source.sha256 == pref.sha256 {
            return Ok(l);
        }
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(a) = &pref.abs_path {
        candidates.push(PathBuf::from(a));
    }
    if !pref.path.starts_with("embedded:") {
        candidates.push(PathBuf::from(&pref.path));
        if let Some(dir) = log_path.parent() {
            candidates.push(dir.join(&pref.path));
        }
    }
    let mut found_changed: Option<Loaded> = None;
    for c in candidates {
        if c.is_file()
            && let Ok(l) = playbook::load_playbook(&c)
        {
            if l.source.sha256 == pref.sha256 {
                return Ok(l);
            }
            found_changed.get_or_insert(l);
        }
    }
    if pref.path.starts_with("embedded:") && found_changed.is_none() {
        return playbook::default_playbook().map_err(|d| OpenError::Playbook(d.summary()));
    }
    found_changed.ok_or_else(|| {
        OpenError::Playbook(format!(
            "cannot find the playbook this incident ran on ({}, id \"{}\"); pass `--playbook FILE`",
            shown(&pref.path),
            shown(&pref.id)
        ))
    })
}
