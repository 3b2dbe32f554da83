//! The format-neutral report document: a title, a lead (callouts and the facts table) and
//! sections, each a heading over blocks — paragraphs, tables (header and rows), lists,
//! verbatim texts, sub-headings and pictures (the timeline, the reach curves) — built once
//! from the analysis by [`super::build`] and rendered by [`super::markdown`] and
//! [`super::html`] (and shown as plain lines by [`Section::plain_lines`], for a screen).
//!
//! Text is a list of [`Span`]s. A span either holds text from the log or the scenario
//! ([`Span::Text`]: every renderer escapes it for its format) or warroom's own words, figures
//! and times ([`Span::Ours`]: written as they are in Markdown, escaped in HTML all the same).

use chrono::{DateTime, FixedOffset};

type Time = DateTime<FixedOffset>;

/// How a span is emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Strong,
    Em,
    Code,
}

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    /// Text from the log or the scenario: escaped by every renderer.
    Text(String, Style),
    /// warroom's own words, figures and times (never text a user typed).
    Ours(String, Style),
    /// A line break inside a paragraph or a table cell.
    Break,
    /// warroom's own words linking to an anchor in the document (a timeline row, `e12`).
    Link { text: String, to: String },
}

/// A run of spans: a paragraph's or a cell's content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(pub Vec<Span>);

impl Text {
    pub fn new() -> Text {
        Text(Vec::new())
    }

    /// Text from the log, plain.
    pub fn log(s: impl Into<String>) -> Text {
        Text::new().t(s)
    }

    /// warroom's own words, plain.
    pub fn ours(s: impl Into<String>) -> Text {
        Text::new().o(s)
    }

    /// Appends log text.
    pub fn t(self, s: impl Into<String>) -> Text {
        self.span(Span::Text(s.into(), Style::Plain))
    }

    /// Appends warroom's words.
    pub fn o(self, s: impl Into<String>) -> Text {
        self.span(Span::Ours(s.into(), Style::Plain))
    }

    /// Appends log text in code style (an id, a step).
    pub fn code(self, s: impl Into<String>) -> Text {
        self.span(Span::Text(s.into(), Style::Code))
    }

    /// Appends log text in bold.
    pub fn strong(self, s: impl Into<String>) -> Text {
        self.span(Span::Text(s.into(), Style::Strong))
    }

    /// Appends warroom's words in bold.
    pub fn o_strong(self, s: impl Into<String>) -> Text {
        self.span(Span::Ours(s.into(), Style::Strong))
    }

    /// Appends warroom's words in italics.
    pub fn o_em(self, s: impl Into<String>) -> Text {
        self.span(Span::Ours(s.into(), Style::Em))
    }

    /// Appends warroom's words in code style (a fixed word such as an outcome).
    pub fn o_code(self, s: impl Into<String>) -> Text {
        self.span(Span::Ours(s.into(), Style::Code))
    }

    pub fn br(self) -> Text {
        self.span(Span::Break)
    }

    pub fn link(self, text: impl Into<String>, to: impl Into<String>) -> Text {
        self.span(Span::Link {
            text: text.into(),
            to: to.into(),
        })
    }

    pub fn span(mut self, s: Span) -> Text {
        self.0.push(s);
        self
    }

    /// Appends all of `other`.
    pub fn and(mut self, other: Text) -> Text {
        self.0.extend(other.0);
        self
    }

    /// A verdict: the mark, the word (bold when it is a breach and `bold_breach`), the detail.
    pub fn verdict(v: &crate::review::Verdict, bold_breach: bool) -> Text {
        let t = Text::ours(format!("{} ", v.mark));
        let t = if v.breach && bold_breach {
            t.o_strong(v.word)
        } else {
            t.o(v.word)
        };
        if v.detail.is_empty() {
            t
        } else {
            t.o(format!("{}{}", v.separator(), v.detail))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text without emphasis, control characters neutralised; a break is a newline.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for s in &self.0 {
            match s {
                Span::Text(t, _) | Span::Ours(t, _) | Span::Link { text: t, .. } => {
                    out.push_str(&crate::text::neutralize(t, true))
                }
                Span::Break => out.push('\n'),
            }
        }
        out
    }
}

/// A table: an optional header row, then rows. Without a header the first column names each
/// row (a facts table).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Option<Vec<String>>,
    pub rows: Vec<Row>,
    /// Columns of figures and times, kept on one line where the format can (HTML).
    pub nowrap: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Text>,
    /// An anchor other parts of the document link to.
    pub anchor: Option<String>,
}

impl Row {
    pub fn new(cells: Vec<Text>) -> Row {
        Row {
            cells,
            anchor: None,
        }
    }
}

/// One item of a list, with the items nested under it and a quoted text.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub text: Text,
    pub sub: Vec<Text>,
    /// Text from the log quoted under the item (a hand-off's post).
    pub quote: Option<String>,
}

impl Item {
    pub fn new(text: Text) -> Item {
        Item {
            text,
            sub: Vec::new(),
            quote: None,
        }
    }
}

/// What a callout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callout {
    /// The drill banner.
    Exercise,
    /// A damaged log.
    Warning,
    /// Something missing (the playbook, the scenario).
    Note,
}

/// A picture (drawn in HTML as inline SVG; the text formats carry its content elsewhere).
#[derive(Debug, Clone, PartialEq)]
pub enum Picture {
    Timeline(TimelinePicture),
    Reach(ReachPicture),
}

/// The data of the timeline picture: steps as bars, posts and injects as marks, deadlines.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePicture {
    pub start: Time,
    pub end: Time,
    pub steps: Vec<PictureStep>,
    /// (at, what the mark's tooltip says).
    pub posts: Vec<(Time, String)>,
    pub injects: Vec<(Time, String)>,
    pub deadlines: Vec<PictureDeadline>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PictureStep {
    pub step: String,
    pub entered: Time,
    pub left: Time,
    /// The tooltip.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PictureDeadline {
    pub due_at: Time,
    pub breached: bool,
    pub open: bool,
    /// The tooltip.
    pub title: String,
}

/// The reach curves of the most-seen mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachPicture {
    pub curves: Vec<ReachCurve>,
    /// The `T+` labels of the first and the last snapshot.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReachCurve {
    /// The author ("Minji Kim @minji_k").
    pub who: String,
    pub points: Vec<(Time, Option<u64>)>,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Text),
    Callout {
        kind: Callout,
        label: &'static str,
        text: Text,
    },
    Table(Table),
    List {
        ordered: bool,
        items: Vec<Item>,
    },
    /// Text from the log reproduced exactly (a post, a draft).
    Verbatim(String),
    /// A heading inside a section.
    Subheading(Text),
    /// A picture and the legend that explains it.
    Picture {
        picture: Picture,
        legend: String,
    },
}

/// A section: a heading over blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable id (the HTML anchor): `timeline`, `deadlines`, …
    pub id: &'static str,
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(id: &'static str, heading: impl Into<String>) -> Section {
        Section {
            id,
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    pub fn para(&mut self, t: Text) {
        self.blocks.push(Block::Paragraph(t));
    }

    /// The section as plain lines (for a screen's detail pane): the heading, then each block;
    /// a table row's cells joined by " · ", list items with "- ", verbatim text indented.
    /// Pictures show their legend only.
    pub fn plain_lines(&self) -> Vec<String> {
        let mut out = vec![self.heading.clone(), String::new()];
        for b in &self.blocks {
            plain_block(b, &mut out);
            out.push(String::new());
        }
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }
}

fn lines_of(t: &Text, first: &str, rest: &str, out: &mut Vec<String>) {
    for (i, l) in t.plain().lines().enumerate() {
        out.push(format!("{}{l}", if i == 0 { first } else { rest }));
    }
}

fn plain_block(b: &Block, out: &mut Vec<String>) {
    match b {
        Block::Paragraph(t) | Block::Subheading(t) => lines_of(t, "", "", out),
        Block::Callout { label, text, .. } => {
            lines_of(&Text::ours(*label).o(" ").and(text.clone()), "", "", out)
        }
        Block::Table(t) => {
            if let Some(h) = &t.header {
                out.push(h.join(" · "));
            }
            for r in &t.rows {
                let cells: Vec<String> = r.cells.iter().map(|c| c.plain()).collect();
                out.push(cells.join(" · ").replace('\n', " "));
            }
        }
        Block::List { ordered, items } => {
            for (i, it) in items.iter().enumerate() {
                let mark = if *ordered {
                    format!("{}. ", i + 1)
                } else {
                    "- ".into()
                };
                lines_of(&it.text, &mark, "  ", out);
                for s in &it.sub {
                    lines_of(s, "  - ", "    ", out);
                }
                if let Some(q) = &it.quote {
                    for l in crate::text::neutralize(q, true).lines() {
                        out.push(format!("  > {l}"));
                    }
                }
            }
        }
        Block::Verbatim(s) => {
            for l in crate::text::neutralize(s, true).lines() {
                out.push(format!("  {l}"));
            }
        }
        Block::Picture { legend, .. } => out.push(legend.clone()),
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// "Post-mortem: …" or "After-action report: …" (the title is text from the log).
    pub kind: &'static str,
    pub title: String,
    /// Before the first section: callouts and the facts table.
    pub lead: Vec<Block>,
    pub sections: Vec<Section>,
}

impl Document {
    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The headings of the sections, in order.
    pub fn headings(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.heading.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_of_a_section() {
        let mut s = Section::new("x", "Deadlines");
        s.push(Block::Table(Table {
            header: Some(vec!["Deadline".into(), "Result".into()]),
            rows: vec![Row::new(vec![
                Text::log("Tone").o(" (").code("t").o(")"),
                Text::ours("❌ ").o_strong("BREACHED"),
            ])],
            nowrap: vec![],
        }));
        s.push(Block::List {
            ordered: false,
            items: vec![Item {
                text: Text::ours("a").br().o("b"),
                sub: vec![Text::ours("c")],
                quote: Some("q".into()),
            }],
        });
        s.push(Block::Verbatim("one\ntwo".into()));
        assert_eq!(
            s.plain_lines(),
            [
                "Deadlines",
                "",
                "Deadline · Result",
                "Tone (t) · ❌ BREACHED",
                "",
                "- a",
                "  b",
                "  - c",
                "  > q",
                "",
                "  one",
                "  two"
            ]
        );
    }
}
