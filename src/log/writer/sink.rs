//! Where a log's bytes go: the file, or in tests a sink that fails on demand.

use std::fs::File;
use std::io::Write;

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
pub(super) struct Detached;

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
