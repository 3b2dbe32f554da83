//! The timeline picture for the HTML report, as inline SVG: steps as bars over time, posts and
//! injects as marks, deadlines as vertical lines — a breached deadline is dashed, marked ✕ and
//! labelled "BREACHED", so it reads without colour.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::html::esc;
use crate::engine::{Event, EventKind};
use crate::review::Analysis;

type Time = DateTime<FixedOffset>;

const W: f64 = 960.0;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 20.0;
const LANE: f64 = 34.0;

struct Scale {
    start: Time,
    secs: f64,
}

impl Scale {
    fn x(&self, t: Time) -> f64 {
        let s = (t - self.start).num_milliseconds() as f64 / 1000.0;
        LEFT + (s / self.secs).clamp(0.0, 1.0) * (W - LEFT - RIGHT)
    }
}

/// A tick step in seconds that gives at most about eight ticks over `secs`.
fn tick_step(secs: f64) -> i64 {
    const STEPS: [i64; 12] = [
        10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400,
    ];
    STEPS
        .iter()
        .copied()
        .find(|s| secs / (*s as f64) <= 8.0)
        .unwrap_or(((secs / 8.0) as i64 / 86_400 + 1) * 86_400)
}

/// The SVG element (no XML prologue: it is embedded in HTML).
pub fn timeline(a: &Analysis, events: &[Event]) -> String {
    let (Some(start), Some(end)) = (a.start, a.end) else {
        return String::new();
    };
    // The picture covers the incident, and deadlines due after its end.
    let mut last = end;
    for d in &a.deadlines {
        last = last.max(d.due_at);
    }
    let secs = ((last - start).num_milliseconds() as f64 / 1000.0).max(1.0);
    let sc = Scale { start, secs };
    let lanes = ["Steps", "Posts", "Injects", "Deadlines"];
    let h = 30.0 + LANE * lanes.len() as f64 + 40.0;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="100%" role="img" aria-labelledby="tl-title tl-desc" class="timeline"><title id="tl-title">Timeline of the incident</title><desc id="tl-desc">Steps as bars over time from the opening; posts as triangles; injects as circles; deadlines as vertical lines, breached ones dashed and marked with a cross.</desc>"#
    );
    // Lanes and their labels.
    for (i, name) in lanes.iter().enumerate() {
        let y = 30.0 + LANE * i as f64;
        let _ = write!(
            o,
            r#"<rect x="{LEFT}" y="{y}" width="{}" height="{LANE}" class="lane{}"/><text x="{}" y="{}" class="lane-label">{name}</text>"#,
            W - LEFT - RIGHT,
            i % 2,
            LEFT - 8.0,
            y + LANE / 2.0 + 4.0
        );
    }
    // Time axis.
    let axis_y = 30.0 + LANE * lanes.len() as f64;
    let step = tick_step(secs);
    let mut t = 0i64;
    while (t as f64) <= secs {
        let x = LEFT + (t as f64 / secs) * (W - LEFT - RIGHT);
        let _ = write!(
            o,
            r#"<line x1="{x:.1}" y1="30" x2="{x:.1}" y2="{}" class="grid"/><text x="{x:.1}" y="{}" class="tick">T+{}</text>"#,
            axis_y + 4.0,
            axis_y + 18.0,
            crate::duration::Interval::from_secs(t)
        );
        t += step;
    }
    // Steps.
    let y0 = 30.0;
    for (i, s) in a.steps.iter().enumerate() {
        let x1 = sc.x(s.entered);
        let x2 = sc.x(s.left).max(x1 + 1.5);
        let title = format!(
            "{}{}: {} – {} ({})",
            s.step,
            s.title
                .as_ref()
                .map(|t| format!(" — {t}"))
                .unwrap_or_default(),
            s.entered.format("%Y-%m-%d %H:%M:%S"),
            s.left.format("%H:%M:%S"),
            super::markdown::human_secs(s.secs)
        );
        let _ = write!(
            o,
            r#"<g class="step"><title>{}</title><rect x="{x1:.1}" y="{:.1}" width="{:.1}" height="{:.1}" class="bar{}"/>"#,
            esc(&title),
            y0 + 5.0,
            x2 - x1,
            LANE - 10.0,
            i % 3
        );
        if x2 - x1 > 60.0 {
            let _ = write!(
                o,
                r#"<text x="{:.1}" y="{:.1}" class="bar-label">{}</text>"#,
                x1 + 4.0,
                y0 + LANE / 2.0 + 4.0,
                esc(&s.step)
            );
        }
        o.push_str("</g>");
    }
    // Posts and injects.
    for e in events {
        match &e.kind {
            EventKind::Posted {
                draft,
                channel,
                text,
                ..
            } => {
                let x = sc.x(e.at);
                let y = 30.0 + LANE + LANE / 2.0;
                let _ = write!(
                    o,
                    r#"<g class="post"><title>{}</title><path d="M{x:.1},{:.1} l7,12 h-14 z"/></g>"#,
                    esc(&format!(
                        "POSTED #{draft} ({}) at {}: {text}",
                        channel.label(),
                        e.at.format("%H:%M:%S")
                    )),
                    y - 7.0
                );
            }
            EventKind::InjectDelivered {
                inject,
                persona,
                text,
                ..
            } => {
                let x = sc.x(e.at);
                let y = 30.0 + 2.0 * LANE + LANE / 2.0;
                let _ = write!(
                    o,
                    r#"<g class="inject"><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="6"/></g>"#,
                    esc(&format!(
                        "INJECT {inject} at {} from {}: {text}",
                        e.at.format("%H:%M:%S"),
                        persona.name
                    ))
                );
            }
            _ => {}
        }
    }
    // Deadlines.
    let yd = 30.0 + 3.0 * LANE;
    for (i, d) in a.deadlines.iter().enumerate() {
        let x = sc.x(d.due_at);
        // Labels of nearby deadlines are staggered over three rows; near the right edge they
        // end at their line instead of starting there.
        let ly = yd + 11.0 + 10.0 * (i % 3) as f64;
        let (lx, anchor) = if x > W - RIGHT - 90.0 {
            (x - 4.0, "end")
        } else {
            (x + 4.0, "start")
        };
        let breached = d.outcome.is_breach();
        let title = format!(
            "{} ({}): due {} — {}",
            d.label,
            d.id,
            d.due_at.format("%Y-%m-%d %H:%M:%S"),
            d.outcome.word()
        );
        if breached {
            let _ = write!(
                o,
                r#"<g class="deadline breached"><title>{}</title><line x1="{x:.1}" y1="30" x2="{x:.1}" y2="{:.1}"/><path d="M{:.1},{:.1} l10,10 m0,-10 l-10,10"/><text x="{:.1}" y="{ly:.1}" text-anchor="{anchor}">BREACHED</text></g>"#,
                esc(&title),
                yd + LANE,
                x - 5.0,
                yd + 2.0,
                if anchor == "end" { lx - 6.0 } else { lx + 6.0 },
            );
        } else {
            let _ = write!(
                o,
                r#"<g class="deadline met"><title>{}</title><line x1="{x:.1}" y1="30" x2="{x:.1}" y2="{:.1}"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}">{}</text></g>"#,
                esc(&title),
                yd + LANE,
                if matches!(d.outcome, crate::review::DeadlineOutcome::Open) {
                    "open"
                } else {
                    "✓ met"
                }
            );
        }
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::tick_step;

    #[test]
    fn ticks_stay_few() {
        for secs in [5.0, 100.0, 3000.0, 40_000.0, 400_000.0, 4_000_000.0] {
            let n = secs / tick_step(secs) as f64;
            assert!(n <= 8.0, "{secs}: {n}");
        }
    }
}
