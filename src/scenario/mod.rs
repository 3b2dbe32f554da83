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
/// Reads only up to the first name after comments and `#![...]` attributes, so telling a
/// scenario from a playbook costs nothing even for a very large file.
pub fn is_scenario_text(text: &str) -> bool {
    top_level_struct(text) == Some("Scenario")
}

/// The name of a RON file's top-level struct (`Playbook`, `Scenario`, `Statement`), after
/// comments and attributes, when it is one.
pub fn top_level_struct(text: &str) -> Option<&str> {
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(r) = rest.strip_prefix("/*") {
            // Block comments nest in RON.
            let mut depth = 1;
            let mut i = 0;
            let b = r.as_bytes();
            while i < b.len() && depth > 0 {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            rest = r.get(i..).unwrap_or("");
        } else if rest.starts_with("#!") {
            rest = rest.split_once(']').map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0 && rest[end..].trim_start().starts_with('(')).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::is_scenario_text;

    #[test]
    fn a_scenario_is_told_by_its_top_level_name() {
        assert!(is_scenario_text("Scenario(id: \"x\")"));
        assert!(is_scenario_text(
            "\u{feff}// a drill\n/* block /* nested */ */\n#![enable(implicit_some)]\n  Scenario (\n"
        ));
        assert!(!is_scenario_text(
            "Playbook(id: \"x\", steps: [Scenario()])"
        ));
        assert!(!is_scenario_text("// Scenario(\nPlaybook()"));
        assert!(!is_scenario_text("ScenarioX()"));
        assert!(!is_scenario_text(""));
        assert!(!is_scenario_text("/* unterminated Scenario("));
    }
}
