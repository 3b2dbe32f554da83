//! A one-line input: a note, a variable's value, a reason, a name, a file to write the
//! pending events to. What Enter does depends on what it is for ([`InputPurpose`]).

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use super::confirm::ConfirmClose;
use crate::engine::Command;
use crate::playbook::Outcome;
use crate::text::neutralize;
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, bind, key};
use crate::tui::lang as L;
use crate::tui::live::App;
use crate::tui::live::model::NotDone;
use crate::tui::widgets::{Hint, LineInput, centered, clean, clear, keys_footer, popup_block};

/// What a one-line input is for.
#[derive(Debug, Clone, PartialEq)]
pub enum InputPurpose {
    Note,
    Variable(String),
    RejectReason,
    /// The reason is given; who rejected (the operator is not in the approving role).
    RejectBy {
        reason: String,
    },
    /// Who approved these drafts (the operator is not in the approving role).
    ApproveBy {
        drafts: Vec<u32>,
    },
    /// Who signed a draft off in `role` (the operator is not in that role).
    SignBy {
        draft: u32,
        role: String,
    },
    /// Which draft answered a mention of the feed.
    AnsweredBy {
        mention: String,
    },
    /// Set a variable a draft left unfilled, then fill it into that draft.
    FillVariable {
        name: String,
        draft: u32,
    },
    CloseSummary(Outcome),
    /// Where to write the pending events.
    ExportPending,
    /// A reply to a drill's inject (its id).
    Reply(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Submit,
    Cancel,
}

const KEYS: &[Binding<Act>] = &[
    bind(
        "Enter",
        L::P_RECORD,
        L::P_RECORD,
        Act::Submit,
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

/// Writing the pending events elsewhere: Enter writes a copy, not to the log.
const EXPORT_KEYS: &[Binding<Act>] = &[
    bind(
        "Enter",
        L::P_WRITE_COPY,
        L::P_WRITE_COPY,
        Act::Submit,
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

/// A one-line text input popup.
pub struct InputBox {
    pub purpose: InputPurpose,
    pub prompt: String,
    pub line: LineInput,
}

impl InputBox {
    fn table(&self) -> &'static [Binding<Act>] {
        if self.purpose == InputPurpose::ExportPending {
            EXPORT_KEYS
        } else {
            KEYS
        }
    }
}

impl Component<App> for InputBox {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        match super::action(self.table(), &k) {
            Some(Act::Cancel) => {
                app.ok("cancelled");
                Reply::Close
            }
            Some(Act::Submit) => {
                self.line.flush();
                let text = self.line.text();
                if app.submit_input(&self.purpose, text) {
                    Reply::Stay
                } else {
                    Reply::Close
                }
            }
            None => {
                self.line.key(k);
                Reply::Stay
            }
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        let t = app.theme;
        let w = area.width.saturating_sub(4).min(90);
        let r = centered(area, w, 5);
        clear(f, r);
        let block = popup_block(&clean(&self.prompt), t, false);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let [text_area, hint] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        f.render_widget(Paragraph::new(keys_footer(t, &self.hints(app))), hint);
        self.line.draw(f, text_area, t);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(self.table(), app.lang)
    }

    fn paste(&mut self, text: &str) -> bool {
        self.line.paste(text);
        true
    }

    fn layout(&mut self, _area: Rect, _app: &App) {
        self.line.flush();
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl App {
    /// Opens a one-line input for `purpose`, starting from `initial`.
    pub(crate) fn input(&mut self, purpose: InputPurpose, prompt: &str, initial: &str) {
        self.layers.push(InputBox {
            purpose,
            prompt: prompt.to_string(),
            line: LineInput::new(initial),
        });
    }

    /// Opens the input for variable `id` (with its current value) for `purpose`.
    pub(crate) fn ask_variable(&mut self, purpose: InputPurpose, id: &str) {
        let s = &self.inc.session;
        let label = s
            .playbook
            .variable(id)
            .map(|v| v.label.clone())
            .unwrap_or_default();
        let cur = s.variables.get(id).cloned().unwrap_or_default();
        self.input(purpose, &format!("{label} {{{id}}}:"), &cur);
    }

    /// Acts on the text of an input for `purpose`. True when the input should stay open (the
    /// command was not recorded: the text typed is kept in the box, under the message).
    fn submit_input(&mut self, purpose: &InputPurpose, text: String) -> bool {
        let cmd = match purpose.clone() {
            InputPurpose::Note => Command::Note { text },
            InputPurpose::Variable(name) => Command::Set { name, value: text },
            InputPurpose::FillVariable { name, draft } => {
                if self.exec(Command::Set { name, value: text }).is_ok()
                    && let Some(d) = self.inc.session.draft(draft)
                {
                    // The saved text still has the placeholder: fill it in (an edit).
                    let text = d.text.clone();
                    if self.exec(Command::Edit { draft, text }).is_ok() {
                        self.post(draft, false);
                    }
                }
                return false;
            }
            InputPurpose::RejectReason => {
                if !self.in_approving_role() {
                    let role = self.approver_name();
                    self.input(
                        InputPurpose::RejectBy { reason: text },
                        &format!("Rejected by (name of the {role} who rejected):"),
                        "",
                    );
                    return false;
                }
                Command::Reject {
                    by: None,
                    reason: text,
                }
            }
            InputPurpose::RejectBy { reason } => {
                if text.trim().is_empty() {
                    self.fail("a rejection needs the name of who rejected");
                    return false;
                }
                Command::Reject {
                    by: Some(text),
                    reason,
                }
            }
            InputPurpose::AnsweredBy { mention } => {
                match text.trim().trim_start_matches('#').parse::<u32>() {
                    Ok(n) => {
                        let now = self.clock_now();
                        crate::tui::live::feed::record_action(
                            self,
                            &mention,
                            &crate::intake::triage::Action::AnsweredBy(n),
                            now,
                        );
                    }
                    Err(_) => self.fail(format!(
                        "{:?} is not a draft number",
                        neutralize(&text, false)
                    )),
                }
                return false;
            }
            InputPurpose::SignBy { draft, role } => {
                if text.trim().is_empty() {
                    self.fail("a sign-off needs the signer's name");
                    return false;
                }
                Command::SignOff {
                    draft,
                    by: Some(text),
                    role: Some(role),
                }
            }
            InputPurpose::ApproveBy { drafts } => {
                if text.trim().is_empty() {
                    self.fail("approval needs the approver's name");
                    return false;
                }
                Command::Approve {
                    by: Some(text),
                    drafts,
                }
            }
            InputPurpose::CloseSummary(outcome) => {
                self.layers.push(ConfirmClose {
                    outcome,
                    summary: text,
                });
                return false;
            }
            InputPurpose::ExportPending => {
                self.export_pending(&text);
                return false;
            }
            InputPurpose::Reply(inject) => return !self.reply(&inject, &text),
        };
        match self.exec(cmd) {
            Ok(()) => {
                self.cursor = 0;
                false
            }
            // Not recorded: the text typed is kept in the box, under the message.
            Err(NotDone::NotRecorded) => true,
            Err(_) => false,
        }
    }
}
