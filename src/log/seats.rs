//! Several seats on one log file: how each one's lock works and how a seat reads the lines
//! the others appended.
//!
//! - Every open seat holds a *shared* `flock` on the log for as long as it is open (its
//!   presence). `warroom run` and `warroom resume` first take it *exclusively* — so a resume is
//!   still refused while the incident is open anywhere (`warroom join` is the way in then) — and
//!   then share it; `warroom join` only shares it.
//! - An append takes an *exclusive* open-file-description lock (`F_OFD_SETLKW`, independent of
//!   `flock`) for the write only: check the tail, read what the others appended since, write,
//!   fsync, release. Writers queue on it; nobody holds it while waiting for a person.
//! - What the others appended is read back from the file after this seat's last known line, and
//!   taken only if it continues the chain exactly (each line's own hash, seq + 1, `prev`).

use std::fs::File;
use std::os::fd::{AsRawFd, RawFd};

use super::reader::{EventParser, check_own};
use crate::engine::Event;

/// Lines another seat appended, read after a known line.
#[derive(Debug, Default)]
pub(crate) struct Others {
    pub events: Vec<Event>,
    /// Their lines exactly as in the file (each ending in `\n`).
    pub lines: Vec<String>,
    /// Bytes of complete lines read.
    pub len: u64,
    /// The last line's hash (the new head), if any line was read.
    pub last_hash: Option<String>,
    /// Bytes after the last complete line (a line being written, or torn by a killed writer).
    pub fragment: u64,
}

/// Reads the complete lines of `bytes` as the continuation of a chain whose next seq is
/// `next_seq` and whose last hash is `prev`. The error says what is wrong with which line.
pub(crate) fn continuation(bytes: &[u8], next_seq: u64, prev: &str) -> Result<Others, String> {
    let mut out = Others::default();
    let mut parser = EventParser(|_: Event| {});
    let mut prev = prev.to_string();
    for (seq, raw) in (next_seq..).zip(bytes.split_inclusive(|&b| b == b'\n')) {
        let Some(body) = raw.strip_suffix(b"\n") else {
            out.fragment = raw.len() as u64;
            break;
        };
        let (line, stated) =
            check_own(&mut parser, body).map_err(|e| format!("line {seq}: {e}"))?;
        if line.event.seq != seq {
            return Err(format!(
                "line {seq}: seq is {} (another program wrote to the log)",
                line.event.seq
            ));
        }
        if line.prev != prev {
            return Err(format!(
                "line {seq}: \"prev\" is not the hash of line {} (the chain is broken)",
                seq - 1
            ));
        }
        prev = stated.to_string();
        out.len += raw.len() as u64;
        out.lines.push(String::from_utf8_lossy(raw).into_owned());
        out.events.push(line.event);
        out.last_hash = Some(prev.clone());
    }
    Ok(out)
}

/// Which presence lock a seat takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatLock {
    /// `run` / `resume`: refused while the incident is open anywhere else, then shared.
    Owner,
    /// `join`: shared with every other seat.
    Joined,
}

/// Takes the presence lock (see the module documentation). `Err(WouldBlock)` when refused.
pub(crate) fn presence(file: &File, how: SeatLock) -> std::io::Result<()> {
    match how {
        SeatLock::Owner => {
            flock(file, libc::LOCK_EX | libc::LOCK_NB)?;
            // Converting an exclusive lock to a shared one never blocks.
            flock(file, libc::LOCK_SH | libc::LOCK_NB)
        }
        SeatLock::Joined => {
            // An owner holds it exclusively only while it opens (a torn tail being repaired):
            // try for a second.
            let mut last = None;
            for _ in 0..50 {
                match flock(file, libc::LOCK_SH | libc::LOCK_NB) {
                    Ok(()) => return Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => last = Some(e),
                    Err(e) => return Err(e),
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(last.unwrap_or_else(|| std::io::ErrorKind::WouldBlock.into()))
        }
    }
}

fn flock(file: &File, op: libc::c_int) -> std::io::Result<()> {
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is passed.
        let r = unsafe { libc::flock(file.as_raw_fd(), op) };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// The write lock, held while it lives. It keeps the descriptor's number only: the file it
/// was taken on must outlive it (the writer owns both).
pub(crate) struct WriteLock {
    fd: RawFd,
}

impl WriteLock {
    /// Waits for and takes the write lock on `file`.
    pub(crate) fn take(file: &File) -> std::io::Result<WriteLock> {
        let fd = file.as_raw_fd();
        ofd(fd, libc::F_WRLCK as libc::c_short)?;
        Ok(WriteLock { fd })
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = ofd(self.fd, libc::F_UNLCK as libc::c_short);
    }
}

fn ofd(fd: RawFd, kind: libc::c_short) -> std::io::Result<()> {
    // SAFETY: a zeroed flock struct is a valid value (the whole file, from offset 0).
    let mut fl: libc::flock = unsafe { std::mem::zeroed() };
    fl.l_type = kind;
    fl.l_whence = libc::SEEK_SET as libc::c_short;
    loop {
        // SAFETY: fcntl with F_OFD_SETLKW reads the struct we pass, which outlives the call.
        let r = unsafe { libc::fcntl(fd, libc::F_OFD_SETLKW, &mut fl) };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}
