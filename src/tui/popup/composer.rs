//! The draft composer (`d`): the step's template filled in, the length against the channel's
//! limit, what would stay unfilled, hidden characters and personal data named; Ctrl+S saves,
//! Ctrl+P saves and posts, Ctrl+T saves and splits, Ctrl+Y copies, Ctrl+E opens $EDITOR, Esc
//! closes (the text kept).

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::{TextArea, WrapMode};

use crate::engine::Command;
use crate::playbook::{Channel, template};
use crate::text::{channel_length, neutralize};
use crate::tui::component::{Component, Reply};
use crate::tui::keymap::{Binding, bind, ctrl, help_rows, key};
use crate::tui::lang::{self as L, Lang, Msg};
use crate::tui::live::App;
use crate::tui::live::model::{Effect, NotDone};
use crate::tui::widgets::{
    Hint, centered, clear, fit, keys_footer, place_cursor, popup_block, textarea,
};

const HELP_SAVE: Msg = Msg {
    en: "save as a draft (logged with the full text); saving an edited draft voids its approval",
    ko: "초안으로 저장 (전문이 기록됨); 승인된 초안을 고쳐 저장하면 승인은 무효",
};
const HELP_POST: Msg = Msg {
    en: "save and post it (every rule is checked first)",
    ko: "저장하고 게시 (모든 규칙을 먼저 확인)",
};
const HELP_THREAD: Msg = Msg {
    en: "save and split into a numbered thread (when over the limit), approved and posted as one",
    ko: "저장하고 번호 붙은 스레드로 분할 (길이 초과 시), 한 묶음으로 승인·게시",
};
const HELP_COPY: Msg = Msg {
    en: "copy: into tmux's paste buffer inside tmux, else to the terminal's clipboard with OSC 52",
    ko: "복사: tmux 안이면 tmux 붙여넣기 버퍼로, 아니면 OSC 52로 터미널 클립보드에",
};
const HELP_EDITOR: Msg = Msg {
    en: "edit in $EDITOR",
    ko: "$EDITOR에서 편집",
};
const HELP_CLOSE: Msg = Msg {
    en: "close the composer (the text is kept until you open it again)",
    ko: "작성기 닫기 (다시 열 때까지 문안 보관)",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Save,
    Post,
    Thread,
    Copy,
    Editor,
    Close,
}

const KEYS: &[Binding<Act>] = &[
    bind("Ctrl+S", L::P_SAVE, HELP_SAVE, Act::Save, ctrl!('s')),
    bind("Ctrl+P", L::P_POST, HELP_POST, Act::Post, ctrl!('p')),
    bind("Ctrl+T", L::P_THREAD, HELP_THREAD, Act::Thread, ctrl!('t')),
    bind("Ctrl+Y", L::P_COPY, HELP_COPY, Act::Copy, ctrl!('y')),
    bind("Ctrl+E", L::P_EDITOR, HELP_EDITOR, Act::Editor, ctrl!('e')),
    bind(
        "Esc",
        L::P_CLOSE,
        HELP_CLOSE,
        Act::Close,
        key!(KeyCode::Esc),
    ),
];

/// The composer's keys, for the help screen.
pub fn help(lang: Lang) -> Vec<(&'static str, &'static str)> {
    help_rows(KEYS, lang)
}

/// The draft composer.
pub struct Composer {
    pub area: TextArea<'static>,
    pub channel: Channel,
    pub template: Option<String>,
    pub step: String,
    /// The draft being edited (saving replaces its text), or `None` for a new draft.
    pub editing: Option<u32>,
}

impl Composer {
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn length(&self) -> usize {
        channel_length(self.channel, &self.text())
    }

    /// Saves the text (a new draft, or the edit of the one being edited); then posts or splits
    /// it. Stays open when it was not saved.
    fn save(&mut self, then: Act, app: &mut App) -> Reply {
        let text = self.text();
        let saved = match self.editing {
            Some(draft) => {
                let unchanged = app.inc.session.draft(draft).is_some_and(|d| d.text == text);
                if unchanged {
                    Ok(())
                } else {
                    app.exec(Command::Edit {
                        draft,
                        text: text.clone(),
                    })
                }
                .map(|()| draft)
            }
            None => app
                .exec(Command::SaveDraft {
                    template: self.template.clone(),
                    text: Some(text.clone()),
                })
                .map(|()| app.inc.session.drafts.last().map_or(0, |d| d.number)),
        };
        match saved {
            Ok(n) => {
                app.kept_draft = None;
                match then {
                    Act::Post => app.post(n, false),
                    Act::Thread => {
                        let _ = app.exec(Command::Split { draft: n });
                    }
                    _ => {}
                }
                Reply::Close
            }
            // The draft is pending (kept, written on retry): the composer closes, its text
            // stays at hand for `d`.
            Err(NotDone::Pending) => {
                app.kept_draft = Some((self.step.clone(), text));
                Reply::Close
            }
            // Not saved: the composer stays open under the message.
            Err(_) => Reply::Stay,
        }
    }

    fn editor(&self) -> Effect {
        Effect::Editor {
            text: self.text(),
            channel: self.channel,
            template: self.template.clone(),
            step: self.step.clone(),
            editing: self.editing,
        }
    }
}

impl Component<App> for Composer {
    fn key(&mut self, k: KeyEvent, app: &mut App) -> Reply {
        let act = super::action(KEYS, &k);
        if !k.modifiers.contains(KeyModifiers::CONTROL) && act != Some(Act::Close) {
            self.area.input(k);
            return Reply::Stay;
        }
        match act {
            Some(Act::Close) => {
                if self.editing.is_none() {
                    app.kept_draft = Some((self.step.clone(), self.text()));
                    app.ok("composer closed; the text is kept (d reopens it)");
                } else {
                    app.ok("edit abandoned; the draft is unchanged");
                }
                Reply::Close
            }
            Some(a @ (Act::Save | Act::Post | Act::Thread)) => self.save(a, app),
            Some(Act::Copy) => {
                app.effects.push(Effect::Copy(self.text()));
                Reply::Stay
            }
            Some(Act::Editor) => {
                app.effects.push(self.editor());
                Reply::Close
            }
            None => {
                self.area.input(k);
                Reply::Stay
            }
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App) {
        draw_composer(self, f, area, app);
    }

    fn hints(&self, app: &App) -> Vec<Hint> {
        super::hints(KEYS, app.lang)
    }

    fn paste(&mut self, text: &str) -> bool {
        self.area.insert_str(text);
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl App {
    pub(crate) fn composer_for_step(&mut self, text: Option<String>) -> Composer {
        let s = &self.inc.session;
        let step = s.step();
        let tpl = step.drafts.first();
        let body = match (text, &self.kept_draft) {
            (Some(t), _) => t,
            (None, Some((sid, t))) if *sid == step.id => t.clone(),
            (None, _) => tpl
                .map(|t| template::render(&t.text, &s.variables))
                .unwrap_or_default(),
        };
        Composer {
            area: textarea(&body),
            channel: tpl.map(|t| t.channel).unwrap_or(Channel::Tweet),
            template: tpl.map(|t| t.id.clone()),
            step: step.id.clone(),
            editing: None,
        }
    }

    /// Opens the composer (with `text` when coming back from $EDITOR).
    pub fn open_composer(&mut self, text: Option<String>) {
        let c = self.composer_for_step(text);
        self.layers.push(c);
    }

    /// Reopens the composer on `text` after $EDITOR (on the draft being edited, if any).
    pub fn reopen_composer(&mut self, text: String, channel: Channel, editing: Option<u32>) {
        let mut c = self.composer_for_step(Some(text));
        c.channel = channel;
        c.editing = editing;
        self.layers.push(c);
    }
}

/// The composer's title: what it is, the channel, the length against the limit.
fn title(c: &Composer, lang: Lang) -> (String, bool) {
    let len = c.length();
    let limit = c.channel.limit();
    let counter = match limit {
        Some(l) => format!("{len}/{l}"),
        None => format!("{len} {}", L::CHARACTERS.get(lang)),
    };
    let over = limit.is_some_and(|l| len > l);
    let editing = c
        .editing
        .map(|n| format!(" · {} #{n}", L::EDITING.get(lang)))
        .unwrap_or_default();
    let title = format!(
        "{}{editing} · {} · {counter}{}",
        L::COMPOSER_TITLE.get(lang),
        c.channel.label(),
        if over {
            format!(" · {}", L::OVER_LIMIT.get(lang))
        } else {
            String::new()
        }
    );
    (title, over)
}

/// The placeholders that would stay unfilled once saved (they are filled in on saving) and
/// are the playbook's variables.
fn unfilled(c: &Composer, app: &App) -> Vec<String> {
    let s = &app.inc.session;
    crate::engine::drafts::unfilled(&template::render(&c.text(), &s.variables))
        .into_iter()
        .filter(|n| s.playbook.variables.iter().any(|v| v.id == *n))
        .collect()
}

/// The line under the text: over the limit, hidden characters, unfilled, personal data, or fits.
fn status_line(c: &Composer, app: &App, unfilled: &[String], iw: usize) -> Line<'static> {
    let t = app.theme;
    let lang = app.lang;
    let text = c.text();
    let len = c.length();
    let limit = c.channel.limit();
    let msg = |m: Msg| m.get(lang);
    if let Some(l) = limit.filter(|l| len > *l) {
        let parts = crate::text::split_thread(&text, l).len();
        let s = format!("✗ {} {} {parts}", len - l, msg(L::SPLIT_HINT));
        return Line::styled(fit(&s, iw), t.error());
    }
    if crate::text::has_hostile(&text) {
        // The text area draws control and invisible characters as nothing: name them.
        let mut marks: Vec<String> = Vec::new();
        for ch in text
            .chars()
            .filter(|&ch| crate::text::has_hostile(ch.encode_utf8(&mut [0; 4])))
        {
            let m = neutralize(&ch.to_string(), false);
            if !marks.contains(&m) {
                marks.push(m);
            }
        }
        let s = format!("⚠ {}: {}", msg(L::HIDDEN_CHARS), marks.join(" "));
        return Line::styled(fit(&s, iw), t.warn());
    }
    if !unfilled.is_empty() {
        let names: Vec<String> = unfilled.iter().map(|n| format!("{{{n}}}")).collect();
        let s = format!(
            "⚠ {}: {} — {}",
            msg(L::UNFILLED),
            names.join(", "),
            msg(L::SET_WITH_V)
        );
        return Line::styled(fit(&s, iw), t.warn());
    }
    let findings = if c.channel.is_public() {
        app.inc.session.privacy_findings(&text)
    } else {
        Vec::new()
    };
    if !findings.is_empty() {
        let kinds: Vec<&str> = findings.iter().map(String::as_str).collect();
        let s = format!(
            "⚠ {} ({}) — {}",
            msg(L::PERSONAL_DATA),
            kinds.join(", "),
            msg(L::MOVE_TO_DM)
        );
        return Line::styled(fit(&s, iw), t.warn());
    }
    let counter = match limit {
        Some(l) => format!("{len}/{l}"),
        None => format!("{len} {}", msg(L::CHARACTERS)),
    };
    Line::styled(format!("✓ {}: {counter}", msg(L::FITS)), t.ok())
}

fn draw_composer(c: &Composer, f: &mut Frame, area: Rect, app: &App) {
    let t = app.theme;
    let w = area.width.saturating_sub(2).min(100);
    let h = area.height.saturating_sub(2).min(20);
    let r = centered(area, w, h);
    clear(f, r);
    let (title, over) = title(c, app.lang);
    let unfilled = unfilled(c, app);
    let block = popup_block(&title, t, over || !unfilled.is_empty());
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [text_area, status, hint] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let mut ta = c.area.clone();
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_style(t.selected());
    ta.set_cursor_line_style(Style::default());
    f.render_widget(&ta, text_area);
    let iw = inner.width as usize;
    f.render_widget(Paragraph::new(status_line(c, app, &unfilled, iw)), status);
    let keys = keys_footer(t, &c.hints(app));
    let keys_text: String = keys.spans.iter().map(|s| s.content.as_ref()).collect();
    f.render_widget(
        Paragraph::new(Line::styled(fit(&keys_text, iw), t.muted())),
        hint,
    );
    place_cursor(f, &ta, text_area);
}
