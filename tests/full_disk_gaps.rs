//! The full-disk gaps: a resumed incident opens on the live screen even when its `resumed`
//! event cannot be written (it is pending, like any other); a `w` copy that cannot be written
//! leaves no partial file (and the next suggestion is free); a torn log's copy that cannot be
//! written leaves no partial `LOG.torn-N` and the log untouched. The disk fills with a file-size
//! limit (`RLIMIT_FSIZE`, `SIGXFSZ` ignored): every write past it fails as on a full disk.

mod common;

use std::process::Command;
use std::time::Duration;

use common::tmux::Tmux;
use common::{MINIMAL, NOW};

/// `warroom ARGS` with writes past `limit` bytes of any file failing (EFBIG).
fn limited(limit: u64, args: &[&str]) -> Command {
    let mut c = Command::new("python3");
    c.arg("-c")
        .arg(
            "import os, resource, signal, sys\n\
             signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n\
             n = int(sys.argv[1])\n\
             resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))\n\
             os.execv(sys.argv[2], sys.argv[2:])",
        )
        .arg(limit.to_string())
        .arg(env!("CARGO_BIN_EXE_warroom"))
        .args(args)
        .current_dir(common::repo())
        .env("NO_COLOR", "1");
    c
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[test]
fn a_torn_copy_that_cannot_be_written_leaves_nothing_and_the_log_untouched() {
    let dir = common::tempdir();
    let log = dir.path().join("torn.jsonl");
    common::run_ok(dir.path(), MINIMAL, "note hi\n", &log);
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(b"{\"seq\":3,\"at\":");
    std::fs::write(&log, &bytes).unwrap();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note x\n").unwrap();
    let out = limited(
        bytes.len() as u64 - 20,
        &[
            "resume",
            log.to_str().unwrap(),
            "--script",
            script.to_str().unwrap(),
            "--now",
            NOW,
        ],
    )
    .output()
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains(".torn-")),
        "a partial copy was left: {names:?}"
    );
    assert_eq!(std::fs::read(&log).unwrap(), bytes, "the log is untouched");
}

#[test]
fn resume_on_a_full_disk_opens_with_the_resumed_event_pending_and_a_failed_copy_leaves_nothing() {
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    common::run_ok(dir.path(), MINIMAL, "note hi\n", &log);
    let before = std::fs::read(&log).unwrap();
    let t = Tmux::new("full-resume");
    // Every file is limited to 200 bytes: the log (already longer) cannot grow, and the
    // pending copy (one line of some 300 bytes) cannot be written whole.
    let cmd = limited(200, &["resume", log.to_str().unwrap(), "--operator", "kim"]);
    let argv: Vec<String> = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| shell_quote(&a.to_string_lossy()))
        .collect();
    t.start(
        120,
        40,
        &format!(
            // stderr through a pipe: a file would be under the limit too.
            "cd {} && (NO_COLOR=1 {} 2>&1 1>&3 | cat > {}) 3>&1; sleep 30",
            common::repo().display(),
            argv.join(" "),
            dir.path().join("stderr.txt").display()
        ),
    );
    let s = t.wait_for("LOG NOT WRITTEN");
    assert!(s.contains("PENDING"), "{s}");
    t.keys(&["Escape"]);
    // w: the suggested copy beside the log; Enter writes it — and it fails.
    t.keys(&["w"]);
    let s = t.wait_for("pending event(s) to");
    assert!(s.contains("incident.jsonl.pending-3.jsonl"), "{s}");
    assert!(
        s.contains("not to the log"),
        "the hint says where Enter writes: {s}"
    );
    t.keys(&["Enter"]);
    t.wait_for("NOT WRITTEN");
    std::thread::sleep(Duration::from_millis(300));
    let copy = dir.path().join("incident.jsonl.pending-3.jsonl");
    assert!(!copy.exists(), "a partial copy was left behind");
    // Quit: the pending event is printed, never written, the log as it was.
    t.keys(&["Escape", "q", "y"]);
    let stderr = dir.path().join("stderr.txt");
    let mut waited = 0;
    while !std::fs::read_to_string(&stderr)
        .unwrap_or_default()
        .contains("--append-pending")
    {
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
        assert!(
            waited < 100,
            "{}\n---\n{}",
            t.screen(),
            std::fs::read_to_string(&stderr).unwrap_or_default()
        );
    }
    t.run(&["kill-server"]);
    assert_eq!(std::fs::read(&log).unwrap(), before);
    let err = std::fs::read_to_string(&stderr).unwrap();
    assert!(err.contains("\"kind\":\"resumed\""), "{err}");
    assert!(!err.contains("cat FILE"), "{err}");
}
