//! Semantic and graph checks of a parsed playbook: ids, references, templates, hotkeys,
//! and (with petgraph) unreachable steps, dead ends, traps and end steps with choices.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Reversed};

use super::load::Loaded;
use super::locate::Locator;
use super::model::{Anchor, Deadline, MetBy, Playbook, StepKind};
use super::template;
use crate::diag::Diagnostic;
use crate::text::channel_length;

/// FxHash (as in rustc): a fast hasher for the linter's maps of ids. SipHash's resistance to
/// crafted collisions buys nothing for a file on one's own disk, and hashing was a fifth of
/// checking a large playbook.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type Set<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// Every step's targets (in [`Step::targets`] order: its choices, then approve and reject)
/// resolved to step indices once, `None` where the target is not a step. Stored flat: one
/// hash lookup per target, shared by the reference checks and the graph.
struct Targets {
    to: Vec<Option<usize>>,
    /// Step `i`'s targets are `to[start[i]..start[i + 1]]`.
    start: Vec<usize>,
}

impl Targets {
    fn resolve(pb: &Playbook, ids: &Map<&str, usize>) -> Targets {
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
    fn of(&self, i: usize) -> &[Option<usize>] {
        &self.to[self.start[i]..self.start[i + 1]]
    }

    fn all_known(&self) -> bool {
        self.to.iter().all(Option::is_some)
    }
}

/// The decision graph of a playbook: one node per step (node index = step index).
pub struct Graph {
    pub graph: DiGraph<usize, ()>,
}

impl Graph {
    /// Builds the graph; edges to unknown steps are left out (they are reported separately).
    pub fn build(pb: &Playbook) -> Graph {
        let ids: Map<&str, usize> = pb
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        Graph::from_targets(&Targets::resolve(pb, &ids))
    }

    /// Builds the graph from targets already resolved.
    fn from_targets(t: &Targets) -> Graph {
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
        Graph { graph }
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

/// Checks a loaded playbook; returns errors and warnings in source order.
pub fn lint(loaded: &Loaded) -> Vec<Diagnostic> {
    Linter::new(loaded).run()
}

struct Linter<'a> {
    pb: &'a Playbook,
    src: &'a str,
    file: &'a str,
    /// Where values sit in the source: built on the first diagnostic that needs a position
    /// (a clean playbook never pays for it).
    loc: std::cell::OnceCell<Locator>,
    out: Vec<Diagnostic>,
}

impl<'a> Linter<'a> {
    fn new(loaded: &'a Loaded) -> Linter<'a> {
        Linter {
            pb: &loaded.playbook,
            src: &loaded.source.text,
            file: &loaded.source.name,
            loc: std::cell::OnceCell::new(),
            out: Vec::new(),
        }
    }

    fn loc(&self) -> &Locator {
        self.loc.get_or_init(|| Locator::new(self.src))
    }

    fn error_at(
        &mut self,
        owner: &str,
        field: &str,
        value: &str,
        nth: usize,
        msg: String,
        label: &str,
    ) {
        let d = Diagnostic::error(self.file, msg);
        let d = match self.loc().find(owner, field, value, nth) {
            Some(r) => d.pointing(self.src, r).label(label),
            None => d,
        };
        self.out.push(d);
    }

    fn warn_at(&mut self, owner: &str, field: &str, value: &str, msg: String, label: &str) {
        let d = Diagnostic::warning(self.file, msg);
        let d = match self.loc().find(owner, field, value, 0) {
            Some(r) => d.pointing(self.src, r).label(label),
            None => d,
        };
        self.out.push(d);
    }

    fn step_error(&mut self, idx: usize, msg: String, label: &str) {
        let d = Diagnostic::error(self.file, msg);
        let d = self.point_step(d, idx, label);
        self.out.push(d);
    }

    fn step_warning(&mut self, idx: usize, msg: String, label: &str) {
        let d = Diagnostic::warning(self.file, msg);
        let d = self.point_step(d, idx, label);
        self.out.push(d);
    }

    fn point_step(&self, d: Diagnostic, idx: usize, label: &str) -> Diagnostic {
        let id = &self.pb.steps[idx].id;
        match self.loc().nth_struct_field("Step", idx, "id").or_else(|| {
            let nth = self.pb.steps[..idx].iter().filter(|s| &s.id == id).count();
            self.loc().find("Step", "id", id, nth)
        }) {
            Some(r) => d.pointing(self.src, r).label(label),
            None => d,
        }
    }

    fn run(mut self) -> Vec<Diagnostic> {
        let pb = self.pb;
        if pb.description.trim().is_empty() {
            self.out.push(
                Diagnostic::warning(self.file, "the playbook has no description").pointing(
                    self.src,
                    self.loc().nth_struct("Playbook", 0).unwrap_or(0..0),
                ),
            );
        }
        let roles: Set<&str> = pb.roles.iter().map(|r| r.id.as_str()).collect();
        let steps: Map<&str, usize> = pb
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let targets = Targets::resolve(pb, &steps);
        self.check_ids(steps.len() != pb.steps.len());
        if !steps.contains_key(pb.start.as_str()) {
            self.error_at(
                "Playbook",
                "start",
                &pb.start.clone(),
                0,
                format!("start step \"{}\" is not a step of this playbook", pb.start),
                "no step has this id",
            );
        }
        self.check_deadlines(&pb.deadlines, None, &steps);
        let mut used_vars: Set<&str> = Set::default();
        // A template that does not parse uses variables we cannot see: no "unused" warnings then.
        let mut unparsed_template = false;
        let mut declared_vars: Set<&str> = pb.variables.iter().map(|v| v.id.as_str()).collect();
        // Filled in by warroom itself: when the audience's next update is due.
        declared_vars.insert(template::NEXT_UPDATE);
        let mut examples: BTreeMap<String, String> = pb
            .variables
            .iter()
            .filter_map(|v| v.example.clone().map(|e| (v.id.clone(), e)))
            .collect();
        examples.insert(template::NEXT_UPDATE.into(), "10:30".into());
        self.check_updates(pb);
        for v in &pb.variables {
            if !v
                .id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                || v.id.is_empty()
            {
                self.error_at(
                    "Variable",
                    "id",
                    &v.id,
                    0,
                    format!(
                        "variable id \"{}\" may hold only letters, digits, `_` and `-`",
                        v.id
                    ),
                    "bad id",
                );
            }
            if v.example.is_none() {
                self.warn_at(
                    "Variable",
                    "id",
                    &v.id,
                    format!("variable \"{}\" has no example", v.id),
                    "add `example: \"...\"`",
                );
            }
        }
        for (idx, step) in pb.steps.iter().enumerate() {
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
            // Choices and hotkeys.
            let mut keys: Map<char, usize> = Map::default();
            for (ci, c) in step.choices.iter().enumerate() {
                let earlier = &step.choices[..ci];
                if targets.of(idx)[ci].is_none() {
                    let nth = self.nth_target_occurrence(idx, &c.target)
                        + earlier.iter().filter(|o| o.target == c.target).count();
                    self.error_at(
                        "Choice",
                        "target",
                        &c.target,
                        nth,
                        format!(
                            "step \"{}\": choice \"{}\" leads to \"{}\", which is not a step",
                            step.id, c.label, c.target
                        ),
                        "unknown step",
                    );
                }
                if let Some(k) = c.key {
                    // The key as the text of its literal, made only for a diagnostic.
                    let kstr = || k.to_string();
                    // Which literal `'k'` in the file this choice's key is: counted only when
                    // an error is to be pointed at (counting every time would be quadratic).
                    let nth_key = |this: &Self| {
                        this.hotkey_occurrences_before(idx, k)
                            + earlier.iter().filter(|o| o.key == Some(k)).count()
                    };
                    if k.is_ascii_digit() {
                        self.error_at(
                            "Choice",
                            "key",
                            &kstr(),
                            nth_key(&self),
                            format!(
                                "step \"{}\": hotkey '{k}' is a digit; digits choose by number",
                                step.id
                            ),
                            "digit hotkey",
                        );
                    } else if k.is_control() || k == ' ' {
                        self.error_at(
                            "Choice",
                            "key",
                            &kstr(),
                            nth_key(&self),
                            format!("step \"{}\": hotkey {k:?} is not a printable key", step.id),
                            "bad hotkey",
                        );
                    }
                    let n = keys.entry(k.to_ascii_lowercase()).or_insert(0);
                    *n += 1;
                    if *n == 2 {
                        self.error_at(
                            "Choice",
                            "key",
                            &kstr(),
                            nth_key(&self),
                            format!("step \"{}\": hotkey '{k}' is used by two choices", step.id),
                            "duplicate hotkey",
                        );
                    }
                }
            }
            if step.choices.len() > 9 {
                self.step_warning(
                    idx,
                    format!(
                        "step \"{}\" has {} choices; only 1–9 can be chosen by number",
                        step.id,
                        step.choices.len()
                    ),
                    "too many choices",
                );
            }
            // Kind-specific rules.
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
                        self.step_error(idx, format!("end step \"{}\" has no outcome", step.id), "add `outcome: Resolved` (or HandedOffToCs, NoResponseNeeded, Escalated)");
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
                                    .filter(|s| {
                                        s.approval.as_ref().is_some_and(|o| o.role == a.role)
                                    })
                                    .count();
                                self.error_at("Approval", "role", &a.role, nth, format!("step \"{}\": approving role \"{}\" is not declared in `roles`", step.id, a.role), "unknown role");
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
            // Checklist ids.
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
            self.check_deadlines(&step.deadlines, Some(idx), &steps);
            // Templates.
            let mut tids = Set::default();
            for (ti, t) in step.drafts.iter().enumerate() {
                let earlier_templates = || {
                    pb.steps[..idx]
                        .iter()
                        .flat_map(|s| &s.drafts)
                        .chain(&step.drafts[..ti])
                };
                if !tids.insert(t.id.as_str()) {
                    let nth = earlier_templates().filter(|o| o.id == t.id).count();
                    self.error_at(
                        "Template",
                        "id",
                        &t.id,
                        nth,
                        format!(
                            "step \"{}\": template id \"{}\" is used twice",
                            step.id, t.id
                        ),
                        "duplicate template id",
                    );
                }
                if let Some(v) = &t.voice
                    && !roles.contains(v.as_str())
                {
                    let nth = earlier_templates()
                        .filter(|o| o.voice.as_ref() == Some(v))
                        .count();
                    self.error_at(
                        "Template",
                        "voice",
                        v,
                        nth,
                        format!(
                            "template \"{}\": voice \"{v}\" is not a declared role",
                            t.id
                        ),
                        "unknown role",
                    );
                }
                if let Some(chain) = &t.signoff {
                    if chain.roles().is_empty() {
                        self.error_at(
                            "Template",
                            "id",
                            &t.id,
                            0,
                            format!("template \"{}\": its sign-off names no role", t.id),
                            "empty sign-off",
                        );
                    }
                    for r in chain.roles().iter().filter(|r| !roles.contains(r.as_str())) {
                        self.error_at(
                            "Template",
                            "signoff",
                            r,
                            0,
                            format!(
                                "template \"{}\": sign-off role \"{r}\" is not a declared role",
                                t.id
                            ),
                            "unknown role",
                        );
                    }
                }
                if let Some(pr) = &t.promise {
                    // Which occurrence of the same value to point at, among earlier promises.
                    let nth_by = earlier_templates()
                        .filter(|o| o.promise.as_ref().is_some_and(|q| q.by == pr.by))
                        .count();
                    let nth_owner = earlier_templates()
                        .filter(|o| o.promise.as_ref().is_some_and(|q| q.owner == pr.owner))
                        .count();
                    if !declared_vars.contains(pr.by.as_str()) {
                        self.error_at(
                            "Promise",
                            "by",
                            &pr.by,
                            nth_by,
                            format!(
                                "template \"{}\": the promise's due time \"{}\" is not a declared variable",
                                t.id, pr.by
                            ),
                            "unknown variable",
                        );
                    }
                    let example = pb
                        .variables
                        .iter()
                        .find(|v| v.id == pr.by)
                        .and_then(|v| v.example.as_deref());
                    if let Some(ex) = example
                        && let Err(why) = crate::review::followup::parse_due(
                            ex,
                            chrono::DateTime::UNIX_EPOCH.fixed_offset(),
                        )
                    {
                        let d = Diagnostic::warning(
                            self.file,
                            format!(
                                "template \"{}\": the promise's due time comes from \"{}\", whose example {why}: a value like it gives a follow-up with no due date",
                                t.id, pr.by
                            ),
                        );
                        let d = match self.loc().find("Promise", "by", &pr.by, nth_by) {
                            Some(r) => d.at(self.src, r).label("example not a time"),
                            None => d,
                        };
                        self.out.push(d);
                    }
                    if !roles.contains(pr.owner.as_str()) {
                        self.error_at(
                            "Promise",
                            "owner",
                            &pr.owner,
                            nth_owner,
                            format!(
                                "template \"{}\": the promise's owner \"{}\" is not a declared role",
                                t.id, pr.owner
                            ),
                            "unknown role",
                        );
                    }
                }
                match template::parse(&t.text) {
                    Err((off, msg)) => {
                        let d =
                            Diagnostic::error(self.file, format!("template \"{}\": {msg}", t.id));
                        let d = match self.loc().find("Template", "text", &t.text, 0) {
                            Some(r) => d
                                .pointing(self.src, r.start + 1 + off..r.start + 2 + off)
                                .label("here"),
                            None => d,
                        };
                        self.out.push(d);
                        unparsed_template = true;
                        continue;
                    }
                    Ok(pieces) => {
                        for p in pieces {
                            if let template::Piece::Var(name, off) = p {
                                used_vars.insert(name);
                                if !declared_vars.contains(name) {
                                    let d = Diagnostic::error(
                                        self.file,
                                        format!(
                                            "template \"{}\": placeholder {{{name}}} is not a declared variable",
                                            t.id
                                        ),
                                    );
                                    let d = match self.loc().find("Template", "text", &t.text, 0) {
                                        Some(r)
                                            if self
                                                .src
                                                .get(r.start + 1 + off..)
                                                .is_some_and(|s| s.starts_with('{')) =>
                                        {
                                            d.pointing(
                                                self.src,
                                                r.start + 1 + off..r.start + 3 + off + name.len(),
                                            )
                                            .label("undeclared variable")
                                        }
                                        Some(r) => {
                                            d.pointing(self.src, r).label("undeclared variable")
                                        }
                                        None => d,
                                    };
                                    self.out.push(d.help(format!("declare it: Variable(id: \"{name}\", label: \"...\", example: \"...\")")));
                                }
                            }
                        }
                    }
                }
                if let Some(limit) = t.channel.limit() {
                    let fixed = channel_length(t.channel, &template::static_text(&t.text));
                    if fixed > limit {
                        self.error_at("Template", "text", &t.text.clone(), 0, format!("template \"{}\": its fixed text is {fixed} long; a {} holds {limit}", t.id, t.channel.label()), "too long");
                    } else {
                        let filled = template::render(&t.text, &examples);
                        let len = channel_length(t.channel, &filled);
                        if len > limit {
                            self.warn_at("Template", "text", &t.text.clone(), format!("template \"{}\": with the variables' examples filled in it is {len} long; a {} holds {limit}", t.id, t.channel.label()), "may be too long");
                        }
                    }
                }
            }
        }
        for v in &pb.variables {
            if !unparsed_template && !used_vars.contains(v.id.as_str()) {
                self.warn_at(
                    "Variable",
                    "id",
                    &v.id,
                    format!("variable \"{}\" is not used by any template", v.id),
                    "unused variable",
                );
            }
        }
        self.check_graph(&steps, &targets);
        // Lines and columns in one pass over the file, whatever the number of diagnostics.
        crate::diag::resolve_positions(&mut self.out, self.src);
        self.out.sort_by_key(|d| (d.line == 0, d.line, d.col));
        self.out
    }

    /// How many choices before step `idx` (in file order) target the same unknown id.
    fn nth_target_occurrence(&self, idx: usize, target: &str) -> usize {
        self.pb.steps[..idx]
            .iter()
            .flat_map(|s| s.choices.iter())
            .filter(|c| c.target == target)
            .count()
    }

    fn hotkey_occurrences_before(&self, idx: usize, k: char) -> usize {
        self.pb.steps[..idx]
            .iter()
            .flat_map(|s| s.choices.iter())
            .filter(|c| c.key == Some(k))
            .count()
    }

    /// Duplicate ids; `step_dups` says whether any step id is used twice (known already from
    /// the step index, so a large playbook is not hashed twice for nothing).
    fn check_ids(&mut self, step_dups: bool) {
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

    /// Updates: one per audience; the template exists and says when the next update comes.
    fn check_updates(&mut self, pb: &Playbook) {
        let mut seen = std::collections::BTreeSet::new();
        for u in &pb.updates {
            let word = u.audience.word();
            if !seen.insert(u.audience) {
                self.error_at(
                    "Update",
                    "audience",
                    &format!("{:?}", u.audience),
                    0,
                    format!("a second update for the audience {word}: one cadence per audience"),
                    "duplicate audience",
                );
            }
            if u.every.secs() <= 0 || u.first_by.is_some_and(|f| f.secs() <= 0) {
                self.error_at(
                    "Update",
                    "every",
                    &format!("{:?}", u.audience),
                    0,
                    format!("the {word} update: `every` and `first_by` must be more than zero"),
                    "zero span",
                );
            }
            if let Some(by) = &u.by_severity {
                if pb.variable(&by.variable).is_none() {
                    self.error_at(
                        "BySeverity",
                        "variable",
                        &by.variable,
                        0,
                        format!(
                            "the {word} update's cadence by severity reads \"{}\", which is not a declared variable",
                            by.variable
                        ),
                        "unknown variable",
                    );
                }
                if by.every.values().any(|s| s.secs() <= 0) {
                    self.error_at(
                        "BySeverity",
                        "variable",
                        &by.variable,
                        0,
                        format!("the {word} update: every span by severity must be more than zero"),
                        "zero span",
                    );
                }
            }
            let Some(tid) = &u.template else {
                continue;
            };
            match pb.steps.iter().flat_map(|s| &s.drafts).find(|t| &t.id == tid) {
                None => self.error_at(
                    "Update",
                    "template",
                    tid,
                    0,
                    format!("the {word} update names template \"{tid}\", which no step has"),
                    "unknown template",
                ),
                Some(t) if !template::placeholders(&t.text).contains(&template::NEXT_UPDATE) => {
                    self.error_at(
                        "Update",
                        "template",
                        tid,
                        0,
                        format!(
                            "the {word} update's template \"{tid}\" does not say when the next update comes: end it with {{{}}}",
                            template::NEXT_UPDATE
                        ),
                        "no {next_update}",
                    )
                }
                Some(t) if t.channel != u.channel => self.error_at(
                    "Update",
                    "template",
                    tid,
                    0,
                    format!(
                        "the {word} update goes out as {} but its template \"{tid}\" is a {}",
                        u.channel.label(),
                        t.channel.label()
                    ),
                    "channel differs",
                ),
                Some(_) => {}
            }
        }
    }

    fn check_deadlines(
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

    fn check_graph(&mut self, steps: &Map<&str, usize>, targets: &Targets) {
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
        let g = Graph::from_targets(targets);
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
