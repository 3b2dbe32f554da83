//! The mentions section of the Markdown and HTML reports: counts by triage, the mentions (with
//! their reach first and last seen), the CS hand-off items with their details, and the reach
//! curves — in HTML an inline SVG, each curve a different marker shape and labelled with its
//! handle at its end, so it reads without colour.

use std::fmt::Write as _;

use super::Report;
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

/// The Markdown section (nothing when the log has no mentions).
pub fn markdown(o: &mut String, r: &Report<'_>) {
    let m = Mentions::from_events(r.events);
    if m.is_empty() {
        return;
    }
    use super::markdown::esc;
    o.push_str("## Mentions\n\n");
    let _ = writeln!(o, "{}\n", counts_line(&m));
    o.push_str("| first seen | who | triage | reach first → last | snapshots | answered by | text |\n|---|---|---|---|---|---|---|\n");
    for row in listed(&m) {
        let first = row.curve.first().and_then(|p| p.reach);
        let _ = writeln!(
            o,
            "| {} | {} | {}{} | {} → {} | {} | {} | {} |",
            row.first_seen().map(|t| r.t_plus(t)).unwrap_or_default(),
            esc(&row.post.who()),
            row.triage.map_or("—", |t| t.label()),
            if row.escalated.is_some() {
                ", ESCALATED"
            } else {
                ""
            },
            num(first),
            num(row.reach()),
            row.curve.len(),
            row.answered_by
                .map_or("—".into(), |d| format!("draft #{d}")),
            esc(&row.post.text).replace('\n', " ")
        );
    }
    if m.rows.len() > MAX_LISTED {
        let _ = writeln!(
            o,
            "\n…and {} more (see the timeline).",
            m.rows.len() - MAX_LISTED
        );
    }
    let curves = m.curves(MAX_CURVES);
    if !curves.is_empty() {
        o.push_str("\n### Reach over time\n\n");
        for row in curves {
            let pts: Vec<String> = row
                .curve
                .iter()
                .map(|p| format!("{} {}", r.t_plus(p.at), num(p.reach)))
                .collect();
            let _ = writeln!(o, "- {}: {}", esc(&row.post.who()), pts.join(" → "));
        }
    }
    if !m.handoffs.is_empty() {
        o.push_str("\n### Hand-offs to CS\n\n");
        for h in &m.handoffs {
            let _ = writeln!(
                o,
                "- {} ({}), by {}: {} — {}{}\n\n  > {}",
                r.t_plus(h.at),
                h.at.format("%Y-%m-%d %H:%M:%S"),
                esc(&h.by),
                esc(&h.post.who()),
                h.post
                    .link
                    .as_deref()
                    .map(esc)
                    .unwrap_or_else(|| "no link".into()),
                {
                    let s = h.post.metrics.summary();
                    if s.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", esc(&s))
                    }
                },
                esc(&h.post.text).replace('\n', "\n  > ")
            );
        }
    }
    o.push('\n');
}

/// The HTML section (nothing when the log has no mentions).
pub fn html(o: &mut String, r: &Report<'_>) {
    let m = Mentions::from_events(r.events);
    if m.is_empty() {
        return;
    }
    use super::html::esc;
    o.push_str("<h2 id=\"mentions\">Mentions</h2>\n");
    let _ = writeln!(o, "<p>{}</p>", esc(&counts_line(&m)));
    o.push_str("<table>\n<tr><th>First seen</th><th>Who</th><th>Triage</th><th class=\"num\">Reach first → last</th><th>Snapshots</th><th>Answered by</th><th>Text</th></tr>\n");
    for row in listed(&m) {
        let first = row.curve.first().and_then(|p| p.reach);
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}{}</td><td class=\"num\">{} → {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.first_seen().map(|t| r.t_plus(t)).unwrap_or_default()),
            esc(&row.post.who()),
            row.triage.map_or("—", |t| t.label()),
            if row.escalated.is_some() {
                ", <strong>ESCALATED</strong>"
            } else {
                ""
            },
            num(first),
            num(row.reach()),
            row.curve.len(),
            row.answered_by
                .map_or("—".into(), |d| format!("draft #{d}")),
            esc(&row.post.text)
        );
    }
    o.push_str("</table>\n");
    let curves = m.curves(MAX_CURVES);
    if !curves.is_empty() {
        o.push_str("<h3>Reach over time</h3>\n");
        o.push_str(&reach_svg(r, &curves));
        o.push_str("\n<p class=\"legend\">Each line is one post's reach (views, else followers) each time it was seen; each has its own marker shape (●, ■, ▲, ◆, ✚, ✕) and is labelled with its author at its last point.</p>\n");
    }
    if !m.handoffs.is_empty() {
        o.push_str("<h3>Hand-offs to CS</h3>\n<table>\n<tr><th>When</th><th>By</th><th>Who</th><th>Link</th><th>Reach</th><th>Text</th></tr>\n");
        for h in &m.handoffs {
            let _ = writeln!(
                o,
                "<tr><td class=\"num\">{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.t_plus(h.at)),
                h.at.format("%Y-%m-%d %H:%M:%S"),
                esc(&h.by),
                esc(&h.post.who()),
                h.post.link.as_deref().map(esc).unwrap_or_default(),
                esc(&h.post.metrics.summary()),
                esc(&h.post.text)
            );
        }
        o.push_str("</table>\n");
    }
}

/// The reach curves as one inline SVG: time across (T+ from the opening), reach up.
fn reach_svg(r: &Report<'_>, curves: &[&MentionRow]) -> String {
    use super::html::esc;
    const W: f64 = 960.0;
    const H: f64 = 300.0;
    const L: f64 = 90.0;
    const R: f64 = 170.0;
    const T: f64 = 20.0;
    const B: f64 = 40.0;
    let pts = curves.iter().flat_map(|c| c.curve.iter());
    let (Some(t0), Some(t1)) = (
        pts.clone().map(|p| p.at).min(),
        pts.clone().map(|p| p.at).max(),
    ) else {
        return String::new();
    };
    let max = pts.filter_map(|p| p.reach).max().unwrap_or(1).max(1) as f64;
    // Snapshots taken in at one instant (a whole feed read at once) are spread by their order.
    let span = (t1 - t0).num_seconds() as f64;
    let n = curves
        .iter()
        .map(|c| c.curve.len())
        .max()
        .unwrap_or(1)
        .max(2) as f64
        - 1.0;
    let x = |t: chrono::DateTime<chrono::FixedOffset>, i: usize| {
        let f = if span >= 1.0 {
            (t - t0).num_seconds() as f64 / span
        } else {
            i as f64 / n
        };
        L + f * (W - L - R)
    };
    let y = |v: u64| T + (1.0 - v as f64 / max) * (H - T - B);
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=\"reach\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Reach over time of the {} most-seen posts\">",
        curves.len()
    );
    let _ = write!(
        o,
        "<line x1=\"{L}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222\"/><line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{}\" stroke=\"#222\"/>",
        H - B,
        W - R,
        H - B,
        H - B
    );
    let _ = write!(
        o,
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">0</text>",
        L - 6.0,
        T + 4.0,
        group_thousands(max as u64),
        L - 6.0,
        H - B + 4.0
    );
    let _ = write!(
        o,
        "<text x=\"{L}\" y=\"{}\" font-size=\"12\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text><text x=\"12\" y=\"{}\" font-size=\"12\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">reach</text>",
        H - 12.0,
        esc(&r.t_plus(t0)),
        W - R,
        H - 12.0,
        esc(&r.t_plus(t1)),
        H / 2.0,
        H / 2.0
    );
    let dashes = ["", "6 3", "2 3", "10 4 2 4", "1 5", "8 8"];
    for (i, c) in curves.iter().enumerate() {
        let pts: Vec<(f64, f64, u64)> = c
            .curve
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.reach.map(|v| (x(p.at, i), y(v), v)))
            .collect();
        let path: Vec<String> = pts
            .iter()
            .map(|(a, b, _)| format!("{a:.1},{b:.1}"))
            .collect();
        let _ = write!(
            o,
            "<g class=\"curve\"><polyline fill=\"none\" stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"{}\" points=\"{}\"/>",
            dashes[i % dashes.len()],
            path.join(" ")
        );
        for (a, b, v) in &pts {
            let _ = write!(
                o,
                "{}<title>{}: {}</title></g>",
                marker(i, *a, *b),
                esc(&c.post.who()),
                group_thousands(*v)
            );
        }
        if let Some((a, b, v)) = pts.last() {
            let _ = write!(
                o,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{} {}</text>",
                a + 10.0,
                b + 4.0,
                esc(&c.post.who()),
                group_thousands(*v)
            );
        }
        o.push_str("</g>");
    }
    o.push_str("</svg>");
    o
}

/// Marker shape `i` at (x, y), opening a `<g>` the caller closes after its `<title>`.
fn marker(i: usize, x: f64, y: f64) -> String {
    let shape = match i % 6 {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#222\"/>"),
        1 => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"#222\"/>",
            x - 4.0,
            y - 4.0
        ),
        2 => format!(
            "<path d=\"M{x:.1},{:.1} l5,9 h-10 z\" fill=\"#222\"/>",
            y - 5.0
        ),
        3 => format!(
            "<path d=\"M{x:.1},{:.1} l5,5 l-5,5 l-5,-5 z\" fill=\"#222\"/>",
            y - 5.0
        ),
        4 => format!(
            "<path d=\"M{:.1},{y:.1} h10 M{x:.1},{:.1} v10\" stroke=\"#222\" stroke-width=\"3\"/>",
            x - 5.0,
            y - 5.0
        ),
        _ => format!(
            "<path d=\"M{:.1},{:.1} l8,8 M{:.1},{:.1} l-8,8\" stroke=\"#222\" stroke-width=\"2\"/>",
            x - 4.0,
            y - 4.0,
            x + 4.0,
            y - 4.0
        ),
    };
    format!("<g>{shape}")
}
