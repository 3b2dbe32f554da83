//! Mention triage (seed 003:33–37: every mention goes to PR, CS, Sales or Idea, and CS cases to
//! the CS organisation): the categories, and the rule that turns a triage into events — a CS
//! triage carries the mention's details as a hand-off item, so the CS team gets the case without
//! opening the feed.

use serde::{Deserialize, Serialize};

use super::Post;
use super::feed::Feed;
use crate::engine::EventKind;

/// Where a mention goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Triage {
    /// Public relations: the war room answers or watches it.
    Pr,
    /// Customer service: handed off to the CS organisation with its details.
    Cs,
    /// A sales lead.
    Sales,
    /// An idea or suggestion for the product teams.
    Idea,
    /// Nothing to do (noise, spam, a troll not to feed).
    Ignore,
}

impl Triage {
    pub const ALL: [Triage; 5] = [
        Triage::Pr,
        Triage::Cs,
        Triage::Sales,
        Triage::Idea,
        Triage::Ignore,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Triage::Pr => "pr",
            Triage::Cs => "cs",
            Triage::Sales => "sales",
            Triage::Idea => "idea",
            Triage::Ignore => "ignore",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Triage::Pr => "PR",
            Triage::Cs => "CS",
            Triage::Sales => "Sales",
            Triage::Idea => "Idea",
            Triage::Ignore => "ignore",
        }
    }

    /// Reads `pr`, `cs`, `sales`, `idea` or `ignore` (any case).
    pub fn parse(s: &str) -> Result<Triage, String> {
        let l = s.trim().to_ascii_lowercase();
        Triage::ALL
            .into_iter()
            .find(|t| t.word() == l)
            .ok_or_else(|| {
                format!(
                    "{:?} is not a triage; use one of: pr, cs, sales, idea, ignore",
                    crate::text::neutralize(s, false)
                )
            })
    }
}

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
