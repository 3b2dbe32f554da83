//! The mention feed: what came in, each mention once (a duplicate id is shown once; the same
//! post with new metrics is a new reach snapshot), triage state, and volume per minute for the
//! counts and the sparkline. Built from `intake` and triage events, so a resumed or reviewed log
//! gives the same feed. Also the JSON Lines reader ([`Lines`]), which takes bytes as they are
//! appended and yields complete lines with their numbers, and rejects bad lines without stopping.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset};

use super::triage::Triage;
use super::{Format, IntakeError, MAX_POST_BYTES, Metrics, Parsed, Post};
use crate::engine::{Event, EventKind};

/// One reach snapshot: when it was taken in, and the metrics then.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub at: DateTime<FixedOffset>,
    pub metrics: Metrics,
}

/// A mention in the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub post: Post,
    pub format: Format,
    /// When it was first taken in.
    pub seen_at: DateTime<FixedOffset>,
    /// Every distinct set of metrics seen, oldest first (the first is the post as first seen).
    pub snapshots: Vec<Snapshot>,
    pub triage: Option<Triage>,
    pub answered_by: Option<u32>,
    pub escalated: bool,
}

/// What taking a post in did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    New,
    /// Known id, new metrics: a reach snapshot.
    Snapshot,
    /// Known id, metrics already seen (or none): nothing new.
    Duplicate,
}

/// Mentions per minute and the reach they carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Minute {
    pub count: u64,
    pub reach: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Feed {
    mentions: Vec<Mention>,
    index: HashMap<String, usize>,
    /// Minute (Unix seconds / 60) → volume, by the time each mention was posted (else seen).
    minutes: BTreeMap<i64, Minute>,
    duplicates: u64,
}

impl Feed {
    pub fn new() -> Feed {
        Feed::default()
    }

    /// Distinct mentions.
    pub fn len(&self) -> usize {
        self.mentions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.mentions.is_empty()
    }

    /// Posts taken in again with nothing new.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }

    pub fn get(&self, id: &str) -> Option<&Mention> {
        self.index.get(id).map(|i| &self.mentions[*i])
    }

    /// What taking `post` in would do, without doing it.
    pub fn classify(&self, post: &Post) -> Seen {
        match self.get(&post.id) {
            None => Seen::New,
            // Metrics seen before for this post (a feed read again from the top after a
            // resume, say) are nothing new either.
            Some(_) if post.metrics.is_empty() => Seen::Duplicate,
            Some(m) if m.snapshots.iter().any(|s| s.metrics == post.metrics) => Seen::Duplicate,
            Some(_) => Seen::Snapshot,
        }
    }

    /// Takes a post in at `at`.
    pub fn observe(&mut self, format: Format, post: Post, at: DateTime<FixedOffset>) -> Seen {
        let seen = self.classify(&post);
        match seen {
            Seen::Duplicate => self.duplicates += 1,
            Seen::Snapshot => {
                if let Some(&i) = self.index.get(&post.id) {
                    let m = &mut self.mentions[i];
                    m.snapshots.push(Snapshot {
                        at,
                        metrics: post.metrics.clone(),
                    });
                    m.post = post;
                }
            }
            Seen::New => {
                let minute = post.created_at.unwrap_or(at).timestamp().div_euclid(60);
                let b = self.minutes.entry(minute).or_default();
                b.count += 1;
                b.reach += post.metrics.reach().unwrap_or(0);
                self.index.insert(post.id.clone(), self.mentions.len());
                self.mentions.push(Mention {
                    snapshots: vec![Snapshot {
                        at,
                        metrics: post.metrics.clone(),
                    }],
                    post,
                    format,
                    seen_at: at,
                    triage: None,
                    answered_by: None,
                    escalated: false,
                });
            }
        }
        seen
    }

    /// Takes a post of a feed in and gives the `intake` event to record for it: a new mention
    /// or a reach snapshot; `None` for a duplicate (counted, not recorded). `source` is
    /// `FEED:LINE`.
    pub fn take_in(
        &mut self,
        source: String,
        sha256: String,
        parsed: Parsed,
        at: DateTime<FixedOffset>,
    ) -> Option<EventKind> {
        match self.observe(parsed.format, parsed.post.clone(), at) {
            Seen::Duplicate => None,
            Seen::New | Seen::Snapshot => Some(EventKind::Intake {
                sha256,
                format: parsed.format,
                source,
                post: parsed.post,
            }),
        }
    }

    /// Folds a recorded event (intake, triage, answered, escalated; others are ignored).
    pub fn apply(&mut self, e: &Event) {
        match &e.kind {
            EventKind::Intake { format, post, .. } => {
                self.observe(*format, post.clone(), e.at);
            }
            EventKind::Triaged {
                mention, triage, ..
            } => {
                if let Some(&i) = self.index.get(mention) {
                    self.mentions[i].triage = Some(*triage);
                }
            }
            EventKind::MentionAnswered { mention, draft } => {
                if let Some(&i) = self.index.get(mention) {
                    self.mentions[i].answered_by = Some(*draft);
                }
            }
            EventKind::MentionEscalated { mention, .. } => {
                if let Some(&i) = self.index.get(mention) {
                    self.mentions[i].escalated = true;
                }
            }
            _ => {}
        }
    }

    /// Mentions, newest first (by posting time, else when seen; ties: latest taken in first).
    pub fn newest_first(&self) -> impl Iterator<Item = &Mention> {
        let mut v: Vec<&Mention> = self.mentions.iter().collect();
        v.sort_by_key(|m| std::cmp::Reverse(m.post.created_at.unwrap_or(m.seen_at)));
        v.into_iter()
    }

    /// Mentions in the order they were taken in.
    pub fn in_order(&self) -> &[Mention] {
        &self.mentions
    }

    /// Volume for the `n` minutes ending with the one holding `now`, oldest first.
    pub fn last_minutes(&self, now: DateTime<FixedOffset>, n: usize) -> Vec<Minute> {
        let end = now.timestamp().div_euclid(60);
        let start = end - n as i64 + 1;
        let mut out = vec![Minute::default(); n];
        for (m, b) in self.minutes.range(start..=end) {
            out[(m - start) as usize] = *b;
        }
        out
    }

    /// Volume for every minute from the first mention to the last, oldest first.
    pub fn all_minutes(&self) -> Vec<(i64, Minute)> {
        let (Some((&a, _)), Some((&b, _))) = (
            self.minutes.first_key_value(),
            self.minutes.last_key_value(),
        ) else {
            return Vec::new();
        };
        (a..=b)
            .map(|m| (m, self.minutes.get(&m).copied().unwrap_or_default()))
            .collect()
    }
}

/// A sparkline of `values` (▁ to █ in eighths of the largest; a space for zero).
pub fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 || max == 0 {
                ' '
            } else {
                // The smallest non-zero value gets the lowest bar, the largest the highest.
                let i = (v as u128 * 8).div_ceil(max as u128) as usize;
                BARS[i.saturating_sub(1).min(7)]
            }
        })
        .collect()
}

/// A line of a JSON Lines feed that could not be taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub message: String,
}

/// What one complete line of a feed gave.
#[derive(Debug, Clone, PartialEq)]
pub enum LineResult {
    /// The posts on the line (an X lookup may hold several) and the SHA-256 of its bytes.
    Posts {
        line: usize,
        sha256: String,
        posts: Vec<Parsed>,
    },
    Rejected(Rejected),
    Blank(usize),
}

/// Splits appended bytes into complete lines, keeping a torn last line until its `\n` comes.
/// A line longer than [`MAX_POST_BYTES`] is rejected (and skipped up to its end) without being
/// held in memory.
#[derive(Debug, Default)]
pub struct Lines {
    partial: Vec<u8>,
    line: usize,
    overlong: bool,
}

impl Lines {
    pub fn new() -> Lines {
        Lines::default()
    }

    /// Lines completed so far.
    pub fn count(&self) -> usize {
        self.line
    }

    /// Takes appended bytes; returns what each completed line gave.
    pub fn push(&mut self, mut bytes: &[u8]) -> Vec<LineResult> {
        let mut out = Vec::new();
        while let Some(nl) = bytes.iter().position(|b| *b == b'\n') {
            let (head, rest) = bytes.split_at(nl);
            bytes = &rest[1..];
            self.line += 1;
            if self.overlong || self.partial.len() + head.len() > MAX_POST_BYTES {
                self.overlong = false;
                self.partial.clear();
                out.push(LineResult::Rejected(Rejected {
                    line: self.line,
                    message: format!("the line is longer than {MAX_POST_BYTES} bytes; skipped"),
                }));
                continue;
            }
            if self.partial.is_empty() {
                out.push(parse_line(self.line, head));
            } else {
                self.partial.extend_from_slice(head);
                let whole = std::mem::take(&mut self.partial);
                out.push(parse_line(self.line, &whole));
            }
        }
        if !bytes.is_empty() {
            if self.overlong || self.partial.len() + bytes.len() > MAX_POST_BYTES {
                self.overlong = true;
                self.partial.clear();
            } else {
                self.partial.extend_from_slice(bytes);
            }
        }
        out
    }

    /// At the end of the input: a last line without `\n` is read too.
    pub fn finish(&mut self) -> Vec<LineResult> {
        if self.overlong {
            self.overlong = false;
            self.line += 1;
            return vec![LineResult::Rejected(Rejected {
                line: self.line,
                message: format!("the line is longer than {MAX_POST_BYTES} bytes; skipped"),
            })];
        }
        if self.partial.is_empty() {
            return Vec::new();
        }
        self.line += 1;
        let whole = std::mem::take(&mut self.partial);
        vec![parse_line(self.line, &whole)]
    }
}

fn parse_line(n: usize, bytes: &[u8]) -> LineResult {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return LineResult::Blank(n);
    }
    match super::parse_posts(bytes) {
        Ok(posts) => LineResult::Posts {
            line: n,
            sha256: super::sha256_hex(bytes),
            posts,
        },
        Err(IntakeError {
            column, message, ..
        }) => LineResult::Rejected(Rejected {
            line: n,
            message: match column {
                Some(c) => format!("column {c}: {message}"),
                None => message,
            },
        }),
    }
}
