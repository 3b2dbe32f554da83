//! `warroom resume LOG --append-pending FILE`: the way back after a full disk. FILE holds the
//! events the live screen could not write (its `w` copy, or the lines printed on quitting):
//! each line is checked as `warroom verify` checks a log line, and against the log's chain —
//! lines already in the log (byte for byte, at their seq) are skipped, the rest must continue
//! the chain exactly. Only then are they appended, each fsync'd, under the log's lock (so never
//! while the incident is open in another warroom). Every event ends up in the log once.

use std::io::BufReader;
use std::path::Path;

use super::reader::{EventParser, check_own, read_line_bounded};
use super::writer::{LogError, LogWriter};
use crate::engine::Event;
use crate::fsio::{MAX_FILE_BYTES, MAX_LINE_BYTES};

/// What was appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Events appended, and the seqs of the first and last of them.
    pub added: u64,
    pub first: Option<u64>,
    pub last: Option<u64>,
    /// Lines of FILE already in the log (skipped).
    pub already: u64,
    /// The copy kept of a torn log before it was repaired, if one was.
    pub kept: Option<std::path::PathBuf>,
}

/// A checked line of the pending file.
struct Line {
    seq: u64,
    prev: String,
    hash: String,
    text: String,
}

/// Appends the pending events in `file` to `log` (see the module documentation). The error is
/// a sentence for the user; nothing was appended when it is returned.
pub fn append_pending(log: &Path, file: &Path) -> Result<Appended, String> {
    let shown = crate::text::path(file);
    let bytes = crate::fsio::read_bounded(file, MAX_FILE_BYTES)
        .map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let lines = pending_lines(&bytes).map_err(|e| format!("{shown}: {e}"))?;
    let Some(first) = lines.first() else {
        return Err(format!("{shown}: holds no events"));
    };
    let first_seq = first.seq;
    // Lock, verify and (if torn) repair the log; the lines from `first_seq` on are kept to
    // compare with the file's.
    let mut tail_lines: Vec<String> = Vec::new();
    let (mut w, read, kept) =
        LogWriter::resume_with(log, |_: Event| {}).map_err(|e| e.to_string())?;
    let count = w.next_seq() - 1;
    if first_seq > count + 1 {
        return Err(format!(
            "{shown}: its first event is #{first_seq} but the log ends at #{count}: events #{}–#{} are in neither; nothing was appended",
            count + 1,
            first_seq - 1
        ));
    }
    if first_seq <= count {
        tail_lines = log_lines_from(log, first_seq).map_err(|e| e.to_string())?;
    }
    let mut already = 0;
    let mut prev = read.last_hash.clone();
    let mut to_add = Vec::new();
    for l in lines {
        if l.seq <= count {
            let i = usize::try_from(l.seq - first_seq).unwrap_or(usize::MAX);
            let theirs = tail_lines.get(i).map(String::as_str);
            if theirs != Some(l.text.trim_end_matches(['\n', '\r'])) {
                return Err(format!(
                    "{shown}: event #{} is not the log's line {}: the log has moved on since these events were kept (another event has that number); nothing was appended",
                    l.seq, l.seq
                ));
            }
            already += 1;
            continue;
        }
        if l.prev != prev {
            return Err(format!(
                "{shown}: event #{} does not continue the log's chain (its \"prev\" is not the hash of line {}); nothing was appended",
                l.seq,
                l.seq - 1
            ));
        }
        prev = l.hash.clone();
        to_add.push(l);
    }
    let appended = Appended {
        added: to_add.len() as u64,
        first: to_add.first().map(|l| l.seq),
        last: to_add.last().map(|l| l.seq),
        already,
        kept,
    };
    for l in to_add {
        w.queue_checked_line(l.seq, l.text, l.hash);
    }
    w.flush().map_err(|e: LogError| e.to_string())?;
    Ok(appended)
}

/// The pending file's lines, each checked on its own (UTF-8, its hash, a valid event) and
/// chained to the one before it with consecutive seqs.
fn pending_lines(bytes: &[u8]) -> Result<Vec<Line>, String> {
    let mut out: Vec<Line> = Vec::new();
    let mut parser = EventParser(|_: Event| {});
    for (i, raw) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        let Some(body) = raw.strip_suffix(b"\n") else {
            return Err(format!(
                "line {n} has no newline (the file was cut short); nothing was appended"
            ));
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let (line, stated) = check_own(&mut parser, body)
            .map_err(|e| format!("line {n}: {e}; nothing was appended"))?;
        let seq = line.event.seq;
        if let Some(last) = out.last()
            && (seq != last.seq + 1 || line.prev != last.hash)
        {
            return Err(format!(
                "line {n}: event #{seq} does not follow event #{} in the file; nothing was appended",
                last.seq
            ));
        }
        let mut text = String::from_utf8_lossy(body).into_owned();
        text.push('\n');
        out.push(Line {
            seq,
            prev: line.prev.to_string(),
            hash: stated.to_string(),
            text,
        });
    }
    Ok(out)
}

/// The log's lines from line `from` on (without newlines; the log is already verified).
fn log_lines_from(log: &Path, from: u64) -> std::io::Result<Vec<String>> {
    let mut r = BufReader::new(crate::fsio::open_regular(log)?);
    let mut out = Vec::new();
    let mut n = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (len, newline) = read_line_bounded(&mut r, &mut buf, MAX_LINE_BYTES)?;
        if len == 0 || !newline {
            break;
        }
        n += 1;
        if n >= from {
            let text = String::from_utf8_lossy(&buf);
            out.push(text.trim_end_matches(['\n', '\r']).to_string());
        }
    }
    Ok(out)
}
