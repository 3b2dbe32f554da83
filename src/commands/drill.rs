//! `warroom drill`: run a tabletop drill (the drill screen, or headless with `--script`), or turn
//! a log into a scenario with `--from-log`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use super::run::{ScriptHost, actor, print_events, read_script, run_script_with, start_time};
use crate::cli::DrillArgs;
use crate::clock::{Clock, SystemClock};
use crate::diag::Diagnostic;
use crate::drill::from_log::scenario_from_log;
use crate::drill::{DrillClock, DrillRun, DrillStart, ScoreCard, Seat, Status, find_scenario};
use crate::duration::Interval;
use crate::engine::{Actor, DrillEnd, Event};
use crate::fsio::{Output, Written, write_output};
use crate::incident::{Incident, new_log_path};
use crate::log::read_log;
use crate::playbook::Loaded;
use crate::scenario::{LoadedScenario, check::check, load_scenario};
use crate::text::neutralize;

/// Everything the live drill screen needs to start: hand it to `screen::run_drill`.
pub struct LiveDrill {
    pub scenario: LoadedScenario,
    /// The scenario's playbook, loaded and free of lint errors.
    pub playbook: Loaded,
    pub speed: u32,
    pub actor: Actor,
    pub log_path: PathBuf,
    /// The facilitator's screen instead of the players'.
    pub controller: bool,
    pub store: Option<String>,
    /// Several teams on the controller's screen (`--teams`), if given.
    pub teams: Option<Teams>,
}

/// Several teams playing one scenario: one drill log each, `<exercise>-<team>.jsonl` in `dir`.
pub struct Teams {
    pub exercise: String,
    pub names: Vec<String>,
    pub dir: PathBuf,
}

impl Teams {
    /// The log file of team `name`.
    pub fn log_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{}-{name}.jsonl", self.exercise))
    }
}

/// A team's or an exercise's name, checked: it goes into a file name.
fn name_part(what: &str, s: &str) -> Result<String, String> {
    let s = s.trim();
    let ok = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    if s.is_empty() || s.chars().count() > 40 || !s.chars().all(ok) {
        return Err(format!(
            "{what} {:?}: give 1 to 40 letters, digits, '-' or '_' (it names the log file)",
            neutralize(s, false)
        ));
    }
    Ok(s.to_string())
}

/// `--teams` and `--exercise`, checked (none: a drill of one team).
fn teams_of(
    args: &DrillArgs,
    scenario_id: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<Teams>, String> {
    if args.teams.is_empty() {
        return Ok(None);
    }
    let mut names: Vec<String> = Vec::new();
    for t in &args.teams {
        let n = name_part("--teams: team", t)?;
        if names.contains(&n) {
            return Err(format!("--teams: team {n:?} is named twice"));
        }
        names.push(n);
    }
    let exercise = match &args.exercise {
        Some(e) => name_part("--exercise", e)?,
        None => format!("{scenario_id}-{}", now.format("%Y%m%d-%H%M")),
    };
    let teams = Teams {
        exercise,
        names,
        dir: args.log_dir.clone(),
    };
    for n in &teams.names {
        let p = teams.log_path(n);
        if p.exists() {
            return Err(format!(
                "{} already exists: name the exercise with --exercise NAME",
                crate::text::path(&p)
            ));
        }
    }
    Ok(Some(teams))
}

/// Loads a scenario and its playbook, printing diagnostics; refuses one with errors.
pub fn load_checked(path: &Path) -> Result<(LoadedScenario, Loaded), i32> {
    let color = super::color();
    let loaded = match load_scenario(path) {
        Ok(l) => l,
        Err(d) => {
            let src = crate::fsio::source_text(path);
            eprint!("{}", d.render(src.as_deref(), color));
            return Err(1);
        }
    };
    let (diags, playbook) = check(&loaded);
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        for d in &errors {
            eprintln!("{}", d.render(Some(&loaded.source.text), color));
        }
        eprintln!(
            "warroom: the scenario has {} error(s); fix them first (`warroom check`)",
            errors.len()
        );
        return Err(1);
    }
    match playbook {
        Some(pb) => Ok((loaded, pb)),
        None => {
            eprintln!(
                "warroom: {}: the scenario's playbook did not load",
                loaded.source.name
            );
            Err(1)
        }
    }
}

pub fn run(args: &DrillArgs) -> i32 {
    if let Some(log) = &args.from_log {
        return from_log(log, args.output.as_deref(), args.force);
    }
    if let Some(feed) = &args.from_feed {
        return from_feed(args, feed);
    }
    if args.output.is_some() {
        eprintln!("warroom drill: --output is for --from-log and --from-feed");
        return 2;
    }
    let Some(path) = &args.scenario else {
        eprintln!("warroom drill: give a scenario file (or --from-log LOG)");
        return 2;
    };
    let (scenario, playbook) = match load_checked(path) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let fixed = match start_time(args.now.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let now = fixed.unwrap_or_else(|| SystemClock.now());
    let log_path = args
        .log
        .clone()
        .unwrap_or_else(|| new_log_path(&args.log_dir, now, &scenario.scenario.id));
    let store = match super::run::store_url(args.store.as_deref()) {
        Ok(u) => u,
        Err(c) => return c,
    };
    let teams = match teams_of(args, &scenario.scenario.id, now) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("warroom drill: {e}");
            return 2;
        }
    };
    let Some(script) = &args.script else {
        return super::screen::run_drill(LiveDrill {
            scenario,
            playbook,
            speed: args.speed,
            actor: actor(&args.actor),
            log_path,
            controller: args.controller,
            store,
            teams,
        });
    };
    if args.speed != 1 {
        eprintln!(
            "warroom drill: --speed is for the drill screen; in a headless drill `wait` moves the drill clock directly (`wait 30m` is thirty drill minutes)"
        );
        return 2;
    }
    let text = match read_script(script) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let (run, mut inc, events) = match DrillRun::start(DrillStart {
        scenario: &scenario,
        playbook: &playbook,
        log_path,
        actor: actor(&args.actor),
        // A script is its own facilitator: its clock runs from the first line.
        clock: DrillClock::manual(now, 1),
        store,
        exercise: None,
        team: None,
    }) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("warroom: {}", crate::text::shown(&e.to_string()));
            return 1;
        }
    };
    println!("log: {}", crate::text::path(inc.log_path()));
    println!(
        "== EXERCISE — {} ==",
        neutralize(&scenario.scenario.title, false)
    );
    print_events(&events);
    let mut host = DrillHost { run };
    let code = run_script_with(&mut inc, script, &text, &mut host);
    // The score is printed even when a line failed: what was recorded still counts.
    print_score(&host.run.score(&inc));
    println!(
        "report: warroom report {}",
        crate::text::path(inc.log_path())
    );
    code
}

/// Picks up the drill a log holds (for `resume` and `join`): None when the log is not a
/// drill's. The scenario is found where the log says it was (see [`find_scenario`]).
pub fn pick_up(inc: &Incident, seat: Seat, system: bool) -> Result<Option<DrillRun>, String> {
    let Some(r) = inc.session.drill.scenario.as_ref() else {
        return Ok(None);
    };
    let (loaded, warning) = find_scenario(r, inc.log_path())?;
    if let Some(w) = warning {
        eprintln!("warroom: {}", crate::text::shown(&w));
    }
    DrillRun::pick_up(loaded.scenario, inc, seat, system)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Drives a picked-up drill headless (the seat that resumed it, or one that joined it).
pub fn script_drill(inc: &mut Incident, run: DrillRun, script: &str, text: &str) -> i32 {
    let host_seat = run.seat() == Seat::Host;
    let mut host = DrillHost { run };
    let code = run_script_with(inc, script, text, &mut host);
    if host_seat {
        print_score(&host.run.score(inc));
    }
    code
}

fn t_plus(card: &ScoreCard, t: DateTime<FixedOffset>) -> String {
    crate::review::t_plus(card.start, t, crate::review::TPlus::Short)
}

/// Prints a score card the way the headless runner ends.
pub fn print_score(card: &ScoreCard) {
    println!(
        "score: {} / {} ({:.0}%) — {} met, {} late, {} missed{}",
        crate::drill::score::points(card.points),
        card.max,
        card.percent(),
        card.count("met"),
        card.count("late"),
        card.count("missed"),
        match card.count("pending") + card.count("overdue") {
            0 => String::new(),
            n => format!(", {n} not settled"),
        }
    );
    for r in &card.results {
        let when = match r.status {
            Status::Met(t) | Status::Late(t) | Status::Missed(Some(t)) => t_plus(card, t),
            _ => "—".into(),
        };
        println!(
            "  {:<8} {:<24} {:>9}  due {:<9} {}",
            r.status.word(),
            neutralize(&r.id, false),
            when,
            t_plus(card, r.due_at),
            neutralize(&r.label, false)
        );
    }
}

/// The headless drill: `wait` moves the drill clock and delivers injects; `pause`, `resume`,
/// `ack [INJECT]`; commands after the drill's end are refused.
struct DrillHost {
    run: DrillRun,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl ScriptHost for DrillHost {
    fn now(&self) -> DateTime<FixedOffset> {
        self.run.now()
    }

    /// While paused, `wait` lets facilitator time pass: the drill clock stands still and nothing
    /// falls due (the time is logged with `drill_resumed`).
    fn wait(&mut self, inc: &mut Incident, span: Interval) -> Result<Vec<Event>, String> {
        let secs = u64::try_from(span.secs()).unwrap_or(0);
        // The drill clock runs at speed 1 headless: it moves by the span (or stands still).
        crate::clock::later(self.run.now(), span.to_chrono())?;
        self.run.clock_mut().advance_wall(Duration::from_secs(secs));
        self.run.tick(inc).map_err(err)
    }

    fn before_command(&mut self, inc: &mut Incident) -> Result<Vec<Event>, String> {
        let evs = self.run.due(inc).map_err(err)?;
        if let Err(e) = self.run.ensure_running() {
            print_events(&evs);
            return Err(e.to_string());
        }
        Ok(evs)
    }

    fn pause(&mut self, inc: &mut Incident) -> Result<Vec<Event>, String> {
        self.run.pause(inc).map_err(err)
    }

    fn resume(&mut self, inc: &mut Incident) -> Result<Vec<Event>, String> {
        self.run.resume(inc).map_err(err)
    }

    fn ack(&mut self, inc: &mut Incident, inject: Option<&str>) -> Result<Vec<Event>, String> {
        self.run.acknowledge(inc, inject).map_err(err)
    }

    fn reply(
        &mut self,
        inc: &mut Incident,
        inject: &str,
        text: &str,
    ) -> Result<Vec<Event>, String> {
        self.run.reply(inc, inject, text).map_err(err)
    }

    fn finish(&mut self, inc: &mut Incident) -> Result<Vec<Event>, String> {
        self.run.end(inc, DrillEnd::ScriptEnded).map_err(err)
    }
}

fn from_log(log: &Path, output: Option<&Path>, force: bool) -> i32 {
    let read = match read_log(log) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "warroom drill: {}: cannot read: {e}",
                crate::text::path(log)
            );
            return 1;
        }
    };
    if let Some(p) = &read.problem {
        eprintln!(
            "warroom drill: {}:{}: {} (using the events before that line)",
            crate::text::path(log),
            p.line,
            crate::text::shown(&p.message)
        );
    }
    let out_for_paths = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("scenario.ron"));
    let generated = match scenario_from_log(&read.events, log, &out_for_paths) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("warroom drill: {}", crate::text::shown(&e.to_string()));
            return 1;
        }
    };
    write_generated(&generated, output, force, Some(log))
}

/// `--from-feed`: the feed's mentions become a scenario's injects.
fn from_feed(args: &DrillArgs, feed: &str) -> i32 {
    let profile = match &args.profile {
        None => None,
        Some(p) => match crate::intake::profile::Profile::load(p) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!(
                    "warroom drill: --profile {}",
                    crate::text::neutralize(&e, false)
                );
                return 2;
            }
        },
    };
    let feed_in = super::intake::FeedIn {
        name: feed.to_string(),
        profile,
    };
    let read = match super::intake::read_feed_file(&feed_in) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "warroom drill: --from-feed {}",
                crate::text::neutralize(&e, false)
            );
            return 1;
        }
    };
    let shown = if feed == "-" { "<stdin>" } else { feed };
    for (line, why) in &read.rejected {
        eprintln!(
            "warroom drill: {shown}:{line}: {} (skipped)",
            crate::text::neutralize(why, false)
        );
    }
    let out_for_paths = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("scenario.ron"));
    let out_dir = match out_for_paths.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let pb = args
        .playbook
        .clone()
        .unwrap_or_else(|| PathBuf::from("playbooks/ceo-twitter-complaint.ron"));
    if !pb.is_file() {
        eprintln!(
            "warroom drill: warning: the playbook {} is not there; fix the scenario's `playbook:` line (or give --playbook)",
            pb.display()
        );
    }
    let pb_path = crate::fsio::relative_to(&pb, &out_dir)
        .display()
        .to_string();
    let name = Path::new(shown)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| shown.to_string());
    let posts = read.posts.into_iter().map(|p| p.parsed).collect();
    let generated = match crate::drill::from_feed::scenario_from_feed(posts, &name, &pb_path) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("warroom drill: {}", crate::text::neutralize(&e, false));
            return 1;
        }
    };
    let source = (feed != "-").then(|| Path::new(feed));
    write_generated(&generated, args.output.as_deref(), args.force, source)
}

/// Writes a generated scenario to `output` (standard output when none), never over `source`
/// (the log or feed it was made from).
fn write_generated(
    generated: &crate::drill::from_log::Generated,
    output: Option<&Path>,
    force: bool,
    source: Option<&Path>,
) -> i32 {
    for w in &generated.warnings {
        eprintln!(
            "warroom drill: warning: {}",
            crate::text::shown(&w.to_string())
        );
    }
    match output {
        None => {
            print!("{}", generated.text);
            0
        }
        Some(out) => {
            let opts = Output { force, source };
            match write_output(out, generated.text.as_bytes(), opts) {
                Ok(Written::Stdout) => return 0,
                Ok(Written::File(_)) => {}
                Err(e) => {
                    eprintln!("warroom drill: {}", crate::text::shown(&e.to_string()));
                    return 1;
                }
            }
            let out = crate::text::path(out);
            println!(
                "wrote {} ({} inject{}); check it with `warroom check {}`",
                out,
                generated.injects,
                if generated.injects == 1 { "" } else { "s" },
                out
            );
            0
        }
    }
}
