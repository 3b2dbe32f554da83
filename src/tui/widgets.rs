//! Drawing helpers both screens share: width-exact cutting and wrapping (Hangul is two
//! columns), popup frames and scrolling text, the one-line text input, the one hint bar and
//! the one status line.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use ratatui_textarea::{TextArea, WrapMode};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::text::neutralize;

/// The smallest usable screen.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;

/// Clean text for the screen (no control characters can reach the terminal).
pub fn clean(s: &str) -> String {
    neutralize(s, false)
}

/// Clean text that keeps its line breaks.
pub fn clean_multiline(s: &str) -> String {
    neutralize(s, true)
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

/// Splits text into rows of at most `w` columns, continuation rows indented by `indent`.
pub fn wrap_rows(text: &str, w: usize, indent: usize) -> Vec<String> {
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

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A popup's frame: rounded, or double and in the warning colour for an alert.
pub fn popup_block(title: &str, t: Theme, alert: bool) -> Block<'static> {
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
pub fn clear(f: &mut Frame, r: Rect) {
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
pub fn wrap_lines(lines: Vec<Line<'static>>, inner_w: usize) -> Vec<Line<'static>> {
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
pub struct ScrollText<'a> {
    pub title: &'a str,
    pub lines: Vec<Line<'static>>,
    /// A line that always shows under the text (the keys).
    pub footer: Option<Line<'static>>,
    pub scroll: u16,
    pub alert: bool,
}

/// The width of a scroll popup on a screen of `area`.
fn popup_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).clamp(10, 90)
}

/// The width of a scroll popup's text on a screen of `area`.
pub fn inner_width(area: Rect) -> usize {
    popup_width(area).saturating_sub(2) as usize
}

/// The furthest a scroll popup of `lines` (with a footer or not) scrolls on a screen of `area`.
pub fn max_scroll(area: Rect, lines: Vec<Line<'static>>, footer: bool) -> u16 {
    let inner_w = inner_width(area).max(1);
    let rows = wrap_lines(lines, inner_w).len() as u16;
    let foot_h = u16::from(footer);
    let want = rows + 2 + foot_h;
    let body = want.min(area.height).saturating_sub(2 + foot_h);
    rows.saturating_sub(body)
}

/// A popup of text lines, centred; `scroll` rows scrolled (shown clamped so the end stays in
/// view), with a footer line that always shows.
pub fn scroll_popup(f: &mut Frame, area: Rect, t: Theme, p: ScrollText<'_>) {
    let ScrollText {
        title,
        lines,
        footer,
        scroll,
        alert,
    } = p;
    let w = popup_width(area);
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
}

/// An alert popup of text lines (no scrolling, no footer).
pub fn text_popup(f: &mut Frame, area: Rect, t: Theme, title: &str, lines: Vec<Line<'static>>) {
    scroll_popup(
        f,
        area,
        t,
        ScrollText {
            title,
            lines,
            footer: None,
            scroll: 0,
            alert: true,
        },
    );
}

/// Puts the terminal cursor at the text area's caret (so an IME composes in the right place).
pub fn place_cursor(f: &mut Frame, ta: &TextArea, area: Rect) {
    let sc = ta.screen_cursor();
    let (top, left) = ta.scroll_offset();
    let x = area.x as usize + sc.col.saturating_sub(left as usize);
    let y = area.y as usize + sc.row.saturating_sub(top as usize);
    if x < (area.x + area.width) as usize && y < (area.y + area.height) as usize {
        f.set_cursor_position(Position::new(x as u16, y as u16));
    }
}

/// A muted line of text (a popup's keys).
pub fn muted_line(t: Theme, text: &str) -> Line<'static> {
    Line::styled(text.to_string(), t.muted())
}

/// A text area holding `text`, the caret at its end.
pub fn textarea(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_string).collect()
    };
    let mut t = TextArea::new(lines);
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// A one-line text input (the live screen's inputs and the review screen's search and note).
pub struct LineInput {
    pub area: TextArea<'static>,
    /// Characters typed since the last frame, inserted in one go before the next is drawn
    /// ([`LineInput::flush`]): the text area measures its whole line on every insert, so
    /// inserting key by key was quadratic in the text's length.
    pub typed: String,
}

impl LineInput {
    pub fn new(initial: &str) -> LineInput {
        let mut area = textarea(initial);
        area.set_cursor_line_style(Style::default());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        LineInput {
            area,
            typed: String::new(),
        }
    }

    /// Inserts what was typed since the last frame.
    pub fn flush(&mut self) {
        if !self.typed.is_empty() {
            let typed = std::mem::take(&mut self.typed);
            self.area.insert_str(typed);
        }
    }

    /// A key that edits the line (Enter and Esc are the caller's).
    pub fn key(&mut self, k: KeyEvent) {
        let plain = k.modifiers.difference(KeyModifiers::SHIFT).is_empty();
        if let (ratatui::crossterm::event::KeyCode::Char(c), true) = (k.code, plain) {
            self.typed.push(c);
        } else {
            self.flush();
            self.area.input(k);
        }
    }

    /// Pasted text, newlines as spaces.
    pub fn paste(&mut self, text: &str) {
        self.flush();
        self.area.insert_str(text.replace(['\n', '\r'], " "));
    }

    /// The text area with what was typed since the last frame in it.
    fn current(&self) -> TextArea<'static> {
        let mut area = self.area.clone();
        if !self.typed.is_empty() {
            area.insert_str(&self.typed);
        }
        area
    }

    /// The text, characters typed since the last frame included.
    pub fn text(&self) -> String {
        if self.typed.is_empty() {
            return self.area.lines().join(" ");
        }
        self.current().lines().join(" ")
    }

    /// Draws the line (the text area) in `r`, the terminal cursor at the caret.
    pub fn draw(&self, f: &mut Frame, r: Rect, t: Theme) {
        let mut area = self.current();
        area.set_cursor_style(t.selected());
        f.render_widget(&area, r);
        place_cursor(f, &area, r);
    }
}

/// A line at the bottom: what just happened, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    /// A mark drawn instead of `✓`/`✗` for news that is neither (an inject arriving `⇣`,
    /// one not delivered `–`).
    pub mark: Option<&'static str>,
}

impl Status {
    pub fn ok(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: false,
            mark: None,
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: true,
            mark: None,
        }
    }

    /// News marked `mark` (see [`crate::engine::EventKind::mark`]), drawn in the inject
    /// style; not a failure.
    pub fn marked(mark: &'static str, text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: false,
            mark: Some(mark),
        }
    }

    /// The line as drawn, `w` columns wide: `✓ text`, `✗ text`, or the mark and the text.
    pub fn line(&self, t: Theme, w: usize) -> Line<'static> {
        match (self.mark, self.error) {
            (Some(m), _) => Line::styled(fit(&format!("{m} {}", self.text), w), t.inject()),
            (None, true) => Line::styled(fit(&format!("✗ {}", self.text), w), t.error()),
            (None, false) => Line::styled(fit(&format!("✓ {}", self.text), w), t.ok()),
        }
    }
}

/// The title without the badge's word when it starts with it (a drill's title is
/// `EXERCISE — …` and the badge already says EXERCISE): the word shows once.
pub fn badge_free_title<'a>(title: &'a str, badge: &str) -> &'a str {
    let Some(rest) = title.strip_prefix(badge) else {
        return title;
    };
    let rest = rest.trim_start();
    match rest.strip_prefix(['—', '-', ':', '·']) {
        Some(r) if !r.trim().is_empty() => r.trim_start(),
        _ => title,
    }
}

/// A hint: how the key is shown, and its word.
pub type Hint = (&'static str, &'static str);

/// Lays `hints` out in at most `max_rows` rows of `w` columns; once out of room, keys only.
pub fn hint_rows(hints: &[Hint], w: usize, max_rows: usize) -> Vec<Vec<Hint>> {
    let mut rows: Vec<Vec<Hint>> = vec![Vec::new()];
    let mut used = 0;
    for &(k, h) in hints {
        let cell = k.width() + h.width() + 3;
        if used + cell > w && !rows[rows.len() - 1].is_empty() {
            if rows.len() == max_rows {
                rows[max_rows - 1].push((k, ""));
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

/// The hint bar: keys in the key style, each with its word.
pub fn hint_bar(f: &mut Frame, area: Rect, t: Theme, rows: Vec<Vec<Hint>>) {
    let lines: Vec<Line> = rows
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

/// A popup's footer: its keys and words on one line (`Ctrl+` shortened to `^`).
pub fn keys_footer(t: Theme, hints: &[Hint]) -> Line<'static> {
    let parts: Vec<String> = hints
        .iter()
        .map(|(k, h)| format!("{} {h}", k.replace("Ctrl+", "^")))
        .collect();
    Line::styled(parts.join(" · "), t.muted())
}
