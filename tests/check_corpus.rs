//! `warroom check` on malformed playbooks: every file in tests/fixtures/playbooks/bad/ must be
//! refused with exit 1, no panic, and the exact first diagnostic line recorded next to it in
//! NAME.expected (further lines of NAME.expected must each appear among the diagnostics).
//! Also: warnings-only playbooks, the shipped playbooks, and huge files.

mod common;

use std::path::Path;

use common::{bin, repo};

const BAD: &str = "tests/fixtures/playbooks/bad";

fn check_stderr(path: &str, extra: &[&str]) -> (i32, String, String) {
    let out = bin().arg("check").args(extra).arg(path).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn malformed_playbooks_corpus() {
    let dir = repo().join(BAD);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 25,
        "the corpus has only {} files",
        names.len()
    );
    let mut failures = Vec::new();
    for name in &names {
        let rel = format!("{BAD}/{name}");
        let expected_path = dir.join(name.replace(".ron", ".expected"));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no .expected file", rel));
        let mut expected_lines = expected.lines();
        let first_expected = expected_lines.next().unwrap_or_default();
        let (code, _stdout, stderr) = check_stderr(&rel, &[]);
        if stderr.contains("panicked") || code == 101 {
            failures.push(format!("{rel}: PANIC\n{stderr}"));
            continue;
        }
        if code != 1 {
            failures.push(format!("{rel}: exit code {code}, expected 1"));
        }
        let first = stderr.lines().next().unwrap_or_default();
        if first != first_expected {
            failures.push(format!(
                "{rel}: first line\n   got: {first}\n  want: {first_expected}"
            ));
        }
        for more in expected_lines {
            if !stderr.lines().any(|l| l == more) {
                failures.push(format!("{rel}: missing line {more}"));
            }
        }
        // The file's own text is never echoed raw: no escape or bell reaches the terminal.
        if stderr.contains('\x1b') || stderr.contains('\x07') || stderr.contains('\0') {
            failures.push(format!("{rel}: raw control characters on stderr"));
        }
        // A positioned summary names the file as given, relative to the repo root.
        assert!(first.starts_with(&rel), "{first}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn positions_point_at_the_offending_literal() {
    // For a few semantic errors, the column points at the opening quote of the offending id.
    let cases = [
        ("unknown-target.ron", "\"nowhere\""),
        ("missing-start.ron", "\"begin\""),
        ("duplicate-step.ron", "\"z\""),
        ("unknown-owner.ron", "\"ceo\""),
        ("digit-hotkey.ron", "'1'"),
        ("tick-unknown-item.ron", "\"a.nope\""),
        ("reach-unknown-step.ron", "\"nowhere\""),
        ("unreachable.ron", "\"orphan\""),
        ("undeclared-placeholder.ron", "{name}"),
        ("approval-unknown-target.ron", "\"redo\""),
    ];
    for (name, want) in cases {
        let expected =
            std::fs::read_to_string(repo().join(BAD).join(name.replace(".ron", ".expected")))
                .unwrap();
        let first = expected.lines().next().unwrap();
        let mut parts = first.splitn(4, ':');
        let _file = parts.next();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let col: usize = parts.next().unwrap().parse().unwrap();
        let text = std::fs::read_to_string(repo().join(BAD).join(name)).unwrap();
        let src_line = text.lines().nth(line - 1).unwrap();
        let at: String = src_line.chars().skip(col - 1).collect();
        assert!(
            at.starts_with(want),
            "{name}: {line}:{col} points at {at:?}, not {want}"
        );
    }
}

#[test]
fn random_bytes_fixture_is_not_utf8() {
    let bytes = std::fs::read(repo().join(BAD).join("random-bytes.ron")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
}

#[test]
fn huge_file_is_refused_before_parsing() {
    let dir = common::tempdir();
    let path = dir.path().join("huge.ron");
    let limit = warroom::playbook::load::MAX_FILE_BYTES as usize;
    let mut text = String::with_capacity(limit + 64);
    text.push_str("Playbook(\n");
    while text.len() <= limit {
        text.push_str("// padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, &text).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 16 * 1024 * 1024);
    let out = bin().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!(
            "{}: error: file is {size} bytes; the limit is {limit} bytes",
            path.display()
        )
    );
}

#[test]
fn missing_file_and_empty_directory() {
    let out = bin()
        .args(["check", "tests/fixtures/no-such-file.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().next().unwrap(),
        "tests/fixtures/no-such-file.ron: error: no such file or directory"
    );
    let dir = common::tempdir();
    let out = bin().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn warnings_only_exit_0_unless_denied() {
    let path = "tests/fixtures/playbooks/warn/only-warnings.ron";
    let (code, stdout, stderr) = check_stderr(path, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.contains(": warning: ")),
        "{stderr}"
    );
    assert!(!stderr.contains(": error: "), "{stderr}");
    assert!(stdout.contains(&format!("ok: {path} (")), "{stdout}");
    let expected = std::fs::read_to_string(repo().join(path.replace(".ron", ".expected"))).unwrap();
    let got: Vec<&str> = stderr.lines().filter(|l| l.starts_with(path)).collect();
    assert_eq!(got, expected.lines().collect::<Vec<_>>());
    let (code, _, _) = check_stderr(path, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn shipped_playbooks_pass_with_deny_warnings() {
    for extra in [&[][..], &["--deny-warnings"][..]] {
        let (code, stdout, stderr) = check_stderr("playbooks/", extra);
        assert_eq!(
            code, 0,
            "warroom check {extra:?} playbooks/:\n{stdout}\n{stderr}"
        );
        assert!(stdout.contains("0 errors"), "{stdout}");
    }
    assert!(Path::new(&repo().join("playbooks/ceo-twitter-complaint.ron")).is_file());
}
