//! Builds the [`Document`] of a full report, once, from the [`Report`] (the log's events, the
//! analysis and, for a drill, the scenario and score): a function per section, in the order
//! the report reads — the lead and facts, then (drill) briefing, score, expectations and path,
//! the timeline, time in each step, decisions, deadlines, drafts, mentions, posts verbatim,
//! notes, (drill) hot-wash questions, and lessons and follow-ups.

mod closing;
mod drafts;
mod drill;
mod facts;
mod review;
mod timeline;

use chrono::{DateTime, FixedOffset};

use super::Report;
use super::document::{Block, Document, Section, Text};
use crate::engine::{Mode, OnBehalf};

type Time = DateTime<FixedOffset>;

/// The document of the full post-mortem (or, for a drill, after-action report).
pub fn document(r: &Report<'_>) -> Document {
    let mut sections: Vec<Section> = Vec::new();
    sections.extend(drill::sections(r));
    sections.push(timeline::section(r));
    sections.push(review::steps(r));
    sections.push(review::decisions(r));
    sections.push(review::deadlines(r));
    sections.push(drafts::drafts(r));
    sections.extend(super::mentions::section(r));
    sections.push(drafts::posted(r));
    sections.push(closing::notes(r));
    sections.extend(closing::hot_wash(r));
    sections.push(closing::lessons(r));
    Document {
        kind: if r.mode == Mode::Drill {
            "After-action report"
        } else {
            "Post-mortem"
        },
        title: title_text(r),
        lead: facts::lead(r),
        sections,
    }
}

/// The incident's title, or a stand-in when it has none.
pub fn title_text(r: &Report<'_>) -> String {
    if r.title.is_empty() {
        "(untitled incident)".into()
    } else {
        r.title.clone()
    }
}

/// `10:09:00`.
fn hms(t: Time) -> String {
    t.format("%H:%M:%S").to_string()
}

/// `T+9m (2026-11-21 10:09:00)`.
fn when(r: &Report<'_>, t: Time) -> String {
    format!("{} ({})", r.t_plus(t), t.format("%Y-%m-%d %H:%M:%S"))
}

/// `T+9m (10:09:00)`.
fn at_hms(r: &Report<'_>, t: Time) -> String {
    format!("{} ({})", r.t_plus(t), hms(t))
}

/// `2026-11-21 10:00:00 +09:00`.
pub fn full_time(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// A section of one block.
/// An entry's on-behalf label, ` [recorded on behalf of NAME by OPERATOR]`: the names are the
/// log's text (escaped), the words warroom's.
fn on_behalf(l: &OnBehalf) -> Text {
    Text::ours(" [recorded on behalf of ")
        .t(&l.of)
        .o(" by ")
        .t(&l.by)
        .o("]")
}

fn with(id: &'static str, heading: &str, b: Block) -> Section {
    let mut s = Section::new(id, heading);
    s.push(b);
    s
}
