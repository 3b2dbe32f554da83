//! The notification (an arriving inject, the briefing, a repaired log): drawn top right over
//! the step pane, it never takes the keyboard — keys act on the screen as usual, `Esc`
//! dismisses it, and a transient one goes by itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::App;
use crate::text::neutralize;
use crate::tui::lang as L;
use crate::tui::widgets::{clean, clear, popup_block, wrap_rows};

/// The notification, top right, over the step pane: it never takes a key (`Esc` dismisses it).
pub(crate) fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(n) = &app.notice else {
        return;
    };
    let t = app.theme;
    let w = area.width.saturating_sub(2).min(56);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let mut rows: Vec<Line> = neutralize(&n.text, true)
        .split('\n')
        .flat_map(|l| wrap_rows(l, inner_w, 0))
        .map(|l| Line::styled(l, t.base()))
        .collect();
    let max_rows = (area.height / 2).max(3) as usize;
    if rows.len() > max_rows {
        rows.truncate(max_rows - 1);
        rows.push(Line::styled("…", t.muted()));
    }
    rows.push(Line::styled(L::ESC_DISMISS.get(app.lang), t.muted()));
    let h = (rows.len() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + area.width.saturating_sub(w + 1),
        y: area.y + 2.min(area.height.saturating_sub(h)),
        width: w,
        height: h,
    };
    clear(f, r);
    f.render_widget(
        Paragraph::new(rows).block(popup_block(&clean(&n.title), t, true)),
        r,
    );
}
