//! The engine: commands, events, the session state machine and deadline evaluation.
//! Pure: no I/O, no clock — times come in with the events.
//!
//! - `kinds`: the one table of event kinds ([`EventKind`], [`Kind`]); `event`: the event and
//!   the values it carries; `post`: the post and mention vocabulary; `describe`: each kind's
//!   one-line description.
//! - `session`: the state and its queries; `apply`: a command turned into events (with the
//!   draft, sign-off and update rules in `drafts`, `signoff` and `updates`); `fold`: an event
//!   folded into the state.
//! - `command`: what can be asked; `deadlines`: what is due, met or breached.

mod apply;
pub mod command;
pub mod deadlines;
mod describe;
pub mod drafts;
pub mod drill_state;
pub mod event;
mod fold;
pub mod kinds;
pub mod post;
pub mod session;
pub mod signoff;
pub mod updates;

pub use command::{Command, CommandError};
pub use deadlines::{State as DeadlineState, Status as DeadlineStatus};
pub use event::{
    Actor, ApprovedText, Delivery, DrillEnd, Event, FeedAuthor, Mode, OnBehalf, PlaybookRef,
    ScenarioRef, StatementRef,
};
pub use kinds::{EventKind, Kind};
pub use session::{Draft, DraftApproval, DraftState, Session, Visit};
