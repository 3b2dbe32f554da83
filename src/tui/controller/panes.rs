//! The controller screen's panes: the upcoming injects (with the cursor), the expectations
//! and the running score, the seats present, the recent log, and with several teams the
//! teams side by side. Every text from the scenario or the log is neutralised and cut to its
//! width in display columns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Controller;
use super::model::Team;
use crate::drill::control::t_plus;
use crate::drill::score::points;
use crate::drill::{ScoreCard, Status};
use crate::tui::widgets::{clean, fit};

fn block(c: &Controller, title: String, focus: bool) -> Block<'static> {
    let t = c.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focus { t.focus() } else { t.muted() })
        .title(Span::styled(title, t.title()))
}

/// The first line of a text, neutralised.
fn first_line(s: &str) -> String {
    clean(s.lines().next().unwrap_or(""))
}

/// The injects still to come: due in, id, channel, from, text, the expected action.
pub(super) fn upcoming(c: &Controller, f: &mut Frame, area: Rect) {
    let Some(team) = c.current() else {
        return;
    };
    let up = team.run.upcoming();
    let title = match c.teams.len() {
        1 => format!(" Upcoming · {} ", up.len()),
        _ => format!(" Upcoming · {} · {} ", up.len(), team.label()),
    };
    let b = block(c, title, true);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let h = inner.height as usize;
    // Each inject takes a row, and a second with its text and the expected action: every
    // inject when there is room for that, else only the selected one.
    let two_rows = h >= up.len() * 2;
    let room = if two_rows {
        h / 2
    } else {
        h.saturating_sub(1).max(1)
    };
    let first = (c.cursor + 1).saturating_sub(room).min(up.len());
    let mut lines = Vec::new();
    for (i, u) in up.iter().enumerate().skip(first).take(room) {
        let inj = u.inject;
        let due = match (u.due_in, &inj.after) {
            (Some(d), _) if d.is_zero() => "due now".to_string(),
            (Some(d), _) => format!("in {}", t_plus(d)),
            (None, Some(_)) => "waiting".to_string(),
            (None, None) => "—".to_string(),
        };
        // An `after:` inject waits for its trigger; its `at` counts from it.
        let after = match (&inj.after, u.due_in) {
            (Some(t), None) => format!(" · {} after {}", inj.at, clean(&t.describe())),
            _ => String::new(),
        };
        let when = inj
            .when
            .as_ref()
            .map(|w| format!(" · when: {}", clean(&w.describe())))
            .unwrap_or_default();
        let ack = if inj.ack { " · ack" } else { "" };
        let selected = i == c.cursor;
        let mark = if selected { "▸" } else { " " };
        let head = format!(
            "{mark}{due:<12} {} · {} · {}{ack}{after}{when}",
            clean(&inj.id),
            inj.channel.label(),
            clean(&inj.from)
        );
        let style = if selected {
            c.theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(fit(&head, w), style));
        if two_rows || selected {
            let expected = inj
                .expected
                .as_ref()
                .map(|e| format!("  → expected: {}", first_line(e)))
                .unwrap_or_default();
            let text = format!("   “{}”{expected}", first_line(&inj.text));
            lines.push(Line::styled(fit(&text, w), c.theme.muted()));
        }
    }
    if up.is_empty() {
        lines.push(Line::styled("No injects left to come.", c.theme.muted()));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// A status with its symbol (never colour alone).
fn status_cell(s: Status) -> String {
    let mark = match s {
        Status::Met(_) => "✓",
        Status::Late(_) => "~",
        Status::Missed(_) => "✗",
        Status::Overdue => "!",
        Status::Pending => "…",
    };
    format!("{mark} {:<7}", s.word())
}

fn status_style(c: &Controller, s: Status) -> Style {
    match s {
        Status::Met(_) => c.theme.ok(),
        Status::Late(_) | Status::Overdue => c.theme.warn(),
        Status::Missed(_) => c.theme.breach(),
        Status::Pending => Style::default(),
    }
}

/// The score in one phrase: `score 3 of 10 (30%)`.
pub(super) fn score_text(card: &ScoreCard) -> String {
    format!(
        "score {} of {} ({:.0}%)",
        points(card.points),
        card.max,
        card.percent()
    )
}

/// Each expectation's live state with its due time, and the running score.
pub(super) fn expectations(c: &Controller, f: &mut Frame, area: Rect) {
    let Some(team) = c.current() else {
        return;
    };
    let card = team.run.score(&team.inc);
    let title = format!(" Expectations · {} ", score_text(&card));
    let b = block(c, title, false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    // The label on a row of its own when there is room for it.
    let two_rows = inner.height as usize >= card.results.len() * 2;
    let mut lines: Vec<Line> = Vec::new();
    for r in &card.results {
        let due = (r.due_at - card.start).num_seconds().max(0);
        let head = format!(
            "{} by T+{} ×{}",
            status_cell(r.status),
            crate::duration::clock_hms(due),
            r.weight
        );
        let style = status_style(c, r.status);
        if two_rows {
            lines.push(Line::styled(fit(&head, w), style));
            lines.push(Line::from(fit(&format!("  {}", clean(&r.label)), w)));
        } else {
            lines.push(Line::styled(
                fit(&format!("{head} {}", clean(&r.label)), w),
                style,
            ));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// One seat in a phrase: `Mina (comms) @ host`.
fn seat_text(p: &crate::engine::session::Present) -> String {
    let machine = if p.machine.trim().is_empty() {
        String::new()
    } else {
        format!(" @ {}", clean(&p.machine))
    };
    format!(
        "{} ({}){machine}",
        clean(&p.name),
        p.role.as_deref().map_or_else(|| "no role".into(), clean)
    )
}

/// The seats present on one row, unboxed (narrow screens).
pub(super) fn seats_line(c: &Controller, f: &mut Frame, area: Rect) {
    let Some(team) = c.current() else {
        return;
    };
    let all: Vec<String> = team.inc.session.present.iter().map(seat_text).collect();
    let text = format!("Seats · {}: {}", all.len(), all.join(" · "));
    f.render_widget(
        Paragraph::new(Line::styled(
            fit(&text, area.width as usize),
            c.theme.title(),
        )),
        area,
    );
}

/// The seats present.
pub(super) fn seats(c: &Controller, f: &mut Frame, area: Rect) {
    let Some(team) = c.current() else {
        return;
    };
    let present = &team.inc.session.present;
    let b = block(c, format!(" Seats · {} ", present.len()), false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let lines: Vec<Line> = if inner.height as usize >= present.len() {
        present
            .iter()
            .map(|p| Line::from(fit(&seat_text(p), w)))
            .collect()
    } else {
        let all: Vec<String> = present.iter().map(seat_text).collect();
        vec![Line::from(fit(&all.join(" · "), w))]
    };
    f.render_widget(Paragraph::new(lines), inner);
}

/// The recent log, newest at the bottom: drill time, author, what.
pub(super) fn log(c: &Controller, f: &mut Frame, area: Rect) {
    let Some(team) = c.current() else {
        return;
    };
    let b = block(c, " Log ".into(), false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let h = inner.height as usize;
    let skip = team.rows.len().saturating_sub(h);
    let lines: Vec<Line> = team.rows[skip..]
        .iter()
        .map(|r| {
            Line::from(vec![
                Span::styled(format!("T+{} ", r.t_plus), c.theme.muted()),
                Span::raw(fit(
                    &format!("{}: {}", r.actor, r.text),
                    w.saturating_sub(11),
                )),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// One team's summary row.
fn team_row(team: &Team, selected: bool) -> String {
    let card = team.run.score(&team.inc);
    format!(
        "{} {:<10} {:<14} delivered {:>2} · met {} late {} missed {} overdue {} pending {} · {} · seats {}",
        if selected { "▸" } else { " " },
        fit(&team.label(), 10),
        super::view::clock_state(&team.run),
        team.run.feed().len(),
        card.count("met"),
        card.count("late"),
        card.count("missed"),
        card.count("overdue"),
        card.count("pending"),
        score_text(&card),
        team.inc.session.present.len()
    )
}

/// The teams side by side (one row each), the selected one marked.
pub(super) fn teams(c: &Controller, f: &mut Frame, area: Rect) {
    let title = match &c.exercise {
        Some(e) => format!(" Teams · exercise {} · Tab switches ", clean(e)),
        None => " Teams · Tab switches ".to_string(),
    };
    let b = block(c, title, false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let lines: Vec<Line> = c
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let style = if i == c.team {
                c.theme.selected()
            } else {
                Style::default()
            };
            Line::styled(fit(&team_row(t, i == c.team), w), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
