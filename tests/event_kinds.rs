//! One list of event kinds: every kind in `Kind::ALL` has a name that round-trips, a sample
//! that serialises and parses back (in one pass as in the general way), a column in
//! `warroom stats` and a place in its light parser. Add a kind to the table in
//! `src/engine/kinds.rs` and forget a sample here, and this fails.

use std::collections::BTreeMap;

use warroom::engine::{Actor, Event, EventKind, Kind};
use warroom::log::chain::{GENESIS, encode};
use warroom::log::parse::{one_pass, two_pass};
use warroom::log::reader::LineParser;
use warroom::log_stats::StatsParser;

/// One event of every kind, each optional field given (as JSON of the kind's members).
const EVERY_KIND: &[&str] = &[
    r#""kind":"opened","playbook":{"path":"p.ron","abs_path":"/p.ron","id":"p","title":"P","version":"1","sha256":"00"},"title":"T","mode":"live","warroom_version":"0.1.0","start":"s""#,
    r#""kind":"resumed","warroom_version":"0.1.0","playbook_sha256":"ab""#,
    r#""kind":"joined","machine":"laptop-1""#,
    r#""kind":"left","machine":"laptop-1""#,
    r#""kind":"decided","from":"a","choice":2,"label":"L","to":"b","overridden":["x"]"#,
    r#""kind":"went_back","from":"b","to":"a""#,
    r#""kind":"checked","step":"a","item":"i""#,
    r#""kind":"unchecked","step":"a","item":"i""#,
    r#""kind":"variable_set","name":"n","value":"v""#,
    r#""kind":"note","text":"한국어 \"q\"\n""#,
    r#""kind":"draft_saved","draft":2,"step":"a","template":"t","channel":"Tweet","voice":"ceo","text":"x","thread":1,"audience":"Public""#,
    r#""kind":"draft_edited","draft":1,"text":"y""#,
    r#""kind":"draft_discarded","draft":1,"reason":"r""#,
    r#""kind":"refused","command":"post","draft":1,"reason":"r""#,
    r#""kind":"public_state_set","state":"Identified""#,
    r#""kind":"signed_off","role":"legal","by":"kim","texts":[{"draft":1,"sha256":"ab"}]"#,
    r#""kind":"draft_declined","draft":1,"role":"ceo","by":"kim","reason":"r""#,
    r#""kind":"posted","draft":1,"channel":"Dm","text":"x","forced":true,"warnings":["w"]"#,
    r#""kind":"privacy_warning","draft":1,"findings":["phone"],"decision":"edit""#,
    r#""kind":"approved","step":"a","role":"ceo","by":"kim","draft":1,"to":"b","texts":[{"draft":1,"sha256":"ab"}]"#,
    r#""kind":"rejected","step":"a","role":"ceo","by":"kim","reason":"r","to":"b""#,
    r#""kind":"amended","target":3,"occurred_at":"2026-11-21T09:01:00+09:00","text":"t""#,
    r#""kind":"deadline_breached","deadline":"ack","label":"L","due_at":"2026-11-21T09:30:00+09:00","step":"a""#,
    r#""kind":"drill_started","scenario":{"path":"s.ron","abs_path":"/s.ron","id":"s","title":"S","sha256":"00"},"speed":2,"duration":"1h","stopped":true,"exercise":"kt-2026","team":"blue""#,
    r#""kind":"inject_delivered","inject":"i","offset":"5m","channel":"Mention","persona":{"id":"p","name":"N","handle":"@n","followers":10},"text":"t","severity":"High","ack":true"#,
    r#""kind":"inject_skipped","inject":"i","offset":"5m","condition":"c""#,
    r#""kind":"inject_acknowledged","inject":"i""#,
    r#""kind":"inject_replied","inject":"i","channel":"Press","to":{"id":"p","name":"N","handle":"@n","followers":10},"text":"t""#,
    r#""kind":"drill_clock_started","wall":"2026-11-21T09:00:05+09:00""#,
    r#""kind":"drill_paused","wall":"2026-11-21T09:10:00+09:00""#,
    r#""kind":"drill_resumed","paused_secs":30,"wall":"2026-11-21T09:10:30+09:00""#,
    r#""kind":"drill_speed_changed","speed":60,"wall":"2026-11-21T09:11:00+09:00""#,
    r#""kind":"controller_note","text":"team B is stuck at assess""#,
    r#""kind":"drill_ended","reason":"time_up""#,
    r#""kind":"review_note","text":"t""#,
    r#""kind":"intake","sha256":"ab","format":"x_api_v2","source":"post.json","post":{"id":"1","handle":"@h","author":"A","text":"t\n","link":"https://x.com/h/status/1","created_at":"2026-11-21T08:52:10+00:00","in_reply_to":"0","metrics":{"followers":1,"views":2,"reposts":3,"replies":4,"likes":5,"quotes":6}}"#,
    r#""kind":"triaged","mention":"1","triage":"cs","handoff":{"id":"1","text":"t"}"#,
    r#""kind":"mention_answered","mention":"1","draft":2"#,
    r#""kind":"mention_escalated","mention":"1","reason":"r""#,
    r#""kind":"closed","outcome":"HandedOffToCs","step":"end","summary":"s""#,
];

/// The sample of each kind, as a whole log line.
fn sample_lines() -> BTreeMap<Kind, String> {
    let mut lines = BTreeMap::new();
    for (i, members) in EVERY_KIND.iter().enumerate() {
        let kind: EventKind = serde_json::from_str(&format!("{{{members}}}"))
            .unwrap_or_else(|e| panic!("{members}: {e}"));
        let event = Event {
            seq: i as u64 + 1,
            at: "2026-11-21T09:00:00+09:00".parse().unwrap(),
            actor: Actor {
                name: "김".into(),
                role: Some("comms".into()),
            },
            kind,
        };
        let (line, _) = encode(&event, GENESIS).unwrap();
        let line = line.trim_end().to_string();
        // Serialises and parses back, in one pass as in the general way.
        let two = two_pass(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(two.event(), &event, "{line}");
        assert_eq!(one_pass(&line), Some(two), "{line}");
        let previous = lines.insert(event.kind.kind(), line);
        assert!(previous.is_none(), "two samples of {}", event.kind.name());
    }
    lines
}

#[test]
fn every_kind_has_a_sample_that_round_trips() {
    let lines = sample_lines();
    for kind in Kind::ALL {
        assert!(lines.contains_key(&kind), "no sample of `{kind}`: add one");
    }
    assert_eq!(lines.len(), Kind::COUNT);
}

#[test]
fn every_kind_name_round_trips() {
    for kind in Kind::ALL {
        assert_eq!(Kind::from_name(kind.name()), Some(kind), "{kind}");
    }
    for members in EVERY_KIND {
        let kind: EventKind = serde_json::from_str(&format!("{{{members}}}")).unwrap();
        let word = members
            .strip_prefix("\"kind\":\"")
            .and_then(|m| m.split('"').next())
            .unwrap();
        assert_eq!(kind.name(), word, "the serde name is the table's name");
        assert_eq!(Kind::from_name(word), Some(kind.kind()));
    }
}

#[test]
fn stats_has_a_column_for_every_kind_and_its_light_parser_knows_it() {
    let lines = sample_lines();
    for kind in Kind::ALL {
        let Some(line) = lines.get(&kind) else {
            panic!("no sample of `{kind}`");
        };
        let mut parser = StatsParser::new();
        let parsed = parser
            .parse(line)
            .unwrap_or_else(|e| panic!("stats cannot read `{kind}`: {e}"));
        parser.accept(parsed);
        let stats = parser.finish();
        assert_eq!(
            stats.count(kind.name()),
            1,
            "stats has no column for `{kind}`"
        );
        assert_eq!(stats.by_kind, vec![(kind.name().to_string(), 1)]);
    }
}
