//! Deadlines, at playbook and at step level: a span above zero, anchors and `met_by` that make
//! sense where the deadline sits, and a `met_by` that names a real step, item or channel; and
//! the deadlines steps `waives` exist.

use super::Linter;
use super::hash::Map;
use crate::playbook::model::{Anchor, Deadline, MetBy};

impl Linter<'_> {
    pub(super) fn check_deadlines(
        &mut self,
        deadlines: &[Deadline],
        step: Option<usize>,
        steps: &Map<&str, usize>,
    ) {
        for d in deadlines {
            if d.within.secs() == 0 {
                self.error_at(
                    "Deadline",
                    "id",
                    &d.id,
                    0,
                    format!("deadline \"{}\": `within` must be more than zero", d.id),
                    "zero deadline",
                );
            }
            if step.is_none() {
                if d.from == Anchor::StepEntered {
                    self.error_at(
                        "Deadline",
                        "id",
                        &d.id,
                        0,
                        format!(
                            "deadline \"{}\": `from: StepEntered` only works on a step's deadlines",
                            d.id
                        ),
                        "playbook-level deadline",
                    );
                }
                if d.met_by == MetBy::Leave {
                    self.error_at(
                        "Deadline",
                        "id",
                        &d.id,
                        0,
                        format!(
                            "deadline \"{}\": `met_by: Leave` only works on a step's deadlines",
                            d.id
                        ),
                        "playbook-level deadline",
                    );
                }
            }
            match &d.met_by {
                MetBy::Reach(t) if !steps.contains_key(t.as_str()) => {
                    self.error_at(
                        "Deadline",
                        "met_by",
                        t,
                        0,
                        format!("deadline \"{}\": Reach(\"{t}\") names no step", d.id),
                        "unknown step",
                    );
                }
                MetBy::Tick(item) => {
                    let found = match item.split_once('.') {
                        Some((s, i)) => steps
                            .get(s)
                            .is_some_and(|&si| self.pb.steps[si].item(i).is_some()),
                        None => match step {
                            Some(si) => self.pb.steps[si].item(item).is_some(),
                            None => false,
                        },
                    };
                    if !found {
                        self.error_at("Deadline", "met_by", item, 0, format!("deadline \"{}\": Tick(\"{item}\") names no checklist item (use \"step.item\" at playbook level)", d.id), "unknown item");
                    }
                }
                MetBy::PostOn(cs) if cs.is_empty() => {
                    self.error_at(
                        "Deadline",
                        "id",
                        &d.id,
                        0,
                        format!(
                            "deadline \"{}\": `PostOn([])` names no channel, so no post can meet it; name channels, e.g. `PostOn([Tweet, Blog])`, or use `PublicPost`",
                            d.id
                        ),
                        "no channel",
                    );
                }
                _ => {}
            }
        }
    }

    /// Every id a step `waives` names a deadline or an update cadence of the playbook.
    pub(super) fn check_waives(&mut self) {
        let pb = self.pb;
        let mut known: Vec<String> = pb.deadlines.iter().map(|d| d.id.clone()).collect();
        known.extend(
            pb.steps
                .iter()
                .flat_map(|s| s.deadlines.iter().map(|d| d.id.clone())),
        );
        known.extend(pb.updates.iter().map(|u| u.id()));
        for step in &pb.steps {
            for w in &step.waives {
                if !known.contains(w) {
                    self.error_at(
                        "Step",
                        "waives",
                        w,
                        0,
                        format!(
                            "step \"{}\" waives \"{w}\", which is not a deadline of the playbook; deadlines: {}",
                            step.id,
                            if known.is_empty() { "none".to_string() } else { known.join(", ") }
                        ),
                        "unknown deadline",
                    );
                }
            }
        }
    }
}
