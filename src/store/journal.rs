//! What an open incident writes through: a *journal* chains events into lines, queues them,
//! and appends them to its store with the append protocol ([`super::EventStore`]). The file
//! store's journal is [`crate::log::LogWriter`] itself; [`StoreJournal`] is the journal of any
//! other store (PostgreSQL).
//!
//! Lines that cannot be appended (the store is offline) stay queued, in order, already
//! chained — the incident shows them as PENDING and retries. When other seats appended first,
//! the queue is dropped and [`LogError::Behind`] carries their events: the incident folds them,
//! checks again and queues anew. A retry after a lost acknowledgement (the append went through,
//! the answer did not come back) finds its own lines at the head — byte for byte, hash
//! included, which is the idempotency key — and counts them written instead of appending them
//! twice.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Appended, EventStore, Head, Line, StoreError};
use crate::engine::Event;
use crate::log::chain::encode;
use crate::log::{LogError, LogWriter};

/// The writing side of an open incident, whichever store holds it.
pub trait Journal: Send {
    /// The log's path, or for a database a name shown like one (`postgres://host/db#id`).
    fn path(&self) -> &Path;
    /// The seq the next event will get.
    fn next_seq(&self) -> u64;
    /// Chains one event (its seq must be `next_seq()`) and queues its line.
    fn queue(&mut self, event: &Event) -> Result<(), LogError>;
    /// Appends every queued line, in order, or returns why not (the lines stay queued), or
    /// [`LogError::Behind`] (the queue dropped) when other seats came first.
    fn flush(&mut self) -> Result<(), LogError>;
    /// The seq of the oldest line not yet appended, if any.
    fn first_unwritten(&self) -> Option<u64>;
    /// How many lines wait to be appended, and their text.
    fn queued(&self) -> usize;
    fn queued_lines(&self) -> Vec<String>;
    /// Whether other seats may have appended since this one last looked (cheap).
    fn others_moved(&mut self) -> bool;
    /// The events other seats appended since this one last looked.
    fn poll_others(&mut self) -> Result<Vec<Event>, LogError>;
    /// Waits for at most `timeout` for another seat's append.
    fn wait_others(&mut self, timeout: Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        loop {
            if self.others_moved() {
                return true;
            }
            let now = std::time::Instant::now();
            if now >= until {
                return false;
            }
            std::thread::sleep((until - now).min(Duration::from_millis(20)));
        }
    }
    /// Whether the store was reachable at the last try.
    fn online(&self) -> bool {
        true
    }
    /// The file store's writer, for tests that wrap its sink.
    fn as_file(&mut self) -> Option<&mut LogWriter> {
        None
    }
}

impl Journal for LogWriter {
    fn path(&self) -> &Path {
        LogWriter::path(self)
    }
    fn next_seq(&self) -> u64 {
        LogWriter::next_seq(self)
    }
    fn queue(&mut self, event: &Event) -> Result<(), LogError> {
        LogWriter::queue(self, event)
    }
    fn flush(&mut self) -> Result<(), LogError> {
        LogWriter::flush(self)
    }
    fn first_unwritten(&self) -> Option<u64> {
        LogWriter::first_unwritten(self)
    }
    fn queued(&self) -> usize {
        LogWriter::queued(self)
    }
    fn queued_lines(&self) -> Vec<String> {
        LogWriter::queued_lines(self).map(str::to_string).collect()
    }
    fn others_moved(&mut self) -> bool {
        LogWriter::others_moved(self)
    }
    fn poll_others(&mut self) -> Result<Vec<Event>, LogError> {
        LogWriter::poll_others(self)
    }
    fn as_file(&mut self) -> Option<&mut LogWriter> {
        Some(self)
    }
}

/// The journal of a store other than the file: the queue, the chain, and the append protocol.
pub struct StoreJournal<S: EventStore> {
    store: S,
    path: PathBuf,
    /// The last line in the store as this seat knows it.
    head: Head,
    /// Lines chained on `head`, not yet appended.
    queue: VecDeque<Line>,
    online: bool,
    /// Another seat's append was signalled and not read yet.
    woken: bool,
}

impl<S: EventStore> StoreJournal<S> {
    /// A journal continuing `store` after `head` (the last line the seat has read).
    pub fn new(store: S, head: Head) -> StoreJournal<S> {
        StoreJournal {
            path: PathBuf::from(store.label()),
            store,
            head,
            queue: VecDeque::new(),
            online: true,
            woken: false,
        }
    }

    fn label(&self) -> String {
        crate::text::path(&self.path)
    }

    fn store_error(&mut self, e: StoreError) -> LogError {
        if matches!(e, StoreError::Offline { .. }) {
            self.online = false;
        }
        LogError::Store(e.to_string())
    }

    /// The prev and seq the next queued line chains on.
    fn tip(&self) -> (String, u64) {
        match self.queue.back() {
            Some(l) => (l.hash.clone(), l.seq + 1),
            None => (self.head.hash.clone(), self.head.seq + 1),
        }
    }

    /// Takes `lines` (after the head) into the chain: lines of our own queue found there (an
    /// append whose answer was lost) count as written; the rest are other seats' events.
    fn take_in(&mut self, lines: Vec<Line>) -> Result<Vec<Event>, LogError> {
        let mut rest = lines.into_iter().peekable();
        while let (Some(q), Some(l)) = (self.queue.front(), rest.peek()) {
            if q != l {
                break;
            }
            self.head = Head::after(l);
            self.queue.pop_front();
            rest.next();
        }
        let rest: Vec<Line> = rest.collect();
        if rest.is_empty() {
            return Ok(Vec::new());
        }
        let bytes: Vec<u8> = rest.iter().flat_map(|l| l.line.bytes()).collect();
        let others = crate::log::seats::continuation(&bytes, self.head.seq + 1, &self.head.hash)
            .map_err(|d| LogError::Store(format!("{}: {d}", self.label())))?;
        if others.events.len() != rest.len() {
            return Err(LogError::Store(format!(
                "{}: a stored line has no newline at seq {}",
                self.label(),
                self.head.seq + others.events.len() as u64 + 1
            )));
        }
        if let Some(last) = rest.last() {
            self.head = Head::after(last);
        }
        self.queue.clear();
        Ok(others.events)
    }
}

impl<S: EventStore> Journal for StoreJournal<S> {
    fn path(&self) -> &Path {
        &self.path
    }

    fn next_seq(&self) -> u64 {
        self.tip().1
    }

    fn queue(&mut self, event: &Event) -> Result<(), LogError> {
        let (prev, seq) = self.tip();
        if event.seq != seq {
            return Err(LogError::Store(format!(
                "{}: event #{} queued where #{seq} is next",
                self.label(),
                event.seq
            )));
        }
        let (line, hash) = encode(event, &prev).map_err(|e| LogError::Store(e.to_string()))?;
        self.queue.push_back(Line {
            seq: event.seq,
            line,
            hash,
        });
        Ok(())
    }

    fn flush(&mut self) -> Result<(), LogError> {
        if self.queue.is_empty() {
            return Ok(());
        }
        let lines: Vec<Line> = self.queue.iter().cloned().collect();
        match self.store.append_if(&self.head, &lines) {
            Ok(Appended::Done) => {
                self.online = true;
                if let Some(last) = lines.last() {
                    self.head = Head::after(last);
                }
                self.queue.clear();
                Ok(())
            }
            Ok(Appended::Conflict(theirs)) => {
                self.online = true;
                let events = self.take_in(theirs)?;
                if events.is_empty() {
                    // Only our own lines, appended by a try whose answer was lost.
                    return self.flush();
                }
                Err(LogError::Behind {
                    path: self.label(),
                    events,
                })
            }
            Err(e) => Err(self.store_error(e)),
        }
    }

    fn first_unwritten(&self) -> Option<u64> {
        self.queue.front().map(|l| l.seq)
    }

    fn queued(&self) -> usize {
        self.queue.len()
    }

    fn queued_lines(&self) -> Vec<String> {
        self.queue.iter().map(|l| l.line.clone()).collect()
    }

    fn others_moved(&mut self) -> bool {
        if self.woken {
            return true;
        }
        match self.store.wait(self.head.seq, Duration::ZERO) {
            Ok(moved) => {
                self.online = true;
                self.woken = moved;
                moved
            }
            Err(e) => {
                let _ = self.store_error(e);
                false
            }
        }
    }

    fn wait_others(&mut self, timeout: Duration) -> bool {
        if self.woken {
            return true;
        }
        match self.store.wait(self.head.seq, timeout) {
            Ok(moved) => {
                self.online = true;
                self.woken = moved;
                moved
            }
            Err(e) => {
                let _ = self.store_error(e);
                false
            }
        }
    }

    fn poll_others(&mut self) -> Result<Vec<Event>, LogError> {
        self.woken = false;
        let lines = match self.store.read_after(self.head.seq) {
            Ok(l) => {
                self.online = true;
                l
            }
            Err(e) => return Err(self.store_error(e)),
        };
        self.take_in(lines)
    }

    fn online(&self) -> bool {
        self.online
    }
}
