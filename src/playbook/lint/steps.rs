//! Each step on its own: an owner from the declared roles and guidance, what its kind asks
//! (an End step's outcome, an Approval step's approver and where approval and rejection lead,
//! nothing of either on other steps), and checklist item ids used once.

use super::Linter;
use super::hash::Set;
use super::step_graph::Targets;
use crate::playbook::model::StepKind;

impl Linter<'_> {
    /// The step's owner is a declared role (an End step may have none), and it has guidance.
    pub(super) fn check_step_owner(&mut self, idx: usize, roles: &Set<&str>) {
        let pb = self.pb;
        let step = &pb.steps[idx];
        if let Some(owner) = &step.owner {
            if !roles.contains(owner.as_str()) {
                self.error_at(
                    "Step",
                    "owner",
                    owner,
                    pb.steps[..idx]
                        .iter()
                        .filter(|s| s.owner.as_ref() == Some(owner))
                        .count(),
                    format!(
                        "step \"{}\": owner role \"{owner}\" is not declared in `roles`",
                        step.id
                    ),
                    "unknown role",
                );
            }
        } else if step.kind != StepKind::End {
            self.step_warning(
                idx,
                format!("step \"{}\" has no owner role", step.id),
                "add `owner: \"...\"`",
            );
        }
        if step.guidance.trim().is_empty() {
            self.step_warning(
                idx,
                format!("step \"{}\" has no guidance", step.id),
                "add `guidance: \"...\"`",
            );
        }
    }

    /// What the step's kind asks of it.
    pub(super) fn check_step_kind(&mut self, idx: usize, roles: &Set<&str>, targets: &Targets) {
        let pb = self.pb;
        let step = &pb.steps[idx];
        match step.kind {
            StepKind::End => {
                if !step.choices.is_empty() {
                    self.step_error(
                        idx,
                        format!(
                            "end step \"{}\" has choices; an end step ends the incident",
                            step.id
                        ),
                        "end step with choices",
                    );
                }
                if step.outcome.is_none() {
                    self.step_error(
                        idx,
                        format!("end step \"{}\" has no outcome", step.id),
                        "add `outcome: Resolved` (or HandedOffToCs, NoResponseNeeded, Escalated)",
                    );
                }
                if step.approval.is_some() {
                    self.step_error(
                        idx,
                        format!("end step \"{}\" has an approval", step.id),
                        "end step with approval",
                    );
                }
            }
            StepKind::Approval => {
                match &step.approval {
                    None => self.step_error(
                        idx,
                        format!("approval step \"{}\" does not say who approves", step.id),
                        "add `approval: Approval(role: ..., approve: ..., reject: ...)`",
                    ),
                    Some(a) => {
                        if !roles.contains(a.role.as_str()) {
                            let nth = pb.steps[..idx]
                                .iter()
                                .filter(|s| s.approval.as_ref().is_some_and(|o| o.role == a.role))
                                .count();
                            self.error_at(
                                "Approval",
                                "role",
                                &a.role,
                                nth,
                                format!(
                                    "step \"{}\": approving role \"{}\" is not declared in `roles`",
                                    step.id, a.role
                                ),
                                "unknown role",
                            );
                        }
                        let known = &targets.of(idx)[step.choices.len()..];
                        for (j, (field, t)) in [("approve", &a.approve), ("reject", &a.reject)]
                            .into_iter()
                            .enumerate()
                        {
                            if known[j].is_none() {
                                self.error_at("Approval", field, t, 0, format!("step \"{}\": `{field}` leads to \"{t}\", which is not a step", step.id), "unknown step");
                            }
                        }
                    }
                }
            }
            _ => {
                if step.outcome.is_some() {
                    self.step_error(
                        idx,
                        format!("step \"{}\" has an outcome but is not an End step", step.id),
                        "outcome on a non-end step",
                    );
                }
                if step.approval.is_some() {
                    self.step_error(
                        idx,
                        format!(
                            "step \"{}\" has an approval but is not an Approval step",
                            step.id
                        ),
                        "approval on a non-approval step",
                    );
                }
            }
        }
    }

    /// No checklist item id is used twice in the step.
    pub(super) fn check_checklist(&mut self, idx: usize) {
        let pb = self.pb;
        let step = &pb.steps[idx];
        let mut seen = Set::default();
        for (ii, item) in step.checklist.iter().enumerate() {
            if !seen.insert(item.id.as_str()) {
                // Which literal with this id this item is (ids may repeat across steps).
                let nth = pb.steps[..idx]
                    .iter()
                    .flat_map(|s| &s.checklist)
                    .chain(&step.checklist[..ii])
                    .filter(|i| i.id == item.id)
                    .count();
                self.error_at(
                    "ChecklistItem",
                    "id",
                    &item.id,
                    nth,
                    format!(
                        "step \"{}\": checklist item id \"{}\" is used twice",
                        step.id, item.id
                    ),
                    "duplicate item id",
                );
            }
        }
    }
}
