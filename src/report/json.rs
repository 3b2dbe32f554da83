//! The JSON report: the computed timeline and figures as one object, for other tools.
//!
//! Every string in it is neutralised (terminal escapes, C1 and bidi controls, zero-width
//! characters become visible stand-ins), so a tool that prints a field cannot be driven by it.

use serde::Serialize;
use serde_json::Value;

use super::Report;
use super::audience::{self, Audience};
use crate::review::Analysis;
use crate::review::mentions::Mentions;
use crate::text::neutralize;

/// The document's format tag; bumped when a field changes meaning.
pub const FORMAT: &str = "warroom-report/1";

#[derive(Serialize)]
struct Doc<'a> {
    format: &'static str,
    log: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_problem: Option<&'a str>,
    #[serde(flatten)]
    analysis: &'a Analysis,
    #[serde(skip_serializing_if = "Option::is_none")]
    drill: Option<super::drill_json::Drill<'a>>,
    /// The mentions taken in, their reach curves, triage and CS hand-offs (left out when none).
    #[serde(skip_serializing_if = "Mentions::is_empty")]
    mentions: Mentions,
}

/// Neutralises every string in a JSON value, in place.
pub(crate) fn clean(v: &mut Value) {
    match v {
        Value::String(s)
            if s.chars()
                .any(|c| (c as u32) < 0x20 || crate::text::is_hidden(c) || c == '\u{7f}') =>
        {
            *s = neutralize(s, true);
        }
        Value::Array(a) => a.iter_mut().for_each(clean),
        Value::Object(o) => o.values_mut().for_each(clean),
        _ => {}
    }
}

/// The public view's format tag.
pub const PUBLIC_FORMAT: &str = "warroom-public/1";
/// The executive summary's format tag.
pub const EXECUTIVE_FORMAT: &str = "warroom-executive/1";

fn finish(mut v: Value) -> String {
    clean(&mut v);
    let mut s = serde_json::to_string_pretty(&v)
        .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()));
    s.push('\n');
    s
}

/// Renders the report as pretty-printed JSON (ends with a newline), for its audience.
pub fn render(r: &Report<'_>) -> String {
    match r.audience {
        Audience::Public => {
            return finish(serde_json::json!({
                "format": PUBLIC_FORMAT,
                "title": r.title,
                "drill": r.mode == crate::engine::Mode::Drill,
                "public_state": r.analysis.public_state.map(|(s, at)| serde_json::json!({"state": s, "since": at})),
                "order": "newest_first",
                "updates": audience::public_timeline(r),
            }));
        }
        Audience::Executives => {
            let x = audience::executive(r);
            let mut v = serde_json::to_value(&x)
                .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }));
            if let Value::Object(o) = &mut v {
                o.insert("format".into(), EXECUTIVE_FORMAT.into());
                o.insert(
                    "drill".into(),
                    (r.mode == crate::engine::Mode::Drill).into(),
                );
            }
            return finish(v);
        }
        Audience::All => {}
    }
    let doc = Doc {
        format: FORMAT,
        log: &r.log_name,
        log_problem: r.log_problem.as_deref(),
        analysis: r.analysis,
        drill: r.drill.as_ref().map(super::drill_json::drill),
        mentions: Mentions::from_events(r.events),
    };
    let mut v = match serde_json::to_value(&doc) {
        Ok(v) => v,
        // Serialising plain data cannot fail; if it ever does, say so in the document.
        Err(e) => serde_json::json!({ "format": FORMAT, "error": e.to_string() }),
    };
    clean(&mut v);
    let mut s = crate::text::json_safe(
        serde_json::to_string_pretty(&v)
            .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string())),
    );
    s.push('\n');
    s
}
