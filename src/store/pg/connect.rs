//! Connecting to a PostgreSQL database: its URL parsed (never showing a password), the
//! timeouts that make a lost server or a cut network an `Offline` error within seconds, the
//! session settings and prepared statements of a connection, and which [`StoreError`] a
//! database error is.

use std::str::FromStr;
use std::time::Duration;

use postgres::config::Host;
use postgres::{Client, Config, NoTls, Statement};

use super::schema;
use crate::store::{StoreError, is_postgres};

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

    /// Connects without touching the schema: for a reader, which may hold a role that can only
    /// `SELECT` (the caller checks the schema version it finds).
    pub fn connect_to_read(&self) -> Result<Client, StoreError> {
        self.config
            .connect(NoTls)
            .map_err(|e| store_error(&self.label, &e))
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
pub(super) struct Prepared {
    pub(super) head: Statement,
    pub(super) append: Statement,
    pub(super) insert: Statement,
    pub(super) read: Statement,
}

/// A connection with its prepared statements.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) stmt: Prepared,
}

impl Conn {
    pub(super) fn open(db: &Database) -> Result<Conn, StoreError> {
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
            append: client
                .prepare(
                    "SELECT appended, head_seq, head_hash FROM warroom_append($1, $2, $3, $4, $5)",
                )
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
