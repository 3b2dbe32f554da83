//! The `?` help and the step's whole guidance (`g`): scrollable text. Help is generated from
//! the keymap tables — the main screen's and the popups' — so it lists what the keys do.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, also, bind, help_rows, key};
use crate::tui::lang as L;
use crate::tui::live::App;
use crate::tui::live::keys::MAIN;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Hint, ScrollText, clean, keys_footer, max_scroll, scroll_popup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scroll {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Close,
}

const KEYS: &[Binding<Scroll>] = &[
    bind(
        "↑↓",
        L::P_SCROLL,
        L::P_SCROLL,
        Scroll::Down,
        key!(KeyCode::Down | KeyCode::Char('j')),
    ),
    also(
        "↑",
        L::P_SCROLL,
        Scroll::Up,
        key!(KeyCode::Up | KeyCode::Char('k')),
    ),
    bind(
        "PgUp/PgDn",
        L::P_PAGE,
        L::P_PAGE,
        Scroll::PageDown,
        key!(KeyCode::PageDown | KeyCode::Char(' ')),
    ),
    also("PgUp", L::P_PAGE, Scroll::PageUp, key!(KeyCode::PageUp)),
    bind(
        "Home/End",
        L::P_ENDS,
        L::P_ENDS,
        Scroll::Home,
        key!(KeyCode::Home),
    ),
    also("End", L::P_ENDS, Scroll::End, key!(KeyCode::End)),
    bind(
        "Esc",
        L::P_CLOSE,
        L::P_CLOSE,
        Scroll::Close,
        key!(KeyCode::Esc | KeyCode::Char('q')),
    ),
];

/// Scrolling text: its offset, and the key that opened it (which closes it too).
#[derive(Debug, Clone, Copy)]
struct Reader {
    scroll: u16,
    max: u16,
    closes: char,
}

impl Reader {
    fn key(&mut self, k: KeyEvent) -> Reply {
        if k.code == KeyCode::Char(self.closes) {
            return Reply::Close;
        }
        let s = self.scroll;
        self.scroll = match super::action(KEYS, &k) {
            Some(Scroll::Close) => return Reply::Close,
            Some(Scroll::Up) => s.saturating_sub(1),
            Some(Scroll::Down) => s.saturating_add(1),
            Some(Scroll::PageUp) => s.saturating_sub(10),
            Some(Scroll::PageDown) => s.saturating_add(10),
            Some(Scroll::Home) => 0,
            Some(Scroll::End) => u16::MAX,
            None => s,
        }
        .min(self.max);
        Reply::Stay
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, title: &str, lines: Vec<Line<'static>>) {
        let t = app.theme;
        let footer = Some(keys_footer(t, &super::hints(KEYS, app.lang)));
        scroll_popup(
            f,
            area,
            t,
            ScrollText {
                title,
                lines,
                footer,
                scroll: self.scroll,
                alert: false,
            },
        );
    }
}

/// The help screen: each key once, from the keymap tables.
pub struct Help {
    reader: Reader,
}

impl Default for Help {
    fn default() -> Help {
        Help {
            reader: Reader {
                scroll: 0,
                max: u16::MAX,
                closes: '?',
            },
        }
    }
}

/// The help screen's lines.
fn help_lines(app: &App, t: Theme) -> Vec<Line<'static>> {
    let lang = app.lang;
    let row = |k: &str, h: &str| {
        Line::from(vec![
            Span::styled(format!("{k:>10}  "), t.key()),
            Span::raw(h.to_string()),
        ])
    };
    let mut lines = vec![Line::styled(L::HELP_MAIN.get(lang), t.title())];
    for (k, h) in help_rows(MAIN, lang) {
        lines.push(row(k, h));
    }
    lines.push(row("A–Z", L::K_HOTKEY.get(lang)));
    lines.push(row("Ctrl+L", L::K_REDRAW.get(lang)));
    lines.push(Line::styled(L::HELP_LISTS.get(lang), t.title()));
    for (k, h) in super::drafts::help(lang)
        .into_iter()
        .chain(super::approve::help(lang))
    {
        lines.push(row(k, h));
    }
    lines.push(Line::styled(L::HELP_COMPOSER.get(lang), t.title()));
    for (k, h) in super::composer::help(lang) {
        lines.push(row(k, h));
    }
    lines.push(Line::styled(L::HELP_FOOT.get(lang), t.muted()));
    lines
}

impl Component<App> for Help {
    fn key(&mut self, k: KeyEvent, _app: &mut App) -> Reply {
        self.reader.key(k)
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let lines = help_lines(app, app.theme);
        self.reader
            .draw(f, area, app, L::HELP_TITLE.get(app.lang), lines);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(KEYS, app.lang)
    }

    fn layout(&mut self, area: Rect, app: &App) {
        self.reader.max = max_scroll(area, help_lines(app, app.theme), true);
        self.reader.scroll = self.reader.scroll.min(self.reader.max);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The step's whole guidance.
pub struct Guidance {
    reader: Reader,
}

impl Default for Guidance {
    fn default() -> Guidance {
        Guidance {
            reader: Reader {
                scroll: 0,
                max: u16::MAX,
                closes: 'g',
            },
        }
    }
}

fn guidance_lines(app: &App) -> Vec<Line<'static>> {
    crate::text::neutralize(&app.inc.session.step().guidance, true)
        .split('\n')
        .map(|l| Line::from(l.to_string()))
        .collect()
}

impl Component<App> for Guidance {
    fn key(&mut self, k: KeyEvent, _app: &mut App) -> Reply {
        self.reader.key(k)
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let title = format!(
            "{} · {}",
            L::GUIDANCE_TITLE.get(app.lang),
            clean(&app.inc.session.step().title)
        );
        self.reader.draw(f, area, app, &title, guidance_lines(app));
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(KEYS, app.lang)
    }

    fn layout(&mut self, area: Rect, app: &App) {
        self.reader.max = max_scroll(area, guidance_lines(app), true);
        self.reader.scroll = self.reader.scroll.min(self.reader.max);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
