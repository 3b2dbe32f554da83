//! Where the pending events' copy goes: beside the log, or on another file system with room
//! when the log's is full.

use std::path::{Path, PathBuf};

use super::*;

impl Incident {
    /// Where to suggest writing a copy of the pending events: `LOG.pending-N.jsonl` beside the
    /// log, unless the log's file system is full — then the same name in the first of the home
    /// directory, the temporary directory and the current directory that is on another file
    /// system with room. Never a file that exists.
    pub fn pending_copy_suggestion(&self) -> PathBuf {
        let first = self.pending.first().map_or(self.log.next_seq(), |e| e.seq);
        let name = format!(
            "{}.pending-{first}",
            self.log
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "log".into())
        );
        let log_dir = match self.log.path().parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut dir = log_dir.clone();
        if free_bytes(&log_dir).is_some_and(|b| b < ROOM) {
            let others = [
                std::env::var_os("HOME").map(PathBuf::from),
                Some(std::env::temp_dir()),
                std::env::current_dir().ok(),
            ];
            if let Some(d) = others.into_iter().flatten().find(|d| {
                d.is_dir()
                    && device(d).is_some_and(|dev| Some(dev) != device(&log_dir))
                    && free_bytes(d).is_some_and(|b| b >= ROOM)
            }) {
                dir = d;
            }
        }
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let p = dir.join(format!("{name}{suffix}.jsonl"));
            if std::fs::symlink_metadata(&p).is_err() {
                return p;
            }
            n += 1;
        }
    }

    /// Writes the pending events to a new file at `path` (0600, never overwriting), exactly
    /// as they would be appended to the log: chained to its last line, so that `warroom resume
    /// LOG --append-pending PATH` completes the log (checked against its chain). Returns how many.
    pub fn export_pending(&self, path: &Path) -> Result<usize, LogError> {
        let lines = self.log.queued_lines();
        crate::log::write_new_private(path, lines.iter().map(String::as_str))?;
        Ok(self.log.queued())
    }

    /// The pending events' lines, exactly as they would be appended to the log.
    pub fn pending_lines(&self) -> Vec<String> {
        self.log.queued_lines()
    }
}

/// Free space under which a file system counts as full for the pending copy: 1 MiB.
const ROOM: u64 = 1 << 20;

/// Bytes free for an unprivileged user on the file system holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the struct we pass; the path is a valid C string.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return None;
    }
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// The device a directory is on.
fn device(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| m.dev())
}
