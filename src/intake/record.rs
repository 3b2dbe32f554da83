//! Taking one post in: what recording it means — the `intake` event, then the playbook
//! variables it fills — worked out without an incident, so the headless runner
//! (`commands::intake`) and the screen's paste (`tui::feed`) record it the same way.

use chrono::{DateTime, FixedOffset};

use super::{Parsed, vars};
use crate::engine::EventKind;
use crate::playbook::Playbook;

/// A post read (from `--from-post` or a paste), before it is recorded.
pub struct PostIn {
    pub parsed: Parsed,
    pub sha256: String,
    pub source: String,
}

/// What recording a post takes: the `intake` event first, then a `Set` per variable it fills
/// (through the engine, as if typed), and the fields no variable takes.
pub struct Recording {
    pub intake: EventKind,
    pub set: Vec<(String, String)>,
    pub unmapped: Vec<&'static str>,
}

impl PostIn {
    /// The recording of this post into an incident on `playbook`, seen at `now`.
    pub fn recording(&self, playbook: &Playbook, now: DateTime<FixedOffset>) -> Recording {
        let (set, unmapped) = vars::assignments(&self.parsed.post, playbook, now);
        Recording {
            intake: EventKind::Intake {
                sha256: self.sha256.clone(),
                format: self.parsed.format,
                source: self.source.clone(),
                post: self.parsed.post.clone(),
            },
            set,
            unmapped,
        }
    }
}
