//! The review screen's model: the log read for review, the filter, the selection and the
//! scroll, the search and the line being typed (the same text input as the live screen's).

use std::path::{Path, PathBuf};

use crate::clock::{Clock, SystemClock};
use crate::engine::{Actor, Event, EventKind};
use crate::review::{Analysis, Category};
use crate::tui::theme::Theme;
use crate::tui::widgets::{LineInput, Status};

/// Which table the main pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Timeline,
    Steps,
    Deadlines,
}

/// A line being typed: the search or a review note (with its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Search(String),
    Note(String),
    /// A field of the "mark as finding" popup.
    Finding(super::finding::Field, String),
}

/// What the line being typed is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Search,
    Note,
    /// One field of the "mark as finding" popup (`super::finding`).
    Finding(super::finding::Field),
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
    /// First row of `visible` shown (laid out before each frame so the selection shows).
    pub top: usize,
    pub view: View,
    /// Scroll of the steps and deadlines tables.
    pub table_scroll: usize,
    pub query: Option<String>,
    /// The line being typed, if any.
    pub line: Option<(Purpose, LineInput)>,
    pub help: bool,
    pub status: Option<Status>,
    pub quit: bool,
    /// Rows the timeline showed last frame (for paging).
    pub page: usize,
    /// The log's length when last read (to follow a log still being written).
    pub log_len: u64,
    /// Where review notes' times come from (a fixed clock in tests).
    pub clock: Box<dyn Clock>,
    /// The note being marked as a finding, with the fields answered so far.
    pub marking: Option<super::finding::Marking>,
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
            line: None,
            help: false,
            status: None,
            quit: false,
            page: 10,
            log_len,
            clock: Box::new(SystemClock),
            marking: None,
        };
        app.refilter(None);
        if let Some(p) = &app.data.log_problem {
            app.status = Some(Status::error(p.clone()));
        }
        app
    }

    /// The selected entry's index into the analysis' entries.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// Recomputes the visible rows, keeping the selection on `keep_seq` (or the nearest event
    /// after it).
    pub(crate) fn refilter(&mut self, keep_seq: Option<u64>) {
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

    /// The searchable text of an entry: its summary, who, and the event's full text.
    pub(crate) fn haystack(&self, idx: usize) -> String {
        let e = &self.data.analysis.entries[idx];
        let mut s = format!("{} {} {}", e.summary, e.actor, e.kind);
        if let Some(ev) = self.data.events.get(e.index) {
            match &ev.kind {
                EventKind::DraftSaved { text, .. }
                | EventKind::Posted { text, .. }
                | EventKind::Note { text }
                | EventKind::ReviewNote { text, .. }
                | EventKind::Observation { text, .. }
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

    /// The line being typed, with its text.
    pub fn input(&self) -> Option<Input> {
        self.line.as_ref().map(|(p, l)| match p {
            Purpose::Search => Input::Search(l.text()),
            Purpose::Note => Input::Note(l.text()),
            Purpose::Finding(f) => Input::Finding(*f, l.text()),
        })
    }
}
