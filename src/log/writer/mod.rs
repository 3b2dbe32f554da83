//! Appending to a log: one line per event, flushed and fsync'd before `append` returns, file
//! mode 0600 in a 0700 directory, an exclusive lock so a second warroom cannot write the same
//! incident.
//!
//! A new log appears at its path only complete with its first line: the `opened` line is
//! written and fsync'd in a temporary file beside it, which is then hard-linked into place
//! (never over an existing file), so a kill while opening leaves no empty or half-written log.
//!
//! The bytes go to a [`LogSink`] — the log file, or in tests a sink that fails on demand (see
//! [`super::faulty`]). A line that cannot be written stays *queued* in memory, in order, already
//! chained; [`LogWriter::flush`] retries it (first cutting the file back to its last complete
//! line, then writing the whole line again and fsyncing it: after a failed fsync the kernel may
//! have dropped the dirty pages, so the data is rewritten, not just fsync'd again).
//!
//! Before every write the writer checks that the file is still what it last wrote: its length,
//! and its last bytes (up to 4 KiB). Anything else — another program appended to it (`cat FILE
//! >> LOG`), cut it or edited its end — stops the writer for good: nothing more is written, and
//! every later write fails with [`LogError::Changed`], so no event is ever written twice or after
//! > > a line that is not its own.

use std::collections::VecDeque;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::chain::encode;
use super::seats::{WriteLock, continuation};

mod open;
mod sink;

use crate::engine::Event;
use open::pid_path;
pub use open::{create_dir_private, write_new_private};
use sink::Detached;
pub use sink::LogSink;

/// Errors opening or writing a log.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}: this incident is open in another warroom{1}; close that one first")]
    Locked(String, String),
    #[error("{0}: refusing to write a log through a symbolic link")]
    Symlink(String),
    #[error("{0}: already exists; a new incident never overwrites a log")]
    Exists(String),
    #[error("{path}: line {line}: {message}; the log is not resumed (run `warroom verify {path}`)")]
    Corrupt {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{0}: the log is empty")]
    Empty(String),
    /// Other seats appended first: nothing of this batch was written. Their events are
    /// here, in order (already taken into the writer's chain); the caller folds them and
    /// re-checks what it meant to record.
    #[error("{path}: {} event(s) from other seats came first; nothing was written", events.len())]
    Behind { path: String, events: Vec<Event> },
    /// A store other than the file failed (offline, refused, damaged): see [`crate::store`].
    #[error("{0}")]
    Store(String),
    /// The file is not what this writer last wrote: someone else wrote to it. Nothing more is
    /// written to it.
    #[error(
        "{path}: the log was changed by another program ({detail}); to keep it intact nothing more is written to it. Quit (events not written are printed), run `warroom verify {path}`, then continue with `warroom resume {path}`"
    )]
    Changed { path: String, detail: String },
    /// Earlier events are still waiting to be written; nothing new is recorded until they are.
    #[error(
        "{path}: {count} earlier event(s) are still waiting to be written to the log; nothing new is recorded until they are"
    )]
    Pending { path: String, count: usize },
}

fn io(path: &Path, source: std::io::Error) -> LogError {
    LogError::Io {
        path: crate::text::path(path),
        source,
    }
}

/// A line chained and waiting to be written.
#[derive(Debug, Clone)]
struct Queued {
    seq: u64,
    line: String,
    hash: String,
}

/// An open, locked log ready for appending.
pub struct LogWriter {
    sink: Box<dyn LogSink>,
    path: PathBuf,
    /// The hash of the last line accepted (written or queued).
    prev: String,
    next_seq: u64,
    /// Bytes known to be good (complete, fsync'd lines); a failed write is cut back to this.
    good_len: u64,
    /// Lines accepted but not yet written, oldest first.
    queue: VecDeque<Queued>,
    /// A failed write could not be cut back: cut it before writing anything else.
    dirty_tail: bool,
    /// The file's last bytes (up to [`TAIL_CHECK`]) as this writer last left it.
    tail: Vec<u8>,
    /// Why writing stopped for good (the file was changed by someone else).
    stopped: Option<String>,
    /// The log opened again for the locks (presence and write, see [`super::seats`]).
    lock_file: Option<File>,
    /// The hash and next seq of the last line in the file (written by anyone): the queue is
    /// chained on it.
    written_prev: String,
    written_next: u64,
    /// Whether this seat opened the incident (`run`, `resume`): it keeps `LOG.pid`.
    owner: bool,
}

/// How many of the log's last bytes are compared before every write.
const TAIL_CHECK: usize = 4096;

/// At most this much of what other seats appended is read at once (the rest next time).
const READ_OTHERS: usize = 8 << 20;

impl std::fmt::Debug for LogWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogWriter")
            .field("path", &self.path)
            .field("next_seq", &self.next_seq)
            .field("good_len", &self.good_len)
            .field("queued", &self.queue.len())
            .finish()
    }
}

impl LogWriter {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The seq the next event will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Replaces the sink with `f(sink)`: a test wraps the file in a sink that fails on demand.
    pub fn wrap_sink(&mut self, f: impl FnOnce(Box<dyn LogSink>) -> Box<dyn LogSink>) {
        let inner = std::mem::replace(&mut self.sink, Box::new(Detached));
        self.sink = f(inner);
    }

    /// Chains one event (its seq must be `next_seq()`) and queues its line, without writing.
    pub fn queue(&mut self, event: &Event) -> Result<(), LogError> {
        let (line, hash) =
            encode(event, &self.prev).map_err(|e| io(&self.path, std::io::Error::other(e)))?;
        self.queue.push_back(Queued {
            seq: event.seq,
            line,
            hash: hash.clone(),
        });
        self.prev = hash;
        self.next_seq = event.seq + 1;
        Ok(())
    }

    /// Queues a line already checked to continue the chain (`warroom resume --append-pending`):
    /// its seq is `next_seq()`, its `prev` the last hash, `hash` its own.
    pub(crate) fn queue_checked_line(&mut self, seq: u64, line: String, hash: String) {
        self.queue.push_back(Queued {
            seq,
            line,
            hash: hash.clone(),
        });
        self.prev = hash;
        self.next_seq = seq + 1;
    }

    /// Writes one event (its seq must be `next_seq()`), flushes and fsyncs it — after any
    /// line still queued. On error the line stays queued (see [`LogWriter::flush`]).
    pub fn append(&mut self, event: &Event) -> Result<(), LogError> {
        self.queue(event)?;
        self.flush()
    }

    /// Writes every queued line in order, each flushed and fsync'd. Stops at the first error,
    /// leaving that line and the ones after it queued and the file cut back to its last
    /// complete line.
    ///
    /// The write lock is held for the whole batch. Lines other seats appended since are read
    /// first: then nothing is written and [`LogError::Behind`] carries their events (the queue
    /// is dropped; the caller re-checks and queues again on the new head).
    pub fn flush(&mut self) -> Result<(), LogError> {
        if self.queue.is_empty() && !self.dirty_tail {
            return Ok(());
        }
        let _guard = match &self.lock_file {
            Some(f) => Some(WriteLock::take(f).map_err(|e| io(&self.path, e))?),
            None => None,
        };
        let others = self.absorb_others(true)?;
        if !others.is_empty() {
            return Err(LogError::Behind {
                path: crate::text::path(&self.path),
                events: others,
            });
        }
        self.check_unchanged()?;
        if self.dirty_tail {
            self.sink
                .truncate(self.good_len)
                .map_err(|e| io(&self.path, e))?;
            self.dirty_tail = false;
        }
        while !self.queue.is_empty() {
            self.check_unchanged()?;
            let Some(q) = self.queue.front() else { break };
            let bytes = q.line.as_bytes();
            let result = self.sink.append(bytes).and_then(|()| self.sink.sync());
            match result {
                Ok(()) => {
                    self.good_len += bytes.len() as u64;
                    self.tail.extend_from_slice(bytes);
                    if self.tail.len() > TAIL_CHECK {
                        self.tail.drain(..self.tail.len() - TAIL_CHECK);
                    }
                    if let Some(q) = self.queue.pop_front() {
                        self.written_prev = q.hash;
                        self.written_next = q.seq + 1;
                    }
                }
                Err(e) => {
                    // Never leave half a line behind for the next write to follow.
                    if self.sink.truncate(self.good_len).is_err() {
                        self.dirty_tail = true;
                    }
                    return Err(io(&self.path, e));
                }
            }
        }
        Ok(())
    }

    /// Reads the lines other seats appended since this one's last known line and takes them
    /// into the chain (see [`super::seats`]). `locked`: this seat holds the write lock, so a
    /// line without its newline was torn by a writer that died (it is cut off, a copy kept
    /// beside the log as `LOG.torn-N`); without the lock it may be a line being written, and is
    /// left alone. When anything was read, lines queued here are dropped (they were chained on
    /// the old head).
    fn absorb_others(&mut self, locked: bool) -> Result<Vec<Event>, LogError> {
        if self.stopped.is_some() {
            return Ok(Vec::new());
        }
        let (size, bytes) = match self.sink.read_back(self.good_len, READ_OTHERS) {
            Ok(Some(x)) => x,
            Ok(None) => return Ok(Vec::new()),
            Err(e) => return Err(io(&self.path, e)),
        };
        if size <= self.good_len {
            return Ok(Vec::new());
        }
        if self.dirty_tail {
            let own = self.queue.front().is_some_and(|q| {
                size - self.good_len <= q.line.len() as u64 && q.line.as_bytes().starts_with(&bytes)
            });
            if own {
                // Our own partial line, cut before writing again (the caller does).
                return Ok(Vec::new());
            }
            // Another seat cut it and wrote after it.
            self.dirty_tail = false;
        }
        let others = match continuation(&bytes, self.written_next, &self.written_prev) {
            Ok(o) => o,
            Err(detail) => {
                self.stopped = Some(detail);
                return Ok(Vec::new());
            }
        };
        // Our own waiting line, put there by someone else (a copy of the pending events
        // appended by hand): writing it again would record it twice.
        if let (Some(theirs), Some(q)) = (others.lines.first(), self.queue.front())
            && *theirs == q.line
        {
            self.stopped = Some(format!(
                "event #{} waiting here to be written was appended to it by another program",
                q.seq
            ));
            return Ok(Vec::new());
        }
        let read_to_end = self.good_len + bytes.len() as u64 == size;
        if locked && read_to_end && others.fragment > 0 {
            self.cut_torn(self.good_len + others.len, &bytes[others.len as usize..])?;
        }
        let Some(last) = others.last_hash else {
            return Ok(Vec::new());
        };
        self.good_len += others.len;
        for l in &others.lines {
            self.tail.extend_from_slice(l.as_bytes());
        }
        if self.tail.len() > TAIL_CHECK {
            self.tail.drain(..self.tail.len() - TAIL_CHECK);
        }
        self.written_prev = last;
        self.written_next += others.events.len() as u64;
        // Lines queued here were chained on the old head: dropped, the caller queues again.
        self.queue.clear();
        self.prev.clone_from(&self.written_prev);
        self.next_seq = self.written_next;
        Ok(others.events)
    }

    /// Cuts a line torn by a writer that died (at `at`, `torn` its bytes), keeping a copy.
    fn cut_torn(&mut self, at: u64, torn: &[u8]) -> Result<(), LogError> {
        let mut n = 1;
        let copy = loop {
            let mut c = self.path.as_os_str().to_owned();
            c.push(format!(".torn-{n}"));
            let c = PathBuf::from(c);
            if std::fs::symlink_metadata(&c).is_err() {
                break c;
            }
            n += 1;
        };
        write_new_private(
            &copy,
            std::iter::once(String::from_utf8_lossy(torn).as_ref()),
        )?;
        self.sink.truncate(at).map_err(|e| io(&self.path, e))
    }

    /// The events other seats appended since this seat last looked (read without the write
    /// lock: a line still being written is left for later). Lines queued here (pending) are
    /// dropped when others came first: the caller chains them again on the new head.
    pub fn poll_others(&mut self) -> Result<Vec<Event>, LogError> {
        self.absorb_others(false)
    }

    /// Whether other seats may be writing: the file grew past this seat's last known line.
    pub fn others_moved(&mut self) -> bool {
        std::fs::metadata(&self.path).is_ok_and(|m| m.len() > self.good_len)
    }

    /// Checks that the file is what this writer last left it (see the module documentation);
    /// if not, stops writing for good.
    fn check_unchanged(&mut self) -> Result<(), LogError> {
        if self.stopped.is_none() {
            self.stopped = self.changed();
        }
        match &self.stopped {
            None => Ok(()),
            Some(detail) => Err(LogError::Changed {
                path: crate::text::path(&self.path),
                detail: detail.clone(),
            }),
        }
    }

    /// What differs from what this writer last left, if anything.
    fn changed(&mut self) -> Option<String> {
        let from = self.good_len.saturating_sub(self.tail.len() as u64);
        // After a failed write, our own partial line may follow the good part: read it too.
        let extra = self.queue.front().map_or(0, |q| q.line.len());
        let (size, bytes) = match self.sink.read_back(from, self.tail.len() + extra) {
            Ok(Some(x)) => x,
            // A sink that cannot tell, or a read that fails (the write will say why).
            _ => return None,
        };
        let (ours, after) = bytes.split_at(self.tail.len().min(bytes.len()));
        if size < self.good_len {
            return Some(format!(
                "it is {size} bytes, shorter than the {} this warroom wrote",
                self.good_len
            ));
        }
        if ours != self.tail.as_slice() {
            return Some("its last line is not the one this warroom wrote".into());
        }
        if size > self.good_len {
            // Only the partial line of a failed write (ours, cut back before writing again).
            let own_partial = self.dirty_tail
                && self.queue.front().is_some_and(|q| {
                    size - self.good_len <= q.line.len() as u64
                        && q.line.as_bytes().starts_with(after)
                });
            if !own_partial {
                return Some(format!(
                    "{} bytes were added after the last line this warroom wrote",
                    size - self.good_len
                ));
            }
        }
        None
    }

    /// The seq of the oldest line not yet written, if any.
    pub fn first_unwritten(&self) -> Option<u64> {
        self.queue.front().map(|q| q.seq)
    }

    /// How many lines are waiting to be written.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// The lines waiting to be written, exactly as they will be appended (chained to the
    /// log's last line, each ending in `\n`).
    pub fn queued_lines(&self) -> impl Iterator<Item = &str> {
        self.queue.iter().map(|q| q.line.as_str())
    }
}

/// The last [`TAIL_CHECK`] bytes of `b`.
fn last_bytes(b: &[u8]) -> Vec<u8> {
    b[b.len().saturating_sub(TAIL_CHECK)..].to_vec()
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if self.owner {
            let _ = std::fs::remove_file(pid_path(&self.path));
        }
    }
}
