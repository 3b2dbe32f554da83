//! A rule said no, and the person may override it: moving on with required checklist items
//! unticked, or posting a draft a rule refused (or setting the variable it left unfilled).

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::input::InputPurpose;
use crate::engine::Command;
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, bind, key};
use crate::tui::lang as L;
use crate::tui::live::App;
use crate::tui::widgets::{Hint, clean, keys_footer, muted_line, text_popup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Force {
    Anyway,
    SetVariable,
    No,
}

const CHOICE_KEYS: &[Binding<Force>] = &[
    bind(
        "f",
        L::P_FORCE_ON,
        L::P_FORCE_ON,
        Force::Anyway,
        key!(KeyCode::Char('f' | 'F')),
    ),
    bind(
        "Esc",
        L::P_STAY_TICK,
        L::P_STAY_TICK,
        Force::No,
        key!(KeyCode::Esc | KeyCode::Char('n')),
    ),
];

/// A choice refused because required items are unticked.
pub struct ForceChoice {
    pub choice: String,
    /// The unticked required items' text.
    pub missing: Vec<String>,
}

impl Component<App> for ForceChoice {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        match super::action(CHOICE_KEYS, &k) {
            Some(Force::Anyway) => {
                let cmd = Command::Choose {
                    choice: self.choice.clone(),
                    force: true,
                };
                if app.exec(cmd).is_ok() {
                    app.cursor = 0;
                }
                Reply::Close
            }
            Some(_) => {
                app.ok("stayed; tick the required items first");
                Reply::Close
            }
            None => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let mut lines = vec![Line::from(L::REQUIRED_TEXT.get(app.lang))];
        for m in &self.missing {
            lines.push(Line::styled(format!("  [!] {}", clean(m)), t.warn()));
        }
        lines.push(Line::from(""));
        lines.push(keys_footer(t, &self.hints(app)));
        text_popup(f, area, t, L::REQUIRED_TITLE.get(app.lang), lines);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(CHOICE_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

const POST_KEYS: &[Binding<Force>] = &[
    bind(
        "f",
        L::P_POST_ANYWAY,
        L::P_POST_ANYWAY,
        Force::Anyway,
        key!(KeyCode::Char('f' | 'F')),
    ),
    bind(
        "v",
        L::P_SET_UNFILLED,
        L::P_SET_UNFILLED,
        Force::SetVariable,
        key!(KeyCode::Char('v')),
    ),
    bind(
        "Esc",
        L::P_DONT_POST,
        L::P_DONT_POST,
        Force::No,
        key!(KeyCode::Esc | KeyCode::Char('n')),
    ),
];

/// A post refused by a rule: why, and the ways on (force it; set an unfilled variable).
pub struct ForcePost {
    pub draft: u32,
    pub reason: String,
    /// Unfilled placeholders that are the playbook's variables (offered to set).
    pub unfilled: Vec<String>,
}

impl Component<App> for ForcePost {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        match super::action(POST_KEYS, &k) {
            Some(Force::Anyway) => app.post(self.draft, true),
            Some(Force::SetVariable) if !self.unfilled.is_empty() => {
                let name = self.unfilled[0].clone();
                let purpose = InputPurpose::FillVariable {
                    name: name.clone(),
                    draft: self.draft,
                };
                app.ask_variable(purpose, &name);
            }
            Some(Force::No) => app.ok("not posted"),
            _ => return Reply::Stay,
        }
        Reply::Close
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let mut lines = vec![Line::from(clean(&self.reason)), Line::from("")];
        if let Some(v) = self.unfilled.first() {
            lines.push(muted_line(
                t,
                &format!("{} {{{}}}", L::SET_VAR_KEY.get(app.lang), clean(v)),
            ));
        }
        lines.push(keys_footer(t, &self.hints(app)));
        text_popup(f, area, t, L::NOT_POSTED_TITLE.get(app.lang), lines);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        let mut h = super::hints(POST_KEYS, app.lang);
        if self.unfilled.is_empty() {
            h.retain(|(k, _)| *k != "v");
        }
        h
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
