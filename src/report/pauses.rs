//! The drill clock's pauses as a report tells them: how many, how long (wall time, from each
//! `drill_resumed`), and which events were recorded while the clock stood still — work the
//! players did while the injects and deadlines were frozen, which the report flags.

use crate::engine::{Event, EventKind};

/// The drill clock's pauses, from the log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pauses {
    pub count: usize,
    /// Wall-clock seconds paused, summed over the `drill_resumed` events.
    pub secs: i64,
    /// The seqs of the events recorded between a `drill_paused` and its `drill_resumed` (or the
    /// end of the log when the drill was never resumed).
    pub while_paused: Vec<u64>,
}

impl Pauses {
    /// Reads the pauses from the events.
    pub fn from_events(events: &[Event]) -> Pauses {
        let mut p = Pauses::default();
        let mut paused = false;
        for e in events {
            match &e.kind {
                EventKind::DrillPaused { .. } => {
                    paused = true;
                    p.count += 1;
                }
                EventKind::DrillResumed { paused_secs, .. } => {
                    paused = false;
                    p.secs += paused_secs.max(&0);
                }
                _ if paused => p.while_paused.push(e.seq),
                _ => {}
            }
        }
        p
    }

    /// Whether the event `seq` was recorded while the drill was paused.
    pub fn during(&self, seq: u64) -> bool {
        self.while_paused.binary_search(&seq).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::Pauses;
    use crate::engine::{Actor, Event, EventKind};

    fn ev(seq: u64, kind: EventKind) -> Event {
        Event {
            seq,
            at: chrono::DateTime::parse_from_rfc3339("2026-11-21T10:00:00+09:00")
                .unwrap_or_default(),
            actor: Actor {
                name: "kim".into(),
                role: None,
            },
            kind,
        }
    }

    #[test]
    fn events_between_a_pause_and_its_resume_are_flagged_and_the_time_summed() {
        let note = |seq| ev(seq, EventKind::Note { text: "x".into() });
        let events = [
            note(1),
            ev(2, EventKind::DrillPaused { wall: None }),
            note(3),
            note(4),
            ev(
                5,
                EventKind::DrillResumed {
                    paused_secs: 90,
                    wall: None,
                },
            ),
            note(6),
            ev(7, EventKind::DrillPaused { wall: None }),
            ev(
                8,
                EventKind::DrillResumed {
                    paused_secs: 30,
                    wall: None,
                },
            ),
            ev(9, EventKind::DrillPaused { wall: None }),
            note(10),
        ];
        let p = Pauses::from_events(&events);
        assert_eq!(p.count, 3);
        assert_eq!(p.secs, 120);
        assert_eq!(p.while_paused, [3, 4, 10]);
        assert!(p.during(4) && !p.during(6) && !p.during(2));
    }
}
