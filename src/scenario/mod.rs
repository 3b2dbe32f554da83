//! Drill scenarios: a briefing, the playbook to run, preset variables, timed injects (simulated
//! posts, calls, articles, share-price moves), expectations with deadlines and weights, and
//! hot-wash questions. See docs/scenario-format.md.
//!
//! Loading goes through the same RON reader as playbooks (implicit `Some`, unknown fields refused,
//! positioned errors); [`check::check`] adds the semantic checks against the playbook.

pub mod check;
pub mod model;

use std::path::{Path, PathBuf};

pub use model::*;

use crate::diag::Diagnostic;
use crate::playbook::load::{Source, parse_ron, read_source};
use crate::playbook::locate::Locator;

/// A parsed scenario with its source.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub source: Source,
}

impl LoadedScenario {
    /// The playbook file the scenario names, resolved against the scenario file's directory.
    pub fn playbook_path(&self) -> PathBuf {
        resolve_playbook(self.source.path.as_deref(), &self.scenario.playbook)
    }
}

/// Resolves a scenario's `playbook` field: absolute paths as they are, relative ones against the
/// directory of the scenario file.
pub fn resolve_playbook(scenario_file: Option<&Path>, playbook: &str) -> PathBuf {
    let p = Path::new(playbook);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    match scenario_file.and_then(Path::parent) {
        Some(dir) => dir.join(p),
        None => p.to_path_buf(),
    }
}

/// Reads and parses a scenario file (syntax and field errors; see [`check::check`] for the rest).
#[allow(clippy::result_large_err)] // the same shape as `load_playbook`
pub fn load_scenario(path: &Path) -> Result<LoadedScenario, Diagnostic> {
    let source = read_source(path)?;
    let scenario = parse_ron::<Scenario>(&source)?;
    Ok(LoadedScenario { scenario, source })
}

/// Whether RON text is a scenario: its top-level struct is named `Scenario`.
pub fn is_scenario_text(text: &str) -> bool {
    Locator::new(text)
        .structs
        .first()
        .is_some_and(|(name, _)| name == "Scenario")
}
