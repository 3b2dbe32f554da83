//! Opening a log: a new one (it appears only complete with its fsync'd first line, mode
//! 0600 in a 0700 directory, never through a link, never over a file), or an existing one as a
//! seat (its lock taken, its lines checked, a torn last line cut after a copy is kept).

use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::super::chain::{GENESIS, encode};
use super::super::reader::{LogRead, scan};
use super::super::seats::{SeatLock, presence};
use super::{LogError, LogSink, LogWriter, TAIL_CHECK, io, last_bytes};
use crate::engine::Event;

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
        // Exactly the bytes read, up to `good_len`: another seat may have appended since.
        let len = usize::try_from(read.good_len - from).unwrap_or(TAIL_CHECK);
        let tail = match LogSink::read_back(&mut file, from, len) {
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

pub(super) fn pid_path(path: &Path) -> PathBuf {
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
