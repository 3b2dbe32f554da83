//! The format documentation stays true: the example playbook in docs/playbook-format.md is the
//! file itself and lints clean, the independent verifier in docs/log-format.md verifies real
//! logs and catches tampering, and the example script in docs/script-format.md runs as shown.

mod common;

use std::process::Command;

use common::{MINIMAL, MINIMAL_SCRIPT, bin, repo, run_ok};

fn doc(name: &str) -> String {
    std::fs::read_to_string(repo().join("docs").join(name)).unwrap()
}

/// The contents of every fenced block in `text` opened with ```` ```lang ````.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        let body = &rest[i + open.len()..];
        let end = body.find("\n```").expect("unclosed code block");
        out.push(body[..end + 1].to_string());
        rest = &body[end + 4..];
    }
    out
}

#[test]
fn playbook_doc_example_is_the_example_file_and_lints_clean() {
    let file = std::fs::read_to_string(repo().join(MINIMAL)).unwrap();
    let ron = blocks(&doc("playbook-format.md"), "ron");
    assert!(
        ron.contains(&file),
        "docs/playbook-format.md must include {MINIMAL} verbatim in a ```ron block"
    );
    bin()
        .args(["check", "--deny-warnings", MINIMAL])
        .assert()
        .success();
}

#[test]
fn playbook_doc_names_every_step_kind_and_lint_message() {
    let d = doc("playbook-format.md");
    for word in [
        "Assess",
        "Investigate",
        "Acknowledge",
        "Transparency",
        "ActionPlan",
        "Approval",
        "Statement",
        "Handoff",
        "Monitor",
        "End",
        "IncidentStart",
        "StepEntered",
        "LastPost",
        "Resolved",
        "HandedOffToCs",
        "NoResponseNeeded",
        "Escalated",
    ] {
        assert!(d.contains(&format!("`{word}`")), "{word}");
    }
    // Every message of the malformed-playbook corpus is described (the longest part of its
    // wording between quoted values and numbers).
    let dir = repo().join("tests/fixtures/playbooks/bad");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "expected") {
            continue;
        }
        let first = std::fs::read_to_string(&p).unwrap();
        let first = first.lines().next().unwrap();
        let msg = first.split_once(": error: ").unwrap().1;
        if msg.starts_with("RON syntax: ") {
            assert!(d.contains("`RON syntax: …`"));
            continue;
        }
        let stem: String = msg
            .split(|c: char| "\"`'{}".contains(c) || c.is_ascii_digit())
            .map(str::trim)
            .max_by_key(|s| s.len())
            .unwrap()
            .to_string();
        assert!(
            d.contains(&stem),
            "{}: {stem:?} is not in docs/playbook-format.md",
            p.display()
        );
    }
}

#[test]
fn log_doc_python_verifier_agrees_with_warroom_verify() {
    let py = blocks(&doc("log-format.md"), "python");
    assert_eq!(py.len(), 1, "one python block in docs/log-format.md");
    let dir = common::tempdir();
    let script = dir.path().join("verify_log.py");
    std::fs::write(&script, &py[0]).unwrap();
    let log = dir.path().join("incident.jsonl");
    run_ok(dir.path(), MINIMAL, MINIMAL_SCRIPT, &log);
    let report = warroom::log::verify::verify(&log).unwrap();
    assert!(report.ok());

    let run = |path: &std::path::Path| {
        let out = Command::new("python3")
            .arg(&script)
            .arg(path)
            .output()
            .expect("python3 must be installed to run this test");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, stdout) = run(&log);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(
        stdout.trim(),
        format!(
            "OK: {} events, last hash {}",
            report.events, report.last_hash
        )
    );

    // Tampering, torn tails, removed and duplicated lines fail at the same line as warroom's.
    let bytes = std::fs::read(&log).unwrap();
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let probe = dir.path().join("probe.jsonl");
    let mut cases: Vec<(Vec<u8>, u64)> = Vec::new();
    for (i, b) in bytes.iter().enumerate().step_by(97) {
        let mut t = bytes.clone();
        t[i] = if *b == b'x' { b'y' } else { b'x' };
        let line = bytes[..i].iter().filter(|&&c| c == b'\n').count() as u64 + 1;
        cases.push((t, line));
    }
    cases.push((bytes[..bytes.len() - 3].to_vec(), lines.len() as u64));
    let mut removed = lines.clone();
    removed.remove(2);
    cases.push((removed.concat(), 3));
    let mut dup = lines.clone();
    dup.insert(4, lines[3]);
    cases.push((dup.concat(), 5));
    let crlf: Vec<u8> = lines
        .iter()
        .flat_map(|l| {
            let mut v = l[..l.len() - 1].to_vec();
            v.extend_from_slice(b"\r\n");
            v
        })
        .collect();
    std::fs::write(&probe, &crlf).unwrap();
    assert!(warroom::log::verify::verify(&probe).unwrap().ok());
    assert_eq!(run(&probe).0, Some(0), "CRLF copies verify in both");
    for (t, line) in cases {
        std::fs::write(&probe, &t).unwrap();
        let r = warroom::log::verify::verify(&probe).unwrap();
        let warroom_line = r
            .problem
            .as_ref()
            .map(|p| p.line)
            .or(r.torn.as_ref().map(|t| t.line));
        assert_eq!(warroom_line, Some(line));
        let (code, stdout) = run(&probe);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(
            stdout.starts_with(&format!("line {line}: ")),
            "python said {stdout:?}, warroom said line {line}"
        );
    }
}

#[test]
fn log_doc_shell_snippet_computes_a_lines_hash() {
    let sh = blocks(&doc("log-format.md"), "sh");
    assert_eq!(sh.len(), 1);
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    run_ok(dir.path(), MINIMAL, MINIMAL_SCRIPT, &log);
    let out = Command::new("sh")
        .arg("-c")
        .arg(&sh[0])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let read = warroom::log::read_log(&log).unwrap();
    assert_eq!(read.events.len(), 13);
    let line2: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    let hash = line2["hash"].as_str().unwrap();
    assert!(
        stdout.starts_with(hash),
        "sha256sum said {stdout:?}, the line says {hash}"
    );
}

#[test]
fn log_doc_example_lines_verify() {
    let text = blocks(&doc("log-format.md"), "text");
    let example = &text[0];
    assert!(example.starts_with("{\"seq\":1,"));
    let dir = common::tempdir();
    let log = dir.path().join("example.jsonl");
    std::fs::write(&log, example).unwrap();
    let r = warroom::log::verify::verify(&log).unwrap();
    assert!(r.ok(), "{r:?}");
    assert_eq!(r.events, 2);
}

#[test]
fn script_doc_example_runs_as_shown() {
    let d = doc("script-format.md");
    let example = d.split("## Example").nth(1).unwrap();
    let text = blocks(example, "text");
    let (script, shown) = (&text[0], &text[1]);
    let dir = common::tempdir();
    let log = dir.path().join("incident.jsonl");
    let script_path = dir.path().join("run.txt");
    std::fs::write(&script_path, script).unwrap();
    let out = bin()
        .args(["run", MINIMAL, "--script"])
        .arg(&script_path)
        .args([
            "--now",
            "2026-11-21T09:00:00+09:00",
            "--operator",
            "Mina",
            "--log",
        ])
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout)
        .replace(&log.display().to_string(), "/tmp/incident.jsonl");
    for line in shown.lines().filter(|l| *l != "…") {
        assert!(
            stdout.lines().any(|l| l == line),
            "{line:?} not in\n{stdout}"
        );
    }
    // The error example: line 7 replaced by `choose nowhere`.
    let mut lines: Vec<&str> = script.lines().collect();
    lines.truncate(7);
    lines[6] = "choose nowhere";
    std::fs::write(&script_path, lines.join("\n") + "\n").unwrap();
    let log2 = dir.path().join("incident2.jsonl");
    let out = bin()
        .args(["run", MINIMAL, "--script"])
        .arg(&script_path)
        .args(["--now", "2026-11-21T09:00:00+09:00", "--log"])
        .arg(&log2)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr)
        .replace(&script_path.display().to_string(), "run.txt")
        .replace(&log2.display().to_string(), "/tmp/incident.jsonl");
    let err_example = blocks(d.split("## Errors").nth(1).unwrap(), "text");
    assert_eq!(stderr, err_example[0]);
}

/// The size limits the docs state are the code's: the file limit (playbooks, scenarios,
/// scripts) and the log line limit.
#[test]
fn documented_size_limits_are_the_code_limits() {
    let file = warroom::fsio::MAX_FILE_BYTES;
    let line = warroom::fsio::MAX_LINE_BYTES;
    assert_eq!(file, 32 << 20);
    assert_eq!(line, 16 << 20);
    let pb = doc("playbook-format.md");
    assert!(
        pb.contains("at most 32 MiB"),
        "playbook-format.md: the file limit"
    );
    assert!(pb.contains(&format!("the limit is {file} bytes")));
    let rel = doc("reliability.md");
    assert!(
        rel.contains("no file is read past 32 MiB"),
        "reliability.md: the file limit"
    );
    let log = doc("log-format.md");
    assert!(
        log.contains(&format!("{line} bytes")),
        "log-format.md: the line limit"
    );
}
