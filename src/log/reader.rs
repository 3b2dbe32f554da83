//! Reading a log: line by line (streaming), checking seq and the hash chain, tolerating a torn
//! last line (one without its newline, as a crash mid-write leaves it).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::chain::{GENESIS, LineError, check_hash};
use super::parse::EventLine;
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

/// What the chain checks need from a parsed line, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub seq: u64,
    /// The line's `prev` member.
    pub prev: &'a str,
    /// The line's `hash` member (as parsed, to compare with the one the hash was checked
    /// against: a line with two `hash` members is refused).
    pub hash: &'a str,
    /// Whether the line is an `opened` event.
    pub opened: bool,
}

/// How a reader turns a checked line into its own value: the full [`Event`] for replay, or a
/// lighter view borrowed from the line for a quick pass over a large log (`warroom stats`).
pub trait LineParser {
    /// A parsed line; may borrow from the line's text.
    type Line<'a>;
    /// Parses a line whose own hash is already checked. The error is shown after the line number.
    fn parse<'a>(&mut self, text: &'a str) -> Result<Self::Line<'a>, String>;
    /// The members the chain checks need.
    fn head<'b>(line: &'b Self::Line<'_>) -> Head<'b>;
    /// A line that passed every check, in order.
    fn accept(&mut self, line: Self::Line<'_>);
}

/// Streams a log through `parser`, checking every line as `warroom verify` does (UTF-8, the
/// line's hash, seq, the chain, `opened` first and only first). Stops at the first bad line
/// or a torn last line; what came before it has been accepted. Memory does not grow with the
/// log: one line is held at a time.
pub fn scan_with<R: Read, P: LineParser>(reader: R, parser: &mut P) -> std::io::Result<LogRead> {
    let mut r = BufReader::with_capacity(1 << 16, reader);
    let mut out = LogRead {
        last_hash: GENESIS.to_string(),
        ..LogRead::default()
    };
    let mut buf = Vec::with_capacity(512);
    let mut line_no = 0u64;
    let mut offset = 0u64;
    let fail = |out: &mut LogRead, line: u64, message: String| {
        out.problem = Some(LogProblem { line, message });
    };
    loop {
        buf.clear();
        let (n, newline) = read_line_bounded(&mut r, &mut buf, MAX_LINE_BYTES)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if !newline {
            out.torn = Some(TornTail {
                line: line_no,
                offset,
                bytes: n,
            });
            break;
        }
        if n > MAX_LINE_BYTES as u64 + 1 {
            fail(&mut out, line_no, overlong(n - 1));
            break;
        }
        let (line, stated) = match check_own(parser, &buf[..buf.len() - 1]) {
            Ok(l) => l,
            Err(e) => {
                fail(&mut out, line_no, e);
                break;
            }
        };
        let head = P::head(&line);
        let chained = head.prev == out.last_hash;
        if let Err(e) = check_order(line_no, head.seq, chained, head.opened) {
            fail(&mut out, line_no, e);
            break;
        }
        out.last_hash.clear();
        out.last_hash.push_str(stated);
        offset += n;
        out.good_len = offset;
        parser.accept(line);
    }
    Ok(out)
}

/// The longest line a log may hold, in bytes without its newline (see [`crate::fsio`]).
pub use crate::fsio::MAX_LINE_BYTES;

/// The message for a line longer than [`MAX_LINE_BYTES`] (`len` bytes without its newline).
pub(crate) fn overlong(len: u64) -> String {
    format!(
        "the line is {len} bytes long; the limit is {MAX_LINE_BYTES} bytes (this is not a warroom log line)"
    )
}

/// Reads one line into `buf`, newline included, keeping at most `cap + 1` bytes of it: the
/// rest of a longer line is read and counted, not stored (a multi-gigabyte torn tail costs no
/// memory). Returns the line's length in bytes and whether it ended with a newline.
pub(crate) fn read_line_bounded(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<(u64, bool)> {
    let mut total = 0u64;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((total, false));
        }
        let (used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = (cap + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&avail[..used.min(room)]);
        r.consume(used);
        total += used as u64;
        if done {
            return Ok((total, true));
        }
    }
}

/// The checks on a line that need nothing but the line (without its newline), in the order
/// `warroom verify` makes them: UTF-8, the line's own hash, parsing, a second `hash` member.
/// Returns the parsed line and its stated hash.
pub(crate) fn check_own<'a, P: LineParser>(
    parser: &mut P,
    bytes: &'a [u8],
) -> Result<(P::Line<'a>, &'a str), String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_suffix('\r').unwrap_or(t),
        Err(_) => return Err("not UTF-8 text".into()),
    };
    let stated = check_hash(text).map_err(|e| e.to_string())?;
    let line = parser.parse(text)?;
    if P::head(&line).hash != stated {
        return Err(LineError::NoHash.to_string());
    }
    Ok((line, stated))
}

/// The checks that need the lines before, after [`check_own`]: seq is the line number, `prev`
/// is the previous line's hash (`chained`), `opened` first and only first.
pub(crate) fn check_order(
    line_no: u64,
    seq: u64,
    chained: bool,
    opened: bool,
) -> Result<(), String> {
    if seq != line_no {
        return Err(format!(
            "seq is {seq} but this is line {line_no} (a line was removed, added or moved)"
        ));
    }
    if !chained {
        return Err("\"prev\" does not match the previous line's hash (the chain is broken: a line was removed, replaced or reordered)".into());
    }
    if (line_no == 1) != opened {
        return Err(if line_no == 1 {
            "the first event must be \"opened\"".into()
        } else {
            "a second \"opened\" event".into()
        });
    }
    Ok(())
}

/// The full-event parser behind [`scan_sequential`] and the workers of [`scan`]
/// (see [`super::parse`]).
pub(crate) struct EventParser<F>(pub(crate) F);

impl<F: FnMut(Event)> LineParser for EventParser<F> {
    type Line<'a> = EventLine<'a>;

    fn parse<'a>(&mut self, text: &'a str) -> Result<EventLine<'a>, String> {
        super::parse::event_line(text)
    }

    fn head<'b>(line: &'b EventLine<'_>) -> Head<'b> {
        Head {
            seq: line.event.seq,
            prev: &line.prev,
            hash: &line.hash,
            opened: matches!(line.event.kind, EventKind::Opened { .. }),
        }
    }

    fn accept(&mut self, line: EventLine<'_>) {
        (self.0)(line.event)
    }
}

/// Streams the good events of a log to `f`, checking as it goes. Stops at the first bad line.
/// On three cores or more, a log larger than one block (256 KiB) is checked and parsed on
/// worker threads while `f` runs on this one (see [`super::parallel`]); the result is the same
/// as [`scan_sequential`]'s.
pub fn scan<R: Read>(reader: R, f: impl FnMut(Event)) -> std::io::Result<LogRead> {
    super::parallel::scan(reader, super::parallel::Options::default(), f)
}

/// As [`scan`], on this thread alone, one line at a time.
pub fn scan_sequential<R: Read>(reader: R, f: impl FnMut(Event)) -> std::io::Result<LogRead> {
    scan_with(reader, &mut EventParser(f))
}

/// Reads a whole log into memory.
pub fn read_log(path: &Path) -> std::io::Result<LogRead> {
    let file = crate::fsio::open_regular(path)?;
    let mut events = Vec::new();
    let mut read = scan(file, |e| events.push(e))?;
    read.events = events;
    Ok(read)
}
