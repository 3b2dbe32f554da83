//! Moving incidents in and out of a PostgreSQL database: the list of its incidents, `export`
//! of one as a log file (byte for byte the lines the file store writes), `import` of a log
//! file (a new incident, or the rest of one whose stored lines are a prefix of the file: how
//! an incident taken offline comes back).

use std::io::{Read, Write};
use std::path::Path;

use super::{Database, PgStore, store_error};
use crate::engine::EventKind;
use crate::log::chain::check_hash;
use crate::store::{Appended, EventStore, Head, Line, StoreError};

/// How many lines one transaction of an import appends.
const IMPORT_BATCH: usize = 500;

/// An incident as `warroom list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub playbook_id: String,
    /// How many events it has (its head's seq).
    pub events: u64,
    /// When it was created in the database, RFC 3339 UTC.
    pub created_at: String,
    /// When the database received its last event, RFC 3339 UTC (empty with no event).
    pub last_activity: String,
}

/// What an [`import`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The incident's id in the database.
    pub id: String,
    /// The events the incident has now.
    pub events: u64,
    /// How many of them this import appended (0: the database already had the whole file).
    pub appended: u64,
    /// Whether the import created the incident.
    pub created: bool,
}

/// The id an incident's log file has in a database: the file's name without `.jsonl`
/// (`incidents/20261203-091500-ceo-twitter-complaint.jsonl` →
/// `20261203-091500-ceo-twitter-complaint`).
pub fn incident_id_for(log: &Path) -> String {
    let name = log
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.strip_suffix(".jsonl") {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ if name.is_empty() => "incident".to_string(),
        _ => name,
    }
}

/// The title and playbook id of an incident's first line, which must be its `opened` event.
pub(super) fn opened(first: &Line) -> Result<(String, String), String> {
    let text = first.line.strip_suffix('\n').unwrap_or(&first.line);
    let parsed = crate::log::parse::event_line(text).map_err(|e| format!("seq 1: {e}"))?;
    match parsed.event.kind {
        EventKind::Opened {
            title, playbook, ..
        } if first.seq == 1 && parsed.event.seq == 1 => Ok((title, playbook.id)),
        _ => Err("the first line of an incident must be its \"opened\" event, seq 1".into()),
    }
}

/// The incidents in the database at `url`, oldest first.
pub fn list(url: &str) -> Result<Vec<Listed>, StoreError> {
    let db = Database::parse(url)?;
    let mut client = db.connect()?;
    let err = |e: postgres::Error| store_error(db.label(), &e);
    let utc = |col: &str| {
        format!("coalesce(to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')")
    };
    let sql = format!(
        "SELECT i.id, i.title, i.playbook_id, i.head_seq, {}, {} FROM incidents i \
         LEFT JOIN events e ON e.incident_id = i.id AND e.seq = i.head_seq \
         ORDER BY i.created_at, i.id",
        utc("i.created_at"),
        utc("e.received_at")
    );
    let rows = client.query(&sql, &[]).map_err(err)?;
    rows.iter()
        .map(|r| {
            let events: i64 = r.try_get(3)?;
            Ok(Listed {
                id: r.try_get(0)?,
                title: r.try_get(1)?,
                playbook_id: r.try_get(2)?,
                events: events.max(0) as u64,
                created_at: r.try_get(4)?,
                last_activity: r.try_get(5)?,
            })
        })
        .collect::<Result<_, postgres::Error>>()
        .map_err(err)
}

/// Writes the incident `id`'s lines to `out`, in order: a log `warroom verify` accepts (they
/// are checked as that does before a byte is written). Returns how many lines.
pub fn export(url: &str, id: &str, out: &mut dyn Write) -> Result<u64, StoreError> {
    let mut store = PgStore::open(url, id)?;
    let lines = store.read_after(0)?;
    let mut bytes = Vec::with_capacity(lines.iter().map(|l| l.line.len()).sum());
    for l in &lines {
        bytes.extend_from_slice(l.line.as_bytes());
    }
    let report = crate::log::verify::verify_reader(&bytes[..]).map_err(|e| StoreError::Other {
        store: store.label(),
        detail: e.to_string(),
    })?;
    if let Some(p) = report.problem {
        return Err(StoreError::Damaged {
            store: store.label(),
            seq: p.line,
            detail: p.message,
        });
    }
    out.write_all(&bytes)
        .and_then(|()| out.flush())
        .map_err(|e| StoreError::Other {
            store: store.label(),
            detail: format!("cannot write the log: {e}"),
        })?;
    Ok(lines.len() as u64)
}

/// Loads the log file `path` into the database at `url` as the incident
/// [`incident_id_for`]`(path)`. Refuses a log whose chain is broken (or torn), and an incident
/// already in the database unless its stored lines are the file's first lines, byte for byte:
/// then the rest is appended.
pub fn import(url: &str, path: &Path) -> Result<Imported, StoreError> {
    let id = incident_id_for(path);
    let shown = crate::text::path(path);
    let refused = |detail: String| StoreError::Refused {
        store: shown.clone(),
        detail,
    };
    let lines = read_log_lines(path).map_err(refused)?;
    let mut store = PgStore::unchecked(url, &id)?;
    let (head, created) = match store.head_opt()? {
        Some(_) => {
            let stored = store.read_after(0)?;
            if let Some(i) = stored
                .iter()
                .zip(&lines)
                .position(|(s, f)| s.line != f.line)
                .or((stored.len() > lines.len()).then_some(lines.len()))
            {
                return Err(StoreError::Refused {
                    store: store.label(),
                    detail: format!(
                        "the database's incident {} differs from {shown} at seq {} (it has {} events, the file {}): the incident moved on since it was exported",
                        crate::text::shown(&id),
                        i + 1,
                        stored.len(),
                        lines.len()
                    ),
                });
            }
            (stored.last().map_or_else(Head::empty, Head::after), false)
        }
        None => {
            let Some(first) = lines.first() else {
                return Err(refused("the log is empty".into()));
            };
            store = PgStore::create(url, &id, first)?;
            (Head::after(first), true)
        }
    };
    let already = head.seq;
    let mut head = head;
    for batch in lines[already as usize..].chunks(IMPORT_BATCH) {
        match store.append_if(&head, batch)? {
            Appended::Done => {}
            Appended::Conflict(_) => {
                return Err(StoreError::Refused {
                    store: store.label(),
                    detail: format!(
                        "another seat appended to the incident during the import (after seq {}); nothing after it was imported",
                        head.seq
                    ),
                });
            }
        }
        if let Some(last) = batch.last() {
            head = Head::after(last);
        }
    }
    Ok(Imported {
        id,
        events: lines.len() as u64,
        appended: lines.len() as u64 - if created { 0 } else { already },
        created,
    })
}

/// A log file's lines, checked as `warroom verify` checks them (a refusal names the line).
fn read_log_lines(path: &Path) -> Result<Vec<Line>, String> {
    let mut bytes = Vec::new();
    crate::fsio::open_regular(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {e}"))?;
    let report = crate::log::verify::verify_reader(&bytes[..]).map_err(|e| e.to_string())?;
    if let Some(p) = report.problem {
        return Err(format!(
            "line {}: {} (warroom verify names what is wrong)",
            p.line, p.message
        ));
    }
    if let Some(t) = report.torn {
        return Err(format!(
            "line {}: torn last line (a write was interrupted): `warroom resume` repairs it first",
            t.line
        ));
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| "not UTF-8 text".to_string())?;
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            let hash = check_hash(l.strip_suffix('\n').unwrap_or(l))
                .map_err(|e| format!("line {}: {e}", i + 1))?;
            Ok(Line {
                seq: i as u64 + 1,
                hash: hash.to_string(),
                line: l.to_string(),
            })
        })
        .collect()
}
