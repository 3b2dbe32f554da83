//! Rendering: the main screen (status line, path, step, log, key hints) and the popup layers.
//! Work is proportional to what is visible: the log pane renders only the rows it shows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Focus, LogRow};
use super::keymap::MAIN;
use super::lang::{self as L, Lang};
use super::popups;
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
    let has_updates = !app.inc.session.playbook.updates.is_empty();
    let [banner, status, path, updates, body, hints, message] = Layout::vertical([
        Constraint::Length(u16::from(drill)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(has_updates)),
        Constraint::Min(6),
        Constraint::Length(
            hint_rows(
                area.width as usize,
                drill,
                !app.inc.pending().is_empty(),
                app.feed.is_some(),
                app.lang,
            )
            .len() as u16,
        ),
        Constraint::Length(1),
    ])
    .areas(area);
    if drill {
        drill_banner(app, f, banner);
    }
    status_line(app, f, status);
    path_line(app, f, path);
    if has_updates {
        updates_line(app, f, updates);
    }
    let (step_area, log_area) = if body.width >= 110 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (a, b)
    } else {
        let log_h = (body.height / 3).clamp(4, 14) + if drill { 2 } else { 0 };
        let [a, b] = Layout::vertical([Constraint::Fill(1), Constraint::Length(log_h)]).areas(body);
        (a, b)
    };
    let log_area = if drill || app.feed.is_some() {
        // The feed of injects beside (narrow) or above (wide) the log.
        let [feed, log] = if body.width >= 110 {
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(log_area)
        } else {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(log_area)
        };
        if app.feed.is_some() {
            super::feed::render(app, f, feed);
        } else {
            feed_pane(app, f, feed);
        }
        log
    } else {
        log_area
    };
    step_pane(app, f, step_area);
    log_pane(app, f, log_area);
    hint_bar(app, f, hints);
    message_line(app, f, message);
    popups::notice(app, f, body);
    if !app.layers.is_empty() {
        popups::layers(app, f, area);
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
        Line::styled(app.tr(L::TOO_SMALL), t.warn()),
        Line::from(format!(
            "need {MIN_W}×{MIN_H}, have {}×{}",
            area.width, area.height
        )),
        Line::from(app.tr(L::TOO_SMALL_QUIT)),
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
        right.push(Span::styled(
            format!(" {}: {} ", app.tr(L::CLOSED_AS), o.word()),
            t.ok(),
        ));
    } else if let Some(d) = s.nearest_deadline(app.now) {
        let rem = d.remaining(app.now);
        let label = clean(&d.label);
        let (text, style) = match d.state {
            DeadlineState::Breached => (
                format!(" ⚠ {} {label} +{} ", app.tr(L::BREACHED), clock_hms(-rem)),
                t.breach(),
            ),
            DeadlineState::DueSoon => (
                format!(" ⏰ {} {label} {} ", app.tr(L::DUE_SOON), clock_hms(rem)),
                t.warn(),
            ),
            _ => (
                format!(" ⏱ {label} {} {} ", app.tr(L::DUE_IN), clock_hms(rem)),
                t.base(),
            ),
        };
        right.push(Span::styled(text, style));
    }
    let right_w: usize = right.iter().map(|s| s.content.width()).sum();
    let badge = match s.public_state {
        Some((st, _)) => format!(" {} · {} ", app.badge, st.word().to_uppercase()),
        None => format!(" {} ", app.badge),
    };
    let title_w = (area.width as usize).saturating_sub(right_w + badge.width() + 2);
    let mut spans = vec![Span::styled(badge, badge_style), Span::raw(" ")];
    let title = fit(&clean(&s.title), title_w);
    let pad = title_w.saturating_sub(title.width());
    spans.push(Span::styled(title, t.title()));
    spans.push(Span::raw(" ".repeat(pad + 1)));
    spans.extend(right);
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// For each audience with a cadence, when its next update is due: a symbol and a word.
fn updates_line(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let mut text = app.tr(L::UPDATES).to_string();
    for d in app
        .inc
        .session
        .deadlines(app.now)
        .into_iter()
        .filter(|d| d.id.starts_with("update-"))
    {
        let who = d.id.trim_start_matches("update-");
        let rem = d.remaining(app.now);
        text.push_str(&match d.state {
            DeadlineState::Breached => format!(
                " ⚠ {who} {} +{}",
                app.tr(L::UPDATE_OVERDUE),
                clock_hms(-rem)
            ),
            DeadlineState::DueSoon => {
                format!(" ⏰ {who} {} {}", app.tr(L::DUE_SOON), clock_hms(rem))
            }
            _ => format!(
                " ⏱ {who} {} {} ({})",
                app.tr(L::UPDATE_NEXT),
                d.due_at.format("%H:%M"),
                clock_hms(rem)
            ),
        });
    }
    f.render_widget(
        Paragraph::new(Line::styled(fit(&text, area.width as usize), t.base())),
        area,
    );
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
    let path_word = app.tr(L::PATH);
    let fixed = path_word.width() + current.width() + 3;
    let room = w.saturating_sub(fixed + ahead_text.width().min(w / 3));
    let trail = path_trail(s, room);
    let mut spans = vec![Span::styled(path_word, t.muted())];
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
        Span::styled(
            format!(
                "· {} {owner} · {} {in_step}",
                app.tr(L::OWNER),
                app.tr(L::IN_STEP)
            ),
            t.muted(),
        ),
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
            Span::raw(fit(
                &format!("{} {}   ", app.tr(L::APPROVE_TO), clean(&a.approve)),
                w / 2,
            )),
            Span::styled(" r ", t.key()),
            Span::raw(fit(
                &format!(
                    "{} {}  ({}: {})",
                    app.tr(L::REJECT_TO),
                    clean(&a.reject),
                    app.tr(L::APPROVER),
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
            Span::raw(format!("{} {o}", app.tr(L::CLOSE_AS))),
        ]));
    }
    // The newest unposted drafts only (a long incident can have thousands of drafts); none
    // once the incident is closed.
    const SHOWN: usize = 10;
    let mut unposted: Vec<String> = s
        .unposted_newest_first()
        .filter(|_| s.closed.is_none())
        .take(SHOWN + 1)
        .map(|d| format!("#{} {}", d.number, d.state().word()))
        .collect();
    if unposted.len() > SHOWN {
        unposted[SHOWN] = "…".into();
    }
    unposted.reverse();
    if !unposted.is_empty() {
        ways.push(Line::styled(
            fit(
                &format!(
                    " {}: {} ({})",
                    app.tr(L::DRAFTS_OPEN),
                    unposted.join(", "),
                    app.tr(L::DRAFTS_KEYS)
                ),
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
            let more = app.tr(L::MORE_G);
            let cut = fit(&text, w.saturating_sub(more.width() + 1))
                .trim_end_matches('…')
                .to_string();
            *last = Line::from(vec![
                Span::styled(cut, t.base()),
                Span::styled(more, t.muted()),
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
            (a, b) => format!("  (↑{a} ↓{b} {})", app.tr(L::MORE_JK)),
        };
        let mut lines = vec![Line::styled(
            format!("{} {ticked}/{}{more}", app.tr(L::CHECKLIST), groups.len()),
            t.title(),
        )];
        lines.extend(groups[start..end].iter().flatten().cloned());
        f.render_widget(Paragraph::new(lines), c_area);
    }
    let mut lines = vec![Line::styled(
        if s.closed.is_some() {
            app.tr(L::CLOSED)
        } else {
            app.tr(L::CHOICES)
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
            " {} · {} {} · {pending_note}{follow} ",
            app.tr(L::LOG),
            app.rows.len(),
            app.tr(L::EVENTS)
        ),
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
fn hint_entries(
    drill: bool,
    pending: bool,
    feed: bool,
    lang: Lang,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    let first = MAIN.iter().filter(move |b| pending && b.pending);
    let rest = MAIN
        .iter()
        .filter(move |b| !b.pending && (drill || !b.drill) && (feed || !b.feed));
    first
        .chain(rest)
        .filter(|b| b.in_bar)
        .filter_map(move |b| Some((b.keys, b.hint?.get(lang))))
}

/// At most this many rows of key hints (every key that acts is shown, with its word while
/// there is room).
const MAX_HINT_ROWS: usize = 3;

/// Lays the hints out in at most [`MAX_HINT_ROWS`] rows of `w` columns; returns the rows.
fn hint_rows(
    w: usize,
    drill: bool,
    pending: bool,
    feed: bool,
    lang: Lang,
) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut rows: Vec<Vec<(&'static str, &'static str)>> = vec![Vec::new()];
    let mut used = 0;
    for (k, h) in hint_entries(drill, pending, feed, lang) {
        let cell = k.width() + h.width() + 3;
        if used + cell > w && !rows[rows.len() - 1].is_empty() {
            if rows.len() == MAX_HINT_ROWS {
                // Out of room: keys only from here on.
                rows[MAX_HINT_ROWS - 1].push((k, ""));
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
    let lines: Vec<Line> = hint_rows(
        area.width as usize,
        app.drill.is_some(),
        pending,
        app.feed.is_some(),
        app.lang,
    )
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
                &format!("{}{}", app.tr(L::LOG_AT), app.inc.log_path().display()),
                area.width as usize,
            ),
            t.muted(),
        ),
    };
    f.render_widget(Paragraph::new(line), area);
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
        crate::dev::r#gen::log(&pb, 600, 2, &mut bytes).unwrap();
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
