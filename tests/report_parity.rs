//! The Markdown and HTML reports of the same drill log say the same things: the same section
//! headings in the same order, and the same rows (header included) in every section's tables —
//! the expectations and the deadlines above all — once each format's markup is taken off.
//! Both render one report document; this test reads the two outputs as a reader would (the
//! Markdown's `##` and `|` rows, the HTML's `<h2>` and `<tr>`), so a renderer that drops or
//! rewords anything makes it fail (the comparison is shown failing on a doctored report).

mod common;

use std::path::{Path, PathBuf};

use common::bin;
use regex::Regex;

const TROLL: &str = "scenarios/troll-pile-on.ron";
const KT: &str = "scenarios/kt-lost-iphone.ron";

/// The troll drill to the end: a deadline breached, every expectation met, a hot wash.
const TROLL_SCRIPT: &str = "ack pile-on\ntick captured\ntick tone-classified\nchoose troll-watch\ntick no-engagement\nwait 10m\nack ceo-wants-reply\nnote \"CEO wanted to reply | told him <b>no</b>\"\nwait 20m\nack cs-offer\nchoose cs-handoff\ntick context-passed\ntick customer-contacted\nwait 30m\nchoose end-cs\nclose handed_off_to_cs \"Pile-on ignored; the case is with CS\"\n";

/// The KT drill with a post and then stopped: expectations met and missed, a deadline not yet
/// due, text with Markdown specials in it.
const KT_SCRIPT: &str = "ack relay\ntick captured\ntick tone-classified\nchoose map-issue\ntick raiser\ntick sympathisers\ntick points-listed\ntick complaint-type\nchoose gather-facts\ntick expert-consulted\ntick facts-reverified\ntick legal-check\nchoose acknowledge\ntick problem-named\ntick intent\nchoose transparency\ntick fault-status\ntick no-vague\nchoose apologize\ntick fault-named\ntick no-conditions\ndraft \"@sky_traveler82 님, `약관` *안내* | 잘못됐습니다.\"\nchoose ceo-approval\nwait 9m\ntick read-all\ntick promises-ok\napprove --by 표현명\npost\n";

fn drill_log(dir: &Path, scenario: &str, script: &str) -> PathBuf {
    let s = dir.join("script.txt");
    std::fs::write(&s, script).unwrap();
    let log = dir.join("drill.jsonl");
    let out = bin()
        .args(["drill", scenario, "--script"])
        .arg(&s)
        .args(["--now", "2026-11-21T10:00:00+09:00", "--operator", "tester"])
        .arg("--log")
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

/// A section: its heading and its tables' rows (each a list of cells, plain text).
type Sections = Vec<(String, Vec<Vec<String>>)>;

fn unescape_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A Markdown cell as plain text: emphasis and code marks dropped, backslash escapes and
/// entities undone, `<br>` a newline.
fn md_plain(cell: &str) -> String {
    let mut out = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' | '`' => {}
            c => out.push(c),
        }
    }
    unescape_entities(&out.replace("<br>", "\n"))
        .trim()
        .to_string()
}

/// The cells of a Markdown table row, split on the pipes that are not escaped.
fn md_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                cur.extend(chars.next());
            }
            '|' => cells.push(md_plain(&std::mem::take(&mut cur))),
            c => cur.push(c),
        }
    }
    cells
}

/// The Markdown's sections (`## `) and table rows (separator rows and fenced blocks skipped).
fn md_sections(md: &str) -> Sections {
    let mut out: Sections = Vec::new();
    let mut fence: Option<String> = None;
    for line in md.lines() {
        if let Some(f) = &fence {
            if line == f {
                fence = None;
            }
            continue;
        }
        if line.starts_with("```") {
            fence = Some(line.trim_end_matches("text").to_string());
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            out.push((h.to_string(), Vec::new()));
        } else if line.starts_with('|')
            && !line.starts_with("|---")
            && let Some(s) = out.last_mut()
        {
            s.1.push(md_cells(line));
        }
    }
    out
}

fn html_plain(cell: &str) -> String {
    let tags = Regex::new(r"<[^>]*>").unwrap();
    unescape_entities(&tags.replace_all(&cell.replace("<br>", "\n"), ""))
        .trim()
        .to_string()
}

/// The HTML's sections (`<h2>`) and table rows (`<tr>`, cells `<th>`/`<td>`).
fn html_sections(html: &str) -> Sections {
    let h2 = Regex::new(r"(?s)<h2[^>]*>(.*?)</h2>").unwrap();
    let tr = Regex::new(r"(?s)<tr[^>]*>(.*?)</tr>").unwrap();
    let cell = Regex::new(r"(?s)<t[hd][^>]*>(.*?)</t[hd]>").unwrap();
    let heads: Vec<_> = h2.captures_iter(html).collect();
    let mut out = Vec::new();
    for (i, c) in heads.iter().enumerate() {
        let whole = c.get(0).unwrap();
        let end = heads
            .get(i + 1)
            .map_or(html.len(), |n| n.get(0).unwrap().start());
        let body = &html[whole.end()..end];
        let rows = tr
            .captures_iter(body)
            .map(|r| {
                cell.captures_iter(&r[1])
                    .map(|c| html_plain(&c[1]))
                    .collect()
            })
            .collect();
        out.push((html_plain(&c[1]), rows));
    }
    out
}

fn rows_of<'a>(s: &'a Sections, heading: &str) -> &'a [Vec<String>] {
    &s.iter()
        .find(|(h, _)| h == heading)
        .unwrap_or_else(|| panic!("no section {heading}"))
        .1
}

/// Asserts the two outputs have the same headings and the same rows in each section.
fn assert_same(md: &Sections, html: &Sections) {
    let mh: Vec<&str> = md.iter().map(|s| s.0.as_str()).collect();
    let hh: Vec<&str> = html.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(mh, hh, "section headings differ");
    for ((heading, m), (_, h)) in md.iter().zip(html) {
        assert_eq!(m, h, "rows of section {heading:?} differ");
    }
}

fn check(scenario: &str, script: &str) -> (Sections, Sections) {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), scenario, script);
    let md = md_sections(&report(&log, "md"));
    let html = html_sections(&report(&log, "html"));
    assert_same(&md, &html);
    let rows: usize = md.iter().map(|s| s.1.len()).sum();
    assert!(rows > 30, "only {rows} table rows compared");
    (md, html)
}

#[test]
fn markdown_and_html_of_a_finished_drill_agree() {
    let (md, html) = check(TROLL, TROLL_SCRIPT);
    for h in [
        "Briefing",
        "Score",
        "Expectations",
        "Path: intended and taken",
        "Timeline",
        "Deadlines",
        "Drafts and approvals",
        "Posted, verbatim",
        "Notes",
        "Hot-wash questions",
        "Lessons and follow-ups",
    ] {
        assert!(md.iter().any(|s| s.0 == h), "no {h}");
    }
    let exp = rows_of(&md, "Expectations");
    assert_eq!(
        exp[0],
        [
            "Expectation",
            "Looked for",
            "Due",
            "Done",
            "Result",
            "Points"
        ]
    );
    assert_eq!(exp.len(), 6, "{exp:?}");
    let cs = exp
        .iter()
        .find(|r| r[0].contains("(cs-takes-case)"))
        .unwrap();
    assert_eq!(
        cs[2..],
        [
            "T+45m (10:45:00), late until T+1h15m",
            "T+30m (10:30:00)",
            "✅ met",
            "3 / 3"
        ]
    );
    let dl = rows_of(&html, "Deadlines");
    assert_eq!(dl[0], ["Deadline", "Step", "Due", "Result"]);
    // Not engaging needs no public acknowledgement: the troll-watch path waives it.
    assert!(
        dl.iter().any(|r| r[0].contains("(first-ack)")
            && r[3] == "— not applicable (the path taken at T+0s does not need it)"),
        "{dl:?}"
    );
    assert!(!dl.iter().any(|r| r[3].contains("BREACHED")), "{dl:?}");
}

#[test]
fn markdown_and_html_of_a_stopped_drill_agree() {
    let (md, _) = check(KT, KT_SCRIPT);
    let exp = rows_of(&md, "Expectations");
    assert!(exp.iter().any(|r| r[4] == "❌ missed"), "{exp:?}");
    let dl = rows_of(&md, "Deadlines");
    assert!(dl.iter().any(|r| r[3] == "… not yet due"), "{dl:?}");
}

/// The comparison fails when one format loses a row, a column or a heading.
#[test]
fn the_comparison_catches_a_difference() {
    let dir = common::tempdir();
    let log = drill_log(dir.path(), TROLL, TROLL_SCRIPT);
    let md = md_sections(&report(&log, "md"));
    let html_text = report(&log, "html");
    let doctored = [
        // A deadline row dropped.
        Regex::new(r"(?s)(<h2 id=.deadlines.>.*?</tr>\n)<tr>.*?</tr>\n")
            .unwrap()
            .replace(&html_text, "$1")
            .into_owned(),
        // The expectations' Done column dropped.
        html_text
            .replace("<th>Done</th>", "")
            .replace("<td>T+30m (10:30:00)</td>", ""),
        // A section renamed.
        html_text.replace(">Drafts and approvals<", ">Drafts, approvals and posts<"),
    ];
    for (i, d) in doctored.iter().enumerate() {
        assert_ne!(&html_text, d, "doctoring {i} changed nothing");
        let html = html_sections(d);
        let r = std::panic::catch_unwind(|| assert_same(&md, &html));
        assert!(r.is_err(), "doctoring {i} went unnoticed");
    }
}

/// The after-action additions agree too: a drill with objectives, run by an evaluator's seat
/// (observations), paused (work while paused) and given findings (the improvement plan).
#[test]
fn markdown_and_html_agree_on_observations_pauses_and_the_improvement_plan() {
    let dir = common::tempdir();
    // The troll scenario with objectives (invented for this test) over its expectations.
    let playbook = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("playbooks/ceo-twitter-complaint.ron");
    let text = std::fs::read_to_string(TROLL)
        .unwrap()
        .replacen(
            "\"../playbooks/ceo-twitter-complaint.ron\"",
            &format!("{:?}", playbook.display().to_string()),
            1,
        )
        .replacen(
        "    hot_wash: [",
        "    objectives: [\n        (id: \"restraint\", label: \"Restraint in public (invented)\", expectations: [\"no-public-reply\", \"no-engagement-ticked\"]),\n        (id: \"care\", label: \"The real customer is cared for (invented)\", expectations: [\"cs-takes-case\"]),\n    ],\n    hot_wash: [",
        1,
    );
    let sc = dir.path().join("troll.ron");
    std::fs::write(&sc, text).unwrap();
    let script = dir.path().join("s.txt");
    std::fs::write(
        &script,
        "ack pile-on\npause\nobserve classified-abuse: quick\nresume\nnote \"slow on CS\"\nobserve cs-takes-case: nobody looked\n",
    )
    .unwrap();
    let log = dir.path().join("drill.jsonl");
    let out = bin()
        .args(["drill"])
        .arg(&sc)
        .arg("--script")
        .arg(&script)
        .args([
            "--now",
            "2026-11-21T10:00:00+09:00",
            "--operator",
            "eva",
            "--role",
            "evaluator",
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
    for (ties, action) in [
        ("cs-takes-case", "Name the CS contact"),
        ("restraint", "Brief the CEO"),
        ("no-public-reply", "Keep the house rule card"),
        ("general", "Shorter briefing"),
    ] {
        let out = bin()
            .arg("review")
            .arg(&log)
            .args([
                "--note",
                &format!("about {ties}"),
                "--finding",
                ties,
                "--action",
                action,
            ])
            .args([
                "--owner",
                "Minji",
                "--due",
                "2026-12-15",
                "--operator",
                "rev",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let md = md_sections(&report(&log, "md"));
    let html = html_sections(&report(&log, "html"));
    assert_same(&md, &html);
    for h in [
        "Work while the drill was paused",
        "Evaluator observations",
        "Improvement plan",
    ] {
        assert!(md.iter().any(|s| s.0 == h), "no {h}");
    }
    let plan = rows_of(&md, "Improvement plan");
    let firsts: Vec<(&str, &str)> = plan[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    // By objective (its own findings first, then its expectations'), then general.
    assert_eq!(
        firsts,
        [
            ("Restraint in public (invented) (restraint)", "—"),
            (
                "Restraint in public (invented) (restraint)",
                "The CEO's account stays out of the pile-on (no-public-reply)"
            ),
            (
                "The real customer is cared for (invented) (care)",
                "The real customer's case handed to CS (cs-takes-case)"
            ),
            ("general", "—"),
        ],
        "{plan:?}"
    );
}
