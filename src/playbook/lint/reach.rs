//! The shape of the decision graph: there is an End step, and every step is reachable from the
//! start, is not a dead end, and can still reach an End step.

use super::Linter;
use super::hash::Map;
use super::step_graph::{StepGraph, Targets};
use crate::playbook::model::StepKind;

impl Linter<'_> {
    pub(super) fn check_graph(&mut self, steps: &Map<&str, usize>, targets: &Targets) {
        let pb = self.pb;
        let Some(&start) = steps.get(pb.start.as_str()) else {
            return;
        };
        // Duplicate ids make the graph ambiguous; the duplicates are already reported.
        if steps.len() != pb.steps.len() {
            return;
        }
        // An edge to an unknown step, or an approval step that does not say where approval
        // leads, leaves the graph incomplete: what it makes unreachable, a dead end or a trap
        // would only echo the error already reported at the broken reference.
        let broken = !targets.all_known()
            || pb
                .steps
                .iter()
                .any(|s| s.kind == StepKind::Approval && s.approval.is_none());
        if broken {
            return;
        }
        let g = StepGraph::from_targets(targets);
        let reachable = g.reachable_from(start);
        let ends: Vec<usize> = pb
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == StepKind::End)
            .map(|(i, _)| i)
            .collect();
        if ends.is_empty() {
            self.step_error(
                start,
                "the playbook has no End step, so no incident can be closed by reaching one".into(),
                "add a step with `kind: End`",
            );
            return;
        }
        let to_end = g.can_reach(&ends);
        for (i, s) in pb.steps.iter().enumerate() {
            if !reachable[i] {
                self.step_error(
                    i,
                    format!(
                        "step \"{}\" is unreachable from the start step \"{}\"",
                        s.id, pb.start
                    ),
                    "unreachable",
                );
                continue;
            }
            if s.kind != StepKind::End && g.out_degree(i) == 0 {
                self.step_error(
                    i,
                    format!(
                        "step \"{}\" is a dead end: it is not an End step and has no choices",
                        s.id
                    ),
                    "dead end",
                );
            } else if !to_end[i] {
                self.step_error(
                    i,
                    format!(
                        "step \"{}\" is a trap: no End step can be reached from it",
                        s.id
                    ),
                    "trap",
                );
            }
        }
    }
}
