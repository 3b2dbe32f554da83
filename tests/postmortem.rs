//! `warroom report --format md|html|json|csv` on a headless run's log: every event listed with
//! its timestamp, step durations that add up to the incident's, choices not taken, amendments
//! beside what they correct, hostile text made harmless, and a torn last line reported.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{CEO, CEO_SCRIPT, bin, run_script};

/// The CEO script with a hostile note early on, an amendment of it, and an hour before closing
/// (so the incident runs past midnight: it starts at 23:50).
fn script() -> String {
    CEO_SCRIPT
        .replacen(
            "tick captured\n",
            "tick captured\nnote \"<script>alert('x')</script> \u{1b}]0;pwned\u{7} \u{1b}]52;c;aGk=\u{7} \u{202E}evil\"\n",
            1,
        )
        .replace(
            "close \"CS owns",
            "amend 3 \"the journalist had 4,000 followers\"\nwait 1h\nclose \"CS owns",
        )
}

fn make_log(dir: &Path) -> PathBuf {
    let log = dir.join("inc.jsonl");
    let s = dir.join("s.txt");
    std::fs::write(&s, script()).unwrap();
    let out = bin()
        .args(["run", CEO, "--script"])
        .arg(&s)
        .args([
            "--now",
            "2026-11-21T23:50:00+09:00",
            "--operator",
            "tester",
            "--role",
            "comms",
            "--log",
        ])
        .arg(&log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    log
}

fn report(log: &Path, format: &str) -> String {
    let out = bin()
        .args(["report", "--format", format])
        .arg(log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn events(log: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn markdown_lists_every_event_with_its_timestamp_and_durations_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let log = make_log(dir.path());
    let md = report(&log, "md");
    let evs = events(&log);
    assert!(evs.len() > 30);
    for e in &evs {
        let at = chrono::DateTime::parse_from_rfc3339(e["at"].as_str().unwrap()).unwrap();
        let row = format!("| {} | T+", e["seq"].as_u64().unwrap());
        let line = md
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("no timeline row for {e}"));
        assert!(
            line.contains(&at.format("%Y-%m-%d %H:%M:%S").to_string()),
            "{line}"
        );
    }
    // Past midnight: both dates appear.
    assert!(md.contains("2026-11-21 23:50:00") && md.contains("2026-11-22 01:06:00"));
    // Summary.
    assert!(md.contains("| Duration | 1h 16m 00s |"), "{md}");
    assert!(md.contains("| Outcome | `handed_off_to_cs` |"));
    assert!(
        md.contains("| First public acknowledgement | T+16m |"),
        "{md}"
    );
    assert!(
        md.contains("| Handed off to customer service | T+1h16m |"),
        "{md}"
    );
    assert!(
        md.contains("| People | tester as comms (35 events) |"),
        "{md}"
    );
    assert!(md.contains("| Playbook SHA-256 | `"));
    // Step durations add up to the incident's duration (JSON has the figures).
    let json: serde_json::Value = serde_json::from_str(&report(&log, "json")).unwrap();
    let total: i64 = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["secs"].as_i64().unwrap())
        .sum();
    assert_eq!(total, json["duration_secs"].as_i64().unwrap());
    assert_eq!(total, 76 * 60);
    assert!(md.contains("| **Total** | | | **1h 16m 00s** |"));
    // The choices not taken at the first decision.
    assert!(md.contains("- T+11m at `classify`: chose **Constructive: map the issue** → `map-issue`\n  - not taken: Abuse or trolling: don't engage → `troll-watch`"), "{md}");
    // The breached deadline, in words (not colour alone).
    assert!(md.contains("| Tone classified (`classify-done`) | `classify` | T+10m (2026-11-22 00:00:00) | ❌ **BREACHED** — met late at T+11m |"), "{md}");
    // The amendment beside the original, and the original kept.
    let row3 = md.lines().find(|l| l.starts_with("| 3 | ")).unwrap();
    assert!(row3.contains("note: &lt;script&gt;"), "{row3}");
    assert!(
        row3.contains("↳ *amended by #33:* the journalist had 4,000 followers"),
        "{row3}"
    );
    assert!(md.contains("**AMENDS #3**"));
    // The post verbatim, and a section to fill in.
    assert!(md.contains(
        "```text\n@minji_k Thank you for telling me about the double charge on your order."
    ));
    assert!(md.contains("## Lessons and follow-ups"));
    // Hostile text: no escape character, no bidi override, no raw tag.
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}') && !md.contains('\u{202e}'));
    assert!(!md.contains("<script>"));
}

#[test]
fn html_is_one_self_contained_file_with_an_svg_timeline_and_escaped_text() {
    let dir = tempfile::tempdir().unwrap();
    let log = make_log(dir.path());
    let out = dir.path().join("report.html");
    let st = bin()
        .args(["report", "--format", "html", "-o"])
        .arg(&out)
        .arg(&log)
        .output()
        .unwrap();
    assert!(st.status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 1);
    assert!(html.contains("class=\"deadline breached\""));
    assert!(html.contains(">BREACHED</text>"));
    // Escaped, never live.
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert_eq!(html.matches("<script").count(), 0);
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    // Nothing external: no links to fetch, no scripts, no remote fonts or images.
    for bad in ["src=", "http://", "https://", "@import", "url("] {
        let allowed_ns = bad == "http://"
            && html.matches("http://").count()
                == html.matches("http://www.w3.org/2000/svg").count();
        assert!(!html.contains(bad) || allowed_ns, "{bad} in the HTML");
    }
    // It parses as HTML (python's parser, strict about nesting here).
    let check = r#"
import sys
from html.parser import HTMLParser
VOID = {"meta","br","img","hr","input","link","path","rect","line","circle"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack=[]
    def handle_starttag(self, tag, attrs):
        if tag not in VOID: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs): pass
    def handle_endtag(self, tag):
        if tag in VOID: return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
assert p.stack == [], p.stack
print("ok")
"#;
    let py = Command::new("python3")
        .arg("-c")
        .arg(check)
        .arg(&out)
        .output()
        .expect("python3 is installed by .ci/run");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
}

#[test]
fn json_parses_with_jq_and_csv_has_one_row_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let log = make_log(dir.path());
    let n = events(&log).len();
    let json_path = dir.path().join("r.json");
    std::fs::write(&json_path, report(&log, "json")).unwrap();
    let jq = Command::new("jq")
        .args([
            "-r",
            r#"[.format, (.entries|length), .counts.posted, .outcome, (.deadlines|map(select(.outcome.result=="met_late"))|length)] | @tsv"#,
        ])
        .arg(&json_path)
        .output()
        .expect("jq is installed by .ci/run");
    assert!(
        jq.status.success(),
        "{}",
        String::from_utf8_lossy(&jq.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&jq.stdout).trim(),
        format!("warroom-report/1\t{n}\t1\tHandedOffToCs\t1")
    );
    let json = std::fs::read_to_string(&json_path).unwrap();
    assert!(json.contains("␛]0;pwned␇"), "{json}");
    assert!(!json.contains("\\u001b") && !json.contains('\u{202e}'));

    let csv_path = dir.path().join("r.csv");
    std::fs::write(&csv_path, report(&log, "csv")).unwrap();
    let py = Command::new("python3")
        .arg("-c")
        .arg(
            "import csv,sys,json\nrows=list(csv.DictReader(open(sys.argv[1],newline='',encoding='utf-8')))\nprint(json.dumps([len(rows), rows[0]['kind'], rows[2]['kind'], rows[2]['amended_by'], rows[-1]['kind'], rows[-1]['t_plus_secs']]))",
        )
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(
        got,
        serde_json::json!([n, "opened", "note", "33", "closed", "4560"])
    );
}

#[test]
fn a_torn_last_line_still_reports_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let log = make_log(dir.path());
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(b"{\"seq\":36,\"at\":\"2026-11-22T01:07:00+09:00\",\"ki");
    std::fs::write(&log, &bytes).unwrap();
    for format in ["md", "html", "json", "csv"] {
        let out = bin()
            .args(["report", "--format", format])
            .arg(&log)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("last line (36"), "{format}: {stderr}");
        let text = String::from_utf8_lossy(&out.stdout);
        if format != "csv" {
            assert!(text.contains("is torn"), "{format}: {text}");
        }
    }
    // Reporting never repairs or changes the log.
    assert_eq!(std::fs::read(&log).unwrap(), bytes);
}

#[test]
fn without_its_playbook_a_report_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let pb = dir.path().join("pb.ron");
    std::fs::copy(common::repo().join(CEO), &pb).unwrap();
    let log = dir.path().join("x.jsonl");
    let out = run_script(dir.path(), pb.to_str().unwrap(), CEO_SCRIPT, &log);
    assert!(out.status.success());
    std::fs::remove_file(&pb).unwrap();
    let out = bin().args(["report"]).arg(&log).output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("> **Playbook:** cannot find the playbook"),
        "{md}"
    );
    // Breaches still come from the log itself.
    assert!(md.contains("Tone classified"));
    // --playbook supplies it.
    let out = bin()
        .args(["report", "--playbook", CEO])
        .arg(&log)
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(!md.contains("> **Playbook:**"), "{md}");
    assert!(md.contains("not taken: Abuse or trolling"));
}
