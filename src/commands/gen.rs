//! `warroom gen` (hidden): writes large generated inputs for benchmarks and scaling checks —
//! a playbook of N steps, a log of N events, a script of N lines (see `crate::dev::gen`).

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{GenArgs, GenWhat};
use crate::playbook::{self, Loaded};

fn load(path: Option<&PathBuf>) -> Result<Loaded, i32> {
    let loaded = match path {
        Some(p) => playbook::load_playbook(p),
        None => playbook::default_playbook(),
    };
    loaded.map_err(|d| {
        eprint!("{}", d.render(None, super::color()));
        1
    })
}

/// Runs `write` into FILE or standard output, buffered; returns the exit code.
fn emit(
    output: Option<&PathBuf>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> i32 {
    let result = match output {
        Some(p) => std::fs::File::create(p).and_then(|f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut w)?;
            w.flush()
        }),
        None => {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write(&mut w).and_then(|()| w.flush())
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let to = output.map_or("standard output".to_string(), |p| crate::text::path(p));
            eprintln!("warroom gen: {to}: {e}");
            1
        }
    }
}

pub fn run(args: &GenArgs) -> i32 {
    match &args.what {
        GenWhat::Playbook { steps, output } => emit(output.as_ref(), |w| {
            crate::dev::r#gen::playbook(*steps, &mut &mut *w)
        }),
        GenWhat::Log {
            events,
            playbook,
            seed,
            output,
        } => {
            let loaded = match load(playbook.as_ref()) {
                Ok(l) => l,
                Err(c) => return c,
            };
            emit(output.as_ref(), |w| {
                crate::dev::r#gen::log(&loaded, (*events).max(1), *seed, &mut &mut *w).map(|_| ())
            })
        }
        GenWhat::Script {
            lines,
            playbook,
            seed,
            output,
        } => {
            let loaded = match load(playbook.as_ref()) {
                Ok(l) => l,
                Err(c) => return c,
            };
            emit(output.as_ref(), |w| {
                crate::dev::r#gen::script(&loaded, (*lines).max(1), *seed, &mut &mut *w).map(|_| ())
            })
        }
    }
}
