//! Drawing the live screen: the layout (banner, status line, path, updates, the step, log and
//! feed panes, the hint bar, the message line), the notification, and the popup on top. The
//! view only reads the model; what depends on the frame's size is laid out before
//! (`App::prepare`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::App;
use super::drill_pane::{drill_banner, feed_pane};
use super::keys::{DrillHints, main_hints};
use super::log_pane::log_pane;
use super::step_pane::step_pane;
use crate::duration::clock_hms;
use crate::engine::DeadlineState;
use crate::tui::lang as L;
use crate::tui::widgets::{Hint, MIN_H, MIN_W, badge_free_title, clean, fit, hint_bar, hint_rows};

/// At most this many rows of key hints (every key that acts is shown, with its word while
/// there is room); fewer on a short screen, so the step keeps room to show.
fn max_hint_rows(area: Rect) -> usize {
    match area.height {
        0..20 => 1,
        20..24 => 2,
        _ => 3,
    }
}

/// Where each part of the live screen goes on a screen of `area`.
struct Areas {
    banner: Rect,
    status: Rect,
    path: Rect,
    updates: Rect,
    body: Rect,
    step: Rect,
    /// The drill's feed or the mention feed, if either.
    feed: Option<Rect>,
    log: Rect,
    hints: Rect,
    message: Rect,
}

/// The hints of whatever is on top: the top popup's, else the main keymap's.
fn hints(app: &App) -> Vec<Hint> {
    match app.layers.last() {
        Some(top) => top.hints(app),
        None => main_hints(
            app.drill.as_ref().map(|d| DrillHints {
                paused: d.is_paused(),
                acks_waiting: !d.pending_acks().is_empty(),
                ended: d.ended().is_some(),
            }),
            !app.inc.pending().is_empty(),
            app.feed.is_some(),
            app.lang,
        ),
    }
}

fn areas(app: &App, area: Rect, hint_h: u16) -> Areas {
    let drill = app.drill.is_some();
    let has_updates = !app.inc.session.playbook.updates.is_empty();
    let [banner, status, path, updates, body, hints, message] = Layout::vertical([
        Constraint::Length(u16::from(drill)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(has_updates)),
        Constraint::Min(6),
        Constraint::Length(hint_h),
        Constraint::Length(1),
    ])
    .areas(area);
    let (step, log) = if body.width >= 110 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (a, b)
    } else {
        // The step (checklist, choices) keeps at least half the body on a short screen.
        let log_h =
            ((body.height / 3).clamp(4, 14) + if drill { 2 } else { 0 }).min(body.height / 2);
        let [a, b] = Layout::vertical([Constraint::Fill(1), Constraint::Length(log_h)]).areas(body);
        (a, b)
    };
    let (feed, log) = if drill || app.feed.is_some() {
        // The feed beside (narrow) or above (wide) the log.
        let [feed, log] = if body.width >= 110 {
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(log)
        } else {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(log)
        };
        (Some(feed), log)
    } else {
        (None, log)
    };
    Areas {
        banner,
        status,
        path,
        updates,
        body,
        step,
        feed,
        log,
        hints,
        message,
    }
}

/// The log pane's page (its height) on a screen of `area`, for paging.
pub(crate) fn log_page(app: &App, area: Rect) -> usize {
    let rows = hint_rows(&hints(app), area.width as usize, max_hint_rows(area)).len() as u16;
    let a = areas(app, area, rows);
    (a.log.height.saturating_sub(2) as usize)
        .saturating_sub(1)
        .max(1)
}

/// Draws the live screen.
pub fn view(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        too_small(app, f, area);
        return;
    }
    let rows = hint_rows(&hints(app), area.width as usize, max_hint_rows(area));
    let a = areas(app, area, rows.len() as u16);
    if app.drill.is_some() {
        drill_banner(app, f, a.banner);
    }
    status_line(app, f, a.status);
    path_line(app, f, a.path);
    if !app.inc.session.playbook.updates.is_empty() {
        updates_line(app, f, a.updates);
    }
    if let Some(feed) = a.feed {
        if app.feed.is_some() {
            super::feed::render(app, f, feed);
        } else {
            feed_pane(app, f, feed);
        }
    }
    step_pane(app, f, a.step);
    log_pane(app, f, a.log);
    hint_bar(f, a.hints, app.theme, rows);
    message_line(app, f, a.message);
    super::notice::draw(app, f, a.body);
    if let Some(top) = app.layers.last() {
        top.draw(f, area, app);
    }
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
    let mut right: Vec<Span> = Vec::new();
    if !app.inc.online() {
        right.push(Span::styled(" ⚠ OFFLINE ", t.breach()));
    }
    right.extend([
        Span::styled(format!(" T+{} ", clock_hms(elapsed.max(0))), t.title()),
        Span::raw(format!("{} ", app.now.format("%H:%M:%S"))),
    ]);
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
    let title = fit(&clean(badge_free_title(&s.title, app.badge)), title_w);
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

fn message_line(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let pending = app.inc.pending().len();
    let line = match &app.status {
        _ if !app.inc.online() => {
            Line::styled(fit(app.tr(L::OFFLINE), area.width as usize), t.error())
        }
        _ if pending > 0 => Line::styled(
            fit(
                &format!(
                    "⚠ {pending} event(s) PENDING — not in the log yet: t retries · w writes them to another file"
                ),
                area.width as usize,
            ),
            t.error(),
        ),
        Some(s) => s.line(t, area.width as usize),
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
