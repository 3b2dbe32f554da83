//! A step's templates: ids used once, a voice and sign-off roles that are declared roles, a
//! promise whose due time and owner exist, placeholders that are declared variables (noting
//! which variables are used), and a text that fits its channel.

use super::Linter;
use super::hash::Set;
use super::variables::Vars;
use crate::diag::Diagnostic;
use crate::playbook::model::{Playbook, Promise, Template};
use crate::playbook::template;
use crate::text::channel_length;

/// The templates before the `ti`-th of step `idx`, in file order.
fn earlier_templates(pb: &Playbook, idx: usize, ti: usize) -> impl Iterator<Item = &Template> {
    pb.steps[..idx]
        .iter()
        .flat_map(|s| &s.drafts)
        .chain(&pb.steps[idx].drafts[..ti])
}

impl<'a> Linter<'a> {
    pub(super) fn check_templates(&mut self, idx: usize, roles: &Set<&str>, vars: &mut Vars<'a>) {
        let pb = self.pb;
        let step = &pb.steps[idx];
        let mut tids = Set::default();
        for (ti, t) in step.drafts.iter().enumerate() {
            if !tids.insert(t.id.as_str()) {
                let nth = earlier_templates(pb, idx, ti)
                    .filter(|o| o.id == t.id)
                    .count();
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
            self.check_template_roles(idx, ti, roles);
            if let Some(pr) = &t.promise {
                self.check_promise(idx, ti, pr, roles, vars);
            }
            if self.check_placeholders(t, vars) {
                self.check_length(t, vars);
            }
        }
    }

    /// The voice and the sign-off's roles are declared roles.
    fn check_template_roles(&mut self, idx: usize, ti: usize, roles: &Set<&str>) {
        let pb = self.pb;
        let t = &pb.steps[idx].drafts[ti];
        if let Some(v) = &t.voice
            && !roles.contains(v.as_str())
        {
            let nth = earlier_templates(pb, idx, ti)
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
    }

    /// The promise's due time is a declared variable whose example reads as a time, and its
    /// owner is a declared role.
    fn check_promise(
        &mut self,
        idx: usize,
        ti: usize,
        pr: &Promise,
        roles: &Set<&str>,
        vars: &Vars<'a>,
    ) {
        let pb = self.pb;
        let t = &pb.steps[idx].drafts[ti];
        // Which occurrence of the same value to point at, among earlier promises.
        let nth_by = earlier_templates(pb, idx, ti)
            .filter(|o| o.promise.as_ref().is_some_and(|q| q.by == pr.by))
            .count();
        let nth_owner = earlier_templates(pb, idx, ti)
            .filter(|o| o.promise.as_ref().is_some_and(|q| q.owner == pr.owner))
            .count();
        if !vars.declared.contains(pr.by.as_str()) {
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
            && let Err(why) =
                crate::clock::parse_due(ex, chrono::DateTime::UNIX_EPOCH.fixed_offset())
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

    /// The text parses and its placeholders are declared variables; notes which it uses.
    /// Whether it parsed.
    fn check_placeholders(&mut self, t: &'a Template, vars: &mut Vars<'a>) -> bool {
        match template::parse(&t.text) {
            Err((off, msg)) => {
                let d = Diagnostic::error(self.file, format!("template \"{}\": {msg}", t.id));
                let d = match self.loc().find("Template", "text", &t.text, 0) {
                    Some(r) => d
                        .pointing(self.src, r.start + 1 + off..r.start + 2 + off)
                        .label("here"),
                    None => d,
                };
                self.out.push(d);
                vars.unparsed_template = true;
                false
            }
            Ok(pieces) => {
                for p in pieces {
                    if let template::Piece::Var(name, off) = p {
                        vars.used.insert(name);
                        if !vars.declared.contains(name) {
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
                                Some(r) => d.pointing(self.src, r).label("undeclared variable"),
                                None => d,
                            };
                            self.out.push(d.help(format!("declare it: Variable(id: \"{name}\", label: \"...\", example: \"...\")")));
                        }
                    }
                }
                true
            }
        }
    }

    /// The text fits its channel: its fixed text must, filled with the examples it should.
    fn check_length(&mut self, t: &Template, vars: &Vars<'a>) {
        if let Some(limit) = t.channel.limit() {
            let fixed = channel_length(t.channel, &template::static_text(&t.text));
            if fixed > limit {
                self.error_at(
                    "Template",
                    "text",
                    &t.text,
                    0,
                    format!(
                        "template \"{}\": its fixed text is {fixed} long; a {} holds {limit}",
                        t.id,
                        t.channel.label()
                    ),
                    "too long",
                );
            } else {
                let filled = template::render(&t.text, &vars.examples);
                let len = channel_length(t.channel, &filled);
                if len > limit {
                    self.warn_at(
                        "Template",
                        "text",
                        &t.text,
                        format!(
                            "template \"{}\": with the variables' examples filled in it is {len} long; a {} holds {limit}",
                            t.id,
                            t.channel.label()
                        ),
                        "may be too long",
                    );
                }
            }
        }
    }
}
