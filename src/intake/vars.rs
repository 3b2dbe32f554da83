//! Which playbook variables a post fills. Each field of the post goes to the first variable in
//! its list that the playbook declares; a field with no declared variable is still in the
//! `intake` event, only not in a variable. The table is documented in docs/intake.md.

use chrono::{DateTime, FixedOffset};

use super::Post;
use crate::playbook::Playbook;

/// Field of the post → the variable ids it may fill, in order of preference.
pub const MAPPING: [(&str, &[&str]); 8] = [
    ("handle", &["handle"]),
    ("link", &["post_url", "post_link"]),
    ("text", &["post_text"]),
    ("time", &["post_time"]),
    ("seen", &["seen_at"]),
    ("author", &["post_author"]),
    ("reach", &["reach"]),
    ("source", &["rumor_source"]),
];

/// The value of each field of `post`, when known. `seen` is when the post was taken in.
pub fn field_values(post: &Post, seen: DateTime<FixedOffset>) -> Vec<(&'static str, String)> {
    let fmt = |t: DateTime<FixedOffset>| t.format("%Y-%m-%d %H:%M %:z").to_string();
    let mut out = Vec::new();
    if let Some(h) = &post.handle {
        out.push(("handle", h.clone()));
    }
    if let Some(l) = &post.link {
        out.push(("link", l.clone()));
    }
    out.push(("text", post.text.clone()));
    if let Some(t) = post.created_at {
        // In the offset of the incident's clock, so the two times read alike.
        out.push(("time", fmt(t.with_timezone(seen.offset()))));
    }
    out.push(("seen", fmt(seen)));
    if let Some(a) = &post.author {
        out.push(("author", a.clone()));
    }
    let reach = post.metrics.summary();
    if !reach.is_empty() {
        out.push(("reach", reach));
    }
    let mut source = post.who();
    if let Some(l) = &post.link {
        source.push_str(", ");
        source.push_str(l);
    }
    out.push(("source", source));
    out
}

/// The variables to set, `(variable id, value)`, and the fields no declared variable takes.
pub fn assignments(
    post: &Post,
    playbook: &Playbook,
    seen: DateTime<FixedOffset>,
) -> (Vec<(String, String)>, Vec<&'static str>) {
    let declared = |id: &str| playbook.variables.iter().any(|v| v.id == id);
    let mut set = Vec::new();
    let mut unmapped = Vec::new();
    for (field, value) in field_values(post, seen) {
        let targets = MAPPING
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| *t)
            .unwrap_or(&[]);
        match targets.iter().find(|t| declared(t)) {
            Some(t) if !set.iter().any(|(n, _): &(String, String)| n == t) => {
                set.push((t.to_string(), value))
            }
            // `seen` and `source` are conveniences, not fields of the post: no notice.
            _ if field == "seen" || field == "source" => {}
            _ => unmapped.push(field),
        }
    }
    (set, unmapped)
}
