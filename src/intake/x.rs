//! X (Twitter): the API v2 tweet lookup response and a tweet from a data archive's `tweets.js`.
//!
//! Lookup (`GET /2/tweets/:id` or `GET /2/tweets?ids=`, with `expansions=author_id`):
//! `data` is the tweet (or an array of them) with `id`, `text`, `author_id`, `created_at`,
//! `conversation_id`, `referenced_tweets` and `public_metrics` (`retweet_count`,
//! `reply_count`, `like_count`, `quote_count`, `impression_count`); `includes.users` holds the
//! authors (`id`, `name`, `username`, `public_metrics.followers_count`).
//!
//! Archive: `window.YTD.tweets.part0 = [ {"tweet": {"id_str", "full_text", "created_at":
//! "Wed Oct 10 20:19:24 +0000 2018", "favorite_count": "3", "retweet_count": "1", …}}, … ]`.
//! The archive is one account's own tweets and does not name the account in `tweets.js`, so the
//! handle is unknown unless the tweet replies to someone (`in_reply_to_screen_name` is theirs).

use chrono::DateTime;
use serde_json::Value;

use super::{
    Format, IntakeError, Metrics, Parsed, Post, at_handle, clean_text, count, field, json_error,
    required, time,
};

/// Reads an API v2 lookup response.
pub fn parse_lookup(v: &Value) -> Result<Vec<Parsed>, IntakeError> {
    let users: Vec<&Value> = v
        .pointer("/includes/users")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let tweets: Vec<&Value> = match &v["data"] {
        Value::Array(a) => a.iter().collect(),
        d => vec![d],
    };
    if tweets.is_empty() {
        let why = v
            .pointer("/errors/0/detail")
            .and_then(Value::as_str)
            .map(|d| format!(" (the response's error: {})", super::neutralize(d, false)))
            .unwrap_or_default();
        return Err(IntakeError::new(format!(
            "X API v2 response: \"data\" holds no tweet{why}"
        )));
    }
    let mut out = Vec::with_capacity(tweets.len());
    for t in tweets {
        let id = required(t, "id", "X API v2 tweet")?;
        let text = required(t, "text", "X API v2 tweet")?;
        let author_id = t.get("author_id").and_then(Value::as_str);
        let user = author_id.and_then(|a| {
            users
                .iter()
                .find(|u| u.get("id").and_then(Value::as_str) == Some(a))
        });
        let username = user.and_then(|u| field(u, "username"));
        let pm = t.get("public_metrics").cloned().unwrap_or(Value::Null);
        let metrics = Metrics {
            followers: user
                .and_then(|u| u.get("public_metrics"))
                .and_then(|m| count(m, "followers_count")),
            views: count(&pm, "impression_count"),
            reposts: count(&pm, "retweet_count"),
            replies: count(&pm, "reply_count"),
            likes: count(&pm, "like_count"),
            quotes: count(&pm, "quote_count"),
        };
        let in_reply_to = t
            .get("referenced_tweets")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|r| field(r, "id"));
        let id = super::neutralize(id, false);
        out.push(Parsed {
            format: Format::XApiV2,
            post: Post {
                link: Some(match &username {
                    Some(u) => format!("https://x.com/{u}/status/{id}"),
                    None => format!("https://x.com/i/web/status/{id}"),
                }),
                handle: username.as_deref().map(at_handle),
                author: user.and_then(|u| field(u, "name")),
                text: clean_text(text),
                created_at: time(t, "created_at")?,
                in_reply_to,
                metrics,
                id,
            },
        });
    }
    Ok(out)
}

/// Reads a `tweets.js` file: the JavaScript assignment, then the JSON array after `=`.
pub fn parse_archive(text: &str) -> Result<Vec<Parsed>, IntakeError> {
    let Some(eq) = text.find('=') else {
        return Err(IntakeError::new(
            "X archive: expected `window.YTD.tweets.part0 = [ … ]`, found no `=`",
        ));
    };
    let head_lines = text[..=eq].matches('\n').count();
    let json = &text[eq + 1..];
    let value: Value =
        serde_json::from_str(json.trim_end().trim_end_matches(';')).map_err(|e| {
            let mut err = json_error(&e);
            if let Some(l) = err.line.as_mut() {
                *l += head_lines;
            }
            err
        })?;
    let Some(items) = value.as_array() else {
        return Err(IntakeError::new(
            "X archive: the value after `=` is not an array of {\"tweet\": {…}}",
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let t = item.get("tweet").ok_or_else(|| {
            IntakeError::new(format!("X archive: item {} has no \"tweet\" member", i + 1))
        })?;
        out.push(Parsed {
            format: Format::XArchive,
            post: parse_archive_tweet(t)?,
        });
    }
    Ok(out)
}

/// One archive tweet object (the value of `"tweet"`).
pub fn parse_archive_tweet(t: &Value) -> Result<Post, IntakeError> {
    let id = t
        .get("id_str")
        .or_else(|| t.get("id"))
        .and_then(Value::as_str)
        .ok_or_else(|| IntakeError::new("X archive tweet: \"id_str\" is missing"))?;
    let text = t
        .get("full_text")
        .or_else(|| t.get("text"))
        .and_then(Value::as_str)
        .ok_or_else(|| IntakeError::new("X archive tweet: \"full_text\" is missing"))?;
    let created_at = match t.get("created_at").and_then(Value::as_str) {
        None => None,
        Some(s) => Some(
            DateTime::parse_from_str(s, "%a %b %d %H:%M:%S %z %Y").map_err(|e| {
                IntakeError::new(format!(
                    "X archive tweet: \"created_at\" {:?} is not like \"Wed Oct 10 20:19:24 +0000 2018\" ({e})",
                    super::neutralize(s, false)
                ))
            })?,
        ),
    };
    let id = super::neutralize(id, false);
    Ok(Post {
        link: Some(format!("https://x.com/i/web/status/{id}")),
        handle: None,
        author: None,
        text: clean_text(text),
        created_at,
        in_reply_to: field(t, "in_reply_to_status_id_str"),
        metrics: Metrics {
            reposts: count(t, "retweet_count"),
            likes: count(t, "favorite_count"),
            ..Metrics::default()
        },
        id,
    })
}
