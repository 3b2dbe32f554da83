//! Where a command that reads a log finds it: a log file, or — with `--store URL` — an
//! incident of a PostgreSQL database, `LOG` then being its id (as `warroom list` shows it).
//!
//! `review`, `report`, `stats` and `verify` read through a [`LogSource`] (and so can any other
//! reader, e.g. a drill's `--from-log`). Either way the reader is handed the exact bytes of the
//! log — for a database incident its stored lines in seq order, byte for byte what
//! `warroom export` writes — and checks them as it checks a file (UTF-8, each line's hash,
//! seq, the chain, `opened` first). A database incident is streamed in batches of rows from one
//! read-only snapshot: nothing is written to disk, and memory does not grow with the incident
//! unless the reader keeps the events.

mod db;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use db::DbCheck;

use super::{StoreError, is_postgres};
use crate::log::reader::{LogRead, scan};

/// A log to read: a file, or an incident in a PostgreSQL database.
#[derive(Debug, Clone)]
pub enum LogSource {
    File(PathBuf),
    Db {
        /// The database's URL as given (it may hold a password: never shown).
        url: String,
        id: String,
    },
}

/// Why a log could not be read at all (a damaged line is not an error: the reader reports it).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// `--store` is not a PostgreSQL URL, or the id is not text: a usage error (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The file cannot be opened or read.
    #[error("{shown}: cannot read: {source}")]
    Io {
        shown: String,
        source: std::io::Error,
    },
    /// The database cannot be reached, has no such incident, or failed.
    #[error("{0}")]
    Store(StoreError),
}

impl SourceError {
    /// The exit code the commands give for it: 2 for usage, else 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            SourceError::Usage(_) => 2,
            _ => 1,
        }
    }

    /// A second line for the user, when there is something to suggest.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            SourceError::Store(StoreError::Offline { .. }) => {
                Some("is the server running, and reachable from here?")
            }
            _ => None,
        }
    }
}

impl LogSource {
    /// `LOG` as a command was given it: with a store (`--store URL` or `$WARROOM_STORE`; blank
    /// is none) the id of an incident in that database, else a file.
    pub fn new(log: &Path, store: Option<&str>) -> Result<LogSource, SourceError> {
        let Some(url) = store.filter(|s| !s.trim().is_empty()) else {
            return Ok(LogSource::File(log.to_path_buf()));
        };
        if !is_postgres(url) {
            return Err(SourceError::Usage(format!(
                "--store must be a PostgreSQL URL (postgres://user@host:port/database), not {}",
                super::pg::redact(url)
            )));
        }
        let Some(id) = log.to_str() else {
            return Err(SourceError::Usage(
                "the incident id is not UTF-8 text".to_string(),
            ));
        };
        Ok(LogSource::Db {
            url: url.to_string(),
            id: id.to_string(),
        })
    }

    /// The log as messages name it: the file's path, or `postgres://host:port/db#id` (never a
    /// password); made safe to print.
    pub fn shown(&self) -> String {
        match self {
            LogSource::File(p) => crate::text::path(p),
            LogSource::Db { url, id } => db::label(url, id),
        }
    }

    /// The log's short name (a report's title line): the file's name, or the incident's id.
    pub fn name(&self) -> String {
        match self {
            LogSource::File(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| p.display().to_string()),
            LogSource::Db { id, .. } => id.clone(),
        }
    }

    /// The file, for a file source.
    pub fn file(&self) -> Option<&Path> {
        match self {
            LogSource::File(p) => Some(p),
            LogSource::Db { .. } => None,
        }
    }

    /// Where the files the log names (its playbook, a drill's scenario) are looked for besides
    /// their recorded paths: beside the log file; for a database incident, nowhere else (an
    /// empty path has no directory).
    pub fn beside(&self) -> &Path {
        match self {
            LogSource::File(p) => p,
            LogSource::Db { .. } => Path::new(""),
        }
    }

    /// Runs `f` on a reader of the log's bytes (a file, or a database incident's lines in seq
    /// order, streamed). An I/O error of `f`'s own is returned as [`SourceError::Io`].
    pub fn scan<T>(
        &self,
        f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
    ) -> Result<T, SourceError> {
        self.scan_checked(f).map(|(t, _)| t)
    }

    /// As [`LogSource::scan`]; for a database incident, also what the database itself says
    /// about it ([`DbCheck`]: its rows' columns, its head, its append-only triggers), read in the
    /// same snapshot.
    pub fn scan_checked<T>(
        &self,
        f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
    ) -> Result<(T, Option<DbCheck>), SourceError> {
        match self {
            LogSource::File(p) => {
                let io = |source| SourceError::Io {
                    shown: crate::text::path(p),
                    source,
                };
                let mut file = crate::fsio::open_regular(p).map_err(io)?;
                let t = f(&mut file).map_err(io)?;
                Ok((t, None))
            }
            LogSource::Db { url, id } => {
                let (t, check) = db::scan(url, id, f)?;
                Ok((t, Some(check)))
            }
        }
    }

    /// Reads the whole log into memory: its good events, checked as `warroom verify` checks
    /// them, and what stopped the reading (a bad line, a torn last line), if anything.
    pub fn read_log(&self) -> Result<LogRead, SourceError> {
        self.scan(|r| {
            let mut events = Vec::new();
            let mut read = scan(r, |e| events.push(e))?;
            read.events = events;
            Ok(read)
        })
    }
}
