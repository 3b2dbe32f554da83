//! A log sink that fails on demand, for tests of a full disk and of I/O errors: it wraps the
//! real sink and, while armed, fails writes with `ENOSPC` (after writing half the line, as a
//! disk filling up mid-line does) or fsyncs with `EIO`. Tests arm and disarm it through a
//! [`FaultControl`] they keep.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use super::writer::LogSink;

/// Shared switches of a [`FaultySink`]. Cloning shares them.
#[derive(Clone, Default, Debug)]
pub struct FaultControl {
    inner: Arc<Counters>,
}

#[derive(Default, Debug)]
struct Counters {
    /// Writes still to let through before failing (u32::MAX: none armed).
    writes_before_failure: AtomicU32,
    /// How many writes fail once failing starts (u32::MAX: until disarmed).
    failing_writes: AtomicU32,
    failing_syncs: AtomicU32,
    /// Appends that reached the real sink whole.
    written: AtomicU64,
    /// Failures injected so far.
    failures: AtomicU64,
}

impl FaultControl {
    pub fn new() -> FaultControl {
        let c = FaultControl::default();
        c.inner
            .writes_before_failure
            .store(u32::MAX, Ordering::SeqCst);
        c
    }

    /// The disk is full from the `n`th next write on (0: the next one), until [`heal`](Self::heal).
    pub fn disk_full_after(&self, n: u32) {
        self.inner.writes_before_failure.store(n, Ordering::SeqCst);
        self.inner.failing_writes.store(u32::MAX, Ordering::SeqCst);
    }

    /// The next `n` fsyncs fail with an I/O error.
    pub fn fail_syncs(&self, n: u32) {
        self.inner.failing_syncs.store(n, Ordering::SeqCst);
    }

    /// Space is back: writes and fsyncs succeed again.
    pub fn heal(&self) {
        self.inner
            .writes_before_failure
            .store(u32::MAX, Ordering::SeqCst);
        self.inner.failing_writes.store(0, Ordering::SeqCst);
        self.inner.failing_syncs.store(0, Ordering::SeqCst);
    }

    /// How many failures were injected.
    pub fn failures(&self) -> u64 {
        self.inner.failures.load(Ordering::SeqCst)
    }

    /// Whether this write should fail (and count it).
    fn write_fails(&self) -> bool {
        let c = &self.inner;
        let before = c.writes_before_failure.load(Ordering::SeqCst);
        if before == u32::MAX {
            return false;
        }
        if before > 0 {
            c.writes_before_failure.store(before - 1, Ordering::SeqCst);
            return false;
        }
        let left = c.failing_writes.load(Ordering::SeqCst);
        if left == 0 {
            return false;
        }
        if left != u32::MAX {
            c.failing_writes.store(left - 1, Ordering::SeqCst);
        }
        c.failures.fetch_add(1, Ordering::SeqCst);
        true
    }

    fn sync_fails(&self) -> bool {
        let c = &self.inner;
        let left = c.failing_syncs.load(Ordering::SeqCst);
        if left == 0 {
            return false;
        }
        c.failing_syncs.store(left - 1, Ordering::SeqCst);
        c.failures.fetch_add(1, Ordering::SeqCst);
        true
    }
}

/// Wraps a sink; fails as its [`FaultControl`] says.
pub struct FaultySink {
    inner: Box<dyn LogSink>,
    control: FaultControl,
}

impl FaultySink {
    pub fn new(inner: Box<dyn LogSink>, control: FaultControl) -> FaultySink {
        FaultySink { inner, control }
    }
}

impl LogSink for FaultySink {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.control.write_fails() {
            // A disk filling up mid-line: half the line lands, then ENOSPC.
            let half = &bytes[..bytes.len() / 2];
            let _ = self.inner.append(half);
            return Err(std::io::Error::from_raw_os_error(libc::ENOSPC));
        }
        self.inner.append(bytes)?;
        self.control.inner.written.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn sync(&mut self) -> std::io::Result<()> {
        if self.control.sync_fails() {
            return Err(std::io::Error::from_raw_os_error(libc::EIO));
        }
        self.inner.sync()
    }

    fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.inner.truncate(len)
    }

    fn read_back(&mut self, offset: u64, len: usize) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        self.inner.read_back(offset, len)
    }
}
