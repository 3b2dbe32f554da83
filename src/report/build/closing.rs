//! The closing sections: notes, review notes and amendments (and the closing summary), the
//! drill's hot-wash questions, and lessons with the follow-ups promised in posts.

use super::{Report, at_hms, when};
use crate::engine::EventKind;
use crate::report::document::{Block, Item, Row, Section, Table, Text};

/// Notes, review notes and amendments, then the closing summary.
pub fn notes(r: &Report<'_>) -> Section {
    let mut s = Section::new("notes", "Notes");
    let items: Vec<Item> = r
        .events
        .iter()
        .filter_map(|e| {
            let text = match &e.kind {
                EventKind::Note { text } => Text::ours(format!("{} ", at_hms(r, e.at)))
                    .t(&e.actor.name)
                    .o(": ")
                    .t(text),
                EventKind::ReviewNote { text, .. } => Text::ours(format!(
                    "review note, {} ({}), ",
                    e.at.format("%Y-%m-%d %H:%M"),
                    r.t_plus(e.at)
                ))
                .t(&e.actor.name)
                .o(": ")
                .t(text),
                EventKind::Amended { target, text, .. } => {
                    Text::ours(format!("{} ", at_hms(r, e.at)))
                        .t(&e.actor.name)
                        .o(" amends ")
                        .link(format!("event #{target}"), format!("e{target}"))
                        .o(": ")
                        .t(text)
                }
                _ => return None,
            };
            Some(Item::new(text))
        })
        .collect();
    if items.is_empty() {
        s.para(Text::ours("No notes."));
    } else {
        s.push(Block::List {
            ordered: false,
            items,
        });
    }
    if let Some((_, _, summary)) = &r.closed
        && !summary.trim().is_empty()
    {
        s.para(Text::ours("Closing summary: ").t(summary));
    }
    s
}

/// The scenario's hot-wash questions (a drill whose scenario has them).
pub fn hot_wash(r: &Report<'_>) -> Option<Section> {
    let sc = r.drill.as_ref().and_then(|d| d.scenario)?;
    if sc.hot_wash.is_empty() {
        return None;
    }
    Some(super::with(
        "hot-wash",
        "Hot-wash questions",
        Block::List {
            ordered: true,
            items: sc
                .hot_wash
                .iter()
                .map(|q| Item::new(Text::log(q)))
                .collect(),
        },
    ))
}

/// Lessons to fill in at the review meeting, and the follow-ups promised in posts (with an
/// empty row to add more).
pub fn lessons(r: &Report<'_>) -> Section {
    let mut s = Section::new("lessons", "Lessons and follow-ups");
    s.para(Text::new().o_em("To fill in at the review meeting."));
    s.push(Block::List {
        ordered: false,
        items: [
            "What went well:",
            "What was hard:",
            "What we change in the playbook:",
        ]
        .map(|t| Item::new(Text::ours(t)))
        .to_vec(),
    });
    let mut rows: Vec<Row> = r
        .analysis
        .followups
        .iter()
        .map(|f| {
            Row::new(vec![
                Text::log(&f.what),
                Text::new().code(&f.owner),
                Text::log(f.due_text()),
                Text::ours(format!(
                    "post #{} ({}), {}",
                    f.draft,
                    f.channel.label(),
                    when(r, f.posted_at)
                )),
            ])
        })
        .collect();
    rows.push(Row::new(vec![Text::new(); 4]));
    s.push(Block::Table(Table {
        header: Some(
            ["Follow-up", "Owner", "Due", "Promised in"]
                .map(String::from)
                .to_vec(),
        ),
        rows,
        nowrap: vec![],
    }));
    s
}
