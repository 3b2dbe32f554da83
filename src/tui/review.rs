//! The review screen's model and update (`warroom review LOG`): a scrollable timeline with the
//! date and time on every row, a kind filter (`f`), a search (`/`, `n`, `N`), a detail pane,
//! the time in each step and the deadlines (Tab), and one write: "add a review note" (`a`),
//! appended to the log as an event of its own, written before the screen shows it.
//!
//! The keymap table below drives dispatch, the hint bar and the help screen. Drawing is in
//! `review_view`; the terminal loop at the end of this file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};

use super::keymap::{key, plain};
use super::theme::Theme;
use crate::clock::{Clock, SystemClock};
use crate::engine::{Actor, Event, EventKind};
use crate::review::note::append_review_note;
use crate::review::{Analysis, Category};

/// What a key does on the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Filter,
    Search,
    Next,
    Previous,
    View,
    Note,
    Help,
    Quit,
}

/// One row of the review keymap.
pub type Binding = super::keymap::Binding<Action>;

/// The review keymap, as in less and vim.
/// The review screen speaks English only (its words are not in the live screen's table yet).
const fn english(s: &'static str) -> super::lang::Msg {
    super::lang::Msg { en: s, ko: s }
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: "↑↓/jk",
        hint: Some(english("move")),
        help: english("move through the timeline (or scroll the steps and deadlines)"),
        action: Action::Down,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Down | KeyCode::Char('j')),
    },
    Binding {
        keys: "↑/k",
        hint: None,
        help: english("move up"),
        action: Action::Up,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Up | KeyCode::Char('k')),
    },
    Binding {
        keys: "PgUp/PgDn",
        hint: Some(english("page")),
        help: english("a page up or down (also Ctrl+B / Ctrl+F, space)"),
        action: Action::PageDown,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: |k| {
            (plain(k) && matches!(k.code, KeyCode::PageDown | KeyCode::Char(' ')))
                || (k.modifiers == KeyModifiers::CONTROL && k.code == KeyCode::Char('f'))
        },
    },
    Binding {
        keys: "PgUp",
        hint: None,
        help: english("a page up"),
        action: Action::PageUp,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: |k| {
            (plain(k) && k.code == KeyCode::PageUp)
                || (k.modifiers == KeyModifiers::CONTROL && k.code == KeyCode::Char('b'))
        },
    },
    Binding {
        keys: "g/G",
        hint: Some(english("top/end")),
        help: english("the first or the last event (also Home / End)"),
        action: Action::Top,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Home | KeyCode::Char('g')),
    },
    Binding {
        keys: "G",
        hint: None,
        help: english("the last event"),
        action: Action::Bottom,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::End | KeyCode::Char('G')),
    },
    Binding {
        keys: "f",
        hint: Some(english("filter")),
        help: english(
            "cycle the kind filter: all, decisions, checklist, notes, drafts & posts, approvals, injects, deadline breaches, amendments",
        ),
        action: Action::Filter,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('f')),
    },
    Binding {
        keys: "/",
        hint: Some(english("search")),
        help: english("search the events' text (case-insensitive)"),
        action: Action::Search,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('/')),
    },
    Binding {
        keys: "n/N",
        hint: Some(english("next/prev")),
        help: english("the next or previous match of the search"),
        action: Action::Next,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('n')),
    },
    Binding {
        keys: "N",
        hint: None,
        help: english("the previous match"),
        action: Action::Previous,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('N')),
    },
    Binding {
        keys: "Tab",
        hint: Some(english("steps/deadlines")),
        help: english("switch between the timeline, the time in each step and the deadlines"),
        action: Action::View,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Tab),
    },
    Binding {
        keys: "a",
        hint: Some(english("add review note")),
        help: english(
            "add a review note: appended to the log as an event of its own (the only change review makes)",
        ),
        action: Action::Note,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('a')),
    },
    Binding {
        keys: "?",
        hint: Some(english("help")),
        help: english("this help"),
        action: Action::Help,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('?')),
    },
    Binding {
        keys: "q",
        hint: Some(english("quit")),
        help: english("quit (Esc closes a box first)"),
        action: Action::Quit,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches: key!(KeyCode::Char('q')),
    },
];

/// The action bound to a key, if any.
pub fn action_for(k: &KeyEvent) -> Option<Action> {
    KEYS.iter().find(|b| (b.matches)(k)).map(|b| b.action)
}

/// Which table the main pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Timeline,
    Steps,
    Deadlines,
}

/// A line being typed: the search or a review note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Search(String),
    Note(String),
}

/// The status line under the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// A log read for review, as the screen shows it (opened by `commands`, which also says how
/// to read it again).
pub struct ReviewData {
    pub events: Vec<Event>,
    /// What is wrong with the log, if anything: the review covers the events before it.
    pub log_problem: Option<String>,
    pub analysis: Analysis,
    /// Reads the log at a path again (after a review note, or when the log grew).
    pub reread: fn(&Path) -> Result<ReviewData, String>,
}

/// The review screen's state.
pub struct ReviewApp {
    pub path: PathBuf,
    pub actor: Actor,
    pub data: ReviewData,
    pub theme: Theme,
    pub filter: Option<Category>,
    /// Indices into `data.analysis.entries` that pass the filter.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First row of `visible` shown (kept by the view so the selection stays on screen).
    pub top: usize,
    pub view: View,
    /// Scroll of the steps and deadlines tables.
    pub table_scroll: usize,
    pub query: Option<String>,
    pub input: Option<Input>,
    pub help: bool,
    pub status: Option<Status>,
    pub quit: bool,
    /// Rows the timeline showed last frame (for paging).
    pub page: usize,
    /// The log's length when last read (to follow a log still being written).
    pub log_len: u64,
    /// Where review notes' times come from (a fixed clock in tests).
    pub clock: Box<dyn Clock>,
}

impl ReviewApp {
    pub fn new(path: &Path, data: impl Into<ReviewData>, actor: Actor, theme: Theme) -> ReviewApp {
        let data = data.into();
        let log_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let mut app = ReviewApp {
            path: path.to_path_buf(),
            actor,
            data,
            theme,
            filter: None,
            visible: Vec::new(),
            selected: 0,
            top: 0,
            view: View::Timeline,
            table_scroll: 0,
            query: None,
            input: None,
            help: false,
            status: None,
            quit: false,
            page: 10,
            log_len,
            clock: Box::new(SystemClock),
        };
        app.refilter(None);
        if let Some(p) = &app.data.log_problem {
            app.status = Some(Status {
                text: p.clone(),
                error: true,
            });
        }
        app
    }

    /// The selected entry's index into the analysis' entries.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// Recomputes the visible rows, keeping the selection on `keep_seq` (or the nearest event
    /// after it).
    fn refilter(&mut self, keep_seq: Option<u64>) {
        let entries = &self.data.analysis.entries;
        self.visible = (0..entries.len())
            .filter(|&i| self.filter.is_none_or(|f| f.admits(entries[i].category)))
            .collect();
        self.selected = match keep_seq {
            Some(seq) => self
                .visible
                .iter()
                .position(|&i| entries[i].seq >= seq)
                .unwrap_or(self.visible.len().saturating_sub(1)),
            None => 0,
        };
    }

    fn move_by(&mut self, delta: isize) {
        if self.view != View::Timeline {
            self.table_scroll = self.table_scroll.saturating_add_signed(delta);
            return;
        }
        let max = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(max);
    }

    /// The searchable text of an entry: its summary, who, and the event's full text.
    fn haystack(&self, idx: usize) -> String {
        let e = &self.data.analysis.entries[idx];
        let mut s = format!("{} {} {}", e.summary, e.actor, e.kind);
        if let Some(ev) = self.data.events.get(e.index) {
            match &ev.kind {
                EventKind::DraftSaved { text, .. }
                | EventKind::Posted { text, .. }
                | EventKind::Note { text }
                | EventKind::ReviewNote { text }
                | EventKind::Amended { text, .. }
                | EventKind::InjectDelivered { text, .. } => {
                    s.push(' ');
                    s.push_str(text);
                }
                _ => {}
            }
        }
        s.to_lowercase()
    }

    /// Selects the next (or previous) visible entry matching the query, wrapping around.
    fn find(&mut self, forward: bool) {
        let Some(q) = self.query.clone().filter(|q| !q.is_empty()) else {
            self.status = Some(Status {
                text: "no search yet: press / to search".into(),
                error: true,
            });
            return;
        };
        self.view = View::Timeline;
        let q = q.to_lowercase();
        let n = self.visible.len();
        for step in 1..=n {
            let pos = if forward {
                (self.selected + step) % n
            } else {
                (self.selected + n - step % n) % n
            };
            if self.haystack(self.visible[pos]).contains(&q) {
                let wrapped = if forward {
                    pos <= self.selected
                } else {
                    pos >= self.selected
                };
                self.selected = pos;
                let seq = self.data.analysis.entries[self.visible[pos]].seq;
                self.status = Some(Status {
                    text: format!(
                        "\"{}\" at #{seq}{}",
                        crate::text::neutralize(&q, false),
                        if wrapped { " (search wrapped)" } else { "" }
                    ),
                    error: false,
                });
                return;
            }
        }
        let hidden = self.filter.is_some()
            && (0..self.data.analysis.entries.len()).any(|i| self.haystack(i).contains(&q));
        self.status = Some(Status {
            text: format!(
                "\"{}\" not found{}",
                crate::text::neutralize(&q, false),
                if hidden {
                    " under this filter (press f until \"all\")"
                } else {
                    ""
                }
            ),
            error: true,
        });
    }

    /// Handles one key.
    pub fn key(&mut self, k: KeyEvent) {
        if let Some(input) = &mut self.input {
            let buf = match input {
                Input::Search(s) | Input::Note(s) => s,
            };
            match k.code {
                KeyCode::Esc => self.input = None,
                KeyCode::Enter => {
                    let done = self.input.take();
                    match done {
                        Some(Input::Search(q)) => {
                            if !q.is_empty() {
                                self.query = Some(q);
                            }
                            self.find(true);
                        }
                        Some(Input::Note(text)) => self.save_note(text),
                        None => {}
                    }
                }
                KeyCode::Backspace => {
                    buf.pop();
                }
                KeyCode::Char('u') if k.modifiers == KeyModifiers::CONTROL => buf.clear(),
                KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => buf.push(c),
                _ => {}
            }
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        if k.code == KeyCode::Esc {
            self.status = None;
            return;
        }
        self.status = None;
        let Some(action) = action_for(&k) else {
            return;
        };
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page.max(1) as isize)),
            Action::PageDown => self.move_by(self.page.max(1) as isize),
            Action::Top => {
                self.selected = 0;
                self.table_scroll = 0;
            }
            Action::Bottom => {
                self.selected = self.visible.len().saturating_sub(1);
                self.table_scroll = usize::MAX / 2;
            }
            Action::Filter => {
                let keep = self.current().map(|i| self.data.analysis.entries[i].seq);
                self.filter = Category::next_filter(self.filter);
                self.view = View::Timeline;
                self.refilter(keep);
                self.status = Some(Status {
                    text: format!(
                        "filter: {} ({} of {} events)",
                        self.filter.map(|c| c.label()).unwrap_or("all"),
                        self.visible.len(),
                        self.data.analysis.entries.len()
                    ),
                    error: false,
                });
            }
            Action::Search => self.input = Some(Input::Search(String::new())),
            Action::Next => self.find(true),
            Action::Previous => self.find(false),
            Action::View => {
                self.view = match self.view {
                    View::Timeline => View::Steps,
                    View::Steps => View::Deadlines,
                    View::Deadlines => View::Timeline,
                };
                self.table_scroll = 0;
            }
            Action::Note => self.input = Some(Input::Note(String::new())),
            Action::Help => self.help = true,
            Action::Quit => self.quit = true,
        }
    }

    /// Pasted text goes into the line being typed (newlines become spaces).
    pub fn paste(&mut self, s: &str) {
        if let Some(Input::Search(buf) | Input::Note(buf)) = &mut self.input {
            buf.push_str(&s.replace(['\r', '\n'], " "));
        }
    }

    /// Appends a review note to the log, then shows it. On failure the text is kept in the
    /// input line, so nothing typed is lost.
    fn save_note(&mut self, text: String) {
        if text.trim().is_empty() {
            self.status = Some(Status {
                text: "empty note: nothing added".into(),
                error: true,
            });
            return;
        }
        let now = self.clock.now();
        match append_review_note(&self.path, &self.actor, &text, now) {
            Ok(done) => {
                let seq = done.event.seq;
                let mut msg = format!("review note #{seq} added to the log");
                if let Some(copy) = &done.kept_torn_copy {
                    msg.push_str(&format!(
                        "; the torn last line was cut off first (kept in {})",
                        copy.display()
                    ));
                }
                self.reload();
                self.filter = None;
                self.refilter(Some(seq));
                self.status = Some(Status {
                    text: msg,
                    error: false,
                });
            }
            Err(e) => {
                self.input = Some(Input::Note(text));
                self.status = Some(Status {
                    text: format!("not added: {e}"),
                    error: true,
                });
            }
        }
    }

    /// Re-reads the log (after a note, or when it grew).
    fn reload(&mut self) {
        let keep = self.current().map(|i| self.data.analysis.entries[i].seq);
        match (self.data.reread)(&self.path) {
            Ok(d) => {
                self.data = d;
                self.log_len = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
                self.refilter(keep);
            }
            Err(e) => {
                self.status = Some(Status {
                    text: format!("cannot re-read the log: {e}"),
                    error: true,
                });
            }
        }
    }

    /// Once a second: follow a log that another warroom is still writing.
    pub fn tick(&mut self) -> bool {
        let len = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        if len == self.log_len {
            return false;
        }
        let at_end = self.selected + 1 >= self.visible.len();
        let before = self.data.analysis.entries.len();
        self.reload();
        let added = self.data.analysis.entries.len().saturating_sub(before);
        if added > 0 {
            if at_end {
                self.selected = self.visible.len().saturating_sub(1);
            }
            self.status = Some(Status {
                text: format!("{added} new event(s) in the log"),
                error: false,
            });
        }
        true
    }
}

/// Runs the review screen until `q` or a signal. Returns the exit code.
pub fn run_review(path: &Path, data: ReviewData, actor: Actor) -> i32 {
    if !super::need_terminal() {
        return 2;
    }
    let stop = super::install_handlers();
    let mut app = ReviewApp::new(path, data, actor, Theme::from_env());
    let result = {
        let _guard = super::Guard;
        let mut term = super::start_terminal();
        review_loop(&mut term, &mut app, &stop)
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("warroom review: terminal error: {e}");
            1
        }
    }
}

fn review_loop(
    term: &mut ratatui::DefaultTerminal,
    app: &mut ReviewApp,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    let mut dirty = true;
    let mut last = std::time::Instant::now();
    loop {
        if dirty {
            term.draw(|f| super::review_view::view(app, f))?;
            dirty = false;
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if let super::Input::HangUp = super::wait_for_input(Duration::from_secs(1)) {
            return Ok(());
        }
        while event::poll(Duration::ZERO)? {
            match event::read()? {
                TermEvent::Key(k) if k.kind == KeyEventKind::Press => app.key(k),
                TermEvent::Paste(s) => app.paste(&s),
                TermEvent::Resize(..) => {}
                _ => continue,
            }
            dirty = true;
            if app.quit {
                break;
            }
        }
        if last.elapsed() >= Duration::from_secs(1) {
            last = std::time::Instant::now();
            dirty |= app.tick();
        }
    }
}
