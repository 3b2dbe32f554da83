//! The timeline section: the picture (steps as bars, posts and injects as marks, deadlines as
//! lines) and the table of every event with injects and team actions interleaved, amendments
//! beside what they correct.

use super::Report;
use crate::engine::{Event, EventKind};
use crate::report::document::{
    Block, Picture, PictureDeadline, PictureStep, Row, Section, Table, Text, TimelinePicture,
};
use crate::report::human_secs;
use crate::review::{Analysis, Entry, Scope, correction};

const LEGEND: &str = "Bars: time in each step. ▲ post. ○ inject. Vertical line: a deadline; dashed with ✕ and the word BREACHED: a deadline breached. Hover a mark for details.";

pub fn section(r: &Report<'_>) -> Section {
    let a = r.analysis;
    let mut s = Section::new("timeline", "Timeline");
    if let Some(p) = picture(a, r.events) {
        s.push(Block::Picture {
            picture: Picture::Timeline(p),
            legend: LEGEND.into(),
        });
    }
    let rows = r
        .events
        .iter()
        .zip(&a.entries)
        .map(|(e, entry)| row(r, e, entry))
        .collect();
    s.push(Block::Table(Table {
        header: Some(
            ["#", "T+", "Time", "Who", "What"]
                .map(String::from)
                .to_vec(),
        ),
        rows,
        nowrap: vec![0, 1, 2],
    }));
    s
}

/// One event's row: who (an inject's persona, "—" for the system) and what.
fn row(r: &Report<'_>, e: &Event, entry: &Entry) -> Row {
    let (who, what) = who_what(r, e);
    let mut what = what;
    if entry.scope == Scope::External {
        what = Text::ours("🌐 ").o_em("external").o(" · ").and(what);
    }
    if r.while_paused(e.seq) {
        what = Text::ours("⏸ ").o_strong("while paused").o(" · ").and(what);
    }
    for seq in &entry.amended_by {
        if let Some(text) = correction(r.events, *seq) {
            what = what
                .br()
                .o("↳ ")
                .o_em(format!("amended by #{seq}:"))
                .o(" ")
                .t(text);
        }
    }
    Row {
        cells: vec![
            Text::ours(e.seq.to_string()),
            Text::ours(r.t_plus(e.at)),
            Text::ours(e.at.format("%Y-%m-%d %H:%M:%S").to_string()),
            who,
            what,
        ],
        anchor: Some(format!("e{}", e.seq)),
    }
}

fn who_what(r: &Report<'_>, e: &Event) -> (Text, Text) {
    let name = || Text::log(&e.actor.name);
    match &e.kind {
        EventKind::InjectDelivered {
            channel,
            persona,
            text,
            severity,
            ack,
            inject,
            ..
        } => {
            let mut who = format!("📣 {}", persona.name);
            if let Some(h) = &persona.handle {
                who.push(' ');
                who.push_str(h);
            }
            if let Some(f) = persona.followers {
                who.push_str(&format!(" · {} followers", crate::text::group_thousands(f)));
            }
            let mut what = Text::new()
                .o_strong("INJECT")
                .o(" ")
                .code(inject)
                .o(format!(" ({}): ", channel.label()))
                .t(text);
            if let Some(s) = severity {
                what = what.o(" — severity now ").o_strong(s.label());
            }
            if *ack {
                what = what.o(" — acknowledgement required");
            }
            (Text::log(who), what)
        }
        EventKind::Posted { .. } => (name(), Text::new().strong(e.describe())),
        EventKind::DeadlineBreached { .. }
        | EventKind::DrillStarted { .. }
        | EventKind::DrillEnded { .. } => (Text::ours("—"), Text::new().strong(e.describe())),
        EventKind::Amended { target, text, .. } => {
            let mut what = Text::new().o_strong(format!("AMENDS #{target}"));
            if let Some(t) = r.analysis.entry(*target) {
                what = what.o(" (“").t(&t.summary).o("”)");
            }
            (name(), what.o(": ").t(text))
        }
        EventKind::ReviewNote { text } => (
            name(),
            Text::new()
                .o_em("review note (added after the incident):")
                .o(" ")
                .t(text),
        ),
        k => {
            let what = Text::log(k.describe());
            match e.recorded_on_behalf() {
                Some(l) => (name(), what.and(super::on_behalf(&l))),
                None => (name(), what),
            }
        }
    }
}

/// The picture's data: it covers the incident, and deadlines due after its end.
fn picture(a: &Analysis, events: &[Event]) -> Option<TimelinePicture> {
    let (start, end) = (a.start?, a.end?);
    let steps = a
        .steps
        .iter()
        .map(|s| PictureStep {
            step: s.step.clone(),
            entered: s.entered,
            left: s.left,
            title: format!(
                "{}{}: {} – {} ({})",
                s.step,
                s.title
                    .as_ref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default(),
                s.entered.format("%Y-%m-%d %H:%M:%S"),
                s.left.format("%H:%M:%S"),
                human_secs(s.secs)
            ),
        })
        .collect();
    let mut posts = Vec::new();
    let mut injects = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::Posted {
                draft,
                channel,
                text,
                ..
            } => posts.push((
                e.at,
                format!(
                    "POSTED #{draft} ({}) at {}: {text}",
                    channel.label(),
                    e.at.format("%H:%M:%S")
                ),
            )),
            EventKind::InjectDelivered {
                inject,
                persona,
                text,
                ..
            } => injects.push((
                e.at,
                format!(
                    "INJECT {inject} at {} from {}: {text}",
                    e.at.format("%H:%M:%S"),
                    persona.name
                ),
            )),
            _ => {}
        }
    }
    let deadlines = a
        .deadlines
        .iter()
        .map(|d| PictureDeadline {
            due_at: d.due_at,
            breached: d.outcome.is_breach(),
            open: matches!(d.outcome, crate::review::DeadlineOutcome::Open),
            title: format!(
                "{} ({}): due {} — {}",
                d.label,
                d.id,
                d.due_at.format("%Y-%m-%d %H:%M:%S"),
                d.outcome.word()
            ),
        })
        .collect();
    Some(TimelinePicture {
        start,
        end,
        steps,
        posts,
        injects,
        deadlines,
    })
}
