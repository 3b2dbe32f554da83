//! The line format and its hash chain.
//!
//! A line is a JSON object whose last member is `"hash":"<64 hex>"`. Its *body* is the line
//! with that member removed: everything before `,"hash":"` followed by `}`. The body holds
//! `"prev"`, the previous line's hash (64 zeros for line 1), and `hash` = SHA-256(body), hex.

use serde::Serialize;

use crate::engine::{Actor, Event, EventKind};
use crate::playbook::load::sha256_hex;

/// The `prev` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HASH_KEY: &str = ",\"hash\":\"";

#[derive(Serialize)]
struct Body<'a> {
    seq: u64,
    at: String,
    actor: &'a Actor,
    #[serde(flatten)]
    kind: &'a EventKind,
    prev: &'a str,
}

/// Serialises an event chained to `prev`; returns the full line (with `\n`) and its hash.
pub fn encode(event: &Event, prev: &str) -> Result<(String, String), serde_json::Error> {
    let body = serde_json::to_string(&Body {
        seq: event.seq,
        at: event.at.to_rfc3339(),
        actor: &event.actor,
        kind: &event.kind,
        prev,
    })?;
    let hash = sha256_hex(body.as_bytes());
    let mut line = String::with_capacity(body.len() + 80);
    line.push_str(&body[..body.len() - 1]);
    line.push_str(HASH_KEY);
    line.push_str(&hash);
    line.push_str("\"}\n");
    Ok((line, hash))
}

/// Why a line is not a valid log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    NoHash,
    HashMismatch { stated: String, computed: String },
    Json(String),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::NoHash => write!(f, "the line does not end with its \"hash\" member"),
            LineError::HashMismatch { stated, computed } => write!(
                f,
                "the line was altered: its hash says {}…, its content hashes to {}…",
                crate::text::short_hash(stated),
                crate::text::short_hash(computed)
            ),
            // serde's message may quote the line's text: a hostile log must not drive the terminal.
            LineError::Json(e) => write!(
                f,
                "not a valid event: {}",
                crate::text::neutralize(e, false)
            ),
        }
    }
}

/// Checks a line's own hash (without parsing it): returns the stated hash, 64 lowercase hex.
/// Hashes the body in place, without copying the line.
pub fn check_hash(line: &str) -> Result<&str, LineError> {
    use sha2::{Digest, Sha256};
    let (body_head, stated) = split(line).ok_or(LineError::NoHash)?;
    let mut h = Sha256::new();
    h.update(body_head.as_bytes());
    h.update(b"}");
    let digest = h.finalize();
    let mut computed = [0u8; 64];
    for (pair, byte) in computed.chunks_exact_mut(2).zip(digest.iter()) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 15)];
    }
    if stated.as_bytes() != computed {
        return Err(LineError::HashMismatch {
            stated: stated.to_string(),
            computed: crate::playbook::load::hex(&digest),
        });
    }
    Ok(stated)
}

/// Lowercase hex digits, as hashes are written.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Splits `{...,"hash":"<64 hex>"}` into the part before `,"hash":"` and the hex.
fn split(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_suffix("\"}")?;
    if rest.len() < 64 + HASH_KEY.len() {
        return None;
    }
    // The 64 bytes before `"}` must be hex digits; in a hostile line they may end inside a
    // multi-byte character, where a `str` cannot be split.
    let cut = rest.len() - 64;
    if !rest.is_char_boundary(cut) {
        return None;
    }
    let (head, hash) = rest.split_at(cut);
    if !hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let head = head.strip_suffix(HASH_KEY)?;
    Some((head, hash))
}
