//! Draws the review screen: the status line, a warning when the log is damaged, the timeline
//! (or the steps or deadlines table) beside or above the detail pane, the input or message
//! line and the hint bar. It only reads the model (the selection is kept in view by the layout
//! step before each frame). Work is proportional to the rows shown, not to the log.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::keys::KEYS;
use super::model::{Purpose, ReviewApp, View};
use crate::engine::Mode;
use crate::report::markdown::human_secs;
use crate::review::{Category, DeadlineOutcome, End, correction};
use crate::text::neutralize;
use crate::tui::keymap;
use crate::tui::widgets::{
    MIN_H, MIN_W, badge_free_title, centered, fit, hint_bar, hint_rows, popup_block, wrap_rows,
};

fn glyph(c: Category) -> &'static str {
    match c {
        Category::Session => "●",
        Category::Decisions => "→",
        Category::Checklist => "·",
        Category::Notes => "✎",
        Category::Drafts => "✉",
        Category::Approvals => "✔",
        Category::Injects => "!",
        Category::Deadlines => "⚠",
        Category::Amendments => "↳",
        Category::Mentions => "@",
    }
}

pub fn view(app: &ReviewApp, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!(
            "window too small for the review: {}x{}; needs {MIN_W}x{MIN_H}. q quits.",
            area.width, area.height
        );
        let rows = wrap_rows(&msg, area.width.max(1) as usize, 0);
        // A drill's review says so first, however small the window.
        let badge = (app.data.analysis.mode == Mode::Drill)
            .then(|| Line::styled("EXERCISE", app.theme.drill_badge()));
        let lines: Vec<Line> = badge
            .into_iter()
            .chain(rows.into_iter().map(Line::from))
            .collect();
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    let warn_rows = u16::from(app.data.log_problem.is_some());
    let hints = hint_rows(&review_hints(), area.width as usize, 2);
    let chunks = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(warn_rows),
            Constraint::Min(4),
            Constraint::Length(1),
            Constraint::Length(hints.len() as u16),
        ])
        .split(area);
    status_line(app, f, chunks[0]);
    if let Some(p) = &app.data.log_problem {
        f.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    &format!("⚠ DAMAGED LOG: {}", neutralize(p, false)),
                    area.width as usize,
                ),
                app.theme.breach(),
            )),
            chunks[1],
        );
    }
    let (list_area, detail_area) = panes(chunks[2]);
    match app.view {
        View::Timeline => timeline(app, f, list_area),
        View::Steps => steps(app, f, list_area),
        View::Deadlines => deadlines(app, f, list_area),
    }
    super::detail::detail(app, f, detail_area);
    bottom_line(app, f, chunks[3]);
    hint_bar_or_error(app, f, chunks[4], hints);
    if app.help {
        help(app, f, area);
    }
}

/// The review's hints (English only, as the screen).
fn review_hints() -> Vec<crate::tui::widgets::Hint> {
    keymap::hints(KEYS, crate::tui::lang::Lang::En)
}

/// The main area split into the list (timeline or table) and the detail pane.
fn panes(main: Rect) -> (Rect, Rect) {
    if main.width >= 110 {
        let c = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(60), Constraint::Percentage(40)])
            .split(main);
        (c[0], c[1])
    } else {
        let detail_h = (main.height / 3).max(5).min(main.height.saturating_sub(4));
        let c = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Min(3), Constraint::Length(detail_h)])
            .split(main);
        (c[0], c[1])
    }
}

/// The inside of the list pane on a screen of `area` (for the layout step).
pub(crate) fn list_inner(app: &ReviewApp, area: Rect) -> Rect {
    let warn_rows = u16::from(app.data.log_problem.is_some());
    let hints = hint_rows(&review_hints(), area.width as usize, 2);
    let chunks = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(warn_rows),
            Constraint::Min(4),
            Constraint::Length(1),
            Constraint::Length(hints.len() as u16),
        ])
        .split(area);
    let (list, _) = panes(chunks[2]);
    pane(String::new(), app).inner(list)
}

/// Where the timeline starts so that the selection shows: the previous top, moved just
/// enough. Walks back from the selection at most a screenful (not from the top of the log,
/// which may be far away after `G`).
pub(crate) fn timeline_top(app: &ReviewApp, h: usize) -> usize {
    let mut top = app.top.min(app.selected);
    let mut min_top = app.selected;
    let mut used = entry_rows(app, app.visible[app.selected]);
    while min_top > 0 {
        let r = entry_rows(app, app.visible[min_top - 1]);
        if used + r > h {
            break;
        }
        used += r;
        min_top -= 1;
    }
    top = top.max(min_top);
    top
}

fn status_line(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let a = &app.data.analysis;
    let badge = if a.mode == Mode::Drill {
        " EXERCISE REVIEW "
    } else {
        " REVIEW "
    };
    let span = match (a.start, a.end) {
        (Some(s), Some(e)) => format!(
            "{} → {} ({})",
            s.format("%Y-%m-%d %H:%M"),
            e.format("%Y-%m-%d %H:%M"),
            human_secs(a.duration_secs)
        ),
        _ => String::new(),
    };
    let end = match (a.end_kind, a.outcome) {
        (End::Closed, Some(o)) => format!("closed: {}", o.word()),
        (End::DrillEnded, _) => "drill ended".into(),
        _ => "still open".into(),
    };
    let rest = format!(
        " {} │ {span} │ {end} │ {} events",
        // The badge already says EXERCISE; a drill's title starts with it too.
        neutralize(
            if a.mode == Mode::Drill {
                badge_free_title(&a.title, "EXERCISE")
            } else {
                &a.title
            },
            false
        ),
        a.entries.len()
    );
    let w = (area.width as usize).saturating_sub(badge.width());
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                badge,
                if a.mode == Mode::Drill {
                    t.drill_badge()
                } else {
                    t.title().add_modifier(ratatui::style::Modifier::REVERSED)
                },
            ),
            Span::styled(fit(&rest, w), t.title()),
        ])),
        area,
    );
}

pub(crate) fn pane(title: String, app: &ReviewApp) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus())
        .title(Span::styled(title, app.theme.focus()))
}

/// The rows an entry takes: itself and one per amendment of it.
fn entry_rows(app: &ReviewApp, idx: usize) -> usize {
    1 + app.data.analysis.entries[idx].amended_by.len()
}

fn timeline(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let a = &app.data.analysis;
    let title = format!(
        " Timeline — filter: {} ({} of {}){} ",
        app.filter.map(|c| c.label()).unwrap_or("all"),
        app.visible.len(),
        a.entries.len(),
        app.query
            .as_ref()
            .map(|q| format!(" — search \"{}\"", neutralize(q, false)))
            .unwrap_or_default()
    );
    let block = pane(fit(&title, area.width.saturating_sub(2) as usize), app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height as usize;
    let w = inner.width as usize;
    if app.visible.is_empty() {
        f.render_widget(
            Paragraph::new(Line::styled(
                "no events of this kind (f: next filter)",
                t.muted(),
            )),
            inner,
        );
        return;
    }
    let a = &app.data.analysis;
    let mut lines: Vec<Line> = Vec::with_capacity(h);
    let mut pos = app.top;
    while lines.len() < h && pos < app.visible.len() {
        let e = &a.entries[app.visible[pos]];
        let selected = pos == app.selected;
        let head = format!(
            "{:>4} {} {:>10} {} ",
            e.seq,
            e.at.format("%Y-%m-%d %H:%M:%S"),
            a.t_plus(e.at),
            glyph(e.category)
        );
        let body = if e.amended_by.is_empty() {
            e.summary.clone()
        } else {
            format!("[amended] {}", e.summary)
        };
        let text = fit(&format!("{head}{body}"), w);
        let style = if selected {
            t.selected()
        } else {
            match e.category {
                Category::Deadlines => t.breach(),
                Category::Injects => t.inject(),
                Category::Session | Category::Decisions => t.title(),
                _ if e.kind == "posted" => t.title(),
                _ => t.base(),
            }
        };
        let pad = w.saturating_sub(text.width());
        lines.push(Line::styled(
            if selected {
                format!("{text}{}", " ".repeat(pad))
            } else {
                text
            },
            style,
        ));
        for seq in &e.amended_by {
            if lines.len() >= h {
                break;
            }
            let correction = correction(&app.data.events, *seq)
                .map(|t| neutralize(t, false))
                .unwrap_or_default();
            lines.push(Line::styled(
                fit(&format!("{:>16}↳ amended by #{seq}: {correction}", ""), w),
                t.warn(),
            ));
        }
        pos += 1;
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The steps table's lines, `w` columns wide.
pub(crate) fn steps_lines(app: &ReviewApp, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let a = &app.data.analysis;
    let longest = a.steps.iter().map(|s| s.secs).max().unwrap_or(1).max(1);
    let mut lines = vec![Line::styled(
        fit(
            &format!("{:<19} {:>11}  {}", "Entered", "Time spent", "Step"),
            w,
        ),
        t.title(),
    )];
    for s in &a.steps {
        let bar_w = 10usize;
        let filled = ((s.secs as f64 / longest as f64) * bar_w as f64).round() as usize;
        let bar = format!(
            "{}{}",
            "█".repeat(filled.min(bar_w)),
            "·".repeat(bar_w - filled.min(bar_w))
        );
        let name = match &s.title {
            Some(title) => format!("{} — {}", s.step, neutralize(title, false)),
            None => s.step.clone(),
        };
        lines.push(Line::raw(fit(
            &format!(
                "{} {:>11}  {bar} {name}{}",
                s.entered.format("%Y-%m-%d %H:%M:%S"),
                human_secs(s.secs),
                if s.current { " (still here)" } else { "" }
            ),
            w,
        )));
    }
    let total: i64 = a.steps.iter().map(|s| s.secs).sum();
    lines.push(Line::styled(
        fit(&format!("{:<19} {:>11}  total", "", human_secs(total)), w),
        t.title(),
    ));
    lines
}

fn steps(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let block = pane(" Time in each step (Tab: deadlines) ".into(), app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = steps_lines(app, inner.width as usize);
    scroll_table(app, f, inner, lines);
}

/// The deadlines table's lines, `w` columns wide.
pub(crate) fn deadlines_lines(app: &ReviewApp, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let a = &app.data.analysis;
    let mut lines = vec![Line::styled(
        fit(&format!("{:<19} {:<27} Deadline", "Due", "Result"), w),
        t.title(),
    )];
    if a.deadlines.is_empty() {
        lines.push(Line::styled("no deadlines applied", t.muted()));
    }
    for d in &a.deadlines {
        let (result, style) = match d.outcome {
            DeadlineOutcome::Met { at } => (format!("✓ met {}", a.t_plus(at)), t.ok()),
            DeadlineOutcome::MetLate { at } => {
                (format!("✕ BREACHED, met {}", a.t_plus(at)), t.breach())
            }
            DeadlineOutcome::Breached { .. } => ("✕ BREACHED, not met".into(), t.breach()),
            DeadlineOutcome::Open => ("… not due by the end".into(), t.muted()),
            DeadlineOutcome::NotApplicable { at } => {
                (format!("— not applicable {}", a.t_plus(at)), t.muted())
            }
        };
        lines.push(Line::styled(
            fit(
                &format!(
                    "{} {:<27} {} ({})",
                    d.due_at.format("%Y-%m-%d %H:%M:%S"),
                    result,
                    neutralize(&d.label, false),
                    d.step.as_deref().unwrap_or("incident")
                ),
                w,
            ),
            style,
        ));
    }
    if !a.followups.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            fit("Follow-ups: promises made in posts (due, owner, what)", w),
            t.title(),
        ));
        for fu in &a.followups {
            lines.push(Line::raw(fit(
                &format!(
                    "{}  {}  {} (post #{})",
                    neutralize(&fu.due_text(), false),
                    neutralize(&fu.owner, false),
                    neutralize(&fu.what, false),
                    fu.draft
                ),
                w,
            )));
        }
    }
    lines
}

fn deadlines(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let block = pane(" Deadlines (Tab: timeline) ".into(), app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = deadlines_lines(app, inner.width as usize);
    scroll_table(app, f, inner, lines);
}

fn scroll_table(app: &ReviewApp, f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    let h = area.height as usize;
    let shown: Vec<Line> = lines.into_iter().skip(app.table_scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), area);
}

fn bottom_line(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let w = area.width as usize;
    if let Some((purpose, input)) = &app.line {
        let prompt = match purpose {
            Purpose::Search => "/".to_string(),
            Purpose::Note => "review note (Enter adds it to the log, Esc cancels): ".to_string(),
        };
        let pw = (prompt.width() as u16).min(area.width);
        f.render_widget(
            Paragraph::new(Line::styled(prompt, t.focus())),
            Rect { width: pw, ..area },
        );
        let rest = Rect {
            x: area.x + pw,
            width: area.width - pw,
            ..area
        };
        input.draw(f, rest, t);
        return;
    }
    let line = match &app.status {
        Some(s) => s.line(t, w),
        None => Line::styled(
            fit(
                &format!(
                    "log: {} (read-only; a adds a review note)",
                    app.path.display()
                ),
                w,
            ),
            t.muted(),
        ),
    };
    f.render_widget(Paragraph::new(line), area);
}

/// The hint bar; while a line is being typed, an error about it takes the hint row (the line
/// keeps the text, so nothing typed is lost).
fn hint_bar_or_error(
    app: &ReviewApp,
    f: &mut Frame,
    area: Rect,
    rows: Vec<Vec<crate::tui::widgets::Hint>>,
) {
    if let (Some(_), Some(s)) = (&app.line, &app.status)
        && s.error
    {
        f.render_widget(Paragraph::new(s.line(app.theme, area.width as usize)), area);
        return;
    }
    hint_bar(f, area, app.theme, rows);
}

fn help(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let w = area.width.saturating_sub(4).min(90);
    let rect = centered(area, w, area.height.saturating_sub(2));
    f.render_widget(Clear, rect);
    let block = popup_block("Review keys (any key closes)", t, false);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let mut lines = Vec::new();
    for b in KEYS {
        let text = format!("{:<10} {}", b.keys, b.help.en);
        for (i, r) in wrap_rows(&text, inner.width.max(1) as usize, 11)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                let (k, rest) = r.split_at(r.find(' ').unwrap_or(r.len()));
                lines.push(Line::from(vec![
                    Span::styled(k.to_string(), t.key()),
                    Span::raw(rest.to_string()),
                ]));
            } else {
                lines.push(Line::raw(r));
            }
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}
