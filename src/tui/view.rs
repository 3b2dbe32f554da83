//! Rendering: the main screen (status line, path, step, log, key hints) and the popup layers.
//! Work is proportional to what is visible: the log pane renders only the rows it shows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::{TextArea, WrapMode};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Focus, Layer, LogRow};
use super::keymap::{COMPOSER, MAIN};
use super::theme::Theme;
use crate::duration::clock_hms;
use crate::engine::DeadlineState;
use crate::playbook::{Outcome, StepKind};
use crate::text::neutralize;

/// The smallest usable screen.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;

/// Clean text for the screen (no control characters can reach the terminal).
fn clean(s: &str) -> String {
    neutralize(s, false)
}

/// Cuts `s` to at most `w` display columns, ending with `…` when cut.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

pub fn view(app: &mut App, f: &mut Frame) {
    app.flush_typed();
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        too_small(app, f, area);
        return;
    }
    let drill = app.drill.is_some();
    let [banner, status, path, body, hints, message] = Layout::vertical([
        Constraint::Length(u16::from(drill)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(
            hint_rows(area.width as usize, drill, !app.inc.pending().is_empty()).len() as u16,
        ),
        Constraint::Length(1),
    ])
    .areas(area);
    if drill {
        drill_banner(app, f, banner);
    }
    status_line(app, f, status);
    path_line(app, f, path);
    let (step_area, log_area) = if body.width >= 110 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (a, b)
    } else {
        let log_h = (body.height / 3).clamp(4, 14) + if drill { 2 } else { 0 };
        let [a, b] = Layout::vertical([Constraint::Fill(1), Constraint::Length(log_h)]).areas(body);
        (a, b)
    };
    let log_area = if drill {
        // The feed of injects beside (narrow) or above (wide) the log.
        let [feed, log] = if body.width >= 110 {
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(log_area)
        } else {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(log_area)
        };
        feed_pane(app, f, feed);
        log
    } else {
        log_area
    };
    step_pane(app, f, step_area);
    log_pane(app, f, log_area);
    hint_bar(app, f, hints);
    message_line(app, f, message);
    if !app.layers.is_empty() {
        layers(app, f, area);
    }
}

/// The unmissable exercise banner: a whole reversed row, words not colour.
fn drill_banner(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let Some(d) = &app.drill else {
        return;
    };
    let elapsed = d.elapsed().as_secs() as i64;
    let left = d.remaining().as_secs() as i64;
    let state = if d.ended().is_some() {
        "ENDED".to_string()
    } else if d.is_paused() {
        "⏸ PAUSED".to_string()
    } else {
        format!("▶ {}x", d.clock().speed())
    };
    let sev = d
        .severity()
        .map(|s| format!(" · severity {}", s.label()))
        .unwrap_or_default();
    let text = format!(
        " ▌EXERCISE ▐ {state} · drill T+{} · {} left{sev} · NOT A REAL INCIDENT · {} ",
        clock_hms(elapsed),
        clock_hms(left),
        clean(&d.scenario().title)
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

/// The simulated social feed: injects as posts, newest at the bottom.
fn feed_pane(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let Some(d) = &app.drill else {
        return;
    };
    let waiting = d.pending_acks().len();
    let title = if waiting > 0 {
        format!(
            " Feed · {} · ⚑ {waiting} to acknowledge (o) ",
            d.feed().len()
        )
    } else {
        format!(" Feed · {} ", d.feed().len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if waiting > 0 {
            BorderType::Double
        } else {
            BorderType::Plain
        })
        .border_style(if waiting > 0 { t.warn() } else { t.inject() })
        .title(Span::styled(
            title,
            if waiting > 0 { t.warn() } else { t.inject() },
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let start = d.clock().start();
    let mut lines: Vec<Line> = Vec::new();
    for item in d.feed() {
        let who = match (&item.author.handle, item.author.followers) {
            (Some(h), Some(n)) => format!(
                "{} {} · {} followers",
                clean(&item.author.name),
                clean(h),
                crate::text::group_thousands(n)
            ),
            (Some(h), None) => format!("{} {}", clean(&item.author.name), clean(h)),
            (None, _) => clean(&item.author.name),
        };
        let offset = clock_hms((item.at - start).num_seconds().max(0));
        let flag = if item.needs_ack && item.acked_at.is_none() {
            "⚑ "
        } else if item.acked_at.is_some() {
            "✓ "
        } else {
            ""
        };
        lines.push(Line::styled(
            fit(
                &format!("{flag}T+{offset} {} · {who}", item.channel.label()),
                w,
            ),
            if flag == "⚑ " { t.warn() } else { t.inject() },
        ));
        for row in clean_multiline(&item.text)
            .split('\n')
            .flat_map(|l| wrap_rows(l, w.saturating_sub(2), 0))
        {
            lines.push(Line::raw(format!("  {row}")));
        }
    }
    let h = inner.height as usize;
    let skip = lines.len().saturating_sub(h);
    let shown: Vec<Line> = if lines.is_empty() {
        vec![Line::styled(
            "no injects yet — they arrive on the drill clock",
            t.muted(),
        )]
    } else {
        lines.into_iter().skip(skip).collect()
    };
    f.render_widget(Paragraph::new(shown), inner);
}

fn too_small(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let mut lines = Vec::new();
    if app.drill.is_some() {
        lines.push(Line::styled("EXERCISE", t.drill_badge()));
    }
    lines.extend([
        Line::styled("window too small", t.warn()),
        Line::from(format!(
            "need {MIN_W}×{MIN_H}, have {}×{}",
            area.width, area.height
        )),
        Line::from("enlarge it; q quits"),
    ]);
    let text = Text::from(lines);
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn status_line(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let s = &app.inc.session;
    let badge_style = if app.badge == "LIVE" {
        t.live_badge()
    } else {
        t.drill_badge()
    };
    let elapsed = s
        .opened_at
        .map(|o| (app.now - o).num_seconds())
        .unwrap_or(0);
    let mut right: Vec<Span> = vec![
        Span::styled(format!(" T+{} ", clock_hms(elapsed.max(0))), t.title()),
        Span::raw(format!("{} ", app.now.format("%H:%M:%S"))),
    ];
    if let Some((o, _)) = s.closed {
        right.push(Span::styled(format!(" CLOSED: {} ", o.word()), t.ok()));
    } else if let Some(d) = s.nearest_deadline(app.now) {
        let rem = d.remaining(app.now);
        let label = clean(&d.label);
        let (text, style) = match d.state {
            DeadlineState::Breached => (
                format!(" ⚠ BREACHED {label} +{} ", clock_hms(-rem)),
                t.breach(),
            ),
            DeadlineState::DueSoon => (
                format!(" ⏰ DUE SOON {label} {} ", clock_hms(rem)),
                t.warn(),
            ),
            _ => (format!(" ⏱ {label} in {} ", clock_hms(rem)), t.base()),
        };
        right.push(Span::styled(text, style));
    }
    let right_w: usize = right.iter().map(|s| s.content.width()).sum();
    let badge = format!(" {} ", app.badge);
    let title_w = (area.width as usize).saturating_sub(right_w + badge.width() + 2);
    let mut spans = vec![Span::styled(badge, badge_style), Span::raw(" ")];
    let title = fit(&clean(&s.title), title_w);
    let pad = title_w.saturating_sub(title.width());
    spans.push(Span::styled(title, t.title()));
    spans.push(Span::raw(" ".repeat(pad + 1)));
    spans.extend(right);
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn path_line(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let s = &app.inc.session;
    let ahead: Vec<String> = s.step().targets().map(clean).collect();
    let current = format!("[{}]", clean(&s.step().id));
    let ahead_text = if ahead.is_empty() {
        String::new()
    } else {
        format!(" → {}", ahead.join(" | "))
    };
    let w = area.width as usize;
    let fixed = "Path: ".width() + current.width() + 3;
    let room = w.saturating_sub(fixed + ahead_text.width().min(w / 3));
    let trail = path_trail(s, room);
    let mut spans = vec![Span::styled("Path: ", t.muted())];
    if !trail.is_empty() {
        spans.push(Span::styled(format!("{trail} › "), t.muted()));
    }
    spans.push(Span::styled(current, t.focus()));
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    spans.push(Span::styled(
        fit(&ahead_text, w.saturating_sub(used)),
        t.muted(),
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The steps visited before the current one, joined with ` › `, cut from the oldest end to
/// fit `room` columns (`…` marks the cut). Only the visits that can show are looked at, so a
/// long incident costs no more than a short one.
fn path_trail(s: &crate::engine::Session, room: usize) -> String {
    const SEP: &str = " › ";
    let before = &s.path[..s.path.len().saturating_sub(1)];
    // Newest first, while the joined width stays within `room`.
    let mut parts: Vec<String> = Vec::new();
    let mut width = 0;
    let mut all = true;
    for v in before.iter().rev() {
        let id = clean(&s.step_at(v.step).id);
        let add = id.width() + if parts.is_empty() { 0 } else { SEP.width() };
        if width + add > room {
            all = false;
            break;
        }
        width += add;
        parts.push(id);
    }
    if all {
        parts.reverse();
        return parts.join(SEP);
    }
    // Cut: `…` plus the longest run of the newest steps that fits beside it.
    while !parts.is_empty() && width + 1 > room {
        let dropped = parts.pop().map_or(0, |p| p.width());
        width -= dropped + if parts.is_empty() { 0 } else { SEP.width() };
    }
    parts.reverse();
    format!("…{}", parts.join(SEP))
}

fn pane_block(title: String, focused: bool, app: &App) -> Block<'static> {
    let t = app.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused { t.focus() } else { t.muted() })
        .title(Span::styled(
            title,
            if focused { t.focus() } else { t.title() },
        ))
}

fn step_pane(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let s = &app.inc.session;
    let step = s.step();
    let focused = app.focus == Focus::Step && app.layers.is_empty();
    let title = fit(
        &format!(" {} ", clean(&step.title)),
        area.width.saturating_sub(4) as usize,
    );
    let block = pane_block(title, focused, app);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;

    // Header: kind, owner, time in step.
    let owner = step
        .owner
        .as_deref()
        .map(|o| clean(&s.role_name(o)))
        .unwrap_or_else(|| "—".into());
    let in_step = s
        .entered_current_at()
        .map(|e| clock_hms((app.now - e).num_seconds().max(0)))
        .unwrap_or_default();
    let header = Line::from(vec![
        Span::styled(format!("{} ", step.kind.label()), t.focus()),
        Span::styled(format!("· owner {owner} · in step {in_step}"), t.muted()),
    ]);

    // Checklist: items wrap (up to 3 rows each) so nobody ticks what they cannot read.
    let mut groups: Vec<Vec<Line>> = Vec::new();
    for (i, item) in step.checklist.iter().enumerate() {
        let ticked = s.is_ticked(&step.id, &item.id);
        let mark = if ticked {
            "[x]"
        } else if item.required {
            "[!]"
        } else {
            "[ ]"
        };
        let cursor = if i == app.cursor && app.focus == Focus::Step {
            "›"
        } else {
            " "
        };
        let mut style = if ticked {
            t.ok()
        } else if item.required {
            t.warn()
        } else {
            t.base()
        };
        if i == app.cursor && focused {
            style = style.patch(t.selected());
        }
        let text = format!("{cursor}{mark} {}", clean(&item.text));
        groups.push(
            wrap_rows(&text, w, 5)
                .into_iter()
                .take(3)
                .map(|row| Line::styled(row, style))
                .collect(),
        );
    }
    let check_rows: usize = groups.iter().map(Vec::len).sum();

    // Ways out.
    let mut ways: Vec<Line> = Vec::new();
    for (i, c) in step.choices.iter().enumerate() {
        let key = c
            .key
            .map(|k| format!("[{}] ", k.to_ascii_uppercase()))
            .unwrap_or_default();
        ways.push(Line::from(vec![
            Span::styled(format!(" {} ", i + 1), t.key()),
            Span::styled(key, t.key()),
            Span::raw(fit(
                &format!("{} → {}", clean(&c.label), clean(&c.target)),
                w.saturating_sub(8),
            )),
        ]));
    }
    if let Some(a) = &step.approval {
        ways.push(Line::from(vec![
            Span::styled(" a ", t.key()),
            Span::raw(fit(&format!("approve → {}   ", clean(&a.approve)), w / 2)),
            Span::styled(" r ", t.key()),
            Span::raw(fit(
                &format!(
                    "reject → {}  (approver: {})",
                    clean(&a.reject),
                    clean(&s.role_name(&a.role))
                ),
                w / 2,
            )),
        ]));
    }
    if step.kind == StepKind::End && s.closed.is_none() {
        let o = step.outcome.map(Outcome::word).unwrap_or("?");
        ways.push(Line::from(vec![
            Span::styled(" c ", t.key()),
            Span::raw(format!("close the incident as {o}")),
        ]));
    }
    // The newest unposted drafts only (a long incident can have thousands of drafts).
    const SHOWN: usize = 10;
    let mut unposted: Vec<String> = s
        .unposted_newest_first()
        .take(SHOWN + 1)
        .map(|d| {
            format!(
                "#{}{}",
                d.number,
                if d.approvals.is_empty() {
                    ""
                } else {
                    " ✓approved"
                }
            )
        })
        .collect();
    if unposted.len() > SHOWN {
        unposted[SHOWN] = "…".into();
    }
    unposted.reverse();
    if !unposted.is_empty() {
        ways.push(Line::styled(
            fit(
                &format!(" drafts not yet posted: {} (p posts)", unposted.join(", ")),
                w,
            ),
            t.warn(),
        ));
    }

    // Height goes to the ways out first, then the checklist, then guidance (which wraps).
    let avail = inner.height.saturating_sub(1);
    let ways_h = (ways.len() as u16 + 1).min(avail);
    let want_check = if check_rows == 0 {
        0
    } else {
        check_rows as u16 + 1
    };
    let check_h = want_check.min(avail.saturating_sub(ways_h + 1));
    let [h_area, g_area, c_area, w_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(check_h),
        Constraint::Length(ways_h),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(header), h_area);
    // Wrapped here, width-exactly, so two-column Hangul never spills over the border.
    let mut guidance: Vec<Line> = clean_multiline(&step.guidance)
        .split('\n')
        .flat_map(|l| wrap_rows(l, w, 0))
        .map(|l| Line::styled(l, t.base()))
        .collect();
    let room = g_area.height as usize;
    if guidance.len() > room && room > 0 {
        // Cut: say so, and how to read all of it.
        guidance.truncate(room);
        if let Some(last) = guidance.last_mut() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let cut = fit(&text, w.saturating_sub(9))
                .trim_end_matches('…')
                .to_string();
            *last = Line::from(vec![
                Span::styled(cut, t.base()),
                Span::styled(" …more: g", t.muted()),
            ]);
        }
    }
    f.render_widget(Paragraph::new(guidance), g_area);
    if !groups.is_empty() && c_area.height > 0 {
        // Show a window of items that keeps the selected one in view.
        let room = c_area.height.saturating_sub(1) as usize;
        let cur = app.cursor.min(groups.len() - 1);
        let mut start = cur;
        let mut used = groups[cur].len();
        while start > 0 && used + groups[start - 1].len() <= room {
            start -= 1;
            used += groups[start].len();
        }
        let mut end = cur + 1;
        while end < groups.len() && used + groups[end].len() <= room {
            used += groups[end].len();
            end += 1;
        }
        let ticked = step
            .checklist
            .iter()
            .filter(|i| s.is_ticked(&step.id, &i.id))
            .count();
        let more = match (start, groups.len() - end) {
            (0, 0) => String::new(),
            (a, b) => format!("  (↑{a} ↓{b} more: j/k)"),
        };
        let mut lines = vec![Line::styled(
            format!("Checklist {ticked}/{}{more}", groups.len()),
            t.title(),
        )];
        lines.extend(groups[start..end].iter().flatten().cloned());
        f.render_widget(Paragraph::new(lines), c_area);
    }
    let mut lines = vec![Line::styled(
        if s.closed.is_some() {
            "Closed"
        } else {
            "Choices"
        },
        t.title(),
    )];
    lines.extend(ways);
    f.render_widget(Paragraph::new(lines), w_area);
}

/// Splits text into rows of at most `w` columns, continuation rows indented by `indent`.
pub(crate) fn wrap_rows(text: &str, w: usize, indent: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w && !row.is_empty() {
            // Break at the last space when there is one.
            let cut = row.rfind(' ').filter(|&i| i > indent).unwrap_or(row.len());
            let rest = row[cut..].trim_start().to_string();
            row.truncate(cut);
            rows.push(std::mem::take(&mut row));
            row = " ".repeat(indent.min(w / 2)) + &rest;
            used = row.width();
        }
        row.push(c);
        used += cw;
    }
    if !row.trim().is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

fn clean_multiline(s: &str) -> String {
    neutralize(s, true)
}

fn log_pane(app: &mut App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let focused = app.focus == Focus::Log && app.layers.is_empty();
    let follow = if app.log_offset == 0 {
        "following".to_string()
    } else {
        format!("↑ {} newer below", app.log_offset)
    };
    // Pending events (the log could not be written) are listed after the recorded ones,
    // marked PENDING: they are not in the log yet and not part of the state.
    let pending: Vec<LogRow> = app.inc.pending().iter().map(LogRow::from_event).collect();
    let pending_note = if pending.is_empty() {
        String::new()
    } else {
        format!("⚠ {} PENDING · ", pending.len())
    };
    let block = pane_block(
        format!(" Log · {} events · {pending_note}{follow} ", app.rows.len()),
        focused,
        app,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height as usize;
    app.log_page = h.saturating_sub(1).max(1);
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

/// The hint bar's entries: key and word, from the keymap table.
/// While events are pending, their keys come first.
fn hint_entries(drill: bool, pending: bool) -> impl Iterator<Item = (&'static str, &'static str)> {
    let first = MAIN.iter().filter(move |b| pending && b.pending);
    let rest = MAIN
        .iter()
        .filter(move |b| !b.pending && (drill || !b.drill));
    first
        .chain(rest)
        .filter(|b| b.in_bar)
        .map(|b| (b.keys, b.hint))
}

/// Lays the hints out in at most two rows of `w` columns; returns the rows.
fn hint_rows(w: usize, drill: bool, pending: bool) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut rows: Vec<Vec<(&'static str, &'static str)>> = vec![Vec::new()];
    let mut used = 0;
    for (k, h) in hint_entries(drill, pending) {
        let cell = k.width() + h.width() + 3;
        if used + cell > w && !rows[rows.len() - 1].is_empty() {
            if rows.len() == 2 {
                // Out of room: keys only from here on.
                rows[1].push((k, ""));
                continue;
            }
            rows.push(Vec::new());
            used = 0;
        }
        used += cell;
        let last = rows.len() - 1;
        rows[last].push((k, h));
    }
    rows
}

fn hint_bar(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let pending = !app.inc.pending().is_empty();
    let lines: Vec<Line> = hint_rows(area.width as usize, app.drill.is_some(), pending)
        .into_iter()
        .map(|row| {
            let mut spans = Vec::new();
            for (k, h) in row {
                spans.push(Span::styled(k, t.key()));
                spans.push(Span::raw(if h.is_empty() {
                    " ".to_string()
                } else {
                    format!(" {h}  ")
                }));
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

fn message_line(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let pending = app.inc.pending().len();
    let line = match &app.status {
        _ if pending > 0 => Line::styled(
            fit(
                &format!(
                    "⚠ {pending} event(s) PENDING — not in the log yet: t retries · w writes them to another file"
                ),
                area.width as usize,
            ),
            t.error(),
        ),
        Some(s) if s.error => Line::styled(
            fit(&format!("✗ {}", s.text), area.width as usize),
            t.error(),
        ),
        Some(s) => Line::styled(fit(&format!("✓ {}", s.text), area.width as usize), t.ok()),
        None => Line::styled(
            fit(
                &format!("log: {}", app.inc.log_path().display()),
                area.width as usize,
            ),
            t.muted(),
        ),
    };
    f.render_widget(Paragraph::new(line), area);
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(crate) fn popup_block(title: &str, t: Theme, alert: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if alert {
            BorderType::Double
        } else {
            BorderType::Rounded
        })
        .border_style(if alert { t.warn() } else { t.focus() })
        .title(Span::styled(
            format!(" {title} "),
            if alert { t.warn() } else { t.focus() },
        ))
}

fn text_popup(
    t: Theme,
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    alert: bool,
) {
    let w = (area.width.saturating_sub(4)).min(90);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    // Wrap here, width-exactly (ratatui's wrapper can overrun by a column with Hangul).
    let mut rows: Vec<Line<'static>> = Vec::new();
    for line in lines {
        if line.width() <= inner_w {
            rows.push(line);
            continue;
        }
        let style = line
            .spans
            .first()
            .map(|s| s.style)
            .unwrap_or_default()
            .patch(line.style);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        rows.extend(
            wrap_rows(&text, inner_w, 0)
                .into_iter()
                .map(|r| Line::styled(r, style)),
        );
    }
    let r = centered(area, w, (rows.len() as u16 + 2).min(area.height));
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(rows).block(popup_block(title, t, alert)), r);
}

fn place_cursor(f: &mut Frame, ta: &TextArea, area: Rect) {
    let sc = ta.screen_cursor();
    let (top, left) = ta.scroll_offset();
    let x = area.x as usize + sc.col.saturating_sub(left as usize);
    let y = area.y as usize + sc.row.saturating_sub(top as usize);
    if x < (area.x + area.width) as usize && y < (area.y + area.height) as usize {
        f.set_cursor_position(Position::new(x as u16, y as u16));
    }
}

fn layers(app: &mut App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let Some(top) = app.layers.last_mut() else {
        return;
    };
    match top {
        Layer::Help => {
            let mut lines = vec![Line::styled("Main screen", t.title())];
            for b in MAIN {
                lines.push(Line::from(vec![
                    Span::styled(format!("{:>10}  ", b.keys), t.key()),
                    Span::raw(b.help),
                ]));
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{:>10}  ", "A–Z"), t.key()),
                Span::raw("take the choice with that hotkey (shown as [R])"),
            ]));
            lines.push(Line::styled("Draft composer", t.title()));
            for (k, h) in COMPOSER {
                lines.push(Line::from(vec![
                    Span::styled(format!("{k:>10}  "), t.key()),
                    Span::raw(*h),
                ]));
            }
            lines.push(Line::styled("Every action is written to the log before the screen shows it. Esc closes this help.", t.muted()));
            text_popup(t, f, area, "Help", lines, false);
        }
        Layer::ConfirmQuit => {
            let path = app.inc.log_path().display().to_string();
            let mut lines = vec![
                Line::from(format!(
                    "The log is complete: {} events are in",
                    app.inc.session.seq
                )),
                Line::styled(path.clone(), t.title()),
                Line::from(if app.inc.session.closed.is_some() {
                    "The incident is closed.".to_string()
                } else {
                    "The incident stays open. Continue it later with:".to_string()
                }),
                Line::styled(format!("  warroom resume {path}"), t.key()),
                Line::from(""),
            ];
            let pending = app.inc.pending().len();
            if pending > 0 {
                lines.push(Line::styled(
                    format!("⚠ {pending} event(s) are PENDING: NOT in the log. Quitting prints them on the terminal;"),
                    t.error(),
                ));
                lines.push(Line::styled(
                    "  w writes them to a file first (n, then w).".to_string(),
                    t.error(),
                ));
                lines.push(Line::from(""));
            }
            lines.extend([Line::from(vec![
                Span::styled("y", t.key()),
                Span::raw(" quit    "),
                Span::styled("n/Esc", t.key()),
                Span::raw(" stay"),
            ])]);
            text_popup(t, f, area, "Quit warroom?", lines, false);
        }
        Layer::Message { title, text } => {
            let lines = text
                .lines()
                .map(|l| Line::from(clean(l)))
                .chain([Line::styled("any key closes", t.muted())])
                .collect();
            let title = title.clone();
            text_popup(t, f, area, &title, lines, true);
        }
        Layer::LogFailure { text } => {
            let lines = text.lines().map(|l| Line::from(clean(l))).collect();
            text_popup(t, f, area, "LOG NOT WRITTEN", lines, true);
        }
        Layer::ForceChoice { missing, .. } => {
            let lines = vec![
                Line::from("Required checklist items are not ticked:"),
                Line::styled(format!("  {}", clean(&missing.join(", "))), t.warn()),
                Line::from(""),
                Line::from(vec![
                    Span::styled("f", t.key()),
                    Span::raw(" move on anyway (logged as an OVERRIDE)   "),
                    Span::styled("Esc", t.key()),
                    Span::raw(" stay and tick them"),
                ]),
            ];
            text_popup(t, f, area, "Required items", lines, true);
        }
        Layer::ForcePost { reason, .. } => {
            let lines = vec![
                Line::from(clean(reason)),
                Line::from(""),
                Line::from(vec![
                    Span::styled("f", t.key()),
                    Span::raw(" post anyway (logged as forced)   "),
                    Span::styled("Esc", t.key()),
                    Span::raw(" don't post"),
                ]),
            ];
            text_popup(t, f, area, "Not posted", lines, true);
        }
        Layer::Privacy { findings, .. } => {
            let mut lines = vec![Line::styled(
                "This draft looks like it contains personal data:",
                t.warn(),
            )];
            for fi in findings.iter() {
                lines.push(Line::from(format!(
                    "  • {}: {}",
                    fi.kind,
                    clean(&fi.masked)
                )));
            }
            lines.push(Line::from(crate::privacy::ADVICE));
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::styled("p", t.key()),
                Span::raw(" post anyway   "),
                Span::styled("Esc", t.key()),
                Span::raw(" don't post — both are logged"),
            ]));
            text_popup(t, f, area, "Privacy check", lines, true);
        }
        Layer::VarPicker { cursor } => {
            let cursor = *cursor;
            let s = &app.inc.session;
            let lines: Vec<Line> = s
                .playbook
                .variables
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let val = s
                        .variables
                        .get(&v.id)
                        .map(|x| clean(x))
                        .unwrap_or_else(|| "(not set)".into());
                    let l = format!("{} {{{}}} = {val}", clean(&v.label), clean(&v.id));
                    Line::styled(
                        fit(&l, 86),
                        if i == cursor { t.selected() } else { t.base() },
                    )
                })
                .chain([Line::styled(
                    "↑↓ choose · Enter edit · Esc close",
                    t.muted(),
                )])
                .collect();
            text_popup(t, f, area, "Variables", lines, false);
        }
        Layer::OutcomePicker { cursor } => {
            let cursor = *cursor;
            let lines: Vec<Line> = Outcome::ALL
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    Line::styled(
                        format!("{} {}", if i == cursor { "›" } else { " " }, o.word()),
                        if i == cursor { t.selected() } else { t.base() },
                    )
                })
                .chain([Line::styled(
                    "↑↓ choose · Enter close the incident · Esc cancel",
                    t.muted(),
                )])
                .collect();
            text_popup(t, f, area, "Close the incident", lines, false);
        }
        Layer::Input(ib) => {
            let w = area.width.saturating_sub(4).min(90);
            let r = centered(area, w, 5);
            f.render_widget(Clear, r);
            let block = popup_block(&clean(&ib.prompt), t, false);
            let inner = block.inner(r);
            f.render_widget(block, r);
            let [text_area, hint] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            ib.area.set_wrap_mode(WrapMode::WordOrGlyph);
            ib.area.set_cursor_style(t.selected());
            f.render_widget(&ib.area, text_area);
            f.render_widget(
                Paragraph::new(Line::styled(
                    if matches!(ib.purpose, crate::tui::app::InputPurpose::ExportPending) {
                        "Enter writes the copy to that file (not to the log) · Esc cancels"
                    } else {
                        "Enter saves to the log · Esc cancels"
                    },
                    t.muted(),
                )),
                hint,
            );
            place_cursor(f, &ib.area, text_area);
        }
        Layer::Composer(c) => {
            let w = area.width.saturating_sub(2).min(100);
            let h = area.height.saturating_sub(2).min(20);
            let r = centered(area, w, h);
            f.render_widget(Clear, r);
            let len = c.length();
            let limit = c.channel.limit();
            let counter = match limit {
                Some(l) => format!("{len}/{l}"),
                None => format!("{len} characters"),
            };
            let over = limit.is_some_and(|l| len > l);
            let title = format!(
                "Draft · {} · {counter}{}",
                c.channel.label(),
                if over { " · OVER THE LIMIT" } else { "" }
            );
            let block = popup_block(&title, t, over);
            let inner = block.inner(r);
            f.render_widget(block, r);
            let [text_area, status, hint] = Layout::vertical([
                Constraint::Min(1),
                Constraint::Length(1),
                Constraint::Length(1),
            ])
            .areas(inner);
            c.area.set_wrap_mode(WrapMode::WordOrGlyph);
            c.area.set_cursor_style(t.selected());
            c.area.set_cursor_line_style(Style::default());
            f.render_widget(&c.area, text_area);
            let text = c.text();
            let findings = crate::privacy::scan(&text);
            let status_line = if over {
                let parts = crate::text::split_thread(&text, limit.unwrap_or(280)).len();
                Line::styled(
                    format!(
                        "✗ {} over: Ctrl+T splits it into a {parts}-part numbered thread",
                        len - limit.unwrap_or(0)
                    ),
                    t.error(),
                )
            } else if crate::text::has_hostile(&text) {
                // The text area draws control and invisible characters as nothing: name them.
                let mut marks: Vec<String> = Vec::new();
                for c in text
                    .chars()
                    .filter(|&c| crate::text::has_hostile(c.encode_utf8(&mut [0; 4])))
                {
                    let m = crate::text::neutralize(&c.to_string(), false);
                    if !marks.contains(&m) {
                        marks.push(m);
                    }
                }
                Line::styled(
                    fit(
                        &format!("⚠ holds characters that do not show: {}", marks.join(" ")),
                        inner.width as usize,
                    ),
                    t.warn(),
                )
            } else if !findings.is_empty() {
                Line::styled(
                    fit(
                        &format!(
                            "⚠ looks like personal data ({}) — move it to DM/e-mail/phone",
                            findings
                                .iter()
                                .map(|f| f.kind)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        inner.width as usize,
                    ),
                    t.warn(),
                )
            } else {
                Line::styled(format!("✓ fits: {counter}"), t.ok())
            };
            f.render_widget(Paragraph::new(status_line), status);
            let hints = "^S save  ^P post  ^T thread  ^Y copy  ^E $EDITOR  Esc close";
            f.render_widget(
                Paragraph::new(Line::styled(fit(hints, inner.width as usize), t.muted())),
                hint,
            );
            place_cursor(f, &c.area, text_area);
        }
    }
}

#[cfg(test)]
mod path_tests {
    use std::sync::Arc;

    use super::*;

    /// The path cut as it was done before: join every visit, then drop the oldest until it fits.
    fn cut_whole_path(s: &crate::engine::Session, room: usize) -> String {
        let mut before: Vec<String> = s
            .path
            .iter()
            .map(|v| clean(&s.step_at(v.step).id))
            .collect();
        before.pop();
        let mut trail = before.join(" › ");
        while trail.width() > room && !trail.is_empty() {
            match trail.find(" › ") {
                Some(i) => trail = format!("…{}", &trail[i + " › ".len()..]),
                None => trail = String::from("…"),
            }
            if trail == "…" {
                break;
            }
        }
        trail
    }

    #[test]
    fn the_trail_looks_only_at_what_fits_and_cuts_as_before() {
        let pb = crate::playbook::default_playbook().unwrap();
        let mut bytes = Vec::new();
        crate::r#gen::log(&pb, 600, 2, &mut bytes).unwrap();
        let mut s = crate::engine::Session::new(Arc::new(pb.playbook));
        let mut n = 0;
        crate::log::scan(&bytes[..], |e| {
            s.fold(&e);
            n += 1;
            if n % 40 == 0 || s.path.len() < 4 {
                for room in 0..140 {
                    assert_eq!(
                        path_trail(&s, room),
                        cut_whole_path(&s, room),
                        "room {room}"
                    );
                }
            }
        })
        .unwrap();
        assert!(s.path.len() > 50);
    }
}
