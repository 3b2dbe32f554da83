//! `warroom stats LOG`: a one-screen summary of an incident or drill log (counts by kind,
//! start, end, duration, time to first public acknowledgement, time to CS hand-off, deadlines
//! breached), as text or JSON. Streams the log and checks its hash chain on the way, so it
//! works on very large logs in little memory; a damaged log gives the figures of its good part
//! and names the first bad line.

use chrono::{DateTime, FixedOffset};

use crate::cli::{StatsArgs, StatsFormat};
use crate::duration::clock_hms;
use crate::engine::Mode;
use crate::log::reader::{LogRead, scan_with};
use crate::log_stats::{Stats, StatsParser};
use crate::text::neutralize;

/// Reads a log's figures, streaming. `Err` when the file cannot be read at all.
pub fn compute(path: &std::path::Path) -> std::io::Result<(Stats, LogRead)> {
    let file = crate::fsio::open_regular(path)?;
    let mut parser = StatsParser::new();
    let read = scan_with(file, &mut parser)?;
    Ok((parser.finish(), read))
}

pub fn run(args: &StatsArgs) -> i32 {
    let shown = neutralize(&args.log.display().to_string(), false);
    let (stats, read) = match compute(&args.log) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("warroom stats: {shown}: cannot read: {e}");
            return 1;
        }
    };
    let empty = stats.events == 0 && read.problem.is_none() && read.torn.is_none();
    let out = match args.format {
        StatsFormat::Text => text(&shown, &stats, &read),
        StatsFormat::Json => json(&args.log.display().to_string(), &stats, &read),
    };
    print!("{out}");
    if let Some(p) = &read.problem {
        eprintln!(
            "{shown}:{}: {}; the figures cover the {} good event{} before it",
            p.line,
            p.message,
            stats.events,
            plural(stats.events)
        );
        return 1;
    }
    if let Some(t) = &read.torn {
        eprintln!(
            "{shown}:{}: torn last line ({} bytes without a newline: an interrupted write, or an incident still being written); the figures cover the {} complete lines before it",
            t.line, t.bytes, stats.events
        );
    }
    if empty {
        eprintln!("{shown}: the log is empty");
        return 1;
    }
    0
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `2026-11-21 09:00:00 +09:00`.
fn full(at: DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// The time of day, with the date when it is not the opening day.
fn when(at: DateTime<FixedOffset>, opened: Option<DateTime<FixedOffset>>) -> String {
    match opened {
        Some(o) if o.date_naive() == at.date_naive() => at.format("%H:%M:%S").to_string(),
        _ => at.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// The plain-text summary.
pub fn text(shown: &str, s: &Stats, read: &LogRead) -> String {
    use std::fmt::Write;
    let c = |t: &str| neutralize(t, false);
    let mut o = String::new();
    let opened = s.opened.as_ref().map(|m| m.at);
    let _ = writeln!(o, "warroom stats · {shown}");
    if let Some(p) = &read.problem {
        let _ = writeln!(
            o,
            "DAMAGED at line {}: {} — the figures below cover the {} good event{} before it",
            p.line,
            c(&p.message),
            s.events,
            plural(s.events)
        );
    }
    if let Some(t) = &read.torn {
        let _ = writeln!(
            o,
            "TORN last line {} ({} bytes without a newline) — the figures below cover the {} complete line{} before it",
            t.line,
            t.bytes,
            s.events,
            plural(s.events)
        );
    }
    let row = |o: &mut String, k: &str, v: String| {
        let _ = writeln!(o, "{k:<30} {v}");
    };
    if let Some(title) = &s.title {
        let mode = match s.mode {
            Some(Mode::Drill) => "drill",
            _ => "live",
        };
        row(&mut o, "Incident", format!("{} ({mode})", c(title)));
    }
    if let Some(p) = &s.playbook {
        row(
            &mut o,
            "Playbook",
            format!("{} v{} — {}", c(&p.id), c(&p.version), c(&p.title)),
        );
    }
    let chain = if read.problem.is_none() && read.torn.is_none() {
        "hash chain intact"
    } else {
        "hash chain intact up to the damage"
    };
    row(
        &mut o,
        "Events",
        format!(
            "{} (seq 1..{}), {chain}",
            crate::text::group_thousands(s.events),
            s.events
        ),
    );
    if let Some(m) = &s.opened {
        row(&mut o, "Started", full(m.at));
    }
    match (&s.closed, &s.last) {
        (Some(cl), _) => row(
            &mut o,
            "Closed",
            format!(
                "{} — {} at step {} (#{})",
                full(cl.moment.at),
                cl.outcome.word(),
                c(&cl.step),
                cl.moment.seq
            ),
        ),
        (None, Some(l)) => row(
            &mut o,
            "Closed",
            format!(
                "not closed (still open); last event #{} at {}",
                l.seq,
                full(l.at)
            ),
        ),
        (None, None) => {}
    }
    if let Some(d) = s.duration_secs() {
        let so_far = if s.closed.is_some() {
            ""
        } else {
            " so far (to the last event)"
        };
        row(&mut o, "Duration", format!("{}{so_far}", clock_hms(d)));
    }
    let ack = match (&s.first_public_post, s.first_public_ack_secs()) {
        (Some(p), Some(secs)) => format!(
            "T+{} — draft #{} posted ({}) at {}, event #{}",
            clock_hms(secs),
            p.draft,
            p.channel.label(),
            when(p.moment.at, opened),
            p.moment.seq
        ),
        _ => "none — nothing was posted on a public channel (tweet, blog, press)".into(),
    };
    row(&mut o, "First public acknowledgement", ack);
    let handoff = match (s.cs_handoff_secs(), &s.closed) {
        (Some(secs), Some(cl)) => format!(
            "T+{} — closed as handed_off_to_cs at {}, event #{}",
            clock_hms(secs),
            when(cl.moment.at, opened),
            cl.moment.seq
        ),
        (_, Some(cl)) => format!("none — closed as {}", cl.outcome.word()),
        _ => "not yet — the incident is not closed".into(),
    };
    row(&mut o, "CS hand-off", handoff);
    row(
        &mut o,
        "Deadlines breached",
        if s.breaches_total == 0 {
            "none".to_string()
        } else {
            format!(
                "{} ({} deadline{})",
                s.breaches_total,
                s.breaches.len(),
                plural(s.breaches.len() as u64)
            )
        },
    );
    for b in &s.breaches {
        let step = b
            .step
            .as_ref()
            .map(|st| format!(" (step {})", c(st)))
            .unwrap_or_default();
        let due = b
            .first_due_at
            .map(|d| format!(", due {}", when(d, opened)))
            .unwrap_or_default();
        let times = if b.count > 1 {
            format!(" ×{}", b.count)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {} \"{}\"{step}{times}{due}, noticed {} (#{})",
            c(&b.deadline),
            c(&b.label),
            when(b.first_noticed.at, opened),
            b.first_noticed.seq
        );
    }
    if s.breaches.len() >= crate::log_stats::MAX_DEADLINES_LISTED {
        let _ = writeln!(
            o,
            "  (only the first {} deadlines are listed)",
            crate::log_stats::MAX_DEADLINES_LISTED
        );
    }
    let _ = writeln!(o, "Events by kind");
    for (k, n) in &s.by_kind {
        let _ = writeln!(o, "  {k:<22} {n:>9}");
    }
    o
}

/// The JSON summary: the same figures, durations in seconds, times in RFC 3339.
pub fn json(path: &str, s: &Stats, read: &LogRead) -> String {
    let by_kind: serde_json::Map<String, serde_json::Value> = s
        .by_kind
        .iter()
        .map(|(k, n)| (k.clone(), serde_json::Value::from(*n)))
        .collect();
    let v = serde_json::json!({
        "log": path,
        "intact": read.problem.is_none() && read.torn.is_none(),
        "problem": read.problem.as_ref().map(|p| serde_json::json!({"line": p.line, "message": p.message})),
        "torn": read.torn.as_ref().map(|t| serde_json::json!({"line": t.line, "bytes": t.bytes})),
        "title": s.title,
        "mode": s.mode,
        "playbook": s.playbook,
        "events": s.events,
        "by_kind": by_kind,
        "opened": s.opened,
        "closed": s.closed,
        "last": s.last,
        "duration_secs": s.duration_secs(),
        "first_public_post": s.first_public_post,
        "first_public_ack_secs": s.first_public_ack_secs(),
        "cs_handoff_secs": s.cs_handoff_secs(),
        "deadlines_breached": s.breaches_total,
        "breaches": s.breaches,
    });
    let mut out = crate::text::json_safe(serde_json::to_string_pretty(&v).unwrap_or_default());
    out.push('\n');
    out
}
