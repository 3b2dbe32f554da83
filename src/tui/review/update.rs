//! The review screen's update: keys (the keymap, the line being typed), the search, the one
//! write — a review note appended to the log before the screen shows it — and following a log
//! that is still growing. Also the layout step before each frame (the selection kept in view).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, action_for};
use super::model::{Purpose, ReviewApp, View};
use crate::review::Category;
use crate::review::note::append_review_note;
use crate::tui::widgets::{LineInput, Status};

impl ReviewApp {
    pub(crate) fn move_by(&mut self, delta: isize) {
        if self.view != View::Timeline {
            self.table_scroll = self.table_scroll.saturating_add_signed(delta);
            return;
        }
        let max = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(max);
    }

    /// Selects the next (or previous) visible entry matching the query, wrapping around.
    fn find(&mut self, forward: bool) {
        let Some(q) = self.query.clone().filter(|q| !q.is_empty()) else {
            self.status = Some(Status::error("no search yet: press / to search"));
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
                self.status = Some(Status::ok(format!(
                    "\"{}\" at #{seq}{}",
                    crate::text::neutralize(&q, false),
                    if wrapped { " (search wrapped)" } else { "" }
                )));
                return;
            }
        }
        let hidden = self.filter.is_some()
            && (0..self.data.analysis.entries.len()).any(|i| self.haystack(i).contains(&q));
        self.status = Some(Status::error(format!(
            "\"{}\" not found{}",
            crate::text::neutralize(&q, false),
            if hidden {
                " under this filter (press f until \"all\")"
            } else {
                ""
            }
        )));
    }

    /// Handles one key.
    pub fn key(&mut self, k: KeyEvent) {
        if let Some((purpose, mut line)) = self.line.take() {
            match k.code {
                KeyCode::Esc => self.marking = None,
                KeyCode::Enter => {
                    line.flush();
                    let text = line.text();
                    match purpose {
                        Purpose::Search => {
                            if !text.is_empty() {
                                self.query = Some(text);
                            }
                            self.find(true);
                        }
                        Purpose::Note => self.save_note(text),
                        Purpose::Finding(field) => self.finding_answer(field, text),
                    }
                }
                _ => {
                    line.key(k);
                    self.line = Some((purpose, line));
                }
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
                self.status = Some(Status::ok(format!(
                    "filter: {} ({} of {} events)",
                    self.filter.map(|c| c.label()).unwrap_or("all"),
                    self.visible.len(),
                    self.data.analysis.entries.len()
                )));
            }
            Action::Search => self.line = Some((Purpose::Search, LineInput::new(""))),
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
            Action::Note => self.line = Some((Purpose::Note, LineInput::new(""))),
            Action::Finding => self.start_finding(),
            Action::Help => self.help = true,
            Action::Quit => self.quit = true,
        }
    }

    /// Pasted text goes into the line being typed (newlines become spaces).
    pub fn paste(&mut self, s: &str) {
        if let Some((_, line)) = &mut self.line {
            line.paste(s);
        }
    }

    /// Appends a review note to the log, then shows it. On failure the text is kept in the
    /// input line, so nothing typed is lost.
    fn save_note(&mut self, text: String) {
        if text.trim().is_empty() {
            self.status = Some(Status::error("empty note: nothing added"));
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
                self.status = Some(Status::ok(msg));
            }
            Err(e) => {
                self.line = Some((Purpose::Note, LineInput::new(&text)));
                self.status = Some(Status::error(format!("not added: {e}")));
            }
        }
    }

    /// Re-reads the log (after a note, or when it grew).
    pub(super) fn reload(&mut self) {
        let keep = self.current().map(|i| self.data.analysis.entries[i].seq);
        match (self.data.reread)(&self.path) {
            Ok(d) => {
                self.data = d;
                self.log_len = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
                self.refilter(keep);
            }
            Err(e) => {
                self.status = Some(Status::error(format!("cannot re-read the log: {e}")));
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
            self.status = Some(Status::ok(format!("{added} new event(s) in the log")));
        }
        true
    }

    /// Before a frame of `area`: the page is the list's height, the selection stays in view,
    /// the tables' scroll within their end.
    pub fn layout(&mut self, area: ratatui::layout::Rect) {
        let inner = super::view::list_inner(self, area);
        let h = inner.height as usize;
        self.page = h.saturating_sub(1).max(1);
        let w = inner.width as usize;
        match self.view {
            View::Timeline if !self.visible.is_empty() => {
                self.selected = self.selected.min(self.visible.len() - 1);
                self.top = super::view::timeline_top(self, h);
            }
            View::Timeline => {}
            View::Steps | View::Deadlines => {
                let n = if self.view == View::Steps {
                    super::view::steps_lines(self, w).len()
                } else {
                    super::view::deadlines_lines(self, w).len()
                };
                self.table_scroll = self.table_scroll.min(n.saturating_sub(h));
            }
        }
    }
}
