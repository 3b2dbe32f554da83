//! `warroom review LOG`: the post-mortem timeline screen; and [`load_review`], which `review`
//! and `report` share to read a log, say what is wrong with it, find its playbook and analyse it
//! (a file, or with `--store` a database incident: [`load_review_from`]).

use std::path::Path;

use crate::cli::ReviewArgs;
use crate::engine::{Event, EventKind};
use crate::incident::find_playbook;
use crate::playbook::Loaded;
use crate::review::Analysis;
use crate::store::source::LogSource;

/// A log read for review.
pub struct ForReview {
    pub events: Vec<Event>,
    /// What is wrong with the log, if anything (a torn last line, a bad line): the review
    /// covers the events before it, and every surface says so.
    pub log_problem: Option<String>,
    pub playbook: Option<Loaded>,
    pub analysis: Analysis,
}

/// Reads and analyses a log file. Errors (unreadable, no events) are messages for the user.
pub fn load_review(path: &Path, playbook_override: Option<&Path>) -> Result<ForReview, String> {
    load_review_from(&LogSource::File(path.to_path_buf()), playbook_override)
}

/// As [`load_review`], from a file or a database incident.
pub fn load_review_from(
    source: &LogSource,
    playbook_override: Option<&Path>,
) -> Result<ForReview, String> {
    let read = source.read_log().map_err(|e| {
        let mut m = e.to_string();
        if let Some(h) = e.hint() {
            m.push_str("; ");
            m.push_str(h);
        }
        m
    })?;
    if read.events.is_empty() {
        return Err(format!(
            "{}: no events{}",
            source.shown(),
            read.problem
                .as_ref()
                .map(|p| format!(" (line {}: {})", p.line, p.message))
                .unwrap_or_default()
        ));
    }
    let log_problem = if let Some(p) = &read.problem {
        Some(format!(
            "line {} of the log is damaged ({}); only the {} events before it are shown",
            p.line,
            p.message,
            read.events.len()
        ))
    } else {
        read.torn.as_ref().map(|t| {
            format!(
                "the log's last line ({}, {} bytes) is torn — an interrupted write; the {} events before it are shown",
                t.line,
                t.bytes,
                read.events.len()
            )
        })
    };
    let (playbook, playbook_note) = playbook_for(&read.events, source.beside(), playbook_override);
    let analysis = Analysis::build(
        &read.events,
        playbook.as_ref().map(|l| &l.playbook),
        playbook_note,
    );
    Ok(ForReview {
        events: read.events,
        log_problem,
        playbook,
        analysis,
    })
}

/// The playbook the incident ran on, and a note when it is missing or has changed since.
fn playbook_for(
    events: &[Event],
    log: &Path,
    given: Option<&Path>,
) -> (Option<Loaded>, Option<String>) {
    let Some(pref) = events.first().and_then(|e| match &e.kind {
        EventKind::Opened { playbook, .. } => Some(playbook),
        _ => None,
    }) else {
        return (None, Some("the log has no opening event".into()));
    };
    let found = match given {
        Some(p) => crate::playbook::load_playbook(p).map_err(|d| d.summary()),
        None => find_playbook(pref, log).map_err(|e| e.to_string()),
    };
    match found {
        Ok(l) if l.source.sha256 == pref.sha256 => (Some(l), None),
        Ok(l) => {
            let note = format!(
                "the playbook {} has changed since the incident ran (hash {} now, {} then); choices not taken and deadlines are from the file as it is now",
                crate::text::shown(&l.source.name),
                short(&l.source.sha256),
                short(&pref.sha256)
            );
            (Some(l), Some(note))
        }
        Err(e) => (
            None,
            Some(format!(
                "{e}; choices not taken and met deadlines cannot be shown (only breaches logged)"
            )),
        ),
    }
}

fn short(hash: &str) -> String {
    crate::text::short_hash(hash)
}

pub fn run(args: &ReviewArgs) -> i32 {
    super::screen::run_review(args)
}
