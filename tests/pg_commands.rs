//! `warroom list`, `export` and `import` against the tests' real server (WARROOM_TEST_PG):
//! what they print, their refusals and exit codes (1 failed, 2 usage).

mod common;

use common::pg::{self, unique_id};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn import_list_export_through_the_command_line() {
    let url = pg::url();
    let dir = common::tempdir();
    let id = unique_id("cli");
    let log = dir.path().join(format!("{id}.jsonl"));
    common::run_ok(dir.path(), common::MINIMAL, common::MINIMAL_SCRIPT, &log);

    let o = common::bin()
        .arg("import")
        .arg(&log)
        .args(["--store", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("imported {id}: 13 events")),
        "{}",
        stdout(&o)
    );
    // Again: nothing to append.
    let o = common::bin()
        .arg("import")
        .arg(&log)
        .env("WARROOM_STORE", &url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("already has all 13 events"),
        "{}",
        stdout(&o)
    );

    // WARROOM_STORE stands for --store.
    let o = common::bin()
        .arg("list")
        .env("WARROOM_STORE", &url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let row = stdout(&o)
        .lines()
        .find(|l| l.starts_with(&id))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("{id} not listed:\n{}", stdout(&o)));
    assert!(
        row.contains(" 13 ") && row.contains("(minimal-example)"),
        "{row}"
    );

    let out = dir.path().join("out.jsonl");
    let o = common::bin()
        .args(["export", &id, "--store", &url, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&log).unwrap());
    // Never over an existing file.
    let o = common::bin()
        .args(["export", &id, "--store", &url, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    // To standard output.
    let o = common::bin()
        .args(["export", &id, "--store", &url, "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.stdout, std::fs::read(&log).unwrap());
}

#[test]
fn unknown_incidents_unreachable_servers_and_bad_urls_are_said_plainly() {
    let url = pg::url();
    let o = common::bin()
        .args(["export", "no-such-incident", "--store", &url, "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no incident no-such-incident"),
        "{}",
        stderr(&o)
    );

    // A port nothing listens on, with a password in the URL: offline, the password never shown.
    let o = common::bin()
        .args([
            "list",
            "--store",
            "postgres://warroom:s3cret@127.0.0.1:1/warroom",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("offline"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");

    // Not a PostgreSQL URL, or none at all: usage.
    let o = common::bin()
        .args(["list", "--store", "incidents/x.jsonl"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("must be a PostgreSQL URL"),
        "{}",
        stderr(&o)
    );
    let o = common::bin()
        .arg("list")
        .env_remove("WARROOM_STORE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
