//! The log pane: the incident log's newest rows (or scrolled up), pending events after them
//! marked PENDING. Work is proportional to the rows shown, not to the log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::App;
use super::model::{Focus, LogRow};
use super::step_pane::pane_block;
use crate::tui::lang as L;
use crate::tui::widgets::{clean, fit};

/// Who is in the room, when more than one seat is: ` · in the room: Mina (comms), Joon`.
fn presence(app: &App) -> String {
    let present = &app.inc.session.present;
    if present.len() < 2 {
        return String::new();
    }
    let seats: Vec<String> = present
        .iter()
        .map(|p| match &p.role {
            Some(r) => format!("{} ({r})", clean(&p.name)),
            None => clean(&p.name),
        })
        .collect();
    format!(" · {}: {}", app.tr(L::IN_ROOM), seats.join(", "))
}

pub(crate) fn log_pane(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let focused = app.focus == Focus::Log && app.layers.is_empty();
    let follow = if app.log_offset == 0 {
        app.tr(L::FOLLOWING).to_string()
    } else {
        format!("↑ {} {}", app.log_offset, app.tr(L::NEWER_BELOW))
    };
    // Pending events (the log could not be written) are listed after the recorded ones,
    // marked PENDING: they are not in the log yet and not part of the state.
    let pending: Vec<LogRow> = app.inc.pending().iter().map(LogRow::from_event).collect();
    let pending_note = if pending.is_empty() {
        String::new()
    } else {
        format!("⚠ {} {} · ", pending.len(), app.tr(L::PENDING))
    };
    let block = pane_block(
        format!(
            " {} · {} {} · {pending_note}{follow}{} ",
            app.tr(L::LOG),
            app.rows.len(),
            app.tr(L::EVENTS),
            presence(app)
        ),
        focused,
        app,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height as usize;
    let all: Vec<(&LogRow, bool)> = app
        .rows
        .iter()
        .map(|r| (r, false))
        .chain(pending.iter().map(|r| (r, true)))
        .collect();
    let end = all.len().saturating_sub(app.log_offset);
    let start = end.saturating_sub(h);
    let w = inner.width as usize;
    let same_day = app
        .inc
        .session
        .opened_at
        .map(|o| o.date_naive() == app.now.date_naive())
        .unwrap_or(true);
    let lines: Vec<Line> = all[start..end]
        .iter()
        .map(|&(r, is_pending)| {
            let time = if is_pending {
                "⚠PENDING".to_string()
            } else if same_day {
                r.at.format("%H:%M:%S").to_string()
            } else {
                r.at.format("%m-%d %H:%M").to_string()
            };
            let head = format!("{time} #{:<3} ", r.seq);
            let body = fit(
                &format!("{} {}", fit(&r.actor, 10), r.text),
                w.saturating_sub(head.width()),
            );
            let style = if r.alert || is_pending {
                t.breach()
            } else if r.kind == "posted" {
                t.ok()
            } else {
                t.base()
            };
            Line::from(vec![
                Span::styled(head, if is_pending { t.breach() } else { t.muted() }),
                Span::styled(body, style),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
