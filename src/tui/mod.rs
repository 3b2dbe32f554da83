//! The terminal user interface (the only module that uses ratatui/crossterm).

use crate::cli::{ResumeArgs, RunArgs};
use crate::playbook::Loaded;

pub fn run_live(_loaded: Loaded, _args: &RunArgs) -> i32 {
    eprintln!("warroom: the live screen is not built yet; use --script");
    2
}

pub fn resume_live(_args: &ResumeArgs, _pb: Option<&Loaded>) -> i32 {
    eprintln!("warroom: the live screen is not built yet; use --script");
    2
}
