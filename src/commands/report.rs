//! `warroom report LOG [--format md|html|json|csv] [--audience all|public|executives] [-o FILE]`:
//! the post-mortem report of an incident or drill log (a file, or with `--store` a database
//! incident), or its public or executive view.

use super::review::load_review_from;
use crate::cli::{ReportArgs, ReportAudience, ReportFormat};
use crate::drill::{find_scenario, scenario_ref};
use crate::fsio::{Output, Written, write_output};
use crate::report::audience::Audience;
use crate::report::{Report, csv, html, json, markdown};
use crate::scenario::{LoadedScenario, load_scenario};
use crate::store::source::LogSource;

pub fn run(args: &ReportArgs) -> i32 {
    let color = super::color();
    let source = match LogSource::new(&args.log, args.store.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("warroom report: {}", crate::text::shown(&e.to_string()));
            return e.exit_code();
        }
    };
    let rv = match load_review_from(&source, args.playbook.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("warroom report: {}", crate::text::shown(&e.to_string()));
            return 1;
        }
    };
    if let Some(p) = &rv.log_problem {
        eprintln!(
            "warroom report: {}: {}",
            source.shown(),
            crate::text::shown(p)
        );
    }
    if let Some(n) = &rv.analysis.playbook_note {
        eprintln!("warroom report: {}", crate::text::shown(&n.to_string()));
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
                            crate::text::path(p),
                            crate::text::shown(&l.scenario.id),
                            crate::text::shown(&sref.id)
                        );
                        return 1;
                    }
                    if l.source.sha256 != sref.sha256 {
                        note = Some(format!(
                            "{} differs from the file the drill ran; scored against it as it is now",
                            crate::text::shown(&l.source.name)
                        ));
                    }
                    scenario = Some(l);
                }
                Err(d) => {
                    eprint!(
                        "{}",
                        d.render(crate::fsio::source_text(p).as_deref(), color)
                    );
                    return 1;
                }
            },
            None => match find_scenario(sref, source.beside()) {
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
            eprintln!("warroom report: {}", crate::text::shown(&n.to_string()));
        }
    }

    let log_name = source.name();
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
    let Some(out) = &args.output else {
        print!("{text}");
        return 0;
    };
    let opts = Output {
        force: args.force,
        source: source.file(),
    };
    match write_output(out, text.as_bytes(), opts) {
        Ok(Written::Stdout) => 0,
        Ok(Written::File(p)) => {
            println!("wrote {}", crate::text::path(&p));
            0
        }
        Err(e) => {
            eprintln!("warroom report: {}", crate::text::shown(&e.to_string()));
            1
        }
    }
}
