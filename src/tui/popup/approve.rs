//! At an approval step (`a`): the open drafts, the ones to approve ticked, with the exact text
//! of every ticked one (every part of a thread) — approved as one decision.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::drafts::draft_entry;
use crate::text::neutralize;
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, also, bind, help_rows, key};
use crate::tui::lang::{self as L, Lang};
use crate::tui::live::App;
use crate::tui::widgets::{Hint, ScrollText, clean, inner_width, keys_footer, scroll_popup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Up,
    Down,
    Tick,
    Approve,
    Cancel,
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
        "space",
        L::P_TICK,
        L::P_TICK,
        Act::Tick,
        key!(KeyCode::Char(' ')),
    ),
    bind(
        "Enter",
        L::P_APPROVE,
        L::P_APPROVE,
        Act::Approve,
        key!(KeyCode::Enter),
    ),
    bind(
        "Esc",
        L::P_CANCEL,
        L::P_CANCEL,
        Act::Cancel,
        key!(KeyCode::Esc),
    ),
];

/// The approval popup's keys, for the help screen.
pub fn help(lang: Lang) -> Vec<(&'static str, &'static str)> {
    help_rows(KEYS, lang)
}

/// The drafts to approve as one decision.
pub struct ApproveSet {
    pub cursor: usize,
    pub chosen: Vec<u32>,
}

impl Component<App> for ApproveSet {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        let units: Vec<u32> = app
            .inc
            .session
            .open_units()
            .iter()
            .map(|d| d.number)
            .collect();
        match super::action(KEYS, &k) {
            Some(Act::Cancel) => {
                app.ok("not approved");
                return Reply::Close;
            }
            Some(Act::Up) => self.cursor = super::step(self.cursor, false, units.len()),
            Some(Act::Down) => self.cursor = super::step(self.cursor, true, units.len()),
            Some(Act::Tick) => {
                if let Some(&n) = units.get(self.cursor) {
                    if let Some(i) = self.chosen.iter().position(|c| *c == n) {
                        self.chosen.remove(i);
                    } else {
                        self.chosen.push(n);
                    }
                }
            }
            Some(Act::Approve) => {
                if self.chosen.is_empty() && !units.is_empty() {
                    app.fail("tick the drafts to approve (space)");
                } else {
                    let mut chosen = std::mem::take(&mut self.chosen);
                    chosen.sort_unstable();
                    app.approve(chosen);
                    return Reply::Close;
                }
            }
            None => {}
        }
        Reply::Stay
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
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
            let mark = if self.chosen.contains(&d.number) {
                "[x]"
            } else {
                "[ ]"
            };
            lines.push(Line::styled(
                format!(
                    "{}{mark} {}",
                    if i == self.cursor { "›" } else { " " },
                    draft_entry(s, d, lang, w)
                ),
                if i == self.cursor {
                    t.selected()
                } else {
                    t.base()
                },
            ));
        }
        // The exact text of every ticked draft (every part of a thread), as it will be approved.
        for n in &self.chosen {
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
        scroll_popup(
            f,
            area,
            t,
            ScrollText {
                title: &title,
                lines,
                footer: Some(keys_footer(t, &self.hints(app))),
                scroll: 0,
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
