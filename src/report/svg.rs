//! The pictures of the HTML report, as inline SVG drawn from the document's picture data: the
//! timeline (steps as bars over time, posts and injects as marks, deadlines as vertical lines —
//! a breached deadline is dashed, marked ✕ and labelled "BREACHED", so it reads without colour)
//! and the reach curves of the mentions.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::document::{ReachPicture, TimelinePicture};
use super::html::esc;
use crate::text::group_thousands;

type Time = DateTime<FixedOffset>;

const W: f64 = 960.0;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 20.0;
const LANE: f64 = 34.0;
const TOP: f64 = 30.0;
const LANES: [&str; 4] = ["Steps", "Posts", "Injects", "Deadlines"];

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

/// The top of lane `i`.
fn lane_y(i: usize) -> f64 {
    TOP + LANE * i as f64
}

/// The timeline SVG element (no XML prologue: it is embedded in HTML).
pub fn timeline(p: &TimelinePicture) -> String {
    // The picture covers the incident, and deadlines due after its end.
    let last = p
        .deadlines
        .iter()
        .map(|d| d.due_at)
        .fold(p.end, |a, b| a.max(b));
    let secs = ((last - p.start).num_milliseconds() as f64 / 1000.0).max(1.0);
    let sc = Scale {
        start: p.start,
        secs,
    };
    let h = TOP + LANE * LANES.len() as f64 + 40.0;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="100%" role="img" aria-labelledby="tl-title tl-desc" class="timeline"><title id="tl-title">Timeline of the incident</title><desc id="tl-desc">Steps as bars over time from the opening; posts as triangles; injects as circles; deadlines as vertical lines, breached ones dashed and marked with a cross.</desc>"#
    );
    lanes(&mut o);
    axis(&mut o, secs);
    steps(&mut o, p, &sc);
    marks(&mut o, p, &sc);
    deadlines(&mut o, p, &sc);
    o.push_str("</svg>");
    o
}

/// The lanes and their labels.
fn lanes(o: &mut String) {
    for (i, name) in LANES.iter().enumerate() {
        let y = lane_y(i);
        let _ = write!(
            o,
            r#"<rect x="{LEFT}" y="{y}" width="{}" height="{LANE}" class="lane{}"/><text x="{}" y="{}" class="lane-label">{name}</text>"#,
            W - LEFT - RIGHT,
            i % 2,
            LEFT - 8.0,
            y + LANE / 2.0 + 4.0
        );
    }
}

/// The time axis: a grid line and a `T+` label per tick.
fn axis(o: &mut String, secs: f64) {
    let axis_y = lane_y(LANES.len());
    let step = tick_step(secs);
    let mut t = 0i64;
    while (t as f64) <= secs {
        let x = LEFT + (t as f64 / secs) * (W - LEFT - RIGHT);
        let _ = write!(
            o,
            r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{}" class="grid"/><text x="{x:.1}" y="{}" class="tick">T+{}</text>"#,
            axis_y + 4.0,
            axis_y + 18.0,
            crate::duration::Interval::from_secs(t)
        );
        t += step;
    }
}

/// The steps as bars, labelled when there is room.
fn steps(o: &mut String, p: &TimelinePicture, sc: &Scale) {
    let y0 = lane_y(0);
    for (i, s) in p.steps.iter().enumerate() {
        let x1 = sc.x(s.entered);
        let x2 = sc.x(s.left).max(x1 + 1.5);
        let _ = write!(
            o,
            r#"<g class="step"><title>{}</title><rect x="{x1:.1}" y="{:.1}" width="{:.1}" height="{:.1}" class="bar{}"/>"#,
            esc(&s.title),
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
}

/// Posts as triangles and injects as circles, each in its lane.
fn marks(o: &mut String, p: &TimelinePicture, sc: &Scale) {
    let y = lane_y(1) + LANE / 2.0;
    for (at, title) in &p.posts {
        let x = sc.x(*at);
        let _ = write!(
            o,
            r#"<g class="post"><title>{}</title><path d="M{x:.1},{:.1} l7,12 h-14 z"/></g>"#,
            esc(title),
            y - 7.0
        );
    }
    let y = lane_y(2) + LANE / 2.0;
    for (at, title) in &p.injects {
        let x = sc.x(*at);
        let _ = write!(
            o,
            r#"<g class="inject"><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="6"/></g>"#,
            esc(title)
        );
    }
}

/// Deadlines as vertical lines; a breached one dashed, with ✕ and "BREACHED".
fn deadlines(o: &mut String, p: &TimelinePicture, sc: &Scale) {
    let yd = lane_y(3);
    for (i, d) in p.deadlines.iter().enumerate() {
        let x = sc.x(d.due_at);
        // Labels of nearby deadlines are staggered over three rows; near the right edge they
        // end at their line instead of starting there.
        let ly = yd + 11.0 + 10.0 * (i % 3) as f64;
        let (lx, anchor) = if x > W - RIGHT - 90.0 {
            (x - 4.0, "end")
        } else {
            (x + 4.0, "start")
        };
        if d.breached {
            let _ = write!(
                o,
                r#"<g class="deadline breached"><title>{}</title><line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}"/><path d="M{:.1},{:.1} l10,10 m0,-10 l-10,10"/><text x="{:.1}" y="{ly:.1}" text-anchor="{anchor}">BREACHED</text></g>"#,
                esc(&d.title),
                yd + LANE,
                x - 5.0,
                yd + 2.0,
                if anchor == "end" { lx - 6.0 } else { lx + 6.0 },
            );
        } else {
            let _ = write!(
                o,
                r#"<g class="deadline met"><title>{}</title><line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}">{}</text></g>"#,
                esc(&d.title),
                yd + LANE,
                if d.open { "open" } else { "✓ met" }
            );
        }
    }
}

/// The reach curves as one inline SVG: time across (T+ from the opening), reach up; each
/// curve has its own marker shape and dash and is labelled with its author at its end, so it
/// reads without colour.
pub fn reach(p: &ReachPicture) -> String {
    let curves = &p.curves;
    const W: f64 = 960.0;
    const H: f64 = 300.0;
    const L: f64 = 90.0;
    const R: f64 = 170.0;
    const T: f64 = 20.0;
    const B: f64 = 40.0;
    let pts = curves.iter().flat_map(|c| c.points.iter());
    let (Some(t0), Some(t1)) = (
        pts.clone().map(|p| p.0).min(),
        pts.clone().map(|p| p.0).max(),
    ) else {
        return String::new();
    };
    let max = pts.filter_map(|p| p.1).max().unwrap_or(1).max(1) as f64;
    // Snapshots taken in at one instant (a whole feed read at once) are spread by their order.
    let span = (t1 - t0).num_seconds() as f64;
    let n = curves
        .iter()
        .map(|c| c.points.len())
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
        esc(&p.from),
        W - R,
        H - 12.0,
        esc(&p.to),
        H / 2.0,
        H / 2.0
    );
    let dashes = ["", "6 3", "2 3", "10 4 2 4", "1 5", "8 8"];
    for (i, c) in curves.iter().enumerate() {
        let pts: Vec<(f64, f64, u64)> = c
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, (at, reach))| reach.map(|v| (x(*at, i), y(v), v)))
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
                esc(&c.who),
                group_thousands(*v)
            );
        }
        if let Some((a, b, v)) = pts.last() {
            let _ = write!(
                o,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{} {}</text>",
                a + 10.0,
                b + 4.0,
                esc(&c.who),
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
