//! Following a feed file as it grows: each poll reads what was appended since the last one (at
//! most a budget of bytes, so a screen stays responsive while a large backlog drains), keeps a
//! torn last line for the next poll, and starts again from the top when the file shrank (a
//! rotated or rewritten capture: the feed's duplicate detection keeps it from counting twice).
//! A CSV export is re-read whole when it changes, skipping the rows already taken in.

use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

use super::Parsed;
use super::feed::{LineResult, Lines, Rejected};
use super::profile::Profile;

/// What one poll gave.
#[derive(Debug, Default)]
pub struct Polled {
    /// `(line, SHA-256 of its bytes, post)`.
    pub posts: Vec<(usize, String, Parsed)>,
    pub rejected: Vec<Rejected>,
    /// More was appended than the budget allowed: poll again soon.
    pub more: bool,
    /// The file shrank and is read from the top again.
    pub restarted: bool,
}

/// A CSV row in file order: its line, and the post read from it or why it was rejected.
type CsvRow = (usize, Option<(String, Parsed)>, Option<String>);

pub struct Tail {
    path: PathBuf,
    offset: u64,
    lines: Lines,
    profile: Option<Profile>,
    csv_rows: usize,
    csv_len: u64,
}

impl Tail {
    pub fn new(path: PathBuf, profile: Option<Profile>) -> Tail {
        Tail {
            path,
            offset: 0,
            lines: Lines::new(),
            profile,
            csv_rows: 0,
            csv_len: 0,
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Reads what was appended, up to `budget` bytes.
    pub fn poll(&mut self, budget: usize) -> Result<Polled, String> {
        let shown = self.path.display().to_string();
        let mut f = std::fs::File::open(&self.path)
            .map_err(|e| format!("{shown}: cannot read the feed: {e}"))?;
        let len = f.metadata().map_err(|e| format!("{shown}: {e}"))?.len();
        if let Some(p) = self.profile.clone() {
            return self.poll_csv(&mut f, len, &p);
        }
        let mut out = Polled::default();
        if len < self.offset {
            self.offset = 0;
            self.lines = Lines::new();
            out.restarted = true;
        }
        if len == self.offset {
            return Ok(out);
        }
        f.seek(SeekFrom::Start(self.offset))
            .map_err(|e| format!("{shown}: {e}"))?;
        let want = (len - self.offset).min(budget as u64);
        let mut buf = Vec::with_capacity(want as usize);
        f.take(want)
            .read_to_end(&mut buf)
            .map_err(|e| format!("{shown}: {e}"))?;
        self.offset += buf.len() as u64;
        out.more = self.offset < len;
        for r in self.lines.push(&buf) {
            match r {
                LineResult::Posts {
                    line,
                    sha256,
                    posts,
                } => out
                    .posts
                    .extend(posts.into_iter().map(|p| (line, sha256.clone(), p))),
                LineResult::Rejected(r) => out.rejected.push(r),
                LineResult::Blank(_) => {}
            }
        }
        Ok(out)
    }

    fn poll_csv(&mut self, f: &mut std::fs::File, len: u64, p: &Profile) -> Result<Polled, String> {
        let mut out = Polled::default();
        if len == self.csv_len {
            return Ok(out);
        }
        if len < self.csv_len {
            self.csv_rows = 0;
            out.restarted = true;
        }
        self.csv_len = len;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        let read =
            super::csv::read(&bytes, p).map_err(|e| format!("{}: {e}", self.path.display()))?;
        let mut rows: Vec<CsvRow> = read
            .rows
            .into_iter()
            .map(|r| (r.line, Some((r.sha256, r.parsed)), None))
            .chain(read.rejected.into_iter().map(|(l, m)| (l, None, Some(m))))
            .collect();
        rows.sort_by_key(|r| r.0);
        for (line, post, why) in rows.into_iter().skip(self.csv_rows) {
            self.csv_rows += 1;
            match (post, why) {
                (Some((sha, parsed)), _) => out.posts.push((line, sha, parsed)),
                (None, Some(message)) => out.rejected.push(Rejected { line, message }),
                _ => {}
            }
        }
        Ok(out)
    }
}
