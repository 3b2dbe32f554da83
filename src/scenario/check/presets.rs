//! Preset variables: each names a variable of the playbook.

use super::Checker;
use crate::diag::Diagnostic;
use crate::playbook::Playbook;

impl Checker<'_> {
    pub(super) fn check_presets(&mut self, pbk: Option<&Playbook>) {
        let sc = self.sc;
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
    }
}
