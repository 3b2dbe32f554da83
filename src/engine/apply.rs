//! `Session::apply`: a command turned into the events it would record, without changing the
//! session. One match dispatches each command to the rule that checks it; the rules for drafts,
//! sign-offs and posts are in `drafts.rs` and `signoff.rs`.

use chrono::{DateTime, FixedOffset};

use super::command::{Command, CommandError};
use super::event::{Actor, Mode};
use super::kinds::EventKind;
use super::session::Session;
use crate::playbook::{Approval, Audience, Channel, Outcome, StepKind, template};

type Time = DateTime<FixedOffset>;

impl Session {
    /// Turns a command into the events it would record, without changing the session. An
    /// update's `{next_update}` is filled from the last event's time ([`Session::apply_at`]
    /// gives the time the command is recorded at).
    pub fn apply(&self, cmd: &Command, actor: &Actor) -> Result<Vec<EventKind>, CommandError> {
        self.apply_at(cmd, actor, self.last_at)
    }

    /// As [`Session::apply`], for a command recorded at `now`.
    pub fn apply_at(
        &self,
        cmd: &Command,
        actor: &Actor,
        now: Option<Time>,
    ) -> Result<Vec<EventKind>, CommandError> {
        if self.closed.is_some()
            && !matches!(
                cmd,
                Command::Note { .. } | Command::Observe { .. } | Command::Amend { .. }
            )
        {
            return Err(CommandError::Closed);
        }
        if self.mode == Mode::Drill
            && super::drill_state::is_facilitator(actor.role.as_deref())
            // Notes, and the scenario's facts (its variables), are the facilitators' too.
            && !matches!(
                cmd,
                Command::Note { .. }
                    | Command::Observe { .. }
                    | Command::Amend { .. }
                    | Command::Set { .. }
            )
        {
            return Err(CommandError::FacilitatorPlays(
                actor.role.clone().unwrap_or_default(),
            ));
        }
        let ev = match cmd {
            Command::Choose { choice, force } => self.choose(choice, *force)?,
            Command::Tick { item } => self.tick(item, true)?,
            Command::Untick { item } => self.tick(item, false)?,
            Command::Set { name, value } => self.set_variable(name, value)?,
            Command::Note { text } if self.mode == Mode::Drill && is_evaluator(actor) => {
                observation(None, text, self.mode, actor)?
            }
            // A controller's note in a drill is kept from the players' screens.
            Command::Note { text }
                if self.mode == Mode::Drill && actor.role.as_deref() == Some("controller") =>
            {
                match note(text)? {
                    EventKind::Note { text } => EventKind::ControllerNote { text },
                    other => other,
                }
            }
            Command::Note { text } => note(text)?,
            Command::Observe { expectation, text } => {
                observation(expectation.as_deref(), text, self.mode, actor)?
            }
            Command::SaveDraft { template, text } => {
                self.save_draft(template.as_deref(), text.as_deref(), now)?
            }
            Command::UseStatement { id } => return self.apply_statement(id, now),
            Command::SetPublicState { state } => {
                if self.public_state.is_some_and(|(s, _)| s == *state) {
                    return Err(CommandError::SameState(*state));
                }
                EventKind::PublicStateSet { state: *state }
            }
            Command::SaveDraftOn {
                channel,
                text,
                audience,
            } => self.save_draft_on(*channel, text, *audience, now)?,
            Command::Post { draft, force } => return self.apply_post(*draft, *force),
            Command::SignOff { draft, by, role } => {
                return self.apply_sign(*draft, by, role, actor);
            }
            Command::Decline {
                draft,
                by,
                role,
                reason,
            } => return self.apply_decline(*draft, by, role, reason, actor),
            Command::Edit { draft, text } => return self.apply_edit(*draft, text, now),
            Command::Split { draft } => return self.apply_split(*draft),
            Command::Discard { draft, reason } => return self.apply_discard(*draft, reason),
            Command::PrivacyDecision {
                draft,
                findings,
                decision,
            } => self.privacy_decision(*draft, findings, decision)?,
            Command::Approve { by, drafts } => self.approve(by.as_deref(), drafts, actor)?,
            Command::Reject { by, reason } => self.reject(by.as_deref(), reason, actor)?,
            Command::Back => self.back()?,
            Command::Amend {
                target,
                occurred_at,
                text,
            } => self.amend(*target, *occurred_at, text)?,
            Command::Close { outcome, summary } => self.close(*outcome, summary)?,
        };
        Ok(vec![ev])
    }

    /// Takes a choice of the current step; its required items must be ticked, or `force`.
    fn choose(&self, choice: &str, force: bool) -> Result<EventKind, CommandError> {
        let step = self.step();
        let i = self.resolve_choice(choice)?;
        let missing = self.unticked_required();
        if !missing.is_empty() && !force {
            let texts = missing
                .iter()
                .map(|id| step.item(id).map(|i| i.text.clone()).unwrap_or_default())
                .collect();
            return Err(CommandError::RequiredUnticked {
                step: step.id.clone(),
                items: missing,
                texts,
            });
        }
        let c = &step.choices[i];
        Ok(EventKind::Decided {
            from: step.id.clone(),
            choice: i + 1,
            label: c.label.clone(),
            to: c.target.clone(),
            overridden: missing,
        })
    }

    /// Ticks (`tick`) or unticks an item of the current step's checklist.
    fn tick(&self, item: &str, tick: bool) -> Result<EventKind, CommandError> {
        let step = self.step();
        let Some(it) = step.item(item.trim()) else {
            let items = step
                .checklist
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(CommandError::UnknownItem(
                step.id.clone(),
                item.to_string(),
                if items.is_empty() {
                    "none".into()
                } else {
                    items
                },
            ));
        };
        let ticked = self.is_ticked(&step.id, &it.id);
        match tick {
            true if ticked => Err(CommandError::AlreadyTicked(it.id.clone())),
            true => Ok(EventKind::Checked {
                step: step.id.clone(),
                item: it.id.clone(),
            }),
            false if !ticked => Err(CommandError::NotTicked(it.id.clone())),
            false => Ok(EventKind::Unchecked {
                step: step.id.clone(),
                item: it.id.clone(),
            }),
        }
    }

    /// Sets a variable the playbook declares.
    fn set_variable(&self, name: &str, value: &str) -> Result<EventKind, CommandError> {
        if self.playbook.variable(name).is_none() {
            let vars = self
                .playbook
                .variables
                .iter()
                .map(|v| v.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(CommandError::UnknownVariable(name.to_string(), vars));
        }
        Ok(EventKind::VariableSet {
            name: name.to_string(),
            value: value.to_string(),
        })
    }

    /// Saves a draft from a template (the step's own, an update's from any step, or the
    /// step's first) or from a text given, with the variables filled in.
    fn save_draft(
        &self,
        tid: Option<&str>,
        text: Option<&str>,
        now: Option<Time>,
    ) -> Result<EventKind, CommandError> {
        let step = self.step();
        let tpl = match tid {
            // The step's own template, or an update's from any step (updates go out on their
            // cadence wherever the team is).
            Some(id) => Some(
                step.template(id)
                    .or_else(|| self.update_template(id))
                    .ok_or_else(|| {
                        CommandError::UnknownTemplate(step.id.clone(), id.to_string())
                    })?,
            ),
            None => step.drafts.first(),
        };
        let audience = tpl.and_then(|t| self.audience_of_template(&t.id));
        let vars = self.render_vars(audience, now);
        let body = match (text, tpl) {
            (Some(t), _) => template::render(t, &vars),
            (None, Some(tpl)) => template::render(&tpl.text, &vars),
            (None, None) => return Err(CommandError::NoTemplate(step.id.clone())),
        };
        if body.trim().is_empty() {
            return Err(CommandError::EmptyText);
        }
        Ok(EventKind::DraftSaved {
            draft: self.drafts.len() as u32 + 1,
            step: step.id.clone(),
            template: tpl.map(|t| t.id.clone()),
            channel: tpl.map(|t| t.channel).unwrap_or(Channel::Tweet),
            voice: tpl.and_then(|t| t.voice.clone()),
            text: body,
            thread: None,
            audience,
            statement: None,
        })
    }

    /// Saves a draft of a text given, on a channel (else the audience's update channel, else
    /// a tweet).
    fn save_draft_on(
        &self,
        channel: Option<Channel>,
        text: &str,
        audience: Option<Audience>,
        now: Option<Time>,
    ) -> Result<EventKind, CommandError> {
        let body = template::render(text, &self.render_vars(audience, now));
        let channel = channel
            .or_else(|| audience.and_then(|a| self.update_for(a)).map(|u| u.channel))
            .unwrap_or(Channel::Tweet);
        if body.trim().is_empty() {
            return Err(CommandError::EmptyText);
        }
        Ok(EventKind::DraftSaved {
            draft: self.drafts.len() as u32 + 1,
            step: self.step().id.clone(),
            template: None,
            channel,
            voice: None,
            text: body,
            thread: None,
            audience,
            statement: None,
        })
    }

    /// Records what was decided about the privacy guard's findings on a draft.
    fn privacy_decision(
        &self,
        draft: u32,
        findings: &[String],
        decision: &str,
    ) -> Result<EventKind, CommandError> {
        if self.draft(draft).is_none() {
            return Err(CommandError::NoDraft(format!(
                ": there is no draft #{draft}"
            )));
        }
        Ok(EventKind::PrivacyWarning {
            draft,
            findings: findings.to_vec(),
            decision: decision.to_string(),
        })
    }

    /// The current step's approval and who gives it: `by` when named, else the operator when
    /// in the approving role.
    fn approver(
        &self,
        by: Option<&str>,
        actor: &Actor,
    ) -> Result<(&Approval, String), CommandError> {
        let step = self.step();
        let Some(a) = (step.kind == StepKind::Approval)
            .then_some(step.approval.as_ref())
            .flatten()
        else {
            return Err(CommandError::NotApprovalStep(step.id.clone()));
        };
        let by = match by {
            Some(b) if !b.trim().is_empty() => b.trim().to_string(),
            _ if actor.role.as_deref() == Some(a.role.as_str()) => actor.name.clone(),
            _ => {
                return Err(CommandError::WrongApprover {
                    step: step.id.clone(),
                    role: a.role.clone(),
                });
            }
        };
        Ok((a, by))
    }

    /// Approves the current approval step, bound to the exact texts of the drafts approved.
    fn approve(
        &self,
        by: Option<&str>,
        drafts: &[u32],
        actor: &Actor,
    ) -> Result<EventKind, CommandError> {
        let (a, by) = self.approver(by, actor)?;
        let texts = self.approval_texts(drafts)?;
        Ok(EventKind::Approved {
            step: self.step().id.clone(),
            role: a.role.clone(),
            by,
            draft: texts.first().map(|t| t.draft),
            to: a.approve.clone(),
            texts,
        })
    }

    /// Rejects the current approval step.
    fn reject(
        &self,
        by: Option<&str>,
        reason: &str,
        actor: &Actor,
    ) -> Result<EventKind, CommandError> {
        let (a, by) = self.approver(by, actor)?;
        Ok(EventKind::Rejected {
            step: self.step().id.clone(),
            role: a.role.clone(),
            by,
            reason: reason.to_string(),
            to: a.reject.clone(),
        })
    }

    /// Back one step along the path.
    fn back(&self) -> Result<EventKind, CommandError> {
        let Some(&prev) = self.back_stack.last() else {
            return Err(CommandError::NothingBehind);
        };
        Ok(EventKind::WentBack {
            from: self.step().id.clone(),
            to: self.step_at(prev).id.clone(),
        })
    }

    /// A correction of an event already recorded.
    fn amend(
        &self,
        target: u64,
        occurred_at: Option<Time>,
        text: &str,
    ) -> Result<EventKind, CommandError> {
        if target == 0 || target > self.seq {
            return Err(CommandError::UnknownEvent(target));
        }
        if text.trim().is_empty() {
            return Err(CommandError::EmptyText);
        }
        Ok(EventKind::Amended {
            target,
            occurred_at,
            text: text.to_string(),
        })
    }

    /// Closes the incident with the outcome given, else the current step's.
    fn close(&self, outcome: Option<Outcome>, summary: &str) -> Result<EventKind, CommandError> {
        let step = self.step();
        let outcome = match (outcome, step.outcome) {
            (Some(o), _) => o,
            (None, Some(o)) => o,
            (None, None) => return Err(CommandError::OutcomeNeeded),
        };
        Ok(EventKind::Closed {
            outcome,
            step: step.id.clone(),
            summary: summary.to_string(),
        })
    }
}

/// Whether the seat is a drill's evaluator.
fn is_evaluator(actor: &Actor) -> bool {
    actor
        .role
        .as_deref()
        .is_some_and(|r| r.eq_ignore_ascii_case(super::command::EVALUATOR))
}

/// An evaluator's observation: only in a drill, only from an evaluator's seat, saying
/// something. (Whether the expectation id is one of the scenario's is the report's to say:
/// the session does not hold the scenario.)
fn observation(
    expectation: Option<&str>,
    text: &str,
    mode: Mode,
    actor: &Actor,
) -> Result<EventKind, CommandError> {
    if mode != Mode::Drill {
        return Err(CommandError::ObservationNotInDrill);
    }
    if !is_evaluator(actor) {
        return Err(CommandError::NotAnEvaluator(
            actor
                .role
                .as_deref()
                .map_or_else(|| "not set".to_string(), |r| format!("\"{r}\"")),
        ));
    }
    if text.trim().is_empty() {
        return Err(CommandError::EmptyText);
    }
    Ok(EventKind::Observation {
        text: text.to_string(),
        expectation: expectation
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string),
    })
}

/// A note; it must say something.
fn note(text: &str) -> Result<EventKind, CommandError> {
    if text.trim().is_empty() {
        return Err(CommandError::EmptyText);
    }
    Ok(EventKind::Note {
        text: text.to_string(),
    })
}
