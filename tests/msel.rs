//! `warroom msel SCENARIO`: the Master Scenario Events List as CSV, read back with Python's
//! csv module as a spreadsheet tool would: one row per inject in time order, every column
//! there, Korean text intact, the expected action from the inject or from the expectations
//! that name it.

mod common;

use std::path::Path;

use common::bin;
use warroom::scenario::load_scenario;

const KT: &str = "scenarios/kt-lost-iphone.ron";

/// The CSV parsed by Python's csv module (utf-8-sig: the byte-order mark taken off).
fn parse(file: &Path) -> Vec<serde_json::Value> {
    let py = "import csv,sys,json\nrows=list(csv.DictReader(open(sys.argv[1],newline='',encoding='utf-8-sig')))\nprint(json.dumps(rows, ensure_ascii=False))";
    let out = std::process::Command::new("python3")
        .args(["-c", py])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A cell as the scenario wrote it: a spreadsheet formula start is defused with `'`.
fn undefused(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

#[test]
fn one_row_per_inject_with_korean_text_intact() {
    let dir = common::tempdir();
    let file = dir.path().join("msel.csv");
    let out = bin().args(["msel", KT, "-o"]).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    let rows = parse(&file);
    let sc = load_scenario(Path::new(KT)).unwrap().scenario;
    assert_eq!(rows.len(), sc.injects.len());
    let mut injects = sc.injects.clone();
    injects.sort_by_key(|i| i.at.secs());
    for (n, (row, inject)) in rows.iter().zip(&injects).enumerate() {
        assert_eq!(row["number"], (n + 1).to_string());
        assert_eq!(row["inject"], inject.id);
        assert_eq!(row["time"], format!("T+{}", inject.at));
        assert_eq!(undefused(row["text"].as_str().unwrap()), inject.text);
        assert_eq!(row["channel"], inject.channel.label());
        assert_eq!(row["ack_required"], if inject.ack { "yes" } else { "no" });
        let persona = sc.personas.iter().find(|p| p.id == inject.from).unwrap();
        assert_eq!(row["persona"], persona.name);
    }
    let relay = &rows[0];
    assert_eq!(relay["persona"], "이찬진");
    assert_eq!(relay["handle"], "'@chanjin");
    assert_eq!(
        relay["subject"],
        "'@hmpyo 표 사장님, 이 글 한번 봐 주시면 좋겠습니다."
    );
    // No `expected` on the inject: the expectation that names it.
    let cs = rows.iter().find(|r| r["inject"] == "cs-facts").unwrap();
    assert_eq!(
        cs["expected_action"],
        "inject \"cs-facts\" acknowledged (facts-checked: CS 확인 내용 접수, by T+20m)"
    );
    // The scenario's own `expected` comes first.
    let call = rows
        .iter()
        .find(|r| r["inject"] == "reporter-call")
        .unwrap();
    assert_eq!(
        call["expected_action"],
        "확인 후 회신 약속 (reply), 추측성 답변 없이"
    );
}

#[test]
fn an_inject_s_expected_action_and_condition_are_listed() {
    let dir = common::tempdir();
    let sc_path = dir.path().join("s.ron");
    let text = std::fs::read_to_string(KT).unwrap().replacen(
        "id: \"relay\",",
        "id: \"relay\", expected: Some(\"답장하지 말고 CS에 넘긴다, \\\"빠르게\\\"\"), when: Some(Reached(\"classify\")),",
        1,
    );
    std::fs::write(&sc_path, text).unwrap();
    let out = bin()
        .arg("msel")
        .arg(&sc_path)
        .arg("--no-bom")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let file = dir.path().join("out.csv");
    std::fs::write(&file, &out.stdout).unwrap();
    let rows = parse(&file);
    let relay = rows.iter().find(|r| r["inject"] == "relay").unwrap();
    assert_eq!(
        relay["expected_action"],
        "답장하지 말고 CS에 넘긴다, \"빠르게\""
    );
    assert_eq!(relay["trigger"], "at T+0s, if step \"classify\" reached");
}

#[test]
fn a_broken_scenario_is_an_error_naming_the_file() {
    let dir = common::tempdir();
    let sc_path = dir.path().join("bad.ron");
    std::fs::write(&sc_path, "(id: \"x\",").unwrap();
    let out = bin().arg("msel").arg(&sc_path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ron"), "{err}");
}
