//! `review`, `report`, `stats` and `verify` on an incident of the tests' real server
//! (WARROOM_TEST_PG) with `--store URL`: each gives what it gives on the incident's exported
//! file (the path or id where it is printed aside); `verify` also says what the database keeps,
//! checks seals from `--seals FILE`, and fails on rows tampered with behind the triggers' back
//! (in a schema of the test's own); an unknown id, a server that is down and a bad URL are said
//! plainly, with the exit code, never a panic or a password.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::pg::{self, unique_id};
use common::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_warroom");

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The label a database incident is printed as: `postgres://host:port/db#id`.
fn label(url: &str, id: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let rest = rest.split_once('?').map_or(rest, |(h, _)| h);
    format!("postgres://{rest}#{id}")
}

/// An incident run through the CEO playbook, in the database at `url` and exported from it
/// into a file: (id, the exported file, its directory).
fn incident_in(url: &str, tag: &str) -> (String, PathBuf, tempfile::TempDir) {
    let dir = common::tempdir();
    let id = unique_id(tag);
    let log = dir.path().join(format!("{id}.jsonl"));
    common::run_ok(dir.path(), common::CEO, common::CEO_SCRIPT, &log);
    let o = common::std_bin()
        .arg("import")
        .arg(&log)
        .args(["--store", url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::create_dir(dir.path().join("exported")).unwrap();
    let exported = dir.path().join("exported").join(format!("{id}.jsonl"));
    let o = common::std_bin()
        .args(["export", &id, "--store", url, "-o"])
        .arg(&exported)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&exported).unwrap(),
        std::fs::read(&log).unwrap()
    );
    (id, exported, dir)
}

/// `warroom ARGS… FILE` and `warroom ARGS… ID --store URL`.
fn both(args: &[&str], file: &Path, id: &str, url: &str) -> (Output, Output) {
    let on_file = common::std_bin()
        .args(args)
        .arg(file)
        .env_remove("WARROOM_STORE")
        .output()
        .unwrap();
    let on_db = common::std_bin()
        .args(args)
        .arg(id)
        .args(["--store", url])
        .output()
        .unwrap();
    (on_file, on_db)
}

/// Output with the log's name (path, file name, database label, id) as `LOG`.
fn normalised(text: &str, file: &Path, id: &str, url: &str) -> String {
    text.replace(&file.display().to_string(), "LOG")
        .replace(&label(url, id), "LOG")
        .replace(&format!("{id}.jsonl"), "LOG")
        .replace(id, "LOG")
}

fn assert_same(args: &[&str], file: &Path, id: &str, url: &str) {
    let (f, d) = both(args, file, id, url);
    assert!(f.status.success(), "{args:?} on the file: {}", stderr(&f));
    assert_eq!(d.status.code(), f.status.code(), "{args:?}: {}", stderr(&d));
    // verify's line about the database (checked in its own test) is the one addition.
    let dout: String = normalised(&stdout(&d), file, id, url)
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("LOG: database: "))
        .collect();
    let fo = normalised(&stdout(&f), file, id, url);
    assert!(!fo.trim().is_empty(), "{args:?} printed nothing");
    assert_eq!(
        dout, fo,
        "{args:?}: the database incident and its file differ"
    );
    assert_eq!(
        normalised(&stderr(&d), file, id, url),
        normalised(&stderr(&f), file, id, url),
        "{args:?}: stderr"
    );
}

#[test]
fn report_and_stats_on_a_database_incident_are_those_of_its_exported_file() {
    let url = pg::url();
    let (id, file, _dir) = incident_in(&url, "readers");
    for format in ["md", "html", "json", "csv"] {
        for audience in ["all", "public", "executives"] {
            assert_same(
                &["report", "--format", format, "--audience", audience],
                &file,
                &id,
                &url,
            );
        }
    }
    assert_same(&["stats"], &file, &id, &url);
    assert_same(&["stats", "--format", "json"], &file, &id, &url);
    // The figures are the incident's, not an empty or partial read.
    let (_, d) = both(&["stats"], &file, &id, &url);
    let out = stdout(&d);
    assert!(
        out.contains(&format!("warroom stats · {}", label(&url, &id))),
        "{out}"
    );
    assert!(out.contains("32 (seq 1..32), hash chain intact"), "{out}");
}

#[test]
fn verify_on_a_database_incident_checks_its_lines_and_says_what_the_database_keeps() {
    let url = pg::url();
    let (id, file, dir) = incident_in(&url, "verify");
    let (f, d) = both(&["verify"], &file, &id, &url);
    assert!(f.status.success() && d.status.success(), "{}", stderr(&d));
    let db_out = stdout(&d);
    let (db_lines, rest): (Vec<&str>, Vec<&str>) =
        db_out.lines().partition(|l| l.contains(": database: "));
    assert_eq!(db_lines.len(), 1, "{db_out}");
    assert!(
        db_lines[0].contains("32 rows")
            && db_lines[0].contains("head at seq 32")
            && db_lines[0].contains("append-only triggers in place"),
        "{db_out}"
    );
    let rest = rest.join("\n") + "\n";
    assert_eq!(
        normalised(&rest, &file, &id, &url),
        normalised(&stdout(&f), &file, &id, &url)
    );
    let last_hash = stdout(&f)
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(last_hash.len(), 64, "{}", stdout(&f));

    // --expect-hash: the last hash is there; another is not.
    assert_same(&["verify", "--expect-hash", &last_hash], &file, &id, &url);
    let (f, d) = both(
        &["verify", "--expect-hash", &"0".repeat(64)],
        &file,
        &id,
        &url,
    );
    assert_eq!(f.status.code(), Some(1));
    assert_eq!(d.status.code(), Some(1));
    assert!(
        stderr(&d).contains("no line has the expected hash"),
        "{}",
        stderr(&d)
    );

    // Seals: the exported file sealed; the database incident checked against that seal file.
    let key = dir.path().join("team.key");
    let o = common::std_bin()
        .args(["seal", "--new-key"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = common::std_bin()
        .arg("seal")
        .arg(&file)
        .arg("--key")
        .arg(&key)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let public = dir.path().join("team.key.pub");
    let seals = dir.path().join("exported").join(format!("{id}.jsonl.seal"));
    let o = common::std_bin()
        .args(["verify", &id, "--store", &url, "--key"])
        .arg(&public)
        .arg("--seals")
        .arg(&seals)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("{}:32: sealed at", label(&url, &id)))
            && stdout(&o).contains("signature good, line intact"),
        "{}",
        stdout(&o)
    );
    // Without --seals there is no file beside a database incident: said, and a failure.
    let o = common::std_bin()
        .args(["verify", &id, "--store", &url, "--key"])
        .arg(&public)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--seals FILE"), "{}", stderr(&o));
}

/// A schema of the test's own in the tests' database (its own `events` and `incidents`), so
/// that its triggers can be disabled without touching any other test's: the URL that uses it.
fn own_schema(url: &str, tag: &str) -> String {
    let schema = unique_id(tag).replace('-', "_");
    let o = pg::psql(url, &format!("CREATE SCHEMA {schema}"));
    assert!(o.status.success(), "{}", stderr(&o));
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

#[test]
fn verify_fails_on_rows_changed_behind_the_triggers_back() {
    let url = own_schema(&pg::url(), "tamper");
    let (id, _file, _dir) = incident_in(&url, "tamper");
    let verify = || {
        common::std_bin()
            .args(["verify", &id, "--store", &url])
            .output()
            .unwrap()
    };
    assert!(verify().status.success(), "{}", stderr(&verify()));

    // The append-only trigger off: the lines still verify, the database no longer keeps them.
    let o = pg::psql(
        &url,
        "ALTER TABLE events DISABLE TRIGGER events_append_only",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = verify();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("events_append_only (on events) are missing or disabled"),
        "{}",
        stderr(&o)
    );

    // The last row deleted: every remaining line chains, but the head says there was one more.
    let o = pg::psql(&url, "DELETE FROM events WHERE seq = 32");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = verify();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the incident's head is at seq 32 but its rows end at seq 31"),
        "{}",
        stderr(&o)
    );

    // A line altered in place: named by its seq, as a file's line is.
    let o = pg::psql(
        &url,
        "UPDATE events SET line = replace(line, 'Relayed', 'Rel4yed') WHERE seq = 4",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = verify();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}:4: the line was altered", label(&url, &id))),
        "{}",
        stderr(&o)
    );
    // stats and report cover the events before the damage, and say so.
    let o = common::std_bin()
        .args(["stats", &id, "--store", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("DAMAGED at line 4"), "{}", stdout(&o));
    let o = common::std_bin()
        .args(["report", &id, "--store", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("line 4 of the log is damaged"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unknown_id_is_named_with_its_database_and_never_a_password() {
    let url = pg::url();
    let with_password = url.replacen("postgres://warroom@", "postgres://warroom:s3cret@", 1);
    for args in [
        vec!["verify"],
        vec!["stats"],
        vec!["report"],
        vec!["review"],
    ] {
        let o = common::std_bin()
            .args(&args)
            .arg("no-such-incident")
            .args(["--store", &with_password])
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("no incident no-such-incident in this database"),
            "{args:?}: {err}"
        );
        let db = label(&url, "");
        assert!(err.contains(db.trim_end_matches('#')), "{args:?}: {err}");
        assert!(
            !err.contains("s3cret") && !err.contains("panicked"),
            "{err}"
        );
    }
    // $WARROOM_STORE set and a file named: the message says how to read the file.
    let dir = common::tempdir();
    let log = dir.path().join("inc.jsonl");
    common::run_ok(dir.path(), common::MINIMAL, common::MINIMAL_SCRIPT, &log);
    let o = common::std_bin()
        .arg("verify")
        .arg(&log)
        .env("WARROOM_STORE", &url)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--store ''"), "{}", stderr(&o));
    let o = common::std_bin()
        .arg("verify")
        .arg(&log)
        .args(["--store", ""])
        .env("WARROOM_STORE", &url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn without_a_server_the_readers_say_offline_and_exit_1() {
    // A port nothing listens on, with a password in the URL.
    let down = "postgres://warroom:s3cret@127.0.0.1:1/warroom";
    for args in [
        vec!["verify"],
        vec!["stats"],
        vec!["report"],
        vec!["review"],
    ] {
        let start = Instant::now();
        let o = common::std_bin()
            .args(&args)
            .arg("some-incident")
            .args(["--store", down])
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("postgres://127.0.0.1:1/warroom#some-incident: offline"),
            "{args:?}: {err}"
        );
        assert!(err.contains("is the server running"), "{args:?}: {err}");
        assert!(
            !err.contains("s3cret") && !err.contains("panicked"),
            "{err}"
        );
        assert!(start.elapsed() < Duration::from_secs(60), "{args:?} hung");
        // Not a PostgreSQL URL: usage.
        let o = common::std_bin()
            .args(&args)
            .arg("some-incident")
            .args(["--store", "mysql://x@y/z"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("--store must be a PostgreSQL URL"),
            "{}",
            stderr(&o)
        );
    }
}

/// The review screen of `target` (a file, or an id with `--store URL`) at 100x30, as first
/// drawn; the exit code file.
fn review_screen(t: &Tmux, target: &str, done: &Path) -> String {
    t.start(
        100,
        30,
        &format!(
            "{BIN} review {target} --operator reviewer; echo $? > {}",
            done.display()
        ),
    );
    let s = t.wait_for("REVIEW");
    // The first frame is complete once the timeline's last visible row is drawn.
    t.wait_for("2026-11-21 09:00:00");
    s
}

fn quit(t: &Tmux, done: &Path) {
    t.keys(&["q"]);
    let start = Instant::now();
    while !done.exists() {
        assert!(start.elapsed().as_secs() < 20, "review did not quit");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(std::fs::read_to_string(done).unwrap().trim(), "0");
}

#[test]
fn review_of_a_database_incident_shows_the_screen_of_its_file_and_writes_nothing() {
    let url = pg::url();
    let (id, file, dir) = incident_in(&url, "review");
    let t = Tmux::new("pg-review-file");
    let done_file = dir.path().join("done-file");
    let timeline_file = review_screen(&t, &file.display().to_string(), &done_file);
    t.keys(&["Tab"]);
    let steps_file = t.screen();
    t.keys(&["Tab"]);
    let on_file = t.screen();
    quit(&t, &done_file);
    drop(t);

    let t = Tmux::new("pg-review-db");
    let done_db = dir.path().join("done-db");
    let timeline_db = review_screen(&t, &format!("{id} --store {url}"), &done_db);
    t.keys(&["Tab"]);
    let steps_db = t.screen();
    t.keys(&["Tab"]);
    let on_db = t.screen();
    // The status line names the log and is cut to fit: the rest of the screen is compared.
    let n = |s: &str| -> String {
        normalised(s, &file, &id, &url)
            .lines()
            .filter(|l| !l.starts_with("log: LOG"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        on_db.contains(&format!("log: {}", label(&url, &id))),
        "{on_db}"
    );
    assert_eq!(n(&timeline_db), n(&timeline_file));
    assert_eq!(n(&on_db), n(&on_file));
    assert_eq!(n(&steps_db), n(&steps_file));

    // `a`: a database incident's review cannot add a note (the screen appends to files only):
    // refused on the screen, the text kept in the input line, nothing written anywhere.
    t.keys(&["a"]);
    t.run(&["send-keys", "-t", "t", "-l", "late ack"]);
    t.keys(&["Enter"]);
    let s = t.wait_for("not added");
    assert!(s.contains("late ack"), "{s}");
    t.keys(&["Escape"]);
    quit(&t, &done_db);
    let o = common::std_bin()
        .args(["export", &id, "--store", &url, "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.stdout, std::fs::read(&file).unwrap());
    assert!(!Path::new("postgres:").exists());
}
