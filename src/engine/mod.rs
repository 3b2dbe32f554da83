//! The engine: commands, events, the session state machine and deadline evaluation.
//! Pure: no I/O, no clock — times come in with the events.

pub mod command;
pub mod deadlines;
pub mod drafts;
pub mod event;
pub mod kinds;
pub mod post;
pub mod session;
pub mod signoff;
pub mod updates;

pub use command::{Command, CommandError};
pub use deadlines::{State as DeadlineState, Status as DeadlineStatus};
pub use event::{
    Actor, ApprovedText, DrillEnd, Event, FeedAuthor, Mode, PlaybookRef, ScenarioRef, StatementRef,
};
pub use kinds::{EventKind, Kind};
pub use session::{Draft, DraftApproval, DraftState, Session, Visit};
