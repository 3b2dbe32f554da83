//! Drawing the popup layers (questions and what the person asked to see) and the notification
//! (which never takes the keyboard), in the screen's language.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use ratatui_textarea::{TextArea, WrapMode};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Layer};
use super::keymap::{COMPOSER, LISTS, MAIN};
use super::lang::{self as L, Lang};
use super::theme::Theme;
use super::view::{fit, wrap_rows};
use crate::engine::{Draft, DraftState, Session};
use crate::playbook::Outcome;
use crate::text::neutralize;

fn clean(s: &str) -> String {
    neutralize(s, false)
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

/// Clears `r` for a popup, and the halves of two-column characters (Hangul, CJK) cut by its
/// edges, so that neither border is overwritten by a character underneath.
pub(crate) fn clear(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    let buf: &mut Buffer = f.buffer_mut();
    let area = buf.area;
    for y in r.top()..r.bottom() {
        if r.left() > area.left() {
            let cell = &mut buf[(r.left() - 1, y)];
            if cell.symbol().width() > 1 {
                cell.set_symbol(" ");
            }
        }
        if r.right() < area.right() {
            let cell = &mut buf[(r.right(), y)];
            // The second half of a wide character that started under the border.
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
        }
    }
}

/// Wraps `lines` width-exactly to `inner_w` columns (ratatui's wrapper can overrun by a column
/// with Hangul).
fn wrap_lines(lines: Vec<Line<'static>>, inner_w: usize) -> Vec<Line<'static>> {
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
    rows
}

/// What a scrollable popup shows.
struct Popup<'a> {
    title: &'a str,
    lines: Vec<Line<'static>>,
    /// A line that always shows under the text (the keys).
    footer: Option<Line<'static>>,
    scroll: u16,
    alert: bool,
}

/// A popup of text lines, centred; `scroll` rows scrolled (clamped so the end stays in view;
/// the clamped value is returned), with a footer line that always shows.
/// The width of a scroll popup's text on a screen of `area`.
fn inner_width(area: Rect) -> usize {
    area.width.saturating_sub(4).clamp(10, 90).saturating_sub(2) as usize
}

fn scroll_popup(f: &mut Frame, area: Rect, t: Theme, p: Popup<'_>) -> u16 {
    let Popup {
        title,
        lines,
        footer,
        scroll,
        alert,
    } = p;
    let w = area.width.saturating_sub(4).clamp(10, 90);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let rows = wrap_lines(lines, inner_w);
    let foot_h = u16::from(footer.is_some());
    let want = rows.len() as u16 + 2 + foot_h;
    let r = centered(area, w, want.min(area.height));
    clear(f, r);
    let block = popup_block(title, t, alert);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [body, foot] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(foot_h)]).areas(inner);
    let max = (rows.len() as u16).saturating_sub(body.height);
    let scroll = scroll.min(max);
    let mut shown: Vec<Line> = rows
        .into_iter()
        .skip(scroll as usize)
        .take(body.height as usize)
        .collect();
    if max > 0
        && let Some(last) = shown.last_mut()
        && scroll < max
    {
        *last = Line::styled(format!("↓ {} more", max - scroll), t.muted());
    }
    f.render_widget(Paragraph::new(shown), body);
    if let Some(footer) = footer {
        f.render_widget(Paragraph::new(footer), foot);
    }
    scroll
}

fn text_popup(f: &mut Frame, area: Rect, t: Theme, title: &str, lines: Vec<Line<'static>>) {
    scroll_popup(
        f,
        area,
        t,
        Popup {
            title,
            lines,
            footer: None,
            scroll: 0,
            alert: true,
        },
    );
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

fn keys_line(t: Theme, text: &str) -> Line<'static> {
    Line::styled(text.to_string(), t.muted())
}

/// The help screen's lines: each key once, from the keymap tables.
fn help_lines(app: &App, t: Theme) -> Vec<Line<'static>> {
    let lang = app.lang;
    let row = |k: &str, h: &str| {
        Line::from(vec![
            Span::styled(format!("{k:>10}  "), t.key()),
            Span::raw(h.to_string()),
        ])
    };
    let mut lines = vec![Line::styled(L::HELP_MAIN.get(lang), t.title())];
    for b in MAIN.iter().filter(|b| b.hint.is_some()) {
        lines.push(row(b.keys, b.help.get(lang)));
    }
    lines.push(row("A–Z", L::K_HOTKEY.get(lang)));
    lines.push(row("Ctrl+L", "redraw the screen"));
    lines.push(Line::styled(L::HELP_LISTS.get(lang), t.title()));
    for (k, h) in LISTS {
        lines.push(row(k, h.get(lang)));
    }
    lines.push(Line::styled(L::HELP_COMPOSER.get(lang), t.title()));
    for (k, h) in COMPOSER {
        lines.push(row(k, h.get(lang)));
    }
    lines.push(Line::styled(L::HELP_FOOT.get(lang), t.muted()));
    lines
}

/// A draft's one-line entry: number, channel, state, thread, first words.
pub(crate) fn draft_entry(s: &Session, d: &Draft, lang: Lang, w: usize) -> String {
    let thread = s.thread_of(d.number);
    let part = if thread.len() > 1 {
        let i = thread
            .iter()
            .position(|p| p.number == d.number)
            .unwrap_or(0);
        format!(" {}/{}", i + 1, thread.len())
    } else {
        String::new()
    };
    let state = if d.approval_voided() && d.state() == DraftState::Draft {
        L::APPROVAL_VOID.get(lang).to_string()
    } else {
        d.state().word().to_string()
    };
    let chain = s
        .chain_progress(d)
        .filter(|_| d.is_open())
        .map(|p| format!(" [{}]", p.describe()))
        .unwrap_or_default();
    fit(
        &format!(
            "#{:<3} {:<8} {:<10}{part}{chain}  {}",
            d.number,
            d.channel.label(),
            state,
            clean(&d.text)
        ),
        w,
    )
}

pub(crate) fn layers(app: &mut App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let lang = app.lang;
    let tr = |m: L::Msg| m.get(lang);
    let Some(top) = app.layers.last() else {
        return;
    };
    match top {
        Layer::Help { scroll } => {
            let lines = help_lines(app, t);
            let foot = Some(keys_line(t, tr(L::SCROLL_KEYS)));
            let shown = scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::HELP_TITLE),
                    lines,
                    footer: foot,
                    scroll: *scroll,
                    alert: false,
                },
            );
            if let Some(Layer::Help { scroll }) = app.layers.last_mut() {
                *scroll = shown;
            }
        }
        Layer::Guidance { scroll } => {
            let step = app.inc.session.step();
            let lines: Vec<Line> = neutralize(&step.guidance, true)
                .split('\n')
                .map(|l| Line::from(l.to_string()))
                .collect();
            let title = format!("{} · {}", tr(L::GUIDANCE_TITLE), clean(&step.title));
            let foot = Some(keys_line(t, tr(L::SCROLL_KEYS)));
            let shown = scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: &title,
                    lines,
                    footer: foot,
                    scroll: *scroll,
                    alert: false,
                },
            );
            if let Some(Layer::Guidance { scroll }) = app.layers.last_mut() {
                *scroll = shown;
            }
        }
        Layer::ConfirmQuit => {
            let path = app.inc.log_path().display().to_string();
            let mut lines = vec![
                Line::from(tr(L::QUIT_COMPLETE).replace("{n}", &app.inc.session.seq.to_string())),
                Line::styled(clean(&path), t.title()),
                Line::from(if app.inc.session.closed.is_some() {
                    tr(L::QUIT_CLOSED)
                } else {
                    tr(L::QUIT_OPEN)
                }),
                Line::styled(
                    format!(
                        "  warroom resume {}{}",
                        clean(&path),
                        clean(&app.resume_args)
                    ),
                    t.key(),
                ),
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
            lines.push(keys_line(t, tr(L::QUIT_KEYS)));
            scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::QUIT_TITLE),
                    lines,
                    footer: None,
                    scroll: 0,
                    alert: false,
                },
            );
        }
        Layer::ConfirmClose { outcome, summary } => {
            let s = &app.inc.session;
            let mut lines = vec![
                Line::from(tr(L::CONFIRM_CLOSE_AS)),
                Line::styled(format!("  {}", outcome.word()), t.warn()),
            ];
            if !summary.trim().is_empty() {
                lines.push(Line::from(format!("  “{}”", clean(summary))));
            }
            let open: Vec<String> = s
                .open_units()
                .iter()
                .map(|d| format!("#{} ({})", d.number, d.channel.label()))
                .collect();
            if !open.is_empty() {
                lines.push(Line::from(""));
                lines.push(Line::styled(tr(L::CONFIRM_CLOSE_UNPOSTED), t.warn()));
                lines.push(Line::styled(format!("  {}", open.join(", ")), t.warn()));
            }
            lines.push(Line::from(""));
            lines.push(keys_line(t, tr(L::CONFIRM_CLOSE_KEYS)));
            scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::CONFIRM_CLOSE_TITLE),
                    lines,
                    footer: None,
                    scroll: 0,
                    alert: true,
                },
            );
        }
        Layer::Message { title, text } => {
            let mut lines: Vec<Line> = text.lines().map(|l| Line::from(clean(l))).collect();
            lines.push(keys_line(t, tr(L::ANY_KEY)));
            let title = title.clone();
            text_popup(f, area, t, &title, lines);
        }
        Layer::LogFailure { text } => {
            let lines = text.lines().map(|l| Line::from(clean(l))).collect();
            text_popup(f, area, t, tr(L::LOG_FAILURE_TITLE), lines);
        }
        Layer::ForceChoice { missing, .. } => {
            let mut lines = vec![Line::from(tr(L::REQUIRED_TEXT))];
            for m in missing {
                lines.push(Line::styled(format!("  [!] {}", clean(m)), t.warn()));
            }
            lines.push(Line::from(""));
            lines.push(keys_line(t, tr(L::REQUIRED_KEYS)));
            text_popup(f, area, t, tr(L::REQUIRED_TITLE), lines);
        }
        Layer::ForcePost {
            reason, unfilled, ..
        } => {
            let mut lines = vec![Line::from(clean(reason)), Line::from("")];
            if let Some(v) = unfilled.first() {
                lines.push(keys_line(
                    t,
                    &format!("{} {{{}}}", tr(L::SET_VAR_KEY), clean(v)),
                ));
            }
            lines.push(keys_line(t, tr(L::FORCE_KEYS)));
            text_popup(f, area, t, tr(L::NOT_POSTED_TITLE), lines);
        }
        Layer::VarPicker { cursor } => {
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
                        .unwrap_or_else(|| tr(L::NOT_SET).into());
                    let l = format!("{} {{{}}} = {val}", clean(&v.label), clean(&v.id));
                    Line::styled(
                        fit(&l, 86),
                        if i == *cursor { t.selected() } else { t.base() },
                    )
                })
                .collect();
            let foot = Some(keys_line(t, tr(L::VAR_KEYS)));
            scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::VARIABLES_TITLE),
                    lines,
                    footer: foot,
                    scroll: cursor.saturating_sub(5) as u16,
                    alert: false,
                },
            );
        }
        Layer::OutcomePicker { cursor } => {
            let lines: Vec<Line> = Outcome::ALL
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    Line::styled(
                        format!("{} {}", if i == *cursor { "›" } else { " " }, o.word()),
                        if i == *cursor { t.selected() } else { t.base() },
                    )
                })
                .collect();
            let foot = Some(keys_line(t, tr(L::OUTCOME_KEYS)));
            scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::OUTCOME_TITLE),
                    lines,
                    footer: foot,
                    scroll: 0,
                    alert: false,
                },
            );
        }
        Layer::StatePicker { cursor } => {
            let lines: Vec<Line> = crate::playbook::PublicState::ALL
                .iter()
                .enumerate()
                .map(|(i, st)| {
                    Line::styled(
                        format!("{} {}", if i == *cursor { "›" } else { " " }, st.word()),
                        if i == *cursor { t.selected() } else { t.base() },
                    )
                })
                .collect();
            let foot = Some(keys_line(t, tr(L::STATE_KEYS)));
            scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::STATE_TITLE),
                    lines,
                    footer: foot,
                    scroll: 0,
                    alert: false,
                },
            );
        }
        Layer::StatementPicker { cursor } => {
            let at_hand = app.statements_at_hand();
            let mut lines: Vec<Line> = at_hand
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let st = &l.statement;
                    Line::styled(
                        fit(
                            &format!(
                                "{} {} · {} · {} · {}",
                                if i == *cursor { "›" } else { " " },
                                clean(&st.id),
                                st.audience.word(),
                                st.channel.label(),
                                clean(&st.title)
                            ),
                            inner_width(area),
                        ),
                        if i == *cursor { t.selected() } else { t.base() },
                    )
                })
                .collect();
            if lines.is_empty() {
                lines.push(Line::from(tr(L::STATEMENTS_NONE)));
            } else if let Some(l) = at_hand.get(*cursor) {
                lines.push(Line::from(""));
                lines.push(Line::styled(clean(&l.statement.text), t.title()));
                let by: Vec<String> = l
                    .statement
                    .approved_by
                    .iter()
                    .map(|a| format!("{} ({})", clean(&a.name), clean(&a.role)))
                    .collect();
                lines.push(Line::styled(format!("✓ {}", by.join(", ")), t.muted()));
            }
            let foot = Some(keys_line(t, tr(L::STATEMENTS_KEYS)));
            scroll_popup(
                f,
                area,
                t,
                Popup {
                    title: tr(L::STATEMENTS_TITLE),
                    lines,
                    footer: foot,
                    scroll: 0,
                    alert: false,
                },
            );
        }
        Layer::Drafts { cursor } => drafts_list(app, f, area, *cursor),
        Layer::ApproveSet { cursor, chosen } => approve_set(app, f, area, *cursor, chosen),
        Layer::Input(_) | Layer::Composer(_) => editors(app, f, area),
    }
}

fn drafts_list(app: &App, f: &mut Frame, area: Rect, cursor: usize) {
    let t = app.theme;
    let lang = app.lang;
    let s = &app.inc.session;
    let w = inner_width(area).saturating_sub(1);
    let mut lines: Vec<Line> = s
        .drafts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let style = if i == cursor {
                t.selected()
            } else if d.is_open() {
                t.base()
            } else {
                t.muted()
            };
            Line::styled(
                format!(
                    "{}{}",
                    if i == cursor { "›" } else { " " },
                    draft_entry(s, d, lang, w)
                ),
                style,
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(L::DRAFTS_NONE.get(lang)));
    }
    // The picked draft's whole text under the list.
    if let Some(d) = s.drafts.get(cursor) {
        lines.push(Line::from(""));
        for l in neutralize(&d.text, true).split('\n') {
            lines.push(Line::styled(l.to_string(), t.title()));
        }
    }
    let foot = Some(keys_line(t, L::DRAFTS_KEYS_LIST.get(lang)));
    scroll_popup(
        f,
        area,
        t,
        Popup {
            title: L::DRAFTS_TITLE.get(lang),
            lines,
            footer: foot,
            scroll: cursor.saturating_sub(6) as u16,
            alert: false,
        },
    );
}

fn approve_set(app: &App, f: &mut Frame, area: Rect, cursor: usize, chosen: &[u32]) {
    let t = app.theme;
    let lang = app.lang;
    let s = &app.inc.session;
    let w = inner_width(area).saturating_sub(4);
    let units = s.open_units();
    let mut lines = vec![Line::from(L::APPROVE_HEAD.get(lang))];
    if units.is_empty() {
        lines.push(Line::from(L::APPROVE_NONE.get(lang)));
    }
    for (i, d) in units.iter().enumerate() {
        let mark = if chosen.contains(&d.number) {
            "[x]"
        } else {
            "[ ]"
        };
        lines.push(Line::styled(
            format!(
                "{}{mark} {}",
                if i == cursor { "›" } else { " " },
                draft_entry(s, d, lang, w)
            ),
            if i == cursor { t.selected() } else { t.base() },
        ));
    }
    // The exact text of every ticked draft (every part of a thread), as it will be approved.
    for n in chosen {
        for part in s.thread_of(*n).into_iter().filter(|d| d.is_open()) {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                format!("#{} · {}", part.number, part.channel.label()),
                t.muted(),
            ));
            for l in neutralize(&part.text, true).split('\n') {
                lines.push(Line::styled(l.to_string(), t.title()));
            }
        }
    }
    let title = format!(
        "{} · {}",
        L::APPROVE_TITLE.get(lang),
        clean(&app.approver_name())
    );
    let foot = Some(keys_line(t, L::APPROVE_KEYS.get(lang)));
    scroll_popup(
        f,
        area,
        t,
        Popup {
            title: &title,
            lines,
            footer: foot,
            scroll: 0,
            alert: false,
        },
    );
}

/// The one-line input and the draft composer.
fn editors(app: &mut App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let lang = app.lang;
    let vars = app.inc.session.playbook.variables.clone();
    let values = app.inc.session.variables.clone();
    let app_findings = match app.layers.last() {
        Some(Layer::Composer(c)) => app.inc.session.privacy_findings(&c.text()),
        _ => Vec::new(),
    };
    let export = matches!(
        app.layers.last(),
        Some(Layer::Input(ib)) if ib.purpose == super::app::InputPurpose::ExportPending
    );
    match app.layers.last_mut() {
        Some(Layer::Input(ib)) => {
            let w = area.width.saturating_sub(4).min(90);
            let r = centered(area, w, 5);
            clear(f, r);
            let block = popup_block(&clean(&ib.prompt), t, false);
            let inner = block.inner(r);
            f.render_widget(block, r);
            let [text_area, hint] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            ib.area.set_wrap_mode(WrapMode::WordOrGlyph);
            ib.area.set_cursor_style(t.selected());
            f.render_widget(&ib.area, text_area);
            let keys = if export {
                L::EXPORT_KEYS
            } else {
                L::INPUT_KEYS
            };
            f.render_widget(Paragraph::new(keys_line(t, keys.get(lang))), hint);
            place_cursor(f, &ib.area, text_area);
        }
        Some(Layer::Composer(c)) => {
            let w = area.width.saturating_sub(2).min(100);
            let h = area.height.saturating_sub(2).min(20);
            let r = centered(area, w, h);
            clear(f, r);
            let len = c.length();
            let limit = c.channel.limit();
            let counter = match limit {
                Some(l) => format!("{len}/{l}"),
                None => format!("{len} {}", L::CHARACTERS.get(lang)),
            };
            let over = limit.is_some_and(|l| len > l);
            let editing = c
                .editing
                .map(|n| format!(" · {} #{n}", L::EDITING.get(lang)))
                .unwrap_or_default();
            let title = format!(
                "{}{editing} · {} · {counter}{}",
                L::COMPOSER_TITLE.get(lang),
                c.channel.label(),
                if over {
                    format!(" · {}", L::OVER_LIMIT.get(lang))
                } else {
                    String::new()
                }
            );
            let text = c.text();
            // What would stay unfilled once saved (placeholders are filled in on saving).
            let unfilled =
                crate::engine::drafts::unfilled(&crate::playbook::template::render(&text, &values));
            let unfilled: Vec<String> = unfilled
                .into_iter()
                .filter(|n| vars.iter().any(|v| v.id == *n))
                .collect();
            let block = popup_block(&title, t, over || !unfilled.is_empty());
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
            let findings = if c.channel.is_public() {
                app_findings
            } else {
                Vec::new()
            };
            let iw = inner.width as usize;
            let status_line = if over {
                let parts = crate::text::split_thread(&text, limit.unwrap_or(280)).len();
                Line::styled(
                    fit(
                        &format!(
                            "✗ {} {} {parts}",
                            len - limit.unwrap_or(0),
                            L::SPLIT_HINT.get(lang)
                        ),
                        iw,
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
                    let m = neutralize(&c.to_string(), false);
                    if !marks.contains(&m) {
                        marks.push(m);
                    }
                }
                Line::styled(
                    fit(
                        &format!("⚠ {}: {}", L::HIDDEN_CHARS.get(lang), marks.join(" ")),
                        iw,
                    ),
                    t.warn(),
                )
            } else if !unfilled.is_empty() {
                let names: Vec<String> = unfilled.iter().map(|n| format!("{{{n}}}")).collect();
                Line::styled(
                    fit(
                        &format!(
                            "⚠ {}: {} — {}",
                            L::UNFILLED.get(lang),
                            names.join(", "),
                            L::SET_WITH_V.get(lang)
                        ),
                        iw,
                    ),
                    t.warn(),
                )
            } else if !findings.is_empty() {
                let kinds: Vec<&str> = findings.iter().map(String::as_str).collect();
                Line::styled(
                    fit(
                        &format!(
                            "⚠ {} ({}) — {}",
                            L::PERSONAL_DATA.get(lang),
                            kinds.join(", "),
                            L::MOVE_TO_DM.get(lang)
                        ),
                        iw,
                    ),
                    t.warn(),
                )
            } else {
                Line::styled(format!("✓ {}: {counter}", L::FITS.get(lang)), t.ok())
            };
            f.render_widget(Paragraph::new(status_line), status);
            f.render_widget(
                Paragraph::new(Line::styled(fit(L::COMPOSER_KEYS.get(lang), iw), t.muted())),
                hint,
            );
            place_cursor(f, &c.area, text_area);
        }
        _ => {}
    }
}

/// The notification, top right, over the step pane: it never takes a key (`Esc` dismisses it).
pub(crate) fn notice(app: &App, f: &mut Frame, area: Rect) {
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
