//! Holding statements, approved before they are needed: a `statements/` library of RON files,
//! one statement each (id, audience, language, channel, text with placeholders, who approved it
//! and when, valid until). A draft made from one records which statement it came from; while
//! its text is the statement with only the placeholders filled in, the statement's approvals
//! hold and no new approval is needed. An edit beyond the placeholders needs fresh sign-offs by
//! the same roles (`sign N`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::playbook::load::{parse_ron, read_source, sha256_hex};
use crate::playbook::{Audience, Channel, template};

/// One statement file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: String,
    pub title: String,
    pub audience: Audience,
    /// BCP 47 tag of the text (`en`, `ko`).
    pub language: String,
    pub channel: Channel,
    /// The text; `{variable}` placeholders as in playbook templates (`{next_update}` too).
    pub text: String,
    /// Who approved this text, in which role, and when (at least one).
    pub approved_by: Vec<Signature>,
    /// The last day it may be used (`YYYY-MM-DD`); none: no end.
    #[serde(default)]
    pub valid_until: Option<String>,
}

/// An approval given to a statement ahead of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// A role id (as the playbooks use: `legal`, `ceo`).
    pub role: String,
    pub name: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A statement and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub statement: Statement,
    pub path: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

impl Statement {
    /// The last valid day, when one is set and readable.
    pub fn valid_until_date(&self) -> Option<NaiveDate> {
        self.valid_until
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    }

    /// Whether it may still be used on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_until_date().is_none_or(|last| day <= last)
    }
}

/// Reads one statement file.
pub fn load(path: &Path) -> Result<Loaded, Diagnostic> {
    let source = read_source(path)?;
    let statement: Statement = parse_ron(&source)?;
    Ok(Loaded {
        statement,
        path: path.to_path_buf(),
        sha256: sha256_hex(source.text.as_bytes()),
    })
}

/// Every `.ron` statement directly in `dir`, by file name; the first bad file is the error.
pub fn load_dir(dir: &Path) -> Result<Vec<Loaded>, Diagnostic> {
    let name = dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::error(&name, format!("cannot read the statements: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

/// The problems of a statement: a text that does not parse, no approval, an unreadable
/// approval time or `valid_until`, an id that is not a plain word.
pub fn lint(file: &str, s: &Statement) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut err = |m: String| out.push(Diagnostic::error(file, m));
    if s.id.trim().is_empty()
        || !s
            .id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        err(format!(
            "statement id {:?}: letters, digits, `-` and `_` only",
            s.id
        ));
    }
    if let Err((off, m)) = template::parse(&s.text) {
        err(format!("statement \"{}\": text at byte {off}: {m}", s.id));
    }
    if s.approved_by.is_empty() {
        err(format!(
            "statement \"{}\": no approval; a holding statement is approved before it is needed (approved_by: [Signature(role: ..., name: ..., at: ...)])",
            s.id
        ));
    }
    for a in &s.approved_by {
        if DateTime::<FixedOffset>::parse_from_rfc3339(&a.at).is_err() {
            err(format!(
                "statement \"{}\": approval by {} at {:?} is not an RFC 3339 time (2026-11-01T10:00:00+09:00)",
                s.id, a.name, a.at
            ));
        }
        if a.role.trim().is_empty() || a.name.trim().is_empty() {
            err(format!(
                "statement \"{}\": an approval needs a role and a name",
                s.id
            ));
        }
    }
    if s.valid_until.is_some() && s.valid_until_date().is_none() {
        err(format!(
            "statement \"{}\": valid_until {:?} is not a date (YYYY-MM-DD)",
            s.id,
            s.valid_until.as_deref().unwrap_or_default()
        ));
    }
    if let Some(limit) = s.channel.limit() {
        let fixed = s.channel.length(&template::static_text(&s.text));
        if fixed > limit {
            err(format!(
                "statement \"{}\": its fixed text is {fixed} long; a {} holds {limit}",
                s.id,
                s.channel.label()
            ));
        }
    }
    out
}

/// Whether `text` is `template` with only its placeholders filled in (each with some text).
pub fn matches_template(template_text: &str, text: &str) -> bool {
    let Ok(pieces) = template::parse(template_text) else {
        return template_text == text;
    };
    let mut pattern = String::from("(?s)\\A");
    for p in pieces {
        match p {
            template::Piece::Text(t) => pattern.push_str(&regex::escape(&t)),
            template::Piece::Var(..) => pattern.push_str(".+?"),
        }
    }
    pattern.push_str("\\z");
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_matches_its_statement_only_with_the_placeholders_filled() {
        let t = "We have seen {summary}. Next update by {next_update}.";
        assert!(matches_template(
            t,
            "We have seen the double charge. Next update by 09:40."
        ));
        assert!(!matches_template(
            t,
            "We have seen the double charge. More soon."
        ));
        assert!(!matches_template(
            t,
            "We are sorry about the double charge. Next update by 09:40."
        ));
        assert!(!matches_template(t, "We have seen . Next update by 09:40."));
    }
}
