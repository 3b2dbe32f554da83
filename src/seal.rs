//! Signed checkpoints of a log: `warroom seal LOG --key KEY` signs the log's last line (its seq
//! and hash) with an Ed25519 key the team keeps, and appends the signature to `LOG.seal`;
//! `warroom verify LOG --key KEY.pub` checks every seal there: the signature, made by that key,
//! and a line of the log at that seq with that hash. The hash chain alone has no key — a whole
//! log rewritten and re-hashed by a script passes `verify` — but it cannot carry a seal: its
//! hashes are not the sealed ones, and no one without the key can sign new ones.
//!
//! A key pair (`warroom seal --new-key KEY`) is two files: `KEY`, the secret (mode 0600, never
//! overwritten), and `KEY.pub`, the public half to give to whoever verifies.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::fsio::{MAX_LINE_BYTES, open_regular, read_bounded};
use crate::log::reader::read_line_bounded;
use crate::playbook::load::hex;

/// The seal format: the first word of the signed message and the `format` of a seal line.
pub const FORMAT: &str = "warroom-seal/1";
const SECRET_TAG: &str = "warroom-seal-secret/1";
const PUBLIC_TAG: &str = "warroom-seal-public/1";

/// One signed checkpoint, as a line of `LOG.seal`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Seal {
    pub format: String,
    /// The sealed line: its seq (= its line number) and its hash.
    pub seq: u64,
    pub hash: String,
    /// When it was sealed (RFC 3339).
    pub at: String,
    /// The public key that signed it (hex) and the signature (hex).
    pub key: String,
    pub sig: String,
}

/// Where a log's seals are kept: `LOG.seal` beside it.
pub fn seal_path(log: &Path) -> PathBuf {
    let mut p = log.as_os_str().to_owned();
    p.push(".seal");
    PathBuf::from(p)
}

/// The bytes signed for a checkpoint.
fn message(seq: u64, hash: &str, at: &str) -> String {
    format!("{FORMAT}\nseq {seq}\nhash {hash}\nat {at}\n")
}

/// Creates a key pair: `path` (the secret, 0600) and `path.pub`. Never overwrites either.
/// Returns the public key file's path.
pub fn new_key(path: &Path) -> Result<PathBuf, String> {
    let mut seed = [0u8; 32];
    random(&mut seed).map_err(|e| format!("no randomness for a key: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    let public = pub_path(path);
    for p in [path, public.as_path()] {
        if std::fs::symlink_metadata(p).is_ok() {
            return Err(format!(
                "{}: exists; a key is never overwritten",
                crate::text::path(p)
            ));
        }
    }
    write_new(path, &format!("{SECRET_TAG} {}\n", hex(&key.to_bytes())))?;
    write_new(
        &public,
        &format!("{PUBLIC_TAG} {}\n", hex(key.verifying_key().as_bytes())),
    )?;
    Ok(public)
}

/// `KEY.pub`.
pub fn pub_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".pub");
    PathBuf::from(p)
}

fn random(buf: &mut [u8]) -> std::io::Result<()> {
    let mut got = 0;
    while got < buf.len() {
        // SAFETY: getrandom writes at most `len` bytes into the buffer we own.
        let n = unsafe { libc::getrandom(buf[got..].as_mut_ptr().cast(), buf.len() - got, 0) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        got += n as usize;
    }
    Ok(())
}

/// A new private file (0600, exclusive, not through a link) holding `text`.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    crate::log::write_new_private(path, std::iter::once(text)).map_err(|e| e.to_string())
}

/// Reads a key file: `(tag, 32 bytes)`.
fn read_key(path: &Path) -> Result<(String, [u8; 32]), String> {
    let shown = crate::text::path(path);
    let bytes = read_bounded(path, 4096).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{shown}: not a warroom key file"))?;
    let mut words = text.split_whitespace();
    let (Some(tag), Some(hexed), None) = (words.next(), words.next(), words.next()) else {
        return Err(format!("{shown}: not a warroom key file"));
    };
    let raw = unhex(hexed).ok_or_else(|| format!("{shown}: not a warroom key file"))?;
    let key: [u8; 32] = raw
        .try_into()
        .map_err(|_| format!("{shown}: not a warroom key file"))?;
    Ok((tag.to_string(), key))
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The secret key in `path` (refusing one readable by others).
pub fn signing_key(path: &Path) -> Result<SigningKey, String> {
    let (tag, seed) = read_key(path)?;
    if tag != SECRET_TAG {
        return Err(format!(
            "{}: this is not a secret key (a .pub file verifies, it does not seal)",
            crate::text::path(path)
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0, |m| m.permissions().mode());
        if mode & 0o077 != 0 {
            return Err(format!(
                "{}: the secret key is readable by others (mode {:o}); `chmod 600` it first",
                crate::text::path(path),
                mode & 0o777
            ));
        }
    }
    Ok(SigningKey::from_bytes(&seed))
}

/// The public key in `path` (a `.pub` file, or the secret key itself).
pub fn verifying_key(path: &Path) -> Result<VerifyingKey, String> {
    let (tag, bytes) = read_key(path)?;
    match tag.as_str() {
        PUBLIC_TAG => VerifyingKey::from_bytes(&bytes)
            .map_err(|_| format!("{}: not a valid public key", crate::text::path(path))),
        SECRET_TAG => Ok(SigningKey::from_bytes(&bytes).verifying_key()),
        _ => Err(format!(
            "{}: not a warroom key file",
            crate::text::path(path)
        )),
    }
}

/// Seals a log that verifies: signs its last line's seq and hash, appends the seal to
/// `LOG.seal` (created 0600; never through a link) and returns it.
pub fn seal(log: &Path, key: &SigningKey, now: DateTime<FixedOffset>) -> Result<Seal, String> {
    let shown = crate::text::path(log);
    let r = crate::log::verify::verify(log).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if !r.ok() {
        return Err(format!(
            "{shown}: does not verify (run `warroom verify {shown}`); only an intact log is sealed"
        ));
    }
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let sig = key.sign(message(r.events, &r.last_hash, &at).as_bytes());
    let s = Seal {
        format: FORMAT.into(),
        seq: r.events,
        hash: r.last_hash,
        at,
        key: hex(key.verifying_key().as_bytes()),
        sig: hex(&sig.to_bytes()),
    };
    let mut line = serde_json::to_string(&s).map_err(|e| e.to_string())?;
    line.push('\n');
    let path = seal_path(log);
    let mut o = std::fs::OpenOptions::new();
    o.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let sp = crate::text::path(&path);
    let mut f = crate::fsio::open_regular_with(&mut o, &path, true)
        .map_err(|e| format!("{sp}: cannot write: {e}"))?;
    f.write_all(line.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("{sp}: cannot write: {e}"))?;
    Ok(s)
}

/// What checking one seal found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub seal: Seal,
    /// `None` when the seal holds; else why not.
    pub problem: Option<String>,
}

/// Checks every seal of `log` against `key`: made by that key, a valid signature, and the
/// log's line at the seal's seq has the seal's hash. Errors when there is no seal file or it
/// cannot be read.
pub fn check(log: &Path, key: &VerifyingKey) -> Result<Vec<Checked>, String> {
    check_with(&seal_path(log), key, |upto| {
        open_regular(log)
            .and_then(|f| hashes_in(f, upto))
            .map_err(|e| format!("{}: cannot read: {e}", crate::text::path(log)))
    })
}

/// As [`check`], with the seals read from the file `path` and the log's line hashes from
/// `hashes` (given how many lines the seals need; see [`hashes_in`]): for a log that is not a
/// file beside its seals, such as an incident in a database.
pub fn check_with(
    path: &Path,
    key: &VerifyingKey,
    hashes: impl FnOnce(u64) -> Result<Vec<String>, String>,
) -> Result<Vec<Checked>, String> {
    let sp = crate::text::path(path);
    let bytes = read_bounded(path, crate::fsio::MAX_FILE_BYTES).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("{sp}: no seal: the log was never sealed (`warroom seal LOG --key KEY`)")
        } else {
            format!("{sp}: cannot read: {e}")
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{sp}: not a seal file"))?;
    let mut seals = Vec::new();
    for (i, l) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let s: Seal =
            serde_json::from_str(l).map_err(|_| format!("{sp}:{}: not a seal line", i + 1))?;
        seals.push(s);
    }
    if seals.is_empty() {
        return Err(format!("{sp}: holds no seal"));
    }
    let hashes = hashes(seals.iter().map(|s| s.seq).max().unwrap_or(0))?;
    let ours = hex(key.as_bytes());
    Ok(seals
        .into_iter()
        .map(|s| {
            let problem = problem(&s, key, &ours, &hashes);
            Checked { seal: s, problem }
        })
        .collect())
}

fn problem(s: &Seal, key: &VerifyingKey, ours: &str, hashes: &[String]) -> Option<String> {
    if s.format != FORMAT {
        return Some(format!(
            "unknown seal format {:?}",
            crate::text::shown(&s.format)
        ));
    }
    if s.key != ours {
        return Some("sealed with another key".into());
    }
    let sig = unhex(&s.sig)
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    let Some(sig) = sig else {
        return Some("the signature is malformed".into());
    };
    if key
        .verify(message(s.seq, &s.hash, &s.at).as_bytes(), &sig)
        .is_err()
    {
        return Some("the signature does not match (the seal was altered)".into());
    }
    let line = usize::try_from(s.seq).ok().and_then(|n| n.checked_sub(1));
    match line.and_then(|i| hashes.get(i)) {
        None => Some(format!(
            "the log has no line {} (lines were cut off its end)",
            s.seq
        )),
        Some(h) if *h != s.hash => Some(format!(
            "line {} of the log is not the line sealed (the log was rewritten)",
            s.seq
        )),
        Some(_) => None,
    }
}

/// The `hash` of each of the first `upto` lines of a log read from `log` (as written at the end
/// of the line).
pub fn hashes_in(log: impl std::io::Read, upto: u64) -> std::io::Result<Vec<String>> {
    let mut r = BufReader::new(log);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while (out.len() as u64) < upto {
        buf.clear();
        let (n, newline) = read_line_bounded(&mut r, &mut buf, MAX_LINE_BYTES)?;
        if n == 0 || !newline {
            break;
        }
        let text = String::from_utf8_lossy(&buf);
        let text = text.trim_end_matches(['\n', '\r']);
        let hash = text
            .strip_suffix("\"}")
            .and_then(|t| t.rsplit_once(",\"hash\":\""))
            .map(|(_, h)| h.to_string())
            .unwrap_or_default();
        out.push(hash);
    }
    Ok(out)
}
