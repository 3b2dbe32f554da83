//! Mastodon: a Status entity (`GET /api/v1/statuses/:id`): `id`, `created_at`, `url`, `uri`,
//! `content` (HTML), `spoiler_text`, `in_reply_to_id`, `replies_count`, `reblogs_count`,
//! `favourites_count`, and `account` with `acct`, `username`, `display_name`, `followers_count`.
//! A boost (`reblog` set) is read as the boosted status.

use serde_json::Value;

use super::{IntakeError, Metrics, Post, at_handle, count, field, required, time};

pub fn parse_status(v: &Value) -> Result<Post, IntakeError> {
    let s = match v.get("reblog") {
        Some(r) if r.is_object() => r,
        _ => v,
    };
    let id = required(s, "id", "Mastodon status")?;
    let content = required(s, "content", "Mastodon status")?;
    let account = s
        .get("account")
        .filter(|a| a.is_object())
        .ok_or_else(|| IntakeError::new("Mastodon status: \"account\" is missing"))?;
    let mut text = super::html::to_text(content);
    if let Some(cw) = field(s, "spoiler_text") {
        text = format!("[CW: {cw}] {text}");
    }
    if text.chars().count() > super::MAX_TEXT_CHARS {
        text = super::clean_text(&text);
    }
    Ok(Post {
        id: super::neutralize(id, false),
        handle: field(account, "acct")
            .or_else(|| field(account, "username"))
            .as_deref()
            .map(at_handle),
        author: field(account, "display_name"),
        text,
        link: field(s, "url").or_else(|| field(s, "uri")),
        created_at: time(s, "created_at")?,
        in_reply_to: field(s, "in_reply_to_id"),
        metrics: Metrics {
            followers: count(account, "followers_count"),
            views: None,
            reposts: count(s, "reblogs_count"),
            replies: count(s, "replies_count"),
            likes: count(s, "favourites_count"),
            quotes: count(s, "quotes_count"),
        },
    })
}
