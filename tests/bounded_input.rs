//! Every input is opened as a regular file or refused, and read with a bound: a FIFO as a
//! playbook, a scenario, a script, a log or `LOG.pid` makes each command exit with a message
//! instead of hanging; `/dev/zero` is refused; a log's torn tail far longer than the line limit
//! is reported without holding it in memory; a line over the limit is a located error; a file a
//! scenario names as its playbook that is not one is reported without echoing its content.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{MINIMAL, NOW};

fn mkfifo(p: &Path) {
    let st = Command::new("mkfifo").arg(p).status().unwrap();
    assert!(st.success());
}

/// Runs warroom with `args`; a hang (10 s, far beyond the expected instant refusal) is killed
/// and fails the test.
fn run_guarded(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = common::std_bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "warroom {args:?} hung; stderr so far: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn refused(args: &[&std::ffi::OsStr], what: &str) {
    let out = run_guarded(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains(what), "{args:?}: {err}");
}

fn good_log(dir: &Path) -> PathBuf {
    let log = dir.join("good.jsonl");
    common::run_ok(dir, MINIMAL, "note hi\n", &log);
    log
}

#[test]
fn a_fifo_or_a_device_as_any_input_is_refused_without_hanging() {
    let dir = common::tempdir();
    let fifo = dir.path().join("pipe.ron");
    mkfifo(&fifo);
    let f = fifo.as_os_str();
    let log = good_log(dir.path());
    let l = log.as_os_str();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note x\n").unwrap();
    let s = script.as_os_str();
    let not_regular = "not a regular file";
    let drill_log = dir.path().join("drill.jsonl");
    let out = common::std_bin()
        .args(["drill", "scenarios/troll-pile-on.ron", "--script"])
        .arg(&script)
        .args(["--now", NOW, "--log"])
        .arg(&drill_log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d = drill_log.as_os_str();
    for input in [f, os("/dev/zero")] {
        // As a playbook.
        refused(
            &[os("run"), input, os("--script"), s, os("--now"), os(NOW)],
            not_regular,
        );
        refused(&[os("graph"), input], not_regular);
        refused(&[os("check"), input], not_regular);
        refused(
            &[os("resume"), l, os("--playbook"), input, os("--script"), s],
            not_regular,
        );
        // As a scenario.
        refused(
            &[os("drill"), input, os("--script"), s, os("--now"), os(NOW)],
            not_regular,
        );
        refused(&[os("report"), d, os("--scenario"), input], not_regular);
        // As a log.
        for cmd in ["verify", "stats", "report", "review"] {
            refused(&[os(cmd), input], not_regular);
        }
        refused(&[os("graph"), os(MINIMAL), os("--log"), input], not_regular);
        refused(&[os("drill"), os("--from-log"), input], not_regular);
        refused(&[os("resume"), input, os("--script"), s], not_regular);
        // As a script.
        refused(
            &[
                os("run"),
                os(MINIMAL),
                os("--script"),
                input,
                os("--now"),
                os(NOW),
            ],
            not_regular,
        );
    }
}

#[test]
fn a_fifo_at_the_pid_file_does_not_hang_a_refused_writer() {
    let dir = common::tempdir();
    let log = good_log(dir.path());
    let mut pid = log.as_os_str().to_owned();
    pid.push(".pid");
    mkfifo(Path::new(&pid));
    // An open incident holds the log's lock.
    let held = std::fs::File::open(&log).unwrap();
    held.try_lock().unwrap();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note x\n").unwrap();
    refused(
        &[
            os("resume"),
            log.as_os_str(),
            os("--script"),
            script.as_os_str(),
        ],
        "open in another warroom",
    );
    drop(held);
}

/// Peak resident memory (KiB) of `warroom ARGS`, as the kernel counts it for a child.
fn peak_rss_kib(args: &[&std::ffi::OsStr]) -> (Output, u64) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(
            "import resource, subprocess, sys\n\
             r = subprocess.run(sys.argv[1:], capture_output=True)\n\
             sys.stderr.buffer.write(r.stderr)\n\
             print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n\
             sys.exit(r.returncode)",
        )
        .arg(env!("CARGO_BIN_EXE_warroom"))
        .args(args)
        .current_dir(common::repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let kib = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    (out, kib)
}

#[test]
fn a_huge_torn_tail_is_reported_without_holding_it_in_memory() {
    let dir = common::tempdir();
    let log = good_log(dir.path());
    let good = std::fs::metadata(&log).unwrap().len();
    // 200 MB of a line without its newline (sparse: zeros, no disk used).
    let f = std::fs::OpenOptions::new().write(true).open(&log).unwrap();
    f.set_len(good + 200_000_000).unwrap();
    drop(f);
    for cmd in ["verify", "stats", "report"] {
        let (out, kib) = peak_rss_kib(&[os(cmd), log.as_os_str()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("torn"), "{cmd}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("memory allocation"),
            "{err}"
        );
        assert!(kib < 64 * 1024, "{cmd}: peak RSS {kib} KiB");
    }
    // And resume repairs it: a copy kept (streamed), the tail cut, the log verifies.
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note after\n").unwrap();
    let (out, kib) = peak_rss_kib(&[
        os("resume"),
        log.as_os_str(),
        os("--script"),
        script.as_os_str(),
        os("--now"),
        os("2026-11-21T10:00:00+09:00"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(kib < 64 * 1024, "resume: peak RSS {kib} KiB");
    common::bin().arg("verify").arg(&log).assert().success();
}

#[test]
fn a_line_over_the_limit_is_a_located_error() {
    let dir = common::tempdir();
    let log = good_log(dir.path());
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend(std::iter::repeat_n(b'x', 17 << 20));
    bytes.push(b'\n');
    std::fs::write(&log, bytes).unwrap();
    let (out, kib) = peak_rss_kib(&[os("verify"), log.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("line 3") && err.contains("the limit is 16777216 bytes"),
        "{err}"
    );
    assert!(kib < 64 * 1024, "peak RSS {kib} KiB");
}

#[test]
fn a_scenario_naming_a_file_that_is_not_a_playbook_prints_none_of_it() {
    let dir = common::tempdir();
    let secret = dir.path().join("shadow");
    std::fs::write(&secret, "root:$6$SECRETHASH:19000:0:99999:7:::\nkim:x:1\n").unwrap();
    let text = std::fs::read_to_string(common::repo().join("scenarios/troll-pile-on.ron"))
        .unwrap()
        .replace(
            "\"../playbooks/ceo-twitter-complaint.ron\"",
            &format!("{:?}", secret.display().to_string()),
        );
    let scenario = dir.path().join("evil.ron");
    std::fs::write(&scenario, text).unwrap();
    let mut files = vec![secret.clone()];
    if std::fs::File::open("/etc/shadow").is_ok() {
        files.push(PathBuf::from("/etc/shadow"));
    }
    for f in files {
        let body = std::fs::read_to_string(common::repo().join("scenarios/troll-pile-on.ron"))
            .unwrap()
            .replace(
                "\"../playbooks/ceo-twitter-complaint.ron\"",
                &format!("{:?}", f.display().to_string()),
            );
        std::fs::write(&scenario, body).unwrap();
        let content = std::fs::read_to_string(&f).unwrap_or_default();
        let first_word: String = content
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        for args in [
            vec![os("check"), scenario.as_os_str()],
            vec![
                os("drill"),
                scenario.as_os_str(),
                os("--script"),
                os("-"),
                os("--now"),
                os(NOW),
            ],
        ] {
            let out = run_guarded(&args);
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(1), "{all}");
            assert!(all.contains("it is not a playbook"), "{all}");
            assert!(!first_word.is_empty());
            for word in [first_word.as_str(), "SECRETHASH", "root"] {
                assert!(!all.contains(word), "{word:?} leaked: {all}");
            }
        }
    }
}
