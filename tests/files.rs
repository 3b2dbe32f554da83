//! Files through the binary: a log path that is a symbolic link is refused for `run` and
//! `resume`; a new log leaves no staging file behind; the copy of a torn log is 0600; a
//! scenario cannot make warroom read a device (its `playbook` naming `/dev/zero`).

mod common;

use std::os::unix::fs::PermissionsExt;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn run_and_resume_refuse_a_symlinked_log() {
    let dir = common::tempdir();
    let real = dir.path().join("real.jsonl");
    common::run_ok(dir.path(), common::MINIMAL, "note hi\n", &real);
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let before = std::fs::read(&real).unwrap();
    let out = common::run_script(dir.path(), common::MINIMAL, "note x\n", &link);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note through the link\n").unwrap();
    common::bin()
        .arg("resume")
        .arg(&link)
        .arg("--script")
        .arg(&script)
        .args(["--now", common::NOW])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("symbolic link"));
    assert_eq!(
        std::fs::read(&real).unwrap(),
        before,
        "the target is untouched"
    );
}

#[test]
fn a_new_log_is_complete_private_and_leaves_nothing_else() {
    let dir = common::tempdir();
    let logs = dir.path().join("logs");
    let log = logs.join("incident.jsonl");
    common::run_ok(dir.path(), common::MINIMAL, "note hi\n", &log);
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(&logs), 0o700);
    let names: Vec<String> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["incident.jsonl"], "no staging or pid file left");
}

#[test]
fn the_copy_of_a_torn_log_is_private() {
    let dir = common::tempdir();
    let log = dir.path().join("torn.jsonl");
    common::run_ok(dir.path(), common::MINIMAL, "note hi\n", &log);
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(b"{\"seq\":3,\"at\":");
    std::fs::write(&log, &bytes).unwrap();
    let script = dir.path().join("s.txt");
    std::fs::write(&script, "note after\n").unwrap();
    common::bin()
        .arg("resume")
        .arg(&log)
        .arg("--script")
        .arg(&script)
        .args(["--now", common::NOW])
        .assert()
        .success();
    let copy = dir.path().join("torn.jsonl.torn-1");
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn a_scenario_cannot_make_warroom_read_a_device() {
    let dir = common::tempdir();
    let text = std::fs::read_to_string(common::repo().join("scenarios/troll-pile-on.ron"))
        .unwrap()
        .replace(
            "\"../playbooks/ceo-twitter-complaint.ron\"",
            "\"/dev/zero\"",
        );
    let scenario = dir.path().join("evil.ron");
    std::fs::write(&scenario, text).unwrap();
    common::bin()
        .arg("check")
        .arg(&scenario)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a regular file"));
    // Nor a playbook named on the command line that is a pipe or a device.
    common::bin()
        .args(["check", "/dev/zero"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a regular file"));
}
