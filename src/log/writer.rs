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
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::chain::{GENESIS, encode};
use super::reader::{LogRead, scan};
use super::seats::{SeatLock, WriteLock, continuation, presence};
use crate::engine::Event;

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

/// Where a log's bytes go. The log file in normal use; a test can wrap it in a sink that
/// fails (disk full, I/O error) with [`LogWriter::wrap_sink`].
pub trait LogSink: Send {
    /// Appends `bytes` at the end of the log (all of them, or an error).
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    /// Makes everything appended so far durable (fsync).
    fn sync(&mut self) -> std::io::Result<()>;
    /// Cuts the log back to `len` bytes (the end of its last complete line).
    fn truncate(&mut self, len: u64) -> std::io::Result<()>;
    /// The file's length now, and up to `len` bytes of it from `offset`: how the writer checks
    /// that the file is still what it last wrote. `None` when the sink cannot tell.
    fn read_back(&mut self, _offset: u64, _len: usize) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        Ok(None)
    }
}

impl LogSink for File {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write_all(bytes)?;
        self.flush()
    }

    fn sync(&mut self) -> std::io::Result<()> {
        self.sync_data()
    }

    fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.set_len(len)
    }

    fn read_back(&mut self, offset: u64, len: usize) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        use std::os::unix::fs::FileExt;
        let size = self.metadata()?.len();
        let want = usize::try_from(size.saturating_sub(offset)).map_or(len, |n| n.min(len));
        let mut buf = vec![0; want];
        let mut got = 0;
        while got < want {
            match self.read_at(&mut buf[got..], offset + got as u64) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(got);
        Ok(Some((size, buf)))
    }
}

/// A placeholder while a sink is being wrapped.
struct Detached;

impl LogSink for Detached {
    fn append(&mut self, _: &[u8]) -> std::io::Result<()> {
        Err(std::io::Error::other("the log sink is detached"))
    }
    fn sync(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::other("the log sink is detached"))
    }
    fn truncate(&mut self, _: u64) -> std::io::Result<()> {
        Err(std::io::Error::other("the log sink is detached"))
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

/// Creates a directory (and parents) with mode 0700 where it is created.
pub fn create_dir_private(dir: &Path) -> Result<(), LogError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| io(dir, e))
}

fn refuse_symlink(path: &Path) -> Result<(), LogError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(LogError::Symlink(crate::text::path(path)));
    }
    Ok(())
}

fn pid_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".pid");
    PathBuf::from(p)
}

/// Options for a new private file: created exclusively, mode 0600, never through a link.
fn private_new() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.read(true).append(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    o
}

/// Writes our pid beside the log: mode 0600, never through a symbolic link.
fn write_pid(p: &Path) {
    let mut o = OpenOptions::new();
    o.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    // Never a pipe or a device (the open does not block), never through a link.
    if let Ok(mut f) = crate::fsio::open_regular_with(&mut o, p, true) {
        let _ = f.set_len(0);
        let _ = f.write_all(std::process::id().to_string().as_bytes());
        let _ = f.sync_data();
    }
}

fn lock(file: &File, path: &Path, how: SeatLock) -> Result<File, LogError> {
    match presence(file, how) {
        Ok(()) => {
            if how == SeatLock::Owner {
                // Best effort: tell a second warroom who holds the lock.
                write_pid(&pid_path(path));
            }
            file.try_clone().map_err(|e| io(path, e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
            let who = holder_pid(path)
                .map(|p| format!(" (pid {p})"))
                .unwrap_or_default();
            Err(LogError::Locked(crate::text::path(path), who))
        }
        Err(e) => Err(io(path, e)),
    }
}

/// The pid of the warroom holding the lock, from `LOG.pid`. The holder writes it just after
/// taking the lock, and a stale file may be left by a killed one: read it a few times until it
/// names a live process (for at most half a second).
fn holder_pid(path: &Path) -> Option<u32> {
    for _ in 0..25 {
        // A regular file of a few bytes, or nothing: a pipe put there must not hang us.
        let pid = crate::fsio::read_bounded(&pid_path(path), 64)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.trim().parse::<u32>().ok());
        if let Some(p) = pid
            && alive(p)
        {
            return Some(p);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    None
}

/// Whether a process with this pid exists (signal 0 checks without sending anything).
fn alive(pid: u32) -> bool {
    let Ok(p) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if p <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 sends nothing; it only checks that the process exists.
    let r = unsafe { libc::kill(p, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Best effort: makes a new directory entry durable.
fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

impl LogWriter {
    /// Creates a new log (never overwriting), locked, mode 0600, holding `first` (the
    /// `opened` event, seq 1) written and fsync'd. The file appears at `path` only with that
    /// line complete.
    pub fn create(path: &Path, first: &Event) -> Result<LogWriter, LogError> {
        let dir = path.parent().unwrap_or(Path::new(""));
        create_dir_private(dir)?;
        refuse_symlink(path)?;
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(LogError::Exists(crate::text::path(path)));
        }
        let (line, hash) =
            encode(first, GENESIS).map_err(|e| io(path, std::io::Error::other(e)))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.new-{}", std::process::id()));
        // A leftover from a killed process that had our pid: it was never published.
        if std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(&tmp);
        }
        let staged = private_new().open(&tmp).and_then(|mut f| {
            f.write_all(line.as_bytes())?;
            f.sync_data()?;
            Ok(f)
        });
        let file = match staged {
            Ok(f) => {
                let linked = std::fs::hard_link(&tmp, path);
                let _ = std::fs::remove_file(&tmp);
                match linked {
                    Ok(()) => {
                        sync_dir(dir);
                        f
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        return Err(LogError::Exists(crate::text::path(path)));
                    }
                    // A file system without hard links: create the log in place.
                    Err(_) => Self::create_in_place(path, &line)?,
                }
            }
            Err(_) => {
                let _ = std::fs::remove_file(&tmp);
                Self::create_in_place(path, &line)?
            }
        };
        // (Should someone open the new log between the link and the lock, it is theirs.)
        let lock_file = lock(&file, path, SeatLock::Owner)?;
        Ok(LogWriter {
            sink: Box::new(file),
            path: path.to_path_buf(),
            prev: hash.clone(),
            next_seq: first.seq + 1,
            good_len: line.len() as u64,
            queue: VecDeque::new(),
            dirty_tail: false,
            tail: last_bytes(line.as_bytes()),
            stopped: None,
            lock_file: Some(lock_file),
            written_prev: hash,
            written_next: first.seq + 1,
            owner: true,
        })
    }

    /// Creates the log directly at its path (exclusively) and writes its first line.
    fn create_in_place(path: &Path, line: &str) -> Result<File, LogError> {
        let mut f = private_new().open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                LogError::Exists(crate::text::path(path))
            } else {
                io(path, e)
            }
        })?;
        let written = f.write_all(line.as_bytes()).and_then(|()| f.sync_data());
        if let Err(e) = written {
            drop(f);
            let _ = std::fs::remove_file(path);
            return Err(io(path, e));
        }
        Ok(f)
    }

    /// Opens an existing log to continue it. A torn last line is cut off after a copy of the
    /// whole file is kept beside it (`LOG.torn-<n>`); any other damage refuses to open.
    /// Returns the writer, the events so far, and the path of the kept copy if one was made.
    pub fn resume(path: &Path) -> Result<(LogWriter, LogRead, Option<PathBuf>), LogError> {
        let mut events = Vec::new();
        let (w, mut read, kept) = LogWriter::resume_with(path, |e| events.push(e))?;
        read.events = events;
        Ok((w, read, kept))
    }

    /// As [`LogWriter::resume`], streaming the good events to `f` as they are read instead of
    /// collecting them (`LogRead::events` is left empty): memory does not grow with the log.
    pub fn resume_with(
        path: &Path,
        f: impl FnMut(Event),
    ) -> Result<(LogWriter, LogRead, Option<PathBuf>), LogError> {
        LogWriter::open_seat(path, SeatLock::Owner, f)
    }

    /// Opens an existing log as a seat: [`SeatLock::Owner`] as [`LogWriter::resume_with`];
    /// [`SeatLock::Joined`] beside the seats already in it (`warroom join`) — a torn last line
    /// is then left for the next append to cut (under the write lock), and no copy is kept here.
    pub fn open_seat(
        path: &Path,
        how: SeatLock,
        mut f: impl FnMut(Event),
    ) -> Result<(LogWriter, LogRead, Option<PathBuf>), LogError> {
        refuse_symlink(path)?;
        let mut o = OpenOptions::new();
        o.read(true).append(true);
        let file = crate::fsio::open_regular_with(&mut o, path, true).map_err(|e| io(path, e))?;
        let lock_file = lock(&file, path, how)?;
        let mut count = 0u64;
        let read = crate::fsio::open_regular(path)
            .and_then(|r| {
                scan(r, |e| {
                    count += 1;
                    f(e);
                })
            })
            .map_err(|e| io(path, e))?;
        if let Some(p) = &read.problem {
            return Err(LogError::Corrupt {
                path: crate::text::path(path),
                line: p.line,
                message: p.message.clone(),
            });
        }
        if count == 0 {
            return Err(LogError::Empty(crate::text::path(path)));
        }
        let mut kept = None;
        if read.torn.is_some() && how == SeatLock::Owner {
            let mut n = 1;
            let copy = loop {
                let mut c = path.as_os_str().to_owned();
                c.push(format!(".torn-{n}"));
                let c = PathBuf::from(c);
                if std::fs::symlink_metadata(&c).is_err() {
                    break c;
                }
                n += 1;
            };
            // Streamed, not read whole (a torn tail can be gigabytes); a failed copy (a full
            // disk) is removed, and the log is left as it was.
            let mut f = private_new().open(&copy).map_err(|e| io(&copy, e))?;
            let copied = crate::fsio::open_regular(path)
                .and_then(|mut r| std::io::copy(&mut r, &mut f))
                .and_then(|_| f.sync_data());
            if let Err(e) = copied {
                drop(f);
                let _ = std::fs::remove_file(&copy);
                return Err(io(&copy, e));
            }
            file.set_len(read.good_len).map_err(|e| io(path, e))?;
            file.sync_all().map_err(|e| io(path, e))?;
            kept = Some(copy);
        }
        let mut file = file;
        file.seek(SeekFrom::End(0)).map_err(|e| io(path, e))?;
        let from = read.good_len.saturating_sub(TAIL_CHECK as u64);
        let tail = match LogSink::read_back(&mut file, from, TAIL_CHECK) {
            Ok(Some((_, b))) => b,
            _ => Vec::new(),
        };
        let w = LogWriter {
            sink: Box::new(file),
            path: path.to_path_buf(),
            prev: read.last_hash.clone(),
            next_seq: count + 1,
            good_len: read.good_len,
            queue: VecDeque::new(),
            dirty_tail: false,
            tail,
            stopped: None,
            lock_file: Some(lock_file),
            written_prev: read.last_hash.clone(),
            written_next: count + 1,
            owner: how == SeatLock::Owner,
        };
        Ok((w, read, kept))
    }

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
        let from = self.good_len - self.tail.len() as u64;
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

/// Writes `lines` to a new file at `path` (never overwriting, never through a symbolic link,
/// mode 0600) and fsyncs it.
pub fn write_new_private<'a>(
    path: &Path,
    lines: impl Iterator<Item = &'a str>,
) -> Result<(), LogError> {
    refuse_symlink(path)?;
    let mut f = private_new().open(path).map_err(|e| io(path, e))?;
    let mut result = Ok(());
    for l in lines {
        result = f.write_all(l.as_bytes());
        if result.is_err() {
            break;
        }
    }
    if let Err(e) = result.and_then(|()| f.sync_all()) {
        // A partial copy (a full disk) is removed: it must not pass for the events.
        drop(f);
        let _ = std::fs::remove_file(path);
        return Err(io(path, e));
    }
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    Ok(())
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
