//! The lead of the report: the exercise banner, warnings about the log and the playbook, the
//! facts table (mode, playbook, scenario, times, outcome, public state, people, log) and the
//! note about a missing scenario.

use super::{Report, full_time, hms};
use crate::engine::{DrillEnd, Mode};
use crate::report::document::{Block, Callout, Row, Table, Text};
use crate::report::human_secs;
use crate::review::{End, Person};

/// The blocks before the first section.
pub fn lead(r: &Report<'_>) -> Vec<Block> {
    let mut out = Vec::new();
    if r.mode == Mode::Drill {
        out.push(Block::Callout {
            kind: Callout::Exercise,
            label: "EXERCISE",
            text: Text::ours("— this log records a tabletop drill, not a real incident."),
        });
    }
    if let Some(p) = &r.log_problem {
        out.push(Block::Callout {
            kind: Callout::Warning,
            label: "Warning:",
            text: Text::log(p).o(" — this report covers only the events before it."),
        });
    }
    if let Some(n) = &r.analysis.playbook_note {
        out.push(Block::Callout {
            kind: Callout::Note,
            label: "Playbook:",
            text: Text::log(n),
        });
    }
    out.push(Block::Table(Table {
        header: None,
        rows: facts(r),
        nowrap: vec![],
    }));
    if let Some(note) = r.drill.as_ref().and_then(|d| d.scenario_note.as_ref()) {
        out.push(Block::Callout {
            kind: Callout::Note,
            label: "Scenario:",
            text: Text::log(note),
        });
    }
    out
}

fn row(k: &str, v: Text) -> Row {
    Row::new(vec![Text::ours(k), v])
}

/// The facts table's rows.
fn facts(r: &Report<'_>) -> Vec<Row> {
    let a = r.analysis;
    let drill = r.mode == Mode::Drill;
    let mut rows = vec![row(
        "Mode",
        Text::ours(if drill { "drill" } else { "live incident" }),
    )];
    if let Some(pb) = &r.playbook {
        rows.push(row(
            "Playbook",
            Text::log(&pb.title)
                .o(" v")
                .t(&pb.version)
                .o(" (")
                .code(&pb.id)
                .o(")"),
        ));
        rows.push(row("Playbook SHA-256", Text::new().code(&pb.sha256)));
    }
    if let Some(d) = &r.drill {
        rows.push(row(
            "Scenario",
            Text::log(&d.scenario_ref.title)
                .o(" (")
                .code(&d.scenario_ref.id)
                .o(")"),
        ));
        rows.push(row("Drill clock", Text::ours(format!("{}x", d.speed))));
        rows.push(row("Paused", Text::ours(paused(&d.pauses))));
    }
    if let Some(t) = r.opened {
        rows.push(row("Started", Text::ours(full_time(t))));
    }
    if let Some(t) = a.end {
        let how = match a.end_kind {
            End::Closed => "closed",
            End::DrillEnded => "the drill ended; the incident was not closed",
            End::LastEvent => "still open: the last event so far",
        };
        rows.push(row(
            "Ended",
            Text::ours(format!("{} ({how})", full_time(t))),
        ));
        rows.push(row("Duration", Text::ours(human_secs(a.duration_secs))));
    }
    rows.push(row(
        "Outcome",
        match a.outcome {
            Some(out) => Text::new().o_code(out.word()),
            None => Text::ours("not closed"),
        },
    ));
    if let Some((state, at)) = a.public_state {
        rows.push(row(
            "Public state",
            Text::ours(format!("{} (since {})", state.word(), r.t_plus(at))),
        ));
    }
    rows.extend(drill_ended(r));
    rows.push(row(
        "First public acknowledgement",
        Text::ours(
            a.first_public_ack
                .map(|t| r.t_plus(t))
                .unwrap_or_else(|| "none (nothing posted on a public channel)".into()),
        ),
    ));
    if let Some(t) = a.cs_handoff {
        rows.push(row(
            "Handed off to customer service",
            Text::ours(r.t_plus(t)),
        ));
    }
    let people: Vec<String> = a.people.iter().map(Person::describe).collect();
    rows.push(row("People", Text::log(people.join("; "))));
    rows.push(row(
        "Log",
        Text::new()
            .code(&r.log_name)
            .o(format!(", {} events", r.events.len())),
    ));
    rows
}

/// The drill's end, for a drill.
fn drill_ended(r: &Report<'_>) -> Option<Row> {
    let d = r.drill.as_ref()?;
    Some(match d.ended {
        Some((why, at)) => row(
            "Drill ended",
            Text::ours(format!(
                "{} ({}, {})",
                hms(at),
                r.t_plus(at),
                match why {
                    DrillEnd::TimeUp => "time up",
                    DrillEnd::Facilitator => "ended by the facilitator",
                    DrillEnd::ScriptEnded => "end of script",
                    DrillEnd::Closed => "the incident was closed",
                }
            )),
        ),
        None => row(
            "Drill ended",
            Text::ours("not recorded (the drill was stopped)"),
        ),
    })
}

/// "3m 00s of wall time in 2 pauses; 1 event recorded while paused", or "never".
pub fn paused(p: &crate::report::Pauses) -> String {
    if p.count == 0 {
        return "never".into();
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} of wall time in {}; {} recorded while paused",
        human_secs(p.secs),
        plural(p.count, "pause", "pauses"),
        plural(p.while_paused.len(), "event", "events")
    )
}
