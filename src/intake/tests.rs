//! The readers against the fixtures in tests/fixtures/intake/ (invented content in the real
//! shapes).

use super::feed::{Feed, LineResult, Lines, Seen, sparkline};
use super::profile::Profile;
use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/intake")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn profile(name: &str) -> Profile {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("profiles")
        .join(name);
    Profile::load(&p).unwrap()
}

#[test]
fn x_api_v2_lookup() {
    let p = parse_post(&fixture("x-api-v2-lookup.json"), None).unwrap();
    assert_eq!(p.format, Format::XApiV2);
    let post = p.post;
    assert_eq!(post.id, "1861000000000000001");
    assert_eq!(post.handle.as_deref(), Some("@minji_k"));
    assert_eq!(post.author.as_deref(), Some("Minji Kim"));
    assert!(post.text.starts_with("@acme_ceo Your app charged me twice"));
    assert_eq!(
        post.link.as_deref(),
        Some("https://x.com/minji_k/status/1861000000000000001")
    );
    assert_eq!(
        post.created_at.unwrap().to_rfc3339(),
        "2026-11-21T08:52:10+00:00"
    );
    assert_eq!(post.in_reply_to.as_deref(), Some("1860999999999999999"));
    assert_eq!(post.metrics.followers, Some(12400));
    assert_eq!(post.metrics.views, Some(48210));
    assert_eq!(post.metrics.reposts, Some(312));
    assert_eq!(post.metrics.reach(), Some(48210));
    assert_eq!(
        post.metrics.summary(),
        "48,210 views · 12,400 followers · 312 reposts · 41 quotes · 95 replies · 1,204 likes"
    );
}

#[test]
fn x_archive() {
    let p = parse_post(&fixture("x-archive-tweets.js"), None).unwrap();
    assert_eq!(p.format, Format::XArchive);
    assert_eq!(p.post.id, "1861000000000000100");
    assert_eq!(p.post.handle, None);
    assert_eq!(p.post.metrics.likes, Some(27));
    assert_eq!(p.post.metrics.reposts, Some(4));
    assert_eq!(
        p.post.created_at.unwrap().to_rfc3339(),
        "2026-11-21T00:05:00+00:00"
    );
}

#[test]
fn bluesky_three_shapes() {
    let g = parse_post(&fixture("bluesky-getrecord.json"), None).unwrap();
    assert_eq!(g.format, Format::BlueskyPost);
    assert_eq!(
        g.post.id,
        "at://did:plc:inventedaaaaaaaaaaaaaaaa/app.bsky.feed.post/3lbinvented2a"
    );
    assert_eq!(
        g.post.handle.as_deref(),
        Some("did:plc:inventedaaaaaaaaaaaaaaaa")
    );
    assert_eq!(
        g.post.link.as_deref(),
        Some("https://bsky.app/profile/did:plc:inventedaaaaaaaaaaaaaaaa/post/3lbinvented2a")
    );
    let v = parse_post(&fixture("bluesky-postview.json"), None).unwrap();
    assert_eq!(v.post.handle.as_deref(), Some("@jun.example.social"));
    assert_eq!(v.post.author.as_deref(), Some("Jun Park"));
    assert_eq!(v.post.metrics.reposts, Some(18));
    assert_eq!(v.post.metrics.likes, Some(77));
    assert_eq!(v.post.in_reply_to.as_deref(), Some(g.post.id.as_str()));
    assert_eq!(
        v.post.link.as_deref(),
        Some("https://bsky.app/profile/jun.example.social/post/3lbinvented2b")
    );
    let b = parse_post(&fixture("bluesky-record.json"), None).unwrap();
    assert!(b.post.id.starts_with("bsky-record:"), "{}", b.post.id);
    assert!(b.post.metrics.is_empty());
}

#[test]
fn jetstream_commit() {
    let p = parse_post(&fixture("jetstream-commit.jsonl"), None).unwrap();
    assert_eq!(p.format, Format::Jetstream);
    assert_eq!(
        p.post.id,
        "at://did:plc:inventedcccccccccccccccc/app.bsky.feed.post/3lbinvented2c"
    );
    assert_eq!(
        p.post.handle.as_deref(),
        Some("did:plc:inventedcccccccccccccccc")
    );
    assert!(p.post.text.contains("third double charge"));
    let like = br#"{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.like","rkey":"k","record":{}}}"#;
    let e = parse_post(like, None).unwrap_err();
    assert!(e.message.contains("app.bsky.feed.like"), "{}", e.message);
}

#[test]
fn mastodon_status_html_is_text_and_neutralised() {
    let p = parse_post(&fixture("mastodon-status.json"), None).unwrap();
    assert_eq!(p.format, Format::MastodonStatus);
    let t = &p.post.text;
    assert!(
        t.starts_with("Charged twice by @acme & no answer.\n\nReceipts below"),
        "{t:?}"
    );
    assert!(!t.contains('\u{1b}') && !t.contains('\u{202e}'), "{t:?}");
    assert!(t.contains("␛[2J") && t.contains("<U+202E>"), "{t:?}");
    assert_eq!(p.post.handle.as_deref(), Some("@hana@social.example"));
    assert_eq!(p.post.author.as_deref(), Some("Hana Lee"));
    assert_eq!(p.post.metrics.followers, Some(2310));
    assert_eq!(p.post.metrics.reposts, Some(58));
    assert_eq!(
        p.post.link.as_deref(),
        Some("https://social.example/@hana/113500000000000001")
    );
}

#[test]
fn unknown_format_lists_the_known_ones() {
    let e = parse_post(br#"{"hello": "world"}"#, None).unwrap_err();
    for f in [
        "X API v2",
        "tweets.js",
        "app.bsky.feed.post",
        "Jetstream",
        "Mastodon Status",
    ] {
        assert!(e.message.contains(f), "{f}: {}", e.message);
    }
    assert!(e.message.contains("hello"), "{}", e.message);
}

#[test]
fn bad_input_is_located() {
    let e = parse_post(b"{\n  \"data\": {\"id\": \"1\",\n  \"text\": }", None).unwrap_err();
    assert_eq!(e.line, Some(3), "{e:?}");
    assert!(e.message.contains("not valid JSON"));
    let e = parse_post(b"{\"a\":\n\"\xff\"}", None).unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(2)), "{e:?}");
    assert!(e.message.contains("not UTF-8"));
    let big = vec![b' '; MAX_POST_BYTES + 1];
    let e = parse_post(&big, None).unwrap_err();
    assert!(e.message.contains("too large"), "{}", e.message);
    let e = parse_post(br#"{"data": {"id": "1"}}"#, None).unwrap_err();
    assert!(e.message.contains("\"text\""), "{}", e.message);
}

#[test]
fn a_long_text_is_cut_and_marked() {
    let text = "a".repeat(MAX_TEXT_CHARS + 50);
    let json = format!(r#"{{"data": {{"id": "1", "text": "{text}"}}}}"#);
    let p = parse_post(json.as_bytes(), None).unwrap();
    assert!(p.post.text.ends_with("[…cut]"));
    assert_eq!(
        p.post.text.chars().count(),
        MAX_TEXT_CHARS + " […cut]".chars().count()
    );
}

#[test]
fn several_posts_need_a_pick() {
    let json = br#"{"data": [{"id": "1", "text": "a"}, {"id": "2", "text": "b"}]}"#;
    let e = parse_post(json, None).unwrap_err();
    assert!(
        e.message.contains("--post-id") && e.message.contains("1, 2"),
        "{}",
        e.message
    );
    assert_eq!(parse_post(json, Some("2")).unwrap().post.text, "b");
    assert!(parse_post(json, Some("3")).is_err());
}

fn feed_of(bytes: &[u8]) -> (Feed, Vec<LineResult>) {
    let mut lines = Lines::new();
    // Fed in small chunks, as a growing file is read.
    let mut results = Vec::new();
    for chunk in bytes.chunks(7) {
        results.extend(lines.push(chunk));
    }
    results.extend(lines.finish());
    let mut feed = Feed::new();
    let t0 = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:10:00+00:00").unwrap();
    for r in &results {
        if let LineResult::Posts { posts, .. } = r {
            for p in posts {
                feed.observe(p.format, p.post.clone(), t0);
            }
        }
    }
    (feed, results)
}

#[test]
fn feed_lines_duplicates_snapshots_and_rejections() {
    let (feed, results) = feed_of(&fixture("feed.jsonl"));
    let rejected: Vec<usize> = results
        .iter()
        .filter_map(|r| match r {
            LineResult::Rejected(r) => Some(r.line),
            _ => None,
        })
        .collect();
    assert_eq!(rejected, vec![8], "{results:?}");
    assert!(results.iter().any(|r| matches!(r, LineResult::Blank(9))));
    // 4 X ids + jetstream + mastodon; the repeat of ..001 is a snapshot, of ..002 a duplicate.
    assert_eq!(feed.len(), 6);
    assert_eq!(feed.duplicates(), 1);
    let m = feed.get("1861000000000000001").unwrap();
    assert_eq!(m.snapshots.len(), 2);
    assert_eq!(m.snapshots[1].metrics.views, Some(48210));
    let newest: Vec<&str> = feed.newest_first().map(|m| m.post.id.as_str()).collect();
    assert_eq!(newest[0], "1861000000000000004");
    let osc = &feed.get("1861000000000000004").unwrap().post.text;
    assert!(!osc.contains('\u{1b}') && !osc.contains('\u{7}'), "{osc:?}");
}

#[test]
fn feed_counts_per_minute_and_sparkline() {
    let (feed, _) = feed_of(&fixture("feed.jsonl"));
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:06:30+00:00").unwrap();
    let mins = feed.last_minutes(now, 15);
    let counts: Vec<u64> = mins.iter().map(|m| m.count).collect();
    // 08:52 ×1, 08:53 ×1, 08:55 ×1, 08:57 jetstream? (09:03), mastodon 09:04, 09:06 ×1
    assert_eq!(counts.iter().sum::<u64>(), 6, "{counts:?}");
    assert_eq!(counts[0], 1); // 08:52
    assert_eq!(counts[14], 1); // 09:06
    assert_eq!(sparkline(&[0, 1, 2, 4, 8]), " ▁▂▄█");
    assert_eq!(sparkline(&[1, 1000]), "▁█");
    assert_eq!(sparkline(&[]), "");
}

#[test]
fn lines_reject_an_overlong_line_and_go_on() {
    let mut l = Lines::new();
    let mut r = l.push(&vec![b'x'; MAX_POST_BYTES / 2]);
    r.extend(l.push(&vec![b'x'; MAX_POST_BYTES]));
    r.extend(l.push(b"\n{\"data\":{\"id\":\"1\",\"text\":\"ok\"}}\n"));
    assert!(
        matches!(&r[0], LineResult::Rejected(x) if x.line == 1),
        "{r:?}"
    );
    assert!(matches!(&r[1], LineResult::Posts { line: 2, .. }), "{r:?}");
}

#[test]
fn meltwater_utf16_every_row_accounted_for() {
    let read = csv::read(&fixture("meltwater.csv"), &profile("meltwater.ron")).unwrap();
    assert_eq!(read.encoding, "UTF-16LE");
    assert_eq!(read.data_rows, 6);
    assert_eq!(read.rows.len() + read.rejected.len(), read.data_rows);
    let lines: Vec<usize> = read.rejected.iter().map(|r| r.0).collect();
    assert_eq!(lines, vec![5, 6], "{:?}", read.rejected);
    assert!(
        read.rejected[0].1.contains("4 fields"),
        "{:?}",
        read.rejected
    );
    assert!(
        read.rejected[1].1.contains("yesterday"),
        "{:?}",
        read.rejected
    );
    let first = &read.rows[0].parsed.post;
    assert_eq!(first.id, "1861000000000000001");
    assert_eq!(first.handle.as_deref(), Some("@minji_k"));
    assert_eq!(first.metrics.views, Some(48210));
    assert_eq!(
        first.created_at.unwrap().to_rfc3339(),
        "2026-11-21T08:52:00+00:00"
    );
    // A quoted cell holding a tab and a quote; a news row without a tweet id takes its URL.
    let news = &read.rows[2].parsed.post;
    assert_eq!(news.id, "https://news.example/acme-double-charge");
    let korean = &read.rows[3].parsed.post;
    assert!(korean.text.starts_with("환불은"));
    assert_eq!(read.rows[3].line, 7);
}

#[test]
fn meltwater_profile_refuses_a_utf8_file() {
    let e = csv::read(&fixture("talkwalker.csv"), &profile("meltwater.ron")).unwrap_err();
    assert!(e.contains("wrong encoding"), "{e}");
}

#[test]
fn brandwatch_and_talkwalker() {
    let b = csv::read(&fixture("brandwatch.csv"), &profile("brandwatch.ron")).unwrap();
    assert_eq!((b.rows.len(), b.rejected.len()), (2, 0), "{:?}", b.rejected);
    assert_eq!(b.rows[0].parsed.post.metrics.reposts, Some(312));
    assert_eq!(
        b.rows[1].parsed.post.text,
        "Acme billed me twice \"again\" (invented)"
    );
    let t = csv::read(&fixture("talkwalker.csv"), &profile("talkwalker.ron")).unwrap();
    assert_eq!((t.rows.len(), t.rejected.len()), (2, 0), "{:?}", t.rejected);
    assert_eq!(
        t.rows[0].parsed.post.created_at.unwrap().to_rfc3339(),
        "2026-11-21T08:52:10+00:00"
    );
    assert_eq!(t.rows[1].parsed.post.handle.as_deref(), Some("@hana"));
}

#[test]
fn a_profile_naming_a_missing_column_says_which() {
    let p =
        Profile::parse(r#"Profile(name: "T", encoding: Utf8, time: "When", text: ["content"])"#)
            .unwrap();
    let e = csv::read(&fixture("talkwalker.csv"), &p).unwrap_err();
    assert!(e.contains("\"When\"") && e.contains("\"published\""), "{e}");
    let e = Profile::parse("Profile(name: \"T\",\n encoding: Latin1, time: \"a\", text: [])")
        .unwrap_err();
    assert!(e.starts_with("2:"), "{e}");
}

#[test]
fn unterminated_quote_is_located() {
    let p =
        Profile::parse(r#"Profile(name: "T", encoding: Utf8, time: "t", text: ["x"])"#).unwrap();
    let e = csv::read(
        b"t,x\n2026-11-21T00:00:00Z,ok\n2026-11-21T00:00:00Z,\"never closed\n",
        &p,
    )
    .unwrap_err();
    assert!(e.contains("line 3"), "{e}");
}

#[test]
fn snapshot_of_a_known_post_without_metrics_is_a_duplicate() {
    let mut f = Feed::new();
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00+00:00").unwrap();
    let p = parse_post(&fixture("x-api-v2-lookup.json"), None)
        .unwrap()
        .post;
    assert_eq!(f.observe(Format::XApiV2, p.clone(), t), Seen::New);
    let mut bare = p.clone();
    bare.metrics = Metrics::default();
    assert_eq!(f.observe(Format::XApiV2, bare, t), Seen::Duplicate);
    let mut more = p;
    more.metrics.views = Some(90_000);
    assert_eq!(f.observe(Format::XApiV2, more, t), Seen::Snapshot);
}

#[test]
fn tail_follows_a_growing_file_keeps_a_torn_line_and_restarts_when_it_shrinks() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let line = |id: u32| format!("{{\"data\":{{\"id\":\"{id}\",\"text\":\"t{id}\"}}}}\n");
    std::fs::write(&path, format!("{}{}", line(1), &line(2)[..10])).unwrap();
    let mut t = tail::Tail::new(path.clone(), None);
    let p = t.poll(1 << 20).unwrap();
    assert_eq!(p.posts.len(), 1);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(&line(2).as_bytes()[10..]).unwrap();
    f.write_all(line(3).as_bytes()).unwrap();
    // A budget smaller than the backlog: the rest comes on the next poll.
    let p = t.poll(20).unwrap();
    assert!(p.more);
    let p2 = t.poll(1 << 20).unwrap();
    let ids: Vec<String> = p
        .posts
        .iter()
        .chain(&p2.posts)
        .map(|x| x.2.post.id.clone())
        .collect();
    assert_eq!(ids, vec!["2", "3"]);
    assert_eq!(p2.posts.last().unwrap().0, 3, "line numbers run on");
    std::fs::write(&path, line(9)).unwrap();
    let p = t.poll(1 << 20).unwrap();
    assert!(p.restarted);
    assert_eq!(p.posts[0].2.post.id, "9");
}

#[test]
fn tail_of_a_csv_takes_only_new_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tw.csv");
    let all = String::from_utf8(fixture("talkwalker.csv")).unwrap();
    let mut lines = all.lines();
    let head = format!("{}\n{}\n", lines.next().unwrap(), lines.next().unwrap());
    std::fs::write(&path, &head).unwrap();
    let mut t = tail::Tail::new(path.clone(), Some(profile("talkwalker.ron")));
    assert_eq!(t.poll(1 << 20).unwrap().posts.len(), 1);
    assert_eq!(t.poll(1 << 20).unwrap().posts.len(), 0);
    std::fs::write(&path, &all).unwrap();
    let p = t.poll(1 << 20).unwrap();
    assert_eq!(p.posts.len(), 1);
    assert_eq!(p.posts[0].2.post.handle.as_deref(), Some("@hana"));
}

#[test]
fn a_feed_read_again_takes_nothing_in_twice() {
    let (mut feed, results) = feed_of(&fixture("feed.jsonl"));
    let before = (
        feed.len(),
        feed.get("1861000000000000001").unwrap().snapshots.len(),
    );
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:30:00+00:00").unwrap();
    for r in &results {
        if let LineResult::Posts { posts, .. } = r {
            for p in posts {
                assert_eq!(feed.observe(p.format, p.post.clone(), t), Seen::Duplicate);
            }
        }
    }
    let after = (
        feed.len(),
        feed.get("1861000000000000001").unwrap().snapshots.len(),
    );
    assert_eq!(before, after);
}
