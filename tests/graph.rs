//! `warroom graph`: DOT that Graphviz renders (Graphviz must be installed: the test fails
//! without it), the path of an incident marked from its log, and Mermaid output.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{CEO, CEO_SCRIPT, bin, run_ok};

fn graph(args: &[&str]) -> String {
    let out = bin().arg("graph").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "warroom graph {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Pipes DOT through `dot -Tsvg`; panics (fails the test) when Graphviz is missing.
fn dot_svg(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` must be installed to run this test (apt-get install graphviz)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The attribute list of the DOT statement that starts with `head` (a node or an edge).
fn attrs<'a>(dot: &'a str, head: &str) -> &'a str {
    dot.lines()
        .map(str::trim)
        .find(|l| l.starts_with(head))
        .unwrap_or_else(|| panic!("no line starting with {head} in\n{dot}"))
}

#[test]
fn dot_renders_with_graphviz() {
    let dot = graph(&[CEO]);
    assert!(
        dot.starts_with("digraph \"ceo-twitter-complaint\" {"),
        "{dot}"
    );
    let svg = dot_svg(&dot);
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg.contains("Capture and classify the complaint"));
    // Every step is a node.
    let loaded = warroom::playbook::load_playbook(&common::repo().join(CEO)).unwrap();
    for s in &loaded.playbook.steps {
        assert!(dot.contains(&format!("  \"{}\" [", s.id)), "{}", s.id);
    }
    // Also through a real shell pipe, as a person would run it.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "\"{}\" graph {CEO} | dot -Tsvg > /dev/null",
            env!("CARGO_BIN_EXE_warroom")
        ))
        .current_dir(common::repo())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn dot_marks_the_path_from_a_log() {
    let dir = common::tempdir();
    let log = dir.path().join("ceo.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let log_s = log.display().to_string();
    let dot = graph(&[CEO, "--log", &log_s]);
    dot_svg(&dot);

    // Visited steps are filled and bold; the current (end) step too, marked "here".
    for visited in [
        "classify",
        "map-issue",
        "gather-facts",
        "acknowledge",
        "ceo-approval",
        "route",
        "cs-handoff",
    ] {
        let a = attrs(&dot, &format!("\"{visited}\" ["));
        assert!(a.contains("style=\"filled,bold\""), "{visited}: {a}");
    }
    let end = attrs(&dot, "\"end-cs\" [");
    assert!(
        end.contains("style=\"filled,bold\"") && end.contains("here"),
        "{end}"
    );
    // Unvisited steps are dashed.
    for unvisited in [
        "troll-watch",
        "blog-statement",
        "end-resolved",
        "end-escalated",
    ] {
        let a = attrs(&dot, &format!("\"{unvisited}\" ["));
        assert!(a.contains("style=dashed"), "{unvisited}: {a}");
        assert!(!a.contains("filled"), "{unvisited}: {a}");
    }
    // Taken edges are thick; untaken ones dashed.
    for (from, to) in [
        ("classify", "map-issue"),
        ("map-issue", "gather-facts"),
        ("gather-facts", "acknowledge"),
        ("acknowledge", "ceo-approval"),
        ("ceo-approval", "route"),
        ("route", "cs-handoff"),
        ("cs-handoff", "end-cs"),
    ] {
        let a = attrs(&dot, &format!("\"{from}\" -> \"{to}\" ["));
        assert!(a.contains("penwidth=3"), "{from} -> {to}: {a}");
    }
    for (from, to) in [
        ("classify", "troll-watch"),
        ("ceo-approval", "redraft"),
        ("route", "monitor"),
    ] {
        let a = attrs(&dot, &format!("\"{from}\" -> \"{to}\" ["));
        assert!(a.contains("style=dashed"), "{from} -> {to}: {a}");
        assert!(!a.contains("penwidth=3"), "{from} -> {to}: {a}");
    }
    // Without a log, nothing is marked.
    let plain = graph(&[CEO]);
    assert!(!plain.contains("penwidth=3"));
    assert!(!plain.contains("filled,bold"));
}

#[test]
fn mermaid_marks_taken_edges() {
    let dir = common::tempdir();
    let log = dir.path().join("ceo.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let log_s = log.display().to_string();
    let plain = graph(&[CEO, "--format", "mermaid"]);
    assert!(plain.starts_with("flowchart TD\n"), "{plain}");
    assert!(!plain.contains("==>"));
    let m = graph(&[CEO, "--format", "mermaid", "--log", &log_s]);
    assert!(m.starts_with("flowchart TD\n"));
    // Seven choices and one approval were taken on the way to end-cs.
    assert_eq!(m.matches("==>").count(), 7, "{m}");
    assert!(m.contains("class s0 taken"), "{m}");
    assert!(m.contains("current"));
    assert!(m.contains("untaken"));
}

#[test]
fn graph_refuses_a_log_of_another_playbook() {
    let dir = common::tempdir();
    let log = dir.path().join("min.jsonl");
    run_ok(dir.path(), common::MINIMAL, common::MINIMAL_SCRIPT, &log);
    let out = bin()
        .args(["graph", CEO, "--log"])
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ran on playbook \"minimal-example\""));
}

#[test]
fn graph_of_a_bad_playbook_fails_with_a_position() {
    let out = bin()
        .args(["graph", "tests/fixtures/playbooks/bad/bad-kind.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("tests/fixtures/playbooks/bad/bad-kind.ron:11:41: error:")
    );
}
