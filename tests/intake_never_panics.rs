//! The intake readers never panic and never let a raw control, escape or bidi character
//! through, whatever the bytes: arbitrary input and mutations of the fixtures, through the post
//! detection, the feed's line reader (in arbitrary chunks) and the CSV reader with each shipped
//! profile. Every located error has a line (and column) of at least 1.

use proptest::prelude::*;
use warroom::intake::csv;
use warroom::intake::feed::{LineResult, Lines};
use warroom::intake::profile::Profile;
use warroom::intake::{Parsed, parse_posts};
use warroom::text::has_hostile;

const FIXTURES: &[&[u8]] = &[
    include_bytes!("fixtures/intake/x-api-v2-lookup.json"),
    include_bytes!("fixtures/intake/x-archive-tweets.js"),
    include_bytes!("fixtures/intake/bluesky-getrecord.json"),
    include_bytes!("fixtures/intake/bluesky-postview.json"),
    include_bytes!("fixtures/intake/jetstream-commit.jsonl"),
    include_bytes!("fixtures/intake/mastodon-status.json"),
];
const FEED: &[u8] = include_bytes!("fixtures/intake/feed.jsonl");
const MELTWATER: &[u8] = include_bytes!("fixtures/intake/meltwater.csv");
const BRANDWATCH: &[u8] = include_bytes!("fixtures/intake/brandwatch.csv");

fn profiles() -> Vec<Profile> {
    ["meltwater", "brandwatch", "talkwalker"]
        .iter()
        .map(|n| {
            Profile::parse(
                &std::fs::read_to_string(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("profiles")
                        .join(format!("{n}.ron")),
                )
                .unwrap(),
            )
            .unwrap()
        })
        .collect()
}

fn clean_post(p: &Parsed) {
    let post = &p.post;
    for s in [
        Some(&post.id),
        post.handle.as_ref(),
        post.author.as_ref(),
        Some(&post.text),
        post.link.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!has_hostile(s), "{s:?}");
    }
}

fn check_bytes(bytes: &[u8]) {
    match parse_posts(bytes) {
        Ok(posts) => posts.iter().for_each(clean_post),
        Err(e) => {
            assert!(e.line.is_none_or(|l| l >= 1), "{e:?}");
            assert!(e.column.is_none_or(|c| c >= 1), "{e:?}");
            assert!(!e.message.contains('\u{1b}'), "{e:?}");
        }
    }
}

fn check_feed(bytes: &[u8], chunk: usize) {
    let mut lines = Lines::new();
    let mut results = Vec::new();
    for c in bytes.chunks(chunk.max(1)) {
        results.extend(lines.push(c));
    }
    results.extend(lines.finish());
    let mut last = 0;
    for r in &results {
        let n = match r {
            LineResult::Posts { line, posts, .. } => {
                posts.iter().for_each(clean_post);
                *line
            }
            LineResult::Rejected(r) => {
                assert!(!r.message.contains('\u{1b}'), "{r:?}");
                r.line
            }
            LineResult::Blank(n) => *n,
        };
        assert_eq!(n, last + 1, "every line accounted for, in order");
        last = n;
    }
}

fn check_csv(bytes: &[u8]) {
    for p in profiles() {
        match csv::read(bytes, &p) {
            Ok(r) => {
                assert_eq!(r.rows.len() + r.rejected.len(), r.data_rows);
                r.rows.iter().for_each(|row| clean_post(&row.parsed));
                for (_, why) in &r.rejected {
                    assert!(!why.contains('\u{1b}'), "{why:?}");
                }
            }
            Err(e) => assert!(!e.contains('\u{1b}'), "{e:?}"),
        }
    }
}

fn mutate(base: &[u8], at: usize, byte: u8, op: u8) -> Vec<u8> {
    let mut v = base.to_vec();
    if v.is_empty() {
        return vec![byte];
    }
    let i = at % v.len();
    match op % 4 {
        0 => v[i] = byte,
        1 => v.insert(i, byte),
        2 => {
            v.remove(i);
        }
        _ => v.truncate(i),
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024), chunk in 1usize..64) {
        check_bytes(&bytes);
        check_feed(&bytes, chunk);
        check_csv(&bytes);
    }

    #[test]
    fn mutated_posts(which in 0usize..6, muts in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4)) {
        let mut b = FIXTURES[which].to_vec();
        for (at, byte, op) in muts {
            b = mutate(&b, at, byte, op);
        }
        check_bytes(&b);
    }

    #[test]
    fn mutated_feed_and_exports(muts in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4), chunk in 1usize..200) {
        let (mut f, mut m, mut b) = (FEED.to_vec(), MELTWATER.to_vec(), BRANDWATCH.to_vec());
        for (at, byte, op) in muts {
            f = mutate(&f, at, byte, op);
            m = mutate(&m, at, byte, op);
            b = mutate(&b, at, byte, op);
        }
        check_feed(&f, chunk);
        check_csv(&m);
        check_csv(&b);
    }

    #[test]
    fn hostile_text_in_a_post_is_neutralised(text in "\\PC{0,200}", c in prop::sample::select(vec!['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{feff}'])) {
        let t = format!("{text}{c}[2J{text}");
        let json = serde_json::json!({"data": {"id": "1", "text": t}}).to_string();
        let p = parse_posts(json.as_bytes()).unwrap();
        clean_post(&p[0]);
        let html = serde_json::json!({"id": "1", "content": format!("<p>{t}</p>"), "account": {"acct": format!("a{c}b")}}).to_string();
        let p = parse_posts(html.as_bytes()).unwrap();
        clean_post(&p[0]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The fuzz target's entry point (`fuzz/fuzz_targets/intake.rs`), bounded.
    #[test]
    fn the_fuzz_entry_on_arbitrary_and_mutated_input(bytes in prop::collection::vec(any::<u8>(), 0..512), which in 0usize..6, at in any::<usize>(), byte in any::<u8>(), op in any::<u8>()) {
        warroom::dev::fuzz_entry::intake(&bytes);
        warroom::dev::fuzz_entry::intake(&mutate(FIXTURES[which], at, byte, op));
        warroom::dev::fuzz_entry::intake(&mutate(FEED, at, byte, op));
        warroom::dev::fuzz_entry::intake(&mutate(MELTWATER, at, byte, op));
    }
}

#[test]
fn the_fuzz_corpus_passes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/intake");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        warroom::dev::fuzz_entry::intake(&std::fs::read(e.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n >= 9);
}
