//! The incident log: JSON Lines with a hash chain. Writer (append, fsync, lock), reader
//! (streaming, torn tail tolerated; large logs on several threads) and verifier; a failing sink
//! for tests.

pub mod chain;
pub mod faulty;
mod kind_fields;
pub mod parallel;
pub mod parse;
pub mod pending;
pub mod reader;
pub mod seats;
pub mod verify;
pub mod writer;

pub use reader::{LogProblem, LogRead, TornTail, read_log, scan};
pub use writer::{LogError, LogSink, LogWriter, create_dir_private, write_new_private};
