//! The drafts with their approvals, sign-offs, declines, privacy findings and what became of
//! them; the other approvals and rejections; and every post, verbatim.

use super::{Report, at_hms, on_behalf, when};
use crate::engine::{EventKind, OnBehalf};
use crate::report::document::{Block, Item, Section, Text};
use crate::review::DraftRow;

fn list(items: Vec<Item>) -> Block {
    Block::List {
        ordered: false,
        items,
    }
}

/// Every draft saved, and what became of it.
pub fn drafts(r: &Report<'_>) -> Section {
    let a = r.analysis;
    let mut s = Section::new("drafts", "Drafts and approvals");
    if a.drafts.is_empty() {
        s.para(Text::ours("No drafts were saved."));
    }
    for d in &a.drafts {
        let mut head = Text::ours(format!(
            "Draft #{} — {} for step ",
            d.number,
            d.channel.label()
        ))
        .code(&d.step);
        if let Some(v) = &d.voice {
            head = head.o(", in the voice of ").t(v);
        }
        s.push(Block::Subheading(head));
        s.para(
            Text::ours(format!("Saved {} by ", when(r, d.saved_at)))
                .t(&d.saved_by)
                .o("."),
        );
        s.push(Block::Verbatim(d.text.clone()));
        s.push(list(history(r, d)));
    }
    let others: Vec<Item> = r
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Approved { draft: None, .. } | EventKind::Rejected { .. }
            )
        })
        .map(|e| Item::new(Text::ours(format!("{}: ", r.t_plus(e.at))).t(e.describe())))
        .collect();
    if !others.is_empty() {
        s.para(Text::ours("Other approvals and rejections:"));
        s.push(list(others));
    }
    s
}

/// A draft's approvals, sign-offs, declines, privacy findings, and whether it was posted. An
/// entry made on someone's behalf (`--by NAME`) ends with its label, `[recorded on behalf of
/// NAME by OPERATOR]`, as on the timeline.
fn history(r: &Report<'_>, d: &DraftRow) -> Vec<Item> {
    let mut items = Vec::new();
    let by_as = |what: &str, by: &str, role: &str| {
        Text::ours(format!("{what} by ")).t(by).o(" as ").t(role)
    };
    let labelled = |text: Text, label: &Option<OnBehalf>| match label {
        Some(l) => text.and(on_behalf(l)),
        None => text,
    };
    for (by, role, at, label) in &d.approvals {
        let text = by_as("approved", by, role).o(format!(" at {}", r.t_plus(*at)));
        items.push(Item::new(labelled(text, label)));
    }
    for (by, role, at, label) in &d.signoffs {
        let text = by_as("signed off", by, role).o(format!(" at {}", r.t_plus(*at)));
        items.push(Item::new(labelled(text, label)));
    }
    for (by, role, reason, at, label) in &d.declines {
        let text = by_as("DECLINED", by, role)
            .o(format!(" at {}: ", r.t_plus(*at)))
            .t(reason);
        items.push(Item::new(labelled(text, label)));
    }
    for p in &d.privacy {
        items.push(Item::new(Text::ours("privacy guard: ").t(p)));
    }
    items.push(Item::new(match &d.posted {
        Some(p) => Text::new()
            .o_strong("posted")
            .o(format!(" {} by ", when(r, p.at)))
            .t(&p.by)
            .o(if p.forced { " (forced)" } else { "" }),
        None => Text::ours("not posted"),
    }));
    items
}

/// Every post, verbatim, with what it was posted despite when forced.
pub fn posted(r: &Report<'_>) -> Section {
    let mut s = Section::new("posted", "Posted, verbatim");
    let mut any = false;
    for e in r.events {
        let EventKind::Posted {
            draft,
            channel,
            text,
            forced,
            warnings,
        } = &e.kind
        else {
            continue;
        };
        any = true;
        s.push(Block::Subheading(
            Text::ours(format!(
                "#{draft} — {} at {} by ",
                channel.label(),
                at_hms(r, e.at)
            ))
            .t(&e.actor.name),
        ));
        if *forced {
            s.para(Text::ours("Posted despite: ").t(warnings.join("; ")).o("."));
        }
        s.push(Block::Verbatim(text.clone()));
    }
    if !any {
        s.para(Text::ours("Nothing was posted."));
    }
    s
}
