//! `warroom verify`: checks seq and the hash chain of a whole log, streaming, and names the
//! first bad line exactly.

use std::path::Path;

use super::reader::{LogProblem, TornTail, scan};
use crate::engine::EventKind;

/// The result of verifying a log.
#[derive(Debug)]
pub struct Report {
    pub events: u64,
    pub closed: bool,
    pub problem: Option<LogProblem>,
    pub torn: Option<TornTail>,
    pub last_hash: String,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problem.is_none() && self.torn.is_none() && self.events > 0
    }
}

pub fn verify(path: &Path) -> std::io::Result<Report> {
    verify_reader(crate::fsio::open_regular(path)?)
}

/// Verifies a log read from `reader` (a file, or bytes in memory).
pub fn verify_reader(reader: impl std::io::Read) -> std::io::Result<Report> {
    let file = reader;
    let mut events = 0u64;
    let mut closed = false;
    let read = scan(file, |e| {
        events += 1;
        if matches!(e.kind, EventKind::Closed { .. }) {
            closed = true;
        }
    })?;
    let mut problem = read.problem;
    if problem.is_none() && read.torn.is_none() && events == 0 {
        problem = Some(LogProblem {
            line: 1,
            message: "the log is empty".into(),
        });
    }
    Ok(Report {
        events,
        closed,
        problem,
        torn: read.torn,
        last_hash: read.last_hash,
    })
}
