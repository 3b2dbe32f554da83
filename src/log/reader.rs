//! Reading a log: line by line (streaming), checking seq and the hash chain, tolerating a torn
//! last line (one without its newline, as a crash mid-write leaves it).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::chain::{GENESIS, decode};
use crate::engine::{Event, EventKind};

/// A problem found at a line of a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogProblem {
    /// 1-based line number.
    pub line: u64,
    pub message: String,
}

/// The last line had no newline: an interrupted write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornTail {
    pub line: u64,
    /// Byte offset where the torn line starts (the length to truncate to).
    pub offset: u64,
    pub bytes: u64,
}

/// A log read up to its end or its first bad line.
#[derive(Debug, Default)]
pub struct LogRead {
    pub events: Vec<Event>,
    /// The hash of the last good line (GENESIS when none).
    pub last_hash: String,
    pub torn: Option<TornTail>,
    /// The first bad line, if any (reading stops there).
    pub problem: Option<LogProblem>,
    /// Length in bytes of the good part.
    pub good_len: u64,
}

/// Streams the good events of a log to `f`, checking as it goes. Stops at the first bad line.
pub fn scan<R: Read>(reader: R, mut f: impl FnMut(Event)) -> std::io::Result<LogRead> {
    let mut r = BufReader::with_capacity(1 << 16, reader);
    let mut out = LogRead {
        last_hash: GENESIS.to_string(),
        ..LogRead::default()
    };
    let mut buf = Vec::with_capacity(512);
    let mut line_no = 0u64;
    let mut offset = 0u64;
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if buf.last() != Some(&b'\n') {
            out.torn = Some(TornTail {
                line: line_no,
                offset,
                bytes: n as u64,
            });
            break;
        }
        let text = match std::str::from_utf8(&buf[..n - 1]) {
            Ok(t) => t.strip_suffix('\r').unwrap_or(t),
            Err(_) => {
                out.problem = Some(LogProblem {
                    line: line_no,
                    message: "not UTF-8 text".into(),
                });
                break;
            }
        };
        let d = match decode(text) {
            Ok(d) => d,
            Err(e) => {
                out.problem = Some(LogProblem {
                    line: line_no,
                    message: e.to_string(),
                });
                break;
            }
        };
        if d.event.seq != line_no {
            out.problem = Some(LogProblem {
                line: line_no,
                message: format!(
                    "seq is {} but this is line {line_no} (a line was removed, added or moved)",
                    d.event.seq
                ),
            });
            break;
        }
        if d.prev != out.last_hash {
            out.problem = Some(LogProblem {
                line: line_no,
                message: "\"prev\" does not match the previous line's hash (the chain is broken: a line was removed, replaced or reordered)".into(),
            });
            break;
        }
        if (line_no == 1) != matches!(d.event.kind, EventKind::Opened { .. }) {
            out.problem = Some(LogProblem {
                line: line_no,
                message: if line_no == 1 {
                    "the first event must be \"opened\"".into()
                } else {
                    "a second \"opened\" event".into()
                },
            });
            break;
        }
        out.last_hash = d.hash;
        offset += n as u64;
        out.good_len = offset;
        f(d.event);
    }
    Ok(out)
}

/// Reads a whole log into memory.
pub fn read_log(path: &Path) -> std::io::Result<LogRead> {
    let file = File::open(path)?;
    let mut events = Vec::new();
    let mut read = scan(file, |e| events.push(e))?;
    read.events = events;
    Ok(read)
}
