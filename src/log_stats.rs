//! The figures of an incident or drill log for `warroom stats`: a fold over the log's lines
//! into a [`Stats`] value, with no I/O.
//!
//! Built for very large logs: [`StatsParser`] reads each line into a light view borrowed from
//! the line (only the members the figures need) and folds it at once, so memory does not grow
//! with the log. `log::reader::scan_with` drives it and checks seq and the hash chain of every
//! line as `warroom verify` does.
//!
//! Definitions (docs/log-format.md and README say the same):
//! - **Start**: the `opened` event. **End**: the `closed` event; a log not closed has no end,
//!   and its figures run to its last event.
//! - **First public acknowledgement**: the first `posted` event on a public channel — a tweet,
//!   a blog statement or a press statement (`Tweet`, `Blog`, `Press`). A DM, an e-mail or an
//!   internal message is not public. Measured from the start.
//! - **CS hand-off**: the `closed` event with the outcome `HandedOffToCs` — the moment the war
//!   room handed the case to customer service for good. Measured from the start.
//! - **Deadlines breached**: the `deadline_breached` events (one per deadline instance, logged
//!   when first noticed), grouped by deadline.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::engine::{Kind, Mode, PlaybookRef};
use crate::log::reader::{Head, LineParser};
use crate::playbook::{Channel, Outcome};

/// At most this many different deadlines are listed one by one (the count covers all).
pub const MAX_DEADLINES_LISTED: usize = 100;

/// The members of a line the figures need, borrowed from the line where it has no escapes.
#[derive(Debug, Deserialize)]
pub struct LightEvent<'a> {
    pub seq: u64,
    #[serde(borrow)]
    pub at: Cow<'a, str>,
    #[serde(borrow)]
    pub kind: Cow<'a, str>,
    #[serde(borrow)]
    pub prev: Cow<'a, str>,
    #[serde(borrow)]
    pub hash: Cow<'a, str>,
    /// `opened`.
    #[serde(default)]
    pub playbook: Option<PlaybookRef>,
    /// `opened`.
    #[serde(default)]
    pub title: Option<String>,
    /// `opened`.
    #[serde(default)]
    pub mode: Option<Mode>,
    /// `posted` (also on drafts and injects: read as text, interpreted for posts only).
    #[serde(default, borrow)]
    pub channel: Option<Cow<'a, str>>,
    /// `posted`, `draft_saved`, `approved`, `privacy_warning`.
    #[serde(default)]
    pub draft: Option<u32>,
    /// `closed`.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// `closed`, `deadline_breached` and others.
    #[serde(default, borrow)]
    pub step: Option<Cow<'a, str>>,
    /// `deadline_breached`.
    #[serde(default, borrow)]
    pub deadline: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub label: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub due_at: Option<Cow<'a, str>>,
}

/// A moment in the log: when, and which event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    pub seq: u64,
    pub at: DateTime<FixedOffset>,
}

/// The first public post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstPost {
    #[serde(flatten)]
    pub moment: Moment,
    pub draft: u32,
    pub channel: Channel,
}

/// How the incident was closed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closed {
    #[serde(flatten)]
    pub moment: Moment,
    pub outcome: Outcome,
    pub step: String,
}

/// One deadline's breaches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breached {
    pub deadline: String,
    pub label: String,
    /// The declaring step, for step deadlines.
    pub step: Option<String>,
    /// How many instances were breached (a deadline renewed by every post can be breached
    /// more than once).
    pub count: u64,
    /// When the first breached instance was due.
    pub first_due_at: Option<DateTime<FixedOffset>>,
    /// When its first breach was noticed (logged).
    pub first_noticed: Moment,
}

/// The figures of a log.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub title: Option<String>,
    pub mode: Option<Mode>,
    pub playbook: Option<PlaybookRef>,
    /// Good events read.
    pub events: u64,
    /// Events per kind, in [`Kind::ALL`] order; kinds that do not occur are left out.
    pub by_kind: Vec<(String, u64)>,
    pub opened: Option<Moment>,
    pub last: Option<Moment>,
    pub closed: Option<Closed>,
    pub first_public_post: Option<FirstPost>,
    /// Breaches grouped by deadline, in the order first noticed (at most
    /// [`MAX_DEADLINES_LISTED`] deadlines).
    pub breaches: Vec<Breached>,
    /// Every breach, listed or not.
    pub breaches_total: u64,
}

impl Stats {
    /// Seconds from `opened` to `closed`, or to the last event when not closed.
    pub fn duration_secs(&self) -> Option<i64> {
        let start = self.opened.as_ref()?.at;
        let end = match &self.closed {
            Some(c) => c.moment.at,
            None => self.last.as_ref()?.at,
        };
        Some((end - start).num_seconds())
    }

    /// Seconds from `opened` to the first public post.
    pub fn first_public_ack_secs(&self) -> Option<i64> {
        let start = self.opened.as_ref()?.at;
        Some((self.first_public_post.as_ref()?.moment.at - start).num_seconds())
    }

    /// Seconds from `opened` to closing with the CS hand-off outcome.
    pub fn cs_handoff_secs(&self) -> Option<i64> {
        let start = self.opened.as_ref()?.at;
        let c = self.closed.as_ref()?;
        (c.outcome == Outcome::HandedOffToCs).then(|| (c.moment.at - start).num_seconds())
    }

    /// The count for one kind.
    pub fn count(&self, kind: &str) -> u64 {
        self.by_kind
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

fn time(s: &str) -> Result<DateTime<FixedOffset>, String> {
    s.parse::<DateTime<FixedOffset>>()
        .map_err(|e| format!("not a valid event: bad time {s:?}: {e}"))
}

/// Folds lines into [`Stats`]; plug into `log::reader::scan_with`.
#[derive(Debug)]
pub struct StatsParser {
    stats: Stats,
    counts: [u64; Kind::COUNT],
    /// The last good event's `at`, parsed once at the end.
    last_at: String,
    last_seq: u64,
    /// Deadline id → index in `stats.breaches`.
    breach_index: BTreeMap<String, usize>,
}

impl Default for StatsParser {
    fn default() -> StatsParser {
        StatsParser {
            stats: Stats::default(),
            counts: [0; Kind::COUNT],
            last_at: String::new(),
            last_seq: 0,
            breach_index: BTreeMap::new(),
        }
    }
}

impl StatsParser {
    pub fn new() -> StatsParser {
        StatsParser::default()
    }

    /// The figures of the lines accepted so far.
    pub fn finish(mut self) -> Stats {
        self.stats.by_kind = Kind::ALL
            .iter()
            .zip(self.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.name().to_string(), n))
            .collect();
        if self.last_seq > 0
            && let Ok(at) = time(&self.last_at)
        {
            self.stats.last = Some(Moment {
                seq: self.last_seq,
                at,
            });
        }
        self.stats
    }

    fn fold(&mut self, e: LightEvent<'_>, kind: Kind, at: Option<DateTime<FixedOffset>>) {
        self.counts[kind.index()] += 1;
        let s = &mut self.stats;
        s.events += 1;
        self.last_seq = e.seq;
        self.last_at.clear();
        self.last_at.push_str(&e.at);
        let Some(at) = at else {
            return;
        };
        let moment = Moment { seq: e.seq, at };
        match kind {
            Kind::Opened => {
                s.title = e.title;
                s.mode = e.mode;
                s.playbook = e.playbook;
                s.opened = Some(moment);
            }
            Kind::Posted => {
                if s.first_public_post.is_none()
                    && let Some(channel) = e.channel.as_deref().and_then(channel_of)
                    && channel.is_public()
                {
                    s.first_public_post = Some(FirstPost {
                        moment,
                        draft: e.draft.unwrap_or(0),
                        channel,
                    });
                }
            }
            Kind::Closed => {
                if let Some(outcome) = e.outcome {
                    s.closed = Some(Closed {
                        moment,
                        outcome,
                        step: e.step.map(Cow::into_owned).unwrap_or_default(),
                    });
                }
            }
            Kind::DeadlineBreached => {
                s.breaches_total += 1;
                let id = e.deadline.as_deref().unwrap_or("");
                if let Some(&i) = self.breach_index.get(id) {
                    s.breaches[i].count += 1;
                } else if s.breaches.len() < MAX_DEADLINES_LISTED {
                    self.breach_index.insert(id.to_string(), s.breaches.len());
                    s.breaches.push(Breached {
                        deadline: id.to_string(),
                        label: e.label.map(Cow::into_owned).unwrap_or_default(),
                        step: e.step.map(Cow::into_owned),
                        count: 1,
                        first_due_at: e.due_at.as_deref().and_then(|d| time(d).ok()),
                        first_noticed: moment,
                    });
                }
            }
            _ => {}
        }
    }
}

/// A channel as the log writes it (`"Tweet"`, `"Blog"`...).
fn channel_of(s: &str) -> Option<Channel> {
    Some(match s {
        "Tweet" => Channel::Tweet,
        "Dm" => Channel::Dm,
        "Blog" => Channel::Blog,
        "Email" => Channel::Email,
        "Press" => Channel::Press,
        "Internal" => Channel::Internal,
        _ => return None,
    })
}

/// A parsed line with its kind and, for the kinds whose time matters, its time.
pub struct StatsLine<'a> {
    event: LightEvent<'a>,
    kind: Kind,
    at: Option<DateTime<FixedOffset>>,
}

impl LineParser for StatsParser {
    type Line<'a> = StatsLine<'a>;

    fn parse<'a>(&mut self, text: &'a str) -> Result<StatsLine<'a>, String> {
        let event: LightEvent<'a> =
            serde_json::from_str(text).map_err(|e| format!("not a valid event: {e}"))?;
        let kind = Kind::from_name(&event.kind)
            .ok_or_else(|| format!("not a valid event: unknown kind {:?}", event.kind))?;
        // Every time is checked, as the full reader does; only a few are kept.
        let at = time(&event.at)?;
        let keep = matches!(
            kind,
            Kind::Opened | Kind::Posted | Kind::Closed | Kind::DeadlineBreached
        );
        Ok(StatsLine {
            event,
            kind,
            at: keep.then_some(at),
        })
    }

    fn head<'b>(line: &'b StatsLine<'_>) -> Head<'b> {
        Head {
            seq: line.event.seq,
            prev: &line.event.prev,
            hash: &line.event.hash,
            opened: line.kind == Kind::Opened,
        }
    }

    fn accept(&mut self, line: StatsLine<'_>) {
        self.fold(line.event, line.kind, line.at);
    }
}
