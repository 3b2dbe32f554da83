//! `warroom followups [DIR...] [--now TIME] [--format text|json]`: every promise made in a post
//! (templates with a `promise`), across the incident logs (`*.jsonl`) found in the directories,
//! recursively (default `./incidents`), each with its incident, what, owner and due time, and
//! flagged `⚠ OVERDUE` once the due time is before `--now` (default: the clock).
//!
//! Promises made in a drill's log are listed too, marked `EXERCISE drill` (`"drill": true`).
//! A log that cannot be read, or has a damaged line, is named on stderr and skipped; a log
//! whose playbook cannot be found is named too (its promises cannot be known). Exit code 0,
//! or 1 when a directory given cannot be read.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::review::load_review;
use crate::cli::{FollowupsArgs, FollowupsFormat};
use crate::review::{FollowUp, Standing};
use crate::text::neutralize;

type Time = DateTime<FixedOffset>;

/// One promise, with the incident it was made in.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub log: String,
    pub incident: String,
    /// Made in a tabletop drill, not a real incident.
    pub drill: bool,
    pub standing: Standing,
    #[serde(flatten)]
    pub followup: FollowUp,
}

/// A log left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub log: String,
    pub reason: String,
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if p.is_dir() && !is_link {
            // A subdirectory that cannot be read is skipped like a damaged log.
            if let Err(e) = walk(&p, files, depth + 1) {
                eprintln!(
                    "warroom followups: {}: cannot read directory: {e}",
                    p.display()
                );
            }
        } else if p.extension().is_some_and(|e| e == "jsonl") {
            files.push(p);
        }
    }
    Ok(())
}

/// Collects the promises of every log under `dirs`, judged at `now`: (listed, skipped).
pub fn collect(dirs: &[PathBuf], now: Time) -> Result<(Vec<Listed>, Vec<Skipped>), String> {
    let mut files = Vec::new();
    for d in dirs {
        if d.is_dir() {
            walk(d, &mut files, 0)
                .map_err(|e| format!("{}: cannot read directory: {e}", d.display()))?;
        } else if d.is_file() {
            files.push(d.clone());
        } else {
            return Err(format!("{}: no such directory", d.display()));
        }
    }
    let mut listed = Vec::new();
    let mut skipped = Vec::new();
    for f in files {
        let shown = f.display().to_string();
        let damaged = match crate::log::read_log(&f) {
            Ok(r) => r
                .problem
                .map(|p| format!("line {} is damaged ({})", p.line, p.message)),
            Err(e) => Some(format!("cannot read: {e}")),
        };
        if let Some(reason) = damaged {
            skipped.push(Skipped { log: shown, reason });
            continue;
        }
        let rv = match load_review(&f, None) {
            Ok(r) => r,
            Err(e) => {
                skipped.push(Skipped {
                    log: shown,
                    reason: e,
                });
                continue;
            }
        };
        if rv.playbook.is_none() {
            skipped.push(Skipped {
                log: shown,
                reason: format!(
                    "its playbook was not found, so its promises cannot be known ({})",
                    rv.analysis
                        .playbook_note
                        .as_deref()
                        .unwrap_or("no playbook")
                ),
            });
            continue;
        }
        for fu in &rv.analysis.followups {
            listed.push(Listed {
                log: shown.clone(),
                incident: rv.analysis.title.clone(),
                drill: rv.analysis.mode == crate::engine::Mode::Drill,
                standing: fu.standing(now),
                followup: fu.clone(),
            });
        }
    }
    // Soonest due first; those without a due date last.
    listed.sort_by_key(|l| {
        (
            l.followup.due.is_none(),
            l.followup.due,
            l.followup.posted_at,
        )
    });
    Ok((listed, skipped))
}

/// The text listing.
pub fn text(listed: &[Listed], now: Time) -> String {
    let mut o = String::new();
    for l in listed {
        let f = &l.followup;
        o.push_str(&format!(
            "{:<12} due {}  owner {}  {}\n    {}: {} ({}), promised in post #{} at {}\n",
            l.standing.label(),
            neutralize(&f.due_text(), false),
            neutralize(&f.owner, false),
            neutralize(&f.what, false),
            if l.drill {
                "EXERCISE drill"
            } else {
                "incident"
            },
            neutralize(&l.incident, false),
            neutralize(&l.log, false),
            f.draft,
            f.posted_at.format("%Y-%m-%d %H:%M %:z"),
        ));
    }
    let overdue = listed
        .iter()
        .filter(|l| l.standing == Standing::Overdue)
        .count();
    o.push_str(&format!(
        "{} follow-up{}, {overdue} overdue at {}\n",
        listed.len(),
        if listed.len() == 1 { "" } else { "s" },
        now.format("%Y-%m-%d %H:%M %:z")
    ));
    o
}

pub fn run(args: &FollowupsArgs) -> i32 {
    let now = match super::run::start_time(args.now.as_deref()) {
        Ok(Some(t)) => t,
        Ok(None) => chrono::Local::now().fixed_offset(),
        Err(code) => return code,
    };
    let dirs = if args.dirs.is_empty() {
        vec![PathBuf::from("incidents")]
    } else {
        args.dirs.clone()
    };
    let (listed, skipped) = match collect(&dirs, now) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("warroom followups: {e}");
            return 1;
        }
    };
    for s in &skipped {
        eprintln!(
            "warroom followups: warning: {}: {}; skipped",
            s.log, s.reason
        );
    }
    match args.format {
        FollowupsFormat::Text => print!("{}", text(&listed, now)),
        FollowupsFormat::Json => {
            let mut doc = serde_json::json!({
                "format": "warroom-followups/1",
                "now": now,
                "followups": listed,
                "skipped": skipped,
            });
            // Neutralised like the JSON report: a tool printing a field cannot be driven by it.
            crate::report::json::clean(&mut doc);
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("warroom followups: {e}");
                    return 1;
                }
            }
        }
    }
    0
}
