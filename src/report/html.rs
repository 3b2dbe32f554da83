//! The HTML report: one self-contained file (inline style and SVG, no scripts, no external
//! assets; works offline) with the same content as the Markdown post-mortem and a timeline
//! picture. Every piece of text from the log is HTML-escaped and neutralised.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::Report;
use super::audience::{self, Audience, PublicItem, clip, state_label};
use super::markdown::human_secs;
use crate::engine::{EventKind, Mode};
use crate::review::{DeadlineOutcome, End, correction};
use crate::text::neutralize;

type Time = DateTime<FixedOffset>;

/// Escapes text for HTML element content and quoted attributes, after neutralising controls.
pub fn esc(s: &str) -> String {
    let s = neutralize(s, true);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#111;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .45rem;vertical-align:top;text-align:left}
th{background:#f2f2f2}td.num,th.num{white-space:nowrap}
pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;border:1px solid #ddd;padding:.5rem;font:14px/1.4 ui-monospace,monospace}
.warn{border:2px solid #a40000;padding:.5rem;background:#fff3f3}.note{border-left:4px solid #888;padding-left:.5rem;color:#333}
.exercise{border:3px double #000;padding:.5rem;font-weight:bold;letter-spacing:.05em}
.breach{font-weight:bold}.amend{display:block;margin-top:.2rem;padding-left:.5rem;border-left:3px solid #777;font-style:italic}
.timeline .lane0{fill:#fafafa}.timeline .lane1{fill:#f0f0f0}.timeline .lane-label{text-anchor:end;font-size:12px}
.timeline .grid{stroke:#ccc;stroke-width:1}.timeline .tick{text-anchor:middle;font-size:11px;fill:#444}
.timeline .bar0{fill:#6b8fb3}.timeline .bar1{fill:#8fb36b}.timeline .bar2{fill:#b38f6b}.timeline .step rect{stroke:#222;stroke-width:1}
.timeline .bar-label{font-size:11px;fill:#000}
.timeline .post path{fill:#222}.timeline .inject circle{fill:#fff;stroke:#222;stroke-width:2}
.timeline .deadline line{stroke:#222;stroke-width:2}.timeline .deadline text{font-size:11px}
.timeline .breached line{stroke:#a40000;stroke-dasharray:5 3}.timeline .breached path{stroke:#a40000;stroke-width:3}.timeline .breached text{fill:#a40000;font-weight:bold}
.legend{font-size:13px;color:#333}
@media print{body{margin:0}h2{break-after:avoid}}
"#;

/// A page of its own style around `body` (for the audience views).
fn page(title: &str, style: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

fn full_time(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

fn title_text(r: &Report<'_>) -> String {
    if r.title.is_empty() {
        "(untitled incident)".into()
    } else {
        r.title.clone()
    }
}

/// What was said publicly, as a status page: newest first, no internal entry.
fn public(r: &Report<'_>) -> String {
    let title = format!("Public updates: {}", title_text(r));
    let mut b = format!("<h1>{}</h1>\n", esc(&title));
    if r.mode == Mode::Drill {
        b.push_str("<p class=\"exercise\">EXERCISE — a tabletop drill: nothing here was really published.</p>\n");
    }
    if let Some((state, at)) = r.analysis.public_state {
        let _ = writeln!(
            b,
            "<p>Current state: <strong>{}</strong> (since {})</p>",
            state_label(state),
            full_time(at)
        );
    }
    b.push_str("<p class=\"legend\">Newest first.</p>\n");
    let items = audience::public_timeline(r);
    if items.is_empty() {
        b.push_str("<p>Nothing was said publicly.</p>\n");
    }
    for item in items {
        match item {
            PublicItem::Post { at, channel, text } => {
                let _ = writeln!(
                    b,
                    "<h2>{} — {}</h2>\n<pre>{}</pre>",
                    full_time(at),
                    channel.label(),
                    esc(&text)
                );
            }
            PublicItem::State { at, state } => {
                let _ = writeln!(
                    b,
                    "<h2>{} — state: {}</h2>",
                    full_time(at),
                    state_label(state)
                );
            }
        }
    }
    page(&title, STYLE, &b)
}

/// The one-page executive summary's style: small type, tight margins, fixed to one sheet.
const EXEC_STYLE: &str = r#"
@page{size:auto;margin:12mm}
body{font:10.5px/1.35 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo",sans-serif;margin:0 auto;max-width:46rem;color:#111;background:#fff}
h1{font-size:15px;margin:0 0 4px}h2{font-size:12px;margin:8px 0 2px;border-bottom:1px solid #ccc}
ul{margin:2px 0;padding-left:16px}li{margin:1px 0}p{margin:2px 0}.more{color:#444;font-style:italic}
.facts{display:flex;flex-wrap:wrap;gap:2px 16px}.exercise{border:2px double #000;padding:2px;font-weight:bold}
"#;

/// Caps for the one printed page; the JSON and Markdown summaries list everything.
const EXEC_ITEMS: usize = 6;
const EXEC_CHARS: usize = 220;

fn more(b: &mut String, total: usize) {
    if total > EXEC_ITEMS {
        let _ = writeln!(
            b,
            "<li class=\"more\">and {} more (see the full report)</li>",
            total - EXEC_ITEMS
        );
    }
}

/// The executive summary, on one printed A4 or Letter page.
fn executive(r: &Report<'_>) -> String {
    let x = audience::executive(r);
    let title = format!("Executive summary: {}", clip(&title_text(r), 120));
    let mut b = format!("<h1>{}</h1>\n", esc(&title));
    if r.mode == Mode::Drill {
        b.push_str("<p class=\"exercise\">EXERCISE — a tabletop drill, not a real incident.</p>\n");
    }
    let _ = write!(
        b,
        "<div class=\"facts\"><span><strong>Public state:</strong> {}</span><span><strong>Outcome:</strong> {}</span>",
        x.public_state.map(state_label).unwrap_or("not set"),
        esc(&x.outcome)
    );
    if let (Some(s), Some(e)) = (x.start, x.end) {
        let _ = write!(
            b,
            "<span><strong>Duration:</strong> {} ({} to {})</span>",
            human_secs(x.duration_secs),
            full_time(s),
            full_time(e)
        );
    }
    b.push_str("</div>\n<h2>Key decisions</h2>\n<ul>\n");
    if x.decisions.is_empty() {
        b.push_str("<li>None.</li>\n");
    }
    for d in x.decisions.iter().take(EXEC_ITEMS) {
        let _ = writeln!(
            b,
            "<li>{}: {}</li>",
            esc(&d.t_plus),
            esc(&clip(&d.taken, EXEC_CHARS))
        );
    }
    more(&mut b, x.decisions.len());
    b.push_str("</ul>\n<h2>Deadlines breached</h2>\n<ul>\n");
    if x.breaches.is_empty() {
        b.push_str("<li>None.</li>\n");
    }
    for br in x.breaches.iter().take(EXEC_ITEMS) {
        let _ = writeln!(
            b,
            "<li>✕ <strong>BREACHED</strong> {} (due {}): {}</li>",
            esc(&clip(&br.label, EXEC_CHARS)),
            esc(&r.t_plus(br.due_at)),
            esc(&br.result)
        );
    }
    more(&mut b, x.breaches.len());
    b.push_str("</ul>\n<h2>What was said publicly</h2>\n<ul>\n");
    if x.said_publicly.is_empty() {
        b.push_str("<li>Nothing.</li>\n");
    }
    // The latest ones matter most when there are many.
    let skip = x.said_publicly.len().saturating_sub(EXEC_ITEMS);
    if skip > 0 {
        let _ = writeln!(
            b,
            "<li class=\"more\">{skip} earlier (see the public report)</li>"
        );
    }
    for item in x.said_publicly.iter().skip(skip) {
        match item {
            PublicItem::Post { at, channel, text } => {
                let _ = writeln!(
                    b,
                    "<li>{} {}: “{}”</li>",
                    esc(&r.t_plus(*at)),
                    channel.label(),
                    esc(&clip(text, EXEC_CHARS))
                );
            }
            PublicItem::State { at, state } => {
                let _ = writeln!(
                    b,
                    "<li>{} state: <strong>{}</strong></li>",
                    esc(&r.t_plus(*at)),
                    state_label(*state)
                );
            }
        }
    }
    b.push_str("</ul>\n<h2>Open follow-ups</h2>\n<ul>\n");
    if x.followups.is_empty() {
        b.push_str("<li>None.</li>\n");
    }
    for f in x.followups.iter().take(EXEC_ITEMS) {
        let _ = writeln!(
            b,
            "<li>{} — owner <code>{}</code>, due {}</li>",
            esc(&clip(&f.what, EXEC_CHARS)),
            esc(&f.owner),
            esc(&clip(&f.due_text(), EXEC_CHARS))
        );
    }
    more(&mut b, x.followups.len());
    b.push_str("</ul>\n");
    page(&title, EXEC_STYLE, &b)
}

fn when(r: &Report<'_>, t: Time) -> String {
    format!(
        "{} <span class=\"num\">({})</span>",
        esc(&r.t_plus(t)),
        t.format("%Y-%m-%d %H:%M:%S")
    )
}

/// The report's Content-Security-Policy: nothing may load or run — no scripts, no fetches,
/// no frames, no forms — only its own inline styles are applied.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Renders the report as one HTML document.
pub fn render(r: &Report<'_>) -> String {
    match r.audience {
        Audience::Public => return public(r),
        Audience::Executives => return executive(r),
        Audience::All => {}
    }
    let a = r.analysis;
    let drill = r.mode == Mode::Drill;
    let title = if r.title.is_empty() {
        "(untitled incident)".to_string()
    } else {
        r.title.clone()
    };
    let heading = if drill {
        "After-action report"
    } else {
        "Post-mortem"
    };
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"warroom {}\">\n<title>{heading}: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{heading}: {}</h1>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title),
        esc(&title)
    );
    if drill {
        o.push_str("<p class=\"exercise\">EXERCISE — this log records a tabletop drill, not a real incident.</p>\n");
    }
    if let Some(p) = &r.log_problem {
        let _ = writeln!(
            o,
            "<p class=\"warn\"><strong>Warning:</strong> {} — this report covers only the events before it.</p>",
            esc(p)
        );
    }
    if let Some(n) = &a.playbook_note {
        let _ = writeln!(
            o,
            "<p class=\"note\"><strong>Playbook:</strong> {}</p>",
            esc(n)
        );
    }

    // Summary.
    o.push_str("<h2 id=\"summary\">Summary</h2>\n<table>\n");
    let mut row = |k: &str, v: String| {
        let _ = writeln!(o, "<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>");
    };
    row(
        "Mode",
        if drill { "drill" } else { "live incident" }.to_string(),
    );
    if let Some(pb) = &r.playbook {
        row(
            "Playbook",
            format!(
                "{} v{} (<code>{}</code>)",
                esc(&pb.title),
                esc(&pb.version),
                esc(&pb.id)
            ),
        );
        row(
            "Playbook SHA-256",
            format!("<code>{}</code>", esc(&pb.sha256)),
        );
    }
    if let Some(d) = &r.drill {
        row(
            "Scenario",
            format!(
                "{} (<code>{}</code>), drill clock {}x",
                esc(&d.scenario_ref.title),
                esc(&d.scenario_ref.id),
                d.speed
            ),
        );
    }
    if let Some(t) = a.start {
        row("Started", t.format("%Y-%m-%d %H:%M:%S %:z").to_string());
    }
    if let Some(t) = a.end {
        row(
            "Ended",
            format!(
                "{} ({})",
                t.format("%Y-%m-%d %H:%M:%S %:z"),
                match a.end_kind {
                    End::Closed => "closed",
                    End::DrillEnded => "the drill ended; the incident was not closed",
                    End::LastEvent => "still open: the last event so far",
                }
            ),
        );
        row("Duration", human_secs(a.duration_secs));
    }
    row(
        "Outcome",
        match a.outcome {
            Some(out) => format!("<code>{}</code>", out.word()),
            None => "not closed".into(),
        },
    );
    if let Some((state, at)) = a.public_state {
        row(
            "Public state",
            format!("{} (since {})", state.word(), esc(&r.t_plus(at))),
        );
    }
    if !a.summary.trim().is_empty() {
        row("Closing summary", esc(&a.summary));
    }
    row(
        "First public acknowledgement",
        a.first_public_ack
            .map(|t| esc(&r.t_plus(t)))
            .unwrap_or_else(|| "none (nothing posted on a public channel)".into()),
    );
    if let Some(t) = a.cs_handoff {
        row("Handed off to customer service", esc(&r.t_plus(t)));
    }
    let people: Vec<String> = a.people.iter().map(|p| esc(&p.describe())).collect();
    row("People", people.join("; "));
    row(
        "Log",
        format!(
            "<code>{}</code>, {} events",
            esc(&r.log_name),
            r.events.len()
        ),
    );
    if let Some(card) = r.drill.as_ref().and_then(|d| d.score.as_ref()) {
        row(
            "Score",
            format!(
                "{:.1} / {} points ({:.0}%): {} met, {} late, {} missed",
                card.points,
                card.max,
                card.percent(),
                card.count("met"),
                card.count("late"),
                card.count("missed")
            ),
        );
    }
    o.push_str("</table>\n");

    // Picture.
    o.push_str("<h2 id=\"picture\">Timeline picture</h2>\n");
    o.push_str(&super::svg::timeline(a, r.events));
    o.push_str("\n<p class=\"legend\">Bars: time in each step. ▲ post. ○ inject. Vertical line: a deadline; dashed with ✕ and the word BREACHED: a deadline breached. Hover a mark for details.</p>\n");
    super::mentions::html(&mut o, r);

    // Drill expectations.
    if let Some(card) = r.drill.as_ref().and_then(|d| d.score.as_ref()) {
        o.push_str("<h2 id=\"expectations\">Expectations</h2>\n<table>\n<tr><th>Expectation</th><th>Looked for</th><th>Result</th><th>Points</th></tr>\n");
        for x in &card.results {
            let _ = writeln!(
                o,
                "<tr><td>{} (<code>{}</code>)</td><td>{}</td><td>{}</td><td class=\"num\">{:.1} / {}</td></tr>",
                esc(&x.label),
                esc(&x.id),
                esc(&x.criterion),
                match x.status {
                    crate::drill::Status::Met(_) => "met",
                    crate::drill::Status::Late(_) => "late",
                    crate::drill::Status::Missed(_) => "<strong>MISSED</strong>",
                    crate::drill::Status::Overdue => "overdue",
                    crate::drill::Status::Pending => "pending",
                },
                x.points,
                x.weight
            );
        }
        o.push_str("</table>\n");
    }

    // Timeline table.
    o.push_str("<h2 id=\"timeline\">Timeline</h2>\n<table>\n<tr><th class=\"num\">#</th><th class=\"num\">T+</th><th class=\"num\">Time</th><th>Who</th><th>What</th></tr>\n");
    for (e, entry) in r.events.iter().zip(&a.entries) {
        let mut what = match &e.kind {
            EventKind::Posted { .. } | EventKind::DeadlineBreached { .. } => {
                format!("<strong>{}</strong>", esc(&e.kind.describe()))
            }
            EventKind::Amended { target, text, .. } => {
                let original = a
                    .entry(*target)
                    .map(|t| format!(" (“{}”)", esc(&t.summary)))
                    .unwrap_or_default();
                format!("<strong>AMENDS #{target}</strong>{original}: {}", esc(text))
            }
            EventKind::ReviewNote { text } => format!(
                "<em>review note (added after the incident):</em> {}",
                esc(text)
            ),
            k => esc(&k.describe()),
        };
        if entry.scope == crate::review::Scope::External {
            what.insert_str(0, "🌐 <em>external</em> · ");
        }
        for seq in &entry.amended_by {
            if let Some(text) = correction(r.events, *seq) {
                let _ = write!(
                    what,
                    "<span class=\"amend\">↳ amended by #{seq}: {}</span>",
                    esc(text)
                );
            }
        }
        let _ = writeln!(
            o,
            "<tr id=\"e{}\"><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{what}</td></tr>",
            e.seq,
            e.seq,
            esc(&r.t_plus(e.at)),
            e.at.format("%Y-%m-%d %H:%M:%S"),
            esc(&entry.actor)
        );
    }
    o.push_str("</table>\n");

    // Steps.
    o.push_str("<h2 id=\"steps\">Time in each step</h2>\n<table>\n<tr><th>Step</th><th>Entered</th><th>Left</th><th>Time spent</th></tr>\n");
    for s in &a.steps {
        let _ = writeln!(
            o,
            "<tr><td>{}<code>{}</code></td><td>{}</td><td>{}{}</td><td class=\"num\">{}</td></tr>",
            s.title
                .as_ref()
                .map(|t| format!("{} ", esc(t)))
                .unwrap_or_default(),
            esc(&s.step),
            when(r, s.entered),
            when(r, s.left),
            if s.current { " — still here" } else { "" },
            human_secs(s.secs)
        );
    }
    let total: i64 = a.steps.iter().map(|s| s.secs).sum();
    let _ = writeln!(
        o,
        "<tr><th colspan=\"3\">Total</th><th class=\"num\">{}</th></tr>\n</table>",
        human_secs(total)
    );

    // Decisions.
    o.push_str("<h2 id=\"decisions\">Decisions and the choices not taken</h2>\n");
    if a.decisions.is_empty() {
        o.push_str("<p>No choices were taken.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for d in &a.decisions {
            let _ = write!(
                o,
                "<li>{} at <code>{}</code>: chose <strong>{}</strong> → <code>{}</code>",
                esc(&r.t_plus(d.at)),
                esc(&d.from),
                esc(&d.taken),
                esc(&d.to)
            );
            if !d.overridden.is_empty() {
                let _ = write!(
                    o,
                    " (override: required items unticked: {})",
                    esc(&d.overridden.join(", "))
                );
            }
            if !d.not_taken.is_empty() {
                o.push_str("<ul>");
                for (label, to) in &d.not_taken {
                    let _ = write!(
                        o,
                        "<li>not taken: {} → <code>{}</code></li>",
                        esc(label),
                        esc(to)
                    );
                }
                o.push_str("</ul>");
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }

    // Deadlines.
    o.push_str("<h2 id=\"deadlines\">Deadlines</h2>\n");
    if a.deadlines.is_empty() {
        o.push_str("<p>No deadlines applied.</p>\n");
    } else {
        o.push_str("<table>\n<tr><th>Deadline</th><th>Step</th><th>Due</th><th>Result</th></tr>\n");
        for d in &a.deadlines {
            let result = match d.outcome {
                DeadlineOutcome::Met { at } => format!("✓ met at {}", esc(&r.t_plus(at))),
                DeadlineOutcome::MetLate { at } => format!(
                    "<span class=\"breach\">✕ BREACHED</span> — met late at {}",
                    esc(&r.t_plus(at))
                ),
                DeadlineOutcome::Breached { .. } => {
                    "<span class=\"breach\">✕ BREACHED</span> — not met".into()
                }
                DeadlineOutcome::Open => "not yet due".into(),
            };
            let _ = writeln!(
                o,
                "<tr><td>{} (<code>{}</code>)</td><td>{}</td><td>{}</td><td>{result}</td></tr>",
                esc(&d.label),
                esc(&d.id),
                d.step
                    .as_ref()
                    .map(|s| format!("<code>{}</code>", esc(s)))
                    .unwrap_or_else(|| "incident".into()),
                when(r, d.due_at)
            );
        }
        o.push_str("</table>\n");
    }

    // Drafts and posts.
    o.push_str("<h2 id=\"drafts\">Drafts, approvals and posts</h2>\n");
    if a.drafts.is_empty() {
        o.push_str("<p>No drafts were saved.</p>\n");
    }
    for d in &a.drafts {
        let _ = writeln!(
            o,
            "<h3>Draft #{} — {} for step <code>{}</code>{}</h3>\n<p>Saved {} by {}.</p>\n<pre>{}</pre>",
            d.number,
            d.channel.label(),
            esc(&d.step),
            d.voice
                .as_ref()
                .map(|v| format!(", in the voice of {}", esc(v)))
                .unwrap_or_default(),
            when(r, d.saved_at),
            esc(&d.saved_by),
            esc(&d.text)
        );
        o.push_str("<ul>\n");
        for (by, role, at) in &d.approvals {
            let _ = writeln!(
                o,
                "<li>approved by {} as {} at {}</li>",
                esc(by),
                esc(role),
                esc(&r.t_plus(*at))
            );
        }
        for (by, role, at) in &d.signoffs {
            let _ = writeln!(
                o,
                "<li>signed off by {} as {} at {}</li>",
                esc(by),
                esc(role),
                esc(&r.t_plus(*at))
            );
        }
        for (by, role, reason, at) in &d.declines {
            let _ = writeln!(
                o,
                "<li>DECLINED by {} as {} at {}: {}</li>",
                esc(by),
                esc(role),
                esc(&r.t_plus(*at)),
                esc(reason)
            );
        }
        for p in &d.privacy {
            let _ = writeln!(o, "<li>privacy guard: {}</li>", esc(p));
        }
        match &d.posted {
            Some(p) => {
                let _ = writeln!(
                    o,
                    "<li><strong>posted</strong> {} by {}{}; as posted:<pre>{}</pre></li>",
                    when(r, p.at),
                    esc(&p.by),
                    if p.forced {
                        format!(" (forced despite: {})", esc(&p.warnings.join("; ")))
                    } else {
                        String::new()
                    },
                    esc(&p.text)
                );
            }
            None => o.push_str("<li>not posted</li>\n"),
        }
        o.push_str("</ul>\n");
    }

    // Notes.
    o.push_str("<h2 id=\"notes\">Notes and amendments</h2>\n");
    let notes: Vec<_> = r
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Note { .. } | EventKind::Amended { .. } | EventKind::ReviewNote { .. }
            )
        })
        .collect();
    if notes.is_empty() {
        o.push_str("<p>No notes.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for e in notes {
            let text = match &e.kind {
                EventKind::Note { text } => esc(text),
                EventKind::ReviewNote { text } => format!("<em>review note:</em> {}", esc(text)),
                EventKind::Amended { target, text, .. } => {
                    format!("amends <a href=\"#e{target}\">#{target}</a>: {}", esc(text))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                o,
                "<li>{} {}: {text}</li>",
                when(r, e.at),
                esc(&e.actor.name)
            );
        }
        o.push_str("</ul>\n");
    }

    if let Some(sc) = r.drill.as_ref().and_then(|d| d.scenario)
        && !sc.hot_wash.is_empty()
    {
        o.push_str("<h2 id=\"hot-wash\">Hot-wash questions</h2>\n<ol>\n");
        for q in &sc.hot_wash {
            let _ = writeln!(o, "<li>{}</li>", esc(q));
        }
        o.push_str("</ol>\n");
    }
    o.push_str("<h2 id=\"lessons\">Lessons and follow-ups</h2>\n<p><em>To fill in at the review meeting.</em></p>\n<ul><li>What went well:</li><li>What was hard:</li><li>What we change in the playbook:</li></ul>\n<table><tr><th>Follow-up</th><th>Owner</th><th>Due</th><th>Promised in</th></tr>\n");
    for f in &r.analysis.followups {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>post #{} ({}), {}</td></tr>",
            esc(&f.what),
            esc(&f.owner),
            esc(&f.due_text()),
            f.draft,
            f.channel.label(),
            when(r, f.posted_at)
        );
    }
    o.push_str("<tr><td>&nbsp;</td><td></td><td></td><td></td></tr></table>\n");
    o.push_str("</body>\n</html>\n");
    o
}
