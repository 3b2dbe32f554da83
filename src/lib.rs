//! warroom: a terminal war room for executive-communications teams.
//!
//! The functional core (playbooks, engine, log) knows nothing about terminals; `tui` is the
//! only module that imports ratatui or crossterm.

// Diagnostics are returned by value: one is built per failure, never in a hot path, and
// boxing them would only add noise to every loader signature.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod clock;
pub mod commands;
pub mod dev;
pub mod diag;
pub mod drill;
pub mod duration;
pub mod engine;
pub mod fsio;
pub mod incident;
pub mod intake;
pub mod log;
pub mod log_stats;
pub mod playbook;
pub mod privacy;
pub mod report;
pub mod review;
pub mod scenario;
pub mod script;
pub mod seal;
pub mod statements;
pub mod store;
pub mod text;
pub mod tui;
