//! `warroom verify`: exit 0 when the log's chain is intact, 1 naming the first bad line.

use std::io::BufRead;
use std::path::Path;

use crate::cli::VerifyArgs;
use crate::log::verify::verify;

pub fn run(args: &VerifyArgs) -> i32 {
    let path = crate::text::path(&args.log);
    match verify(&args.log) {
        Err(e) => {
            eprintln!("{path}: cannot read: {e}");
            1
        }
        Ok(r) => {
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
                match line_with_hash(&args.log, &h) {
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
                && !seals_hold(&args.log, k, r.events)
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

/// `--key`: every seal of the log holds. Prints each; false (after saying why) if any fails.
fn seals_hold(log: &Path, key: &Path, events: u64) -> bool {
    let path = crate::text::path(log);
    let checked = crate::seal::verifying_key(key).and_then(|k| crate::seal::check(log, &k));
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
fn line_with_hash(path: &Path, hash: &str) -> Option<u64> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let tail = format!(",\"hash\":\"{hash}\"}}");
    let file = crate::fsio::open_regular(path).ok()?;
    let mut n = 0;
    for line in std::io::BufReader::new(file).split(b'\n') {
        n += 1;
        let line = line.ok()?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if line.ends_with(tail.as_bytes()) {
            return Some(n);
        }
    }
    None
}
