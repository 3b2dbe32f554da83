//! `warroom graph`: DOT or Mermaid export, with the path from a log marked.

use std::sync::Arc;

use crate::cli::{GraphArgs, GraphFormat};
use crate::engine::Session;
use crate::log::read_log;
use crate::playbook::export::{Taken, to_dot, to_mermaid};
use crate::playbook::load_playbook;

pub fn run(args: &GraphArgs) -> i32 {
    let color = super::color();
    let loaded = match load_playbook(&args.playbook) {
        Ok(l) => l,
        Err(d) => {
            eprint!(
                "{}",
                d.render(crate::fsio::source_text(&args.playbook).as_deref(), color)
            );
            return 1;
        }
    };
    let taken = match &args.log {
        None => None,
        Some(log) => {
            let read = match read_log(log) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("warroom graph: {}: {e}", crate::text::path(log));
                    return 1;
                }
            };
            if let Some(p) = &read.problem {
                eprintln!(
                    "warroom graph: {}:{}: {} (showing the path up to that line)",
                    crate::text::path(log),
                    p.line,
                    crate::text::shown(&p.message)
                );
            }
            if let Some(crate::engine::EventKind::Opened { playbook, .. }) =
                read.events.first().map(|e| &e.kind)
                && playbook.id != loaded.playbook.id
            {
                eprintln!(
                    "warroom graph: {} ran on playbook \"{}\", not \"{}\"",
                    crate::text::path(log),
                    crate::text::shown(&playbook.id),
                    crate::text::shown(&loaded.playbook.id)
                );
                return 1;
            }
            let s = Session::replay(Arc::new(loaded.playbook.clone()), &read.events);
            Some(taken(&s))
        }
    };
    let out = match args.format {
        GraphFormat::Dot => to_dot(&loaded.playbook, taken.as_ref()),
        GraphFormat::Mermaid => to_mermaid(&loaded.playbook, taken.as_ref()),
    };
    print!("{out}");
    0
}

/// The parts of the graph a session touched.
fn taken(s: &Session) -> Taken {
    Taken {
        visited: s.path.iter().map(|v| v.step).collect(),
        edges: s.edges.iter().copied().collect(),
        current: Some(s.current),
    }
}
