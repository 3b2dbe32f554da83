//! Post-mortem review of a log: the analysis every review surface shares (the `review` screen
//! and the Markdown, HTML, JSON and CSV reports), computed from the events alone, with the
//! playbook (when it can be found) only adding the choices not taken and the deadline outcomes.
//!
//! `analysis` builds the [`Analysis`]; `category` is the kind filter; `credit` says whom an event is credited to (an inject's persona); `note` appends a
//! reviewer's note to a log; `followup` reads the promises made in posts; `verdict` words every
//! outcome (and writes `T+` times) the same way for every surface.

pub mod analysis;
pub mod category;
pub mod credit;
pub mod followup;
pub mod mentions;
pub mod note;
pub mod verdict;

pub use analysis::{
    Analysis, DeadlineOutcome, DeadlineRow, Decision, DraftRow, End, Entry, Person, Scope,
    StepSpan, correction,
};
pub use category::Category;
pub use followup::{FollowUp, Standing};
pub use verdict::{TPlus, Verdict, t_plus};
