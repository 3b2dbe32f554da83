//! The drill's sections: the briefing, the score, the expectations (due, done, result,
//! points), the path intended and taken, and the work done while the drill was paused.

use super::{Report, at_hms};
use crate::drill::score::points;
use crate::drill::{ScoreCard, Status};
use crate::report::document::{Block, Item, Row, Section, Table, Text};

/// The drill's sections, in order (none for a live incident or a missing scenario).
pub fn sections(r: &Report<'_>) -> Vec<Section> {
    let mut out = Vec::new();
    let Some(d) = &r.drill else {
        return out;
    };
    if let Some(sc) = d.scenario {
        out.push(super::with(
            "briefing",
            "Briefing",
            Block::Paragraph(Text::log(&sc.briefing)),
        ));
    }
    if let Some(card) = &d.score {
        out.push(score(card));
        out.push(expectations(r, card));
        out.extend(path(r, card));
    }
    out.extend(paused_work(r));
    out
}

/// The pauses of the drill clock and every event recorded while it was paused (the players
/// worked while the injects and deadlines stood still).
fn paused_work(r: &Report<'_>) -> Option<Section> {
    let p = &r.drill.as_ref()?.pauses;
    if p.count == 0 {
        return None;
    }
    let mut s = Section::new("paused", "Work while the drill was paused");
    s.para(Text::ours(format!("Paused: {}.", super::facts::paused(p))));
    if p.while_paused.is_empty() {
        s.para(Text::ours(
            "Nothing was recorded while the drill was paused.",
        ));
        return Some(s);
    }
    let items = r
        .events
        .iter()
        .filter(|e| p.during(e.seq))
        .map(|e| {
            let (who, _) = crate::review::credit::credited(e);
            Item::new(
                Text::new()
                    .link(format!("#{}", e.seq), format!("e{}", e.seq))
                    .o(format!(" {} ", at_hms(r, e.at)))
                    .t(who)
                    .o(": ")
                    .t(e.describe()),
            )
        })
        .collect();
    s.push(Block::List {
        ordered: false,
        items,
    });
    Some(s)
}

fn score(card: &ScoreCard) -> Section {
    let mut s = Section::new("score", "Score");
    s.para(
        Text::new()
            .o_strong(format!(
                "{} / {} points ({:.0}%)",
                points(card.points),
                card.max,
                card.percent()
            ))
            .o(format!(
                " — {} met, {} late, {} missed{}.",
                card.count("met"),
                card.count("late"),
                card.count("missed"),
                match card.count("pending") + card.count("overdue") {
                    0 => String::new(),
                    n => format!(", {n} not settled (the drill was stopped before they were due)"),
                }
            )),
    );
    s.para(Text::ours(
        "Met on time earns the full weight, late (after the due time, before expiry) half, missed nothing.",
    ));
    s
}

/// The expectations table: what was looked for, when it was due and done, the verdict.
pub fn expectations(r: &Report<'_>, card: &ScoreCard) -> Section {
    let rows = card
        .results
        .iter()
        .map(|x| {
            let done = match x.status {
                Status::Met(t) | Status::Late(t) | Status::Missed(Some(t)) => at_hms(r, t),
                _ => "—".into(),
            };
            let due = if x.expires_at > x.due_at {
                format!(
                    "{}, late until {}",
                    at_hms(r, x.due_at),
                    r.t_plus(x.expires_at)
                )
            } else {
                at_hms(r, x.due_at)
            };
            Row::new(vec![
                Text::log(&x.label).o(" (").code(&x.id).o(")"),
                Text::log(&x.criterion),
                Text::ours(due),
                Text::ours(done),
                Text::verdict(&x.status.verdict(), false),
                Text::ours(format!("{} / {}", points(x.points), x.weight)),
            ])
        })
        .collect();
    super::with(
        "expectations",
        "Expectations",
        Block::Table(Table {
            header: Some(
                [
                    "Expectation",
                    "Looked for",
                    "Due",
                    "Done",
                    "Result",
                    "Points",
                ]
                .map(String::from)
                .to_vec(),
            ),
            rows,
            nowrap: vec![5],
        }),
    )
}

/// The intended path with when each step was reached, the path taken, the detours.
fn path(r: &Report<'_>, card: &ScoreCard) -> Option<Section> {
    if card.intended.is_empty() && card.taken.is_empty() {
        return None;
    }
    let mut s = Section::new("path", "Path: intended and taken");
    if !card.intended.is_empty() {
        let rows = card
            .intended
            .iter()
            .enumerate()
            .map(|(i, (step, at))| {
                Row::new(vec![
                    Text::ours((i + 1).to_string()),
                    Text::new().code(step),
                    Text::ours(match at {
                        Some(t) => format!("✓ {}", at_hms(r, *t)),
                        None => "✗ not reached".into(),
                    }),
                ])
            })
            .collect();
        s.push(Block::Table(Table {
            header: Some(["#", "Intended step", "Reached"].map(String::from).to_vec()),
            rows,
            nowrap: vec![0],
        }));
    }
    let mut taken = Text::ours("Taken: ");
    for (i, (step, t)) in card.taken.iter().enumerate() {
        if i > 0 {
            taken = taken.o(" → ");
        }
        taken = taken.code(step).o(format!(" ({})", r.t_plus(*t)));
    }
    s.para(taken);
    if !card.detours.is_empty() {
        let mut t = Text::ours("Off the intended path: ");
        for (i, step) in card.detours.iter().enumerate() {
            if i > 0 {
                t = t.o(", ");
            }
            t = t.code(step);
        }
        s.para(t);
    }
    Some(s)
}
