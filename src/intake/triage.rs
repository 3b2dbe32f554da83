//! Mention triage (seed 003:33–37: every mention goes to PR, CS, Sales or Idea, and CS cases to
//! the CS organisation): the categories, and the rule that turns a triage into events — a CS
//! triage carries the mention's details as a hand-off item, so the CS team gets the case without
//! opening the feed.

pub use crate::engine::post::Triage;

use super::Post;
use super::feed::Feed;
use crate::engine::EventKind;

/// What someone did with a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Triage(Triage),
    /// Answered by this draft.
    AnsweredBy(u32),
    Escalate(String),
}

/// The event for `action` on mention `id`, or why not: the mention must be in the feed (and a
/// CS triage copies its details into the event as the hand-off item). `draft_exists` says
/// whether a draft number is one of the incident's.
pub fn event_for(
    feed: &Feed,
    id: &str,
    action: &Action,
    draft_exists: impl Fn(u32) -> bool,
) -> Result<EventKind, String> {
    let Some(m) = feed.get(id) else {
        return Err(unknown(feed, id));
    };
    Ok(match action {
        Action::Triage(t) => EventKind::Triaged {
            mention: m.post.id.clone(),
            triage: *t,
            handoff: (*t == Triage::Cs).then(|| handoff(&m.post)),
        },
        Action::AnsweredBy(d) => {
            if !draft_exists(*d) {
                return Err(format!("there is no draft #{d} in this incident"));
            }
            EventKind::MentionAnswered {
                mention: m.post.id.clone(),
                draft: *d,
            }
        }
        Action::Escalate(reason) => EventKind::MentionEscalated {
            mention: m.post.id.clone(),
            reason: reason.clone(),
        },
    })
}

/// The hand-off item: the post as last seen (its latest metrics).
fn handoff(p: &Post) -> Post {
    p.clone()
}

fn unknown(feed: &Feed, id: &str) -> String {
    let near: Vec<&str> = feed
        .newest_first()
        .map(|m| m.post.id.as_str())
        .filter(|m| m.contains(id) || id.contains(*m))
        .take(5)
        .collect();
    let shown = crate::text::neutralize(id, false);
    if near.is_empty() {
        format!(
            "no mention {shown:?} in the feed ({} mentions so far)",
            feed.len()
        )
    } else {
        format!(
            "no mention {shown:?} in the feed; did you mean {}?",
            near.join(", ")
        )
    }
}
