//! The controller screen's popups, each a component with its own keys: the confirmation (skip
//! an inject, end the drill), the controller's note, the ad-hoc inject form and the help.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Controller;
use crate::drill::AdHoc;
use crate::scenario::FeedChannel;
use crate::tui::component::{Component, Reply};
use crate::tui::lang::Lang;
use crate::tui::widgets::{
    Hint, LineInput, ScrollText, centered, clean, clear, fit, keys_footer, muted_line, popup_block,
    scroll_popup,
};

/// What a confirmation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmWhat {
    /// Skip this inject of the selected team.
    Skip(String),
    /// End the drill (every team's) and quit.
    End,
}

/// A yes/no question: `y` or Enter does it, `n` or Esc does not.
pub struct Confirm {
    pub what: ConfirmWhat,
}

impl Confirm {
    pub fn new(what: ConfirmWhat) -> Confirm {
        Confirm { what }
    }
}

const CONFIRM_HINTS: &[Hint] = &[("y/Enter", "yes"), ("n/Esc", "no")];

impl Component<Controller> for Confirm {
    fn key(&mut self, k: KeyEvent, c: &mut Controller) -> Reply {
        match k.code {
            KeyCode::Char('y') | KeyCode::Enter => {
                match &self.what {
                    ConfirmWhat::Skip(id) => c.skip(id),
                    ConfirmWhat::End => c.end_and_quit(),
                }
                Reply::Close
            }
            KeyCode::Char('n') | KeyCode::Esc => {
                c.ok("cancelled");
                Reply::Close
            }
            _ => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, c: &Controller) {
        let question = match &self.what {
            ConfirmWhat::Skip(id) => format!(
                "Skip inject \"{}\"? The players never see it; the log records it as skipped by the controller.",
                crate::tui::widgets::clean(id)
            ),
            ConfirmWhat::End => {
                "End the drill now and quit? The score is taken as it stands.".to_string()
            }
        };
        scroll_popup(
            f,
            area,
            c.theme,
            ScrollText {
                title: "Confirm",
                lines: vec![Line::from(question)],
                footer: Some(keys_footer(c.theme, CONFIRM_HINTS)),
                scroll: 0,
                alert: true,
            },
        );
    }

    fn hints(&self, _c: &Controller) -> Vec<Hint> {
        CONFIRM_HINTS.to_vec()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

const INPUT_HINTS: &[Hint] = &[("Enter", "record"), ("Esc", "cancel")];

/// The controller's note (kept from the players' screens).
#[derive(Default)]
pub struct NoteInput {
    line: Option<LineInput>,
}

impl NoteInput {
    fn line(&mut self) -> &mut LineInput {
        self.line.get_or_insert_with(|| LineInput::new(""))
    }
}

impl Component<Controller> for NoteInput {
    fn key(&mut self, k: KeyEvent, c: &mut Controller) -> Reply {
        match k.code {
            KeyCode::Esc => {
                c.ok("cancelled");
                Reply::Close
            }
            KeyCode::Enter => {
                let line = self.line();
                line.flush();
                if c.note(&line.text()) {
                    Reply::Close
                } else {
                    Reply::Stay
                }
            }
            _ => {
                self.line().key(k);
                Reply::Stay
            }
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, c: &Controller) {
        let r = centered(area, area.width.saturating_sub(4).min(90), 5);
        clear(f, r);
        let block = popup_block("Controller's note (players do not see it)", c.theme, false);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let [text, foot] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        f.render_widget(Paragraph::new(keys_footer(c.theme, INPUT_HINTS)), foot);
        if let Some(l) = &self.line {
            l.draw(f, text, c.theme);
        }
    }

    fn hints(&self, _c: &Controller) -> Vec<Hint> {
        INPUT_HINTS.to_vec()
    }

    fn paste(&mut self, text: &str) -> bool {
        self.line().paste(text);
        true
    }

    fn layout(&mut self, _area: Rect, _c: &Controller) {
        self.line().flush();
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The ad-hoc inject form: channel (←→ among [`FeedChannel::ALL`]), from (a persona id or a
/// name), the text, and whether it needs an acknowledgement.
pub struct AdHocForm {
    /// To every team.
    pub all: bool,
    pub channel: usize,
    pub from: LineInput,
    pub text: LineInput,
    pub ack: bool,
    /// The field with focus: 0 channel, 1 from, 2 text, 3 acknowledgement.
    pub field: usize,
}

const FORM_HINTS: &[Hint] = &[
    ("Tab/↑↓", "field"),
    ("←→", "channel"),
    ("space", "ack"),
    ("Enter", "send"),
    ("Esc", "cancel"),
];

impl AdHocForm {
    pub fn new(all: bool) -> AdHocForm {
        AdHocForm {
            all,
            channel: 0,
            from: LineInput::new(""),
            text: LineInput::new(""),
            ack: false,
            field: 1,
        }
    }

    fn inject(&mut self) -> AdHoc {
        self.from.flush();
        self.text.flush();
        AdHoc {
            channel: FeedChannel::ALL[self.channel % FeedChannel::ALL.len()],
            from: self.from.text(),
            text: self.text.text(),
            ack: self.ack,
        }
    }

    /// A key on the field with focus.
    fn edit(&mut self, k: KeyEvent) {
        let n = FeedChannel::ALL.len();
        match (self.field, k.code) {
            (0, KeyCode::Left) => self.channel = (self.channel + n - 1) % n,
            (0, KeyCode::Right | KeyCode::Char(' ')) => self.channel = (self.channel + 1) % n,
            (1, _) => self.from.key(k),
            (2, _) => self.text.key(k),
            (3, KeyCode::Char(' ' | 'y' | 'n') | KeyCode::Left | KeyCode::Right) => {
                self.ack = !self.ack
            }
            _ => {}
        }
    }
}

impl Component<Controller> for AdHocForm {
    fn key(&mut self, k: KeyEvent, c: &mut Controller) -> Reply {
        let back = k.code == KeyCode::BackTab
            || k.code == KeyCode::Up
            || (k.code == KeyCode::Tab && k.modifiers.contains(KeyModifiers::SHIFT));
        match k.code {
            KeyCode::Esc => {
                c.ok("cancelled");
                return Reply::Close;
            }
            KeyCode::Enter => {
                let a = self.inject();
                return if c.adhoc(&a, self.all) {
                    Reply::Close
                } else {
                    Reply::Stay
                };
            }
            _ if back => self.field = (self.field + 3) % 4,
            KeyCode::Tab | KeyCode::Down => self.field = (self.field + 1) % 4,
            _ => self.edit(k),
        }
        Reply::Stay
    }

    fn draw(&self, f: &mut Frame, area: Rect, c: &Controller) {
        let t = c.theme;
        let r = centered(area, area.width.saturating_sub(4).min(90), 8);
        clear(f, r);
        let title = if self.all {
            "Ad-hoc inject to every team"
        } else {
            "Ad-hoc inject"
        };
        let block = popup_block(title, t, false);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let rows = Layout::vertical([Constraint::Length(1); 6]).split(inner);
        let label = |i: usize, name: &str| {
            let mark = if self.field == i { "▸ " } else { "  " };
            let style = if self.field == i {
                t.focus()
            } else {
                t.muted()
            };
            Span::styled(format!("{mark}{name:<8}"), style)
        };
        let ch = FeedChannel::ALL[self.channel % FeedChannel::ALL.len()].label();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                label(0, "channel"),
                Span::raw(format!("◂ {ch} ▸")),
            ])),
            rows[0],
        );
        let ack = if self.ack { "[x] yes" } else { "[ ] no" };
        f.render_widget(Paragraph::new(Line::from(label(1, "from"))), rows[1]);
        f.render_widget(Paragraph::new(Line::from(label(2, "text"))), rows[2]);
        f.render_widget(
            Paragraph::new(Line::from(vec![label(3, "ack"), Span::raw(ack)])),
            rows[3],
        );
        let ids: Vec<String> = c.current().map_or_else(Vec::new, |team| {
            let sc = team.run.scenario();
            sc.personas.iter().map(|p| clean(&p.id)).collect()
        });
        let from_hint = format!("from: a persona id ({}) or a name", ids.join(", "));
        f.render_widget(
            Paragraph::new(muted_line(t, &fit(&from_hint, rows[4].width as usize))),
            rows[4],
        );
        f.render_widget(Paragraph::new(keys_footer(t, FORM_HINTS)), rows[5]);
        for (i, line) in [(1, &self.from), (2, &self.text)] {
            let row = rows[i];
            let x = row.x.saturating_add(10).min(row.right());
            let field = Rect::new(x, row.y, row.right().saturating_sub(x), row.height);
            if self.field == i {
                line.draw(f, field, t);
            } else {
                f.render_widget(Paragraph::new(line.text()), field);
            }
        }
    }

    fn hints(&self, _c: &Controller) -> Vec<Hint> {
        FORM_HINTS.to_vec()
    }

    fn paste(&mut self, text: &str) -> bool {
        match self.field {
            1 => self.from.paste(text),
            2 => self.text.paste(text),
            _ => return false,
        }
        true
    }

    fn layout(&mut self, _area: Rect, _c: &Controller) {
        self.from.flush();
        self.text.flush();
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The help: every key once, from the key table.
#[derive(Default)]
pub struct Help;

const HELP_HINTS: &[Hint] = &[("Esc/?", "close")];

impl Component<Controller> for Help {
    fn key(&mut self, k: KeyEvent, _c: &mut Controller) -> Reply {
        match k.code {
            KeyCode::Esc | KeyCode::Char('?' | 'q') => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, c: &Controller) {
        let t = c.theme;
        let mut lines = vec![Line::styled("The controller's keys", t.title())];
        for (k, h) in super::keys::help_rows(c, Lang::En) {
            lines.push(Line::from(vec![
                Span::styled(format!("{k:>6}  "), t.key()),
                Span::raw(h),
            ]));
        }
        lines.push(muted_line(
            t,
            "Players join this drill's log with `warroom join LOG`; nothing on this screen reaches theirs.",
        ));
        scroll_popup(
            f,
            area,
            t,
            ScrollText {
                title: "Help",
                lines,
                footer: Some(keys_footer(t, HELP_HINTS)),
                scroll: 0,
                alert: false,
            },
        );
    }

    fn hints(&self, _c: &Controller) -> Vec<Hint> {
        HELP_HINTS.to_vec()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
