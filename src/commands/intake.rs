//! `--from-post` and `--feed` for `warroom run`: reading the post an incident starts from and
//! recording it (an `intake` event, then the playbook variables it fills), taking a feed's
//! mentions in, and the headless script verbs for triage (`triage`, `answered`, `escalate`).

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::cli::RunArgs;
use crate::duration::Interval;
use crate::engine::{Command, Event};
use crate::incident::Incident;
use crate::intake::feed::{Feed, LineResult, Lines};
use crate::intake::profile::Profile;
use crate::intake::triage::{Action, event_for};
use crate::intake::{self, MAX_POST_BYTES, Parsed};
use crate::text::neutralize;

use super::run::{Clocks, ScriptHost, print_events};

pub use crate::intake::record::PostIn;

fn shown(name: &str) -> &str {
    if name == "-" { "<stdin>" } else { name }
}

/// Reads up to `limit` bytes (one more, to tell that there were more) from a file or stdin.
fn read_limited(name: &str, limit: usize) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let take = limit as u64 + 1;
    let r = if name == "-" {
        std::io::stdin().take(take).read_to_end(&mut buf)
    } else {
        std::fs::File::open(name).and_then(|f| f.take(take).read_to_end(&mut buf))
    };
    r.map_err(|e| format!("{}: cannot read: {e}", shown(name)))?;
    Ok(buf)
}

/// Reads and parses `--from-post` (nothing when not given). Errors are printed, with the exit code.
pub fn read_post(args: &RunArgs) -> Result<Option<PostIn>, i32> {
    let Some(name) = &args.from_post else {
        return Ok(None);
    };
    let bytes = read_limited(name, MAX_POST_BYTES).map_err(|e| {
        eprintln!("warroom: --from-post {e}");
        1
    })?;
    let parsed = intake::parse_post(&bytes, args.post_id.as_deref()).map_err(|e| {
        eprintln!(
            "warroom: --from-post {}",
            neutralize(&e.located(shown(name)), false)
        );
        1
    })?;
    Ok(Some(PostIn {
        parsed,
        sha256: intake::sha256_hex(&bytes),
        source: shown(name).to_string(),
    }))
}

/// Records the post: the `intake` event, then a `variable_set` for each variable it fills
/// (through the engine, as if typed). Prints what it could not place.
pub fn record_post(
    inc: &mut Incident,
    post: &PostIn,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Event>, String> {
    let (out, unmapped) = record_post_quiet(inc, post, now)?;
    if !unmapped.is_empty() {
        eprintln!(
            "warroom: the playbook declares no variable for the post's {} (kept in the intake event; see docs/intake.md)",
            unmapped.join(", ")
        );
    }
    Ok(out)
}

/// As [`record_post`], returning the fields no variable took instead of printing them (for
/// the screen).
pub fn record_post_quiet(
    inc: &mut Incident,
    post: &PostIn,
    now: DateTime<FixedOffset>,
) -> Result<(Vec<Event>, Vec<&'static str>), String> {
    let r = post.recording(&inc.session.playbook, now);
    let mut out = inc.record(vec![r.intake], now).map_err(|e| e.to_string())?;
    for (name, value) in r.set {
        out.extend(
            inc.execute(&Command::Set { name, value }, now)
                .map_err(|e| e.to_string())?,
        );
    }
    Ok((out, r.unmapped))
}

/// A feed's source: JSON Lines, or a CSV export read through a profile.
pub struct FeedIn {
    pub name: String,
    pub profile: Option<Profile>,
}

impl FeedIn {
    /// From `--feed` and `--profile` (nothing when no feed). Errors are printed.
    pub fn from_args(args: &RunArgs) -> Result<Option<FeedIn>, i32> {
        FeedIn::from_options(args.feed.as_ref(), args.profile.as_ref())
    }

    /// From the `--feed` and `--profile` values.
    pub fn from_options(
        feed: Option<&String>,
        profile: Option<&std::path::PathBuf>,
    ) -> Result<Option<FeedIn>, i32> {
        let Some(name) = feed else {
            return Ok(None);
        };
        let profile = match profile {
            None => None,
            Some(p) => Some(Profile::load(p).map_err(|e| {
                eprintln!("warroom: --profile {}", neutralize(&e, false));
                2
            })?),
        };
        Ok(Some(FeedIn {
            name: name.clone(),
            profile,
        }))
    }
}

/// One post of a feed, ready to record.
pub struct FeedPost {
    pub line: usize,
    pub sha256: String,
    pub parsed: Parsed,
}

/// What reading a whole feed gave: the posts in order, and `(line, why)` for what was not read.
pub struct FeedRead {
    pub posts: Vec<FeedPost>,
    pub rejected: Vec<(usize, String)>,
    pub lines: usize,
}

/// Reads a whole feed (JSON Lines, or CSV with the profile).
pub fn read_feed(bytes: &[u8], profile: Option<&Profile>) -> Result<FeedRead, String> {
    if let Some(p) = profile {
        let r = intake::csv::read(bytes, p)?;
        return Ok(FeedRead {
            lines: r.data_rows,
            posts: r
                .rows
                .into_iter()
                .map(|row| FeedPost {
                    line: row.line,
                    sha256: row.sha256,
                    parsed: row.parsed,
                })
                .collect(),
            rejected: r.rejected,
        });
    }
    let mut lines = Lines::new();
    let mut results = lines.push(bytes);
    results.extend(lines.finish());
    let mut out = FeedRead {
        posts: Vec::new(),
        rejected: Vec::new(),
        lines: lines.count(),
    };
    for r in results {
        match r {
            LineResult::Posts {
                line,
                sha256,
                posts,
            } => out.posts.extend(posts.into_iter().map(|parsed| FeedPost {
                line,
                sha256: sha256.clone(),
                parsed,
            })),
            LineResult::Rejected(r) => out.rejected.push((r.line, r.message)),
            LineResult::Blank(_) => {}
        }
    }
    Ok(out)
}

/// Reads the feed file (or stdin) whole.
pub fn read_feed_file(feed: &FeedIn) -> Result<FeedRead, String> {
    let mut bytes = Vec::new();
    let r = if feed.name == "-" {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(&feed.name).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    r.map_err(|e| format!("{}: cannot read the feed: {e}", shown(&feed.name)))?;
    read_feed(&bytes, feed.profile.as_ref()).map_err(|e| format!("{}: {e}", shown(&feed.name)))
}

/// Records a feed's posts into the incident: new mentions and new reach snapshots as `intake`
/// events (a duplicate is taken in once). Prints each rejected line, and a summary.
pub fn record_feed(
    inc: &mut Incident,
    feed: &mut Feed,
    name: &str,
    read: FeedRead,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Event>, String> {
    let name = shown(name);
    for (line, why) in &read.rejected {
        eprintln!(
            "warroom: {name}:{line}: {} (skipped; the feed goes on)",
            neutralize(why, false)
        );
    }
    let mut kinds = Vec::new();
    let (mut new, mut snaps, mut dups) = (0, 0, 0);
    for p in read.posts {
        let before = feed.len();
        match feed.take_in(format!("{name}:{}", p.line), p.sha256, p.parsed, now) {
            None => dups += 1,
            Some(k) => {
                if feed.len() > before {
                    new += 1;
                } else {
                    snaps += 1;
                }
                kinds.push(k);
            }
        }
    }
    let evs = inc.record(kinds, now).map_err(|e| e.to_string())?;
    eprintln!(
        "warroom: feed {name}: {} lines/rows; {new} mentions, {snaps} reach snapshots, {dups} duplicates, {} rejected",
        read.lines,
        read.rejected.len()
    );
    Ok(evs)
}

/// The headless host of `warroom run` with a feed: the clock of [`Clocks`] plus the triage
/// verbs, checked against the feed.
pub struct FeedHost<'a> {
    pub clocks: &'a Clocks,
    pub feed: Feed,
}

impl ScriptHost for FeedHost<'_> {
    fn now(&self) -> DateTime<FixedOffset> {
        self.clocks.now()
    }

    fn wait(&mut self, inc: &mut Incident, span: Interval) -> Result<Vec<Event>, String> {
        let mut c = self.clocks;
        c.wait(inc, span)
    }

    fn mention(
        &mut self,
        inc: &mut Incident,
        id: &str,
        action: &Action,
    ) -> Result<Vec<Event>, String> {
        let kind = event_for(&self.feed, id, action, |d| inc.session.draft(d).is_some())?;
        let now = self.clocks.now();
        let evs = inc.record(vec![kind], now).map_err(|e| e.to_string())?;
        for e in &evs {
            self.feed.apply(e);
        }
        Ok(evs)
    }
}

/// Whether a path names a CSV file (for the hint when `--profile` is missing).
pub fn looks_like_csv(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}

/// Prints events as the headless runner does.
pub fn show(evs: &[Event]) {
    print_events(evs);
}

/// Refuses two inputs on standard input at once.
pub fn check_stdin(args: &RunArgs) -> Result<(), i32> {
    let dashes = [
        ("--script", args.script.as_deref()),
        ("--from-post", args.from_post.as_deref()),
        ("--feed", args.feed.as_deref()),
    ];
    let on_stdin: Vec<&str> = dashes
        .iter()
        .filter(|(_, v)| *v == Some("-"))
        .map(|(n, _)| *n)
        .collect();
    if on_stdin.len() > 1 {
        eprintln!(
            "warroom: {} all read standard input; give all but one a file",
            on_stdin.join(" and ")
        );
        return Err(2);
    }
    if let (Some(f), None) = (&args.feed, &args.profile)
        && looks_like_csv(f)
    {
        eprintln!(
            "warroom: --feed {f}: a CSV export needs --profile (profiles/meltwater.ron, brandwatch.ron or talkwalker.ron)"
        );
        return Err(2);
    }
    Ok(())
}

/// Runs the script of `warroom run` with the feed taken in first and the triage verbs on.
pub fn run_script_with_feed(
    inc: &mut Incident,
    args: &RunArgs,
    script: &str,
    text: &str,
    clocks: &Clocks,
    intake_events: &[Event],
) -> i32 {
    let mut feed = Feed::new();
    for e in intake_events {
        feed.apply(e);
    }
    let feed_in = match FeedIn::from_args(args) {
        Ok(f) => f,
        Err(c) => return c,
    };
    if let Err(c) = take_feed_in(inc, &mut feed, feed_in.as_ref(), clocks) {
        return c;
    }
    let mut host = FeedHost { clocks, feed };
    super::run::run_script_with(inc, script, text, &mut host)
}

/// Reads and records the feed, if any (errors printed; the exit code returned).
pub fn take_feed_in(
    inc: &mut Incident,
    feed: &mut Feed,
    feed_in: Option<&FeedIn>,
    clocks: &Clocks,
) -> Result<(), i32> {
    if let Some(f) = feed_in {
        let read = read_feed_file(f).map_err(|e| {
            eprintln!("warroom: --feed {}", neutralize(&e, false));
            1
        })?;
        let evs = record_feed(inc, feed, &f.name, read, clocks.now()).map_err(|e| {
            eprintln!("warroom: --feed: {e}");
            1
        })?;
        show(&evs);
    }
    Ok(())
}
