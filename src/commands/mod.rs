//! The subcommands' implementations. Each returns the process exit code.

pub mod check;
pub mod compare;
pub mod drill;
pub mod followups;
pub mod r#gen;
pub mod graph;
pub mod intake;
pub mod join;
pub mod msel;
pub mod report;
pub mod review;
pub mod run;
pub mod screen;
pub mod seal;
pub mod stats;
pub mod store;
pub mod verify;

use std::io::IsTerminal;

/// Whether to colour diagnostics: stderr is a terminal and `NO_COLOR` is not set.
pub fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// The operator name: `--operator`, else `$WARROOM_OPERATOR`, else the login name.
pub fn operator_name(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            std::env::var("WARROOM_OPERATOR")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| {
            std::env::var("LOGNAME")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
