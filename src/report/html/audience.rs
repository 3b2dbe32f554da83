//! The HTML views for an audience: the public status page (newest first, nothing internal)
//! and the executive summary, capped to print on one A4 or Letter page.

use std::fmt::Write as _;

use super::{STYLE, esc, page};
use crate::engine::Mode;
use crate::report::Report;
use crate::report::audience::{self, PublicItem, clip, state_label};
use crate::report::build::{full_time, title_text};
use crate::report::human_secs;

/// What was said publicly, as a status page: newest first, no internal entry.
pub fn public(r: &Report<'_>) -> String {
    let title = format!("Public updates: {}", title_text(r));
    let mut b = format!("<h1>{}</h1>\n", esc(&title));
    if r.mode == Mode::Drill {
        b.push_str("<p class=\"exercise\">EXERCISE — a tabletop drill: nothing here was really published.</p>\n");
    }
    if let Some((state, at)) = r.analysis.public_state {
        let _ = writeln!(
            b,
            "<p>Current state: <strong>{}</strong> (since {})</p>",
            state_label(state),
            full_time(at)
        );
    }
    b.push_str("<p class=\"legend\">Newest first.</p>\n");
    let items = audience::public_timeline(r);
    if items.is_empty() {
        b.push_str("<p>Nothing was said publicly.</p>\n");
    }
    for item in items {
        match item {
            PublicItem::Post { at, channel, text } => {
                let _ = writeln!(
                    b,
                    "<h2>{} — {}</h2>\n<pre>{}</pre>",
                    full_time(at),
                    channel.label(),
                    esc(&text)
                );
            }
            PublicItem::State { at, state } => {
                let _ = writeln!(
                    b,
                    "<h2>{} — state: {}</h2>",
                    full_time(at),
                    state_label(state)
                );
            }
        }
    }
    page(&title, STYLE, &b)
}

/// The one-page executive summary's style: small type, tight margins, fixed to one sheet.
const EXEC_STYLE: &str = r#"
@page{size:auto;margin:12mm}
body{font:10.5px/1.35 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo",sans-serif;margin:0 auto;max-width:46rem;color:#111;background:#fff}
h1{font-size:15px;margin:0 0 4px}h2{font-size:12px;margin:8px 0 2px;border-bottom:1px solid #ccc}
ul{margin:2px 0;padding-left:16px}li{margin:1px 0}p{margin:2px 0}.more{color:#444;font-style:italic}
.facts{display:flex;flex-wrap:wrap;gap:2px 16px}.exercise{border:2px double #000;padding:2px;font-weight:bold}
"#;

/// Caps for the one printed page; the JSON and Markdown summaries list everything.
const EXEC_ITEMS: usize = 6;
const EXEC_CHARS: usize = 220;

fn more(b: &mut String, total: usize) {
    if total > EXEC_ITEMS {
        let _ = writeln!(
            b,
            "<li class=\"more\">and {} more (see the full report)</li>",
            total - EXEC_ITEMS
        );
    }
}

/// The executive summary, on one printed A4 or Letter page.
pub fn executive(r: &Report<'_>) -> String {
    let x = audience::executive(r);
    let title = format!("Executive summary: {}", clip(&title_text(r), 120));
    let mut b = format!("<h1>{}</h1>\n", esc(&title));
    if r.mode == Mode::Drill {
        b.push_str("<p class=\"exercise\">EXERCISE — a tabletop drill, not a real incident.</p>\n");
    }
    let _ = write!(
        b,
        "<div class=\"facts\"><span><strong>Public state:</strong> {}</span><span><strong>Outcome:</strong> {}</span>",
        x.public_state.map(state_label).unwrap_or("not set"),
        esc(&x.outcome)
    );
    if let (Some(s), Some(e)) = (x.start, x.end) {
        let _ = write!(
            b,
            "<span><strong>Duration:</strong> {} ({} to {})</span>",
            human_secs(x.duration_secs),
            full_time(s),
            full_time(e)
        );
    }
    b.push_str("</div>\n<h2>Key decisions</h2>\n<ul>\n");
    if x.decisions.is_empty() {
        b.push_str("<li>None.</li>\n");
    }
    for d in x.decisions.iter().take(EXEC_ITEMS) {
        let _ = writeln!(
            b,
            "<li>{}: {}</li>",
            esc(&d.t_plus),
            esc(&clip(&d.taken, EXEC_CHARS))
        );
    }
    more(&mut b, x.decisions.len());
    b.push_str("</ul>\n<h2>Deadlines breached</h2>\n<ul>\n");
    if x.breaches.is_empty() {
        b.push_str("<li>None.</li>\n");
    }
    for br in x.breaches.iter().take(EXEC_ITEMS) {
        let _ = writeln!(
            b,
            "<li>✕ <strong>BREACHED</strong> {} (due {}): {}</li>",
            esc(&clip(&br.label, EXEC_CHARS)),
            esc(&r.t_plus(br.due_at)),
            esc(&br.result)
        );
    }
    more(&mut b, x.breaches.len());
    b.push_str("</ul>\n<h2>What was said publicly</h2>\n<ul>\n");
    if x.said_publicly.is_empty() {
        b.push_str("<li>Nothing.</li>\n");
    }
    // The latest ones matter most when there are many.
    let skip = x.said_publicly.len().saturating_sub(EXEC_ITEMS);
    if skip > 0 {
        let _ = writeln!(
            b,
            "<li class=\"more\">{skip} earlier (see the public report)</li>"
        );
    }
    for item in x.said_publicly.iter().skip(skip) {
        match item {
            PublicItem::Post { at, channel, text } => {
                let _ = writeln!(
                    b,
                    "<li>{} {}: “{}”</li>",
                    esc(&r.t_plus(*at)),
                    channel.label(),
                    esc(&clip(text, EXEC_CHARS))
                );
            }
            PublicItem::State { at, state } => {
                let _ = writeln!(
                    b,
                    "<li>{} state: <strong>{}</strong></li>",
                    esc(&r.t_plus(*at)),
                    state_label(*state)
                );
            }
        }
    }
    b.push_str("</ul>\n<h2>Open follow-ups</h2>\n<ul>\n");
    if x.followups.is_empty() {
        b.push_str("<li>None.</li>\n");
    }
    for f in x.followups.iter().take(EXEC_ITEMS) {
        let _ = writeln!(
            b,
            "<li>{} — owner <code>{}</code>, due {}</li>",
            esc(&clip(&f.what, EXEC_CHARS)),
            esc(&f.owner),
            esc(&clip(&f.due_text(), EXEC_CHARS))
        );
    }
    more(&mut b, x.followups.len());
    b.push_str("</ul>\n");
    page(&title, EXEC_STYLE, &b)
}
