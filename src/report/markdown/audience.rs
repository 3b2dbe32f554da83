//! The Markdown views for an audience: the public status page (newest first, nothing
//! internal) and the executive summary.

use std::fmt::Write as _;

use super::{esc, fenced};
use crate::engine::Mode;
use crate::report::Report;
use crate::report::audience::{self, PublicItem};
use crate::report::build::{full_time, title_text};
use crate::report::human_secs;

fn title_of(r: &Report<'_>) -> String {
    esc(&title_text(r))
}

/// What was said publicly, as a status page: newest first, with no internal entry.
pub fn public(r: &Report<'_>) -> String {
    let mut o = format!("# Public updates: {}\n\n", title_of(r));
    if r.mode == Mode::Drill {
        o.push_str("> **EXERCISE** — a tabletop drill: nothing here was really published.\n\n");
    }
    if let Some((state, at)) = r.analysis.public_state {
        let _ = writeln!(
            o,
            "Current state: **{}** (since {})\n",
            audience::state_label(state),
            full_time(at)
        );
    }
    o.push_str("Newest first.\n\n");
    let items = audience::public_timeline(r);
    if items.is_empty() {
        o.push_str("Nothing was said publicly.\n");
    }
    for item in items {
        match item {
            PublicItem::Post { at, channel, text } => {
                let _ = writeln!(o, "## {} — {}\n", full_time(at), channel.label());
                o.push_str(&fenced(&text));
                o.push('\n');
            }
            PublicItem::State { at, state } => {
                let _ = writeln!(
                    o,
                    "## {} — state: **{}**\n",
                    full_time(at),
                    audience::state_label(state)
                );
            }
        }
    }
    o
}

/// The executive summary.
pub fn executive(r: &Report<'_>) -> String {
    let x = audience::executive(r);
    let mut o = format!("# Executive summary: {}\n\n", title_of(r));
    if r.mode == Mode::Drill {
        o.push_str("> **EXERCISE** — a tabletop drill, not a real incident.\n\n");
    }
    let _ = writeln!(
        o,
        "- **Public state:** {}",
        x.public_state
            .map(audience::state_label)
            .unwrap_or("not set")
    );
    let _ = writeln!(o, "- **Outcome:** {}", esc(&x.outcome));
    if let (Some(s), Some(e)) = (x.start, x.end) {
        let _ = writeln!(
            o,
            "- **Duration:** {} ({} to {})",
            human_secs(x.duration_secs),
            full_time(s),
            full_time(e)
        );
    }
    o.push_str("\n## Key decisions\n\n");
    if x.decisions.is_empty() {
        o.push_str("None.\n");
    }
    for d in &x.decisions {
        let _ = writeln!(o, "- {}: {}", d.t_plus, esc(&d.taken));
    }
    o.push_str("\n## Deadlines breached\n\n");
    if x.breaches.is_empty() {
        o.push_str("None.\n");
    }
    for b in &x.breaches {
        let _ = writeln!(
            o,
            "- ❌ **BREACHED** {} (due {}): {}",
            esc(&b.label),
            r.t_plus(b.due_at),
            esc(&b.result)
        );
    }
    o.push_str("\n## What was said publicly\n\n");
    if x.said_publicly.is_empty() {
        o.push_str("Nothing.\n");
    }
    for item in &x.said_publicly {
        match item {
            PublicItem::Post { at, channel, text } => {
                let _ = writeln!(
                    o,
                    "- {} {}: “{}”",
                    r.t_plus(*at),
                    channel.label(),
                    esc(text)
                );
            }
            PublicItem::State { at, state } => {
                let _ = writeln!(
                    o,
                    "- {} state: **{}**",
                    r.t_plus(*at),
                    audience::state_label(*state)
                );
            }
        }
    }
    o.push_str("\n## Open follow-ups\n\n");
    if x.followups.is_empty() {
        o.push_str("None.\n");
    }
    for f in &x.followups {
        let _ = writeln!(
            o,
            "- {} — owner `{}`, due {}",
            esc(&f.what),
            esc(&f.owner),
            esc(&f.due_text())
        );
    }
    o
}
