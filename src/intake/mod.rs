//! Intake: the post a crisis starts from, and the mentions that follow it. Reads a post in the
//! format it comes in — an X API v2 tweet lookup response, a tweet from an X data archive
//! (`tweets.js`), a Bluesky `app.bsky.feed.post` record (bare, as `getRecord` returns it, or as a
//! `PostView`), a Bluesky Jetstream commit line, a Mastodon Status — and normalises it into a
//! [`Post`]: id, handle, author, text, link, time and metrics. Every text field is neutralised
//! on the way in (control characters, escape sequences and bidi overrides become visible
//! stand-ins, see [`crate::text::neutralize`]); the SHA-256 of the raw bytes is what proves
//! what was read. See docs/intake.md.
//!
//! No terminal code here: the TUI and the headless runner both build on this. The post's types
//! ([`Post`], [`Metrics`], [`Format`]) are the engine's, as events carry them.

pub mod bluesky;
pub mod csv;
pub mod feed;
pub mod html;
pub mod mastodon;
pub mod profile;
pub mod record;
pub mod tail;
pub mod triage;
pub mod vars;
pub mod x;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

pub use crate::engine::post::{Format, Metrics, Post};
use crate::text::neutralize;

/// The largest post `--from-post` reads, and the longest feed line.
pub const MAX_POST_BYTES: usize = 1 << 20;
/// The longest text kept from a post (in characters); longer text is cut and marked.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// What the formats that are recognised look like, for the "unknown format" error.
pub const KNOWN_FORMATS: &str = "X API v2 tweet lookup response ({\"data\": {\"id\", \"text\", …}, \"includes\": {\"users\": […]}}), \
X archive tweets.js (window.YTD.tweets.part0 = [{\"tweet\": {…}}]), \
Bluesky app.bsky.feed.post record (bare {\"$type\": \"app.bsky.feed.post\", …}, getRecord {\"uri\", \"value\"} or PostView {\"uri\", \"author\", \"record\"}), \
Bluesky Jetstream commit line ({\"did\", \"time_us\", \"kind\": \"commit\", \"commit\": {…}}), \
Mastodon Status ({\"id\", \"content\", \"account\", …})";

/// A post and the format it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    pub post: Post,
}

/// Why a post could not be read. `line`/`column` are 1-based, within the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl IntakeError {
    pub fn new(message: impl Into<String>) -> IntakeError {
        IntakeError {
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// `NAME:LINE:COL: message`, with whatever location is known.
    pub fn located(&self, name: &str) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{name}:{l}:{c}: {}", self.message),
            (Some(l), None) => format!("{name}:{l}: {}", self.message),
            _ => format!("{name}: {}", self.message),
        }
    }
}

impl std::fmt::Display for IntakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.located("input"))
    }
}

/// SHA-256 of raw bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::playbook::load::sha256_hex(bytes)
}

/// Reads every post in `bytes` (one for most formats; an X lookup of several ids or an
/// archive holds more), detecting the format.
pub fn parse_posts(bytes: &[u8]) -> Result<Vec<Parsed>, IntakeError> {
    if bytes.len() > MAX_POST_BYTES {
        return Err(IntakeError::new(format!(
            "{} bytes is too large for a post (at most {} bytes are read); is this a whole export? Use --feed for a stream of posts",
            bytes.len(),
            MAX_POST_BYTES
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let col = at - bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
        IntakeError {
            line: Some(line),
            column: Some(col),
            message: format!(
                "not UTF-8 text (invalid byte 0x{:02x} at offset {at}); a post is JSON in UTF-8 (a UTF-16 CSV export goes through --feed with a profile)",
                bytes[at]
            ),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with("window.YTD.") {
        return x::parse_archive(text);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    parse_value(&value)
}

/// The one post in `bytes`; with several, the one whose id is `pick`.
pub fn parse_post(bytes: &[u8], pick: Option<&str>) -> Result<Parsed, IntakeError> {
    let mut posts = parse_posts(bytes)?;
    match pick {
        Some(id) => {
            let ids: Vec<String> = posts.iter().map(|p| p.post.id.clone()).collect();
            posts.into_iter().find(|p| p.post.id == id).ok_or_else(|| {
                IntakeError::new(format!(
                    "no post with id {id:?} here; the ids are: {}",
                    ids.join(", ")
                ))
            })
        }
        None if posts.len() == 1 => Ok(posts.remove(0)),
        None if posts.is_empty() => Err(IntakeError::new("holds no post")),
        None => Err(IntakeError::new(format!(
            "holds {} posts; pick one with --post-id (ids: {})",
            posts.len(),
            posts
                .iter()
                .take(10)
                .map(|p| p.post.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

pub(crate) fn json_error(e: &serde_json::Error) -> IntakeError {
    // serde_json says column 0 at the very start of a line (at the end of the input after a
    // newline): that is column 1 in a message.
    IntakeError {
        line: Some(e.line().max(1)),
        column: Some(e.column().max(1)),
        message: format!("not valid JSON: {e}"),
    }
}

/// Detects the format of a parsed JSON value and reads its posts.
pub fn parse_value(v: &Value) -> Result<Vec<Parsed>, IntakeError> {
    let one = |format: Format, post: Result<Post, IntakeError>| {
        post.map(|post| vec![Parsed { format, post }])
    };
    if v.get("data").is_some() && (v.get("data").is_some_and(|d| d.is_object() || d.is_array())) {
        return x::parse_lookup(v);
    }
    if v.get("kind").and_then(Value::as_str) == Some("commit") && v.get("commit").is_some() {
        return one(Format::Jetstream, bluesky::parse_jetstream(v));
    }
    if bluesky::looks_like(v) {
        return one(Format::BlueskyPost, bluesky::parse_post(v));
    }
    if v.get("content").is_some_and(Value::is_string) && v.get("account").is_some() {
        return one(Format::MastodonStatus, mastodon::parse_status(v));
    }
    if v.get("tweet").is_some_and(Value::is_object) {
        return one(Format::XArchive, x::parse_archive_tweet(&v["tweet"]));
    }
    let what = match v {
        Value::Object(m) => {
            let keys: Vec<&str> = m.keys().take(8).map(String::as_str).collect();
            format!("a JSON object with the members {}", keys.join(", "))
        }
        Value::Array(_) => "a JSON array".into(),
        _ => "a JSON scalar".into(),
    };
    Err(IntakeError::new(format!(
        "not a post format warroom knows ({}); the known formats are: {KNOWN_FORMATS}",
        neutralize(&what, false)
    )))
}

// ---- helpers shared by the format readers ----

/// A string member, neutralised (single line).
pub(crate) fn field(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|s| neutralize(s, false))
}

/// A count that may be a number or a numeric string (X archives write counts as strings).
pub(crate) fn count(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Text kept from a post: neutralised, newlines kept, cut at [`MAX_TEXT_CHARS`].
pub(crate) fn clean_text(s: &str) -> String {
    let t = neutralize(s, true);
    if t.chars().count() > MAX_TEXT_CHARS {
        let mut cut: String = t.chars().take(MAX_TEXT_CHARS).collect();
        cut.push_str(" […cut]");
        cut
    } else {
        t
    }
}

/// `@name` (the `@` added when missing), neutralised.
pub(crate) fn at_handle(s: &str) -> String {
    let s = neutralize(s.trim(), false);
    if s.starts_with('@') || s.starts_with("did:") {
        s
    } else {
        format!("@{s}")
    }
}

/// An RFC 3339 time, or an error naming the field.
pub(crate) fn time(v: &Value, key: &str) -> Result<Option<DateTime<FixedOffset>>, IntakeError> {
    match v.get(key).and_then(Value::as_str) {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s).map(Some).map_err(|e| {
            IntakeError::new(format!(
                "\"{key}\": {:?} is not an RFC 3339 time ({e})",
                neutralize(s, false)
            ))
        }),
    }
}

/// A required string member, or an error naming it.
pub(crate) fn required<'a>(v: &'a Value, key: &str, what: &str) -> Result<&'a str, IntakeError> {
    v.get(key).and_then(Value::as_str).ok_or_else(|| {
        IntakeError::new(format!(
            "{what}: the member \"{key}\" (a string) is missing"
        ))
    })
}

#[cfg(test)]
mod tests;
