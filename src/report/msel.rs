//! The Master Scenario Events List (MSEL) of a scenario, as exercise planners keep it: one
//! row per inject, in the order they arrive (time, then the scenario's order), with its
//! trigger, channel, persona, subject, text, the action expected of the players and whether
//! an acknowledgement is required. Written as CSV by `warroom msel`.
//!
//! The expected action is the inject's `expected`, else the expectations whose criterion
//! names the inject (`Acknowledge("id")`, or `Never(Acknowledge("id"))`), each with its label,
//! id and due time. The subject is the text's first sentence (at most 80 characters), for
//! a planner scanning the list.

use crate::scenario::{Criterion, Inject, Scenario};

/// The CSV's header row.
pub const HEADER: [&str; 13] = [
    "number",
    "inject",
    "time",
    "trigger",
    "channel",
    "persona",
    "handle",
    "subject",
    "text",
    "severity",
    "expected_action",
    "ack_required",
    "persona_note",
];

/// One MSEL row, its cells in [`HEADER`]'s order.
pub fn rows(s: &Scenario) -> Vec<[String; HEADER.len()]> {
    let mut injects: Vec<&Inject> = s.injects.iter().collect();
    injects.sort_by_key(|i| i.at.secs());
    injects
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let persona = s.personas.iter().find(|p| p.id == i.from);
            [
                (n + 1).to_string(),
                i.id.clone(),
                format!("T+{}", i.at),
                match &i.when {
                    Some(c) => format!("at T+{}, if {}", i.at, c.describe()),
                    None => format!("at T+{}", i.at),
                },
                i.channel.label().to_string(),
                persona.map_or_else(|| i.from.clone(), |p| p.name.clone()),
                persona.and_then(|p| p.handle.clone()).unwrap_or_default(),
                // The inject's own subject (an e-mail's, a headline), else its first sentence.
                i.subject.clone().unwrap_or_else(|| subject(&i.text)),
                i.text.clone(),
                i.severity
                    .map(|v| v.label().to_string())
                    .unwrap_or_default(),
                expected(s, i),
                if i.ack { "yes" } else { "no" }.to_string(),
                persona.map(|p| p.note.clone()).unwrap_or_default(),
            ]
        })
        .collect()
}

/// The text's first sentence or line, cut to 80 characters.
fn subject(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let end = first
        .char_indices()
        .find(|(i, c)| matches!(c, '.' | '!' | '?' | '。') && *i > 0)
        .map_or(first.len(), |(i, c)| i + c.len_utf8());
    let sentence = &first[..end];
    if sentence.chars().count() > 80 {
        let cut: String = sentence.chars().take(79).collect();
        format!("{}…", cut.trim_end())
    } else {
        sentence.to_string()
    }
}

/// Whether the criterion names the inject.
fn names(c: &Criterion, inject: &str) -> bool {
    match c {
        Criterion::Acknowledge(i) => i == inject,
        Criterion::Never(c) => names(c, inject),
        _ => false,
    }
}

/// The action expected of the players: the inject's `expected`, else the expectations that
/// name it.
fn expected(s: &Scenario, i: &Inject) -> String {
    if let Some(e) = i.expected.as_ref().filter(|e| !e.trim().is_empty()) {
        return e.clone();
    }
    s.expectations
        .iter()
        .filter(|x| names(&x.what, &i.id))
        .map(|x| {
            format!(
                "{} ({}: {}, by T+{})",
                x.what.describe(),
                x.id,
                x.label,
                x.by
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The MSEL as CSV (RFC 4180, CRLF line ends), each cell written by
/// [`super::csv::field`] (quoted when needed, neutralised, a formula-like start defused with `'`).
/// With `bom`, a UTF-8 byte-order mark first, so that Excel reads the text as UTF-8.
pub fn csv(s: &Scenario, bom: bool) -> String {
    let mut o = String::new();
    if bom {
        o.push('\u{feff}');
    }
    o.push_str(&HEADER.join(","));
    o.push_str("\r\n");
    for row in rows(s) {
        let cells: Vec<String> = row.iter().map(|c| super::csv::field(c)).collect();
        o.push_str(&cells.join(","));
        o.push_str("\r\n");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::subject;

    #[test]
    fn the_subject_is_the_first_sentence_cut_short() {
        assert_eq!(subject("Hello there. More text."), "Hello there.");
        assert_eq!(subject("한 줄\n둘째 줄"), "한 줄");
        let long = "a".repeat(100);
        assert_eq!(subject(&long).chars().count(), 80);
        assert_eq!(subject(""), "");
    }
}
