//! Playbook export: Graphviz DOT and Mermaid, optionally marking the path an incident took
//! (given as step indexes, so the playbook needs nothing from the engine).

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::playbook::{Playbook, StepKind};

/// Which parts of the graph an incident touched (steps and edges by index in the playbook).
#[derive(Debug, Default)]
pub struct Taken {
    pub visited: HashSet<usize>,
    pub edges: HashSet<(usize, usize)>,
    pub current: Option<usize>,
}

fn dot_escape(s: &str) -> String {
    let mut out = String::new();
    for c in crate::text::neutralize(s, false).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' | '>' | '{' | '}' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn shape(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Assess | StepKind::Transparency => "diamond",
        StepKind::Approval => "hexagon",
        StepKind::End => "doubleoctagon",
        StepKind::Monitor => "ellipse",
        _ => "box",
    }
}

/// Edges of the playbook: (from, to, label), approval edges labelled approve/reject.
fn edges(pb: &Playbook) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, s) in pb.steps.iter().enumerate() {
        for (n, c) in s.choices.iter().enumerate() {
            if let Some(t) = pb.step_index(&c.target) {
                out.push((i, t, format!("{}. {}", n + 1, c.label)));
            }
        }
        if let Some(a) = &s.approval {
            if let Some(t) = pb.step_index(&a.approve) {
                out.push((i, t, "approve".into()));
            }
            if let Some(t) = pb.step_index(&a.reject) {
                out.push((i, t, "reject".into()));
            }
        }
    }
    out
}

/// Graphviz DOT. Taken steps are filled and bold, taken edges bold (style, not only colour).
pub fn to_dot(pb: &Playbook, taken: Option<&Taken>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph \"{}\" {{", dot_escape(&pb.id));
    let _ = writeln!(
        s,
        "  label=\"{} v{}\"; labelloc=t; rankdir=TB;",
        dot_escape(&pb.title),
        dot_escape(&pb.version)
    );
    let _ = writeln!(
        s,
        "  node [fontname=\"Helvetica\" fontsize=11]; edge [fontname=\"Helvetica\" fontsize=9];"
    );
    for (i, step) in pb.steps.iter().enumerate() {
        let mut attrs = format!(
            "label=\"{}\\n[{}]\" shape={}",
            dot_escape(&step.title),
            step.kind.label(),
            shape(step.kind)
        );
        if step.id == pb.start {
            attrs.push_str(" peripheries=2");
        }
        if let Some(t) = taken {
            if t.current == Some(i) {
                attrs.push_str(
                    " style=\"filled,bold\" fillcolor=\"#ffd27f\" penwidth=3 xlabel=\"◀ here\"",
                );
            } else if t.visited.contains(&i) {
                attrs.push_str(" style=\"filled,bold\" fillcolor=\"#b7e1a1\" penwidth=2");
            } else {
                attrs.push_str(" style=dashed color=gray50 fontcolor=gray40");
            }
        }
        let _ = writeln!(s, "  \"{}\" [{attrs}];", dot_escape(&step.id));
    }
    for (from, to, label) in edges(pb) {
        let mut attrs = format!("label=\"{}\"", dot_escape(&label));
        if let Some(t) = taken {
            if t.edges.contains(&(from, to)) {
                attrs.push_str(" penwidth=3 color=\"#2a7a1a\" style=bold");
            } else {
                attrs.push_str(" style=dashed color=gray60 fontcolor=gray50");
            }
        }
        let _ = writeln!(
            s,
            "  \"{}\" -> \"{}\" [{attrs}];",
            dot_escape(&pb.steps[from].id),
            dot_escape(&pb.steps[to].id)
        );
    }
    s.push_str("}\n");
    s
}

fn mermaid_text(s: &str) -> String {
    crate::text::neutralize(s, false)
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('|', "#124;")
}

/// Mermaid flowchart. Taken steps get class `taken`, the current one `current`; taken edges
/// are thick (`==>`), others plain.
pub fn to_mermaid(pb: &Playbook, taken: Option<&Taken>) -> String {
    let mut s = String::from("flowchart TD\n");
    for (i, step) in pb.steps.iter().enumerate() {
        let label = format!("{}<br/>[{}]", mermaid_text(&step.title), step.kind.label());
        let (open, close) = match step.kind {
            StepKind::Assess | StepKind::Transparency => ("{", "}"),
            StepKind::Approval => ("{{", "}}"),
            StepKind::End => ("([", "])"),
            StepKind::Monitor => ("(", ")"),
            _ => ("[", "]"),
        };
        let _ = writeln!(s, "  s{i}{open}\"{label}\"{close}");
    }
    for (from, to, label) in edges(pb) {
        let arrow = match taken {
            Some(t) if t.edges.contains(&(from, to)) => "==>",
            _ => "-->",
        };
        let _ = writeln!(s, "  s{from} {arrow}|\"{}\"| s{to}", mermaid_text(&label));
    }
    if let Some(t) = taken {
        s.push_str("  classDef taken fill:#b7e1a1,stroke:#2a7a1a,stroke-width:3px\n");
        s.push_str("  classDef current fill:#ffd27f,stroke:#8a5a00,stroke-width:4px\n");
        s.push_str("  classDef untaken stroke-dasharray: 5 5,color:#666\n");
        for i in 0..pb.steps.len() {
            let class = if t.current == Some(i) {
                "current"
            } else if t.visited.contains(&i) {
                "taken"
            } else {
                "untaken"
            };
            let _ = writeln!(s, "  class s{i} {class}");
        }
    }
    s
}
