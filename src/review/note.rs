//! Adding a reviewer's note to a log: the one write a review makes. The note is appended as an
//! event of its own (`review_note`), chained and fsync'd like every other event; nothing
//! before it changes.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::engine::{Actor, Event, EventKind};
use crate::log::{LogError, LogWriter};

/// What appending a note did.
#[derive(Debug)]
pub struct Appended {
    pub event: Event,
    /// A torn last line was cut off first; this copy of the log keeps it.
    pub kept_torn_copy: Option<PathBuf>,
}

/// Appends `text` as a review note by `actor`, recorded at `at`. Fails without writing if the
/// log is open in another warroom, is damaged, or the text is blank.
pub fn append_review_note(
    path: &Path,
    actor: &Actor,
    text: &str,
    at: DateTime<FixedOffset>,
) -> Result<Appended, LogError> {
    append_note(path, actor, text, None, at)
}

/// Appends `text` as a review note that is a finding of the improvement plan (checked by
/// [`crate::review::finding::FindingInput::check`] first).
pub fn append_finding(
    path: &Path,
    actor: &Actor,
    text: &str,
    finding: crate::review::finding::Finding,
    at: DateTime<FixedOffset>,
) -> Result<Appended, LogError> {
    append_note(path, actor, text, Some(finding), at)
}

fn append_note(
    path: &Path,
    actor: &Actor,
    text: &str,
    finding: Option<crate::review::finding::Finding>,
    at: DateTime<FixedOffset>,
) -> Result<Appended, LogError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(LogError::Io {
            path: crate::text::path(path),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the note is empty"),
        });
    }
    let (mut w, _read, kept) = LogWriter::resume(path)?;
    let event = Event {
        seq: w.next_seq(),
        at,
        actor: actor.clone(),
        kind: EventKind::ReviewNote {
            text: text.to_string(),
            finding,
        },
    };
    w.append(&event)?;
    Ok(Appended {
        event,
        kept_torn_copy: kept,
    })
}
