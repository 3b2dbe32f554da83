//! The HTML report: one self-contained file (inline style and SVG, no scripts, no external
//! assets; works offline) — the report [`Document`], the same one the Markdown renders, with
//! its pictures drawn by [`super::svg`]; or, for an audience, the public status page or the
//! executive summary ([`audience`]). Every piece of text from the log is HTML-escaped and
//! neutralised.

mod audience;

use super::Report;
use super::audience::Audience;
use super::document::{Block, Callout, Document, Item, Picture, Span, Style, Table, Text};
use crate::text::neutralize;

/// Escapes text for HTML element content and quoted attributes, after neutralising controls.
pub fn esc(s: &str) -> String {
    let s = neutralize(s, true);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#111;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .45rem;vertical-align:top;text-align:left}
th{background:#f2f2f2}td.num,th.num{white-space:nowrap}
pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;border:1px solid #ddd;padding:.5rem;font:14px/1.4 ui-monospace,monospace}
.warn{border:2px solid #a40000;padding:.5rem;background:#fff3f3}.note{border-left:4px solid #888;padding-left:.5rem;color:#333}
.exercise{border:3px double #000;padding:.5rem;font-weight:bold;letter-spacing:.05em}
.breach{font-weight:bold}.amend{display:block;margin-top:.2rem;padding-left:.5rem;border-left:3px solid #777;font-style:italic}
.timeline .lane0{fill:#fafafa}.timeline .lane1{fill:#f0f0f0}.timeline .lane-label{text-anchor:end;font-size:12px}
.timeline .grid{stroke:#ccc;stroke-width:1}.timeline .tick{text-anchor:middle;font-size:11px;fill:#444}
.timeline .bar0{fill:#6b8fb3}.timeline .bar1{fill:#8fb36b}.timeline .bar2{fill:#b38f6b}.timeline .step rect{stroke:#222;stroke-width:1}
.timeline .bar-label{font-size:11px;fill:#000}
.timeline .post path{fill:#222}.timeline .inject circle{fill:#fff;stroke:#222;stroke-width:2}
.timeline .deadline line{stroke:#222;stroke-width:2}.timeline .deadline text{font-size:11px}
.timeline .breached line{stroke:#a40000;stroke-dasharray:5 3}.timeline .breached path{stroke:#a40000;stroke-width:3}.timeline .breached text{fill:#a40000;font-weight:bold}
.legend{font-size:13px;color:#333}blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.5rem;border-left:3px solid #999}
@media print{
body{margin:0;max-width:none;color:#000;background:#fff}
*{background:transparent!important;box-shadow:none!important;color-adjust:exact}
th{border-bottom:2px solid #000}pre{border:1px solid #999}
h2,h3{break-after:avoid}h2#timeline,h2#steps,h2#drafts,h2#notes,h2#improvement-plan,h2#observations,h2#lessons{break-before:page}
tr,pre,blockquote,li,svg{break-inside:avoid}thead{display:table-header-group}
a{color:#000;text-decoration:underline}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
@page{margin:15mm}
}
"#;

/// A page of its own style around `body` (for the audience views).
pub(super) fn page(title: &str, style: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

/// The report's Content-Security-Policy: nothing may load or run — no scripts, no fetches,
/// no frames, no forms — only its own inline styles are applied.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Renders the report as one HTML document (for its audience).
pub fn render(r: &Report<'_>) -> String {
    match r.audience {
        Audience::Public => audience::public(r),
        Audience::Executives => audience::executive(r),
        Audience::All => document(&super::build::document(r)),
    }
}

/// The document as one HTML page.
pub fn document(d: &Document) -> String {
    let title = esc(&format!("{}: {}", d.kind, d.title));
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"warroom {}\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        env!("CARGO_PKG_VERSION"),
    );
    for b in &d.lead {
        block(&mut o, b);
    }
    for s in &d.sections {
        o.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n",
            esc(s.id),
            esc(&s.heading)
        ));
        for b in &s.blocks {
            block(&mut o, b);
        }
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Paragraph(t) => o.push_str(&format!("<p>{}</p>\n", inline(t))),
        Block::Callout { kind, label, text } => {
            let class = match kind {
                Callout::Exercise => "exercise",
                Callout::Warning => "warn",
                Callout::Note => "note",
            };
            o.push_str(&format!(
                "<p class=\"{class}\"><strong>{}</strong> {}</p>\n",
                esc(label),
                inline(text)
            ));
        }
        Block::Table(t) => table(o, t),
        Block::List { ordered, items } => list(o, *ordered, items),
        Block::Verbatim(s) => o.push_str(&format!("<pre>{}</pre>\n", esc(s))),
        Block::Subheading(t) => o.push_str(&format!("<h3>{}</h3>\n", inline(t))),
        Block::Picture { picture, legend } => {
            o.push_str(&match picture {
                Picture::Timeline(p) => super::svg::timeline(p),
                Picture::Reach(p) => super::svg::reach(p),
            });
            o.push_str(&format!("\n<p class=\"legend\">{}</p>\n", esc(legend)));
        }
    }
}

/// A table; without a header row, the first cell of each row names it.
fn table(o: &mut String, t: &Table) {
    o.push_str("<table>\n");
    if let Some(h) = &t.header {
        // In a <thead>, so that a printed table repeats its header row on every page.
        o.push_str("<thead><tr>");
        for c in h {
            o.push_str(&format!("<th>{}</th>", esc(c)));
        }
        o.push_str("</tr></thead>\n");
    }
    for r in &t.rows {
        match &r.anchor {
            Some(a) => o.push_str(&format!("<tr id=\"{}\">", esc(a))),
            None => o.push_str("<tr>"),
        }
        for (i, c) in r.cells.iter().enumerate() {
            if i == 0 && t.header.is_none() {
                o.push_str(&format!("<th scope=\"row\">{}</th>", inline(c)));
            } else if t.nowrap.contains(&i) {
                o.push_str(&format!("<td class=\"num\">{}</td>", inline(c)));
            } else {
                o.push_str(&format!("<td>{}</td>", inline(c)));
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table>\n");
}

fn list(o: &mut String, ordered: bool, items: &[Item]) {
    let tag = if ordered { "ol" } else { "ul" };
    o.push_str(&format!("<{tag}>\n"));
    for it in items {
        o.push_str(&format!("<li>{}", inline(&it.text)));
        if !it.sub.is_empty() {
            o.push_str("<ul>");
            for s in &it.sub {
                o.push_str(&format!("<li>{}</li>", inline(s)));
            }
            o.push_str("</ul>");
        }
        if let Some(q) = &it.quote {
            o.push_str(&format!("<blockquote>{}</blockquote>", esc(q)));
        }
        o.push_str("</li>\n");
    }
    o.push_str(&format!("</{tag}>\n"));
}

/// Inline text: everything escaped; emphasis as elements.
fn inline(t: &Text) -> String {
    let mut o = String::new();
    for s in &t.0 {
        let (text, style) = match s {
            Span::Text(s, style) | Span::Ours(s, style) => (esc(s), *style),
            Span::Break => {
                o.push_str("<br>");
                continue;
            }
            Span::Link { text, to } => {
                o.push_str(&format!("<a href=\"#{}\">{}</a>", esc(to), esc(text)));
                continue;
            }
        };
        match style {
            Style::Plain => o.push_str(&text),
            Style::Strong => o.push_str(&format!("<strong>{text}</strong>")),
            Style::Em => o.push_str(&format!("<em>{text}</em>")),
            Style::Code => o.push_str(&format!("<code>{text}</code>")),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::{Row, Section};

    /// Log text and warroom's own words are both escaped; a link goes to an anchor.
    #[test]
    fn every_span_is_escaped() {
        let t = Text::log("<b>x</b> & 'y'")
            .o_strong("<i>")
            .code("\"z\"")
            .br()
            .link("event #3", "e3\"><script>");
        assert_eq!(
            inline(&t),
            "&lt;b&gt;x&lt;/b&gt; &amp; &#39;y&#39;<strong>&lt;i&gt;</strong><code>&quot;z&quot;</code><br><a href=\"#e3&quot;&gt;&lt;script&gt;\">event #3</a>"
        );
        let mut s = Section::new("x", "A <heading>");
        s.push(Block::Table(Table {
            header: None,
            rows: vec![Row::new(vec![Text::ours("Key"), Text::log("<v>")])],
            nowrap: vec![],
        }));
        let d = Document {
            kind: "Post-mortem",
            title: "<title>".into(),
            lead: vec![],
            sections: vec![s],
        };
        let html = document(&d);
        assert!(html.contains("<h1>Post-mortem: &lt;title&gt;</h1>"));
        assert!(html.contains("<h2 id=\"x\">A &lt;heading&gt;</h2>"));
        assert!(html.contains("<tr><th scope=\"row\">Key</th><td>&lt;v&gt;</td></tr>"));
        assert!(!html.contains("<script"));
    }
}
