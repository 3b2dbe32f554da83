//! Expectations: well-formed ids declared once, due and expiring inside the drill, a weight
//! and a label, and a criterion whose steps, items and injects exist (and can be met; a warning
//! when it waits on an inject that may never arrive). Objectives: each names expectations that
//! exist.

use std::collections::HashSet;

use super::{Checker, valid_id};
use crate::diag::Diagnostic;
use crate::playbook::Loaded;
use crate::scenario::model::{Criterion, Inject};

impl Checker<'_> {
    pub(super) fn check_expectations(&mut self, pb: Option<&Loaded>) {
        let sc = self.sc;
        let dur = sc.duration.secs();
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, e) in sc.expectations.iter().enumerate() {
            if !valid_id(&e.id) {
                self.error_field(
                    "Expectation",
                    i,
                    "id",
                    format!(
                        "expectation id \"{}\" may hold only letters, digits, `_`, `-` and `.`",
                        e.id
                    ),
                    "bad id",
                );
            }
            if !seen.insert(&e.id) {
                self.error_field(
                    "Expectation",
                    i,
                    "id",
                    format!("expectation \"{}\" is declared twice", e.id),
                    "duplicate",
                );
            }
            if e.by.secs() <= 0 {
                self.error_field(
                    "Expectation",
                    i,
                    "by",
                    format!(
                        "expectation \"{}\": `by` must be after the start (+0s)",
                        e.id
                    ),
                    "zero",
                );
            } else if e.by.secs() > dur {
                self.error_field(
                    "Expectation",
                    i,
                    "by",
                    format!(
                        "expectation \"{}\" is due at +{} but the drill ends at +{}",
                        e.id, e.by, sc.duration
                    ),
                    "after the drill ends",
                );
            }
            if let Some(x) = e.expires {
                if x < e.by {
                    self.error_field(
                        "Expectation",
                        i,
                        "expires",
                        format!(
                            "expectation \"{}\" expires at +{x}, before it is due (+{})",
                            e.id, e.by
                        ),
                        "before `by`",
                    );
                } else if x.secs() > dur {
                    self.error_field(
                        "Expectation",
                        i,
                        "expires",
                        format!(
                            "expectation \"{}\" expires at +{x} but the drill ends at +{}",
                            e.id, sc.duration
                        ),
                        "after the drill ends",
                    );
                }
            }
            if e.weight == 0 {
                self.warn_field(
                    "Expectation",
                    i,
                    "weight",
                    format!(
                        "expectation \"{}\" has weight 0 and counts for nothing",
                        e.id
                    ),
                    "zero",
                );
            }
            if e.label.trim().is_empty() {
                self.error_field(
                    "Expectation",
                    i,
                    "label",
                    format!("expectation \"{}\" has no label", e.id),
                    "empty",
                );
            }
            self.check_criterion(&e.what, i, &e.id, pb, true);
        }
        self.check_objectives(&seen);
    }

    /// Every objective is named once and measured by expectations that exist.
    fn check_objectives(&mut self, expectations: &HashSet<&str>) {
        let sc = self.sc;
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, o) in sc.objectives.iter().enumerate() {
            if !valid_id(&o.id) {
                self.error_field(
                    "Objective",
                    i,
                    "id",
                    format!(
                        "objective id \"{}\" may hold only letters, digits, `_`, `-` and `.`",
                        o.id
                    ),
                    "bad id",
                );
            }
            if !seen.insert(&o.id) {
                self.error_field(
                    "Objective",
                    i,
                    "id",
                    format!("objective \"{}\" is declared twice", o.id),
                    "duplicate",
                );
            }
            if o.label.trim().is_empty() {
                self.error_field(
                    "Objective",
                    i,
                    "label",
                    format!("objective \"{}\" has no label", o.id),
                    "empty",
                );
            }
            for x in &o.expectations {
                if !expectations.contains(x.as_str()) {
                    let ids = sc
                        .expectations
                        .iter()
                        .map(|e| e.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.error_value(
                        "Objective",
                        i,
                        x,
                        format!(
                            "objective \"{}\" is measured by expectation \"{x}\", which does not exist; expectations: {}",
                            o.id,
                            if ids.is_empty() { "none" } else { &ids }
                        ),
                        "unknown expectation",
                    );
                }
            }
        }
    }

    /// `wanted`: the criterion must happen (not under `Never`).
    fn check_criterion(
        &mut self,
        c: &Criterion,
        i: usize,
        eid: &str,
        pb: Option<&Loaded>,
        wanted: bool,
    ) {
        let pbk = pb.map(|l| &l.playbook);
        match c {
            Criterion::Post | Criterion::PublicPost | Criterion::Outcome(_) => {}
            Criterion::PublicPostAs(v) => {
                if let Some(msg) = pbk.and_then(|pb| super::conditions::unknown_voice(pb, v)) {
                    self.error_value("Expectation", i, v, format!("expectation \"{eid}\": {msg}"), "unknown voice");
                }
            }
            Criterion::Replied(inj) => match self.sc.inject(inj) {
                None => self.error_value("Expectation", i, inj, format!("expectation \"{eid}\" names inject \"{inj}\", which does not exist"), "unknown inject"),
                Some(x) if !x.channel.can_reply() => self.error_value(
                    "Expectation",
                    i,
                    inj,
                    format!("expectation \"{eid}\" waits for a reply to inject \"{inj}\", but a {} cannot be replied to (only an e-mail, a press enquiry, a call or a DM)", x.channel.label()),
                    "cannot be replied to",
                ),
                Some(x) if wanted => self.warn_if_may_not_arrive(x, i, eid, "replied to"),
                Some(_) => {}
            },
            Criterion::Reach(s) | Criterion::PostFrom(s) => {
                if let Some(pb) = pbk
                    && pb.step(s).is_none()
                {
                    self.error_value(
                        "Expectation",
                        i,
                        s,
                        format!("expectation \"{eid}\" names step \"{s}\", which is not a step of playbook \"{}\"", pb.id),
                        "unknown step",
                    );
                }
            }
            Criterion::Tick(item) => {
                let Some((sid, iid)) = item.split_once('.') else {
                    self.error_value("Expectation", i, item, format!("expectation \"{eid}\": write the item as \"step.item\", not \"{item}\""), "needs step.item");
                    return;
                };
                if let Some(pb) = pbk {
                    match pb.step(sid) {
                        None => self.error_value(
                            "Expectation",
                            i,
                            item,
                            format!("expectation \"{eid}\" names step \"{sid}\", which is not a step of playbook \"{}\"", pb.id),
                            "unknown step",
                        ),
                        Some(step) if step.item(iid).is_none() => {
                            let items = step.checklist.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ");
                            self.error_value(
                                "Expectation",
                                i,
                                item,
                                format!(
                                    "expectation \"{eid}\": step \"{sid}\" has no checklist item \"{iid}\"; items: {}",
                                    if items.is_empty() { "none" } else { &items }
                                ),
                                "unknown item",
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            Criterion::Acknowledge(inj) => match self.sc.inject(inj) {
                None => self.error_value("Expectation", i, inj, format!("expectation \"{eid}\" names inject \"{inj}\", which does not exist"), "unknown inject"),
                Some(x) if !x.ack => self.error_value(
                    "Expectation",
                    i,
                    inj,
                    format!("expectation \"{eid}\" waits for inject \"{inj}\" to be acknowledged, but that inject does not ask for it (`ack: true`)"),
                    "inject without ack",
                ),
                Some(x) if wanted => self.warn_if_may_not_arrive(x, i, eid, "acknowledged"),
                Some(_) => {}
            },
            Criterion::Never(inner) => {
                if matches!(**inner, Criterion::Never(_)) {
                    self.error_field("Expectation", i, "what", format!("expectation \"{eid}\": Never(Never(...)) — say what should happen instead"), "double negative");
                    return;
                }
                self.check_criterion(inner, i, eid, pb, false);
            }
        }
    }

    /// An expectation that an inject be acknowledged or replied to, when the inject may never
    /// arrive (it has a `when` condition, or waits `after` something the team does).
    fn warn_if_may_not_arrive(&mut self, x: &Inject, i: usize, eid: &str, what: &str) {
        let why = match (&x.when, &x.after) {
            (Some(c), _) => format!("only if {}", c.describe()),
            (None, Some(t)) => format!("only after {}", t.describe()),
            (None, None) => return,
        };
        self.push(
            Diagnostic::warning(
                self.file,
                format!("expectation \"{eid}\" waits for inject \"{}\" to be {what}, but that inject arrives {why}: it may never arrive, and the expectation is then missed", x.id),
            )
            .help("score the condition instead, or make the inject unconditional"),
            self.value_in("Expectation", i, &x.id),
            "may never arrive",
        );
    }
}
