//! The Markdown after-action report: header, (drill) briefing, score, expectations and path,
//! the timeline with injects and team actions interleaved, posts verbatim, breaches, notes,
//! amendments and (drill) hot-wash questions.
//!
//! Every piece of text from the log or the scenario is escaped for Markdown and HTML (a post
//! cannot inject markup into the report), and control characters are neutralised; posts are
//! reproduced verbatim inside fenced blocks.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::Report;
use super::audience::{self, Audience, PublicItem};
use crate::drill::Status;
use crate::engine::{DrillEnd, EventKind, Mode};
use crate::review::{DeadlineOutcome, End, Person, correction};
use crate::text::neutralize;

type Time = DateTime<FixedOffset>;

/// Escapes text for a Markdown table cell or a line of prose: HTML specials, Markdown
/// punctuation, pipes; newlines become `<br>`.
pub fn esc(s: &str) -> String {
    let s = neutralize(s, true);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A fenced block holding `text` verbatim (the fence is longer than any backtick run inside).
fn fenced(text: &str) -> String {
    let text = neutralize(text, true);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}text\n{text}\n{fence}\n")
}

fn hms(t: Time) -> String {
    t.format("%H:%M:%S").to_string()
}

fn status_cell(s: Status) -> &'static str {
    match s {
        Status::Met(_) => "✅ met",
        Status::Late(_) => "🟡 late",
        Status::Missed(_) => "❌ missed",
        Status::Overdue => "⏳ overdue",
        Status::Pending => "… pending",
    }
}

fn points(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}", p.round())
    } else {
        format!("{p:.1}")
    }
}

/// Renders the report as Markdown (for its audience).
pub fn render(r: &Report<'_>) -> String {
    match r.audience {
        Audience::Public => return public(r),
        Audience::Executives => return executive(r),
        Audience::All => {}
    }
    let mut o = String::new();
    let drill = r.mode == Mode::Drill;
    let a = r.analysis;
    let _ = writeln!(
        o,
        "# {}: {}\n",
        if drill {
            "After-action report"
        } else {
            "Post-mortem"
        },
        esc(if r.title.is_empty() {
            "(untitled incident)"
        } else {
            &r.title
        })
    );
    if drill {
        o.push_str("> **EXERCISE** — this log records a tabletop drill, not a real incident.\n\n");
    }
    if let Some(p) = &r.log_problem {
        let _ = writeln!(
            o,
            "> **Warning:** {} — this report covers only the events before it.\n",
            esc(p)
        );
    }
    if let Some(n) = &a.playbook_note {
        let _ = writeln!(o, "> **Playbook:** {}\n", esc(n));
    }

    // Header table.
    o.push_str("| | |\n|---|---|\n");
    let _ = writeln!(
        o,
        "| Mode | {} |",
        if drill { "drill" } else { "live incident" }
    );
    if let Some(pb) = &r.playbook {
        let _ = writeln!(
            o,
            "| Playbook | {} v{} (`{}`) |",
            esc(&pb.title),
            esc(&pb.version),
            esc(&pb.id)
        );
        let _ = writeln!(o, "| Playbook SHA-256 | `{}` |", esc(&pb.sha256));
    }
    if let Some(d) = &r.drill {
        let _ = writeln!(
            o,
            "| Scenario | {} (`{}`) |",
            esc(&d.scenario_ref.title),
            esc(&d.scenario_ref.id)
        );
        let _ = writeln!(o, "| Drill clock | {}x |", d.speed);
    }
    if let Some(t) = r.opened {
        let _ = writeln!(o, "| Started | {} |", t.format("%Y-%m-%d %H:%M:%S %:z"));
    }
    if let Some(t) = a.end {
        let _ = writeln!(
            o,
            "| Ended | {} ({}) |",
            t.format("%Y-%m-%d %H:%M:%S %:z"),
            match a.end_kind {
                End::Closed => "closed",
                End::DrillEnded => "the drill ended; the incident was not closed",
                End::LastEvent => "still open: the last event so far",
            }
        );
        let _ = writeln!(o, "| Duration | {} |", human_secs(a.duration_secs));
    }
    let _ = writeln!(
        o,
        "| Outcome | {} |",
        match a.outcome {
            Some(out) => format!("`{}`", out.word()),
            None => "not closed".into(),
        }
    );
    if let Some((state, at)) = a.public_state {
        let _ = writeln!(
            o,
            "| Public state | {} (since {}) |",
            state.word(),
            r.t_plus(at)
        );
    }
    if let Some(d) = &r.drill {
        match d.ended {
            Some((why, at)) => {
                let _ = writeln!(
                    o,
                    "| Drill ended | {} ({}, {}) |",
                    hms(at),
                    r.t_plus(at),
                    match why {
                        DrillEnd::TimeUp => "time up",
                        DrillEnd::Facilitator => "ended by the facilitator",
                        DrillEnd::ScriptEnded => "end of script",
                    }
                );
            }
            None => o.push_str("| Drill ended | not recorded (the drill was stopped) |\n"),
        }
    }
    let _ = writeln!(
        o,
        "| First public acknowledgement | {} |",
        a.first_public_ack
            .map(|t| r.t_plus(t))
            .unwrap_or_else(|| "none (nothing posted on a public channel)".into())
    );
    if let Some(t) = a.cs_handoff {
        let _ = writeln!(o, "| Handed off to customer service | {} |", r.t_plus(t));
    }
    let people: Vec<String> = a.people.iter().map(Person::describe).collect();
    let _ = writeln!(o, "| People | {} |", esc(&people.join("; ")));
    let _ = writeln!(
        o,
        "| Log | `{}`, {} events |\n",
        esc(&r.log_name),
        r.events.len()
    );

    // Drill: briefing, score, expectations, path.
    if let Some(d) = &r.drill {
        if let Some(note) = &d.scenario_note {
            let _ = writeln!(o, "> **Scenario:** {}\n", esc(note));
        }
        if let Some(sc) = d.scenario {
            o.push_str("## Briefing\n\n");
            let _ = writeln!(o, "{}\n", esc(&sc.briefing));
        }
        if let Some(card) = &d.score {
            o.push_str("## Score\n\n");
            let _ = writeln!(
                o,
                "**{} / {} points ({:.0}%)** — {} met, {} late, {} missed{}.\n",
                points(card.points),
                card.max,
                card.percent(),
                card.count("met"),
                card.count("late"),
                card.count("missed"),
                match card.count("pending") + card.count("overdue") {
                    0 => String::new(),
                    n => format!(", {n} not settled (the drill was stopped before they were due)"),
                }
            );
            o.push_str("Met on time earns the full weight, late (after the due time, before expiry) half, missed nothing.\n\n");
            o.push_str("## Expectations\n\n");
            o.push_str("| Expectation | Looked for | Due | Done | Result | Points |\n|---|---|---|---|---|---|\n");
            for x in &card.results {
                let done = match x.status {
                    Status::Met(t) | Status::Late(t) | Status::Missed(Some(t)) => {
                        format!("{} ({})", r.t_plus(t), hms(t))
                    }
                    _ => "—".into(),
                };
                let due = if x.expires_at > x.due_at {
                    format!(
                        "{} ({}), late until {}",
                        r.t_plus(x.due_at),
                        hms(x.due_at),
                        r.t_plus(x.expires_at)
                    )
                } else {
                    format!("{} ({})", r.t_plus(x.due_at), hms(x.due_at))
                };
                let _ = writeln!(
                    o,
                    "| {} (`{}`) | {} | {} | {} | {} | {} / {} |",
                    esc(&x.label),
                    esc(&x.id),
                    esc(&x.criterion),
                    due,
                    done,
                    status_cell(x.status),
                    points(x.points),
                    x.weight
                );
            }
            o.push('\n');
            if !card.intended.is_empty() || !card.taken.is_empty() {
                o.push_str("## Path: intended and taken\n\n");
                if !card.intended.is_empty() {
                    o.push_str("| # | Intended step | Reached |\n|---|---|---|\n");
                    for (i, (step, at)) in card.intended.iter().enumerate() {
                        let _ = writeln!(
                            o,
                            "| {} | `{}` | {} |",
                            i + 1,
                            esc(step),
                            match at {
                                Some(t) => format!("✓ {} ({})", r.t_plus(*t), hms(*t)),
                                None => "✗ not reached".into(),
                            }
                        );
                    }
                    o.push('\n');
                }
                let taken: Vec<String> = card
                    .taken
                    .iter()
                    .map(|(s, t)| format!("`{}` ({})", esc(s), r.t_plus(*t)))
                    .collect();
                let _ = writeln!(o, "Taken: {}\n", taken.join(" → "));
                if !card.detours.is_empty() {
                    let det: Vec<String> = card
                        .detours
                        .iter()
                        .map(|s| format!("`{}`", esc(s)))
                        .collect();
                    let _ = writeln!(o, "Off the intended path: {}\n", det.join(", "));
                }
            }
        }
    }

    // Timeline.
    o.push_str("## Timeline\n\n| # | T+ | Time | Who | What |\n|---|---|---|---|---|\n");
    for (e, entry) in r.events.iter().zip(&a.entries) {
        let (who, what) = match &e.kind {
            EventKind::InjectDelivered {
                channel,
                persona,
                text,
                severity,
                ack,
                inject,
                ..
            } => {
                let mut who = format!("📣 {}", persona.name);
                if let Some(h) = &persona.handle {
                    who.push(' ');
                    who.push_str(h);
                }
                if let Some(f) = persona.followers {
                    who.push_str(&format!(" · {} followers", crate::text::group_thousands(f)));
                }
                let mut what = format!(
                    "**INJECT** `{}` ({}): {}",
                    esc(inject),
                    channel.label(),
                    esc(text)
                );
                if let Some(s) = severity {
                    what.push_str(&format!(" — severity now **{}**", s.label()));
                }
                if *ack {
                    what.push_str(" — acknowledgement required");
                }
                (esc(&who), what)
            }
            EventKind::Posted { .. } => (
                esc(&e.actor.name),
                format!("**{}**", esc(&e.kind.describe())),
            ),
            EventKind::DeadlineBreached { .. }
            | EventKind::DrillStarted { .. }
            | EventKind::DrillEnded { .. } => {
                ("—".into(), format!("**{}**", esc(&e.kind.describe())))
            }
            EventKind::Amended { target, text, .. } => {
                let original = a
                    .entry(*target)
                    .map(|t| format!(" (“{}”)", esc(&t.summary)))
                    .unwrap_or_default();
                (
                    esc(&e.actor.name),
                    format!("**AMENDS #{target}**{original}: {}", esc(text)),
                )
            }
            EventKind::ReviewNote { text } => (
                esc(&e.actor.name),
                format!("*review note (added after the incident):* {}", esc(text)),
            ),
            k => (esc(&e.actor.name), esc(&k.describe())),
        };
        let mut what = what;
        if entry.scope == crate::review::Scope::External {
            what.insert_str(0, "🌐 *external* · ");
        }
        for seq in &entry.amended_by {
            if let Some(text) = correction(r.events, *seq) {
                what.push_str(&format!("<br>↳ *amended by #{seq}:* {}", esc(text)));
            }
        }
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            e.seq,
            r.t_plus(e.at),
            e.at.format("%Y-%m-%d %H:%M:%S"),
            who,
            what
        );
    }
    o.push('\n');

    steps_section(&mut o, r);
    decisions_section(&mut o, r);
    deadlines_section(&mut o, r);
    drafts_section(&mut o, r);
    super::mentions::markdown(&mut o, r);

    // Posts, verbatim.
    let posts: Vec<_> = r
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Posted { .. }))
        .collect();
    o.push_str("## Posted, verbatim\n\n");
    if posts.is_empty() {
        o.push_str("Nothing was posted.\n\n");
    }
    for e in posts {
        if let EventKind::Posted {
            draft,
            channel,
            text,
            forced,
            warnings,
        } = &e.kind
        {
            let _ = writeln!(
                o,
                "### #{draft} — {} at {} ({}) by {}\n",
                channel.label(),
                r.t_plus(e.at),
                hms(e.at),
                esc(&e.actor.name)
            );
            if *forced {
                let _ = writeln!(o, "Posted despite: {}.\n", esc(&warnings.join("; ")));
            }
            o.push_str(&fenced(text));
            o.push('\n');
        }
    }

    // Notes and amendments.
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
    o.push_str("## Notes\n\n");
    if notes.is_empty() {
        o.push_str("No notes.\n\n");
    }
    for e in &notes {
        match &e.kind {
            EventKind::Note { text } => {
                let _ = writeln!(
                    o,
                    "- {} ({}) {}: {}",
                    r.t_plus(e.at),
                    hms(e.at),
                    esc(&e.actor.name),
                    esc(text)
                );
            }
            EventKind::ReviewNote { text } => {
                let _ = writeln!(
                    o,
                    "- review note, {} ({}), {}: {}",
                    e.at.format("%Y-%m-%d %H:%M"),
                    r.t_plus(e.at),
                    esc(&e.actor.name),
                    esc(text)
                );
            }
            EventKind::Amended { target, text, .. } => {
                let _ = writeln!(
                    o,
                    "- {} ({}) {} amends event #{target}: {}",
                    r.t_plus(e.at),
                    hms(e.at),
                    esc(&e.actor.name),
                    esc(text)
                );
            }
            _ => {}
        }
    }
    if !notes.is_empty() {
        o.push('\n');
    }
    if let Some((_, _, summary)) = &r.closed
        && !summary.trim().is_empty()
    {
        let _ = writeln!(o, "Closing summary: {}\n", esc(summary));
    }

    // Hot wash.
    if let Some(sc) = r.drill.as_ref().and_then(|d| d.scenario)
        && !sc.hot_wash.is_empty()
    {
        o.push_str("## Hot-wash questions\n\n");
        for (i, q) in sc.hot_wash.iter().enumerate() {
            let _ = writeln!(o, "{}. {}", i + 1, esc(q));
        }
        o.push('\n');
    }

    o.push_str("## Lessons and follow-ups\n\n_To fill in at the review meeting._\n\n");
    o.push_str("- What went well:\n- What was hard:\n- What we change in the playbook:\n\n");
    o.push_str("| Follow-up | Owner | Due | Promised in |\n|---|---|---|---|\n");
    for f in &a.followups {
        let _ = writeln!(
            o,
            "| {} | `{}` | {} | post #{} ({}), {} |",
            esc(&f.what),
            esc(&f.owner),
            esc(&f.due_text()),
            f.draft,
            f.channel.label(),
            when(r, f.posted_at)
        );
    }
    o.push_str("| | | | |\n");
    o
}

fn title_of(r: &Report<'_>) -> String {
    esc(if r.title.is_empty() {
        "(untitled incident)"
    } else {
        &r.title
    })
}

fn full_time(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// What was said publicly, as a status page: newest first, with no internal entry.
fn public(r: &Report<'_>) -> String {
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
fn executive(r: &Report<'_>) -> String {
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

/// `1h 02m 03s`-style duration.
pub fn human_secs(secs: i64) -> String {
    let neg = secs < 0;
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    let mut out = String::new();
    if neg {
        out.push('−');
    }
    if d > 0 {
        out.push_str(&format!("{d}d {h}h {m:02}m {sec:02}s"));
    } else if h > 0 {
        out.push_str(&format!("{h}h {m:02}m {sec:02}s"));
    } else if m > 0 {
        out.push_str(&format!("{m}m {sec:02}s"));
    } else {
        out.push_str(&format!("{sec}s"));
    }
    out
}

fn when(r: &Report<'_>, t: Time) -> String {
    format!("{} ({})", r.t_plus(t), t.format("%Y-%m-%d %H:%M:%S"))
}

fn steps_section(o: &mut String, r: &Report<'_>) {
    let a = r.analysis;
    o.push_str(
        "## Time in each step\n\n| Step | Entered | Left | Time spent |\n|---|---|---|---|\n",
    );
    for s in &a.steps {
        let name = match &s.title {
            Some(t) => format!("{} (`{}`)", esc(t), esc(&s.step)),
            None => format!("`{}`", esc(&s.step)),
        };
        let left = if s.current {
            format!("{} — still here", when(r, s.left))
        } else {
            when(r, s.left)
        };
        let _ = writeln!(
            o,
            "| {name} | {} | {left} | {} |",
            when(r, s.entered),
            human_secs(s.secs)
        );
    }
    let total: i64 = a.steps.iter().map(|s| s.secs).sum();
    let _ = writeln!(o, "| **Total** | | | **{}** |\n", human_secs(total));
}

fn decisions_section(o: &mut String, r: &Report<'_>) {
    let a = r.analysis;
    o.push_str("## Decisions and the choices not taken\n\n");
    if a.decisions.is_empty() {
        o.push_str("No choices were taken.\n\n");
        return;
    }
    for d in &a.decisions {
        let _ = write!(
            o,
            "- {} at `{}`: chose **{}** → `{}`",
            r.t_plus(d.at),
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
        o.push('\n');
        for (label, to) in &d.not_taken {
            let _ = writeln!(o, "  - not taken: {} → `{}`", esc(label), esc(to));
        }
    }
    o.push('\n');
}

fn deadlines_section(o: &mut String, r: &Report<'_>) {
    let a = r.analysis;
    o.push_str("## Deadlines\n\n");
    if a.deadlines.is_empty() {
        o.push_str("No deadlines applied.\n\n");
        return;
    }
    o.push_str("| Deadline | Step | Due | Result |\n|---|---|---|---|\n");
    for d in &a.deadlines {
        let result = match d.outcome {
            DeadlineOutcome::Met { at } => format!("✅ met at {}", r.t_plus(at)),
            DeadlineOutcome::MetLate { at } => {
                format!("❌ **BREACHED** — met late at {}", r.t_plus(at))
            }
            DeadlineOutcome::Breached { noticed } => match noticed {
                Some(t) => format!("❌ **BREACHED** — not met (noticed {})", r.t_plus(t)),
                None => "❌ **BREACHED** — not met".into(),
            },
            DeadlineOutcome::Open if a.end_kind == End::Closed => {
                "— not due before the close".into()
            }
            DeadlineOutcome::Open => "… not yet due".into(),
        };
        let _ = writeln!(
            o,
            "| {} (`{}`) | {} | {} | {result} |",
            esc(&d.label),
            esc(&d.id),
            d.step
                .as_ref()
                .map(|s| format!("`{}`", esc(s)))
                .unwrap_or_else(|| "incident".into()),
            when(r, d.due_at)
        );
    }
    o.push('\n');
}

fn drafts_section(o: &mut String, r: &Report<'_>) {
    let a = r.analysis;
    o.push_str("## Drafts and approvals\n\n");
    if a.drafts.is_empty() {
        o.push_str("No drafts were saved.\n\n");
    }
    for d in &a.drafts {
        let _ = writeln!(
            o,
            "### Draft #{} — {} for step `{}`{}\n",
            d.number,
            d.channel.label(),
            esc(&d.step),
            d.voice
                .as_ref()
                .map(|v| format!(", in the voice of {}", esc(v)))
                .unwrap_or_default()
        );
        let _ = writeln!(
            o,
            "Saved {} by {}.\n",
            when(r, d.saved_at),
            esc(&d.saved_by)
        );
        o.push_str(&fenced(&d.text));
        o.push('\n');
        for (by, role, at) in &d.approvals {
            let _ = writeln!(
                o,
                "- approved by {} as {} at {}",
                esc(by),
                esc(role),
                r.t_plus(*at)
            );
        }
        for (by, role, at) in &d.signoffs {
            let _ = writeln!(
                o,
                "- signed off by {} as {} at {}",
                esc(by),
                esc(role),
                r.t_plus(*at)
            );
        }
        for (by, role, reason, at) in &d.declines {
            let _ = writeln!(
                o,
                "- DECLINED by {} as {} at {}: {}",
                esc(by),
                esc(role),
                r.t_plus(*at),
                esc(reason)
            );
        }
        for p in &d.privacy {
            let _ = writeln!(o, "- privacy guard: {}", esc(p));
        }
        match &d.posted {
            Some(p) => {
                let _ = writeln!(
                    o,
                    "- **posted** {} by {}{}",
                    when(r, p.at),
                    esc(&p.by),
                    if p.forced { " (forced)" } else { "" }
                );
            }
            None => o.push_str("- not posted\n"),
        }
        o.push('\n');
    }
    let others: Vec<_> = r
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Approved { draft: None, .. } | EventKind::Rejected { .. }
            )
        })
        .collect();
    if !others.is_empty() {
        o.push_str("Other approvals and rejections:\n\n");
        for e in others {
            let _ = writeln!(o, "- {}: {}", r.t_plus(e.at), esc(&e.kind.describe()));
        }
        o.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            esc("a|b <script>*x*\nnext"),
            "a\\|b &lt;script&gt;\\*x\\*<br>next"
        );
        assert_eq!(crate::text::group_thousands(84150), "84,150");
        assert_eq!(crate::text::group_thousands(999), "999");
        assert!(fenced("a ```` b").starts_with("`````text\n"));
    }
}
