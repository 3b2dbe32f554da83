//! A database incident's stored lines for a reader ([`super::LogSource`]): one read-only,
//! repeatable-read transaction (a snapshot: the rows and the incident's head agree even while
//! seats append), the rows fetched through a portal a batch at a time and handed over as the
//! bytes of a log, and what the database itself keeps checked on the way ([`DbCheck`]): each
//! row's `seq`, `prev` and `hash` columns against its line and the row before, the head against
//! the last row, the schema version and the append-only triggers.

use std::io::Read;

use postgres::{IsolationLevel, Portal, Transaction};

use super::SourceError;
use crate::log::chain::GENESIS;
use crate::store::StoreError;
use crate::store::pg::{Database, redact, store_error};

/// Rows fetched per round trip.
const BATCH: i32 = 2000;

/// The triggers that keep an incident's history append-only (docs/postgres.md), by table.
const TRIGGERS: &[(&str, &str)] = &[
    ("events", "events_append_only"),
    ("events", "events_chained"),
    ("incidents", "incidents_kept"),
    ("incidents", "incidents_start_empty"),
    ("incidents", "incidents_head_by_append"),
];

/// `postgres://host:port/db#id`: how a database incident is named (never a password).
pub fn label(url: &str, id: &str) -> String {
    let db = Database::parse(url).map_or_else(|_| redact(url), |d| d.label().to_string());
    format!("{db}#{}", crate::text::shown(id))
}

/// What the database says about an incident it holds, beside what its lines say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbCheck {
    /// The rows read (all of them when the reader read to the end).
    pub rows: u64,
    /// Whether the reader read every row (a reader stops at a bad line).
    pub complete: bool,
    /// The incident's head as its row in `incidents` has it.
    pub head_seq: u64,
    pub head_hash: String,
    /// The first row whose columns disagree with its line or with the row before, or the head
    /// that is not the last row: (seq, what is wrong).
    pub problem: Option<(u64, String)>,
    /// The schema version (`warroom_schema`).
    pub schema_version: i64,
    /// The append-only triggers that are missing or disabled.
    pub triggers_off: Vec<String>,
}

impl DbCheck {
    /// Whether the database holds up its end: rows consistent, head on the last row, every
    /// append-only trigger in place.
    pub fn holds(&self) -> bool {
        self.problem.is_none() && self.triggers_off.is_empty()
    }
}

/// The columns of the rows read so far, checked as they come.
struct RowCheck {
    rows: u64,
    last_hash: String,
    problem: Option<(u64, String)>,
}

impl RowCheck {
    fn row(&mut self, seq: i64, prev: &str, hash: &str, line: &str) {
        self.rows += 1;
        let want = self.rows;
        if self.problem.is_none() {
            let tail_is_hash = line
                .strip_suffix("\"}\n")
                .and_then(|t| t.strip_suffix(hash))
                .is_some_and(|t| t.ends_with(",\"hash\":\""));
            let wrong = if u64::try_from(seq).ok() != Some(want) {
                Some(format!(
                    "row {want} of the incident has seq {seq}: rows are missing or out of place"
                ))
            } else if !tail_is_hash {
                Some("its hash column is not the hash its line ends with".to_string())
            } else if prev != self.last_hash {
                Some("its prev column is not the hash of the row before".to_string())
            } else {
                None
            };
            self.problem = wrong.map(|w| (want, w));
        }
        self.last_hash = hash.to_string();
    }
}

/// The rows of an incident as a reader of bytes.
struct Rows<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    portal: Portal,
    label: &'a str,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
    failed: Option<StoreError>,
    check: RowCheck,
}

impl Rows<'_, '_> {
    fn fill(&mut self) -> std::io::Result<()> {
        self.buf.clear();
        self.pos = 0;
        let fetched = self.tx.query_portal(&self.portal, BATCH).and_then(|rows| {
            if rows.len() < BATCH as usize {
                self.done = true;
            }
            for r in &rows {
                let seq: i64 = r.try_get(0)?;
                let prev: &str = r.try_get(1)?;
                let hash: &str = r.try_get(2)?;
                let line: &str = r.try_get(3)?;
                self.check.row(seq, prev, hash, line);
                self.buf.extend_from_slice(line.as_bytes());
            }
            Ok(())
        });
        fetched.map_err(|e| {
            let err = store_error(self.label, &e);
            let msg = err.to_string();
            self.failed = Some(err);
            std::io::Error::other(msg)
        })
    }
}

impl Read for Rows<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.buf.len() {
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A store error named after the incident (`postgres://host:port/db#id`).
fn relabel(e: StoreError, label: &str) -> StoreError {
    let store = label.to_string();
    match e {
        StoreError::Offline { detail, .. } => StoreError::Offline { store, detail },
        StoreError::Refused { detail, .. } => StoreError::Refused { store, detail },
        StoreError::Damaged { seq, detail, .. } => StoreError::Damaged { store, seq, detail },
        StoreError::Other { detail, .. } => StoreError::Other { store, detail },
    }
}

/// Streams the incident `id` of the database at `url` to `f` and checks the database's side.
pub fn scan<T>(
    url: &str,
    id: &str,
    f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> Result<(T, DbCheck), SourceError> {
    let label = label(url, id);
    let store = |e: StoreError| SourceError::Store(relabel(e, &label));
    let db = Database::parse(url).map_err(store)?;
    let mut client = db.connect().map_err(store)?;
    let pg = |e: postgres::Error| SourceError::Store(store_error(&label, &e));
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(pg)?;
    let head = tx
        .query_opt(
            "SELECT head_seq, head_hash FROM incidents WHERE id = $1",
            &[&id],
        )
        .map_err(pg)?;
    let Some(head) = head else {
        // LOG named a file while $WARROOM_STORE was set, most likely.
        let file = if std::path::Path::new(id).is_file() {
            "; with --store (or $WARROOM_STORE) LOG is an incident's id — to read the file of that name, give --store ''"
        } else {
            ""
        };
        return Err(SourceError::Store(StoreError::Other {
            store: db.label().to_string(),
            detail: format!(
                "no incident {} in this database (`warroom list` names them){file}",
                crate::text::shown(id)
            ),
        }));
    };
    let head_seq: i64 = head.try_get(0).map_err(pg)?;
    let head_hash: String = head.try_get(1).map_err(pg)?;
    let portal = tx
        .bind(
            "SELECT seq, prev, hash, line FROM events WHERE incident_id = $1 ORDER BY seq",
            &[&id],
        )
        .map_err(pg)?;
    let mut rows = Rows {
        tx: &mut tx,
        portal,
        label: &label,
        buf: Vec::new(),
        pos: 0,
        done: false,
        failed: None,
        check: RowCheck {
            rows: 0,
            last_hash: GENESIS.to_string(),
            problem: None,
        },
    };
    let out = f(&mut rows);
    if let Some(e) = rows.failed.take() {
        return Err(SourceError::Store(e));
    }
    let t = out.map_err(|source| SourceError::Io {
        shown: label.clone(),
        source,
    })?;
    let complete = rows.done && rows.pos >= rows.buf.len();
    let mut check = DbCheck {
        rows: rows.check.rows,
        complete,
        head_seq: head_seq.max(0) as u64,
        head_hash,
        problem: rows.check.problem.take(),
        schema_version: 0,
        triggers_off: Vec::new(),
    };
    if check.problem.is_none()
        && complete
        && (check.head_seq != check.rows || check.head_hash != rows.check.last_hash)
    {
        check.problem = Some((
            check.head_seq,
            format!(
                "the incident's head is at seq {} but its rows end at seq {}",
                check.head_seq, check.rows
            ),
        ));
    }
    guarantees(&mut tx, &mut check).map_err(pg)?;
    Ok((t, check))
}

/// The schema version and the append-only triggers missing or disabled.
fn guarantees(tx: &mut Transaction<'_>, check: &mut DbCheck) -> Result<(), postgres::Error> {
    let row = tx.query_one(
        "SELECT coalesce(max(version), 0)::bigint FROM warroom_schema",
        &[],
    )?;
    check.schema_version = row.try_get(0)?;
    let on = tx.query(
        "SELECT c.relname::text, t.tgname::text FROM pg_trigger t \
         JOIN pg_class c ON c.oid = t.tgrelid \
         WHERE t.tgrelid IN ('events'::regclass, 'incidents'::regclass) \
         AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A')",
        &[],
    )?;
    let on: Vec<(String, String)> = on
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, postgres::Error>>()?;
    check.triggers_off = TRIGGERS
        .iter()
        .filter(|(table, name)| !on.iter().any(|(t, n)| t == table && n == name))
        .map(|(table, name)| format!("{name} (on {table})"))
        .collect();
    Ok(())
}
