//! Several teams on one scenario, compared (`warroom compare LOG1 LOG2 …`): each team's
//! score, every expectation's verdict and done time per team, the path each took (its step
//! sequence) and its key times (first post, first decision, end), all as `T+` from the
//! team's own drill start. Logs of different scenarios are refused. A team is named by its
//! `drill_started` `team` field when the log has one, else by the log's file stem.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::document::{Block, Document, Row, Section, Table, Text};
use crate::drill::{ScoreCard, score};
use crate::engine::{Event, EventKind};
use crate::review::{TPlus, t_plus};
use crate::scenario::Scenario;

type Time = DateTime<FixedOffset>;

/// One team's drill log, read.
pub struct TeamLog {
    pub name: String,
    pub log: String,
    pub events: Vec<Event>,
}

/// One team's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Team {
    pub name: String,
    pub log: String,
    pub points: f64,
    pub max_points: u32,
    pub start: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_post: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_decision: Option<Time>,
    pub end: Time,
    /// The steps entered, in order.
    pub path: Vec<String>,
    pub expectations: Vec<TeamExpectation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamExpectation {
    pub id: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_at: Option<Time>,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub format: &'static str,
    pub scenario_id: String,
    pub scenario_title: String,
    /// (id, label) of each expectation, in the scenario's order.
    pub expectations: Vec<(String, String)>,
    pub teams: Vec<Team>,
}

/// The team name a log gives: `drill_started`'s `team` if present in the line, else `stem`.
pub fn team_name(raw_drill_started: Option<&serde_json::Value>, stem: &str) -> String {
    raw_drill_started
        .and_then(|v| v.get("team"))
        .and_then(|t| t.as_str())
        .filter(|t| !t.trim().is_empty())
        .map_or_else(|| stem.to_string(), str::to_string)
}

fn team(t: &TeamLog, card: ScoreCard) -> Team {
    let first = |f: fn(&EventKind) -> bool| t.events.iter().find(|e| f(&e.kind)).map(|e| e.at);
    Team {
        name: t.name.clone(),
        log: t.log.clone(),
        points: card.points,
        max_points: card.max,
        start: card.start,
        first_post: first(|k| matches!(k, EventKind::Posted { .. })),
        first_decision: first(|k| matches!(k, EventKind::Decided { .. })),
        end: card.as_of,
        path: card.taken.iter().map(|(s, _)| s.clone()).collect(),
        expectations: card
            .results
            .iter()
            .map(|x| TeamExpectation {
                id: x.id.clone(),
                status: x.status.word(),
                done_at: super::drill_json::done_at(x.status),
            })
            .collect(),
    }
}

/// Compares the teams' logs of `scenario`. Every log must be a drill of that scenario.
pub fn compare(scenario: &Scenario, logs: &[TeamLog]) -> Result<Comparison, String> {
    let mut teams = Vec::new();
    for t in logs {
        let Some(sref) = crate::drill::scenario_ref(&t.events) else {
            return Err(format!("{}: not a drill log", t.log));
        };
        if sref.id != scenario.id {
            return Err(format!(
                "{} is a drill of scenario \"{}\", not \"{}\": only drills of the same scenario can be compared",
                t.log, sref.id, scenario.id
            ));
        }
        let card = score(scenario, &t.events)
            .ok_or_else(|| format!("{}: the drill has no start to score from", t.log))?;
        teams.push(team(t, card));
    }
    Ok(Comparison {
        format: "warroom-compare/1",
        scenario_id: scenario.id.clone(),
        scenario_title: scenario.title.clone(),
        expectations: scenario
            .expectations
            .iter()
            .map(|e| (e.id.clone(), e.label.clone()))
            .collect(),
        teams,
    })
}

fn tp(team: &Team, t: Option<Time>) -> String {
    t.map_or_else(|| "—".into(), |t| t_plus(team.start, t, TPlus::Short))
}

fn header(first: &[&str], teams: &[Team]) -> Option<Vec<String>> {
    Some(
        first
            .iter()
            .map(|s| s.to_string())
            .chain(teams.iter().map(|t| t.name.clone()))
            .collect(),
    )
}

/// The comparison as a report document (rendered by the Markdown and HTML renderers).
pub fn document(c: &Comparison) -> Document {
    let mut scores = Section::new("scores", "Scores and key times");
    scores.push(Block::Table(Table {
        header: Some(
            [
                "Team",
                "Log",
                "Score",
                "First decision",
                "First post",
                "End",
            ]
            .map(String::from)
            .to_vec(),
        ),
        rows: c
            .teams
            .iter()
            .map(|t| {
                Row::new(vec![
                    Text::log(&t.name),
                    Text::new().code(&t.log),
                    Text::ours(format!(
                        "{} / {}",
                        crate::drill::score::points(t.points),
                        t.max_points
                    )),
                    Text::ours(tp(t, t.first_decision)),
                    Text::ours(tp(t, t.first_post)),
                    Text::ours(tp(t, Some(t.end))),
                ])
            })
            .collect(),
        nowrap: vec![2, 3, 4, 5],
    }));
    let mut exps = Section::new("expectations", "Expectations by team");
    exps.push(Block::Table(Table {
        header: header(&["Expectation"], &c.teams),
        rows: c
            .expectations
            .iter()
            .map(|(id, label)| {
                let mut cells = vec![Text::log(label).o(" (").code(id).o(")")];
                for t in &c.teams {
                    cells.push(match t.expectations.iter().find(|x| &x.id == id) {
                        Some(x) => Text::ours(match x.done_at {
                            Some(d) => format!("{} {}", x.status, tp(t, Some(d))),
                            None => x.status.to_string(),
                        }),
                        None => Text::ours("—"),
                    });
                }
                Row::new(cells)
            })
            .collect(),
        nowrap: vec![],
    }));
    let mut paths = Section::new("paths", "Paths taken");
    paths.push(Block::Table(Table {
        header: Some(["Team", "Steps"].map(String::from).to_vec()),
        rows: c
            .teams
            .iter()
            .map(|t| Row::new(vec![Text::log(&t.name), Text::log(t.path.join(" → "))]))
            .collect(),
        nowrap: vec![],
    }));
    Document {
        kind: "Team comparison",
        title: c.scenario_title.clone(),
        lead: vec![Block::Paragraph(
            Text::ours(format!("{} teams on scenario ", c.teams.len())).code(&c.scenario_id),
        )],
        sections: vec![scores, exps, paths],
    }
}
