//! The terminal user interface — the only module that uses ratatui and crossterm. It takes
//! values the commands opened (an incident, a review's data), never command-line options.
//!
//! A map: `terminal` (the real terminal: guard, signals, input), `run_loop` (the one loop,
//! generic over the screen, the backend, the input and the clock), `component` (popups as
//! components), `keymap` (the tables keys, hints and help come from), `widgets` (shared
//! drawing: the hint bar, the status line, the text input), `live/` (the incident and drill
//! screen), `controller/` (the facilitator's drill dashboard), `popup/` (its popups, one file
//! each), `review/` (the post-mortem screen), `lang`
//! and `theme` (words and colours), `clipboard`.

pub mod clipboard;
pub mod component;
pub mod controller;
pub mod keymap;
pub mod lang;
pub mod live;
pub mod popup;
pub mod review;
pub mod run_loop;
pub mod terminal;
pub mod theme;
pub mod widgets;

pub use controller::{ControllerOpened, run_controller};
pub use live::feed;
pub use live::model::Notice;
pub use live::run::{Opened, run_screen};
pub use terminal::need_terminal;
