//! Reading a large log on several threads. The input is cut into blocks of whole lines; worker
//! threads make the checks that need nothing but the line (UTF-8, its own SHA-256, parsing it
//! into an event); this thread takes the blocks back in order, makes the checks that need the
//! lines before (seq, the chain, `opened` first and only first) and hands each good event on,
//! so replaying a session overlaps with reading. The checks and their messages are those of
//! the sequential reader, [`reader::scan_sequential`], which also reads any input smaller than
//! one block, and every input when fewer than two workers are asked for (the default on up to
//! two cores). Memory stays bounded: at most two blocks per worker are in flight.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::mpsc;

use super::chain::GENESIS;
use super::reader::{self, EventParser, LogProblem, LogRead, TornTail};
use crate::engine::{Event, EventKind};

/// How a log is cut up and how many threads check it.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Bytes per block (a block is extended to the end of the line it stops in).
    pub block: usize,
    /// Worker threads. Fewer than two reads line by line on the calling thread: a single
    /// worker would do all the work the calling thread does alone, plus the hand-over.
    pub workers: usize,
}

impl Default for Options {
    /// 256 KiB blocks (about 700 events); a worker for every core but one, at most eight. The
    /// calling thread keeps a core for what it does with each event (replaying a session). On
    /// two cores, two workers beside the caller were slower up to 10,000 events and at most a
    /// fifth faster at 100,000 (docs/performance.md), so up to two cores read line by line.
    fn default() -> Options {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Options {
            block: 256 << 10,
            workers: cores.saturating_sub(1).min(8),
        }
    }
}

/// A block of lines going to a worker, and what the worker made of it coming back: the lines
/// that passed the checks of their own, as two parallel lists (an event is not copied along
/// with its checks), and the message for the line after them if it failed. Batches go back
/// and forth and are reused, buffers and all: fresh buffers of this size for every block cost
/// page faults.
#[derive(Default)]
struct Batch {
    /// Whole lines, each ending with `\n`.
    text: Vec<u8>,
    events: Vec<Event>,
    heads: Vec<Head>,
    /// The `prev` of the block's first line; `None` when it is not 64 bytes (so it matches no
    /// hash).
    first_prev: Option<[u8; 64]>,
    /// Why the line after the last head failed its own checks.
    error: Option<String>,
}

/// What the checks in order need of a line.
struct Head {
    /// Bytes, with the newline.
    len: u64,
    seq: u64,
    stated: [u8; 64],
    /// `prev` is the hash of the line before it in the block (false for the block's first).
    chained: bool,
    opened: bool,
}

/// Checks the lines of a batch's text, up to the first that fails its own checks.
fn check_batch(batch: &mut Batch) {
    let mut parser = EventParser(|_: Event| {});
    batch.events.clear();
    batch.heads.clear();
    batch.first_prev = None;
    batch.error = None;
    for bytes in batch.text.split_inclusive(|&b| b == b'\n') {
        let checked =
            reader::check_own(&mut parser, &bytes[..bytes.len() - 1]).and_then(|(line, stated)| {
                let stated: [u8; 64] = stated
                    .as_bytes()
                    .try_into()
                    .map_err(|_| super::chain::LineError::NoHash.to_string())?;
                Ok((line, stated))
            });
        let (line, stated) = match checked {
            Ok(c) => c,
            Err(e) => {
                batch.error = Some(e);
                break;
            }
        };
        let prev = line.prev.as_bytes();
        let chained = match batch.heads.last() {
            Some(h) => prev == h.stated,
            None => {
                batch.first_prev = prev.try_into().ok();
                false
            }
        };
        batch.heads.push(Head {
            len: bytes.len() as u64,
            seq: line.event.seq,
            stated,
            chained,
            opened: matches!(line.event.kind, EventKind::Opened { .. }),
        });
        batch.events.push(line.event);
    }
}

/// Streams the good events of a log to `f`, checking every line as `warroom verify` does;
/// stops at the first bad line or a torn last line. See the module documentation.
pub fn scan<R: Read>(mut input: R, opts: Options, f: impl FnMut(Event)) -> io::Result<LogRead> {
    if opts.workers < 2 {
        return reader::scan_sequential(input, f);
    }
    let block = opts.block.max(1);
    let mut buf = Vec::new();
    if fill(&mut input, &mut buf, block)? {
        // The whole input fits in one block: threads would cost more than they save.
        return reader::scan_sequential(&buf[..], f);
    }
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..opts.workers)
            .map(|_| {
                let (job_tx, job_rx) = mpsc::channel::<Batch>();
                let (done_tx, done_rx) = mpsc::channel::<Batch>();
                s.spawn(move || {
                    for mut batch in job_rx {
                        check_batch(&mut batch);
                        if done_tx.send(batch).is_err() {
                            break;
                        }
                    }
                });
                (job_tx, done_rx)
            })
            .collect();
        // The workers' job senders are dropped when this returns, before the scope joins them.
        run(&mut input, buf, block, &workers, f)
    })
}

/// Appends up to `more` bytes of the input to `buf`; returns whether the input ended first.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, more: usize) -> io::Result<bool> {
    buf.reserve(more);
    let got = input.by_ref().take(more as u64).read_to_end(buf)?;
    Ok(got < more)
}

/// A worker's job queue and its results.
type Worker = (mpsc::Sender<Batch>, mpsc::Receiver<Batch>);

/// This thread's side: cuts the input into blocks, deals them round-robin to the workers (so
/// their results come back in order), and takes the results in order.
fn run(
    input: &mut impl Read,
    first: Vec<u8>,
    block: usize,
    workers: &[Worker],
    f: impl FnMut(Event),
) -> io::Result<LogRead> {
    let mut order = Order::new(f);
    let mut in_flight: VecDeque<usize> = VecDeque::new();
    let mut next = 0;
    let mut ended = false;
    let mut spare: Vec<Batch> = Vec::new();
    let lost = || io::Error::other("a log-reading thread stopped unexpectedly");
    let mut batch = Batch {
        text: first,
        ..Batch::default()
    };
    // How many bytes at the start of the batch are known to hold no newline (a long line is
    // searched once, not again with every block added to it).
    let mut clean = 0;
    loop {
        let cut = batch.text[clean..]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| clean + i + 1);
        if cut == 0 && !ended {
            if batch.text.len() > reader::MAX_LINE_BYTES {
                let held = batch.text.len() as u64;
                return overlong_line(input, held, false, &mut in_flight, workers, order);
            }
            // No whole line yet: a line longer than a block.
            clean = batch.text.len();
            ended = fill(input, &mut batch.text, block)?;
            continue;
        }
        if clean > 0 {
            // The batch's first line was carried over several blocks: it may be over the limit.
            let first = clean
                + batch.text[clean..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(0);
            if first > reader::MAX_LINE_BYTES {
                return overlong_line(input, first as u64, true, &mut in_flight, workers, order);
            }
        }
        clean = 0;
        // The partial line after the cut starts the next batch.
        let mut after = spare.pop().unwrap_or_default();
        after.text.clear();
        after.text.extend_from_slice(&batch.text[cut..]);
        batch.text.truncate(cut);
        if !batch.text.is_empty() {
            if in_flight.len() >= 2 * workers.len() {
                let w = in_flight.pop_front().ok_or_else(lost)?;
                let mut done = workers[w].1.recv().map_err(|_| lost())?;
                let good = order.take(&mut done);
                spare.push(done);
                if !good {
                    return Ok(order.done());
                }
            }
            workers[next].0.send(batch).map_err(|_| lost())?;
            in_flight.push_back(next);
            next = (next + 1) % workers.len();
        } else {
            spare.push(batch);
        }
        batch = after;
        if ended {
            break;
        }
        ended = fill(input, &mut batch.text, block)?;
    }
    while let Some(w) = in_flight.pop_front() {
        let mut done = workers[w].1.recv().map_err(|_| lost())?;
        if !order.take(&mut done) {
            return Ok(order.done());
        }
    }
    if !batch.text.is_empty() {
        order.out.torn = Some(TornTail {
            line: order.line_no + 1,
            offset: order.out.good_len,
            bytes: batch.text.len() as u64,
        });
    }
    Ok(order.done())
}

/// A line longer than the limit, `held` bytes of it read (`complete`: all of it, without its
/// newline): the blocks before it are taken in order, then the rest of the line is read and
/// counted, not stored, and it is reported as the sequential reader reports it (a bad line, or
/// a torn tail without a newline).
fn overlong_line<F: FnMut(Event)>(
    input: &mut impl Read,
    held: u64,
    complete: bool,
    in_flight: &mut VecDeque<usize>,
    workers: &[Worker],
    mut order: Order<F>,
) -> io::Result<LogRead> {
    let lost = || io::Error::other("a log-reading thread stopped unexpectedly");
    while let Some(w) = in_flight.pop_front() {
        let mut done = workers[w].1.recv().map_err(|_| lost())?;
        if !order.take(&mut done) {
            return Ok(order.done());
        }
    }
    let (len, newline) = if complete {
        (held + 1, true)
    } else {
        let mut r = io::BufReader::with_capacity(1 << 16, input);
        let mut scratch = Vec::new();
        let (rest, newline) = reader::read_line_bounded(&mut r, &mut scratch, 0)?;
        (held + rest, newline)
    };
    if newline {
        order.line_no += 1;
        order.fail(reader::overlong(len - 1));
    } else {
        order.out.torn = Some(TornTail {
            line: order.line_no + 1,
            offset: order.out.good_len,
            bytes: len,
        });
    }
    Ok(order.done())
}

/// The checks in order, and what has been read so far.
struct Order<F> {
    f: F,
    out: LogRead,
    line_no: u64,
    last: [u8; 64],
}

impl<F: FnMut(Event)> Order<F> {
    fn new(f: F) -> Order<F> {
        let mut last = [b'0'; 64];
        last.copy_from_slice(GENESIS.as_bytes());
        Order {
            f,
            out: LogRead::default(),
            line_no: 0,
            last,
        }
    }

    /// Takes a checked batch (leaving its lists empty for reuse); returns false at a bad line
    /// (recorded as the problem).
    fn take(&mut self, batch: &mut Batch) -> bool {
        let mut first = true;
        for (event, head) in batch.events.drain(..).zip(batch.heads.drain(..)) {
            self.line_no += 1;
            let chained = if first {
                batch.first_prev == Some(self.last)
            } else {
                head.chained
            };
            first = false;
            if let Err(message) = reader::check_order(self.line_no, head.seq, chained, head.opened)
            {
                return self.fail(message);
            }
            self.last = head.stated;
            self.out.good_len += head.len;
            (self.f)(event);
        }
        if let Some(message) = batch.error.take() {
            self.line_no += 1;
            return self.fail(message);
        }
        true
    }

    fn fail(&mut self, message: String) -> bool {
        self.out.problem = Some(LogProblem {
            line: self.line_no,
            message,
        });
        false
    }

    /// What was read, with the hash of the last good line.
    fn done(mut self) -> LogRead {
        self.out.last_hash = self.last.iter().map(|&b| char::from(b)).collect();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated log of `events` events on the built-in playbook.
    fn log(events: u64) -> Vec<u8> {
        let pb = crate::playbook::default_playbook().unwrap();
        let mut out = Vec::new();
        crate::dev::r#gen::log(&pb, events, 7, &mut out).unwrap();
        out
    }

    /// What a reader made of a log: the seqs handed on and the outcome.
    fn read(data: &[u8], opts: Option<Options>) -> (Vec<u64>, LogRead) {
        let mut seqs = Vec::new();
        let out = match opts {
            Some(o) => scan(data, o, |e| seqs.push(e.seq)).unwrap(),
            None => reader::scan_sequential(data, |e| seqs.push(e.seq)).unwrap(),
        };
        (seqs, out)
    }

    fn assert_same(data: &[u8], opts: Options) -> LogRead {
        let (want_seqs, want) = read(data, None);
        let (seqs, got) = read(data, Some(opts));
        assert_eq!(seqs, want_seqs, "{opts:?}");
        assert_eq!(got.problem, want.problem, "{opts:?}");
        assert_eq!(got.torn, want.torn, "{opts:?}");
        assert_eq!(got.good_len, want.good_len, "{opts:?}");
        assert_eq!(got.last_hash, want.last_hash, "{opts:?}");
        got
    }

    /// Options that cut a 1,000-event log into many blocks, some shorter than a line.
    fn cuts() -> Vec<Options> {
        [(100, 2), (4096, 2), (4096, 3), (65_536, 3)]
            .into_iter()
            .map(|(block, workers)| Options { block, workers })
            .collect()
    }

    #[test]
    fn a_good_log_reads_the_same_in_blocks_as_line_by_line() {
        let data = log(1_000);
        for o in cuts() {
            let got = assert_same(&data, o);
            assert!(got.problem.is_none() && got.torn.is_none());
            assert_eq!(got.good_len, data.len() as u64);
        }
    }

    #[test]
    fn a_damaged_line_is_found_at_the_same_line_with_the_same_message() {
        let data = log(1_000);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(
                data.iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        // A changed byte (hash mismatch), a removed line (seq), a swapped pair (seq), a line
        // repeated (seq), at lines across the log, block boundaries included.
        for line in [1usize, 2, 300, 301, 999] {
            let (a, b) = (starts[line - 1], starts[line]);
            let mut changed = data.clone();
            changed[a + 10] ^= 1;
            let mut removed = data.clone();
            removed.drain(a..b);
            let mut repeated = data.clone();
            repeated.splice(a..a, data[a..b].iter().copied());
            for damaged in [changed, removed, repeated] {
                for o in cuts() {
                    let got = assert_same(&damaged, o);
                    assert!(got.problem.is_some(), "line {line} {o:?}");
                }
            }
        }
    }

    #[test]
    fn a_torn_last_line_is_reported_with_its_offset() {
        let data = log(1_000);
        let end = data.len() - 1;
        let last_start = data[..end].iter().rposition(|&b| b == b'\n').unwrap() + 1;
        for cut in [last_start + 1, end - 1, end] {
            for o in cuts() {
                let got = assert_same(&data[..cut], o);
                let torn = got.torn.unwrap();
                assert_eq!(torn.offset, last_start as u64);
                assert_eq!(torn.line, 1_000);
            }
        }
    }

    #[test]
    fn a_line_over_the_limit_is_found_as_the_sequential_reader_finds_it() {
        let mut data = log(1_000);
        data.extend(std::iter::repeat_n(b'x', reader::MAX_LINE_BYTES + 10));
        let torn = data.clone();
        data.push(b'\n');
        data.extend_from_slice(&log(5));
        for o in [
            Options {
                block: 65_536,
                workers: 2,
            },
            Options {
                block: 4096,
                workers: 3,
            },
        ] {
            let got = assert_same(&data, o);
            assert!(got.problem.unwrap().message.contains("the limit is"));
            let got = assert_same(&torn, o);
            assert_eq!(got.torn.unwrap().line, 1_001);
        }
    }

    #[test]
    fn a_line_that_is_not_an_event_stops_the_read_in_a_later_block() {
        let mut data = log(1_000);
        data.extend_from_slice("not json at all, 한국어\n".as_bytes());
        data.extend_from_slice(&log(5));
        for o in cuts() {
            let got = assert_same(&data, o);
            assert_eq!(got.problem.unwrap().line, 1_001);
        }
    }
}
