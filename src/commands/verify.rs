//! `warroom verify`: exit 0 when the log's chain is intact, 1 naming the first bad line.

use crate::cli::VerifyArgs;
use crate::log::verify::verify;

pub fn run(args: &VerifyArgs) -> i32 {
    let path = args.log.display();
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
