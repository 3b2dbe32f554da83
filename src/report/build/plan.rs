//! The improvement plan (findings grouped by objective, then expectation, with the
//! expectation's verdict) and the evaluator observations (grouped by expectation) as report
//! sections; the rows come from [`crate::report::plan`].

use super::{Report, at_hms};
use crate::engine::Mode;
use crate::report::document::{Block, Row, Section, Table, Text};
use crate::report::plan::{Named, ObservationRow, PlanRow, observations, plan};

fn named(n: &Option<Named>, known: bool, none: &str) -> Text {
    match n {
        None => Text::ours(none),
        Some(n) if n.label.is_empty() => {
            let t = Text::new().code(&n.id);
            if known {
                t
            } else {
                t.o(" (not in the scenario)")
            }
        }
        Some(n) => Text::log(&n.label).o(" (").code(&n.id).o(")"),
    }
}

fn verdict(s: Option<crate::drill::Status>) -> Text {
    match s {
        Some(s) => Text::verdict(&s.verdict(), false),
        None => Text::ours("—"),
    }
}

fn plan_row(p: &PlanRow) -> Row {
    let objective = if p.objective.is_none() && p.expectation.is_none() && p.known {
        Text::ours("general")
    } else {
        named(&p.objective, p.known || p.expectation.is_some(), "—")
    };
    Row::new(vec![
        objective,
        named(&p.expectation, p.known, "—"),
        Text::log(&p.finding)
            .br()
            .o("— ")
            .t(&p.by)
            .o(format!(", {} (", p.at.format("%Y-%m-%d")))
            .link(format!("#{}", p.seq), format!("e{}", p.seq))
            .o(")"),
        Text::log(&p.action),
        Text::log(&p.owner),
        Text::ours(p.due.format("%Y-%m-%d").to_string()),
        verdict(p.status),
    ])
}

/// The improvement plan: for a drill always (saying how to add findings when there are
/// none), for a live incident when it has findings.
pub fn improvement_plan(r: &Report<'_>) -> Option<Section> {
    let rows = plan(r);
    if rows.is_empty() && r.mode != Mode::Drill {
        return None;
    }
    let mut s = Section::new("improvement-plan", "Improvement plan");
    if rows.is_empty() {
        s.para(Text::ours(
            "No findings yet: mark a review note as a finding (`m` on a note on the review screen, or `warroom review LOG --note TEXT --finding ID --action … --owner … --due YYYY-MM-DD`).",
        ));
        return Some(s);
    }
    s.push(Block::Table(Table {
        header: Some(
            [
                "Objective",
                "Expectation",
                "Finding",
                "Corrective action",
                "Owner",
                "Due",
                "Result",
            ]
            .map(String::from)
            .to_vec(),
        ),
        rows: rows.iter().map(plan_row).collect(),
        nowrap: vec![5],
    }));
    Some(s)
}

fn observation_row(r: &Report<'_>, o: &ObservationRow) -> Row {
    Row::new(vec![
        named(&o.expectation, o.known, "(no expectation)"),
        verdict(o.status),
        Text::new()
            .link(format!("#{}", o.seq), format!("e{}", o.seq))
            .o(format!(" {}", at_hms(r, o.at))),
        Text::log(&o.by),
        Text::log(&o.text),
    ])
}

/// The evaluators' observations, grouped by expectation (a drill only).
pub fn evaluator_observations(r: &Report<'_>) -> Option<Section> {
    if r.mode != Mode::Drill {
        return None;
    }
    let rows = observations(r);
    let mut s = Section::new("observations", "Evaluator observations");
    if rows.is_empty() {
        s.para(Text::ours(
            "No observations: an evaluator joins with `--role evaluator`; their notes (and `observe [EXPECTATION-ID:] TEXT`) are observations.",
        ));
        return Some(s);
    }
    s.push(Block::Table(Table {
        header: Some(
            ["Expectation", "Result", "When", "Evaluator", "Observation"]
                .map(String::from)
                .to_vec(),
        ),
        rows: rows.iter().map(|o| observation_row(r, o)).collect(),
        nowrap: vec![2],
    }));
    Some(s)
}
