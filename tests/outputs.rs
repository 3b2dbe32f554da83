//! Where `report -o` and `drill --from-log -o` write: never over the log they read, an incident
//! log, a file an open incident holds locked, nor through a symbolic link; an existing file only
//! with `--force`; through a temporary file renamed into place; mode 0600 whatever the umask;
//! `-o -` is standard output.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{MINIMAL, MINIMAL_SCRIPT, bin};

fn log_in(dir: &Path) -> PathBuf {
    let log = dir.join("incident.jsonl");
    common::run_ok(dir, MINIMAL, MINIMAL_SCRIPT, &log);
    log
}

fn verifies(log: &Path) {
    bin().arg("verify").arg(log).assert().success();
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_report_over_its_own_log_is_refused_and_the_log_still_verifies() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let before = std::fs::read(&log).unwrap();
    for force in [false, true] {
        let mut c = bin();
        c.arg("report").arg(&log).arg("-o").arg(&log);
        if force {
            c.arg("--force");
        }
        c.assert()
            .code(1)
            .stderr(predicates::str::contains("refusing to overwrite"));
        let mut c = bin();
        c.args(["drill", "--from-log"])
            .arg(&log)
            .arg("-o")
            .arg(&log);
        if force {
            c.arg("--force");
        }
        c.assert()
            .code(1)
            .stderr(predicates::str::contains("refusing to overwrite"));
    }
    // Another incident's log, named by another path, is refused too.
    let other = dir.path().join("other.jsonl");
    common::run_ok(dir.path(), MINIMAL, "note other\n", &other);
    let other_before = std::fs::read(&other).unwrap();
    bin()
        .arg("report")
        .arg(&log)
        .arg("-o")
        .arg(&other)
        .arg("--force")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is an incident log"));
    assert_eq!(std::fs::read(&log).unwrap(), before);
    assert_eq!(std::fs::read(&other).unwrap(), other_before);
    verifies(&log);
    verifies(&other);
}

#[test]
fn a_file_held_by_an_open_incident_is_never_overwritten() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    // What a live warroom does to its log: an exclusive flock. Here on a file that does not
    // look like a log, so only the lock protects it.
    let held = dir.path().join("held.txt");
    std::fs::write(&held, "precious").unwrap();
    let f = std::fs::File::open(&held).unwrap();
    f.try_lock().unwrap();
    bin()
        .arg("report")
        .arg(&log)
        .arg("-o")
        .arg(&held)
        .arg("--force")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("held by a running warroom"));
    assert_eq!(std::fs::read_to_string(&held).unwrap(), "precious");
    drop(f);
}

#[test]
fn an_output_is_never_written_through_a_symbolic_link() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("report.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let to_log = dir.path().join("to-log.md");
    std::os::unix::fs::symlink(&log, &to_log).unwrap();
    for out in [&link, &to_log] {
        bin()
            .arg("report")
            .arg(&log)
            .arg("-o")
            .arg(out)
            .arg("--force")
            .assert()
            .code(1)
            .stderr(predicates::str::contains("symbolic link"));
        bin()
            .args(["drill", "--from-log"])
            .arg(&log)
            .arg("-o")
            .arg(out)
            .arg("--force")
            .assert()
            .code(1)
            .stderr(predicates::str::contains("symbolic link"));
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    verifies(&log);
}

#[test]
fn an_existing_output_is_replaced_only_with_force() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let out = dir.path().join("report.md");
    std::fs::write(&out, "old").unwrap();
    bin()
        .arg("report")
        .arg(&log)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    bin()
        .arg("report")
        .arg(&log)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# "));
    assert_eq!(mode(&out), 0o600, "a replaced file is private too");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn reports_and_scenarios_are_private_whatever_the_umask() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let exe = env!("CARGO_BIN_EXE_warroom");
    for (args, name) in [
        ("report \"$1\" -o \"$2\"", "r.md"),
        ("report \"$1\" --format html -o \"$2\"", "r.html"),
        ("report \"$1\" --format csv -o \"$2\"", "r.csv"),
        ("drill --from-log \"$1\" -o \"$2\"", "s.ron"),
    ] {
        let out = dir.path().join(name);
        let st = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask 000; exec \"$0\" {args}"))
            .arg(exe)
            .arg(&log)
            .arg(&out)
            .env("NO_COLOR", "1")
            .status()
            .unwrap();
        assert!(st.success(), "{args}");
        assert_eq!(mode(&out), 0o600, "{name}");
    }
}

#[test]
fn dash_as_the_output_means_standard_output() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let out = bin()
        .current_dir(dir.path())
        .arg("report")
        .arg(&log)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# "));
    assert!(!dir.path().join("-").exists());
    let out = bin()
        .current_dir(dir.path())
        .args(["drill", "--from-log"])
        .arg(&log)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("injects"));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn the_csv_of_a_damaged_log_says_so_in_the_file() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let text = std::fs::read_to_string(&log).unwrap();
    let damaged = text.replacen("Customer is a regular", "Customer is a REGULAR", 1);
    assert_ne!(damaged, text);
    std::fs::write(&log, damaged).unwrap();
    let out = dir.path().join("r.csv");
    bin()
        .arg("report")
        .arg(&log)
        .args(["--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&out).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",log_problem,"), "{csv}");
    assert!(row.contains("WARNING: line "), "{csv}");
}

#[test]
fn the_html_report_has_a_strict_content_security_policy() {
    let dir = common::tempdir();
    let log = log_in(dir.path());
    let out = bin()
        .arg("report")
        .arg(&log)
        .args(["--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        head.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
        ),
        "{head}"
    );
    assert!(!html.contains("<script"));
}
