//! Semantic checks of a parsed scenario, against itself and against its playbook: every id an
//! inject, expectation or condition names exists, every time falls inside the drill, and
//! conditions can actually come true. Each problem points at the offending value in the source.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::LoadedScenario;
use super::model::{Condition, Criterion, Expectation, Scenario};
use crate::diag::Diagnostic;
use crate::playbook::lint::{StepGraph, lint};
use crate::playbook::locate::Locator;
use crate::playbook::{Loaded, load_playbook};
use crate::text::tweet_length;

/// Checks a scenario: loads its playbook (relative to the scenario file) and validates every
/// reference. Returns errors and warnings, plus the playbook when it loaded without errors.
pub fn check(loaded: &LoadedScenario) -> (Vec<Diagnostic>, Option<Loaded>) {
    let path = loaded.playbook_path();
    check_against(loaded, &path, load_playbook(&path))
}

/// Checks a scenario against a playbook already loaded (or the error loading it) from `path`:
/// what [`check`] does after reading the file. The fuzz targets use it to read no file.
pub fn check_against(
    loaded: &LoadedScenario,
    path: &std::path::Path,
    playbook: Result<Loaded, Diagnostic>,
) -> (Vec<Diagnostic>, Option<Loaded>) {
    let mut c = Checker::new(loaded);
    let playbook = match playbook {
        Err(d) => {
            c.error_field(
                "Scenario",
                0,
                "playbook",
                // The file is whatever the scenario names (`/etc/shadow`): say where it fails,
                // never what it holds (a RON error quotes the text it found).
                format!(
                    "cannot load the playbook {}: {}",
                    crate::text::path(path),
                    if d.line > 0 {
                        format!(
                            "it is not a playbook (not valid playbook RON at line {}, column {}; run `warroom check` on it)",
                            d.line, d.col
                        )
                    } else {
                        d.message.clone()
                    }
                ),
                "this playbook",
            );
            None
        }
        Ok(pb) => {
            let errors: Vec<Diagnostic> =
                lint(&pb).into_iter().filter(Diagnostic::is_error).collect();
            if let Some(first) = errors.first() {
                c.error_field(
                    "Scenario",
                    0,
                    "playbook",
                    format!(
                        "the playbook {} has {} error(s), the first: {}; run `warroom check` on it",
                        crate::text::path(path),
                        errors.len(),
                        first.summary()
                    ),
                    "this playbook",
                );
                None
            } else {
                Some(pb)
            }
        }
    };
    c.run(playbook.as_ref());
    // Lines and columns in one pass over the file, whatever the number of diagnostics.
    let mut out = c.out;
    crate::diag::resolve_positions(&mut out, &loaded.source.text);
    (out, playbook)
}

struct Checker<'a> {
    sc: &'a Scenario,
    src: &'a str,
    file: &'a str,
    loc: Locator,
    out: Vec<Diagnostic>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

impl<'a> Checker<'a> {
    fn new(l: &'a LoadedScenario) -> Checker<'a> {
        Checker {
            sc: &l.scenario,
            src: &l.source.text,
            file: &l.source.name,
            loc: Locator::new(&l.source.text),
            out: Vec::new(),
        }
    }

    /// The byte range of the `index`-th struct named `owner`, up to the next one.
    fn struct_span(&self, owner: &str, index: usize) -> Option<Range<usize>> {
        let (start, next) = self.loc.struct_bounds(owner, index)?;
        Some(start..next.unwrap_or(self.src.len()))
    }

    /// The literal of `field` directly inside the `index`-th `owner` struct.
    fn field_literal(&self, owner: &str, index: usize, field: &str) -> Option<Range<usize>> {
        let span = self.struct_span(owner, index)?;
        self.loc
            .literals_in(span)
            .iter()
            .find(|l| l.field == field && l.owner == owner)
            .map(|l| l.range.clone())
    }

    /// Any literal with this value inside the `index`-th `owner` struct.
    fn value_in(&self, owner: &str, index: usize, value: &str) -> Option<Range<usize>> {
        let span = self.struct_span(owner, index)?;
        self.loc
            .literals_in(span)
            .iter()
            .find(|l| l.value == value)
            .map(|l| l.range.clone())
    }

    fn push(&mut self, d: Diagnostic, at: Option<Range<usize>>, label: &str) {
        let d = match at {
            Some(r) => d.pointing(self.src, r).label(label),
            None => match self.loc.nth_struct("Scenario", 0) {
                Some(r) => d.pointing(self.src, r),
                None => d,
            },
        };
        self.out.push(d);
    }

    fn error_field(&mut self, owner: &str, index: usize, field: &str, msg: String, label: &str) {
        let at = self
            .field_literal(owner, index, field)
            .or_else(|| self.loc.nth_struct(owner, index));
        self.push(Diagnostic::error(self.file, msg), at, label);
    }

    fn warn_field(&mut self, owner: &str, index: usize, field: &str, msg: String, label: &str) {
        let at = self
            .field_literal(owner, index, field)
            .or_else(|| self.loc.nth_struct(owner, index));
        self.push(Diagnostic::warning(self.file, msg), at, label);
    }

    fn error_value(&mut self, owner: &str, index: usize, value: &str, msg: String, label: &str) {
        let at = self
            .value_in(owner, index, value)
            .or_else(|| self.loc.nth_struct(owner, index));
        self.push(Diagnostic::error(self.file, msg), at, label);
    }

    fn run(&mut self, pb: Option<&Loaded>) {
        let sc = self.sc;
        if !valid_id(&sc.id) {
            self.error_field(
                "Scenario",
                0,
                "id",
                format!(
                    "scenario id \"{}\" may hold only letters, digits, `_`, `-` and `.`",
                    sc.id
                ),
                "bad id",
            );
        }
        if sc.title.trim().is_empty() {
            self.error_field(
                "Scenario",
                0,
                "title",
                "the scenario has no title".into(),
                "empty",
            );
        }
        if sc.briefing.trim().is_empty() {
            self.warn_field(
                "Scenario",
                0,
                "briefing",
                "the briefing is empty: what do the players know at T+0?".into(),
                "empty",
            );
        }
        let dur = sc.duration.secs();
        if dur <= 0 {
            self.error_field(
                "Scenario",
                0,
                "duration",
                "the drill's duration must be longer than 0s".into(),
                "zero",
            );
        }
        if sc.injects.is_empty() {
            self.push(
                Diagnostic::warning(self.file, "the scenario has no injects"),
                None,
                "",
            );
        }
        if sc.expectations.is_empty() {
            self.push(
                Diagnostic::warning(
                    self.file,
                    "the scenario has no expectations: nothing will be scored",
                ),
                None,
                "",
            );
        }
        if sc.hot_wash.is_empty() {
            self.push(
                Diagnostic::warning(self.file, "the scenario has no hot-wash questions"),
                None,
                "",
            );
        }
        let pbk = pb.map(|l| &l.playbook);

        // Preset variables.
        if let Some(pb) = pbk {
            let start = self
                .loc
                .literals
                .iter()
                .find(|l| l.field == "variables")
                .map(|l| l.range.start)
                .unwrap_or(0);
            for key in sc.variables.keys() {
                if pb.variable(key).is_none() {
                    let at = self.loc.value_from(key, start).map(|l| l.range.clone());
                    let vars = pb
                        .variables
                        .iter()
                        .map(|v| v.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.push(
                        Diagnostic::error(
                            self.file,
                            format!(
                                "variable \"{key}\" is not a variable of playbook \"{}\"",
                                pb.id
                            ),
                        )
                        .help(format!("its variables: {vars}")),
                        at,
                        "unknown variable",
                    );
                }
            }
        }

        // Personas.
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, p) in sc.personas.iter().enumerate() {
            if !valid_id(&p.id) {
                self.error_field(
                    "Persona",
                    i,
                    "id",
                    format!(
                        "persona id \"{}\" may hold only letters, digits, `_`, `-` and `.`",
                        p.id
                    ),
                    "bad id",
                );
            }
            if !seen.insert(&p.id) {
                self.error_field(
                    "Persona",
                    i,
                    "id",
                    format!("persona \"{}\" is declared twice", p.id),
                    "duplicate",
                );
            }
            if let Some(h) = &p.handle
                && !h.starts_with('@')
            {
                self.warn_field(
                    "Persona",
                    i,
                    "handle",
                    format!("handle \"{h}\" does not start with @"),
                    "no @",
                );
            }
        }

        // Expectations (before injects: conditions refer to them).
        let mut seen: HashSet<&str> = HashSet::new();
        let expectations: HashMap<&str, &Expectation> =
            sc.expectations.iter().map(|e| (e.id.as_str(), e)).collect();
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
            self.check_criterion(&e.what, i, &e.id, pb);
        }

        // Injects.
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
            if let Some(cond) = &inj.when {
                match cond {
                    Condition::Met(x) | Condition::Missed(x) => {
                        match expectations.get(x.as_str()) {
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
                        }
                    }
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

        // Intended path.
        if let Some(pb) = pbk {
            let graph = StepGraph::build(pb);
            let mut prev: Option<usize> = None;
            for (n, sid) in sc.intended_path.iter().enumerate() {
                let at = self.path_literal(n);
                match pb.step_index(sid) {
                    None => {
                        self.push(
                            Diagnostic::error(
                                self.file,
                                format!(
                                    "intended_path: \"{sid}\" is not a step of playbook \"{}\"",
                                    pb.id
                                ),
                            ),
                            at,
                            "unknown step",
                        );
                        prev = None;
                    }
                    Some(idx) => {
                        if n == 0 && sid != &pb.start {
                            self.push(
                                Diagnostic::warning(self.file, format!("intended_path starts at \"{sid}\" but the playbook starts at \"{}\"", pb.start)),
                                at.clone(),
                                "not the start step",
                            );
                        }
                        if let Some(p) = prev
                            && !graph.graph.contains_edge(
                                petgraph::graph::NodeIndex::new(p),
                                petgraph::graph::NodeIndex::new(idx),
                            )
                        {
                            self.push(
                                Diagnostic::warning(
                                    self.file,
                                    format!(
                                        "intended_path: no choice leads from \"{}\" to \"{sid}\"",
                                        pb.steps[p].id
                                    ),
                                ),
                                at,
                                "not a move in the playbook",
                            );
                        }
                        prev = Some(idx);
                    }
                }
            }
        }
    }

    /// The literal of the `n`-th entry of `intended_path`.
    fn path_literal(&self, n: usize) -> Option<Range<usize>> {
        let first = self.loc.first_of_field("intended_path")?;
        self.loc.literals.get(first + n).map(|l| l.range.clone())
    }

    fn check_criterion(&mut self, c: &Criterion, i: usize, eid: &str, pb: Option<&Loaded>) {
        let pbk = pb.map(|l| &l.playbook);
        match c {
            Criterion::Post | Criterion::Outcome(_) => {}
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
                Some(_) => {}
            },
            Criterion::Never(inner) => {
                if matches!(**inner, Criterion::Never(_)) {
                    self.error_field("Expectation", i, "what", format!("expectation \"{eid}\": Never(Never(...)) — say what should happen instead"), "double negative");
                }
                self.check_criterion(inner, i, eid, pb);
            }
        }
    }
}
