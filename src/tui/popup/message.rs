//! Messages that ask nothing: a plain message (any key closes it), and the log failure (what
//! happened and what is pending; `t` retries, `w` writes the pending events elsewhere).

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, any, bind, key};
use crate::tui::lang as L;
use crate::tui::live::App;
use crate::tui::widgets::{Hint, clean, keys_footer, text_popup};

const ANY_KEY: &[Binding<()>] = &[bind("any key", L::P_ANY_CLOSES, L::P_ANY_CLOSES, (), any)];

/// A message; any key closes it.
pub struct Message {
    pub title: String,
    pub text: String,
}

impl Component<App> for Message {
    fn key(&mut self, _k: KeyEvent, _app: &mut App) -> Reply {
        Reply::Close
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let mut lines: Vec<Line> = self.text.lines().map(|l| Line::from(clean(l))).collect();
        lines.push(keys_footer(t, &self.hints(app)));
        text_popup(f, area, t, &self.title, lines);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(ANY_KEY, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnFailure {
    Retry,
    Export,
    Close,
}

const FAILURE_KEYS: &[Binding<OnFailure>] = &[
    bind(
        "t",
        L::P_RETRY,
        L::P_RETRY,
        OnFailure::Retry,
        key!(KeyCode::Char('t')),
    ),
    bind(
        "w",
        L::P_WRITE_ELSEWHERE,
        L::P_WRITE_ELSEWHERE,
        OnFailure::Export,
        key!(KeyCode::Char('w')),
    ),
    bind(
        "other keys",
        L::P_ANY_CLOSES,
        L::P_ANY_CLOSES,
        OnFailure::Close,
        any,
    ),
];

/// The log could not be written: the error, what is pending, the keys.
pub struct LogFailure {
    pub text: String,
}

impl Component<App> for LogFailure {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        match super::action(FAILURE_KEYS, &k) {
            Some(OnFailure::Retry) if !app.retry_pending() => Reply::Stay,
            Some(OnFailure::Export) => {
                app.ask_export();
                Reply::Close
            }
            _ => Reply::Close,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let mut lines: Vec<Line> = self.text.lines().map(|l| Line::from(clean(l))).collect();
        lines.push(Line::from(""));
        for (k, h) in self.hints(app) {
            lines.push(Line::from(format!("{k}  {h}")));
        }
        text_popup(f, area, t, L::LOG_FAILURE_TITLE.get(app.lang), lines);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(FAILURE_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
