//! Ids: no step, role, variable or deadline id is used twice, step ids are well-formed, and the
//! start step is a step.

use super::Linter;
use super::hash::Map;

impl Linter<'_> {
    /// Duplicate ids; `step_dups` says whether any step id is used twice (known already from
    /// the step index, so a large playbook is not hashed twice for nothing).
    pub(super) fn check_ids(&mut self, step_dups: bool) {
        let pb = self.pb;
        let dup = |kind: &str, owner: &str, ids: Vec<&str>, this: &mut Self| {
            let mut seen: Map<&str, usize> = Map::default();
            for id in ids {
                let n = seen.entry(id).or_insert(0);
                *n += 1;
                if *n == 2 {
                    this.error_at(
                        owner,
                        "id",
                        id,
                        1,
                        format!("duplicate {kind} id \"{id}\""),
                        "defined again here",
                    );
                }
            }
        };
        if step_dups {
            dup(
                "step",
                "Step",
                pb.steps.iter().map(|s| s.id.as_str()).collect(),
                self,
            );
        }
        dup(
            "role",
            "Role",
            pb.roles.iter().map(|s| s.id.as_str()).collect(),
            self,
        );
        dup(
            "variable",
            "Variable",
            pb.variables.iter().map(|s| s.id.as_str()).collect(),
            self,
        );
        let all_deadlines: Vec<&str> = pb
            .deadlines
            .iter()
            .chain(pb.steps.iter().flat_map(|s| s.deadlines.iter()))
            .map(|d| d.id.as_str())
            .collect();
        dup("deadline", "Deadline", all_deadlines, self);
        for (i, s) in pb.steps.iter().enumerate() {
            if s.id.is_empty() || s.id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                self.step_error(
                    i,
                    format!(
                        "step id {:?} must be non-empty, without spaces or control characters",
                        s.id
                    ),
                    "bad id",
                );
            }
        }
    }

    /// The playbook's start step is one of its steps.
    pub(super) fn check_start(&mut self, steps: &Map<&str, usize>) {
        let pb = self.pb;
        if !steps.contains_key(pb.start.as_str()) {
            self.error_at(
                "Playbook",
                "start",
                &pb.start,
                0,
                format!("start step \"{}\" is not a step of this playbook", pb.start),
                "no step has this id",
            );
        }
    }
}
