//! Parsing one log line (its own hash already checked) into an [`Event`] and its chain members.
//!
//! The event kind is internally tagged (`"kind":"note"` among the other members), so serde's
//! derived reader buffers every member of the object before it can read the kind's fields, and
//! the envelope members (seq, time, actor and the two 64-digit hashes: most of a line) would be
//! read twice. The one-pass parse follows the order warroom writes a line in: the envelope
//! members, then `kind`, whose word picks the variant of an externally tagged twin of
//! `EventKind` (`KindFields`) that reads the members after it straight into the event,
//! taking `prev` and `hash` aside. Whenever it fails (a line that is not a valid event, or one
//! written in another order), the general two-pass parse runs instead, so the message and its
//! column are always the general parse's. The two are tested to agree on every line
//! (`dev::fuzz_entry::log`).

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, Visitor};

use super::chain::LineError;
use super::kind_fields::KindFields;
use crate::engine::{Actor, Event, EventKind};

/// A line parsed into a full event, with its chain members.
#[derive(Debug, PartialEq)]
pub struct EventLine<'a> {
    pub(crate) prev: Cow<'a, str>,
    pub(crate) hash: Cow<'a, str>,
    pub(crate) event: Event,
}

impl EventLine<'_> {
    /// The event the line holds.
    pub fn event(&self) -> &Event {
        &self.event
    }
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

/// The one-pass parse; `None` when the line is not a valid event, or is not written the way
/// warroom writes it (the envelope members and `kind` before the kind's fields): the two-pass
/// parse then decides.
pub fn one_pass(text: &str) -> Option<EventLine<'_>> {
    let OnePass(m, kind) = serde_json::from_str(text).ok()?;
    Some(EventLine {
        prev: m.prev?,
        hash: m.hash?,
        event: Event {
            seq: m.seq?,
            // RFC 3339 as written; anything else the general parse reads (or refuses).
            at: DateTime::parse_from_rfc3339(&m.at?).ok()?,
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

/// The envelope members of a line, as the one-pass parse meets them.
#[derive(Default)]
struct Members<'a> {
    seq: Option<u64>,
    at: Option<Cow<'a, str>>,
    actor: Option<Actor>,
    prev: Option<Cow<'a, str>>,
    hash: Option<Cow<'a, str>>,
}

impl<'de> Members<'de> {
    /// Reads the value of `key` if it is an envelope member (a repeated one fails, as in the
    /// general parse); returns whether it was one.
    fn take<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "seq" => once(&mut self.seq, "seq", map.next_value()?)?,
            "at" => once(&mut self.at, "at", map.next_value::<CowStr>()?.0)?,
            "actor" => once(&mut self.actor, "actor", map.next_value()?)?,
            "prev" => once(&mut self.prev, "prev", map.next_value::<CowStr>()?.0)?,
            "hash" => once(&mut self.hash, "hash", map.next_value::<CowStr>()?.0)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// A line read in one pass: its envelope members and its kind.
struct OnePass<'a>(Members<'a>, EventKind);

impl<'de> Deserialize<'de> for OnePass<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(OnePassVisitor)
    }
}

struct OnePassVisitor;

/// Stores a member seen for the first time.
fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, v: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(v);
    Ok(())
}

impl<'de> Visitor<'de> for OnePassVisitor {
    type Value = OnePass<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OnePass<'de>, A::Error> {
        let mut m = Members::default();
        while let Some(CowStr(key)) = map.next_key()? {
            if m.take(&key, &mut map)? {
                continue;
            }
            if key != "kind" {
                return Err(de::Error::custom("a member before \"kind\""));
            }
            let CowStr(tag) = map.next_value()?;
            let kind = KindFields::deserialize(Tagged {
                tag,
                map: &mut map,
                envelope: &mut m,
            })?;
            return Ok(OnePass(m, kind));
        }
        Err(de::Error::missing_field("kind"))
    }
}

/// The rest of a line after its `kind`, seen by serde as an externally tagged enum: the kind
/// word is the variant, the members after it are the variant's fields (the envelope members
/// among them are taken aside).
struct Tagged<'a, 'de, A> {
    tag: Cow<'de, str>,
    map: &'a mut A,
    envelope: &'a mut Members<'de>,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Tagged<'_, 'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("an event kind is read as an enum"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

impl<'a, 'de, A: MapAccess<'de>> de::EnumAccess<'de> for Tagged<'a, 'de, A> {
    type Error = A::Error;
    type Variant = Fields<'a, 'de, A>;

    fn variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let variant = seed.deserialize(self.tag.into_deserializer())?;
        Ok((
            variant,
            Fields {
                map: self.map,
                envelope: self.envelope,
            },
        ))
    }
}

/// The members after `kind`, the envelope members taken aside.
struct Fields<'a, 'de, A> {
    map: &'a mut A,
    envelope: &'a mut Members<'de>,
}

impl<'de, A: MapAccess<'de>> de::VariantAccess<'de> for Fields<'_, 'de, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        Err(de::Error::custom("every event kind has fields"))
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, A::Error> {
        Err(de::Error::custom("every event kind has fields"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("every event kind has fields"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(CowStr(key)) = self.map.next_key()? {
            if self.envelope.take(&key, self.map)? {
                continue;
            }
            if key == "kind" {
                return Err(de::Error::duplicate_field("kind"));
            }
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
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
        crate::dev::r#gen::log(&pb, 3_000, 3, &mut out).unwrap();
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
    fn a_valid_line_in_another_order_is_read_the_general_way() {
        // A kind's field, or an unknown member, before `kind`.
        let lines = [
            r#"{"seq":2,"text":"t","kind":"note","at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"prev":"p","hash":"h"}"#,
            r#"{"x":1,"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","text":"t","prev":"p","hash":"h"}"#,
        ];
        for line in lines {
            let (one, two) = both(line);
            assert!(one.is_none(), "{line}");
            assert!(two.is_ok(), "{line}");
            assert_eq!(event_line(line), two, "{line}");
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
            // A repeated `kind` or envelope member after the kind's fields.
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","text":"t","kind":"checked","prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","text":"t","prev":"p","hash":"h","seq":2}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":"note","text":"t","text":"u","prev":"p","hash":"h"}"#,
            // No `kind`, or one that is not a word.
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"prev":"p","hash":"h"}"#,
            r#"{"seq":2,"at":"2026-11-21T09:00:00Z","actor":{"name":"k"},"kind":7,"text":"t","prev":"p","hash":"h"}"#,
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
