//! Lists to pick one from: a variable to set, the outcome to close with, the public state, a
//! holding statement to draft from. `↑↓`/`jk` move, Enter takes it, Esc cancels.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::input::InputPurpose;
use crate::engine::Command;
use crate::playbook::{Outcome, PublicState};
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, also, bind, key};
use crate::tui::lang::{self as L, Msg};
use crate::tui::live::App;
use crate::tui::widgets::{Hint, ScrollText, clean, fit, inner_width, keys_footer, scroll_popup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Up,
    Down,
    Take,
    Cancel,
}

/// A picker's table, with the words for Enter and Esc.
macro_rules! picker_keys {
    ($name:ident, $enter:expr, $esc:expr) => {
        const $name: &[Binding<Pick>] = &[
            bind(
                "↑↓",
                L::P_CHOOSE,
                L::P_CHOOSE,
                Pick::Down,
                key!(KeyCode::Down | KeyCode::Char('j')),
            ),
            also(
                "↑",
                L::P_CHOOSE,
                Pick::Up,
                key!(KeyCode::Up | KeyCode::Char('k')),
            ),
            bind("Enter", $enter, $enter, Pick::Take, key!(KeyCode::Enter)),
            bind("Esc", $esc, $esc, Pick::Cancel, key!(KeyCode::Esc)),
        ];
    };
}

picker_keys!(VAR_KEYS, L::P_EDIT_VAR, L::P_CLOSE);
picker_keys!(OUTCOME_KEYS, L::P_NEXT, L::P_CANCEL);
picker_keys!(STATE_KEYS, L::P_SET_STATE, L::P_CANCEL);
picker_keys!(STATEMENT_KEYS, L::P_DRAFT_IT, L::P_CANCEL);

/// Moves `cursor` in a list of `len`, or says the list is done with (taken or cancelled).
fn pick(
    table: &'static [Binding<Pick>],
    k: &KeyEvent,
    cursor: &mut usize,
    len: usize,
) -> Option<Pick> {
    let a = super::action(table, k);
    match a {
        Some(Pick::Up) => *cursor = super::step(*cursor, false, len),
        Some(Pick::Down) => *cursor = super::step(*cursor, true, len),
        _ => {}
    }
    a
}

/// A picker's frame: the rows, the footer, scrolled to keep the cursor in view.
fn draw_list(
    f: &mut Frame,
    area: Rect,
    app: &App,
    title: Msg,
    lines: Vec<Line<'static>>,
    hints: &[Hint],
    scroll: usize,
) {
    let t = app.theme;
    scroll_popup(
        f,
        area,
        t,
        ScrollText {
            title: title.get(app.lang),
            lines,
            footer: Some(keys_footer(t, hints)),
            scroll: scroll as u16,
            alert: false,
        },
    );
}

fn marked(i: usize, cursor: usize, text: String, app: &App) -> Line<'static> {
    let t = app.theme;
    Line::styled(
        format!("{} {text}", if i == cursor { "›" } else { " " }),
        if i == cursor { t.selected() } else { t.base() },
    )
}

/// The playbook's variables with their values: Enter edits one.
#[derive(Default)]
pub struct VarPicker {
    pub cursor: usize,
}

impl Component<App> for VarPicker {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        let n = app.inc.session.playbook.variables.len();
        match pick(VAR_KEYS, &k, &mut self.cursor, n) {
            Some(Pick::Take) => {
                if let Some(v) = app.inc.session.playbook.variables.get(self.cursor) {
                    let id = v.id.clone();
                    app.ask_variable(InputPurpose::Variable(id.clone()), &id);
                }
                Reply::Close
            }
            Some(Pick::Cancel) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
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
                    .unwrap_or_else(|| L::NOT_SET.get(app.lang).into());
                let l = format!("{} {{{}}} = {val}", clean(&v.label), clean(&v.id));
                Line::styled(
                    fit(&l, 86),
                    if i == self.cursor {
                        t.selected()
                    } else {
                        t.base()
                    },
                )
            })
            .collect();
        let hints = self.hints(app);
        draw_list(
            f,
            area,
            app,
            L::VARIABLES_TITLE,
            lines,
            &hints,
            self.cursor.saturating_sub(5),
        );
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(VAR_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The outcome to close the incident with (when the step does not say).
#[derive(Default)]
pub struct OutcomePicker {
    pub cursor: usize,
}

impl Component<App> for OutcomePicker {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        match pick(OUTCOME_KEYS, &k, &mut self.cursor, Outcome::ALL.len()) {
            Some(Pick::Take) => {
                let o = Outcome::ALL[self.cursor.min(Outcome::ALL.len() - 1)];
                app.input(
                    InputPurpose::CloseSummary(o),
                    &format!("Close as {} — one-line summary (optional):", o.word()),
                    "",
                );
                Reply::Close
            }
            Some(Pick::Cancel) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let lines = Outcome::ALL
            .iter()
            .enumerate()
            .map(|(i, o)| marked(i, self.cursor, o.word().to_string(), app))
            .collect();
        draw_list(f, area, app, L::OUTCOME_TITLE, lines, &self.hints(app), 0);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(OUTCOME_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The public state to set (logged).
pub struct StatePicker {
    pub cursor: usize,
}

impl StatePicker {
    /// Opens on the state after the current one (the usual next step).
    pub fn new(
        current: Option<(PublicState, chrono::DateTime<chrono::FixedOffset>)>,
    ) -> StatePicker {
        let all = PublicState::ALL;
        let cursor = current
            .and_then(|(st, _)| all.iter().position(|x| *x == st))
            .map_or(0, |i| (i + 1).min(all.len() - 1));
        StatePicker { cursor }
    }
}

impl Component<App> for StatePicker {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        let all = PublicState::ALL;
        match pick(STATE_KEYS, &k, &mut self.cursor, all.len()) {
            Some(Pick::Take) => {
                let state = all[self.cursor.min(all.len() - 1)];
                let _ = app.exec(Command::SetPublicState { state });
                Reply::Close
            }
            Some(Pick::Cancel) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let lines = PublicState::ALL
            .iter()
            .enumerate()
            .map(|(i, st)| marked(i, self.cursor, st.word().to_string(), app))
            .collect();
        draw_list(f, area, app, L::STATE_TITLE, lines, &self.hints(app), 0);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(STATE_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A holding statement (in the playbook's language) to draft from.
#[derive(Default)]
pub struct StatementPicker {
    pub cursor: usize,
}

impl Component<App> for StatementPicker {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        let ids: Vec<String> = app
            .statements_at_hand()
            .iter()
            .map(|l| l.statement.id.clone())
            .collect();
        match pick(STATEMENT_KEYS, &k, &mut self.cursor, ids.len()) {
            Some(Pick::Take) => {
                if let Some(id) = ids.get(self.cursor) {
                    let _ = app.exec(Command::UseStatement { id: id.clone() });
                }
                Reply::Close
            }
            Some(Pick::Cancel) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let at_hand = app.statements_at_hand();
        let mut lines: Vec<Line> = at_hand
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let st = &l.statement;
                let text = format!(
                    "{} · {} · {} · {}",
                    clean(&st.id),
                    st.audience.word(),
                    st.channel.label(),
                    clean(&st.title)
                );
                marked(
                    i,
                    self.cursor,
                    fit(&text, inner_width(area).saturating_sub(2)),
                    app,
                )
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(L::STATEMENTS_NONE.get(app.lang)));
        } else if let Some(l) = at_hand.get(self.cursor) {
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
        draw_list(
            f,
            area,
            app,
            L::STATEMENTS_TITLE,
            lines,
            &self.hints(app),
            0,
        );
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(STATEMENT_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
