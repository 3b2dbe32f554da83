//! Entry points shared by the cargo-fuzz targets (`fuzz/`) and the bounded arbitrary-input
//! tests (`tests/fuzz_bounded.rs`), so both run the same code. Each takes arbitrary bytes and
//! must not panic, hang or read a file; a failed check below panics, which the fuzzer reports
//! as a crash.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::playbook::load::{parse_ron, source_from_bytes};
use crate::playbook::{Loaded, Playbook, lint::lint};
use crate::scenario::LoadedScenario;
use crate::scenario::model::Scenario;

/// Rendered diagnostics never carry a raw control character to the terminal.
fn assert_clean(rendered: &str) {
    assert!(
        !rendered
            .chars()
            .any(|c| (c < ' ' && c != '\n' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c)),
        "a raw control character reached a diagnostic: {rendered:?}"
    );
}

fn render(d: &Diagnostic, source: Option<&str>) {
    assert_clean(&d.render(source, false));
    assert_clean(&d.summary());
}

/// Loads bytes as a playbook (UTF-8, RON, fields), then lints it; every diagnostic renders
/// without control characters.
pub fn playbook(data: &[u8]) {
    let loaded = source_from_bytes("fuzz.ron", data).and_then(|source| {
        let playbook = parse_ron::<Playbook>(&source)?;
        Ok(Loaded { playbook, source })
    });
    let text = std::str::from_utf8(data).ok();
    match loaded {
        Ok(l) => {
            for d in lint(&l) {
                render(&d, Some(&l.source.text));
            }
        }
        Err(d) => render(&d, text),
    }
}

/// Loads bytes as a scenario, then checks it against the embedded default playbook (whatever
/// playbook the scenario names: no file is read).
pub fn scenario(data: &[u8]) {
    let loaded = source_from_bytes("fuzz-scenario.ron", data).and_then(|source| {
        let scenario = parse_ron::<Scenario>(&source)?;
        Ok(LoadedScenario { scenario, source })
    });
    let text = std::str::from_utf8(data).ok();
    match loaded {
        Ok(sc) => {
            let pb = crate::playbook::default_playbook();
            let (diags, _) = crate::scenario::check::check_against(
                &sc,
                Path::new("ceo-twitter-complaint.ron"),
                pb,
            );
            for d in diags {
                render(&d, Some(&sc.source.text));
            }
        }
        Err(d) => render(&d, text),
    }
}

/// Reads bytes as a log: the streaming reader and the verifier agree, stop at the first bad
/// line, and their messages carry no control characters.
pub fn log(data: &[u8]) {
    let mut n = 0u64;
    let Ok(read) = crate::log::reader::scan_sequential(data, |_| n += 1) else {
        return;
    };
    let Ok(report) = crate::log::verify::verify_reader(data) else {
        return;
    };
    assert_eq!(report.events, n);
    match (&read.problem, &report.problem) {
        (Some(a), Some(b)) => assert_eq!(a, b),
        (Some(_), None) => panic!("the verifier missed a problem the reader found"),
        (None, Some(b)) => assert!(n == 0 && read.torn.is_none(), "{b:?}"),
        (None, None) => {}
    }
    // The threaded reader, in blocks small enough to cut the input anywhere, reads the same.
    for block in [1, 7, 64] {
        let opts = crate::log::parallel::Options { block, workers: 2 };
        let mut seq = Vec::new();
        let Ok(threaded) = crate::log::parallel::scan(data, opts, |e| seq.push(e.seq)) else {
            return;
        };
        assert_eq!(seq.len() as u64, n, "block {block}");
        assert_eq!(threaded.problem, read.problem, "block {block}");
        assert_eq!(threaded.torn, read.torn, "block {block}");
        assert_eq!(threaded.good_len, read.good_len, "block {block}");
        assert_eq!(threaded.last_hash, read.last_hash, "block {block}");
    }
    assert!(read.good_len <= data.len() as u64);
    if let Some(p) = &read.problem {
        assert_clean(&p.message);
        assert!(p.line == n + 1, "the problem is on the first line not read");
    }
    if let Some(t) = &read.torn {
        assert_eq!(t.offset, read.good_len);
        assert_eq!(t.offset + t.bytes, data.len() as u64);
    }
    // Each line alone: decoding never panics.
    for line in data.split(|&b| b == b'\n') {
        if let Ok(s) = std::str::from_utf8(line) {
            let _ = crate::log::chain::check_hash(s);
            let _ = crate::log::parse::event_line(s);
            // The one-pass parse, when it takes a line, reads what the general parse reads.
            if let Some(one) = crate::log::parse::one_pass(s) {
                assert_eq!(Ok(one), crate::log::parse::two_pass(s), "{s:?}");
            }
        }
    }
}

/// Parses bytes as a headless script, line by line; an error's column lies on its line.
pub fn script(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for line in text.lines() {
        if let Err(e) = crate::script::parse_line(line) {
            assert!(
                e.col >= 1 && e.col <= line.chars().count() + 1,
                "column {} outside the line {line:?}",
                e.col
            );
        }
    }
}

/// Reads bytes as a post (format detection), as a feed (JSON Lines, in chunks of 1, 7 and 64
/// bytes, every line accounted for in order) and as a CSV export through each shipped profile
/// (every row accounted for); no text that comes out holds a control, escape or bidi character.
pub fn intake(data: &[u8]) {
    use crate::intake::feed::{LineResult, Lines};
    use crate::text::has_hostile;
    let clean = |p: &crate::intake::Post| {
        for s in [
            Some(&p.id),
            p.handle.as_ref(),
            p.author.as_ref(),
            Some(&p.text),
            p.link.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(!has_hostile(s), "hostile text came through: {s:?}");
        }
    };
    match crate::intake::parse_posts(data) {
        Ok(posts) => posts.iter().for_each(|p| clean(&p.post)),
        Err(e) => {
            assert!(e.line.is_none_or(|l| l >= 1) && e.column.is_none_or(|c| c >= 1));
            assert_clean(&e.message);
        }
    }
    for chunk in [1, 7, 64] {
        let mut lines = Lines::new();
        let mut results = Vec::new();
        for c in data.chunks(chunk) {
            results.extend(lines.push(c));
        }
        results.extend(lines.finish());
        for (i, r) in results.iter().enumerate() {
            let n = match r {
                LineResult::Posts { line, posts, .. } => {
                    posts.iter().for_each(|p| clean(&p.post));
                    *line
                }
                LineResult::Rejected(r) => {
                    assert_clean(&r.message);
                    r.line
                }
                LineResult::Blank(n) => *n,
            };
            assert_eq!(n, i + 1, "lines out of order");
        }
    }
    for profile in [
        include_str!("../../profiles/meltwater.ron"),
        include_str!("../../profiles/brandwatch.ron"),
        include_str!("../../profiles/talkwalker.ron"),
    ] {
        let Ok(p) = crate::intake::profile::Profile::parse(profile) else {
            panic!("a shipped profile does not parse");
        };
        match crate::intake::csv::read(data, &p) {
            Ok(r) => {
                assert_eq!(r.rows.len() + r.rejected.len(), r.data_rows);
                r.rows.iter().for_each(|row| clean(&row.parsed.post));
                r.rejected.iter().for_each(|(_, m)| assert_clean(m));
            }
            Err(e) => assert_clean(&e),
        }
    }
}
