//! The command line: every subcommand and option, documented for `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// warroom — a terminal war room for executive-communications teams.
///
/// Walks a team through a crisis playbook (assess, acknowledge, be transparent, share an action
/// plan, hand off to customer service) and writes every decision to an append-only,
/// hash-chained incident log. With no subcommand, opens a new live incident on the built-in
/// default playbook (the CEO-Twitter complaint procedure).
#[derive(Debug, Parser)]
#[command(
    name = "warroom",
    version,
    about,
    long_about,
    propagate_version = true,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// With no subcommand: the options of `warroom run`.
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open a new incident on a playbook: the live screen, or headless with --script.
    Run(RunArgs),
    /// Continue an incident from its log (after quitting, a crash or a kill).
    Resume(ResumeArgs),
    /// Take another seat on an incident that is open (each member of the team at their own
    /// laptop): the live screen, or headless with --script. Every event is recorded under your
    /// name and role; what the other seats record appears as it is written.
    Join(JoinArgs),
    /// Check playbooks and drill scenarios (files or directories, recursively) for errors and warnings.
    Check(CheckArgs),
    /// Print a playbook's decision graph as Graphviz DOT or Mermaid.
    Graph(GraphArgs),
    /// Verify an incident log's sequence numbers and hash chain (and its seals, with --key).
    Verify(VerifyArgs),
    /// Sign a checkpoint of a log (its last hash) with an Ed25519 key the team keeps; or make
    /// a key pair with --new-key.
    Seal(SealArgs),
    /// Run a tabletop drill: a scenario's injects against the drill clock (the drill screen, or
    /// headless with --script), or turn a log into a scenario with --from-log.
    Drill(DrillArgs),
    /// Review an incident or drill log on a timeline screen: filter, search, details, durations,
    /// deadlines; add review notes.
    Review(ReviewArgs),
    /// Write the post-mortem report of an incident or drill log: Markdown, HTML, JSON or CSV.
    Report(ReportArgs),
    /// Compare several teams' drill logs of the same scenario: scores, each expectation's
    /// verdict and done time per team, the paths taken and key times (Markdown, HTML or JSON).
    Compare(CompareArgs),
    /// The Master Scenario Events List of a drill scenario: one CSV row per inject (time,
    /// trigger, channel, persona, subject, text, expected action, acknowledgement required).
    Msel(MselArgs),
    /// A one-screen summary of a log: counts by kind, duration, time to first public
    /// acknowledgement and to CS hand-off, deadlines breached (streams very large logs).
    Stats(StatsArgs),
    /// Every promise made in a post (a template's `promise`) across the incident logs in the
    /// directories, with incident, what, owner and due time; overdue ones flagged.
    Followups(FollowupsArgs),
    // The PostgreSQL store (docs/postgres.md):
    /// The incidents in a PostgreSQL database (--store URL or $WARROOM_STORE).
    List(ListArgs),
    /// Write an incident of a PostgreSQL database as a log file (`warroom verify` accepts it).
    Export(ExportArgs),
    /// Load a log file into a PostgreSQL database (a new incident, or the rest of one taken
    /// offline).
    Import(ImportArgs),
    /// Generate large inputs for benchmarks: playbooks, logs, scripts.
    #[command(hide = true)]
    Gen(GenArgs),
}

/// Who is acting: recorded on every event.
#[derive(Debug, Args, Clone)]
pub struct ActorArgs {
    /// Your name as recorded in the log [default: $WARROOM_OPERATOR, else the login name].
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
    /// Your role (a role id of the playbook, e.g. comms, ceo, scribe).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The playbook file (RON) [default: the built-in ceo-twitter-complaint playbook].
    pub playbook: Option<PathBuf>,
    /// The incident's title [default: the playbook's title and the time].
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    #[command(flatten)]
    pub actor: ActorArgs,
    /// Directory for the new log.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "incidents",
        conflicts_with = "log"
    )]
    pub log_dir: PathBuf,
    /// Exact path of the new log file (must not exist).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Run headless: read commands from FILE (or - for standard input) instead of the screen.
    #[arg(long, value_name = "FILE|-")]
    pub script: Option<String>,
    /// Start a fixed clock at this RFC 3339 time; only `wait` moves it (for reproducible logs).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Start from the post: FILE (or - for standard input) is an X API v2 tweet lookup, an X
    /// archive tweets.js, a Bluesky post record or Jetstream line, or a Mastodon status; it is
    /// kept in an `intake` event and fills the playbook's variables (docs/intake.md).
    #[arg(long, value_name = "FILE|-")]
    pub from_post: Option<String>,
    /// With --from-post on a file holding several posts: the id of the one to start from.
    #[arg(long, value_name = "ID", requires = "from_post")]
    pub post_id: Option<String>,
    /// Take in a mention feed: JSON Lines of posts (the --from-post formats), or a
    /// social-listening CSV export read through --profile. Headless (--script) for now.
    #[arg(long, value_name = "FILE|-")]
    pub feed: Option<String>,
    /// The CSV mapping profile of --feed (profiles/meltwater.ron, brandwatch.ron, talkwalker.ron).
    #[arg(long, value_name = "FILE", requires = "feed")]
    pub profile: Option<PathBuf>,
    /// The library of approved holding statements (`draft --statement ID`) [default:
    /// ./statements when it exists].
    #[arg(long, value_name = "DIR")]
    pub statements: Option<PathBuf>,
    /// Keep the incident in a PostgreSQL database the team shares instead of a log file
    /// (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The incident log to join (with --store: the incident's id).
    pub log: PathBuf,
    #[command(flatten)]
    pub actor: ActorArgs,
    /// Use this playbook file instead of the one recorded in the log (when it moved); it must
    /// be the same file the incident runs on.
    #[arg(long, value_name = "FILE")]
    pub playbook: Option<PathBuf>,
    /// Take the seat headless with commands from FILE (or - for standard input); the seat
    /// leaves at the end of the script.
    #[arg(long, value_name = "FILE|-")]
    pub script: Option<String>,
    /// Fixed clock start for this seat (RFC 3339); only `wait` moves it.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// The library of approved holding statements [default: ./statements when it exists].
    #[arg(long, value_name = "DIR")]
    pub statements: Option<PathBuf>,
    /// The incident is in a PostgreSQL database the team shares (LOG is then its id: `warroom list`)
    /// (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// The library of approved holding statements [default: ./statements when it exists].
    #[arg(long, value_name = "DIR")]
    pub statements: Option<PathBuf>,
    /// The incident log to continue.
    pub log: PathBuf,
    /// Use this playbook file instead of the one recorded in the log (when it moved or changed).
    #[arg(long, value_name = "FILE")]
    pub playbook: Option<PathBuf>,
    #[command(flatten)]
    pub actor: ActorArgs,
    /// Continue headless with commands from FILE (or - for standard input).
    #[arg(long, value_name = "FILE|-")]
    pub script: Option<String>,
    /// Fixed clock start for the resumed part (RFC 3339); only `wait` moves it.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Follow a mention feed again (as `warroom run --feed`): mentions already in the log are
    /// duplicates, or reach snapshots when their metrics changed. Headless: read before the script.
    #[arg(long, value_name = "FILE|-")]
    pub feed: Option<String>,
    /// The CSV mapping profile of --feed.
    #[arg(long, value_name = "FILE", requires = "feed")]
    pub profile: Option<PathBuf>,
    /// After a full disk: append the events kept in FILE (the live screen's `w` copy, or the
    /// lines printed on quitting) to the log, checked against its chain — lines already in the
    /// log are skipped, the rest must continue it — then exit. Refused while the incident is open
    /// in another warroom. Never append such a file by hand.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["script", "playbook", "now"])]
    pub append_pending: Option<PathBuf>,
    /// The incident is in a PostgreSQL database the team shares (LOG is then its id: `warroom list`)
    /// (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Playbook or scenario files, or directories (searched recursively for *.ron).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Treat warnings as errors (exit 1 if there are any).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The playbook file.
    pub playbook: PathBuf,
    #[arg(long, value_enum, default_value = "dot")]
    pub format: GraphFormat,
    /// Mark the path taken in this incident log (visited steps, chosen edges, current step).
    #[arg(long, value_name = "LOG")]
    pub log: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The incident log to verify (with --store: the incident's id).
    pub log: PathBuf,
    /// Also fail unless a line of the log has this hash (the last hash an earlier verify
    /// printed, kept elsewhere): detects whole lines cut off the end, which the chain cannot.
    #[arg(long, value_name = "HASH")]
    pub expect_hash: Option<String>,
    /// Also check every seal in LOG.seal against this public key (KEY.pub from `warroom seal
    /// --new-key`): signed by it, and each sealed line still in the log with its hash. Fails
    /// when the log has no seal.
    #[arg(long, value_name = "KEY.pub")]
    pub key: Option<PathBuf>,
    /// The seal file --key checks [default: LOG.seal; with --store, required: the seals of the
    /// exported log, e.g. ID.jsonl.seal].
    #[arg(long, value_name = "FILE", requires = "key")]
    pub seals: Option<PathBuf>,
    /// LOG is the id of an incident in this PostgreSQL database (`warroom list`) instead of a
    /// file (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE; an
    /// empty URL: LOG is a file].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

#[derive(Debug, Args)]
pub struct SealArgs {
    /// The log to seal (it must verify).
    #[arg(required_unless_present = "new_key", value_name = "LOG")]
    pub log: Option<PathBuf>,
    /// The secret key to sign with (mode 0600).
    #[arg(long, value_name = "KEY", required_unless_present = "new_key")]
    pub key: Option<PathBuf>,
    /// Make a new key pair: KEY (the secret, 0600) and KEY.pub (for verifying); never
    /// overwrites.
    #[arg(long, value_name = "KEY", conflicts_with_all = ["log", "key"])]
    pub new_key: Option<PathBuf>,
}

/// `--speed`: a whole number of drill seconds per wall second, `60` or `60x`.
fn parse_speed(s: &str) -> Result<u32, String> {
    let t = s.trim().trim_end_matches(['x', 'X']);
    match t.parse::<u32>() {
        Ok(n) if (1..=3600).contains(&n) => Ok(n),
        _ => Err(format!(
            "{s:?} is not a speed; give a whole number from 1 to 3600, e.g. 1 or 60x"
        )),
    }
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The scenario file (RON; see docs/scenario-format.md).
    #[arg(required_unless_present_any = ["from_log", "from_feed"], value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,
    /// How fast the drill clock runs: drill seconds per real second (60 = an hour in a minute).
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_speed)]
    pub speed: u32,
    #[command(flatten)]
    pub actor: ActorArgs,
    /// Directory for the drill's log.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "drills",
        conflicts_with = "log"
    )]
    pub log_dir: PathBuf,
    /// Exact path of the drill's log file (must not exist).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Run headless: read commands from FILE (or - for standard input); `wait` moves the drill
    /// clock and delivers the injects that fall due; `pause`, `resume` and `ack [INJECT]` too.
    #[arg(long, value_name = "FILE|-")]
    pub script: Option<String>,
    /// Start the headless drill clock at this RFC 3339 time (for reproducible logs).
    #[arg(long, value_name = "TIME", requires = "script")]
    pub now: Option<String>,
    /// Turn an incident's or a drill's log into a scenario (its notes, or its delivered injects,
    /// become injects at their original offsets) instead of running a drill.
    #[arg(long, value_name = "LOG", conflicts_with_all = ["scenario", "script", "now", "log"])]
    pub from_log: Option<PathBuf>,
    /// Turn a captured mention feed (JSON Lines of posts, or a CSV export with --profile) into a
    /// scenario whose injects are the mentions at their real offsets.
    #[arg(long, value_name = "FEED", conflicts_with_all = ["scenario", "script", "now", "log", "from_log"])]
    pub from_feed: Option<String>,
    /// The CSV mapping profile of --from-feed.
    #[arg(long, value_name = "FILE", requires = "from_feed")]
    pub profile: Option<PathBuf>,
    /// The playbook the --from-feed scenario runs on [default: playbooks/ceo-twitter-complaint.ron].
    #[arg(long, value_name = "FILE", requires = "from_feed")]
    pub playbook: Option<PathBuf>,
    /// Where --from-log or --from-feed writes the scenario (`-`: standard output) [default:
    /// standard output]. Never an incident log, a locked file or a symbolic link; created 0600.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists (never an incident log).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Open the facilitator's screen (the controller seat): the clock, the injects to come, the
    /// expectations and the score, the seats; the players join the drill's log with
    /// `warroom join LOG`.
    #[arg(long, conflicts_with_all = ["script", "from_log", "from_feed"])]
    pub controller: bool,
    /// Several teams play the scenario at once (with --controller): one drill log per team in
    /// --log-dir, named `<exercise>-<team>.jsonl`, all on the facilitator's one clock.
    #[arg(
        long,
        value_name = "TEAM,TEAM…",
        value_delimiter = ',',
        requires = "controller",
        conflicts_with_all = ["log", "store"]
    )]
    pub teams: Vec<String>,
    /// The exercise's name, for the teams' log files [default: the scenario's id and the
    /// date and time, e.g. kt-lost-iphone-20260623-1400].
    #[arg(long, value_name = "NAME", requires = "teams")]
    pub exercise: Option<String>,
    /// Keep the drill in a PostgreSQL database the team shares (postgres://…; docs/postgres.md)
    /// [env: WARROOM_STORE].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A Markdown post-mortem document (paste into Confluence or Google Docs).
    Md,
    /// One self-contained HTML file with an inline SVG timeline (no external assets).
    Html,
    /// The computed timeline and figures as one JSON object, for other tools.
    Json,
    /// One row per event (RFC 4180), for spreadsheets.
    Csv,
    /// The HTML report printed to PDF by headless Chromium (needs -o FILE.pdf).
    Pdf,
}

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportAudience {
    /// The full post-mortem.
    All,
    /// Only what was said publicly (public posts and public-state changes), newest first.
    Public,
    /// The executive summary (one printed page in HTML).
    Executives,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The incident or drill log (with --store: the incident's id).
    pub log: PathBuf,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Who the report is for.
    #[arg(long, value_enum, default_value = "all")]
    pub audience: ReportAudience,
    /// Write the report to FILE instead of standard output (`-`: standard output). Never an
    /// incident log, a locked file or a symbolic link; created 0600, written to a temporary file
    /// beside it and renamed into place.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists (never an incident log).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// The drill's scenario file, when it is no longer where the log says.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// The playbook file, when it is no longer where the log says (for the choices not taken
    /// and the deadlines met).
    #[arg(long, value_name = "FILE")]
    pub playbook: Option<PathBuf>,
    /// LOG is the id of an incident in this PostgreSQL database (`warroom list`) instead of a
    /// file (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE; an
    /// empty URL: LOG is a file].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

/// Formats of `warroom compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Md,
    Html,
    Json,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The teams' drill logs (two or more, of the same scenario).
    #[arg(required = true, num_args = 2.., value_name = "LOG")]
    pub logs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: CompareFormat,
    /// Write to FILE instead of standard output (never an incident log; created 0600).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists (never an incident log).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// The scenario file, when it is no longer where the first log says.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MselArgs {
    /// The drill scenario (RON).
    pub scenario: PathBuf,
    /// Write the CSV to FILE instead of standard output (`-`: standard output). Never an
    /// incident log, a locked file or a symbolic link; created 0600.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists (never an incident log).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Leave out the UTF-8 byte-order mark (written by default so that Excel reads Korean and
    /// other non-ASCII text as UTF-8).
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The incident or drill log (closed or still open; with --store: the incident's id).
    pub log: PathBuf,
    /// The playbook file, when it is no longer where the log says.
    #[arg(long, value_name = "FILE")]
    pub playbook: Option<PathBuf>,
    /// Who adds review notes (recorded on each note).
    #[command(flatten)]
    pub actor: ActorArgs,
    /// LOG is the id of an incident in this PostgreSQL database (`warroom list`) instead of a
    /// file (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE; an
    /// empty URL: LOG is a file].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
    /// Add this review note to the log without the screen (headless), then exit.
    #[arg(long, value_name = "TEXT", conflicts_with = "mark")]
    pub note: Option<String>,
    /// Headless: mark the review note #SEQ as a finding (a new review note carrying its text
    /// and the finding; the log is append-only). Needs --finding, --action, --owner, --due.
    #[arg(long, value_name = "SEQ", requires = "finding")]
    pub mark: Option<u64>,
    /// With --note or --mark: the note is a finding of the improvement plan, tied to this
    /// expectation or objective id of the drill's scenario (`general`: neither).
    #[arg(long, value_name = "ID|general", requires_all = ["action", "owner", "due"])]
    pub finding: Option<String>,
    /// The finding's corrective action.
    #[arg(long, value_name = "TEXT", requires = "finding")]
    pub action: Option<String>,
    /// Who owns the corrective action.
    #[arg(long, value_name = "NAME", requires = "finding")]
    pub owner: Option<String>,
    /// When the corrective action is due (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "finding")]
    pub due: Option<String>,
    /// The drill's scenario file (to check the finding's id), when it is no longer where the
    /// log says.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Record the note at this RFC 3339 time instead of the clock (reproducible logs).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// A one-screen plain-text summary.
    Text,
    /// One JSON object (for scripts and other tools).
    Json,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The incident or drill log (with --store: the incident's id).
    pub log: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: StatsFormat,
    /// LOG is the id of an incident in this PostgreSQL database (`warroom list`) instead of a
    /// file (postgres://user@host:port/database; docs/postgres.md) [env: WARROOM_STORE; an
    /// empty URL: LOG is a file].
    #[arg(long, env = "WARROOM_STORE", value_name = "URL", hide_env = true)]
    pub store: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FollowupsFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct FollowupsArgs {
    /// Directories (searched recursively for *.jsonl logs) or log files [default: incidents].
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Judge overdue against this RFC 3339 time instead of the clock.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: FollowupsFormat,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    #[command(subcommand)]
    pub what: GenWhat,
}

#[derive(Debug, Subcommand)]
pub enum GenWhat {
    /// A playbook of N steps that passes `warroom check --deny-warnings`.
    Playbook {
        #[arg(long, value_name = "N")]
        steps: usize,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// An incident log of N events with a valid hash chain (`warroom verify` passes).
    Log {
        #[arg(long, value_name = "N")]
        events: u64,
        /// The playbook the incident runs on [default: the built-in one].
        #[arg(long, value_name = "FILE")]
        playbook: Option<PathBuf>,
        #[arg(long, default_value = "1")]
        seed: u64,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A headless script of N lines, for `warroom run PLAYBOOK --script FILE --now 2026-11-21T09:00:00+09:00`.
    Script {
        #[arg(long, value_name = "N")]
        lines: u64,
        #[arg(long, value_name = "FILE")]
        playbook: Option<PathBuf>,
        #[arg(long, default_value = "1")]
        seed: u64,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// `--store`, shared by the three commands.
#[derive(Debug, Args, Clone)]
pub struct StoreArg {
    /// The PostgreSQL database: postgres://user@host:port/database.
    #[arg(long, env = "WARROOM_STORE", value_name = "URL")]
    pub store: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The incident's id (as `warroom list` shows it).
    pub id: String,
    #[command(flatten)]
    pub store: StoreArg,
    /// The log file to write (never overwritten; `-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The log file to load; the incident's id is its name without `.jsonl`.
    pub log: PathBuf,
    #[command(flatten)]
    pub store: StoreArg,
}
