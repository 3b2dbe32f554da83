//! Bluesky: an `app.bsky.feed.post` record and a Jetstream commit line.
//!
//! The record (lexicon `app.bsky.feed.post`): `$type`, `text`, `createdAt`, and optionally
//! `reply.parent.uri`, `langs`, `facets`, `embed`. It comes bare (no author, no counts), wrapped
//! as `com.atproto.repo.getRecord` returns it (`uri`, `cid`, `value`: the record), or as an
//! `app.bsky.feed.defs#postView` (`uri`, `cid`, `author` with `did`, `handle`, `displayName`,
//! `record`, `replyCount`, `repostCount`, `likeCount`, `quoteCount`, `indexedAt`).
//!
//! Jetstream (`wss://jetstream…/subscribe`) sends one JSON object per message: `did`, `time_us`,
//! `kind: "commit"`, `commit` with `rev`, `operation` (`create`), `collection`
//! (`app.bsky.feed.post`), `rkey`, `record` and `cid`.

use serde_json::Value;

use super::{IntakeError, Metrics, Post, at_handle, clean_text, count, field, time};

const POST: &str = "app.bsky.feed.post";

/// True when `v` is one of the three shapes of a post record.
pub fn looks_like(v: &Value) -> bool {
    let is_post = |r: &Value| r.get("$type").and_then(Value::as_str) == Some(POST);
    is_post(v) || v.get("value").is_some_and(is_post) || v.get("record").is_some_and(is_post)
}

/// `at://DID/app.bsky.feed.post/RKEY` → (DID, RKEY).
fn split_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("at://")?;
    let (did, rest) = rest.split_once('/')?;
    let rkey = rest.strip_prefix(POST)?.strip_prefix('/')?;
    Some((did, rkey))
}

fn link(who: &str, rkey: &str) -> String {
    format!("https://bsky.app/profile/{who}/post/{rkey}")
}

/// Reads a bare record, a `getRecord` answer or a `PostView`.
pub fn parse_post(v: &Value) -> Result<Post, IntakeError> {
    let (record, uri) = if let Some(r) = v.get("record").filter(|r| r.is_object()) {
        (r, v.get("uri").and_then(Value::as_str))
    } else if let Some(r) = v.get("value").filter(|r| r.is_object()) {
        (r, v.get("uri").and_then(Value::as_str))
    } else {
        (v, None)
    };
    let text = record
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| IntakeError::new("Bluesky post record: \"text\" is missing"))?;
    let created_at = time(record, "createdAt")?;
    let author = v.get("author");
    // Without a PostView's author, the DID in the URI is who posted it.
    let handle = author
        .and_then(|a| field(a, "handle"))
        .or_else(|| author.and_then(|a| field(a, "did")))
        .or_else(|| {
            uri.and_then(split_uri)
                .map(|(did, _)| super::neutralize(did, false))
        });
    let (id, link) = match uri.and_then(|u| split_uri(u).map(|p| (u, p))) {
        Some((u, (did, rkey))) => (
            super::neutralize(u, false),
            Some(link(
                &super::neutralize(handle.as_deref().unwrap_or(did), false),
                &super::neutralize(rkey, false),
            )),
        ),
        None => (
            // A bare record carries no id: one is made from its content.
            format!(
                "bsky-record:{}",
                &super::sha256_hex(
                    format!(
                        "{}\n{text}",
                        created_at.map(|t| t.to_rfc3339()).unwrap_or_default()
                    )
                    .as_bytes()
                )[..16]
            ),
            None,
        ),
    };
    Ok(Post {
        id,
        handle: handle.as_deref().map(at_handle),
        author: author.and_then(|a| field(a, "displayName")),
        text: clean_text(text),
        link,
        created_at,
        in_reply_to: record
            .pointer("/reply/parent/uri")
            .and_then(Value::as_str)
            .map(|s| super::neutralize(s, false)),
        metrics: Metrics {
            reposts: count(v, "repostCount"),
            replies: count(v, "replyCount"),
            likes: count(v, "likeCount"),
            quotes: count(v, "quoteCount"),
            followers: author.and_then(|a| count(a, "followersCount")),
            views: None,
        },
    })
}

/// Reads a Jetstream commit line that creates (or updates) a post.
pub fn parse_jetstream(v: &Value) -> Result<Post, IntakeError> {
    let c = &v["commit"];
    let collection = c.get("collection").and_then(Value::as_str).unwrap_or("");
    if collection != POST {
        return Err(IntakeError::new(format!(
            "Jetstream commit: the collection is {:?}, not {POST:?} (only posts are read)",
            super::neutralize(collection, false)
        )));
    }
    let op = c.get("operation").and_then(Value::as_str).unwrap_or("");
    if op != "create" && op != "update" {
        return Err(IntakeError::new(format!(
            "Jetstream commit: the operation is {:?}; only \"create\" and \"update\" carry a post",
            super::neutralize(op, false)
        )));
    }
    let did = super::required(v, "did", "Jetstream commit")?;
    let rkey = super::required(c, "rkey", "Jetstream commit")?;
    let record = c
        .get("record")
        .ok_or_else(|| IntakeError::new("Jetstream commit: \"record\" is missing"))?;
    let text = record
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| IntakeError::new("Jetstream commit: \"record.text\" is missing"))?;
    let did = super::neutralize(did, false);
    let rkey = super::neutralize(rkey, false);
    Ok(Post {
        id: format!("at://{did}/{POST}/{rkey}"),
        link: Some(link(&did, &rkey)),
        handle: Some(did),
        author: None,
        text: clean_text(text),
        created_at: time(record, "createdAt")?,
        in_reply_to: record
            .pointer("/reply/parent/uri")
            .and_then(Value::as_str)
            .map(|s| super::neutralize(s, false)),
        metrics: Metrics::default(),
    })
}
