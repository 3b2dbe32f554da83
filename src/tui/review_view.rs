//! Draws the review screen: the status line, a warning when the log is damaged, the timeline
//! (or the steps or deadlines table) beside or above the detail pane, the input or message
//! line and the hint bar. Work is proportional to the rows shown, not to the log.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::popups::{centered, popup_block};
use super::review::{Input, KEYS, ReviewApp, View};
use super::view::{MIN_H, MIN_W, fit, wrap_rows};
use crate::engine::{EventKind, Mode};
use crate::report::markdown::human_secs;
use crate::review::{Category, DeadlineOutcome, End, correction};
use crate::text::neutralize;

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

pub fn view(app: &mut ReviewApp, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!(
            "window too small for the review: {}x{}; needs {MIN_W}x{MIN_H}. q quits.",
            area.width, area.height
        );
        let rows = wrap_rows(&msg, area.width.max(1) as usize, 0);
        let lines: Vec<Line> = rows.into_iter().map(Line::from).collect();
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    let warn_rows = u16::from(app.data.log_problem.is_some());
    let hints = hint_rows(area.width as usize);
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
    let main = chunks[2];
    let (list_area, detail_area) = if main.width >= 110 {
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
    };
    match app.view {
        View::Timeline => timeline(app, f, list_area),
        View::Steps => steps(app, f, list_area),
        View::Deadlines => deadlines(app, f, list_area),
    }
    detail(app, f, detail_area);
    bottom_line(app, f, chunks[3]);
    hint_bar(app, f, chunks[4], hints);
    if app.help {
        help(app, f, area);
    }
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
        neutralize(&a.title, false),
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

fn pane(title: String, app: &ReviewApp) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.focus())
        .title(Span::styled(title, app.theme.focus()))
}

/// The rows an entry takes: itself and one per amendment of it.
fn entry_rows(app: &ReviewApp, idx: usize) -> usize {
    1 + app.data.analysis.entries[idx].amended_by.len()
}

fn timeline(app: &mut ReviewApp, f: &mut Frame, area: Rect) {
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
    app.page = h.saturating_sub(1).max(1);
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
    // Keep the selection on screen.
    app.selected = app.selected.min(app.visible.len() - 1);
    if app.selected < app.top {
        app.top = app.selected;
    }
    // The first row from which the selection still fits: walk back from it at most a
    // screenful (not from the top of the log, which may be far away after `G`).
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
    app.top = app.top.max(min_top);
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

fn steps(app: &mut ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let a = &app.data.analysis;
    let block = pane(" Time in each step (Tab: deadlines) ".into(), app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
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
    scroll_table(app, f, inner, lines);
}

fn deadlines(app: &mut ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let a = &app.data.analysis;
    let block = pane(" Deadlines (Tab: timeline) ".into(), app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
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
    scroll_table(app, f, inner, lines);
}

fn scroll_table(app: &mut ReviewApp, f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    let h = area.height as usize;
    let max = lines.len().saturating_sub(h);
    app.table_scroll = app.table_scroll.min(max);
    app.page = h.saturating_sub(1).max(1);
    let shown: Vec<Line> = lines.into_iter().skip(app.table_scroll).take(h).collect();
    f.render_widget(Paragraph::new(shown), area);
}

/// The detail lines of the selected event.
fn detail_lines(app: &ReviewApp) -> Vec<(String, Style)> {
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
    match &ev.kind {
        EventKind::Decided {
            from,
            label,
            to,
            overridden,
            ..
        } => {
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
            match a.decision(e.seq) {
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
        k => match super::feed::review_detail(&app.data.events, k, t) {
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

fn detail(app: &ReviewApp, f: &mut Frame, area: Rect) {
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
    for (text, style) in detail_lines(app) {
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

fn bottom_line(app: &ReviewApp, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let w = area.width as usize;
    let line = match &app.input {
        Some(Input::Search(s)) => {
            Line::styled(fit(&format!("/{}▏", neutralize(s, false)), w), t.focus())
        }
        Some(Input::Note(s)) => Line::styled(
            fit(
                &format!(
                    "review note (Enter adds it to the log, Esc cancels): {}▏",
                    neutralize(s, false)
                ),
                w,
            ),
            t.focus(),
        ),
        None => match &app.status {
            Some(s) if s.error => Line::styled(fit(&format!("✗ {}", s.text), w), t.error()),
            Some(s) => Line::styled(fit(&format!("✓ {}", s.text), w), t.ok()),
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
        },
    };
    f.render_widget(Paragraph::new(line), area);
}

/// The hint bar's entries laid out in at most two rows of `w` columns.
fn hint_rows(w: usize) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut rows: Vec<Vec<(&'static str, &'static str)>> = vec![Vec::new()];
    let mut used = 0;
    for b in KEYS.iter().filter(|b| b.in_bar) {
        let hint = b.hint.map_or("", |h| h.en);
        let cell = b.keys.width() + hint.width() + 3;
        if used + cell > w && !rows[rows.len() - 1].is_empty() {
            if rows.len() == 2 {
                break;
            }
            rows.push(Vec::new());
            used = 0;
        }
        used += cell;
        let last = rows.len() - 1;
        rows[last].push((b.keys, hint));
    }
    rows
}

fn hint_bar(
    app: &ReviewApp,
    f: &mut Frame,
    area: Rect,
    rows: Vec<Vec<(&'static str, &'static str)>>,
) {
    let t = app.theme;
    // While a line is being typed, an error about it takes the hint row (the line keeps the
    // text, so nothing typed is lost).
    if let (Some(_), Some(s)) = (&app.input, &app.status)
        && s.error
    {
        f.render_widget(
            Paragraph::new(Line::styled(
                fit(&format!("✗ {}", s.text), area.width as usize),
                t.error(),
            )),
            area,
        );
        return;
    }
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| {
            let mut spans = Vec::new();
            for (k, h) in row {
                spans.push(Span::styled(k, t.key()));
                spans.push(Span::raw(format!(" {h}  ")));
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
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
