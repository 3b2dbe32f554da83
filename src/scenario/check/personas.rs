//! Personas: well-formed ids, each declared once, handles that start with `@`.

use std::collections::HashSet;

use super::{Checker, valid_id};

impl Checker<'_> {
    pub(super) fn check_personas(&mut self) {
        let sc = self.sc;
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
    }
}
