//! Injects: well-formed ids declared once, inside the drill, from a persona, with a text that
//! fits a post, and a condition and a trigger that can come true (see `conditions`).

use std::collections::{HashMap, HashSet};

use super::{Checker, valid_id};
use crate::playbook::Playbook;
use crate::playbook::lint::StepGraph;
use crate::scenario::model::Expectation;
use crate::text::tweet_length;

impl Checker<'_> {
    pub(super) fn check_injects(&mut self, pbk: Option<&Playbook>) {
        let sc = self.sc;
        let dur = sc.duration.secs();
        let expectations: HashMap<&str, &Expectation> =
            sc.expectations.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        let graph = pbk.map(StepGraph::build);
        for (i, inj) in sc.injects.iter().enumerate() {
            if !valid_id(&inj.id) {
                self.error_field(
                    "Inject",
                    i,
                    "id",
                    format!(
                        "inject id \"{}\" may hold only letters, digits, `_`, `-` and `.`",
                        inj.id
                    ),
                    "bad id",
                );
            }
            if !seen.insert(&inj.id) {
                self.error_field(
                    "Inject",
                    i,
                    "id",
                    format!("inject \"{}\" is declared twice", inj.id),
                    "duplicate",
                );
            }
            if inj.at.secs() > dur {
                self.error_field(
                    "Inject",
                    i,
                    "at",
                    format!(
                        "inject \"{}\" at +{} comes after the drill ends (duration {})",
                        inj.id, inj.at, sc.duration
                    ),
                    "after the end",
                );
            }
            if sc.persona(&inj.from).is_none() {
                let ids = sc
                    .personas
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error_field(
                    "Inject",
                    i,
                    "from",
                    format!(
                        "inject \"{}\" is from \"{}\", which is not a persona; personas: {}",
                        inj.id,
                        inj.from,
                        if ids.is_empty() { "none" } else { &ids }
                    ),
                    "unknown persona",
                );
            }
            if inj.text.trim().is_empty() {
                self.error_field(
                    "Inject",
                    i,
                    "text",
                    format!("inject \"{}\" has no text", inj.id),
                    "empty",
                );
            } else if inj.channel.is_post() {
                let n = tweet_length(&inj.text);
                if n > 280 {
                    self.warn_field(
                        "Inject",
                        i,
                        "text",
                        format!("inject \"{}\" is a {} of {n} (X counts CJK double); a real post holds 280", inj.id, inj.channel.label()),
                        "too long for a post",
                    );
                }
            }
            if let Some(subject) = &inj.subject
                && subject.trim().is_empty()
            {
                self.warn_field(
                    "Inject",
                    i,
                    "subject",
                    format!("inject \"{}\" has an empty subject; leave it out", inj.id),
                    "empty",
                );
            }
            self.check_when_after(i, inj, &expectations, pbk, graph.as_ref());
        }
        self.check_after_cycles();
    }
}
