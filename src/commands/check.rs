//! `warroom check`: load and lint playbooks, print positioned diagnostics.

use std::path::{Path, PathBuf};

use crate::cli::CheckArgs;
use crate::diag::Diagnostic;
use crate::playbook::{
    Loaded, Playbook,
    lint::lint,
    load::{parse_ron, read_source},
};

/// Every *.ron file under the given paths, sorted, directories recursively.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut errors, 0);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            errors.push(Diagnostic::error(
                &p.display().to_string(),
                "no such file or directory",
            ));
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>, depth: usize) {
    if depth > 32 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Diagnostic::error(
                &dir.display().to_string(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if p.is_dir() && !is_link {
            walk(&p, files, errors, depth + 1);
        } else if p.extension().is_some_and(|e| e == "ron") {
            files.push(p);
        }
    }
}

/// Checks one file: parse errors, or the linter's findings.
pub fn check_file(path: &Path) -> (Vec<Diagnostic>, Option<String>) {
    let source = match read_source(path) {
        Ok(s) => s,
        Err(d) => return (vec![d], None),
    };
    if crate::scenario::is_scenario_text(&source.text) {
        return check_scenario(source);
    }
    if crate::scenario::top_level_struct(&source.text) == Some("Statement") {
        return check_statement(source);
    }
    match parse_ron::<Playbook>(&source) {
        Err(d) => (vec![d], Some(source.text)),
        Ok(playbook) => {
            let loaded = Loaded { playbook, source };
            let diags = lint(&loaded);
            (diags, Some(loaded.source.text))
        }
    }
}

/// Checks a holding statement (its top-level struct is `Statement`): parse errors, or its
/// problems (approvals, dates, text).
fn check_statement(source: crate::playbook::Source) -> (Vec<Diagnostic>, Option<String>) {
    match parse_ron::<crate::statements::Statement>(&source) {
        Err(d) => (vec![d], Some(source.text)),
        Ok(st) => (
            crate::statements::lint(&source.name, &st),
            Some(source.text),
        ),
    }
}

/// Checks a scenario (its top-level struct is `Scenario`): parse errors, or the scenario
/// checks against its playbook (loaded relative to the scenario file).
fn check_scenario(source: crate::playbook::Source) -> (Vec<Diagnostic>, Option<String>) {
    match parse_ron::<crate::scenario::Scenario>(&source) {
        Err(d) => (vec![d], Some(source.text)),
        Ok(scenario) => {
            let loaded = crate::scenario::LoadedScenario { scenario, source };
            let (diags, _) = crate::scenario::check::check(&loaded);
            (diags, Some(loaded.source.text))
        }
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let color = super::color();
    let (files, mut missing) = collect(&args.paths);
    let mut errors = missing.len();
    let mut warnings = 0;
    for d in missing.drain(..) {
        eprint!("{}", d.render(None, color));
    }
    if files.is_empty() && errors == 0 {
        eprintln!("warroom check: no .ron files found");
        return 1;
    }
    for f in &files {
        let (diags, text) = check_file(f);
        for d in &diags {
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
            eprintln!("{}", d.render(text.as_deref(), color));
        }
        if diags.iter().all(|d| !d.is_error()) {
            println!(
                "ok: {}{}",
                crate::text::path(f),
                if diags.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({} warning{})",
                        diags.len(),
                        if diags.len() == 1 { "" } else { "s" }
                    )
                }
            );
        }
    }
    println!(
        "{} file{} checked: {errors} error{}, {warnings} warning{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        1
    } else {
        0
    }
}
