//! A step's choices: each leads to a step, hotkeys are printable, not digits and not used twice,
//! and there are no more choices than digits to choose them by.

use super::Linter;
use super::hash::Map;
use super::step_graph::Targets;

impl Linter<'_> {
    pub(super) fn check_choices(&mut self, idx: usize, targets: &Targets) {
        let pb = self.pb;
        let step = &pb.steps[idx];
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
                        nth_key(self),
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
                        nth_key(self),
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
                        nth_key(self),
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
    }
}
