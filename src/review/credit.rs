//! Whom an event is credited to on every review surface (the timeline's "Who", the JSON
//! entries' `actor`, the CSV's `actor` and `role`, the people counted): its seat's operator
//! and role, except an inject, whose source is the scenario's persona (the seat that was
//! running the drill clock only recorded it).

use crate::engine::{Event, EventKind};

/// The role word an inject's persona is credited with.
pub const PERSONA_ROLE: &str = "persona";

/// (name, role) of whom the event is credited to: an inject's persona ("name @handle",
/// role `persona`), else the event's actor.
pub fn credited(e: &Event) -> (String, Option<String>) {
    match &e.kind {
        EventKind::InjectDelivered { persona, .. } => {
            (persona.label(), Some(PERSONA_ROLE.to_string()))
        }
        _ => (e.actor.name.clone(), e.actor.role.clone()),
    }
}

/// Whether the event is one of the team's (an inject is the scenario's, not a person's).
pub fn by_the_team(e: &Event) -> bool {
    !matches!(e.kind, EventKind::InjectDelivered { .. })
}
