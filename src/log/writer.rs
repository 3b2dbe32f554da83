//! Appending to a log: one line per event, flushed and fsync'd before `append` returns, file
//! mode 0600 in a 0700 directory, an exclusive lock so a second warroom cannot write the same
//! incident.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::chain::GENESIS;
use super::reader::{LogRead, scan};
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
}

fn io(path: &Path, source: std::io::Error) -> LogError {
    LogError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// An open, locked log ready for appending.
#[derive(Debug)]
pub struct LogWriter {
    file: File,
    path: PathBuf,
    prev: String,
    next_seq: u64,
    /// Bytes known to be good; a failed write is cut back to this.
    good_len: u64,
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
        return Err(LogError::Symlink(path.display().to_string()));
    }
    Ok(())
}

fn pid_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".pid");
    PathBuf::from(p)
}

/// Writes our pid beside the log: mode 0600, never through a symbolic link.
fn write_pid(p: &Path) {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    if let Ok(mut f) = o.open(p) {
        let _ = f.write_all(std::process::id().to_string().as_bytes());
    }
}

fn lock(file: &File, path: &Path) -> Result<(), LogError> {
    match file.try_lock() {
        Ok(()) => {
            // Best effort: tell a second warroom who holds the lock.
            write_pid(&pid_path(path));
            Ok(())
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let who = std::fs::read_to_string(pid_path(path))
                .ok()
                .and_then(|s| s.trim().parse::<u32>().ok())
                .map(|p| format!(" (pid {p})"))
                .unwrap_or_default();
            Err(LogError::Locked(path.display().to_string(), who))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(io(path, e)),
    }
}

impl LogWriter {
    /// Creates a new log (never overwriting), locked, mode 0600.
    pub fn create(path: &Path) -> Result<LogWriter, LogError> {
        if let Some(dir) = path.parent() {
            create_dir_private(dir)?;
        }
        refuse_symlink(path)?;
        let mut o = OpenOptions::new();
        o.append(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let file = o.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                LogError::Exists(path.display().to_string())
            } else {
                io(path, e)
            }
        })?;
        lock(&file, path)?;
        Ok(LogWriter {
            file,
            path: path.to_path_buf(),
            prev: GENESIS.to_string(),
            next_seq: 1,
            good_len: 0,
        })
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
        mut f: impl FnMut(Event),
    ) -> Result<(LogWriter, LogRead, Option<PathBuf>), LogError> {
        refuse_symlink(path)?;
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        lock(&file, path)?;
        let mut count = 0u64;
        let read = std::fs::File::open(path)
            .and_then(|r| {
                scan(r, |e| {
                    count += 1;
                    f(e);
                })
            })
            .map_err(|e| io(path, e))?;
        if let Some(p) = &read.problem {
            return Err(LogError::Corrupt {
                path: path.display().to_string(),
                line: p.line,
                message: p.message.clone(),
            });
        }
        if count == 0 {
            return Err(LogError::Empty(path.display().to_string()));
        }
        let mut kept = None;
        if read.torn.is_some() {
            let mut n = 1;
            let copy = loop {
                let mut c = path.as_os_str().to_owned();
                c.push(format!(".torn-{n}"));
                let c = PathBuf::from(c);
                if !c.exists() {
                    break c;
                }
                n += 1;
            };
            std::fs::copy(path, &copy).map_err(|e| io(&copy, e))?;
            file.set_len(read.good_len).map_err(|e| io(path, e))?;
            file.sync_all().map_err(|e| io(path, e))?;
            kept = Some(copy);
        }
        let mut file = file;
        file.seek(SeekFrom::End(0)).map_err(|e| io(path, e))?;
        let w = LogWriter {
            file,
            path: path.to_path_buf(),
            prev: read.last_hash.clone(),
            next_seq: count + 1,
            good_len: read.good_len,
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

    /// Writes one event (its seq must be `next_seq()`), flushes and fsyncs it.
    pub fn append(&mut self, event: &Event) -> Result<(), LogError> {
        let (line, hash) = super::chain::encode(event, &self.prev)
            .map_err(|e| io(&self.path, std::io::Error::other(e)))?;
        self.write_line(line.as_bytes())?;
        self.prev = hash;
        self.next_seq += 1;
        Ok(())
    }

    fn write_line(&mut self, bytes: &[u8]) -> Result<(), LogError> {
        let result = self
            .file
            .write_all(bytes)
            .and_then(|()| self.file.flush())
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.good_len += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Never leave half a line behind for the next write to follow.
                let _ = self.file.set_len(self.good_len);
                Err(io(&self.path, e))
            }
        }
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(pid_path(&self.path));
    }
}
