//! The PostgreSQL the tests run against, for real: the server scripts/test started (its URL in
//! `WARROOM_TEST_PG`), or one a test starts itself with scripts/pg-server (to stop it), plus
//! lines to append and the real `psql`.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::DateTime;
use warroom::engine::{Actor, Event, EventKind, Mode, PlaybookRef};
use warroom::log::chain::{GENESIS, encode};
use warroom::store::{Head, Line};

/// The URL of the tests' server. Fails (never skips) when it is not set.
pub fn url() -> String {
    match std::env::var("WARROOM_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => panic!(
            "WARROOM_TEST_PG is not set: the PostgreSQL tests need a real server. Run them with \
             scripts/test (which starts one), or start one with \
             `scripts/pg-server start DIR` and export WARROOM_TEST_PG=<the URL it prints>"
        ),
    }
}

/// An incident id no other test (nor an earlier run) uses.
pub fn unique_id(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "test-{tag}-{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn event(seq: u64, actor: &str, kind: EventKind) -> Event {
    Event {
        seq,
        at: DateTime::parse_from_rfc3339("2026-11-21T09:00:00+09:00").unwrap()
            + chrono::Duration::seconds(seq as i64),
        actor: Actor {
            name: actor.to_string(),
            role: None,
        },
        kind,
    }
}

fn line_of(e: &Event, prev: &str) -> Line {
    let (line, hash) = encode(e, prev).unwrap();
    Line {
        seq: e.seq,
        line,
        hash,
    }
}

/// The `opened` line an incident starts with.
pub fn opened(title: &str) -> Line {
    let kind = EventKind::Opened {
        playbook: PlaybookRef {
            path: "docs/examples/minimal.ron".into(),
            abs_path: None,
            id: "minimal".into(),
            title: "Minimal".into(),
            version: "1".into(),
            sha256: String::new(),
        },
        title: title.to_string(),
        mode: Mode::Drill,
        warroom_version: "test".into(),
        start: "tone".into(),
    };
    line_of(&event(1, "tester", kind), GENESIS)
}

/// A note by `actor` appended after `head`.
pub fn note(head: &Head, actor: &str, text: &str) -> Line {
    let kind = EventKind::Note {
        text: text.to_string(),
    };
    line_of(&event(head.seq + 1, actor, kind), &head.hash)
}

/// `n` notes after `head`, chained.
pub fn notes(head: &Head, actor: &str, n: usize) -> Vec<Line> {
    let mut out = Vec::with_capacity(n);
    let mut h = head.clone();
    for i in 0..n {
        let l = note(&h, actor, &format!("note {i} by {actor}"));
        h = Head::after(&l);
        out.push(l);
    }
    out
}

/// Runs the real `psql` on `url` with one command (stops at the first error).
pub fn psql(url: &str, sql: &str) -> Output {
    Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .expect("psql (scripts/test installs postgresql-client)")
}

/// `scripts/pg-server` with these arguments; its stdout, trimmed. Panics with its stderr.
pub fn pg_server(args: &[&str]) -> String {
    let out = Command::new(super::repo().join("scripts/pg-server"))
        .args(args)
        .output()
        .expect("scripts/pg-server");
    assert!(
        out.status.success(),
        "scripts/pg-server {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A server of the test's own (to stop and start again), in a temporary directory; stopped
/// when dropped.
pub struct Server {
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl Server {
    /// Starts one with `scripts/pg-server start DIR` plus `args` (`--listen`, `--netns`…).
    pub fn start(args: &[&str]) -> Server {
        let dir = tempfile::Builder::new()
            .prefix("warroom-pg-")
            .tempdir_in(std::env::temp_dir())
            .unwrap();
        let d = dir.path().to_str().unwrap().to_string();
        let mut all = vec!["start", d.as_str()];
        all.extend_from_slice(args);
        let url = pg_server(&all);
        Server { dir, url }
    }

    fn dir_str(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    pub fn stop(&self) {
        pg_server(&["stop", self.dir_str()]);
    }

    /// Starts it again where it was (same address, port, namespace).
    pub fn restart(&self) {
        let url = pg_server(&["start", self.dir_str()]);
        assert_eq!(url, self.url);
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new(super::repo().join("scripts/pg-server"))
            .args(["stop", self.dir_str()])
            .output();
    }
}
