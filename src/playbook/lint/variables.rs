//! Variables: well-formed ids with examples, and each used by some template. [`Vars`] carries
//! what the template checks need to know of them and what they find out.

use std::collections::BTreeMap;

use super::Linter;
use super::hash::Set;
use crate::playbook::model::Playbook;
use crate::playbook::template;

/// The playbook's variables as the template checks see them, and which of them templates use.
pub(super) struct Vars<'a> {
    /// The declared variables, and the one warroom fills in itself ([`template::NEXT_UPDATE`]).
    pub(super) declared: Set<&'a str>,
    /// Each variable's example, to fill templates in with when measuring them.
    pub(super) examples: BTreeMap<String, String>,
    /// The variables some template's placeholders name.
    pub(super) used: Set<&'a str>,
    /// A template that does not parse uses variables we cannot see: no "unused" warnings then.
    pub(super) unparsed_template: bool,
}

impl<'a> Vars<'a> {
    pub(super) fn new(pb: &'a Playbook) -> Vars<'a> {
        let mut declared: Set<&str> = pb.variables.iter().map(|v| v.id.as_str()).collect();
        // Filled in by warroom itself: when the audience's next update is due.
        declared.insert(template::NEXT_UPDATE);
        let mut examples: BTreeMap<String, String> = pb
            .variables
            .iter()
            .filter_map(|v| v.example.clone().map(|e| (v.id.clone(), e)))
            .collect();
        examples.insert(template::NEXT_UPDATE.into(), "10:30".into());
        Vars {
            declared,
            examples,
            used: Set::default(),
            unparsed_template: false,
        }
    }
}

impl Linter<'_> {
    /// Every variable's id is well-formed and it has an example.
    pub(super) fn check_variables(&mut self) {
        let pb = self.pb;
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
    }

    /// Every variable is used by some template (unless a template did not parse).
    pub(super) fn check_unused_variables(&mut self, vars: &Vars<'_>) {
        let pb = self.pb;
        for v in &pb.variables {
            if !vars.unparsed_template && !vars.used.contains(v.id.as_str()) {
                self.warn_at(
                    "Variable",
                    "id",
                    &v.id,
                    format!("variable \"{}\" is not used by any template", v.id),
                    "unused variable",
                );
            }
        }
    }
}
