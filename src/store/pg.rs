//! The PostgreSQL store: an incident's lines in rows of a database a team shares, one
//! transaction an append (see the module documentation of [`super`] and docs/postgres.md).
//!
//! A [`PgStore`] holds one connection (the sync `postgres` crate) to one incident. The
//! connection is opened with short timeouts, so a server that went away or a cut network
//! makes an operation fail with [`StoreError::Offline`] within seconds (never a panic, never a
//! hang); the next operation connects again. The schema is warroom's own ([`schema`]), created
//! and migrated at connect. `LISTEN`/`NOTIFY` only wakes a waiting seat: it then reads the
//! lines after the last it has, so a seat that was away catches up.

pub mod schema;
pub mod transfer;

use std::str::FromStr;
use std::time::{Duration, Instant};

use postgres::config::Host;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, NoTls, Statement};

use super::{Appended, EventStore, Head, Line, StoreError, is_postgres};
use crate::log::chain::{GENESIS, check_hash};

pub use transfer::{Imported, Listed, export, import, incident_id_for, list};

/// How long connecting may take before the store counts as offline.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long sent data may stay unacknowledged (a cut network) before the connection is given
/// up (Linux `TCP_USER_TIMEOUT`); keepalives find a dead idle connection as quickly.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(3);

/// A database named by a URL, with the timeouts warroom connects with.
#[derive(Clone)]
pub struct Database {
    config: Config,
    label: String,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the config: it may hold a password.
        write!(f, "Database({})", self.label)
    }
}

impl Database {
    /// Parses `postgres://user@host:port/db` (or `postgresql://…`, or libpq's key=value
    /// form after either scheme's prefix is not given: refused). The error never repeats a
    /// password.
    pub fn parse(url: &str) -> Result<Database, StoreError> {
        let shown = redact(url);
        let other = |detail: String| StoreError::Other {
            store: shown.clone(),
            detail,
        };
        if !is_postgres(url) {
            return Err(other(
                "not a PostgreSQL URL (postgres://user@host:port/database)".into(),
            ));
        }
        let mut config = Config::from_str(url).map_err(|e| other(format!("bad URL: {e}")))?;
        if config.get_hosts().is_empty() {
            return Err(other("the URL names no host".into()));
        }
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .tcp_user_timeout(TCP_USER_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(5))
            .keepalives_interval(Duration::from_secs(1))
            .keepalives_retries(3);
        if config.get_application_name().is_none() {
            config.application_name("warroom");
        }
        let label = label_of(&config);
        Ok(Database { config, label })
    }

    /// `postgres://host:port/db` (never the user's password).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Connects and brings the schema up to date.
    pub fn connect(&self) -> Result<Client, StoreError> {
        let mut client = self
            .config
            .connect(NoTls)
            .map_err(|e| store_error(&self.label, &e))?;
        schema::migrate(&mut client).map_err(|detail| StoreError::Other {
            store: self.label.clone(),
            detail: format!("cannot set up the schema: {detail}"),
        })?;
        Ok(client)
    }
}

/// `postgres://host:port/db` from a parsed config.
fn label_of(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) if h.contains(':') => format!("[{h}]"),
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => crate::text::path(p),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("postgres://{host}:{port}/{db}")
}

/// A URL as it may be shown: without the password of `scheme://user:password@…`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return crate::text::shown(url);
    };
    let shown = match rest.split_once('@') {
        Some((user, host)) if !host.contains('@') || user.contains(':') => {
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{scheme}://{user}@{host}")
        }
        Some((_, host)) => format!("{scheme}://…@{}", host.rsplit('@').next().unwrap_or(host)),
        None => url.to_string(),
    };
    crate::text::shown(&shown)
}

/// Which [`StoreError`] a database error is: the server or the network gone (`Offline`), a
/// refusal by the schema's triggers and constraints (`Refused`), or anything else.
pub(crate) fn store_error(store: &str, e: &postgres::Error) -> StoreError {
    let store = store.to_string();
    let Some(db) = e.as_db_error() else {
        // No answer from the server: a closed connection, a timeout, a refused or cut link.
        return StoreError::Offline {
            store,
            detail: if e.is_closed() {
                "the connection was closed".into()
            } else {
                with_causes(e)
            },
        };
    };
    let code = db.code().code();
    let detail = crate::text::shown(db.message());
    if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300") {
        // connection exceptions; admin/crash shutdown, cannot connect now; too many clients
        StoreError::Offline { store, detail }
    } else if code == "P0001" || code.starts_with("23") {
        // raised by the triggers; integrity constraints (a duplicate seq, a missing incident)
        StoreError::Refused { store, detail }
    } else {
        StoreError::Other { store, detail }
    }
}

/// An error and its causes, `: `-separated ("error connecting to server: Connection refused").
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let c_s = c.to_string();
        if !s.ends_with(&c_s) {
            s.push_str(": ");
            s.push_str(&c_s);
        }
        cause = c.source();
    }
    crate::text::shown(&s)
}

/// The statements a connection prepares once.
struct Prepared {
    head: Statement,
    head_for_update: Statement,
    insert: Statement,
    read: Statement,
}

/// A connection with its prepared statements.
struct Conn {
    client: Client,
    stmt: Prepared,
}

impl Conn {
    fn open(db: &Database) -> Result<Conn, StoreError> {
        let mut client = db.connect()?;
        let err = |e: postgres::Error| store_error(db.label(), &e);
        // A seat that vanishes mid-append (a cut network) must not keep the incident's head
        // locked: the server ends a session idle in a transaction, and probes the client.
        client
            .batch_execute(&format!(
                "SET idle_in_transaction_session_timeout = '10s'; \
                 SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 1; \
                 SET tcp_keepalives_count = 3; LISTEN {}",
                schema::CHANNEL
            ))
            .map_err(err)?;
        let stmt = Prepared {
            head: client
                .prepare("SELECT head_seq, head_hash FROM incidents WHERE id = $1")
                .map_err(err)?,
            head_for_update: client
                .prepare("SELECT head_seq, head_hash FROM incidents WHERE id = $1 FOR UPDATE")
                .map_err(err)?,
            insert: client
                .prepare(
                    "INSERT INTO events (incident_id, seq, prev, hash, line) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .map_err(err)?,
            read: client
                .prepare(
                    "SELECT seq, prev, hash, line FROM events \
                     WHERE incident_id = $1 AND seq > $2 ORDER BY seq",
                )
                .map_err(err)?,
        };
        Ok(Conn { client, stmt })
    }
}

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
            let mut tx = c.client.transaction()?;
            let Some(row) = tx.query_opt(&c.stmt.head_for_update, &[&id])? else {
                return Ok(Outcome::NoIncident);
            };
            let now = head_of(&row)?;
            if now != *head {
                if head.seq >= now.seq {
                    return Ok(Outcome::Ahead(now));
                }
                // The lines from the seat's head on: the first is its head (unless the seat
                // has nothing), which must be the database's line of that seq.
                let mut since = rows(&mut tx, &c.stmt.read, &id, head.seq.saturating_sub(1))?;
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
                return Ok(Outcome::Conflict(since));
            }
            let mut prev = head.hash.as_str();
            for l in lines {
                let seq = i64::try_from(l.seq).unwrap_or(i64::MAX);
                tx.execute(&c.stmt.insert, &[&id, &seq, &prev, &l.hash, &l.line])?;
                prev = &l.hash;
            }
            tx.commit()?;
            Ok(Outcome::Done)
        })?;
        let refused = |detail: String| StoreError::Refused {
            store: self.label(),
            detail,
        };
        match outcome {
            Outcome::Done => Ok(Appended::Done),
            Outcome::Conflict(rows) => Ok(Appended::Conflict(self.checked(head.seq, rows)?)),
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
