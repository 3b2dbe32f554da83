//! Files in and out, safely: every input is opened as a regular file or refused (a pipe, a
//! device or a socket would hang or never end) and read with a bound; every output (a report,
//! a scenario made from a log) is written to a temporary file beside it and renamed into place,
//! mode 0600, never through a symbolic link, never over an incident log or a file an incident
//! holds locked, and never over an existing file unless asked (`--force`). `-` means standard
//! output.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest file warroom reads whole (a playbook, a scenario, a script): 32 MiB.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The longest log line warroom reads: 16 MiB. A longer line is a located error (or, as the
/// log's last line without a newline, a torn tail), found without holding it in memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// The error for an input that is not a regular file.
pub fn not_regular() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "not a regular file (a device, a pipe or a socket)",
    )
}

/// Opens `path` with `opts` as a regular file, or refuses: the open itself does not block on a
/// pipe (`O_NONBLOCK`, cleared again once the file is known to be regular) and does not make a
/// terminal the controlling one. `nofollow`: refuse a symbolic link (`O_NOFOLLOW`).
pub fn open_regular_with(opts: &mut OpenOptions, path: &Path, nofollow: bool) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let follow = if nofollow { libc::O_NOFOLLOW } else { 0 };
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | follow);
    }
    let f = opts.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(not_regular());
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let fd = f.as_raw_fd();
        // SAFETY: fcntl on a descriptor we own, with plain integer arguments.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if flags >= 0 {
            // SAFETY: as above.
            unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) };
        }
    }
    Ok(f)
}

/// Opens `path` for reading as a regular file, or refuses.
pub fn open_regular(path: &Path) -> io::Result<File> {
    open_regular_with(OpenOptions::new().read(true), path, false)
}

/// Reads a regular file whole, refusing one over `max` bytes (checked while reading: the file
/// may grow).
pub fn read_bounded(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let f = open_regular(path)?;
    let len = f.metadata()?.len();
    if len > max {
        return Err(too_big(len, max));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    f.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the file is over the limit of {max} bytes"),
        ));
    }
    Ok(bytes)
}

fn too_big(len: u64, max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the file is {len} bytes; the limit is {max} bytes"),
    )
}

/// A file's text for showing a diagnostic's source line: `None` unless it is a regular UTF-8
/// file within [`MAX_FILE_BYTES`].
pub fn source_text(path: &Path) -> Option<String> {
    let bytes = read_bounded(path, MAX_FILE_BYTES).ok()?;
    String::from_utf8(bytes).ok()
}

/// Where an output went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Stdout,
    File(PathBuf),
}

/// What an output may be written over.
#[derive(Debug, Clone, Copy, Default)]
pub struct Output<'a> {
    /// Replace an existing file (never a log, a locked file, a link or a non-regular file).
    pub force: bool,
    /// The file the output is made from (the log being reported): never replaced.
    pub source: Option<&'a Path>,
}

/// Writes `bytes` to `path` (`-`: standard output) as described in the module documentation.
/// The error is a sentence naming the path.
pub fn write_output(path: &Path, bytes: &[u8], opts: Output<'_>) -> Result<Written, String> {
    if path.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map(|()| Written::Stdout)
            .map_err(|e| format!("standard output: {e}"));
    }
    let shown = crate::text::path(path);
    check_target(path, opts).map_err(|why| format!("{shown}: {why}"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{shown}: not a file name"))?;
    let (tmp, mut f) =
        temp_beside(&dir, &name).map_err(|e| format!("{shown}: cannot write: {e}"))?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    drop(f);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{shown}: cannot write: {e}"));
    }
    // Checked again just before the rename: a lock taken or a log put there meanwhile.
    if let Err(why) = check_target(path, opts) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{shown}: {why}"));
    }
    // rename replaces a directory entry: it never writes through a link put there meanwhile.
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{shown}: cannot write: {e}"));
    }
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(Written::File(path.to_path_buf()))
}

/// A new private temporary file in `dir` (0600, exclusive, not through a link).
fn temp_beside(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        match o.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file name free")))
}

/// Why `path` must not be replaced, if it must not.
fn check_target(path: &Path, opts: Output<'_>) -> Result<(), String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot check it: {e}")),
    };
    if meta.file_type().is_symlink() {
        return Err("is a symbolic link; refusing to write through it".into());
    }
    if !meta.is_file() {
        return Err("is not a regular file; refusing to replace it".into());
    }
    if let Some(src) = opts.source
        && same_file(path, src)
    {
        return Err("is the log being read; refusing to overwrite it".into());
    }
    let f = open_regular_with(OpenOptions::new().read(true), path, true)
        .map_err(|e| format!("cannot check it: {e}"))?;
    match f.try_lock_shared() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(
                "is held by a running warroom (an open incident's log); refusing to overwrite it"
                    .into(),
            );
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(format!("cannot check it: {e}")),
    }
    if looks_like_a_log(f) {
        return Err("is an incident log; refusing to overwrite it (even with --force)".into());
    }
    if !opts.force {
        return Err("exists; pass --force to replace it".into());
    }
    Ok(())
}

/// Whether two paths name the same file (device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        a == b
    }
}

/// Whether a file starts like a warroom log: its first line an `opened` event at seq 1.
fn looks_like_a_log(f: File) -> bool {
    let mut head = Vec::with_capacity(4096);
    if f.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let needle: &[u8] = b"\"kind\":\"opened\"";
    head.starts_with(b"{\"seq\":1,") && head.windows(needle.len()).any(|w| w == needle)
}

/// `path` relative to directory `from` (both made absolute first, `from` even when it does
/// not exist yet), climbing with `..` as far as needed; the absolute path only when there is
/// no relative one (a different drive or root), and `path` as given when it cannot be found.
pub fn relative_to(path: &Path, from: &Path) -> PathBuf {
    let (Ok(p), Some(f)) = (std::fs::canonicalize(path), absolute_dir(from)) else {
        return path.to_path_buf();
    };
    let pc: Vec<std::path::Component> = p.components().collect();
    let fc: Vec<std::path::Component> = f.components().collect();
    let common = pc.iter().zip(&fc).take_while(|(a, b)| a == b).count();
    // Not even the root (or drive) in common: no relative path leads there.
    if common == 0 {
        return p;
    }
    let mut out = PathBuf::new();
    for _ in common..fc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The directory `dir` made absolute with its links resolved: its nearest existing ancestor
/// canonicalised, with the parts not made yet after it.
fn absolute_dir(dir: &Path) -> Option<PathBuf> {
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    let mut at = dir;
    loop {
        if let Ok(c) = std::fs::canonicalize(if at.as_os_str().is_empty() {
            Path::new(".")
        } else {
            at
        }) {
            let mut out = c;
            for part in rest.iter().rev() {
                if *part == ".." {
                    out.pop();
                } else if *part != "." {
                    out.push(part);
                }
            }
            return Some(out);
        }
        rest.push(at.file_name().or_else(|| {
            matches!(
                at.components().next_back(),
                Some(std::path::Component::ParentDir)
            )
            .then(|| std::ffi::OsStr::new(".."))
        })?);
        at = at.parent()?;
    }
}

#[cfg(test)]
mod relative_tests {
    use super::relative_to;
    use std::path::PathBuf;

    #[test]
    fn relative_paths_climb_and_reach_folders_not_made_yet() {
        let home = tempfile::tempdir().unwrap();
        let pb = home.path().join("pb.ron");
        std::fs::write(&pb, "").unwrap();
        std::fs::create_dir(home.path().join("a")).unwrap();
        assert_eq!(relative_to(&pb, home.path()), PathBuf::from("pb.ron"));
        assert_eq!(
            relative_to(&pb, &home.path().join("a")),
            PathBuf::from("../pb.ron")
        );
        // A folder not made yet, even one named with `..`.
        assert_eq!(
            relative_to(&pb, &home.path().join("x/y")),
            PathBuf::from("../../pb.ron")
        );
        assert_eq!(
            relative_to(&pb, &home.path().join("a/../x")),
            PathBuf::from("../pb.ron")
        );
        // Far apart: climbed to, not absolute.
        let other = tempfile::tempdir().unwrap();
        let r = relative_to(&pb, other.path());
        assert!(r.is_relative() && r.starts_with(".."), "{}", r.display());
        assert_eq!(
            std::fs::canonicalize(other.path().join(&r)).unwrap(),
            std::fs::canonicalize(&pb).unwrap()
        );
        // Not there: as given.
        let missing = home.path().join("missing.ron");
        assert_eq!(relative_to(&missing, home.path()), missing);
    }
}
