//! `warroom verify`: exit 0 when the log's chain is intact, 1 naming the first bad line. The
//! log is a file, or with `--store` an incident of a database: its stored lines are checked as
//! a file's are, and what the database keeps (each row's columns, the head, the append-only
//! triggers) is checked too.

use std::io::BufRead;
use std::path::Path;

use crate::cli::VerifyArgs;
use crate::log::verify::verify_reader;
use crate::store::source::{DbCheck, LogSource, SourceError};

/// Prints why the log could not be read; the exit code.
fn unreadable(e: &SourceError) -> i32 {
    eprintln!("{}", crate::text::shown(&e.to_string()));
    if let Some(h) = e.hint() {
        eprintln!("{h}");
    }
    e.exit_code()
}

pub fn run(args: &VerifyArgs) -> i32 {
    let source = match LogSource::new(&args.log, args.store.as_deref()) {
        Ok(s) => s,
        Err(e) => return unreadable(&e),
    };
    let path = source.shown();
    match source.scan_checked(|r| verify_reader(r)) {
        Err(e) => unreadable(&e),
        Ok((r, db)) => {
            if let Some(p) = &r.problem {
                eprintln!("{path}:{}: {}", p.line, p.message);
                eprintln!(
                    "verify FAILED: {} good event{} before line {}",
                    r.events,
                    if r.events == 1 { "" } else { "s" },
                    p.line
                );
                return 1;
            }
            if let Some(t) = &r.torn {
                eprintln!(
                    "{path}:{}: torn last line ({} bytes without a newline: a write was interrupted); `warroom resume {path}` keeps a copy and repairs it",
                    t.line, t.bytes
                );
                eprintln!(
                    "verify FAILED: {} good events before the torn line",
                    r.events
                );
                return 1;
            }
            if let Some(h) = &args.expect_hash {
                let h = h.trim().to_ascii_lowercase();
                match line_with_hash(&source, &h) {
                    Some(n) => println!("{path}:{n}: has the expected hash {h}"),
                    None => {
                        eprintln!(
                            "{path}: no line has the expected hash {h}: lines were cut off its end (or it is another incident's log)"
                        );
                        eprintln!(
                            "verify FAILED: the chain of {} events is intact, but the log is not the one that had that hash",
                            r.events
                        );
                        return 1;
                    }
                }
            }
            if let Some(k) = &args.key
                && !seals_hold(&source, args.seals.as_deref(), k, r.events)
            {
                return 1;
            }
            if let Some(db) = &db
                && !database_holds(&path, db, r.events)
            {
                return 1;
            }
            println!(
                "{path}: OK — {} events, seq 1..{}, hash chain intact, incident {}; last hash {}",
                r.events,
                r.events,
                if r.closed { "closed" } else { "still open" },
                r.last_hash
            );
            0
        }
    }
}

/// What the database keeps of an incident whose lines verified: printed; false (after saying
/// why) when a row disagrees with its line, the head is not the last row, or an append-only
/// trigger is off.
fn database_holds(path: &str, db: &DbCheck, events: u64) -> bool {
    if let Some((seq, what)) = &db.problem {
        eprintln!("{path}: database: seq {seq}: {what}");
        eprintln!(
            "verify FAILED: the chain of {events} events is intact, but the database's rows are not what it guarantees"
        );
        return false;
    }
    if !db.triggers_off.is_empty() {
        eprintln!(
            "{path}: database: the append-only triggers {} are missing or disabled: the history can be rewritten there",
            db.triggers_off.join(", ")
        );
        eprintln!(
            "verify FAILED: the chain of {events} events is intact, but the database no longer keeps it append-only"
        );
        return false;
    }
    println!(
        "{path}: database: {} rows, each row's seq, prev and hash its line's; head at seq {} (the last row); schema version {}, append-only triggers in place",
        db.rows, db.head_seq, db.schema_version
    );
    true
}

/// `--key`: every seal of the log holds (the seals in `seals`, else `LOG.seal` beside a log
/// file). Prints each; false (after saying why) if any fails.
fn seals_hold(source: &LogSource, seals: Option<&Path>, key: &Path, events: u64) -> bool {
    let path = source.shown();
    let seal_file = match (seals, source.file()) {
        (Some(s), _) => s.to_path_buf(),
        (None, Some(log)) => crate::seal::seal_path(log),
        (None, None) => {
            eprintln!(
                "{path}: with --store, --key needs the seal file: --seals FILE (`warroom seal` writes it beside the exported log, e.g. ID.jsonl.seal)"
            );
            eprintln!(
                "verify FAILED: the chain of {events} events is intact, but the seals could not be checked"
            );
            return false;
        }
    };
    let checked = crate::seal::verifying_key(key).and_then(|k| {
        crate::seal::check_with(&seal_file, &k, |upto| {
            source
                .scan(|r| crate::seal::hashes_in(r, upto))
                .map_err(|e| e.to_string())
        })
    });
    let checked = match checked {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", crate::text::shown(&e));
            eprintln!(
                "verify FAILED: the chain of {events} events is intact, but the seals could not be checked"
            );
            return false;
        }
    };
    let mut good = true;
    for c in &checked {
        let s = &c.seal;
        match &c.problem {
            None => println!(
                "{path}:{}: sealed at {} — signature good, line intact",
                s.seq,
                crate::text::shown(&s.at)
            ),
            Some(p) => {
                good = false;
                eprintln!(
                    "{path}: the seal of line {} (at {}) does not hold: {p}",
                    s.seq,
                    crate::text::shown(&s.at)
                );
            }
        }
    }
    if !good {
        eprintln!("verify FAILED: a seal does not hold: the log is not the one that was sealed");
    }
    good
}

/// The line number whose hash member is `hash` (the chain is already verified, so each line's
/// hash is its own).
fn line_with_hash(source: &LogSource, hash: &str) -> Option<u64> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let tail = format!(",\"hash\":\"{hash}\"}}");
    let found = source.scan(|r| {
        let mut n = 0;
        for line in std::io::BufReader::new(r).split(b'\n') {
            n += 1;
            let line = line?;
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            if line.ends_with(tail.as_bytes()) {
                return Ok(Some(n));
            }
        }
        Ok(None)
    });
    found.ok().flatten()
}
