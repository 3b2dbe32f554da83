//! Playbooks: the RON model, loading with positioned errors, templates, the linter, and the
//! DOT/Mermaid export.

pub mod export;
pub mod lint;
pub mod load;
pub mod locate;
pub mod model;
pub mod template;

pub use load::{Loaded, Source, load_playbook, playbook_from_str};
pub use model::*;

/// The shipped default playbook, embedded so `warroom` works from any directory.
pub const DEFAULT_PLAYBOOK: &str = include_str!("../../playbooks/ceo-twitter-complaint.ron");
/// The name the embedded default playbook is recorded under.
pub const DEFAULT_PLAYBOOK_NAME: &str = "embedded:playbooks/ceo-twitter-complaint.ron";

/// Loads the embedded default playbook.
pub fn default_playbook() -> Result<Loaded, crate::diag::Diagnostic> {
    playbook_from_str(DEFAULT_PLAYBOOK_NAME, DEFAULT_PLAYBOOK)
}
