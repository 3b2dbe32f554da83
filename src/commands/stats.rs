//! `warroom stats LOG`: a one-screen summary of an incident or drill log (counts by kind,
//! start, end, duration, time to first public acknowledgement, time to CS hand-off, deadlines
//! breached), as text or JSON. Streams the log and checks its hash chain on the way, so it
//! works on very large logs in little memory; a damaged log gives the figures of its good part
//! and names the first bad line. With `--store`, LOG is one incident of a database, streamed
//! the same way.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::cli::{StatsArgs, StatsFormat};
use crate::duration::clock_hms;
use crate::engine::Mode;
use crate::log::reader::{LogRead, scan_with};
use crate::log_stats::{Stats, StatsParser};
use crate::store::source::{LogSource, SourceError};
use crate::text::neutralize;

/// Reads a log's figures, streaming. `Err` when the file cannot be read at all.
pub fn compute(path: &std::path::Path) -> std::io::Result<(Stats, LogRead)> {
    let file = crate::fsio::open_regular(path)?;
    let mut parser = StatsParser::new();
    let read = scan_with(file, &mut parser)?;
    Ok((parser.finish(), read))
}

/// As [`compute`], from a file or a database incident (streamed either way).
pub fn compute_from(source: &LogSource) -> Result<(Stats, LogRead), SourceError> {
    let mut parser = StatsParser::new();
    let read = source.scan(|r| scan_with(r, &mut parser))?;
    Ok((parser.finish(), read))
}

pub fn run(args: &StatsArgs) -> i32 {
    let source = LogSource::new(&args.log, args.store.as_deref());
    let computed = source.and_then(|s| compute_from(&s).map(|x| (s, x)));
    let (source, (stats, read)) = match computed {
        Ok(x) => x,
        Err(e) => {
            eprintln!("warroom stats: {}", neutralize(&e.to_string(), false));
            if let Some(h) = e.hint() {
                eprintln!("warroom stats: {h}");
            }
            return e.exit_code();
        }
    };
    let shown = source.shown();
    let empty = stats.events == 0 && read.problem.is_none() && read.torn.is_none();
    let out = match args.format {
        StatsFormat::Text => text(&shown, &stats, &read),
        StatsFormat::Json => {
            let log = match &source {
                LogSource::File(p) => p.display().to_string(),
                LogSource::Db { .. } => shown.clone(),
            };
            json(&log, &stats, &read)
        }
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

/// The plain-text summary: the damage if any, what the log is, its times, its milestones,
/// the deadlines breached and the events by kind.
pub fn text(shown: &str, s: &Stats, read: &LogRead) -> String {
    let mut o = String::new();
    let opened = s.opened.as_ref().map(|m| m.at);
    let _ = writeln!(o, "warroom stats · {shown}");
    damage(&mut o, s, read);
    identity(&mut o, s, read);
    times(&mut o, s);
    milestones(&mut o, s, opened);
    breaches(&mut o, s, opened);
    let _ = writeln!(o, "Events by kind");
    for (k, n) in &s.by_kind {
        let _ = writeln!(o, "  {k:<22} {n:>9}");
    }
    o
}

/// A text from the log, made safe to show.
fn c(t: &str) -> String {
    neutralize(t, false)
}

/// One `Name   value` row.
fn row(o: &mut String, k: &str, v: String) {
    let _ = writeln!(o, "{k:<30} {v}");
}

/// What the figures leave out: a damaged line, a torn last line.
fn damage(o: &mut String, s: &Stats, read: &LogRead) {
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
}

/// The incident, its playbook and its events.
fn identity(o: &mut String, s: &Stats, read: &LogRead) {
    if let Some(title) = &s.title {
        let mode = match s.mode {
            Some(Mode::Drill) => "drill",
            _ => "live",
        };
        row(o, "Incident", format!("{} ({mode})", c(title)));
    }
    if let Some(p) = &s.playbook {
        row(
            o,
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
        o,
        "Events",
        format!(
            "{} (seq 1..{}), {chain}",
            crate::text::group_thousands(s.events),
            s.events
        ),
    );
}

/// Started, closed (or the last event), and the duration.
fn times(o: &mut String, s: &Stats) {
    if let Some(m) = &s.opened {
        row(o, "Started", full(m.at));
    }
    match (&s.closed, &s.last) {
        (Some(cl), _) => row(
            o,
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
            o,
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
        row(o, "Duration", format!("{}{so_far}", clock_hms(d)));
    }
}

/// The first public acknowledgement and the CS hand-off.
fn milestones(o: &mut String, s: &Stats, opened: Option<DateTime<FixedOffset>>) {
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
    row(o, "First public acknowledgement", ack);
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
    row(o, "CS hand-off", handoff);
}

/// The deadlines breached: a count, then one line per deadline.
fn breaches(o: &mut String, s: &Stats, opened: Option<DateTime<FixedOffset>>) {
    row(
        o,
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
