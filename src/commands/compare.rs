//! `warroom compare LOG1 LOG2 … [--format md|html|json] [-o FILE] [--scenario FILE]`: several
//! teams' drills of one scenario side by side ([`crate::report::compare`]).

use std::path::Path;

use crate::cli::{CompareArgs, CompareFormat};
use crate::fsio::{Output, Written, write_output};
use crate::log::read_log;
use crate::report::compare::{TeamLog, compare, document, team_name};

/// The log's `drill_started` line as JSON (to read fields this version may not know, `team`).
fn raw_drill_started(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .take(8)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["kind"] == "drill_started")
}

fn read(path: &Path) -> Result<TeamLog, String> {
    let shown = crate::text::path(path);
    let read = read_log(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if read.events.is_empty() {
        return Err(format!("{shown}: no events"));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.clone());
    let file = path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.clone());
    Ok(TeamLog {
        name: team_name(raw_drill_started(path).as_ref(), &stem),
        log: file,
        events: read.events,
    })
}

fn build(args: &CompareArgs) -> Result<String, String> {
    let logs = args
        .logs
        .iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let first = &logs[0];
    let sref = crate::drill::scenario_ref(&first.events)
        .ok_or_else(|| format!("{}: not a drill log", first.log))?;
    let loaded = match &args.scenario {
        Some(p) => crate::scenario::load_scenario(p).map_err(|d| d.summary())?,
        None => {
            crate::drill::find_scenario(sref, &args.logs[0])
                .map_err(|e| format!("{e}; give it with --scenario FILE"))?
                .0
        }
    };
    let c = compare(&loaded.scenario, &logs)?;
    Ok(match args.format {
        CompareFormat::Md => crate::report::markdown::document(&document(&c)),
        CompareFormat::Html => crate::report::html::document(&document(&c)),
        CompareFormat::Json => {
            let mut v = serde_json::to_value(&c).map_err(|e| e.to_string())?;
            crate::report::json::clean(&mut v);
            let mut s = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
            s.push('\n');
            s
        }
    })
}

pub fn run(args: &CompareArgs) -> i32 {
    let text = match build(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("warroom compare: {}", crate::text::shown(&e));
            return 1;
        }
    };
    let Some(out) = &args.output else {
        print!("{text}");
        return 0;
    };
    let opts = Output {
        force: args.force,
        source: args.logs.first().map(|p| p.as_path()),
    };
    match write_output(out, text.as_bytes(), opts) {
        Ok(Written::Stdout) => 0,
        Ok(Written::File(p)) => {
            println!("wrote {}", crate::text::path(&p));
            0
        }
        Err(e) => {
            eprintln!("warroom compare: {}", crate::text::shown(&e.to_string()));
            1
        }
    }
}
