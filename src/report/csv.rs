//! The CSV report: one row per event (RFC 4180: comma-separated, CRLF line ends, fields with
//! commas, quotes or line breaks quoted), with a header row.
//!
//! Text is neutralised (no terminal escapes or hidden characters) and a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) is prefixed with `'`.

use super::Report;
use super::audience::{self, Audience, PublicItem};
use crate::text::neutralize;

pub const HEADER: [&str; 14] = [
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
    "scope",
    "while_paused",
];

/// One CSV field, quoted when needed.
pub(crate) fn field(s: &str) -> String {
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

/// The public view: `time,kind,channel,state,text`, one row per thing said publicly, newest
/// first.
fn public(r: &Report<'_>) -> String {
    let mut o = String::from("time,kind,channel,state,text\r\n");
    for item in audience::public_timeline(r) {
        let row = match item {
            PublicItem::Post { at, channel, text } => [
                at.to_rfc3339(),
                "post".into(),
                field(channel.label()),
                String::new(),
                field(&text),
            ],
            PublicItem::State { at, state } => [
                at.to_rfc3339(),
                "state".into(),
                String::new(),
                audience::state_label(state).into(),
                String::new(),
            ],
        };
        o.push_str(&row.join(","));
        o.push_str("\r\n");
    }
    o
}

/// The executive summary: `section,time,item,detail`, one row per fact, decision, breach,
/// public item and follow-up.
fn executive(r: &Report<'_>) -> String {
    let x = audience::executive(r);
    let mut rows: Vec<[String; 4]> = vec![
        [
            "title".into(),
            String::new(),
            field(&x.title),
            String::new(),
        ],
        [
            "public_state".into(),
            String::new(),
            x.public_state
                .map(audience::state_label)
                .unwrap_or("")
                .into(),
            String::new(),
        ],
        [
            "outcome".into(),
            String::new(),
            field(&x.outcome),
            String::new(),
        ],
        [
            "duration_secs".into(),
            String::new(),
            x.duration_secs.to_string(),
            String::new(),
        ],
    ];
    for d in &x.decisions {
        rows.push([
            "decision".into(),
            d.at.to_rfc3339(),
            field(&d.taken),
            field(&format!("{} → {}", d.from, d.to)),
        ]);
    }
    for b in &x.breaches {
        rows.push([
            "breach".into(),
            b.due_at.to_rfc3339(),
            field(&b.label),
            field(&b.result),
        ]);
    }
    for item in &x.said_publicly {
        rows.push(match item {
            PublicItem::Post { at, channel, text } => [
                "public_post".into(),
                at.to_rfc3339(),
                field(text),
                field(channel.label()),
            ],
            PublicItem::State { at, state } => [
                "public_state_set".into(),
                at.to_rfc3339(),
                audience::state_label(*state).into(),
                String::new(),
            ],
        });
    }
    for f in &x.followups {
        rows.push([
            "followup".into(),
            f.due.map(|d| d.to_rfc3339()).unwrap_or_default(),
            field(&f.what),
            field(&format!("owner {}; due {}", f.owner, f.due_text())),
        ]);
    }
    let mut o = String::from("section,time,item,detail\r\n");
    for row in rows {
        o.push_str(&row.join(","));
        o.push_str("\r\n");
    }
    o
}

/// Renders the report as CSV, for its audience.
pub fn render(r: &Report<'_>) -> String {
    match r.audience {
        Audience::Public => return public(r),
        Audience::Executives => return executive(r),
        Audience::All => {}
    }
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
        let (who, role) = crate::review::credit::credited(e);
        let row = [
            e.seq.to_string(),
            e.at.to_rfc3339(),
            t_plus,
            field(&who),
            field(role.as_deref().unwrap_or("")),
            entry.kind.to_string(),
            format!("{:?}", entry.category).to_lowercase(),
            field(entry.step.as_deref().unwrap_or("")),
            field(&entry.summary),
            entry.amends.map(|t| t.to_string()).unwrap_or_default(),
            amended_by.join(" "),
            field(text_of(&e.kind)),
            entry.scope.word().to_string(),
            if r.while_paused(e.seq) { "yes" } else { "" }.to_string(),
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
