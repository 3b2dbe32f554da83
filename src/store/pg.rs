//! The PostgreSQL store: an incident's lines in rows of a database a team shares, one
//! transaction an append (see the module documentation of [`super`] and docs/postgres.md).
//!
//! A [`PgStore`] holds one connection (the sync `postgres` crate) to one incident. The
//! connection is opened with short timeouts, so a server that went away or a cut network
//! makes an operation fail with [`StoreError::Offline`] within seconds (never a panic, never a
//! hang); the next operation connects again. The schema is warroom's own ([`schema`]), created
//! and migrated at connect. `LISTEN`/`NOTIFY` only wakes a waiting seat: it then reads the
//! lines after the last it has, so a seat that was away catches up.
//!
//! [`EventStore::append_if`] is idempotent: sent again after an `Offline` error whose commit
//! did land (the answer was lost), the same lines find themselves after the head given and the
//! call returns `Done`, so a pending event re-sent on reconnect is appended once.

mod connect;
pub mod schema;
pub mod transfer;

use std::time::{Duration, Instant};

use postgres::Statement;
use postgres::fallible_iterator::FallibleIterator;

use super::{Appended, EventStore, Head, Line, StoreError};
use crate::log::chain::{GENESIS, check_hash};
use connect::Conn;

pub(crate) use connect::store_error;
pub use connect::{CONNECT_TIMEOUT, Database, redact};
pub use transfer::{Imported, Listed, export, import, incident_id_for, list};

/// One incident in a PostgreSQL database.
pub struct PgStore {
    db: Database,
    incident: String,
    conn: Option<Conn>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStore({})", self.label())
    }
}

/// A line's `prev` member (the lines given to append are checked before they are sent).
#[derive(serde::Deserialize)]
struct Prev<'a> {
    #[serde(borrow)]
    prev: std::borrow::Cow<'a, str>,
}

impl PgStore {
    /// The incident `id` at `url`, not yet connected nor looked for.
    fn unchecked(url: &str, id: &str) -> Result<PgStore, StoreError> {
        Ok(PgStore {
            db: Database::parse(url)?,
            incident: id.to_string(),
            conn: None,
        })
    }

    /// Opens the incident `id` in the database at `url`; an error if there is no such incident.
    pub fn open(url: &str, id: &str) -> Result<PgStore, StoreError> {
        let mut store = PgStore::unchecked(url, id)?;
        if store.head_opt()?.is_none() {
            return Err(StoreError::Other {
                store: store.label(),
                detail: format!(
                    "no incident {} in this database (warroom list --store URL)",
                    crate::text::shown(id)
                ),
            });
        }
        Ok(store)
    }

    /// Creates the incident `id` with its first line (an `opened` event, seq 1); refused when
    /// the database already has an incident of that id.
    pub fn create(url: &str, id: &str, first: &Line) -> Result<PgStore, StoreError> {
        let mut store = PgStore::unchecked(url, id)?;
        let label = store.label();
        let refused = |detail: String| StoreError::Refused {
            store: label.clone(),
            detail,
        };
        let (title, playbook) = transfer::opened(first).map_err(&refused)?;
        check_lines(&Head::empty(), std::slice::from_ref(first)).map_err(&refused)?;
        let created = store.with(|c| {
            let mut tx = c.client.transaction()?;
            let n = tx.execute(
                "INSERT INTO incidents (id, title, playbook_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
                &[&id, &title, &playbook],
            )?;
            if n == 0 {
                return Ok(false);
            }
            let prev = GENESIS;
            tx.execute(
                &c.stmt.insert,
                &[&id, &1i64, &prev, &first.hash, &first.line],
            )?;
            tx.commit()?;
            Ok(true)
        })?;
        if !created {
            return Err(refused(format!(
                "an incident {} is already in this database",
                crate::text::shown(id)
            )));
        }
        Ok(store)
    }

    /// The incident's id in the database.
    pub fn incident(&self) -> &str {
        &self.incident
    }

    /// The incident's head as the database has it.
    pub fn head(&mut self) -> Result<Head, StoreError> {
        let label = self.label();
        self.head_opt()?.ok_or_else(|| StoreError::Other {
            store: label,
            detail: "the incident is not in the database".into(),
        })
    }

    fn head_opt(&mut self) -> Result<Option<Head>, StoreError> {
        let id = self.incident.clone();
        self.with(|c| {
            let row = c.client.query_opt(&c.stmt.head, &[&id])?;
            row.map(|r| head_of(&r)).transpose()
        })
    }

    /// Runs `f` on the connection (connecting first when there is none); a failure that
    /// means the server or the network is gone drops the connection, so the next call
    /// connects again.
    fn with<T>(
        &mut self,
        f: impl FnOnce(&mut Conn) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let conn = match self.conn.take() {
            Some(c) if !c.client.is_closed() => c,
            _ => Conn::open(&self.db)?,
        };
        let conn = self.conn.insert(conn);
        let result = f(conn);
        let closed = conn.client.is_closed();
        result.map_err(|e| {
            let err = store_error(&self.label(), &e);
            if closed || matches!(err, StoreError::Offline { .. }) {
                self.conn = None;
            }
            err
        })
    }

    fn damaged(&self, seq: u64, detail: String) -> StoreError {
        StoreError::Damaged {
            store: self.label(),
            seq,
            detail,
        }
    }

    /// Checks lines read from the database: consecutive from `after + 1`, each intact,
    /// each chained on the one before.
    fn checked(&self, after: u64, rows: Vec<Row>) -> Result<Vec<Line>, StoreError> {
        let mut lines = Vec::with_capacity(rows.len());
        let mut last: Option<String> = None;
        for (i, r) in rows.into_iter().enumerate() {
            let want = after + 1 + i as u64;
            if r.seq != want {
                return Err(
                    self.damaged(want, format!("seq {want} is missing (next is {})", r.seq))
                );
            }
            match check_hash(r.line.strip_suffix('\n').unwrap_or(&r.line)) {
                Ok(h) if h == r.hash && r.line.ends_with('\n') => {}
                Ok(_) => return Err(self.damaged(r.seq, "the row's hash is not its line's".into())),
                Err(e) => return Err(self.damaged(r.seq, e.to_string())),
            }
            if let Some(h) = &last
                && *h != r.prev
            {
                return Err(
                    self.damaged(r.seq, "its prev is not the hash of the line before".into())
                );
            }
            last = Some(r.hash.clone());
            lines.push(Line {
                seq: r.seq,
                line: r.line,
                hash: r.hash,
            });
        }
        Ok(lines)
    }
}

/// A row of `events` as read.
struct Row {
    seq: u64,
    prev: String,
    hash: String,
    line: String,
}

fn head_of(r: &postgres::Row) -> Result<Head, postgres::Error> {
    let seq: i64 = r.try_get(0)?;
    Ok(Head {
        seq: seq.max(0) as u64,
        hash: r.try_get(1)?,
    })
}

fn rows(
    tx: &mut impl postgres::GenericClient,
    stmt: &Statement,
    id: &str,
    after: u64,
) -> Result<Vec<Row>, postgres::Error> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    tx.query(stmt, &[&id, &after])?
        .iter()
        .map(|r| {
            let seq: i64 = r.try_get(0)?;
            Ok(Row {
                seq: seq.max(0) as u64,
                prev: r.try_get(1)?,
                hash: r.try_get(2)?,
                line: r.try_get(3)?,
            })
        })
        .collect()
}

/// The lines to append, checked before they are sent: seq `head.seq + 1`…, each intact and
/// chained on the one before (the first on `head.hash`).
fn check_lines(head: &Head, lines: &[Line]) -> Result<(), String> {
    let mut prev = head.hash.as_str();
    for (i, l) in lines.iter().enumerate() {
        let want = head.seq + 1 + i as u64;
        if l.seq != want {
            return Err(format!(
                "line {i} of the batch has seq {}, not {want}",
                l.seq
            ));
        }
        match check_hash(l.line.strip_suffix('\n').unwrap_or(&l.line)) {
            Ok(h) if h == l.hash && l.line.ends_with('\n') => {}
            Ok(_) => return Err(format!("seq {want}: the line's hash is not the one given")),
            Err(e) => return Err(format!("seq {want}: {e}")),
        }
        let p: Prev<'_> = serde_json::from_str(&l.line)
            .map_err(|e| format!("seq {want}: no prev member: {e}"))?;
        if p.prev != prev {
            return Err(format!(
                "seq {want}: its prev is not the hash of seq {}",
                want - 1
            ));
        }
        prev = &l.hash;
    }
    Ok(())
}

impl EventStore for PgStore {
    fn label(&self) -> String {
        format!("{}#{}", self.db.label(), crate::text::shown(&self.incident))
    }

    fn read_after(&mut self, seq: u64) -> Result<Vec<Line>, StoreError> {
        let id = self.incident.clone();
        let rows = self.with(|c| rows(&mut c.client, &c.stmt.read, &id, seq))?;
        self.checked(seq, rows)
    }

    fn append_if(&mut self, head: &Head, lines: &[Line]) -> Result<Appended, StoreError> {
        check_lines(head, lines).map_err(|detail| StoreError::Refused {
            store: self.label(),
            detail,
        })?;
        let id = self.incident.clone();
        let outcome = self.with(|c| {
            // One round trip: the server runs the transaction (schema version 2).
            let seq = i64::try_from(head.seq).unwrap_or(i64::MAX);
            let hashes: Vec<&str> = lines.iter().map(|l| l.hash.as_str()).collect();
            let texts: Vec<&str> = lines.iter().map(|l| l.line.as_str()).collect();
            let row = match c
                .client
                .query_one(&c.stmt.append, &[&id, &seq, &head.hash, &hashes, &texts])
            {
                Err(e) if e.code().is_some_and(|s| s.code() == "WR404") => {
                    return Ok(Outcome::NoIncident);
                }
                r => r?,
            };
            let appended: bool = row.try_get(0)?;
            if appended {
                return Ok(Outcome::Done);
            }
            let now = Head {
                seq: row.try_get::<_, i64>(1)?.max(0) as u64,
                hash: row.try_get(2)?,
            };
            if head.seq > now.seq {
                return Ok(Outcome::Ahead(now));
            }
            if head.seq == now.seq {
                return Ok(Outcome::NotOurs(now));
            }
            // The lines from the seat's head on (they never change once written): the first
            // is its head (unless the seat has nothing), which must be the database's line.
            let mut since = rows(&mut c.client, &c.stmt.read, &id, head.seq.saturating_sub(1))?;
            let at_head = if head.seq == 0 {
                GENESIS.to_string()
            } else if since.first().is_some_and(|r| r.seq == head.seq) {
                since.remove(0).hash
            } else {
                String::new()
            };
            if at_head != head.hash {
                return Ok(Outcome::NotOurs(now));
            }
            Ok(Outcome::Conflict(since))
        })?;
        let refused = |detail: String| StoreError::Refused {
            store: self.label(),
            detail,
        };
        match outcome {
            Outcome::Done => Ok(Appended::Done),
            Outcome::Conflict(rows) => {
                let since = self.checked(head.seq, rows)?;
                // These very lines are already there: an earlier call's commit landed but its
                // answer was lost (the connection dropped): done, never appended twice.
                if !lines.is_empty() && since.starts_with(lines) {
                    return Ok(Appended::Done);
                }
                Ok(Appended::Conflict(since))
            }
            Outcome::NoIncident => Err(refused("the incident is not in the database".into())),
            Outcome::Ahead(now) => Err(refused(format!(
                "the seat's head (seq {}) is not in the database, whose head is at seq {}",
                head.seq, now.seq
            ))),
            Outcome::NotOurs(now) => Err(refused(format!(
                "the seat's line seq {} is not the database's (head at seq {}): another incident's history",
                head.seq, now.seq
            ))),
        }
    }

    fn wait(&mut self, seq: u64, timeout: Duration) -> Result<bool, StoreError> {
        let deadline = Instant::now() + timeout;
        let id = self.incident.clone();
        self.with(|c| {
            // The head first: a line may have come before this call (and this query finds a
            // dead connection at once).
            if let Some(row) = c.client.query_opt(&c.stmt.head, &[&id])?
                && head_of(&row)?.seq > seq
            {
                return Ok(true);
            }
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                let mut notes = c.client.notifications();
                let mut it = notes.timeout_iter(left);
                match it.next()? {
                    None => return Ok(false),
                    Some(n) => {
                        if let Some((nid, nseq)) = n.payload().rsplit_once(':')
                            && nid == id
                            && nseq.parse::<u64>().is_ok_and(|s| s > seq)
                        {
                            return Ok(true);
                        }
                    }
                }
            }
        })
    }
}

/// What the append transaction found.
enum Outcome {
    Done,
    Conflict(Vec<Row>),
    NoIncident,
    Ahead(Head),
    NotOurs(Head),
}
