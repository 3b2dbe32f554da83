//! Mapping profiles for social-listening CSV exports: which column holds what. Brandwatch,
//! Meltwater and Talkwalker name their columns differently (and Meltwater writes UTF-16 with
//! tabs), so a small RON file names them; three ship in `profiles/`. See docs/intake.md.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use serde::Deserialize;

/// How the file's bytes are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    Utf8,
    /// UTF-16 (little-endian unless a byte-order mark says otherwise).
    Utf16,
}

/// A CSV mapping profile.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The tool the export comes from, for messages.
    pub name: String,
    pub encoding: Encoding,
    /// The field separator: `","`, `"\t"` or `";"`.
    #[serde(default = "comma")]
    pub delimiter: String,
    /// Lines before the header row (report preambles).
    #[serde(default)]
    pub skip_lines: usize,
    /// The mention's id; when absent or empty, the link is the id.
    #[serde(default)]
    pub id: Option<String>,
    /// When it was posted.
    pub time: String,
    /// chrono `strftime` format of `time` when it is not RFC 3339 (e.g. `"%d-%b-%Y %I:%M%p"`).
    #[serde(default)]
    pub time_format: Option<String>,
    /// The UTC offset of times written without one (e.g. `"+09:00"`) [default: `+00:00`].
    #[serde(default)]
    pub utc_offset: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub handle: Option<String>,
    /// Columns holding the text, in order of preference: the first non-empty one is taken.
    pub text: Vec<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// The tool's reach or impressions estimate.
    #[serde(default)]
    pub reach: Option<String>,
    #[serde(default)]
    pub followers: Option<String>,
    #[serde(default)]
    pub reposts: Option<String>,
    #[serde(default)]
    pub replies: Option<String>,
    #[serde(default)]
    pub likes: Option<String>,
}

fn comma() -> String {
    ",".into()
}

impl Profile {
    /// Reads a profile file; errors name the file, line and column.
    pub fn load(path: &Path) -> Result<Profile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the profile: {e}", path.display()))?;
        Profile::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// Parses a profile; an error reads `LINE:COL: message`.
    pub fn parse(text: &str) -> Result<Profile, String> {
        let p: Profile = ron::from_str(text)
            .map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        if p.delimiter.chars().count() != 1 {
            return Err(format!(
                "1:1: delimiter {:?} must be one character",
                p.delimiter
            ));
        }
        if p.text.is_empty() {
            return Err("1:1: `text` must name at least one column".into());
        }
        if let Some(o) = &p.utc_offset {
            parse_offset(o).map_err(|e| format!("1:1: utc_offset: {e}"))?;
        }
        Ok(p)
    }

    pub fn delimiter_char(&self) -> char {
        self.delimiter.chars().next().unwrap_or(',')
    }

    /// Reads a time cell: RFC 3339, `time_format` in `utc_offset`, or Unix milliseconds.
    pub fn parse_time(&self, s: &str) -> Result<DateTime<FixedOffset>, String> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(t);
        }
        let offset = match &self.utc_offset {
            Some(o) => parse_offset(o)?,
            None => FixedOffset::east_opt(0).ok_or("bad offset")?,
        };
        if let Some(f) = &self.time_format {
            if let Ok(t) = DateTime::parse_from_str(s, f) {
                return Ok(t);
            }
            if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
                return offset
                    .from_local_datetime(&n)
                    .single()
                    .ok_or_else(|| format!("{s:?} is not a single instant"));
            }
        }
        if s.len() >= 12
            && s.chars().all(|c| c.is_ascii_digit())
            && let Some(t) = s
                .parse::<i64>()
                .ok()
                .and_then(chrono::DateTime::from_timestamp_millis)
        {
            return Ok(t.with_timezone(&offset));
        }
        Err(match &self.time_format {
            Some(f) => format!("{s:?} is neither RFC 3339 nor in the profile's time_format {f:?}"),
            None => format!("{s:?} is not an RFC 3339 time (set time_format in the profile)"),
        })
    }
}

fn parse_offset(o: &str) -> Result<FixedOffset, String> {
    DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{o}"))
        .map(|t| *t.offset())
        .map_err(|_| format!("{o:?} is not a UTC offset like +09:00"))
}
