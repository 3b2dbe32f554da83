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

/// Who is in the room, when more than one seat is, from the most to the least detailed:
/// ` · in the room: Mina (comms), Joon`, ` · in the room: Mina, Joon`, ` · in the room: 2`.
fn presence(app: &App) -> [String; 3] {
    let present = &app.inc.session.present;
    if present.len() < 2 {
        return Default::default();
    }
    let with_roles: Vec<String> = present
        .iter()
        .map(|p| match &p.role {
            Some(r) => format!("{} ({r})", clean(&p.name)),
            None => clean(&p.name),
        })
        .collect();
    let names: Vec<String> = present.iter().map(|p| clean(&p.name)).collect();
    let room = app.tr(L::IN_ROOM);
    [
        format!(" · {room}: {}", with_roles.join(", ")),
        format!(" · {room}: {}", names.join(", ")),
        format!(" · {room}: {}", present.len()),
    ]
}

/// The pane's title, as detailed as fits in `width` columns: who is in the room must show on
/// a narrow pane too, so the roles, then the words "events" and "following", then the names
/// give way, in that order.
fn title(app: &App, pending: usize, width: usize) -> String {
    let pending_note = if pending == 0 {
        String::new()
    } else {
        format!("⚠ {pending} {} · ", app.tr(L::PENDING))
    };
    let scrolled =
        (app.log_offset > 0).then(|| format!("↑ {} {}", app.log_offset, app.tr(L::NEWER_BELOW)));
    let full = format!(
        " {} · {} {} · {pending_note}{}",
        app.tr(L::LOG),
        app.rows.len(),
        app.tr(L::EVENTS),
        scrolled
            .clone()
            .unwrap_or_else(|| app.tr(L::FOLLOWING).to_string()),
    );
    let [roles, names, count] = presence(app);
    if roles.is_empty() {
        return format!("{full} ");
    }
    let mut short = format!(" {} · {}", app.tr(L::LOG), app.rows.len());
    if pending > 0 {
        short.push_str(&format!(" · ⚠ {pending} {}", app.tr(L::PENDING)));
    }
    if let Some(s) = scrolled {
        short.push_str(&format!(" · {s}"));
    }
    let candidates = [
        format!("{full}{roles} "),
        format!("{full}{names} "),
        format!("{short}{names} "),
        format!("{short}{count} "),
    ];
    let fits = candidates.iter().find(|c| c.width() <= width);
    fits.unwrap_or(&candidates[3]).clone()
}

pub(crate) fn log_pane(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let focused = app.focus == Focus::Log && app.layers.is_empty();
    // Pending events (the log could not be written) are listed after the recorded ones,
    // marked PENDING: they are not in the log yet and not part of the state.
    let pending: Vec<LogRow> = app.inc.pending().iter().map(LogRow::from_event).collect();
    let block = pane_block(
        title(app, pending.len(), area.width.saturating_sub(2) as usize),
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
