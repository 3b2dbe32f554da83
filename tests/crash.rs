//! Crash safety: a long headless incident (`warroom run --script`, then `warroom resume
//! --script` again and again) is killed with SIGKILL at random moments. After every kill:
//!
//! - the log verifies, or its only problem is a torn last line, which `warroom resume`
//!   repairs (keeping a copy as `LOG.torn-N`);
//! - no event the process reported as written is missing: the headless runner prints
//!   `#SEQ TIME TEXT` for an event only after it is written and fsync'd, and each such line
//!   must be in the log, at that seq, with that text;
//! - `warroom resume` continues the incident (the next round is a resume).
//!
//! Half the kills come after a random delay; the other half "snipe" a write: the harness
//! watches the log's size and kills the moment it changes, which lands inside the writing of
//! the large notes the script holds and so produces real torn lines.
//!
//! The number of kills is `WARROOM_CRASH_RUNS` (default 20, so `cargo test` stays quick); the
//! seed is `WARROOM_CRASH_SEED`. `scripts/crash-harness.sh` runs the long version (200 kills).
//! Nothing here is timed: delays only pick kill moments.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use warroom::log::verify::verify;
use warroom::text::neutralize;

/// A small deterministic generator (splitmix64): the same seed, the same kill moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// A long script on the minimal example playbook: notes (2% of them large, so a write takes
/// long enough to be cut by a kill), variables, and waits that breach deadlines.
fn long_script(rng: &mut Rng, lines: usize) -> String {
    let mut s = String::from("# crash harness\n");
    for i in 0..lines {
        match rng.below(100) {
            0 | 1 => {
                let n = 64 * 1024 + rng.below(448 * 1024) as usize;
                let body: String = "crash-safety 한국어 ".chars().cycle().take(n / 2).collect();
                s.push_str(&format!("note \"big {i} {body}\"\n"));
            }
            2..=8 => s.push_str(&format!("set summary \"summary at line {i}\"\n")),
            9 => s.push_str("wait 17m\n"),
            _ => s.push_str(&format!("note line {i}: status update from the war room\n")),
        }
    }
    s
}

/// One headless process, its output collected by threads.
struct Run {
    child: Child,
    out: std::thread::JoinHandle<Vec<String>>,
    err: std::thread::JoinHandle<String>,
}

fn spawn(args: &[&str], log: &Path, script: &Path) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .current_dir(common::repo())
        .env("NO_COLOR", "1")
        .args(args)
        .arg(log)
        .arg("--script")
        .arg(script)
        .args(["--now", common::NOW, "--operator", "crash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        // Only complete lines count: a line cut by the kill was not fully reported.
        let mut r = BufReader::new(stdout);
        let mut lines = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match r.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) if buf.last() == Some(&b'\n') => {
                    lines.push(String::from_utf8_lossy(&buf[..buf.len() - 1]).into_owned())
                }
                Ok(_) => break,
            }
        }
        lines
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    Run { child, out, err }
}

/// `#SEQ  HH:MM:SS  TEXT` → (seq, text).
fn acked(line: &str) -> Option<(u64, String)> {
    let rest = line.strip_prefix('#')?;
    let (seq, rest) = rest.split_once(' ')?;
    let seq = seq.parse().ok()?;
    let rest = rest.trim_start();
    let text = rest.get(8..)?.strip_prefix("  ")?;
    Some((seq, text.to_string()))
}

fn log_len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// The last byte of the file, if any.
fn last_byte(p: &Path) -> Option<u8> {
    use std::os::unix::fs::FileExt;
    let f = std::fs::File::open(p).ok()?;
    let len = f.metadata().ok()?.len();
    let mut b = [0u8; 1];
    f.read_exact_at(&mut b, len.checked_sub(1)?).ok()?;
    Some(b[0])
}

/// Kills after a random delay; or as soon as the log's size has changed a random number of
/// times; or the moment the log does not end in a newline (a line is being written).
fn kill_at_random(run: &mut Run, log: &Path, rng: &mut Rng) -> &'static str {
    let how = match rng.below(3) {
        0 => {
            std::thread::sleep(Duration::from_millis(rng.below(250)));
            let _ = run.child.kill();
            return "delay";
        }
        1 => "size",
        _ => "mid-line",
    };
    let changes = 1 + rng.below(12);
    let mut seen = 0;
    let mut last = log_len(log);
    let give_up = Instant::now() + Duration::from_secs(5);
    while Instant::now() < give_up {
        if how == "mid-line" {
            if last_byte(log).is_some_and(|b| b != b'\n') {
                break;
            }
        } else {
            let len = log_len(log);
            if len != last {
                seen += 1;
                last = len;
                if seen >= changes {
                    break;
                }
            }
        }
        if matches!(run.child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::hint::spin_loop();
    }
    let _ = run.child.kill();
    how
}

/// What the harness saw over all rounds.
#[derive(Default, Debug)]
struct Tally {
    kills: u64,
    /// Kills by method: after a delay, after size changes, in the middle of a line.
    by_delay: u64,
    by_size: u64,
    by_mid_line: u64,
    torn: u64,
    repaired: u64,
    finished_before_kill: u64,
    acked: u64,
    logs: u64,
}

/// Checks the log after a kill: readable up to at most a torn last line, and every
/// acknowledged event present with its text. Returns whether the last line is torn.
fn check_log(log: &Path, acks: &BTreeMap<u64, String>, round: u64) -> bool {
    let report = verify(log).unwrap();
    assert!(
        report.problem.is_none(),
        "round {round}: the log is damaged beyond a torn tail: {:?}",
        report.problem
    );
    let read = warroom::log::read_log(log).unwrap();
    let max_acked = acks.keys().next_back().copied().unwrap_or(0);
    assert!(
        read.events.len() as u64 >= max_acked,
        "round {round}: event #{max_acked} was reported written but the log has {} events",
        read.events.len()
    );
    for (seq, text) in acks {
        let e = &read.events[(*seq - 1) as usize];
        assert_eq!(e.seq, *seq);
        assert_eq!(
            &neutralize(&e.kind.describe(), false),
            text,
            "round {round}: event #{seq} differs from what was reported written"
        );
    }
    report.torn.is_some()
}

fn torn_copies(log: &Path) -> usize {
    let name = log.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(log.parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{name}.torn-"))
            })
        })
        .count()
}

/// Resumes without a kill (a short script): must repair a torn tail and succeed.
fn resume_to_end(log: &Path, script: &Path) -> String {
    let run = spawn(&["resume"], log, script);
    let out = run.child.wait_with_output().unwrap();
    let stderr = run.err.join().unwrap();
    let _ = run.out.join();
    assert!(out.status.success(), "resume after a kill failed: {stderr}");
    stderr
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_event() {
    let runs = env_u64("WARROOM_CRASH_RUNS", 20);
    let seed = env_u64("WARROOM_CRASH_SEED", 0x5eed_6006);
    let per_log = env_u64("WARROOM_CRASH_PER_LOG", 25).max(1);
    let mut rng = Rng(seed);
    let dir = common::tempdir();
    let script = dir.path().join("long.txt");
    std::fs::write(&script, long_script(&mut rng, 4000)).unwrap();
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "note resumed after a kill\n").unwrap();

    let mut tally = Tally::default();
    let mut log = PathBuf::new();
    let mut acks: BTreeMap<u64, String> = BTreeMap::new();
    for round in 0..runs {
        if round % per_log == 0 {
            if tally.logs > 0 {
                finish_log(&log, &short, &acks);
            }
            tally.logs += 1;
            log = dir.path().join(format!("incident-{}.jsonl", tally.logs));
            acks.clear();
        }
        let args: &[&str] = if log.exists() {
            &["resume"]
        } else {
            &["run", common::MINIMAL, "--log"]
        };
        let mut run = spawn(args, &log, &script);
        let how = kill_at_random(&mut run, &log, &mut rng);
        let status = run.child.wait().unwrap();
        let lines = run.out.join().unwrap();
        let stderr = run.err.join().unwrap();
        tally.kills += 1;
        match how {
            "delay" => tally.by_delay += 1,
            "size" => tally.by_size += 1,
            _ => tally.by_mid_line += 1,
        }
        if status.success() {
            tally.finished_before_kill += 1;
        } else {
            // Killed (no exit code), never a refusal or an error of its own.
            assert!(
                status.code().is_none(),
                "round {round} ({how}): warroom failed on its own: {status}\n{stderr}"
            );
        }
        for l in &lines {
            if let Some((seq, text)) = acked(l) {
                acks.insert(seq, text);
                tally.acked += 1;
            }
        }
        if !log.exists() {
            // Killed while opening: a new log appears only complete, and nothing was reported.
            assert!(
                acks.is_empty(),
                "round {round}: no log but events were reported"
            );
            continue;
        }
        if check_log(&log, &acks, round) {
            tally.torn += 1;
            // Resume repairs it: cuts the torn line after keeping a copy, then continues.
            let before = torn_copies(&log);
            let stderr = resume_to_end(&log, &short);
            assert!(stderr.contains("torn"), "round {round}: {stderr}");
            assert_eq!(
                torn_copies(&log),
                before + 1,
                "round {round}: no LOG.torn-N copy"
            );
            let r = verify(&log).unwrap();
            assert!(r.ok(), "round {round}: not repaired: {r:?}");
            check_log(&log, &acks, round);
            tally.repaired += 1;
        }
    }
    if log.exists() {
        finish_log(&log, &short, &acks);
    }
    eprintln!("crash harness: seed {seed:#x}, {tally:?}");
    assert_eq!(tally.torn, tally.repaired);
    assert!(
        tally.acked > 0,
        "no event was ever reported written: {tally:?}"
    );
}

/// The end of one log's rounds: a resume without a kill succeeds, and `warroom verify`
/// passes on the result.
fn finish_log(log: &Path, short: &Path, acks: &BTreeMap<u64, String>) {
    resume_to_end(log, short);
    check_log(log, acks, u64::MAX);
    let out = common::bin().arg("verify").arg(log).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
