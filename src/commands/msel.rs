//! `warroom msel SCENARIO [-o FILE.csv] [--no-bom]`: the scenario's Master Scenario Events
//! List as CSV (built by [`crate::report::msel`]).

use crate::cli::MselArgs;
use crate::fsio::{Output, Written, write_output};
use crate::scenario::load_scenario;

pub fn run(args: &MselArgs) -> i32 {
    let loaded = match load_scenario(&args.scenario) {
        Ok(l) => l,
        Err(d) => {
            eprint!(
                "{}",
                d.render(
                    crate::fsio::source_text(&args.scenario).as_deref(),
                    super::color()
                )
            );
            return 1;
        }
    };
    let text = crate::report::msel::csv(&loaded.scenario, !args.no_bom);
    let Some(out) = &args.output else {
        print!("{text}");
        return 0;
    };
    let opts = Output {
        force: args.force,
        source: Some(&args.scenario),
    };
    match write_output(out, text.as_bytes(), opts) {
        Ok(Written::Stdout) => 0,
        Ok(Written::File(p)) => {
            println!("wrote {}", crate::text::path(&p));
            0
        }
        Err(e) => {
            eprintln!("warroom msel: {}", crate::text::shown(&e.to_string()));
            1
        }
    }
}
