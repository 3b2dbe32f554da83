//! `warroom seal LOG --key KEY`: a signed checkpoint of a log; `warroom seal --new-key KEY`:
//! a key pair. See [`crate::seal`].

use crate::cli::SealArgs;
use crate::clock::{Clock, SystemClock};
use crate::text::path;

pub fn run(args: &SealArgs) -> i32 {
    if let Some(k) = &args.new_key {
        return match crate::seal::new_key(k) {
            Ok(public) => {
                println!(
                    "secret key: {} (mode 0600: keep it safe, off the machine that holds the logs)",
                    path(k)
                );
                println!(
                    "public key: {} (give it to whoever verifies: warroom verify LOG --key {})",
                    path(&public),
                    path(&public)
                );
                0
            }
            Err(e) => {
                eprintln!("warroom seal: {}", crate::text::shown(&e));
                1
            }
        };
    }
    let (Some(log), Some(key)) = (&args.log, &args.key) else {
        eprintln!("warroom seal: give a log and --key KEY (or --new-key KEY)");
        return 2;
    };
    let sealed =
        crate::seal::signing_key(key).and_then(|k| crate::seal::seal(log, &k, SystemClock.now()));
    match sealed {
        Ok(s) => {
            println!(
                "{}:{}: sealed (hash {}) in {}; check with: warroom verify {} --key KEY.pub",
                path(log),
                s.seq,
                s.hash,
                path(&crate::seal::seal_path(log)),
                path(log)
            );
            0
        }
        Err(e) => {
            eprintln!("warroom seal: {}", crate::text::shown(&e));
            1
        }
    }
}
