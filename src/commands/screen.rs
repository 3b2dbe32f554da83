//! Opening the screens: everything `warroom run`, `resume`, `drill` and `review` do before the
//! terminal is taken (open or resume the incident, load the holding statements and the feed
//! profile, start the drill), then the hand-over of the opened values to `crate::tui`. The
//! screen never sees a command-line option.

use std::path::{Path, PathBuf};

use super::drill::LiveDrill;
use super::review::{ForReview, load_review, load_review_from};
use super::run::{actor, load_statements, open_live};
use crate::cli::{ResumeArgs, ReviewArgs, RunArgs};
use crate::clock::{Clock, SystemClock};
use crate::drill::{DrillClock, DrillRun, DrillStart, Seat};
use crate::engine::Event;
use crate::incident::Incident;
use crate::intake::profile::Profile;
use crate::playbook::Loaded;
use crate::store::source::LogSource;
use crate::text::neutralize;
use crate::tui::feed::FeedPane;
use crate::tui::review::ReviewData;
use crate::tui::{self, Notice, Opened};

/// The Feed pane for `--feed` and `--profile`, if given (errors printed, with the exit code).
fn feed_pane(
    feed: Option<&String>,
    profile: Option<&PathBuf>,
    history: &[Event],
) -> Result<Option<FeedPane>, i32> {
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
    Ok(Some(FeedPane::new(name, profile, history)))
}

/// `warroom` / `warroom run [PLAYBOOK]`: a new live incident on the screen.
pub fn run_live(loaded: Loaded, args: &RunArgs) -> i32 {
    if !tui::need_terminal() {
        return 2;
    }
    let inc = match open_live(&loaded, args, SystemClock.now()) {
        Ok(i) => i,
        Err(c) => return c,
    };
    let history = match crate::log::read_log(inc.log_path()) {
        Ok(r) => r.events,
        Err(e) => {
            eprintln!("warroom: {}: {e}", inc.log_path().display());
            return 1;
        }
    };
    let feed = match feed_pane(args.feed.as_ref(), args.profile.as_ref(), &history) {
        Ok(f) => f,
        Err(c) => return c,
    };
    tui::run_screen(Opened {
        inc,
        history,
        notice: None,
        drill: None,
        feed,
        leave_on_quit: true,
        joined: false,
    })
}

/// `warroom resume LOG`: continue an incident on the screen.
pub fn resume_live(args: &ResumeArgs, playbook: Option<&Loaded>) -> i32 {
    if !tui::need_terminal() {
        return 2;
    }
    let statements = match load_statements(args.statements.as_deref()) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let url = match super::run::store_url(args.store.as_deref()) {
        Ok(u) => u,
        Err(c) => return c,
    };
    let at = match super::run::place(&args.log, url.as_deref()) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut history = Vec::new();
    let resumed = Incident::resume_at(at, playbook, actor(&args.actor), SystemClock.now(), |e| {
        history.push(e)
    });
    let mut r = match resumed {
        Ok(mut r) => {
            history.append(&mut r.events);
            r.events = history;
            r
        }
        Err(e) => {
            eprintln!("warroom: {e}");
            return 1;
        }
    };
    r.incident.set_statements(statements);
    let mut notice = r.kept.map(|k| Notice {
        title: "Repaired".to_string(),
        text: format!(
            "The log's last line was torn (an interrupted write) and has been cut off. A copy of the damaged file is at {}",
            neutralize(&k.display().to_string(), false)
        ),
        until: None,
    });
    if let Some(e) = &r.write_error {
        notice = Some(Notice {
            title: "LOG NOT WRITTEN".to_string(),
            text: format!(
                "{}\n\nThe incident is open, but its `resumed` event is PENDING: it is written as soon as the log works again (t retries now, w writes a copy elsewhere).",
                neutralize(&e.to_string(), false)
            ),
            until: None,
        });
    }
    let feed = match feed_pane(args.feed.as_ref(), args.profile.as_ref(), &r.events) {
        Ok(f) => f,
        Err(c) => return c,
    };
    // A drill's log: the drill goes on, this seat running its clock and its injects.
    let mut drill = match super::drill::pick_up(&r.incident, Seat::Host, true) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("warroom: {}", neutralize(&e, false));
            return 1;
        }
    };
    if is_controller(&r.incident)
        && let Some(run) = drill.take()
    {
        // The controller resumes its own screen (after a crash, or on another machine).
        return open_controller(r.incident, run, &r.events);
    }
    tui::run_screen(Opened {
        inc: r.incident,
        history: r.events,
        notice,
        drill,
        feed,
        leave_on_quit: true,
        joined: false,
    })
}

/// `warroom join LOG`: another seat on an open incident, on the screen.
pub fn join_live(
    args: &crate::cli::JoinArgs,
    place: crate::incident::Place<'_>,
    playbook: Option<&Loaded>,
    statements: Vec<crate::statements::Loaded>,
) -> i32 {
    if !tui::need_terminal() {
        return 2;
    }
    let mut history = Vec::new();
    let mut r = match Incident::join(
        place,
        playbook,
        actor(&args.actor),
        SystemClock.now(),
        |e| history.push(e),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("warroom: {}", neutralize(&e.to_string(), false));
            return 1;
        }
    };
    r.incident.set_statements(statements);
    history.append(&mut r.events);
    let notice = r.write_error.as_ref().map(|e| Notice {
        title: "LOG NOT WRITTEN".to_string(),
        text: format!(
            "{}\n\nThe seat is open, but its `joined` event is PENDING: it is written as soon as the log works again.",
            neutralize(&e.to_string(), false)
        ),
        until: None,
    });
    // A drill's log: this seat follows the drill (its clock and injects come from the host).
    let mut drill = match super::drill::pick_up(&r.incident, Seat::Follower, true) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("warroom: {}", neutralize(&e, false));
            return 1;
        }
    };
    if is_controller(&r.incident)
        && let Some(run) = drill.take()
    {
        // `join --role controller`: the facilitator's screen on a drill another seat runs (the
        // plan, the expectations, the score, notes; the clock stays the host's).
        return open_controller(r.incident, run, &history);
    }
    tui::run_screen(Opened {
        inc: r.incident,
        history,
        notice,
        drill,
        feed: None,
        leave_on_quit: true,
        joined: true,
    })
}

/// `warroom drill SCENARIO`: the live screen with the exercise banner, the feed and the
/// drill clock.
pub fn run_drill(live: LiveDrill) -> i32 {
    if !tui::need_terminal() {
        return 2;
    }
    if live.controller {
        return run_controller(live);
    }
    // The clock stands at T+0 while the team reads the briefing: the facilitator starts it.
    let clock = DrillClock::system(SystemClock.now(), live.speed.max(1)).stopped();
    let started = DrillRun::start(DrillStart {
        scenario: &live.scenario,
        playbook: &live.playbook,
        log_path: live.log_path.clone(),
        actor: live.actor.clone(),
        clock,
        store: live.store.clone(),
        exercise: None,
        team: None,
    });
    let (run, inc, events) = match started {
        Ok(x) => x,
        Err(e) => {
            eprintln!("warroom drill: {e}");
            return 1;
        }
    };
    let briefing = format!(
        "EXERCISE — NOT A REAL INCIDENT\n\n{}\n\n{}\n\nThe drill clock stands at T+0 until the facilitator starts it: press z to start it ({}x). Then z pauses and resumes, o acknowledges an inject, q ends the drill. Esc closes this briefing.",
        live.scenario.scenario.title,
        live.scenario.scenario.briefing,
        live.speed.max(1)
    );
    tui::run_screen(Opened {
        inc,
        history: events,
        notice: Some(Notice {
            title: "Briefing".into(),
            text: briefing,
            until: None,
        }),
        drill: Some(run),
        feed: None,
        leave_on_quit: false,
        joined: false,
    })
}

/// Whether this seat on a drill is the controller's (its role is `controller`): it gets the
/// controller's screen instead of the players'.
fn is_controller(inc: &Incident) -> bool {
    inc.actor.role.as_deref() == Some("controller")
}

/// The controller's screen on a drill picked up from its log.
fn open_controller(inc: Incident, run: DrillRun, history: &[Event]) -> i32 {
    let team = tui::controller::Team::new(None, inc, run, history);
    tui::run_controller(tui::ControllerOpened {
        teams: vec![team],
        exercise: None,
    })
}

/// `warroom drill SCENARIO --controller`: the facilitator's screen. The seat hosts the drill
/// (it runs the clock and delivers the injects); its role is `controller` unless one is given.
/// With `--teams`, one drill per team, each in its own log, all on one clock.
fn run_controller(live: LiveDrill) -> i32 {
    let mut actor = live.actor.clone();
    actor.role.get_or_insert_with(|| "controller".into());
    let now = SystemClock.now();
    let plan: Vec<(Option<String>, PathBuf)> = match &live.teams {
        None => vec![(None, live.log_path.clone())],
        Some(t) => t
            .names
            .iter()
            .map(|n| (Some(n.clone()), t.log_path(n)))
            .collect(),
    };
    let exercise = live.teams.as_ref().map(|t| t.exercise.clone());
    let mut teams = Vec::new();
    for (name, log_path) in plan {
        let started = DrillRun::start(DrillStart {
            scenario: &live.scenario,
            playbook: &live.playbook,
            log_path: log_path.clone(),
            actor: actor.clone(),
            clock: DrillClock::system(now, live.speed.max(1)).stopped(),
            store: live.store.clone(),
            exercise: exercise.clone(),
            team: name.clone(),
        });
        match started {
            Ok((run, inc, events)) => {
                teams.push(tui::controller::Team::new(name, inc, run, &events))
            }
            Err(e) => {
                eprintln!("warroom drill: {}: {e}", log_path.display());
                return 1;
            }
        }
    }
    if live.teams.is_some() {
        for t in &teams {
            println!(
                "team {}: warroom join {}",
                t.label(),
                crate::text::path(t.inc.log_path())
            );
        }
    }
    tui::run_controller(tui::ControllerOpened { teams, exercise })
}

/// What the review screen shows of a log read for review.
impl From<ForReview> for ReviewData {
    fn from(r: ForReview) -> ReviewData {
        ReviewData {
            events: r.events,
            log_problem: r.log_problem,
            analysis: r.analysis,
            reread: reread_for_review,
        }
    }
}

/// Reads a log again for the review screen (after a review note, or when it grew).
fn reread_for_review(path: &Path) -> Result<ReviewData, String> {
    load_review(path, None).map(ReviewData::from)
}

/// A database incident is read once, when the review opens (the screen follows and appends to
/// log files only).
fn reread_unavailable(_: &Path) -> Result<ReviewData, String> {
    Err("a database incident is read when the review opens: quit and open it again".into())
}

/// `warroom review LOG`: the post-mortem timeline screen (LOG a file, or with `--store` a
/// database incident).
pub fn run_review(args: &ReviewArgs) -> i32 {
    let source = match LogSource::new(&args.log, args.store.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("warroom review: {}", crate::text::shown(&e.to_string()));
            return e.exit_code();
        }
    };
    let loaded = match load_review_from(&source, args.playbook.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("warroom review: {}", crate::text::shown(&e.to_string()));
            return 1;
        }
    };
    match source.file() {
        Some(file) => tui::review::run_review(file, loaded.into(), actor(&args.actor)),
        None => {
            let mut data = ReviewData::from(loaded);
            data.reread = reread_unavailable;
            let shown = PathBuf::from(source.shown());
            tui::review::run_review(&shown, data, actor(&args.actor))
        }
    }
}
