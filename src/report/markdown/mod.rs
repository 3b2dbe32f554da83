//! The Markdown report: the report [`Document`] written as Markdown (tables for the facts,
//! the timeline and the figures; posts verbatim in fenced blocks), or, for an audience, the
//! public status page or the executive summary ([`audience`]).
//!
//! Every piece of text from the log or the scenario is escaped for Markdown and HTML (a post
//! cannot inject markup into the report), and control characters are neutralised; posts are
//! reproduced verbatim inside fenced blocks.

mod audience;

use super::Report;
use super::audience::Audience;
use super::document::{Block, Document, Item, Span, Style, Table, Text};
use crate::text::neutralize;

/// Kept here for the screens that import it from this path.
pub use super::human_secs;

/// Escapes text for a Markdown table cell or a line of prose: HTML specials, Markdown
/// punctuation, pipes; newlines become `<br>`.
pub fn esc(s: &str) -> String {
    let s = neutralize(s, true);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A fenced block holding `text` verbatim (the fence is longer than any backtick run inside).
fn fenced(text: &str) -> String {
    let text = neutralize(text, true);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}text\n{text}\n{fence}\n")
}

/// Renders the report as Markdown (for its audience).
pub fn render(r: &Report<'_>) -> String {
    match r.audience {
        Audience::Public => audience::public(r),
        Audience::Executives => audience::executive(r),
        Audience::All => document(&super::build::document(r)),
    }
}

/// The document as Markdown: blocks separated by a blank line; pictures are left out (their
/// content is in the tables and lists).
pub fn document(d: &Document) -> String {
    let mut blocks = vec![format!("# {}: {}\n", d.kind, esc(&d.title))];
    blocks.extend(d.lead.iter().filter_map(block));
    for s in &d.sections {
        blocks.push(format!("## {}\n", s.heading));
        blocks.extend(s.blocks.iter().filter_map(block));
    }
    blocks.join("\n")
}

/// One block, ending with a newline (none for a picture).
fn block(b: &Block) -> Option<String> {
    Some(match b {
        Block::Paragraph(t) => format!("{}\n", inline(t)),
        Block::Callout { label, text, .. } => format!("> **{label}** {}\n", inline(text)),
        Block::Table(t) => table(t),
        Block::List { ordered, items } => list(*ordered, items),
        Block::Verbatim(s) => fenced(s),
        Block::Subheading(t) => format!("### {}\n", inline(t)),
        Block::Picture { .. } => return None,
    })
}

fn row_line(cells: impl Iterator<Item = String>) -> String {
    let mut line = String::from("|");
    for c in cells {
        if c.is_empty() {
            line.push_str(" |");
        } else {
            line.push(' ');
            line.push_str(&c);
            line.push_str(" |");
        }
    }
    line.push('\n');
    line
}

fn table(t: &Table) -> String {
    let cols = t
        .header
        .as_ref()
        .map(Vec::len)
        .or_else(|| t.rows.first().map(|r| r.cells.len()))
        .unwrap_or(0);
    let mut o = match &t.header {
        Some(h) => row_line(h.iter().cloned()),
        None => row_line(std::iter::repeat_n(String::new(), cols)),
    };
    o.push('|');
    o.push_str(&"---|".repeat(cols));
    o.push('\n');
    for r in &t.rows {
        o.push_str(&row_line(r.cells.iter().map(inline)));
    }
    o
}

fn list(ordered: bool, items: &[Item]) -> String {
    let mut o = String::new();
    for (i, it) in items.iter().enumerate() {
        if ordered {
            o.push_str(&format!("{}. ", i + 1));
        } else {
            o.push_str("- ");
        }
        o.push_str(&inline(&it.text));
        if let Some(q) = &it.quote {
            o.push_str("\n\n  > ");
            o.push_str(&esc(q).replace('\n', "\n  > "));
        }
        o.push('\n');
        for s in &it.sub {
            o.push_str(&format!("  - {}\n", inline(s)));
        }
    }
    o
}

fn styled(s: &str, style: Style) -> String {
    match style {
        Style::Plain => s.to_string(),
        Style::Strong => format!("**{s}**"),
        Style::Em => format!("*{s}*"),
        Style::Code => format!("`{s}`"),
    }
}

/// Inline text: log text escaped, warroom's own words as they are.
fn inline(t: &Text) -> String {
    let mut o = String::new();
    for s in &t.0 {
        match s {
            Span::Text(s, style) => o.push_str(&styled(&esc(s), *style)),
            Span::Ours(s, style) => o.push_str(&styled(s, *style)),
            Span::Break => o.push_str("<br>"),
            Span::Link { text, .. } => o.push_str(text),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            esc("a|b <script>*x*\nnext"),
            "a\\|b &lt;script&gt;\\*x\\*<br>next"
        );
        assert_eq!(crate::text::group_thousands(84150), "84,150");
        assert_eq!(crate::text::group_thousands(999), "999");
        assert!(fenced("a ```` b").starts_with("`````text\n"));
    }
}
