//! The `warroom` binary: parses the command line and hands over to a subcommand.

use clap::Parser;

use warroom::cli::{Cli, Cmd};
use warroom::commands;

fn main() {
    // Output piped into `head` and the like: end quietly when the reader goes away, as
    // command-line tools do, instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let code = match cli.command {
        None => commands::run::run(&cli.run),
        Some(Cmd::Run(a)) => commands::run::run(&a),
        Some(Cmd::Resume(a)) => commands::run::resume(&a),
        Some(Cmd::Join(a)) => commands::join::run(&a),
        Some(Cmd::Check(a)) => commands::check::run(&a),
        Some(Cmd::Graph(a)) => commands::graph::run(&a),
        Some(Cmd::Verify(a)) => commands::verify::run(&a),
        Some(Cmd::Seal(a)) => commands::seal::run(&a),
        Some(Cmd::Drill(a)) => commands::drill::run(&a),
        Some(Cmd::Report(a)) => commands::report::run(&a),
        Some(Cmd::Review(a)) => commands::review::run(&a),
        Some(Cmd::Compare(a)) => commands::compare::run(&a),
        Some(Cmd::Msel(a)) => commands::msel::run(&a),
        Some(Cmd::Stats(a)) => commands::stats::run(&a),
        Some(Cmd::Followups(a)) => commands::followups::run(&a),
        Some(Cmd::Gen(a)) => commands::r#gen::run(&a),
        Some(Cmd::List(a)) => commands::store::list(&a),
        Some(Cmd::Export(a)) => commands::store::export(&a),
        Some(Cmd::Import(a)) => commands::store::import(&a),
    };
    std::process::exit(code);
}
