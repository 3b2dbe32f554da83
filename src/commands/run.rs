//! `warroom run` and `warroom resume`: open or continue an incident, then either the live
//! screen or a headless script.

use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::cli::{ActorArgs, ResumeArgs, RunArgs};
use crate::clock::{Clock, ManualClock, SystemClock, parse_time};
use crate::duration::Interval;
use crate::engine::{Actor, Event, Mode};
use crate::incident::{ExecError, Incident, NewIncident, new_log_path};
use crate::playbook::{self, Loaded, lint::lint};
use crate::script::{Line, parse_line};
use crate::text::neutralize;

/// Loads the named playbook (or the embedded default) and refuses one with lint errors.
pub fn load_checked(path: Option<&PathBuf>) -> Result<Loaded, i32> {
    let color = super::color();
    let loaded = match path {
        Some(p) => playbook::load_playbook(p),
        None => playbook::default_playbook(),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(d) => {
            let src = path.and_then(|p| crate::fsio::source_text(p));
            eprint!("{}", d.render(src.as_deref(), color));
            return Err(1);
        }
    };
    let diags = lint(&loaded);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        for d in &errors {
            eprintln!("{}", d.render(Some(&loaded.source.text), color));
        }
        eprintln!(
            "warroom: the playbook has {} error(s); fix them first (`warroom check`)",
            errors.len()
        );
        return Err(1);
    }
    Ok(loaded)
}

pub fn actor(a: &ActorArgs) -> Actor {
    Actor {
        name: super::operator_name(a.operator.as_deref()),
        role: a.role.clone(),
    }
}

pub(crate) fn start_time(now: Option<&str>) -> Result<Option<DateTime<FixedOffset>>, i32> {
    match now {
        None => Ok(None),
        Some(t) => parse_time(t).map(Some).map_err(|e| {
            eprintln!("warroom: --now: {}", crate::text::shown(&e.to_string()));
            2
        }),
    }
}

pub(crate) fn read_script(name: &str) -> Result<String, i32> {
    let mut buf = Vec::new();
    let r = if name == "-" {
        let max = crate::fsio::MAX_FILE_BYTES;
        std::io::stdin()
            .take(max + 1)
            .read_to_end(&mut buf)
            .and_then(|n| {
                if n as u64 > max {
                    Err(std::io::Error::other(format!(
                        "standard input is over the limit of {max} bytes"
                    )))
                } else {
                    Ok(())
                }
            })
    } else {
        crate::fsio::read_bounded(std::path::Path::new(name), crate::fsio::MAX_FILE_BYTES)
            .map(|b| buf = b)
    };
    if let Err(e) = r {
        eprintln!(
            "warroom: {}: cannot read the script: {e}",
            crate::text::shown(name)
        );
        return Err(1);
    }
    String::from_utf8(buf).map_err(|e| {
        eprintln!(
            "warroom: {}: the script is not UTF-8 text (invalid byte at offset {})",
            crate::text::shown(name),
            e.utf8_error().valid_up_to()
        );
        1
    })
}

pub fn run(args: &RunArgs) -> i32 {
    let loaded = match load_checked(args.playbook.as_ref()) {
        Ok(l) => l,
        Err(c) => return c,
    };
    let fixed = match start_time(args.now.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    if let Err(c) = super::intake::check_stdin(args) {
        return c;
    }
    let Some(script) = &args.script else {
        if fixed.is_some() {
            eprintln!(
                "warroom: --now is for headless runs (--script); the live screen uses the real clock"
            );
            return 2;
        }
        if args.feed.as_deref() == Some("-") {
            eprintln!(
                "warroom: --feed - reads standard input, which the live screen needs; give the feed a file (it is followed as it grows)"
            );
            return 2;
        }
        return super::screen::run_live(loaded, args);
    };
    let text = match read_script(script) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let clock = Clocks::new(fixed);
    let now = clock.now();
    let (mut inc, intake) = match open_live_with_post(&loaded, args, now) {
        Ok(i) => i,
        Err(c) => return c,
    };
    println!("log: {}", crate::text::path(inc.log_path()));
    print_events(&intake);
    if args.from_post.is_some() || args.feed.is_some() {
        return super::intake::run_script_with_feed(&mut inc, args, script, &text, &clock, &intake);
    }
    run_script(&mut inc, script, &text, &clock)
}

/// Opens a new live incident as `run`'s options say (log path, title, operator), printing
/// the error and returning the exit code when it cannot.
pub fn open_live(
    loaded: &Loaded,
    args: &RunArgs,
    now: DateTime<FixedOffset>,
) -> Result<Incident, i32> {
    open_live_with_post(loaded, args, now).map(|(inc, _)| inc)
}

/// As [`open_live`], and with `--from-post` records the post and the variables it fills
/// (the post is read first: a bad one opens no incident). Returns those events too.
/// The holding statements of `dir`, or of `./statements` when it exists (none otherwise).
/// A bad file is an error naming it: a library is checked before the incident starts.
pub fn load_statements(
    dir: Option<&std::path::Path>,
) -> Result<Vec<crate::statements::Loaded>, i32> {
    let default = std::path::Path::new("statements");
    let dir = match dir {
        Some(d) => d,
        None if default.is_dir() => default,
        None => return Ok(Vec::new()),
    };
    crate::statements::load_dir(dir).map_err(|d| {
        eprintln!("warroom: {}", crate::text::shown(&d.summary()));
        2
    })
}

pub fn open_live_with_post(
    loaded: &Loaded,
    args: &RunArgs,
    now: DateTime<FixedOffset>,
) -> Result<(Incident, Vec<Event>), i32> {
    let post = super::intake::read_post(args)?;
    let statements = load_statements(args.statements.as_deref())?;
    let mut inc = open_incident(loaded, args, now)?;
    inc.set_statements(statements);
    let mut events = Vec::new();
    if let Some(p) = &post {
        events = super::intake::record_post(&mut inc, p, now).map_err(|e| {
            eprintln!("warroom: --from-post: {e}");
            1
        })?;
    }
    Ok((inc, events))
}

fn open_incident(
    loaded: &Loaded,
    args: &RunArgs,
    now: DateTime<FixedOffset>,
) -> Result<Incident, i32> {
    let log_path = args
        .log
        .clone()
        .unwrap_or_else(|| new_log_path(&args.log_dir, now, &loaded.playbook.id));
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| default_title(loaded, now));
    Incident::open(NewIncident {
        loaded,
        title,
        mode: Mode::Live,
        log_path,
        actor: actor(&args.actor),
        now,
        store: store_url(args.store.as_deref())?,
    })
    .map_err(|e| {
        eprintln!("warroom: {}", crate::text::shown(&e.to_string()));
        1
    })
}

/// `--store URL` checked: a PostgreSQL URL, or none (the log file).
pub fn store_url(store: Option<&str>) -> Result<Option<String>, i32> {
    match store {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) if crate::store::is_postgres(s) => Ok(Some(s.to_string())),
        Some(s) => {
            eprintln!(
                "warroom: --store must be a PostgreSQL URL (postgres://user@host:port/database), not {}",
                crate::store::pg::redact(s)
            );
            Err(2)
        }
    }
}

/// Where `LOG` is: the file, or with `--store URL` the incident of that id in the database.
pub fn place<'a>(
    log: &'a std::path::Path,
    url: Option<&'a str>,
) -> Result<crate::incident::Place<'a>, i32> {
    match url {
        None => Ok(crate::incident::Place::File(log)),
        Some(url) => match log.to_str() {
            Some(id) => Ok(crate::incident::Place::Db { url, id }),
            None => {
                eprintln!("warroom: the incident id is not UTF-8 text");
                Err(2)
            }
        },
    }
}

/// The default incident title: the playbook's title and the opening time.
pub fn default_title(loaded: &Loaded, now: DateTime<FixedOffset>) -> String {
    format!(
        "{} — {}",
        loaded.playbook.title,
        now.format("%Y-%m-%d %H:%M")
    )
}

pub fn resume(args: &ResumeArgs) -> i32 {
    if let Some(file) = &args.append_pending {
        return append_pending(&args.log, file);
    }
    let fixed = match start_time(args.now.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let override_pb = match &args.playbook {
        Some(p) => match load_checked(Some(p)) {
            Ok(l) => Some(l),
            Err(c) => return c,
        },
        None => None,
    };
    let Some(script) = &args.script else {
        if fixed.is_some() {
            eprintln!("warroom: --now is for headless runs (--script)");
            return 2;
        }
        if args.feed.as_deref() == Some("-") {
            eprintln!(
                "warroom: --feed - reads standard input, which the live screen needs; give the feed a file"
            );
            return 2;
        }
        return super::screen::resume_live(args, override_pb.as_ref());
    };
    if args.feed.as_deref() == Some("-") && script == "-" {
        eprintln!("warroom: --script and --feed both read standard input; give one a file");
        return 2;
    }
    let text = match read_script(script) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let clock = Clocks::new(fixed);
    // Headless: the events are folded as they stream by, never held (the mention feed, for
    // the triage verbs, keeps only the mentions).
    let mut feed = crate::intake::feed::Feed::new();
    let statements = match load_statements(args.statements.as_deref()) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let url = match store_url(args.store.as_deref()) {
        Ok(u) => u,
        Err(c) => return c,
    };
    let at = match place(&args.log, url.as_deref()) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let (mut inc, kept) = match Incident::resume_at(
        at,
        override_pb.as_ref(),
        actor(&args.actor),
        clock.now(),
        |e| feed.apply(&e),
    ) {
        Ok(r) => {
            if let Some(e) = r.write_error {
                eprintln!(
                    "warroom: {}; the incident was not resumed (nothing new is in the log)",
                    crate::text::shown(&e.to_string())
                );
                return 1;
            }
            (r.incident, r.kept)
        }
        Err(e) => {
            eprintln!("warroom: {}", crate::text::shown(&e.to_string()));
            return 1;
        }
    };
    inc.set_statements(statements);
    if let Some(k) = kept {
        eprintln!(
            "warroom: the log's last line was torn (an interrupted write); a copy of the damaged file is at {}",
            crate::text::path(&k)
        );
    }
    println!("log: {}", crate::text::path(inc.log_path()));
    match super::drill::pick_up(&inc, crate::drill::Seat::Host, false) {
        Ok(Some(run)) => return super::drill::script_drill(&mut inc, run, script, &text),
        Ok(None) => {}
        Err(e) => {
            eprintln!("warroom: {}", crate::text::shown(&e));
            return 1;
        }
    }
    let feed_in =
        match super::intake::FeedIn::from_options(args.feed.as_ref(), args.profile.as_ref()) {
            Ok(f) => f,
            Err(c) => return c,
        };
    if let Err(c) = super::intake::take_feed_in(&mut inc, &mut feed, feed_in.as_ref(), &clock) {
        return c;
    }
    let mut host = super::intake::FeedHost {
        clocks: &clock,
        feed,
    };
    run_script_with(&mut inc, script, &text, &mut host)
}

/// `warroom resume LOG --append-pending FILE`.
fn append_pending(log: &std::path::Path, file: &std::path::Path) -> i32 {
    let shown = crate::text::path(log);
    match crate::log::pending::append_pending(log, file) {
        Ok(a) => {
            if let Some(k) = &a.kept {
                eprintln!(
                    "warroom: the log's last line was torn (an interrupted write); a copy of the damaged file is at {}",
                    crate::text::path(k)
                );
            }
            match (a.first, a.last) {
                (Some(f), Some(l)) => println!(
                    "appended {} event(s), #{f}–#{l}, to {shown}{}",
                    a.added,
                    if a.already > 0 {
                        format!(" ({} were already in it)", a.already)
                    } else {
                        String::new()
                    }
                ),
                _ => println!(
                    "nothing to append: the {} event(s) are already in {shown}",
                    a.already
                ),
            }
            println!("continue with: warroom resume {shown}");
            0
        }
        Err(e) => {
            eprintln!("warroom: {}", crate::text::shown(&e));
            1
        }
    }
}

/// The clock of a headless run: fixed (moved only by `wait`) or the system's.
pub struct Clocks {
    manual: Option<ManualClock>,
}

impl Clocks {
    pub fn new(fixed: Option<DateTime<FixedOffset>>) -> Clocks {
        Clocks {
            manual: fixed.map(ManualClock::new),
        }
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        match &self.manual {
            Some(m) => m.now(),
            None => SystemClock.now(),
        }
    }
}

/// Prints recorded events, one line each, as the headless runner shows them.
pub fn print_events(events: &[Event]) {
    for e in events {
        println!(
            "#{:<4} {}  {}",
            e.seq,
            e.at.format("%H:%M:%S"),
            neutralize(&e.describe(), false)
        );
    }
}

/// What a headless script runs against: the clock, and the hooks a drill needs (injects falling
/// due, pause and resume, `ack`). Plain runs use [`Clocks`]; `warroom drill` plugs in its own.
pub trait ScriptHost {
    /// The time commands are recorded at.
    fn now(&self) -> DateTime<FixedOffset>;
    /// `wait SPAN`: move the clock on and record what fell due (deadline breaches; injects).
    fn wait(&mut self, inc: &mut Incident, span: Interval) -> Result<Vec<Event>, String>;
    /// Called before each command runs; may record events (injects due by now) or refuse.
    fn before_command(&mut self, _inc: &mut Incident) -> Result<Vec<Event>, String> {
        Ok(Vec::new())
    }
    fn pause(&mut self, _inc: &mut Incident) -> Result<Vec<Event>, String> {
        Err("`pause` and `resume` are for drills (`warroom drill`)".into())
    }
    fn resume(&mut self, _inc: &mut Incident) -> Result<Vec<Event>, String> {
        Err("`pause` and `resume` are for drills (`warroom drill`)".into())
    }
    /// `triage`, `answered`, `escalate`: a mention of the feed (runs with `--feed` only).
    fn mention(
        &mut self,
        _inc: &mut Incident,
        _id: &str,
        _action: &crate::intake::triage::Action,
    ) -> Result<Vec<Event>, String> {
        Err("`triage`, `answered` and `escalate` act on a feed: give it with --feed FILE".into())
    }
    /// `ack [INJECT]`: players acknowledge an inject.
    fn ack(&mut self, _inc: &mut Incident, _inject: Option<&str>) -> Result<Vec<Event>, String> {
        Err("`ack` is for drills (`warroom drill`)".into())
    }
    /// `reply INJECT TEXT`: players answer an inject's sender (see `drill::reply::reply_event`).
    fn reply(
        &mut self,
        _inc: &mut Incident,
        _inject: &str,
        _text: &str,
    ) -> Result<Vec<Event>, String> {
        Err("`reply` is for drills (`warroom drill`)".into())
    }
    /// After the last line.
    fn finish(&mut self, _inc: &mut Incident) -> Result<Vec<Event>, String> {
        Ok(Vec::new())
    }
}

impl ScriptHost for &Clocks {
    fn now(&self) -> DateTime<FixedOffset> {
        Clocks::now(self)
    }

    fn wait(&mut self, inc: &mut Incident, span: Interval) -> Result<Vec<Event>, String> {
        let Some(m) = &self.manual else {
            return Err("`wait` needs a fixed clock: start the run with --now TIME".into());
        };
        m.advance(span.to_chrono())?;
        inc.tick(m.now()).map_err(|e| e.to_string())
    }
}

/// Runs script lines against an incident. Stops at the first error (exit 1), naming the line.
pub fn run_script(inc: &mut Incident, name: &str, text: &str, clock: &Clocks) -> i32 {
    run_script_with(inc, name, text, &mut &*clock)
}

/// Runs script lines with a host that owns the clock (and, for drills, the injects).
pub fn run_script_with(
    inc: &mut Incident,
    name: &str,
    text: &str,
    host: &mut dyn ScriptHost,
) -> i32 {
    let shown = if name == "-" {
        "<stdin>".to_string()
    } else {
        crate::text::shown(name)
    };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let fail = |col: usize, msg: &str, inc: &Incident| {
            eprintln!("{shown}:{n}:{col}: error: {}", neutralize(msg, false));
            eprintln!(
                "stopped at script line {n}; the {} events before it are in {}",
                inc.session.seq,
                crate::text::path(inc.log_path())
            );
            1
        };
        let parsed = match parse_line(line) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(e) => return fail(e.col, &e.message, inc),
        };
        let result = match parsed {
            Line::Wait(span) => host.wait(inc, span),
            Line::Pause => host.pause(inc),
            Line::Resume => host.resume(inc),
            Line::Ack(inject) => host.ack(inc, inject.as_deref()),
            Line::Reply { inject, text } => host.reply(inc, &inject, &text),
            Line::Mention { id, action } => host.mention(inc, &id, &action),
            Line::Command(cmd) => match host.before_command(inc) {
                Err(e) => Err(e),
                Ok(mut evs) => match inc.execute(&cmd, host.now()) {
                    Ok(more) => {
                        evs.extend(more);
                        Ok(evs)
                    }
                    Err(e) => {
                        print_events(&evs);
                        Err(match &e {
                            ExecError::Refused(r) if r.forceable() => {
                                format!("{e} (in a script: add --force to the line)")
                            }
                            _ => e.to_string(),
                        })
                    }
                },
            },
        };
        match result {
            Ok(evs) => print_events(&evs),
            Err(msg) => return fail(1, &msg, inc),
        }
    }
    match host.finish(inc) {
        Ok(evs) => print_events(&evs),
        Err(msg) => {
            eprintln!("{shown}: error: {}", neutralize(&msg, false));
            return 1;
        }
    }
    let s = &inc.session;
    println!(
        "at step \"{}\" ({}); {} events in {}{}",
        neutralize(&s.step().id, false),
        neutralize(&s.step().title, false),
        s.seq,
        crate::text::path(inc.log_path()),
        match s.closed {
            Some((o, _)) => format!("; closed: {}", o.word()),
            None => String::new(),
        }
    );
    0
}
