//! `warroom report LOG [--format md|html|json|csv] [--audience all|public|executives] [-o FILE]`:
//! the post-mortem report of an incident or drill log, or its public or executive view.

use std::io::Write as _;

use super::review::load_review;
use crate::cli::{ReportArgs, ReportAudience, ReportFormat};
use crate::drill::{find_scenario, scenario_ref};
use crate::report::audience::Audience;
use crate::report::{Report, csv, html, json, markdown};
use crate::scenario::{LoadedScenario, load_scenario};

pub fn run(args: &ReportArgs) -> i32 {
    let color = super::color();
    let rv = match load_review(&args.log, args.playbook.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("warroom report: {e}");
            return 1;
        }
    };
    if let Some(p) = &rv.log_problem {
        eprintln!("warroom report: {}: {p}", args.log.display());
    }
    if let Some(n) = &rv.analysis.playbook_note {
        eprintln!("warroom report: {n}");
    }
    let read_events = &rv.events;
    let log_problem = rv.log_problem.clone();

    // A drill's scenario: --scenario, else where the log says.
    let mut scenario: Option<LoadedScenario> = None;
    let mut note: Option<String> = None;
    if let Some(sref) = scenario_ref(read_events) {
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
    let mut report = Report::build(
        log_name,
        read_events,
        log_problem,
        scenario.as_ref().map(|l| &l.scenario),
        note,
        &rv.analysis,
    );
    report.audience = match args.audience {
        ReportAudience::All => Audience::All,
        ReportAudience::Public => Audience::Public,
        ReportAudience::Executives => Audience::Executives,
    };
    let text = match args.format {
        ReportFormat::Md => markdown::render(&report),
        ReportFormat::Html => html::render(&report),
        ReportFormat::Json => json::render(&report),
        ReportFormat::Csv => csv::render(&report),
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
