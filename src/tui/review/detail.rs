//! The review screen's detail pane: everything about the selected event — when, who, during
//! which step, and what it holds (a decision with the choices not taken, a draft's or post's
//! text, a correction, a breach, an inject, a post taken in with its reach over time).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::model::{ReviewApp, View};
use super::view::pane;
use crate::engine::EventKind;
use crate::review::correction;
use crate::text::neutralize;
use crate::tui::widgets::wrap_rows;

/// The detail lines of the selected event; `compact` (a short pane) puts when, who and the
/// step on two lines, so what the event holds shows too.
fn detail_lines(app: &ReviewApp, compact: bool) -> Vec<(String, Style)> {
    let t = app.theme;
    let a = &app.data.analysis;
    let mut out: Vec<(String, Style)> = Vec::new();
    let Some(idx) = app.current() else {
        return out;
    };
    let e = &a.entries[idx];
    let Some(ev) = app.data.events.get(e.index) else {
        return out;
    };
    header(app, e, compact, &mut out);
    match &ev.kind {
        EventKind::Decided {
            from,
            label,
            to,
            overridden,
            ..
        } => decided(app, e.seq, from, label, to, overridden, &mut out),
        EventKind::Note { text } | EventKind::ReviewNote { text } => {
            out.push((neutralize(text, true), t.base()));
        }
        EventKind::DraftSaved {
            text,
            channel,
            voice,
            ..
        } => {
            out.push((
                format!(
                    "{} draft{}:",
                    channel.label(),
                    voice
                        .as_ref()
                        .map(|v| format!(" in the voice of {v}"))
                        .unwrap_or_default()
                ),
                t.muted(),
            ));
            out.push((neutralize(text, true), t.base()));
        }
        EventKind::Posted {
            text,
            channel,
            forced,
            warnings,
            ..
        } => {
            out.push((format!("posted on {}:", channel.label()), t.title()));
            out.push((neutralize(text, true), t.base()));
            if *forced {
                out.push((format!("FORCED despite: {}", warnings.join("; ")), t.warn()));
            }
        }
        EventKind::Amended {
            target,
            text,
            occurred_at,
        } => {
            out.push((format!("corrects #{target}:"), t.muted()));
            if let Some(orig) = a.entry(*target) {
                out.push((format!("  was: {}", orig.summary), t.muted()));
            }
            if let Some(at) = occurred_at {
                out.push((
                    format!("really at {}", at.format("%Y-%m-%d %H:%M:%S")),
                    t.base(),
                ));
            }
            out.push((neutralize(text, true), t.base()));
        }
        EventKind::DeadlineBreached {
            label,
            due_at,
            step,
            ..
        } => {
            out.push((
                format!(
                    "BREACHED: {} (due {}{})",
                    neutralize(label, false),
                    due_at.format("%Y-%m-%d %H:%M:%S"),
                    step.as_ref()
                        .map(|s| format!(", step {s}"))
                        .unwrap_or_default()
                ),
                t.breach(),
            ));
        }
        EventKind::InjectDelivered { text, persona, .. } => {
            out.push((
                format!("from {}:", neutralize(&persona.name, false)),
                t.inject(),
            ));
            out.push((neutralize(text, true), t.base()));
        }
        k => match crate::tui::feed::review_detail(&app.data.events, k, t) {
            Some(lines) => out.extend(lines),
            None => out.push((neutralize(&k.describe(), true), t.base())),
        },
    }
    for seq in &e.amended_by {
        if let Some(text) = correction(&app.data.events, *seq) {
            out.push((String::new(), t.base()));
            out.push((
                format!("↳ amended by #{seq}: {}", neutralize(text, true)),
                t.warn(),
            ));
        }
    }
    out
}

pub(crate) fn detail(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let block = pane(" Detail ".into(), app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width.max(1) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(n) = &app.data.analysis.playbook_note
        && app.view != View::Timeline
    {
        for r in wrap_rows(&neutralize(n, false), w, 0) {
            lines.push(Line::styled(r, app.theme.muted()));
        }
    }
    for (text, style) in detail_lines(app, inner.height < 8) {
        for para in text.split('\n') {
            for r in wrap_rows(para, w, 0) {
                lines.push(Line::styled(r, style));
                if lines.len() >= inner.height as usize {
                    break;
                }
            }
        }
    }
    lines.truncate(inner.height as usize);
    f.render_widget(Paragraph::new(lines), inner);
}

/// The selected event's header: what it is, when, by whom, during which step (on two lines
/// when `compact`).
fn header(
    app: &ReviewApp,
    e: &crate::review::Entry,
    compact: bool,
    out: &mut Vec<(String, Style)>,
) {
    let t = app.theme;
    let a = &app.data.analysis;
    if compact {
        out.push((
            format!(
                "#{} {} ({}) · {} {}",
                e.seq,
                e.kind,
                e.category.label(),
                a.t_plus(e.at),
                e.at.format("%H:%M:%S")
            ),
            t.title(),
        ));
        let step = e
            .step
            .as_ref()
            .map(|s| format!(" · during step {s}"))
            .unwrap_or_default();
        out.push((format!("by {}{step}", e.actor), t.muted()));
    } else {
        out.push((
            format!("#{} {} ({})", e.seq, e.kind, e.category.label()),
            t.title(),
        ));
        out.push((
            format!(
                "at {} ({})",
                e.at.format("%Y-%m-%d %H:%M:%S %:z"),
                a.t_plus(e.at)
            ),
            t.base(),
        ));
        out.push((format!("by {}", e.actor), t.base()));
        if let Some(s) = &e.step {
            out.push((format!("during step {s}"), t.muted()));
        }
        out.push((String::new(), t.base()));
    }
}

/// A decision's lines: what was chosen, any override, and the choices not taken.
fn decided(
    app: &ReviewApp,
    seq: u64,
    from: &str,
    label: &str,
    to: &str,
    overridden: &[String],
    out: &mut Vec<(String, Style)>,
) {
    let t = app.theme;
    let a = &app.data.analysis;
    out.push((
        format!("chose \"{}\": {from} → {to}", neutralize(label, false)),
        t.title(),
    ));
    if !overridden.is_empty() {
        out.push((
            format!(
                "OVERRIDE: required items unticked: {}",
                overridden.join(", ")
            ),
            t.warn(),
        ));
    }
    match a.decision(seq) {
        Some(d) if !d.not_taken.is_empty() => {
            out.push(("not taken:".into(), t.muted()));
            for (label, to) in &d.not_taken {
                out.push((
                    format!("  · {} → {to}", neutralize(label, false)),
                    t.muted(),
                ));
            }
        }
        _ if a.playbook_note.is_some() => {
            out.push(("choices not taken: playbook not found".into(), t.muted()));
        }
        _ => out.push(("(the only choice)".into(), t.muted())),
    }
}
