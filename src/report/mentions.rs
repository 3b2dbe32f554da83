//! The mentions section of the report document: counts by triage, the mentions (with their
//! reach first and last seen), the reach curves (a picture, and each curve's points in words)
//! and the CS hand-off items with their details.

use super::Report;
use super::document::{Block, Item, Picture, ReachCurve, ReachPicture, Row, Section, Table, Text};
use crate::review::mentions::{MentionRow, Mentions};
use crate::text::group_thousands;

/// At most this many mentions are listed (the highest reach first); the rest are counted.
const MAX_LISTED: usize = 50;
/// At most this many reach curves are drawn.
const MAX_CURVES: usize = 6;

fn num(n: Option<u64>) -> String {
    n.map_or("—".into(), group_thousands)
}

fn listed(m: &Mentions) -> Vec<&MentionRow> {
    let mut v: Vec<&MentionRow> = m.rows.iter().collect();
    v.sort_by_key(|r| std::cmp::Reverse(r.reach().unwrap_or(0)));
    v.truncate(MAX_LISTED);
    v
}

fn counts_line(m: &Mentions) -> String {
    let parts: Vec<String> = m
        .by_triage
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    format!(
        "{} mentions ({}); {} handed off to CS.",
        m.rows.len(),
        parts.join(", "),
        m.handoffs.len()
    )
}

/// The section (none when the log has no mentions).
pub fn section(r: &Report<'_>) -> Option<Section> {
    let m = Mentions::from_events(r.events);
    if m.is_empty() {
        return None;
    }
    let mut s = Section::new("mentions", "Mentions");
    s.para(Text::ours(counts_line(&m)));
    s.push(Block::Table(Table {
        header: Some(
            [
                "first seen",
                "who",
                "triage",
                "reach first → last",
                "snapshots",
                "answered by",
                "text",
            ]
            .map(String::from)
            .to_vec(),
        ),
        rows: listed(&m)
            .into_iter()
            .map(|row| mention_row(r, row))
            .collect(),
        nowrap: vec![0, 3],
    }));
    if m.rows.len() > MAX_LISTED {
        s.para(Text::ours(format!(
            "…and {} more (see the timeline).",
            m.rows.len() - MAX_LISTED
        )));
    }
    let curves = m.curves(MAX_CURVES);
    if !curves.is_empty() {
        s.push(Block::Subheading(Text::ours("Reach over time")));
        if let Some(p) = reach_picture(r, &curves) {
            s.push(Block::Picture {
                picture: Picture::Reach(p),
                legend: "Each line is one post's reach (views, else followers) each time it was seen; each has its own marker shape (●, ■, ▲, ◆, ✚, ✕) and is labelled with its author at its last point.".into(),
            });
        }
        let items = curves
            .iter()
            .map(|row| {
                let pts: Vec<String> = row
                    .curve
                    .iter()
                    .map(|p| format!("{} {}", r.t_plus(p.at), num(p.reach)))
                    .collect();
                Item::new(Text::log(row.post.who()).o(format!(": {}", pts.join(" → "))))
            })
            .collect();
        s.push(Block::List {
            ordered: false,
            items,
        });
    }
    if !m.handoffs.is_empty() {
        s.push(Block::Subheading(Text::ours("Hand-offs to CS")));
        let items = m
            .handoffs
            .iter()
            .map(|h| {
                let metrics = h.post.metrics.summary();
                let mut t = Text::ours(format!(
                    "{} ({}), by ",
                    r.t_plus(h.at),
                    h.at.format("%Y-%m-%d %H:%M:%S")
                ))
                .t(&h.by)
                .o(": ")
                .t(h.post.who())
                .o(" — ");
                t = match h.post.link.as_deref() {
                    Some(l) => t.t(l),
                    None => t.o("no link"),
                };
                if !metrics.is_empty() {
                    t = t.o(" (").t(metrics).o(")");
                }
                Item {
                    text: t,
                    sub: Vec::new(),
                    quote: Some(h.post.text.clone()),
                }
            })
            .collect();
        s.push(Block::List {
            ordered: false,
            items,
        });
    }
    Some(s)
}

fn mention_row(r: &Report<'_>, row: &MentionRow) -> Row {
    let first = row.curve.first().and_then(|p| p.reach);
    Row::new(vec![
        Text::ours(row.first_seen().map(|t| r.t_plus(t)).unwrap_or_default()),
        Text::log(row.post.who()),
        Text::ours(format!(
            "{}{}",
            row.triage.map_or("—", |t| t.label()),
            if row.escalated.is_some() {
                ", ESCALATED"
            } else {
                ""
            }
        )),
        Text::ours(format!("{} → {}", num(first), num(row.reach()))),
        Text::ours(row.curve.len().to_string()),
        Text::ours(
            row.answered_by
                .map_or("—".into(), |d| format!("draft #{d}")),
        ),
        Text::log(&row.post.text),
    ])
}

/// The picture's data: the curves, and the first and last snapshot's `T+`.
fn reach_picture(r: &Report<'_>, curves: &[&MentionRow]) -> Option<ReachPicture> {
    let pts = curves.iter().flat_map(|c| c.curve.iter());
    let t0 = pts.clone().map(|p| p.at).min()?;
    let t1 = pts.map(|p| p.at).max()?;
    Some(ReachPicture {
        curves: curves
            .iter()
            .map(|c| ReachCurve {
                who: c.post.who(),
                points: c.curve.iter().map(|p| (p.at, p.reach)).collect(),
            })
            .collect(),
        from: r.t_plus(t0),
        to: r.t_plus(t1),
    })
}
