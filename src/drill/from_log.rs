//! `warroom drill --from-log`: turns an incident's log into a scenario, so last quarter's
//! incident becomes next quarter's drill.
//!
//! From a live log, the notes the team wrote (how a scribe records what came in: "reporter from
//! Yonhap called", "@x retweeted it to 80k followers") become internal-message injects from the
//! note's author, at their original offsets. From a drill log, the injects that were delivered
//! become injects again, unconditional, at the same offsets with the same persona, channel, text,
//! severity and acknowledgement (the players' own notes stay out: they were responses, not
//! arrivals). Variables set at T+0 become presets; the path the team took becomes the intended
//! path; the team's first post and final step become expectations to match or beat.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::duration::Interval;
use crate::engine::{Event, EventKind, FeedAuthor, Mode, PlaybookRef};
use crate::scenario::{FeedChannel, Severity};

/// The generated scenario's text and a summary of what went in.
#[derive(Debug, Clone)]
pub struct Generated {
    pub text: String,
    pub injects: usize,
    /// Things the user should know (e.g. the playbook was not found).
    pub warnings: Vec<String>,
}

/// A RON string literal.
pub fn ron_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Controls, and the invisible and reordering characters: escaped, so the scenario
            // printed on a terminal cannot drive it, and reads back as the same text.
            c if (c as u32) < 0x20 || c == '\u{7f}' || crate::text::is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "x".into()
    } else {
        out.chars().take(40).collect()
    }
}

pub(crate) fn round_up_minutes(secs: i64) -> i64 {
    (secs.max(1) + 59) / 60 * 60
}

fn channel_word(c: FeedChannel) -> &'static str {
    match c {
        FeedChannel::Mention => "Mention",
        FeedChannel::Reply => "Reply",
        FeedChannel::Dm => "Dm",
        FeedChannel::News => "News",
        FeedChannel::Phone => "Phone",
        FeedChannel::Internal => "Internal",
        FeedChannel::SharePrice => "SharePrice",
        FeedChannel::Email => "Email",
        FeedChannel::Press => "Press",
        FeedChannel::Tv => "Tv",
        FeedChannel::Forum => "Forum",
        FeedChannel::Facebook => "Facebook",
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

struct GenInject {
    id: String,
    at: Interval,
    channel: FeedChannel,
    from: String,
    text: String,
    severity: Option<Severity>,
    ack: bool,
}

/// Builds a scenario from a log's events. `out` is where the scenario will be written (its
/// playbook path is made relative to it); `log_path` is the log, for messages and for finding
/// the playbook.
pub fn scenario_from_log(
    events: &[Event],
    log_path: &Path,
    out: &Path,
) -> Result<Generated, String> {
    let opening = Opening::read(events, log_path)?;
    let mut warnings = Vec::new();
    let pb_path = playbook_path(opening.playbook, log_path, out, &mut warnings);
    let replay = Replay::collect(events, opening.start, opening.is_drill);
    let duration = replay.duration();
    let intended = loop_erased(&replay.path);

    let mut t = String::new();
    write_header(&mut t, &opening, log_path, &pb_path, duration);
    write_presets(&mut t, &replay.presets);
    write_personas(&mut t, &replay.personas);
    write_injects(&mut t, &replay.injects);
    write_expectations(&mut t, &replay, &intended, duration);
    write_path_and_hot_wash(&mut t, &intended);
    Ok(Generated {
        text: t,
        injects: replay.injects.len(),
        warnings,
    })
}

/// What the log's first event, `opened`, says of the incident.
struct Opening<'a> {
    playbook: &'a PlaybookRef,
    title: &'a str,
    start: DateTime<FixedOffset>,
    is_drill: bool,
}

impl<'a> Opening<'a> {
    fn read(events: &'a [Event], log_path: &Path) -> Result<Opening<'a>, String> {
        let Some(first) = events.first() else {
            return Err(format!("{}: the log is empty", crate::text::path(log_path)));
        };
        let EventKind::Opened {
            playbook,
            title,
            mode,
            ..
        } = &first.kind
        else {
            return Err(format!(
                "{}: the first event is not \"opened\"",
                crate::text::path(log_path)
            ));
        };
        Ok(Opening {
            playbook,
            title,
            start: first.at,
            is_drill: *mode == Mode::Drill,
        })
    }
}

/// The playbook the incident ran on, relative to the new scenario; as recorded (with a warning)
/// when it cannot be found.
fn playbook_path(
    playbook: &PlaybookRef,
    log_path: &Path,
    out: &Path,
    warnings: &mut Vec<String>,
) -> String {
    let out_dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(a) = &playbook.abs_path {
        candidates.push(PathBuf::from(a));
    }
    let given = playbook
        .path
        .strip_prefix("embedded:")
        .unwrap_or(&playbook.path);
    candidates.push(PathBuf::from(given));
    if let Some(d) = log_path.parent() {
        candidates.push(d.join(given));
    }
    match candidates.iter().find(|c| c.is_file()) {
        Some(p) => crate::fsio::relative_to(p, &out_dir).display().to_string(),
        None => {
            warnings.push(format!(
                "cannot find the playbook the incident ran on ({}); the scenario names it as recorded — fix its `playbook:` line",
                playbook.path
            ));
            given.to_string()
        }
    }
}

/// What the log's events (up to the drill's end) give the scenario.
struct Replay {
    start: DateTime<FixedOffset>,
    /// The recorded drill's duration, when the log is of a drill.
    drill_duration: Option<Interval>,
    personas: BTreeMap<String, FeedAuthor>,
    injects: Vec<GenInject>,
    /// Variables set at T+0.
    presets: BTreeMap<String, String>,
    /// Every step entered, with when.
    path: Vec<(String, DateTime<FixedOffset>)>,
    first_post: Option<DateTime<FixedOffset>>,
    /// The latest event's time.
    last: DateTime<FixedOffset>,
}

impl Replay {
    fn collect(events: &[Event], start: DateTime<FixedOffset>, is_drill: bool) -> Replay {
        let mut r = Replay {
            start,
            drill_duration: None,
            personas: BTreeMap::new(),
            injects: Vec::new(),
            presets: BTreeMap::new(),
            path: Vec::new(),
            first_post: None,
            last: start,
        };
        for e in events {
            if matches!(e.kind, EventKind::DrillEnded { .. }) {
                r.last = r.last.max(e.at);
                break;
            }
            r.last = r.last.max(e.at);
            r.take(e, is_drill);
        }
        r
    }

    /// Notes what one event gives the scenario.
    fn take(&mut self, e: &Event, is_drill: bool) {
        match &e.kind {
            EventKind::Opened { start: s, .. } => self.path.push((s.clone(), e.at)),
            EventKind::Decided { to, .. }
            | EventKind::Approved { to, .. }
            | EventKind::Rejected { to, .. }
            | EventKind::WentBack { to, .. } => {
                self.path.push((to.clone(), e.at));
            }
            EventKind::Posted { .. } => {
                self.first_post.get_or_insert(e.at);
            }
            EventKind::VariableSet { name, value } if e.at == self.start => {
                self.presets.insert(name.clone(), value.clone());
            }
            EventKind::DrillStarted { duration, .. } => self.drill_duration = Some(*duration),
            EventKind::InjectDelivered {
                inject,
                offset,
                channel,
                persona,
                text,
                severity,
                ack,
                ..
            } if is_drill => {
                self.personas
                    .entry(persona.id.clone())
                    .or_insert_with(|| persona.clone());
                self.injects.push(GenInject {
                    id: inject.clone(),
                    at: *offset,
                    channel: *channel,
                    from: persona.id.clone(),
                    text: text.clone(),
                    severity: *severity,
                    ack: *ack,
                });
            }
            EventKind::Note { text } if !is_drill => {
                let pid = format!("team-{}", slug(&e.actor.name));
                self.personas
                    .entry(pid.clone())
                    .or_insert_with(|| FeedAuthor {
                        id: pid.clone(),
                        name: e.actor.name.clone(),
                        handle: None,
                        followers: None,
                    });
                self.injects.push(GenInject {
                    id: format!("note-{}", e.seq),
                    at: self.offset(e.at),
                    channel: FeedChannel::Internal,
                    from: pid,
                    text: text.clone(),
                    severity: None,
                    ack: false,
                });
            }
            _ => {}
        }
    }

    /// `t` as an offset from the start (never negative).
    fn offset(&self, t: DateTime<FixedOffset>) -> Interval {
        Interval::from_secs((t - self.start).num_seconds().max(0))
    }

    /// The recorded drill's duration if it holds everything; else the latest inject or event
    /// plus a quarter of an hour, in whole minutes.
    fn duration(&self) -> Interval {
        let latest = self
            .injects
            .iter()
            .map(|i| i.at.secs())
            .max()
            .unwrap_or(0)
            .max(self.offset(self.last).secs());
        match self.drill_duration {
            Some(d) if d.secs() >= latest => d,
            _ => Interval::from_secs(round_up_minutes(latest + 15 * 60)),
        }
    }
}

/// Loop-erased path: going back to a step cuts the loop.
fn loop_erased(path: &[(String, DateTime<FixedOffset>)]) -> Vec<(String, DateTime<FixedOffset>)> {
    let mut intended: Vec<(String, DateTime<FixedOffset>)> = Vec::new();
    for (s, t) in path {
        if let Some(i) = intended.iter().position(|(x, _)| x == s) {
            intended.truncate(i + 1);
        } else {
            intended.push((s.clone(), *t));
        }
    }
    intended
}

/// The header comment and the scenario's id, title, playbook, duration and briefing.
fn write_header(
    t: &mut String,
    opening: &Opening,
    log_path: &Path,
    pb_path: &str,
    duration: Interval,
) {
    let is_drill = opening.is_drill;
    let title = opening.title;
    let base_title = title.strip_prefix("EXERCISE — ").unwrap_or(title);
    let log_name = log_path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = log_name.trim_end_matches(".jsonl");
    let _ = writeln!(
        t,
        "// Generated by `warroom drill --from-log` from {log_name}."
    );
    let _ = writeln!(
        t,
        "// Injects are the {} of the original {} at their original offsets; review the text, the",
        if is_drill {
            "delivered injects"
        } else {
            "notes"
        },
        if is_drill { "drill" } else { "incident" }
    );
    let _ = writeln!(
        t,
        "// personas and the expectations before running it. Times are offsets from the original start."
    );
    t.push_str("Scenario(\n");
    let _ = writeln!(t, "    id: {},", ron_str(&format!("replay-{}", slug(stem))));
    let _ = writeln!(
        t,
        "    title: {},",
        ron_str(&format!("Replay: {base_title}"))
    );
    let _ = writeln!(t, "    playbook: {},", ron_str(pb_path));
    let _ = writeln!(t, "    duration: {},", ron_str(&duration.to_string()));
    let _ = writeln!(
        t,
        "    briefing: {},",
        ron_str(&format!(
            "A replay of \"{base_title}\", opened {}. What arrives below is what arrived then, at the same times. Run it as if it were happening now.",
            opening.start.format("%Y-%m-%d %H:%M %:z")
        ))
    );
}

fn write_presets(t: &mut String, presets: &BTreeMap<String, String>) {
    if !presets.is_empty() {
        t.push_str("    variables: {\n");
        for (k, v) in presets {
            let _ = writeln!(t, "        {}: {},", ron_str(k), ron_str(v));
        }
        t.push_str("    },\n");
    }
}

fn write_personas(t: &mut String, personas: &BTreeMap<String, FeedAuthor>) {
    t.push_str("    personas: [\n");
    for p in personas.values() {
        let _ = write!(
            t,
            "        Persona(id: {}, name: {}",
            ron_str(&p.id),
            ron_str(&p.name)
        );
        if let Some(h) = &p.handle {
            let _ = write!(t, ", handle: {}", ron_str(h));
        }
        if let Some(f) = p.followers {
            let _ = write!(t, ", followers: {f}");
        }
        t.push_str("),\n");
    }
    t.push_str("    ],\n");
}

fn write_injects(t: &mut String, injects: &[GenInject]) {
    t.push_str("    injects: [\n");
    for i in injects {
        let _ = write!(
            t,
            "        Inject(id: {}, at: {}, channel: {}, from: {},\n            text: {}",
            ron_str(&i.id),
            ron_str(&format!("+{}", i.at)),
            channel_word(i.channel),
            ron_str(&i.from),
            ron_str(&i.text)
        );
        if let Some(s) = i.severity {
            let _ = write!(t, ", severity: {}", severity_word(s));
        }
        if i.ack {
            t.push_str(", ack: true");
        }
        t.push_str("),\n");
    }
    t.push_str("    ],\n");
}

/// The team's first post and final step, as expectations to match or beat.
fn write_expectations(
    t: &mut String,
    replay: &Replay,
    intended: &[(String, DateTime<FixedOffset>)],
    duration: Interval,
) {
    t.push_str("    expectations: [\n");
    if let Some(fp) = replay.first_post {
        let by =
            Interval::from_secs(round_up_minutes(replay.offset(fp).secs()).min(duration.secs()));
        let _ = writeln!(
            t,
            "        Expectation(id: \"first-post\", label: {}, what: Post, by: {}, expires: {}, weight: 2),",
            ron_str(&format!(
                "First public post no later than the original team (T+{})",
                replay.offset(fp)
            )),
            ron_str(&by.to_string()),
            ron_str(&duration.to_string())
        );
    }
    if let Some((step, at)) = intended.last().filter(|_| intended.len() > 1) {
        let by =
            Interval::from_secs(round_up_minutes(replay.offset(*at).secs()).min(duration.secs()));
        let _ = writeln!(
            t,
            "        Expectation(id: \"final-step\", label: {}, what: Reach({}), by: {}, expires: {}),",
            ron_str(&format!(
                "Reach \"{step}\", where the original team ended (T+{})",
                replay.offset(*at)
            )),
            ron_str(step),
            ron_str(&by.to_string()),
            ron_str(&duration.to_string())
        );
    }
    t.push_str("    ],\n");
}

fn write_path_and_hot_wash(t: &mut String, intended: &[(String, DateTime<FixedOffset>)]) {
    t.push_str("    intended_path: [");
    t.push_str(
        &intended
            .iter()
            .map(|(s, _)| ron_str(s))
            .collect::<Vec<_>>()
            .join(", "),
    );
    t.push_str("],\n    hot_wash: [\n");
    for q in [
        "What did we know at each inject that the original team did not, and what did we do with it?",
        "Where did we leave the path the original team took, and was it better?",
        "What would have let us post the first public reply sooner?",
        "Which promise did we make, to whom, by when — and who owns keeping it?",
    ] {
        let _ = writeln!(t, "        {},", ron_str(q));
    }
    t.push_str("    ],\n)\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_strings() {
        assert_eq!(ron_str("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(ron_str("사과\u{1b}"), "\"사과\\u{1b}\"");
        assert_eq!(
            ron_str("a\u{202e}b\u{200b}\u{85}\u{9b}"),
            "\"a\\u{202e}b\\u{200b}\\u{85}\\u{9b}\""
        );
        assert_eq!(slug("20261121-090000-KT Lost"), "20261121-090000-kt-lost");
    }
}
