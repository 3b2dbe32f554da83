//! The drafts list (`l`): every draft with its state, thread and sign-off chain; the picked
//! one's whole text under the list. Pick one to post, edit, sign off, copy, split or discard.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::engine::{Command, Draft, DraftState, Session};
use crate::text::neutralize;
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, also, bind, help_rows, key};
use crate::tui::lang::{self as L, Lang};
use crate::tui::live::App;
use crate::tui::live::model::Effect;
use crate::tui::widgets::{Hint, ScrollText, clean, fit, inner_width, keys_footer, scroll_popup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Up,
    Down,
    Post,
    Edit,
    Sign,
    Copy,
    Split,
    Discard,
    Close,
}

const KEYS: &[Binding<Act>] = &[
    bind(
        "↑↓",
        L::P_PICK,
        L::P_PICK,
        Act::Down,
        key!(KeyCode::Down | KeyCode::Char('j')),
    ),
    also(
        "↑",
        L::P_PICK,
        Act::Up,
        key!(KeyCode::Up | KeyCode::Char('k')),
    ),
    bind(
        "p",
        L::P_POST,
        L::P_POST,
        Act::Post,
        key!(KeyCode::Char('p') | KeyCode::Enter),
    ),
    bind(
        "e",
        L::P_EDIT,
        L::P_EDIT,
        Act::Edit,
        key!(KeyCode::Char('e')),
    ),
    bind(
        "s",
        L::P_SIGN,
        L::P_SIGN,
        Act::Sign,
        key!(KeyCode::Char('s')),
    ),
    bind(
        "y",
        L::P_COPY,
        L::P_COPY,
        Act::Copy,
        key!(KeyCode::Char('y')),
    ),
    bind(
        "t",
        L::P_SPLIT,
        L::P_SPLIT,
        Act::Split,
        key!(KeyCode::Char('t')),
    ),
    bind(
        "x",
        L::P_DISCARD,
        L::P_DISCARD,
        Act::Discard,
        key!(KeyCode::Char('x')),
    ),
    bind(
        "Esc",
        L::P_CLOSE,
        L::P_CLOSE,
        Act::Close,
        key!(KeyCode::Esc | KeyCode::Char('q' | 'l')),
    ),
];

/// The drafts list's keys, for the help screen.
pub fn help(lang: Lang) -> Vec<(&'static str, &'static str)> {
    help_rows(KEYS, lang)
}

/// The drafts list.
pub struct DraftsList {
    pub cursor: usize,
}

impl DraftsList {
    pub fn at(cursor: usize) -> DraftsList {
        DraftsList { cursor }
    }
}

impl Component<App> for DraftsList {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        let n = app.inc.session.drafts.len();
        let picked = app.inc.session.drafts.get(self.cursor).map(|d| d.number);
        match (super::action(KEYS, &k), picked) {
            (Some(Act::Close), _) => return Reply::Close,
            (Some(Act::Up), _) => self.cursor = super::step(self.cursor, false, n),
            (Some(Act::Down), _) => self.cursor = super::step(self.cursor, true, n),
            // The list stays under any question the post raises.
            (Some(Act::Post), Some(d)) => app.post(d, false),
            (Some(Act::Edit), Some(d)) => {
                if let Some(dr) = app.inc.session.draft(d) {
                    let (text, channel) = (dr.text.clone(), dr.channel);
                    app.reopen_composer(text, channel, Some(d));
                }
                return Reply::Close;
            }
            (Some(Act::Copy), Some(d)) => {
                if let Some(dr) = app.inc.session.draft(d) {
                    app.effects.push(Effect::Copy(dr.text.clone()));
                }
            }
            (Some(Act::Split), Some(d)) => {
                let _ = app.exec(Command::Split { draft: d });
            }
            // Asking who signed: the input is on top, and the list closes.
            (Some(Act::Sign), Some(d)) if app.sign(d) => return Reply::Close,
            (Some(Act::Discard), Some(d)) => {
                let _ = app.exec(Command::Discard {
                    draft: d,
                    reason: "discarded from the drafts list".into(),
                });
            }
            _ => {}
        }
        Reply::Stay
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let lang = app.lang;
        let s = &app.inc.session;
        let w = inner_width(area).saturating_sub(1);
        let cursor = self.cursor;
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
                let mark = if i == cursor { "›" } else { " " };
                Line::styled(format!("{mark}{}", draft_entry(s, d, lang, w)), style)
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
        scroll_popup(
            f,
            area,
            t,
            ScrollText {
                title: L::DRAFTS_TITLE.get(lang),
                lines,
                footer: Some(keys_footer(t, &self.hints(app))),
                scroll: cursor.saturating_sub(6) as u16,
                alert: false,
            },
        );
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
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
