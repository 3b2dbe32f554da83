//! The incident log: JSON Lines with a hash chain. Writer (append, fsync, lock), reader
//! (streaming, torn tail tolerated) and verifier.

pub mod chain;
pub mod reader;
pub mod verify;
pub mod writer;

pub use reader::{LogProblem, LogRead, TornTail, read_log, scan};
pub use writer::{LogError, LogWriter, create_dir_private};
