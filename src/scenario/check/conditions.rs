//! An inject's `when` condition and `after` trigger: every leaf names an expectation, a step or
//! an inject that exists (and can do what the leaf waits for), `All`/`Any`/`Not` nest at most
//! [`Condition::MAX_DEPTH`] deep, a `Missed` the inject must see is due by its time, and no
//! inject waits, directly or through others, for itself.

use std::collections::HashMap;

use super::Checker;
use crate::playbook::Playbook;
use crate::playbook::lint::StepGraph;
use crate::scenario::model::{Condition, Criterion, Expectation, Inject, Trigger};

/// What a leaf of a condition or a trigger names.
enum Leaf<'a> {
    Step(&'a str),
    Voice(&'a str),
    Move(&'a str, &'a str),
    Inject(&'a str, InjectUse),
    Expectation(&'a str),
}

/// What a leaf waits for an inject to do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum InjectUse {
    Delivered,
    Acknowledged,
    Replied,
}

impl Checker<'_> {
    /// Checks the inject's condition and trigger.
    pub(super) fn check_when_after(
        &mut self,
        i: usize,
        inj: &Inject,
        expectations: &HashMap<&str, &Expectation>,
        pbk: Option<&Playbook>,
        graph: Option<&StepGraph>,
    ) {
        let ctx = Ctx {
            i,
            inj,
            expectations,
            pbk,
            graph,
        };
        if let Some(c) = &inj.when {
            self.check_cond(&ctx, c, 0, true);
        }
        if let Some(t) = &inj.after {
            let leaf = match t {
                Trigger::Posted => None,
                Trigger::PostedFrom(s) | Trigger::Reached(s) | Trigger::Decided(s) => {
                    Some(Leaf::Step(s))
                }
                Trigger::Delivered(x) => Some(Leaf::Inject(x, InjectUse::Delivered)),
                Trigger::Acknowledged(x) => Some(Leaf::Inject(x, InjectUse::Acknowledged)),
                Trigger::Replied(x) => Some(Leaf::Inject(x, InjectUse::Replied)),
            };
            if let Some(leaf) = leaf {
                self.check_leaf(&ctx, leaf, false, "after");
            }
        }
    }

    fn check_cond(&mut self, ctx: &Ctx<'_>, c: &Condition, depth: usize, must_hold: bool) {
        if depth > Condition::MAX_DEPTH {
            self.error_field(
                "Inject",
                ctx.i,
                "when",
                format!(
                    "inject \"{}\": its condition nests All/Any/Not more than {} deep; write it flatter",
                    ctx.inj.id,
                    Condition::MAX_DEPTH
                ),
                "nested too deep",
            );
            return;
        }
        let leaf = match c {
            Condition::All(cs) => {
                for x in cs {
                    self.check_cond(ctx, x, depth + 1, must_hold);
                }
                return;
            }
            Condition::Any(cs) => {
                for x in cs {
                    self.check_cond(ctx, x, depth + 1, must_hold && cs.len() == 1);
                }
                return;
            }
            Condition::Not(x) => {
                self.check_cond(ctx, x, depth + 1, false);
                return;
            }
            Condition::Posted => return,
            Condition::PostedAs(v) => Leaf::Voice(v),
            Condition::Met(x) | Condition::Missed(x) => Leaf::Expectation(x),
            Condition::Reached(s)
            | Condition::NotReached(s)
            | Condition::PostedFrom(s)
            | Condition::Decided(s) => Leaf::Step(s),
            Condition::Chose(s, t) => Leaf::Move(s, t),
            Condition::Delivered(x) => Leaf::Inject(x, InjectUse::Delivered),
            Condition::Acknowledged(x) => Leaf::Inject(x, InjectUse::Acknowledged),
            Condition::Replied(x) => Leaf::Inject(x, InjectUse::Replied),
        };
        // A `Missed` the inject needs to see must be due by the inject's time (a timed inject).
        let missed_needed = must_hold && matches!(c, Condition::Missed(_));
        self.check_leaf(ctx, leaf, missed_needed, "when");
    }

    fn check_leaf(&mut self, ctx: &Ctx<'_>, leaf: Leaf<'_>, missed_needed: bool, field: &str) {
        let (i, inj) = (ctx.i, ctx.inj);
        match leaf {
            Leaf::Expectation(x) => match ctx.expectations.get(x) {
                None => {
                    let ids = list(self.sc.expectations.iter().map(|e| e.id.as_str()));
                    self.error_value("Inject", i, x, format!("inject \"{}\" depends on expectation \"{x}\", which does not exist; expectations: {ids}", inj.id), "unknown expectation");
                }
                Some(e)
                    if missed_needed
                        && inj.after.is_none()
                        && inj.at < e.by
                        && !matches!(e.what, Criterion::Never(_)) =>
                {
                    self.error_value("Inject", i, x, format!("inject \"{}\" at +{} fires only if \"{x}\" was missed, but that is not due until +{}: it can never fire", inj.id, inj.at, e.by), "not due yet at this inject's time");
                }
                Some(_) => {}
            },
            Leaf::Step(s) => self.check_step(ctx, s),
            Leaf::Voice(v) => {
                if let Some(msg) = ctx.pbk.and_then(|pb| unknown_voice(pb, v)) {
                    self.error_value(
                        "Inject",
                        i,
                        v,
                        format!("inject \"{}\": {msg}", inj.id),
                        "unknown voice",
                    );
                }
            }
            Leaf::Move(s, t) => {
                self.check_step(ctx, s);
                self.check_step(ctx, t);
                if let (Some(pb), Some(g)) = (ctx.pbk, ctx.graph)
                    && let (Some(a), Some(b)) = (pb.step_index(s), pb.step_index(t))
                    && !g.has_move(a, b)
                {
                    self.error_value("Inject", i, t, format!("inject \"{}\" waits for a move from \"{s}\" to \"{t}\", but no choice of playbook \"{}\" leads there", inj.id, pb.id), "not a move in the playbook");
                }
            }
            Leaf::Inject(x, usage) => self.check_inject_leaf(ctx, x, usage, field),
        }
    }

    fn check_step(&mut self, ctx: &Ctx<'_>, s: &str) {
        if let Some(pb) = ctx.pbk
            && pb.step(s).is_none()
        {
            self.error_value(
                "Inject",
                ctx.i,
                s,
                format!(
                    "inject \"{}\" depends on step \"{s}\", which is not a step of playbook \"{}\"",
                    ctx.inj.id, pb.id
                ),
                "unknown step",
            );
        }
    }

    fn check_inject_leaf(&mut self, ctx: &Ctx<'_>, x: &str, usage: InjectUse, field: &str) {
        let (i, inj) = (ctx.i, ctx.inj);
        let Some(other) = self.sc.inject(x) else {
            let ids = list(self.sc.injects.iter().map(|j| j.id.as_str()));
            self.error_value(
                "Inject",
                i,
                x,
                format!(
                    "inject \"{}\" depends on inject \"{x}\", which does not exist; injects: {ids}",
                    inj.id
                ),
                "unknown inject",
            );
            return;
        };
        if x == inj.id {
            self.error_value(
                "Inject",
                i,
                x,
                format!(
                    "inject \"{}\" waits for itself (`{field}`): it can never arrive",
                    inj.id
                ),
                "itself",
            );
        } else if usage == InjectUse::Acknowledged && !other.ack {
            self.error_value("Inject", i, x, format!("inject \"{}\" waits for inject \"{x}\" to be acknowledged, but that inject does not ask for it (`ack: true`)", inj.id), "inject without ack");
        } else if usage == InjectUse::Replied && !other.channel.can_reply() {
            self.error_value("Inject", i, x, format!("inject \"{}\" waits for a reply to inject \"{x}\", but a {} cannot be replied to (only an e-mail, a press enquiry, a call or a DM)", inj.id, other.channel.label()), "cannot be replied to");
        }
    }

    /// Injects that wait (by `after`) for one another in a ring never arrive.
    pub(super) fn check_after_cycles(&mut self) {
        let sc = self.sc;
        let waits_for = |j: &Inject| match &j.after {
            Some(Trigger::Delivered(x) | Trigger::Acknowledged(x) | Trigger::Replied(x)) => {
                Some(x.clone())
            }
            _ => None,
        };
        for (i, inj) in sc.injects.iter().enumerate() {
            let mut cur = waits_for(inj).filter(|x| *x != inj.id); // itself: said already
            // A chain longer than the injects there are has come round.
            for _ in 0..sc.injects.len() {
                let Some(id) = cur else { break };
                if id == inj.id {
                    self.error_field(
                        "Inject",
                        i,
                        "after",
                        format!(
                            "inject \"{}\" waits, through other injects' `after`, for itself: none of them can arrive",
                            inj.id
                        ),
                        "a ring of `after`",
                    );
                    break;
                }
                cur = sc.inject(&id).and_then(waits_for);
            }
        }
    }
}

/// Why `voice` is not a voice of the playbook (a role some template speaks as), if it is not.
pub(super) fn unknown_voice(pb: &Playbook, voice: &str) -> Option<String> {
    let mut voices: Vec<&str> = pb
        .steps
        .iter()
        .flat_map(|s| &s.drafts)
        .filter_map(|t| t.voice.as_deref())
        .collect();
    voices.sort_unstable();
    voices.dedup();
    (!voices.contains(&voice)).then(|| {
        format!(
            "no template of playbook \"{}\" speaks as \"{voice}\"; voices: {}",
            pb.id,
            list(voices.into_iter())
        )
    })
}

struct Ctx<'a> {
    i: usize,
    inj: &'a Inject,
    expectations: &'a HashMap<&'a str, &'a Expectation>,
    pbk: Option<&'a Playbook>,
    graph: Option<&'a StepGraph>,
}

fn list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = ids.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}
