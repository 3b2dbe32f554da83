//! `warroom report LOG`: the after-action report of an incident or drill log.

use std::io::Write as _;

use crate::cli::{ReportArgs, ReportFormat};
use crate::drill::{find_scenario, scenario_ref};
use crate::log::read_log;
use crate::report::{Report, markdown};
use crate::scenario::{LoadedScenario, load_scenario};

pub fn run(args: &ReportArgs) -> i32 {
    let color = super::color();
    let read = match read_log(&args.log) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("warroom report: {}: cannot read: {e}", args.log.display());
            return 1;
        }
    };
    if read.events.is_empty() {
        eprintln!(
            "warroom report: {}: no events{}",
            args.log.display(),
            read.problem
                .as_ref()
                .map(|p| format!(" (line {}: {})", p.line, p.message))
                .unwrap_or_default()
        );
        return 1;
    }
    let mut log_problem = None;
    if let Some(p) = &read.problem {
        let msg = format!("line {} of the log: {}", p.line, p.message);
        eprintln!("warroom report: {}: {msg}", args.log.display());
        log_problem = Some(msg);
    } else if let Some(t) = &read.torn {
        let msg = format!(
            "the log's last line ({}) is torn (an interrupted write)",
            t.line
        );
        eprintln!("warroom report: {}: {msg}", args.log.display());
        log_problem = Some(msg);
    }

    // A drill's scenario: --scenario, else where the log says.
    let mut scenario: Option<LoadedScenario> = None;
    let mut note: Option<String> = None;
    if let Some(sref) = scenario_ref(&read.events) {
        match &args.scenario {
            Some(p) => match load_scenario(p) {
                Ok(l) => {
                    if l.scenario.id != sref.id {
                        eprintln!(
                            "warroom report: {} is scenario \"{}\" but the drill ran \"{}\"",
                            p.display(),
                            l.scenario.id,
                            sref.id
                        );
                        return 1;
                    }
                    if l.source.sha256 != sref.sha256 {
                        note = Some(format!(
                            "{} differs from the file the drill ran; scored against it as it is now",
                            l.source.name
                        ));
                    }
                    scenario = Some(l);
                }
                Err(d) => {
                    eprint!(
                        "{}",
                        d.render(std::fs::read_to_string(p).ok().as_deref(), color)
                    );
                    return 1;
                }
            },
            None => match find_scenario(sref, &args.log) {
                Ok((l, warn)) => {
                    note = warn;
                    scenario = Some(l);
                }
                Err(e) => {
                    note = Some(format!(
                        "{e}. The briefing, expectations, score and hot-wash questions are left out."
                    ));
                }
            },
        }
        if let Some(n) = &note {
            eprintln!("warroom report: {n}");
        }
    }

    let log_name = args
        .log
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| args.log.display().to_string());
    let report = Report::build(
        log_name,
        &read.events,
        log_problem,
        scenario.as_ref().map(|l| &l.scenario),
        note,
    );
    let text = match args.format {
        ReportFormat::Md => markdown::render(&report),
    };
    match &args.output {
        None => {
            print!("{text}");
            0
        }
        Some(out) => {
            let written = std::fs::File::create(out).and_then(|mut f| {
                f.write_all(text.as_bytes())?;
                f.sync_all()
            });
            match written {
                Ok(()) => {
                    println!("wrote {}", out.display());
                    0
                }
                Err(e) => {
                    eprintln!("warroom report: {}: cannot write: {e}", out.display());
                    1
                }
            }
        }
    }
}
