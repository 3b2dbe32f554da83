//! Parsing one log line (its own hash already checked) into an [`Event`] and its chain members.
//!
//! The event kind is internally tagged (`"kind":"note"` among the other members), so serde
//! buffers every member of the object before it can read the kind's fields. Parsed naively, the
//! envelope members (seq, time, actor and the two 64-digit hashes, most of a line) would be
//! buffered and read again. The one-pass parse reads the envelope members directly and keeps
//! the others as raw JSON slices for the kind. Whenever it fails, the general two-pass parse
//! runs instead, so that a line that is not a valid event always gets the same message with
//! the same column. The two are tested to agree on every line (`fuzz_entry::log`).

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor, value::MapDeserializer};
use serde_json::value::RawValue;

use super::chain::LineError;
use crate::engine::{Actor, Event, EventKind};

/// A line parsed into a full event, with its chain members.
#[derive(Debug, PartialEq)]
pub struct EventLine<'a> {
    pub(crate) prev: Cow<'a, str>,
    pub(crate) hash: Cow<'a, str>,
    pub(crate) event: Event,
}

/// Parses a line: in one pass when it can, else in the general way (which gives the message).
pub fn event_line(text: &str) -> Result<EventLine<'_>, String> {
    match one_pass(text) {
        Some(line) => Ok(line),
        None => two_pass(text),
    }
}

/// The general parse: the envelope, then the kind with its fields, each pass ignoring the
/// other's members. (One pass through `Event` nested in a flattened envelope buffers and
/// copies every member three times.)
pub fn two_pass(text: &str) -> Result<EventLine<'_>, String> {
    let json = |e: serde_json::Error| LineError::Json(e.to_string()).to_string();
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(json)?;
    let kind: EventKind = serde_json::from_str(text).map_err(json)?;
    let at = envelope
        .at
        .parse::<DateTime<FixedOffset>>()
        .map_err(|e| LineError::Json(format!("at: {e}")).to_string())?;
    let Envelope {
        seq,
        actor,
        prev,
        hash,
        ..
    } = envelope;
    Ok(EventLine {
        prev,
        hash,
        event: Event {
            seq,
            at,
            actor,
            kind,
        },
    })
}

/// The one-pass parse; `None` when the line is not a valid event (or is written in a way it
/// does not take, such as an array): the two-pass parse then decides.
pub fn one_pass(text: &str) -> Option<EventLine<'_>> {
    let m: Members<'_> = serde_json::from_str(text).ok()?;
    let kind = EventKind::deserialize(MapDeserializer::<_, serde_json::Error>::new(
        m.rest.into_iter(),
    ))
    .ok()?;
    Some(EventLine {
        prev: m.prev?,
        hash: m.hash?,
        event: Event {
            seq: m.seq?,
            at: m.at?.parse().ok()?,
            actor: m.actor?,
            kind,
        },
    })
}

/// The members every line has, borrowed from the line where it has no escapes.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    seq: u64,
    #[serde(borrow)]
    at: Cow<'a, str>,
    actor: Actor,
    #[serde(borrow)]
    prev: Cow<'a, str>,
    #[serde(borrow)]
    hash: Cow<'a, str>,
}

/// A line's members in one pass: the envelope's read, the kind and its fields kept raw.
#[derive(Default)]
struct Members<'a> {
    seq: Option<u64>,
    at: Option<Cow<'a, str>>,
    actor: Option<Actor>,
    prev: Option<Cow<'a, str>>,
    hash: Option<Cow<'a, str>>,
    rest: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MembersVisitor)
    }
}

struct MembersVisitor;

/// Stores a member seen for the first time (a repeated one fails, as in the general parse).
fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, v: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(v);
    Ok(())
}

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
        let mut m = Members {
            rest: Vec::with_capacity(6),
            ..Members::default()
        };
        while let Some(CowStr(key)) = map.next_key()? {
            match &*key {
                "seq" => once(&mut m.seq, "seq", map.next_value()?)?,
                "at" => once(&mut m.at, "at", map.next_value::<CowStr>()?.0)?,
                "actor" => once(&mut m.actor, "actor", map.next_value()?)?,
                "prev" => once(&mut m.prev, "prev", map.next_value::<CowStr>()?.0)?,
                "hash" => once(&mut m.hash, "hash", map.next_value::<CowStr>()?.0)?,
                _ => m.rest.push((key, map.next_value()?)),
            }
        }
        Ok(m)
    }
}

/// A string borrowed from the line where it has no escapes.
struct CowStr<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<CowStr<'de>, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CowStr<'de>, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both parses, which must agree: the one pass, when it succeeds, gives what the general
    /// parse gives.
    fn both(text: &str) -> (Option<EventLine<'_>>, Result<EventLine<'_>, String>) {
        (one_pass(text), two_pass(text))
    }

    #[test]
    fn every_line_of_a_generated_log_parses_the_same_in_one_pass() {
        let pb = crate::playbook::default_playbook().unwrap();
        let mut out = Vec::new();
        crate::r#gen::log(&pb, 3_000, 3, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for line in text.lines() {
            let (one, two) = both(line);
            assert_eq!(one, Some(two.unwrap()), "{line}");
        }
    }

    #[test]
    fn odd_but_valid_lines_parse_the_same() {
        let lines = [
            // Members in another order, an escaped key and value, an unknown member.
            r#"{"kind":"note","text":"a\"b","prev":"p","hash":"h","seq":2,"at":"2026-11-21T09:00:00+09:00","actor":{"name":"kim"},"x":[1,{"y":null}]}"#,
            r#"{"seq":3,"at":"2026-11-21T09:00:00Z","actor":{"name":"\uae40","role":"ceo"},"\u006bind":"checked","step":"s","item":"i","prev":"p","hash":"h"}"#,
        ];
        for line in lines {
            let (one, two) = both(line);
            assert_eq!(one, Some(two.unwrap()), "{line}");
        }
    }

    #[test]
    fn a_line_that_is_not_a_valid_event_gets_the_general_message() {
        let lines = [
            // A repeated member, a missing one, a wrong type, an unknown kind, an array.
            r#"{"seq":2,"seq":3,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","text":"t","prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","text":5,"prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"nope","prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"yesterday","actor":{"name":"k"},"kind":"note","text":"t","prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","kind":"note","text":"t","prev":"p","hash":"h"}"#,
            r#"[2,"2026-11-21T09:00:00Z",{"name":"k"},"p","h"]"#,
        ];
        for line in lines {
            let (one, two) = both(line);
            assert!(one.is_none(), "{line}");
            assert_eq!(event_line(line), two, "{line}");
            assert!(
                two.unwrap_err().starts_with("not a valid event: "),
                "{line}"
            );
        }
    }
}
