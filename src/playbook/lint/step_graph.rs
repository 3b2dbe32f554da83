//! A playbook's moves between steps: every step's targets resolved to step indices
//! ([`Targets`]), and the decision graph they make ([`StepGraph`]) with the reachability
//! questions the linter and the scenario checker ask of it.

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Reversed};

use super::hash::Map;
use crate::playbook::model::Playbook;

/// Every step's targets (in [`Step::targets`](crate::playbook::Step::targets) order: its
/// choices, then approve and reject) resolved to step indices once, `None` where the target is
/// not a step. Stored flat: one hash lookup per target, shared by the reference checks and the
/// graph.
pub(super) struct Targets {
    to: Vec<Option<usize>>,
    /// Step `i`'s targets are `to[start[i]..start[i + 1]]`.
    start: Vec<usize>,
}

impl Targets {
    pub(super) fn resolve(pb: &Playbook, ids: &Map<&str, usize>) -> Targets {
        let mut to = Vec::with_capacity(pb.steps.len() * 2);
        let mut start = Vec::with_capacity(pb.steps.len() + 1);
        for s in &pb.steps {
            start.push(to.len());
            to.extend(s.targets().map(|t| ids.get(t).copied()));
        }
        start.push(to.len());
        Targets { to, start }
    }

    /// Step `i`'s targets.
    pub(super) fn of(&self, i: usize) -> &[Option<usize>] {
        &self.to[self.start[i]..self.start[i + 1]]
    }

    pub(super) fn all_known(&self) -> bool {
        self.to.iter().all(Option::is_some)
    }
}

/// The decision graph of a playbook: one node per step (node index = step index), one edge per
/// move a choice, an approval or a rejection makes.
pub struct StepGraph {
    graph: DiGraph<usize, ()>,
}

impl StepGraph {
    /// Builds the graph; edges to unknown steps are left out (they are reported separately).
    pub fn build(pb: &Playbook) -> StepGraph {
        let ids: Map<&str, usize> = pb
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        StepGraph::from_targets(&Targets::resolve(pb, &ids))
    }

    /// Builds the graph from targets already resolved.
    pub(super) fn from_targets(t: &Targets) -> StepGraph {
        let steps = t.start.len() - 1;
        let mut graph = DiGraph::with_capacity(steps, t.to.len());
        for i in 0..steps {
            graph.add_node(i);
        }
        for i in 0..steps {
            for to in t.of(i).iter().flatten() {
                graph.add_edge(NodeIndex::new(i), NodeIndex::new(*to), ());
            }
        }
        StepGraph { graph }
    }

    /// Whether some choice, approval or rejection of step `from` leads to step `to` (by index).
    pub fn has_move(&self, from: usize, to: usize) -> bool {
        self.graph
            .contains_edge(NodeIndex::new(from), NodeIndex::new(to))
    }

    /// Steps reachable from `start` (by index).
    pub fn reachable_from(&self, start: usize) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        if start >= seen.len() {
            return seen;
        }
        let mut bfs = Bfs::new(&self.graph, NodeIndex::new(start));
        while let Some(n) = bfs.next(&self.graph) {
            seen[n.index()] = true;
        }
        seen
    }

    /// Steps from which at least one of `ends` can be reached.
    pub fn can_reach(&self, ends: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        let rev = Reversed(&self.graph);
        for &e in ends {
            if seen[e] {
                continue;
            }
            let mut bfs = Bfs::new(rev, NodeIndex::new(e));
            while let Some(n) = bfs.next(rev) {
                seen[n.index()] = true;
            }
        }
        seen
    }

    pub fn out_degree(&self, i: usize) -> usize {
        self.graph
            .neighbors_directed(NodeIndex::new(i), Direction::Outgoing)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::StepGraph;
    use crate::playbook::playbook_from_str;

    const PB: &str = r#"Playbook(
        id: "g", title: "G", version: "1", language: "en", description: "d",
        roles: [Role(id: "comms", name: "Comms")],
        start: "a",
        steps: [
            Step(id: "a", title: "A", kind: Assess, owner: "comms", guidance: "g",
                choices: [Choice(label: "on", target: "b"), Choice(label: "loop", target: "c")]),
            Step(id: "b", title: "B", kind: Approval, owner: "comms", guidance: "g",
                approval: Approval(role: "comms", approve: "z", reject: "a")),
            Step(id: "c", title: "C", kind: Monitor, owner: "comms", guidance: "g",
                choices: [Choice(label: "back", target: "c")]),
            Step(id: "z", title: "Z", kind: End, guidance: "g", outcome: Resolved),
            Step(id: "orphan", title: "O", kind: Monitor, owner: "comms", guidance: "g",
                choices: [Choice(label: "end", target: "z"), Choice(label: "nowhere", target: "x")]),
        ],
    )"#;

    #[test]
    fn moves_reach_and_ends() {
        let loaded = playbook_from_str("g.ron", PB).unwrap();
        let g = StepGraph::build(&loaded.playbook);
        // Choices, then approve and reject, are moves; an unknown target is none.
        assert!(g.has_move(0, 1) && g.has_move(0, 2));
        assert!(g.has_move(1, 3) && g.has_move(1, 0));
        assert!(!g.has_move(1, 2) && !g.has_move(3, 0));
        assert_eq!(g.out_degree(4), 1);
        assert_eq!(g.out_degree(3), 0);
        assert_eq!(g.reachable_from(0), [true, true, true, true, false]);
        assert_eq!(g.reachable_from(9), [false; 5]);
        // `c` only loops on itself: a trap.
        assert_eq!(g.can_reach(&[3]), [true, true, false, true, true]);
    }
}
