//! The step pane: the step's kind, owner and time in step, its guidance (cut with a "more"
//! when it does not fit), the checklist (a window that keeps the cursor in view) and the ways
//! out (choices, approval, closing, drafts not yet posted).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::App;
use super::model::Focus;
use crate::duration::clock_hms;
use crate::playbook::{Outcome, StepKind};
use crate::tui::lang as L;
use crate::tui::widgets::{clean, clean_multiline, fit, wrap_rows};

pub(crate) fn pane_block(title: String, focused: bool, app: &App) -> Block<'static> {
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

pub(crate) fn step_pane(app: &App, f: &mut Frame, area: Rect) {
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

    let groups = checklist_groups(app, w, focused);
    let check_rows: usize = groups.iter().map(Vec::len).sum();
    let ways = ways_out(app, w);
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
    let guidance = guidance(app, w, g_area.height as usize);
    f.render_widget(Paragraph::new(guidance), g_area);
    draw_checklist(app, f, c_area, &groups);
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

/// The checklist's items, each wrapped (up to 3 rows) so nobody ticks what they cannot read.
fn checklist_groups(app: &App, w: usize, focused: bool) -> Vec<Vec<Line<'static>>> {
    let t = app.theme;
    let s = &app.inc.session;
    let step = s.step();
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
    groups
}

/// The ways out of the step: choices, approval, closing, the drafts not yet posted.
fn ways_out(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let s = &app.inc.session;
    let step = s.step();
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
    ways
}

/// The guidance wrapped to `w` columns and cut to `room` rows (saying so, and how to read all).
fn guidance(app: &App, w: usize, room: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let step = app.inc.session.step();
    // Wrapped here, width-exactly, so two-column Hangul never spills over the border.
    let mut guidance: Vec<Line> = clean_multiline(&step.guidance)
        .split('\n')
        .flat_map(|l| wrap_rows(l, w, 0))
        .map(|l| Line::styled(l, t.base()))
        .collect();
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
    guidance
}

/// The checklist: a window of items that keeps the selected one in view.
fn draw_checklist(app: &App, f: &mut Frame, c_area: Rect, groups: &[Vec<Line<'static>>]) {
    let t = app.theme;
    let s = &app.inc.session;
    let step = s.step();
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
}
