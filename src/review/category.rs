//! The kinds of event a reviewer filters the timeline by.

use serde::Serialize;

use crate::engine::EventKind;

/// A group of event kinds, as the review screen's `f` filter cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Opened, resumed, closed.
    Session,
    /// Choices taken, going back.
    Decisions,
    /// Checklist ticks and variables.
    Checklist,
    /// Notes during the incident and reviewers' notes after it.
    Notes,
    /// Drafts, posts and privacy warnings.
    Drafts,
    Approvals,
    /// Drill injects and the drill clock.
    Injects,
    Deadlines,
    Amendments,
    /// Posts taken in (intake), mention triage, answers and escalations.
    Mentions,
}

impl Category {
    /// The filters in the order `f` cycles through them (after "all").
    pub const FILTERS: [Category; 9] = [
        Category::Decisions,
        Category::Checklist,
        Category::Notes,
        Category::Drafts,
        Category::Approvals,
        Category::Injects,
        Category::Deadlines,
        Category::Amendments,
        Category::Mentions,
    ];

    pub fn of(kind: &EventKind) -> Category {
        match kind {
            EventKind::Opened { .. }
            | EventKind::Resumed { .. }
            | EventKind::Joined { .. }
            | EventKind::Left { .. }
            | EventKind::Closed { .. } => Category::Session,
            EventKind::Decided { .. } | EventKind::WentBack { .. } => Category::Decisions,
            EventKind::Checked { .. }
            | EventKind::Unchecked { .. }
            | EventKind::VariableSet { .. } => Category::Checklist,
            EventKind::Note { .. } | EventKind::ReviewNote { .. } => Category::Notes,
            EventKind::DraftSaved { .. }
            | EventKind::DraftEdited { .. }
            | EventKind::DraftDiscarded { .. }
            | EventKind::Refused { .. }
            | EventKind::PublicStateSet { .. }
            | EventKind::Posted { .. }
            | EventKind::PrivacyWarning { .. } => Category::Drafts,
            EventKind::Approved { .. }
            | EventKind::Rejected { .. }
            | EventKind::SignedOff { .. }
            | EventKind::DraftDeclined { .. } => Category::Approvals,
            EventKind::DrillStarted { .. }
            | EventKind::InjectDelivered { .. }
            | EventKind::InjectSkipped { .. }
            | EventKind::InjectAcknowledged { .. }
            | EventKind::InjectReplied { .. }
            | EventKind::DrillPaused { .. }
            | EventKind::DrillResumed { .. }
            | EventKind::DrillClockStarted { .. }
            | EventKind::DrillSpeedChanged { .. }
            | EventKind::ControllerNote { .. }
            | EventKind::DrillEnded { .. } => Category::Injects,
            EventKind::DeadlineBreached { .. } => Category::Deadlines,
            EventKind::Amended { .. } => Category::Amendments,
            EventKind::Intake { .. }
            | EventKind::Triaged { .. }
            | EventKind::MentionAnswered { .. }
            | EventKind::MentionEscalated { .. } => Category::Mentions,
        }
    }

    /// Whether an event of this category passes the filter. Decisions also show the opening
    /// and closing, so the path reads from start to end.
    pub fn admits(self, c: Category) -> bool {
        self == c || (self == Category::Decisions && c == Category::Session)
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Session => "session",
            Category::Decisions => "decisions",
            Category::Checklist => "checklist",
            Category::Notes => "notes",
            Category::Drafts => "drafts & posts",
            Category::Approvals => "approvals",
            Category::Injects => "injects",
            Category::Deadlines => "deadline breaches",
            Category::Amendments => "amendments",
            Category::Mentions => "mentions",
        }
    }

    /// The next filter after `cur` (`None` is "all").
    pub fn next_filter(cur: Option<Category>) -> Option<Category> {
        match cur {
            None => Some(Category::FILTERS[0]),
            Some(c) => {
                let i = Category::FILTERS.iter().position(|f| *f == c)?;
                Category::FILTERS.get(i + 1).copied()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_cycle_visits_every_filter_then_all() {
        let mut cur = None;
        let mut seen = Vec::new();
        loop {
            cur = Category::next_filter(cur);
            match cur {
                Some(c) => seen.push(c),
                None => break,
            }
        }
        assert_eq!(seen, Category::FILTERS.to_vec());
    }
}
