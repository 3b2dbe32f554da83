//! Drawing the controller screen: the header, the panes laid out for the screen's size (side
//! by side from 100 columns, stacked below), the message line, the hint bar, and the popup on
//! top. Every size draws without panicking; below 60x16 it says the screen is too small.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Controller;
use super::panes;
use crate::drill::DrillRun;
use crate::duration::clock_hms;
use crate::tui::lang::Lang;
use crate::tui::widgets::{MIN_H, MIN_W, fit, hint_bar, hint_rows};

/// The clock's state in words (and a symbol): NOT STARTED, ▶ 60x, ⏸ PAUSED, ENDED.
pub(super) fn clock_state(run: &DrillRun) -> String {
    if run.ended().is_some() {
        "■ ENDED".into()
    } else if !run.is_started() {
        "⏹ NOT STARTED (s starts)".into()
    } else if run.is_paused() {
        "⏸ PAUSED".into()
    } else {
        format!("▶ {}x", run.clock().speed())
    }
}

fn header(c: &Controller, f: &mut Frame, area: Rect) {
    let t = c.theme;
    let Some(team) = c.current() else {
        return;
    };
    let r = &team.run;
    let sev = r
        .severity()
        .map(|s| format!(" · severity {}", s.label()))
        .unwrap_or_default();
    let state = if r.ended().is_some() {
        "■ ENDED".to_string()
    } else if !r.is_started() {
        "⏹ NOT STARTED".to_string()
    } else {
        clock_state(r)
    };
    let text = format!(
        " ▌EXERCISE ▐ CONTROLLER · {state} · drill T+{} · {} left{sev} · {} ",
        clock_hms(r.elapsed().as_secs() as i64),
        clock_hms(r.remaining().as_secs() as i64),
        c.title
    );
    let w = area.width as usize;
    let text = fit(&text, w);
    let pad = w.saturating_sub(text.width());
    f.render_widget(
        Paragraph::new(Line::styled(
            format!("{text}{}", " ".repeat(pad)),
            t.drill_badge(),
        )),
        area,
    );
}

/// Draws the whole screen.
pub(super) fn view(c: &Controller, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!(
            "The screen is too small ({}x{}); the controller needs at least {MIN_W}x{MIN_H}.",
            area.width, area.height
        );
        f.render_widget(
            Paragraph::new(fit(&msg, area.width as usize)).style(c.theme.warn()),
            area,
        );
        return;
    }
    let hints = match c.layers.last() {
        Some(top) => top.hints(c),
        None => super::keys::hints(c, Lang::En),
    };
    let rows = hint_rows(&hints, area.width as usize, 2);
    let bar_h = rows.len() as u16;
    let teams_h = if c.teams.len() > 1 {
        (c.teams.len() as u16 + 2).min(8)
    } else {
        0
    };
    let [head, teams, body, status, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(teams_h),
        Constraint::Min(4),
        Constraint::Length(1),
        Constraint::Length(bar_h),
    ])
    .areas(area);
    header(c, f, head);
    if teams_h > 0 {
        panes::teams(c, f, teams);
    }
    body_panes(c, f, body);
    if let Some(s) = &c.status {
        f.render_widget(
            Paragraph::new(s.line(c.theme, status.width as usize)),
            status,
        );
    }
    hint_bar(f, bar, c.theme, rows);
    if let Some(top) = c.layers.last() {
        top.draw(f, area, c);
    }
}

/// The four panes: upcoming and log on the left, expectations and seats on the right (wide),
/// or stacked (narrow).
fn body_panes(c: &Controller, f: &mut Frame, body: Rect) {
    if body.width >= 100 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
                .areas(body);
        let [up, log] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
        let seats_h = c
            .current()
            .map_or(3, |t| t.inc.session.present.len() as u16 + 2);
        let [exp, seats] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(seats_h.clamp(3, 8))])
                .areas(right);
        panes::upcoming(c, f, up);
        panes::log(c, f, log);
        panes::expectations(c, f, exp);
        panes::seats(c, f, seats);
    } else {
        let n = c
            .current()
            .map_or(0, |t| t.run.scenario().expectations.len()) as u16;
        let [up, exp, seats, log] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Length((n + 2).min(8)),
            Constraint::Length(1),
            Constraint::Length(4),
        ])
        .areas(body);
        panes::upcoming(c, f, up);
        panes::expectations(c, f, exp);
        panes::seats_line(c, f, seats);
        panes::log(c, f, log);
    }
}
