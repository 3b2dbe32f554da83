//! The post-mortem figures: time in each step, the decisions with the choices not taken, and
//! the deadlines with their verdicts.

use super::{Report, when};
use crate::report::document::{Block, Item, Row, Section, Table, Text};
use crate::report::human_secs;
use crate::review::End;

fn header(cols: &[&str]) -> Option<Vec<String>> {
    Some(cols.iter().map(|c| c.to_string()).collect())
}

/// Time in each step, with the total (which is the incident's duration).
pub fn steps(r: &Report<'_>) -> Section {
    let a = r.analysis;
    let mut rows: Vec<Row> = a
        .steps
        .iter()
        .map(|s| {
            let name = match &s.title {
                Some(t) => Text::log(t).o(" (").code(&s.step).o(")"),
                None => Text::new().code(&s.step),
            };
            let left = if s.current {
                format!("{} — still here", when(r, s.left))
            } else {
                when(r, s.left)
            };
            Row::new(vec![
                name,
                Text::ours(when(r, s.entered)),
                Text::ours(left),
                Text::ours(human_secs(s.secs)),
            ])
        })
        .collect();
    let total: i64 = a.steps.iter().map(|s| s.secs).sum();
    rows.push(Row::new(vec![
        Text::new().o_strong("Total"),
        Text::new(),
        Text::new(),
        Text::new().o_strong(human_secs(total)),
    ]));
    super::with(
        "steps",
        "Time in each step",
        Block::Table(Table {
            header: header(&["Step", "Entered", "Left", "Time spent"]),
            rows,
            nowrap: vec![3],
        }),
    )
}

/// Every decision, with the choices not taken under it.
pub fn decisions(r: &Report<'_>) -> Section {
    let a = r.analysis;
    let heading = "Decisions and the choices not taken";
    if a.decisions.is_empty() {
        return super::with(
            "decisions",
            heading,
            Block::Paragraph(Text::ours("No choices were taken.")),
        );
    }
    let items = a
        .decisions
        .iter()
        .map(|d| {
            let mut text = Text::ours(format!("{} at ", r.t_plus(d.at)))
                .code(&d.from)
                .o(": chose ")
                .strong(&d.taken)
                .o(" → ")
                .code(&d.to);
            if !d.overridden.is_empty() {
                text = text
                    .o(" (override: required items unticked: ")
                    .t(d.overridden.join(", "))
                    .o(")");
            }
            let mut item = Item::new(text);
            item.sub = d
                .not_taken
                .iter()
                .map(|(label, to)| Text::ours("not taken: ").t(label).o(" → ").code(to))
                .collect();
            item
        })
        .collect();
    super::with(
        "decisions",
        heading,
        Block::List {
            ordered: false,
            items,
        },
    )
}

/// Every deadline that applied, with its verdict.
pub fn deadlines(r: &Report<'_>) -> Section {
    let a = r.analysis;
    if a.deadlines.is_empty() {
        return super::with(
            "deadlines",
            "Deadlines",
            Block::Paragraph(Text::ours("No deadlines applied.")),
        );
    }
    let closed = a.end_kind == End::Closed;
    let t_plus = |t| r.t_plus(t);
    let rows = a
        .deadlines
        .iter()
        .map(|d| {
            Row::new(vec![
                Text::log(&d.label).o(" (").code(&d.id).o(")"),
                match &d.step {
                    Some(s) => Text::new().code(s),
                    None => Text::ours("incident"),
                },
                Text::ours(when(r, d.due_at)),
                Text::verdict(&d.outcome.verdict(closed, &t_plus), true),
            ])
        })
        .collect();
    super::with(
        "deadlines",
        "Deadlines",
        Block::Table(Table {
            header: header(&["Deadline", "Step", "Due", "Result"]),
            rows,
            nowrap: vec![],
        }),
    )
}
