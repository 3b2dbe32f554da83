//! Questions before something final: quitting (the resume command shown, pending events
//! warned about) and closing the incident (the outcome spelled out; only `y` closes).

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::engine::Command;
use crate::playbook::Outcome;
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, any, bind, key};
use crate::tui::lang as L;
use crate::tui::live::App;
use crate::tui::widgets::{Hint, ScrollText, clean, keys_footer, scroll_popup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Yes,
    No,
    /// Quit a drill and end it (its score final).
    End,
}

const QUIT_KEYS: &[Binding<Answer>] = &[
    bind(
        "y",
        L::P_QUIT,
        L::P_QUIT,
        Answer::Yes,
        key!(KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter),
    ),
    bind("n/Esc", L::P_STAY, L::P_STAY, Answer::No, any),
];

/// In a drill the quit dialog can also end the drill.
const QUIT_DRILL_KEYS: &[Binding<Answer>] = &[
    bind(
        "y",
        L::P_QUIT_DRILL,
        L::P_QUIT_DRILL,
        Answer::Yes,
        key!(KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter),
    ),
    bind(
        "e",
        L::P_END_DRILL,
        L::P_END_DRILL,
        Answer::End,
        key!(KeyCode::Char('e' | 'E')),
    ),
    bind("n/Esc", L::P_STAY, L::P_STAY, Answer::No, any),
];

fn quit_keys(app: &App) -> &'static [Binding<Answer>] {
    if app.drill.is_some() {
        QUIT_DRILL_KEYS
    } else {
        QUIT_KEYS
    }
}

/// "Quit warroom?": the log is complete; how to continue.
pub struct ConfirmQuit;

impl Component<App> for ConfirmQuit {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        match super::action(quit_keys(app), &k) {
            // Quitting leaves a drill as it is: `warroom resume` picks it up from its log.
            Some(Answer::Yes) => app.quit = true,
            Some(Answer::End) => {
                app.end_drill();
                app.quit = true;
            }
            _ => {}
        }
        Reply::Close
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let tr = |m: L::Msg| m.get(app.lang);
        let path = app.inc.log_path().display().to_string();
        let mut lines = vec![
            Line::from(tr(L::QUIT_COMPLETE).replace("{n}", &app.inc.session.seq.to_string())),
            Line::styled(clean(&path), t.title()),
        ];
        if app.drill.is_some() {
            // Quitting ends a drill, and a drill log is not resumed: its report is what follows.
            lines.push(Line::from(tr(L::QUIT_DRILL)));
            lines.push(Line::styled(
                format!("  warroom report {}", clean(&path)),
                t.key(),
            ));
        } else {
            lines.push(Line::from(if app.inc.session.closed.is_some() {
                tr(L::QUIT_CLOSED)
            } else {
                tr(L::QUIT_OPEN)
            }));
            lines.push(Line::styled(
                format!(
                    "  warroom {} {}{}",
                    app.continue_verb,
                    clean(&path),
                    clean(&app.resume_args)
                ),
                t.key(),
            ));
        }
        lines.push(Line::from(""));
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
        lines.push(keys_footer(t, &self.hints(app)));
        scroll_popup(
            f,
            area,
            t,
            ScrollText {
                title: tr(L::QUIT_TITLE),
                lines,
                footer: None,
                scroll: 0,
                alert: false,
            },
        );
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(quit_keys(app), app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

const CLOSE_KEYS: &[Binding<Answer>] = &[
    // Only `y`: Enter (a slip from the summary box) or any other key keeps it open.
    bind(
        "y",
        L::P_CLOSE_INCIDENT,
        L::P_CLOSE_INCIDENT,
        Answer::Yes,
        key!(KeyCode::Char('y' | 'Y')),
    ),
    bind(
        "other keys",
        L::P_KEEP_OPEN,
        L::P_KEEP_OPEN,
        Answer::No,
        any,
    ),
];

/// "Close the incident?", with the outcome and the drafts left unposted.
pub struct ConfirmClose {
    pub outcome: Outcome,
    pub summary: String,
}

impl Component<App> for ConfirmClose {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        if super::action(CLOSE_KEYS, &k) == Some(Answer::Yes) {
            let cmd = Command::Close {
                outcome: Some(self.outcome),
                summary: std::mem::take(&mut self.summary),
            };
            if app.exec(cmd).is_ok() {
                app.cursor = 0;
            }
        } else {
            app.ok("not closed: the incident stays open");
        }
        Reply::Close
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let tr = |m: L::Msg| m.get(app.lang);
        let s = &app.inc.session;
        let mut lines = vec![
            Line::from(tr(L::CONFIRM_CLOSE_AS)),
            Line::styled(format!("  {}", self.outcome.word()), t.warn()),
        ];
        if !self.summary.trim().is_empty() {
            lines.push(Line::from(format!("  “{}”", clean(&self.summary))));
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
        lines.push(keys_footer(t, &self.hints(app)));
        scroll_popup(
            f,
            area,
            t,
            ScrollText {
                title: tr(L::CONFIRM_CLOSE_TITLE),
                lines,
                footer: None,
                scroll: 0,
                alert: true,
            },
        );
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(CLOSE_KEYS, app.lang)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
