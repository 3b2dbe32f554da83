//! Where an incident's events are kept: one append protocol, two stores.
//!
//! A store holds the incident's lines — each the exact JSON line the file store writes (see
//! [`crate::log::chain`]), numbered from 1 and chained by hash. Every client (the live screen,
//! a headless script, the drill clock, review notes) appends through the same three
//! operations:
//!
//! - [`EventStore::read_after`]: the lines after seq N, in order;
//! - [`EventStore::append_if`]: append a batch of lines *if the head is still H* — else nothing
//!   is written and the lines that came in between are returned ([`Appended::Conflict`]), so
//!   the caller folds them, re-checks its command against the new state and tries again or
//!   refuses;
//! - [`EventStore::wait`]: block (for at most a timeout) until the head moves past seq N.
//!
//! The file store is the JSON Lines file itself ([`crate::log::LogWriter`]); the PostgreSQL
//! store ([`pg`]) keeps the same lines in rows, one transaction an append. The commands that
//! only read a log find it, in a file or a database, through [`source::LogSource`].

pub mod journal;
pub mod pg;
pub mod source;

pub use journal::{Journal, StoreJournal};

use std::time::Duration;

use crate::log::chain::GENESIS;

/// One stored line: its seq, the exact JSON line (ending in `\n`) and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub seq: u64,
    pub line: String,
    pub hash: String,
}

/// The last line of a store as a seat knows it: its seq (0 for an empty store) and hash
/// ([`GENESIS`] for an empty store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

impl Head {
    /// The head of an empty store.
    pub fn empty() -> Head {
        Head {
            seq: 0,
            hash: GENESIS.to_string(),
        }
    }

    /// The head after `line`.
    pub fn after(line: &Line) -> Head {
        Head {
            seq: line.seq,
            hash: line.hash.clone(),
        }
    }
}

/// What an [`EventStore::append_if`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// Every line was appended (durably) in order.
    Done,
    /// The head had moved: nothing was appended; these are the lines after the head given,
    /// in order (other seats' events).
    Conflict(Vec<Line>),
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be reached (the database went away, the network is cut): the seat
    /// keeps working offline and holds new events as pending.
    #[error("{store}: offline: {detail}")]
    Offline { store: String, detail: String },
    /// The store refused the lines (a constraint: a gap, a wrong `prev`, a duplicate).
    #[error("{store}: refused: {detail}")]
    Refused { store: String, detail: String },
    /// A stored line is not a valid continuation of the chain.
    #[error("{store}: damaged at seq {seq}: {detail}")]
    Damaged {
        store: String,
        seq: u64,
        detail: String,
    },
    #[error("{store}: {detail}")]
    Other { store: String, detail: String },
}

/// The append protocol every store gives.
pub trait EventStore: Send {
    /// How the store is named in messages: a file's path, or `postgres://host/db#incident`
    /// (never a password).
    fn label(&self) -> String;
    /// The lines after seq `seq`, oldest first.
    fn read_after(&mut self, seq: u64) -> Result<Vec<Line>, StoreError>;
    /// Appends `lines` (seq `head.seq + 1`…, the first chained on `head.hash`) if the store's
    /// head is still `head`; else appends nothing and returns the lines in between.
    fn append_if(&mut self, head: &Head, lines: &[Line]) -> Result<Appended, StoreError>;
    /// Waits until the store's head is past `seq`, for at most `timeout`. Returns whether it
    /// moved (a wake-up only: the caller then reads with [`EventStore::read_after`]).
    fn wait(&mut self, seq: u64, timeout: Duration) -> Result<bool, StoreError>;
}

/// Whether a store address names PostgreSQL (`postgres://…` or `postgresql://…`).
pub fn is_postgres(addr: &str) -> bool {
    addr.starts_with("postgres://") || addr.starts_with("postgresql://")
}
