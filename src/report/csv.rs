//! The CSV report: one row per event (RFC 4180: comma-separated, CRLF line ends, fields with
//! commas, quotes or line breaks quoted), with a header row.
//!
//! Text is neutralised (no terminal escapes or hidden characters) and a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) is prefixed with `'`.

use super::Report;
use crate::text::neutralize;

pub const HEADER: [&str; 12] = [
    "seq",
    "time",
    "t_plus_secs",
    "actor",
    "role",
    "kind",
    "category",
    "step",
    "summary",
    "amends",
    "amended_by",
    "text",
];

/// One CSV field, quoted when needed.
fn field(s: &str) -> String {
    let mut s = neutralize(s, true);
    if s.starts_with(['=', '+', '-', '@']) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The full text of an event, where it has one (notes, drafts, posts, injects, amendments).
fn text_of(kind: &crate::engine::EventKind) -> &str {
    use crate::engine::EventKind as K;
    match kind {
        K::Note { text }
        | K::ReviewNote { text }
        | K::DraftSaved { text, .. }
        | K::Posted { text, .. }
        | K::Amended { text, .. }
        | K::InjectDelivered { text, .. } => text,
        K::Closed { summary, .. } => summary,
        K::Rejected { reason, .. } => reason,
        _ => "",
    }
}

/// Renders the report as CSV.
pub fn render(r: &Report<'_>) -> String {
    let a = r.analysis;
    let mut o = HEADER.join(",");
    o.push_str("\r\n");
    // A damaged or torn log: said in the file itself, in the first row (kind `log_problem`),
    // not only on the terminal — the file is read later, elsewhere.
    if let Some(p) = &r.log_problem {
        let mut row = vec![String::new(); HEADER.len()];
        row[5] = "log_problem".into();
        row[8] = field(&format!("WARNING: {p}"));
        o.push_str(&row.join(","));
        o.push_str("\r\n");
    }
    for (e, entry) in r.events.iter().zip(&a.entries) {
        let t_plus = a
            .start
            .map(|s| (e.at - s).num_seconds().to_string())
            .unwrap_or_default();
        let amended_by: Vec<String> = entry.amended_by.iter().map(u64::to_string).collect();
        let row = [
            e.seq.to_string(),
            e.at.to_rfc3339(),
            t_plus,
            field(&e.actor.name),
            field(e.actor.role.as_deref().unwrap_or("")),
            entry.kind.to_string(),
            format!("{:?}", entry.category).to_lowercase(),
            field(entry.step.as_deref().unwrap_or("")),
            field(&entry.summary),
            entry.amends.map(|t| t.to_string()).unwrap_or_default(),
            amended_by.join(" "),
            field(text_of(&e.kind)),
        ];
        o.push_str(&row.join(","));
        o.push_str("\r\n");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_and_defuses() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("\u{1b}]0;t\u{7}"), "␛]0;t␇");
    }
}
