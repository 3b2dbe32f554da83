//! Findings: review notes marked as part of the improvement plan. A finding ties to one of
//! the drill scenario's expectations or objectives (or to neither: a general finding) and
//! carries a corrective action, an owner and a due date. It is the `finding` field of a
//! `review_note` event (docs/log-format.md); a review note without it is a plain note, so
//! logs from before findings read as they did.
//!
//! [`FindingInput::check`] holds the rules every client goes through (the review screen's
//! popup, `warroom review LOG --note … --finding …`): the id must be one of the scenario's
//! expectations or objectives, the action and owner must say something, the due date must be
//! a date (`2026-12-15`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// What a finding ties to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tie {
    /// An expectation of the drill's scenario, by id.
    Expectation(String),
    /// An objective of the drill's scenario, by id.
    Objective(String),
    /// Neither: a finding about the exercise in general.
    General,
}

/// A finding, as recorded on its review note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub ties: Tie,
    /// The corrective action.
    pub action: String,
    /// Who owns the action.
    pub owner: String,
    /// When it is due.
    pub due: NaiveDate,
    /// The seq of the review note this finding marks, when an existing note was marked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<u64>,
}

/// A finding as a client gathers it, before the rules are checked: the id (expectation or
/// objective; empty or `general` for a general finding), the action, the owner, the due date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingInput {
    pub ties: String,
    pub action: String,
    pub owner: String,
    pub due: String,
    /// The seq of the note being marked, if any.
    pub marks: Option<u64>,
}

impl FindingInput {
    /// The finding, or what is wrong with the input (one sentence naming the field and the
    /// value). `scenario` is the drill's scenario (`None` for a live incident or when it
    /// cannot be found: then only a general finding can be made).
    pub fn check(&self, scenario: Option<&Scenario>) -> Result<Finding, String> {
        let id = self.ties.trim();
        let ties = if id.is_empty() || id.eq_ignore_ascii_case("general") {
            Tie::General
        } else {
            let Some(sc) = scenario else {
                return Err(format!(
                    "the finding ties to {id:?}, but this log has no drill scenario to look it up in; make it a general finding (leave the id empty or write `general`)"
                ));
            };
            if sc.expectations.iter().any(|e| e.id == id) {
                Tie::Expectation(id.to_string())
            } else if sc.objectives.iter().any(|o| o.id == id) {
                Tie::Objective(id.to_string())
            } else {
                let ids: Vec<&str> = sc
                    .expectations
                    .iter()
                    .map(|e| e.id.as_str())
                    .chain(sc.objectives.iter().map(|o| o.id.as_str()))
                    .collect();
                return Err(format!(
                    "{id:?} is neither an expectation nor an objective of scenario \"{}\"; ids: {}, or general",
                    sc.id,
                    ids.join(", ")
                ));
            }
        };
        let action = self.action.trim();
        if action.is_empty() {
            return Err("the finding needs a corrective action".into());
        }
        let owner = self.owner.trim();
        if owner.is_empty() {
            return Err("the finding needs an owner (who carries the action out)".into());
        }
        let due = parse_date(&self.due)?;
        Ok(Finding {
            ties,
            action: action.to_string(),
            owner: owner.to_string(),
            due,
            marks: self.marks,
        })
    }
}

/// The drill scenario a log's findings are checked against: `given`, else the one the log
/// names (found as the report finds it). `Ok(None)` for a live incident.
pub fn scenario_for(
    events: &[crate::engine::Event],
    log: &std::path::Path,
    given: Option<&std::path::Path>,
) -> Result<Option<Scenario>, String> {
    let Some(sref) = crate::drill::scenario_ref(events) else {
        return Ok(None);
    };
    let loaded = match given {
        Some(p) => crate::scenario::load_scenario(p).map_err(|d| d.summary())?,
        None => {
            crate::drill::find_scenario(sref, log)
                .map_err(|e| format!("{e}; give it with --scenario FILE"))?
                .0
        }
    };
    if loaded.scenario.id != sref.id {
        return Err(format!(
            "{} is scenario \"{}\" but the drill ran \"{}\"",
            loaded.source.name, loaded.scenario.id, sref.id
        ));
    }
    Ok(Some(loaded.scenario))
}

/// A due date: `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let v = s.trim();
    if v.is_empty() {
        return Err("the finding needs a due date (2026-12-15)".into());
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| format!("due date {v:?} is not a date; write it as 2026-12-15"))
}

impl Tie {
    /// `expectation ack-1`, `objective o1`, `general`.
    pub fn describe(&self) -> String {
        match self {
            Tie::Expectation(id) => format!("expectation {id}"),
            Tie::Objective(id) => format!("objective {id}"),
            Tie::General => "general".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/troll-pile-on.ron");
        let mut sc = crate::scenario::load_scenario(&path)
            .unwrap_or_else(|d| panic!("{}", d.summary()))
            .scenario;
        sc.objectives.push(crate::scenario::Objective {
            id: "o-restraint".into(),
            label: "Restraint".into(),
            expectations: vec!["no-public-reply".into()],
        });
        sc
    }

    fn input(ties: &str, due: &str) -> FindingInput {
        FindingInput {
            ties: ties.into(),
            action: " Brief the CEO on the house rule ".into(),
            owner: "Minji".into(),
            due: due.into(),
            marks: None,
        }
    }

    #[test]
    fn ties_to_an_expectation_an_objective_or_nothing() {
        let sc = scenario();
        let f = input("cs-takes-case", "2026-12-15")
            .check(Some(&sc))
            .unwrap();
        assert_eq!(f.ties, Tie::Expectation("cs-takes-case".into()));
        assert_eq!(f.action, "Brief the CEO on the house rule");
        assert_eq!(f.due.to_string(), "2026-12-15");
        let f = input("o-restraint", "2026-12-15").check(Some(&sc)).unwrap();
        assert_eq!(f.ties, Tie::Objective("o-restraint".into()));
        assert_eq!(
            input("", "2026-12-15").check(None).unwrap().ties,
            Tie::General
        );
        assert_eq!(
            input("General", "2026-12-15").check(None).unwrap().ties,
            Tie::General
        );
    }

    #[test]
    fn a_review_note_of_an_older_log_reads_as_a_plain_note() {
        let k: crate::engine::EventKind =
            serde_json::from_str(r#"{"kind":"review_note","text":"t"}"#).unwrap();
        assert_eq!(
            k,
            crate::engine::EventKind::ReviewNote {
                text: "t".into(),
                finding: None
            }
        );
    }

    #[test]
    fn refuses_unknown_ids_bad_dates_and_blank_fields() {
        let sc = scenario();
        let e = input("nope", "2026-12-15").check(Some(&sc)).unwrap_err();
        assert!(
            e.contains("\"nope\" is neither") && e.contains("cs-takes-case"),
            "{e}"
        );
        let e = input("cs-takes-case", "2026-13-40")
            .check(Some(&sc))
            .unwrap_err();
        assert!(e.contains("\"2026-13-40\" is not a date"), "{e}");
        let e = input("cs-takes-case", "next week")
            .check(Some(&sc))
            .unwrap_err();
        assert!(e.contains("not a date"), "{e}");
        assert!(
            input("x", "2026-12-15")
                .check(None)
                .unwrap_err()
                .contains("no drill scenario")
        );
        let mut i = input("", "2026-12-15");
        i.owner = "  ".into();
        assert!(i.check(None).unwrap_err().contains("owner"));
        let mut i = input("", "2026-12-15");
        i.action.clear();
        assert!(i.check(None).unwrap_err().contains("corrective action"));
    }
}
