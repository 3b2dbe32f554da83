//! Injects: well-formed ids declared once, inside the drill, from a persona, with a text that
//! fits a post, and a condition on expectations or steps that exist and can come true.

use std::collections::{HashMap, HashSet};

use super::{Checker, valid_id};
use crate::playbook::Playbook;
use crate::scenario::model::{Condition, Criterion, Expectation, Inject};
use crate::text::tweet_length;

impl Checker<'_> {
    pub(super) fn check_injects(&mut self, pbk: Option<&Playbook>) {
        let sc = self.sc;
        let dur = sc.duration.secs();
        let expectations: HashMap<&str, &Expectation> =
            sc.expectations.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut seen: HashSet<&str> = HashSet::new();
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
            self.check_condition(i, inj, &expectations, pbk);
        }
    }

    /// The inject's condition names an expectation or a step that exists, and a missed
    /// expectation is due before the inject's time.
    fn check_condition(
        &mut self,
        i: usize,
        inj: &Inject,
        expectations: &HashMap<&str, &Expectation>,
        pbk: Option<&Playbook>,
    ) {
        let sc = self.sc;
        let Some(cond) = &inj.when else {
            return;
        };
        match cond {
            Condition::Met(x) | Condition::Missed(x) => match expectations.get(x.as_str()) {
                None => {
                    let ids = sc
                        .expectations
                        .iter()
                        .map(|e| e.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.error_value(
                        "Inject",
                        i,
                        x,
                        format!(
                            "inject \"{}\" depends on expectation \"{x}\", which does not exist; expectations: {}",
                            inj.id,
                            if ids.is_empty() { "none" } else { &ids }
                        ),
                        "unknown expectation",
                    );
                }
                Some(e)
                    if matches!(cond, Condition::Missed(_))
                        && inj.at < e.by
                        && !matches!(e.what, Criterion::Never(_)) =>
                {
                    self.error_value(
                        "Inject",
                        i,
                        x,
                        format!(
                            "inject \"{}\" at +{} fires only if \"{x}\" was missed, but that is not due until +{}: it can never fire",
                            inj.id, inj.at, e.by
                        ),
                        "not due yet at this inject's time",
                    );
                }
                Some(_) => {}
            },
            Condition::Reached(s) | Condition::NotReached(s) => {
                if let Some(pb) = pbk
                    && pb.step(s).is_none()
                {
                    self.error_value("Inject", i, s, format!("inject \"{}\" depends on step \"{s}\", which is not a step of playbook \"{}\"", inj.id, pb.id), "unknown step");
                }
            }
        }
    }
}
