//! Opening an incident: a new one (its log file, or an incident of a database), resuming
//! it, or another seat joining it — the log replayed into the session, the playbook found, the
//! seat's first event recorded.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::log::chain::{GENESIS, encode};
use crate::log::seats::SeatLock;
use crate::store::pg::PgStore;
use crate::store::{EventStore, Head, Journal, Line, StoreJournal};
use crate::text::shown;

impl Incident {
    /// Creates the log and records the `opened` event.
    pub fn open(new: NewIncident<'_>) -> Result<Incident, OpenError> {
        let pb = &new.loaded.playbook;
        check_role(pb, &new.actor, new.mode)?;
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
        check_role(&session.playbook, &actor, session.mode)?;
        if let Some((why, _)) = session.drill.ended {
            return Err(OpenError::Playbook(format!(
                "{} is a drill that has ended ({}); nothing more is recorded in it: `warroom report {}`",
                crate::text::path(path),
                why.reason(),
                crate::text::path(path)
            )));
        }
        let mut incident = Incident {
            session,
            actor,
            log,
            pending: Vec::new(),
            recorded: None,
        };
        // In a drill, the seat comes in at drill time (where the log says the clock stands).
        let now = incident
            .session
            .drill
            .drill_time(incident.session.last_at, Some(now))
            .unwrap_or(now);
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
        mode: _,
        ..
    } = &first.kind
    else {
        return Err(OpenError::Playbook(format!(
            "{}: the first event is not \"opened\"",
            crate::text::path(path)
        )));
    };
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
