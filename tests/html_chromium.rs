//! The HTML report in a real browser: headless Chromium parses it (the DOM has the SVG
//! timeline and no script element, though a note carried `<script>`), and
//! `scripts/report-screenshot.sh` takes a screenshot of it. Chromium is required (CI installs
//! Debian's chromium); this test fails, never skips, without it.

mod common;

use std::process::Command;

use common::{CEO, CEO_SCRIPT, bin, run_ok};

fn chromium() -> &'static str {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {c}"))
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!("chromium is required for this test: apt-get install chromium (.ci/run does)");
}

#[test]
fn chromium_renders_the_html_report_and_a_screenshot_is_taken() {
    let dir = common::tempdir();
    let log = dir.path().join("inc.jsonl");
    let script = CEO_SCRIPT.replace(
        "note \"Relayed by a journalist; 40 retweets\"",
        "note \"<script>document.title='pwned'</script><img src=x onerror=alert(1)>\"",
    );
    run_ok(dir.path(), CEO, &script, &log);
    let html = dir.path().join("report.html");
    let out = bin()
        .args(["report", "--format", "html", "-o"])
        .arg(&html)
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success());

    let profile = dir.path().join("profile");
    let dom = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<svg"), "no SVG in the DOM:\n{dom}");
    assert!(dom.contains("BREACHED</text>"));
    assert!(!dom.contains("<script"), "a script element in the DOM");
    assert!(!dom.contains("<img"), "an img element in the DOM");
    assert!(dom.contains("&lt;script&gt;document.title="), "{dom}");
    // The title is the report's, not the note's.
    assert!(dom.contains("<title>Post-mortem: "));

    let png = dir.path().join("shot.png");
    let shot = Command::new(common::repo().join("scripts/report-screenshot.sh"))
        .arg(&html)
        .arg(&png)
        .arg("1000x1400")
        .output()
        .unwrap();
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Width and height from the IHDR chunk.
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, h), (1000, 1400));
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
}

/// `--format pdf`: a drill's after-action report printed by headless Chromium; the PDF's text
/// (read by pdftotext, from poppler-utils) has the report's headings.
#[test]
fn the_pdf_report_is_a_pdf_with_the_headings() {
    chromium();
    let dir = common::tempdir();
    let script = dir.path().join("s.txt");
    std::fs::write(
        &script,
        "ack pile-on\ntick captured\nnote \"한국어 메모\"\n",
    )
    .unwrap();
    let log = dir.path().join("drill.jsonl");
    let out = bin()
        .args(["drill", "scenarios/troll-pile-on.ron", "--script"])
        .arg(&script)
        .args([
            "--now",
            "2026-11-21T10:00:00+09:00",
            "--operator",
            "tester",
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
    let pdf = dir.path().join("report.pdf");
    let out = bin()
        .args(["report", "--format", "pdf"])
        .arg(&log)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is required for this test: apt-get install poppler-utils (scripts/test does)");
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    for h in [
        "After-action report",
        "Briefing",
        "Score",
        "Expectations",
        "Evaluator observations",
        "Timeline",
        "Improvement plan",
        "Lessons and follow-ups",
    ] {
        assert!(text.contains(h), "no {h:?} in the PDF's text:\n{text}");
    }
    assert!(text.contains("한국어 메모"), "the Korean note is missing");
}

/// Without Chromium (or without -o) the PDF is refused with a clear error and nothing written.
#[test]
fn the_pdf_report_says_what_is_missing() {
    let dir = common::tempdir();
    let log = dir.path().join("inc.jsonl");
    run_ok(dir.path(), CEO, CEO_SCRIPT, &log);
    let pdf = dir.path().join("r.pdf");
    let out = bin()
        .args(["report", "--format", "pdf"])
        .arg(&log)
        .arg("-o")
        .arg(&pdf)
        .env("PATH", dir.path())
        .env_remove("WARROOM_CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("headless Chromium, which is not installed"),
        "{err}"
    );
    assert!(err.contains("apt-get install chromium"), "{err}");
    assert!(!pdf.exists());
    let out = bin()
        .args(["report", "--format", "pdf"])
        .arg(&log)
        .env("WARROOM_CHROMIUM", dir.path().join("nope"))
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("$WARROOM_CHROMIUM is"));
    let out = bin()
        .args(["report", "--format", "pdf"])
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format pdf needs -o FILE.pdf"));
    assert!(out.stdout.is_empty());
}
