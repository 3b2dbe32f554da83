//! Reading a playbook file: bytes → UTF-8 → RON → model, every failure a positioned diagnostic.

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use sha2::{Digest, Sha256};

use super::model::Playbook;
use crate::diag::{Diagnostic, offset_of};

/// Files larger than this are refused before parsing. Room for a 100,000-step playbook (the
/// linter's scaling budget, docs/performance.md), far beyond any real one.
pub const MAX_FILE_BYTES: u64 = crate::fsio::MAX_FILE_BYTES;

/// The RON options every warroom file is read with.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// A source file read into memory, with its SHA-256.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name used in messages (the path as given).
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
    pub sha256: String,
}

/// A parsed playbook with its source.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub playbook: Playbook,
    pub source: Source,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex(&digest)
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Reads a file as UTF-8 text, refusing huge files and pointing at the first invalid byte.
pub fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(&name, format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(Diagnostic::error(&name, "is a directory, not a file"));
    }
    // A device or a pipe (a scenario may name `/dev/zero` as its playbook) would never end.
    if !meta.is_file() {
        return Err(Diagnostic::error(
            &name,
            "is not a regular file (a device, a pipe or a socket)",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &name,
            format!(
                "file is {} bytes; the limit is {} bytes",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    // Read at most one byte past the limit: the file may have grown since its metadata.
    let mut bytes = Vec::new();
    // Opened as a regular file or refused: a pipe put there since the check would hang.
    crate::fsio::open_regular(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| Diagnostic::error(&name, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &name,
            format!("file is over the limit of {MAX_FILE_BYTES} bytes"),
        ));
    }
    let mut src = source_from_bytes(&name, &bytes)?;
    src.path = Some(path.to_path_buf());
    Ok(src)
}

/// Decodes bytes as UTF-8 (a leading BOM is dropped), naming the first invalid byte's position.
pub fn source_from_bytes(name: &str, bytes: &[u8]) -> Result<Source, Diagnostic> {
    let sha256 = sha256_hex(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Source {
            name: name.to_string(),
            path: None,
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
            sha256,
        }),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let col = good
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            let bad = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            let mut d = Diagnostic::error(
                name,
                format!("not UTF-8 text: invalid byte 0x{bad:02x} (is this a binary file?)"),
            );
            d.line = line;
            d.col = col;
            Err(d)
        }
    }
}

/// Parses RON text into `T`, turning ron's error into a positioned diagnostic.
pub fn parse_ron<T: serde::de::DeserializeOwned>(src: &Source) -> Result<T, Diagnostic> {
    if src.text.trim().is_empty() {
        return Err(Diagnostic::error(&src.name, "the file is empty"));
    }
    ron_options()
        .from_str::<T>(&src.text)
        .map_err(|e| ron_error(src, &e))
}

fn ron_error(src: &Source, e: &ron::error::SpannedError) -> Diagnostic {
    let mut start = offset_of(&src.text, e.span.start.line, e.span.start.col);
    // ron sometimes reports the whitespace before the offending value; point at the value.
    let ws = src.text[start..].len() - src.text[start..].trim_start().len();
    if start + ws < src.text.len() {
        start += ws;
    }
    let end = offset_of(&src.text, e.span.end.line, e.span.end.col).max(start);
    let (message, help) = describe_ron_error(&e.code);
    let mut d = Diagnostic::error(&src.name, message).at(&src.text, start..end.max(start + 1));
    if let Some(h) = help {
        d = d.help(h);
    }
    d
}

fn describe_ron_error(code: &ron::Error) -> (String, Option<String>) {
    use ron::Error as E;
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default()
            ),
            Some(format!("expected one of: {}", expected.join(", "))),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default()
            ),
            None,
        ),
        E::DuplicateStructField { field, outer } => (
            format!(
                "field `{field}` given twice{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default()
            ),
            None,
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown value `{found}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" for {o}"))
                    .unwrap_or_default()
            ),
            Some(format!("expected one of: {}", expected.join(", "))),
        ),
        E::ExceededRecursionLimit => (
            "nesting too deep".to_string(),
            Some("playbooks nest a few levels at most".to_string()),
        ),
        // A value's own check (a bad time span): the message says what is wrong, not RON.
        E::Message(m) => (m.clone(), None),
        other => (format!("RON syntax: {other}"), None),
    }
}

/// Reads and parses a playbook file (syntax and field errors only; see `lint` for the rest).
pub fn load_playbook(path: &Path) -> Result<Loaded, Diagnostic> {
    let source = read_source(path)?;
    let playbook = parse_ron::<Playbook>(&source)?;
    Ok(Loaded { playbook, source })
}

/// Parses a playbook from text held in memory (the embedded default, tests).
pub fn playbook_from_str(name: &str, text: &str) -> Result<Loaded, Diagnostic> {
    let source = source_from_bytes(name, text.as_bytes())?;
    let playbook = parse_ron::<Playbook>(&source)?;
    Ok(Loaded { playbook, source })
}
