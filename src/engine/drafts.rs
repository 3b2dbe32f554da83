//! The rules for drafts, as the engine applies them to every client alike (the keyboard, a
//! script, another seat): saving, editing, splitting into a thread, discarding, approving a
//! chosen set bound to its exact text, and posting — refused with a typed error for an unfilled
//! placeholder, what looks like personal data on a public channel, a missing approval or the
//! channel's length limit, unless forced (and then logged as forced).

use chrono::{DateTime, FixedOffset};

use super::command::CommandError;
use super::event::ApprovedText;
use super::kinds::EventKind;
use super::session::{Draft, DraftState, Session};
use crate::playbook::load::sha256_hex;
use crate::playbook::template;
use crate::privacy;
use crate::text::split_thread;

/// The decision word a privacy hold is logged with (`privacy_warning.decision`).
pub const HELD: &str = "held: not posted (move the personal data to a DM, e-mail or phone)";
/// The decision word of a post forced past the privacy guard.
pub const POSTED_ANYWAY: &str = "posted anyway (forced)";

/// The SHA-256 an approval binds a draft's text to.
pub fn text_sha(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// `{name}` placeholders left in a draft's text, in order, each once.
pub fn unfilled(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('}') {
            let name = &after[..name_len];
            if !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
        rest = after;
    }
    out
}

impl Session {
    /// What the privacy guard finds in `text`, as logged (kind and masked match); the values of
    /// variables the playbook marks `public` (the company's own contacts) are not flagged.
    pub fn privacy_findings(&self, text: &str) -> Vec<String> {
        let published: Vec<&str> = self
            .playbook
            .variables
            .iter()
            .filter(|v| v.public)
            .filter_map(|v| self.variables.get(&v.id).map(String::as_str))
            .collect();
        privacy::scan_except(text, &published)
            .iter()
            .map(|f| format!("{} {}", f.kind, f.masked))
            .collect()
    }
}

impl Draft {
    /// Where the draft stands.
    pub fn state(&self) -> DraftState {
        if self.discarded_at.is_some() {
            DraftState::Discarded
        } else if self.posted_at.is_some() {
            DraftState::Posted
        } else if !self.held.is_empty() {
            DraftState::Held
        } else if self.approvals.iter().any(|a| self.approval_holds(a)) {
            DraftState::Approved
        } else {
            DraftState::Draft
        }
    }

    /// Whether an approval still holds: it was given to exactly this text.
    pub fn approval_holds(&self, a: &super::session::DraftApproval) -> bool {
        if let Some(st) = &a.statement_text {
            return crate::statements::matches_template(st, &self.text);
        }
        match &a.sha256 {
            Some(sha) => *sha == self.text_sha,
            // A log from before approvals carried the text's hash: it holds unless the draft
            // was edited after it.
            None => self.edited_at.is_none_or(|t| t <= a.at),
        }
    }

    /// Whether the role has approved this exact text.
    pub fn approved_by_role(&self, role: &str) -> bool {
        self.approvals
            .iter()
            .any(|a| a.role == role && self.approval_holds(a))
    }

    /// True when approvals were given but none holds for the text as it is now.
    pub fn approval_voided(&self) -> bool {
        !self.approvals.is_empty() && !self.approvals.iter().any(|a| self.approval_holds(a))
    }

    /// The number of the thread this draft belongs to (its own number when it leads one).
    pub fn thread_head(&self) -> u32 {
        self.thread.unwrap_or(self.number)
    }

    /// Whether it can still be approved, edited or posted.
    pub fn is_open(&self) -> bool {
        self.posted_at.is_none() && self.discarded_at.is_none()
    }
}

impl Session {
    /// The drafts of `n`'s thread (just `n` when it is not in one), in draft order.
    pub fn thread_of(&self, n: u32) -> Vec<&Draft> {
        let Some(head) = self.draft(n).map(Draft::thread_head) else {
            return Vec::new();
        };
        let mut parts: Vec<&Draft> = self
            .drafts
            .iter()
            .filter(|d| d.thread_head() == head)
            .collect();
        parts.sort_by_key(|d| d.number);
        parts
    }

    /// The drafts that can still be posted, one per thread (its first open part), oldest first.
    pub fn open_units(&self) -> Vec<&Draft> {
        let mut seen = std::collections::BTreeSet::new();
        self.drafts
            .iter()
            .filter(|d| d.is_open())
            .filter(|d| seen.insert(d.thread_head()))
            .collect()
    }

    pub(super) fn open_draft(&self, n: u32) -> Result<&Draft, CommandError> {
        let d = self
            .draft(n)
            .ok_or_else(|| CommandError::NoDraft(format!(": there is no draft #{n}")))?;
        if d.posted_at.is_some() {
            return Err(CommandError::AlreadyPosted(n));
        }
        if d.discarded_at.is_some() {
            return Err(CommandError::Discarded(n));
        }
        Ok(d)
    }

    /// The draft a post (or another draft command) without a number means: the only open one.
    pub fn only_open_unit(&self, verb: &str) -> Result<u32, CommandError> {
        let units = self.open_units();
        match units.as_slice() {
            [] => Err(CommandError::NoDraft(": save a draft first".into())),
            [one] => Ok(one.number),
            many => Err(CommandError::WhichDraft {
                verb: verb.to_string(),
                drafts: many
                    .iter()
                    .map(|d| format!("#{} ({})", d.number, d.channel.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// `edit`: replaces a draft's text (placeholders filled in as when saving).
    pub(super) fn apply_edit(
        &self,
        n: u32,
        text: &str,
        now: Option<DateTime<FixedOffset>>,
    ) -> Result<Vec<EventKind>, CommandError> {
        let d = self.open_draft(n)?;
        let body = template::render(text, &self.render_vars(d.audience, now));
        if body.trim().is_empty() {
            return Err(CommandError::EmptyText);
        }
        if body == d.text {
            return Err(CommandError::Unchanged(n));
        }
        Ok(vec![EventKind::DraftEdited {
            draft: n,
            text: body,
        }])
    }

    /// `split`: cuts a draft over its channel's limit into a numbered thread: the draft keeps
    /// the first part, new drafts take the others.
    pub(super) fn apply_split(&self, n: u32) -> Result<Vec<EventKind>, CommandError> {
        let d = self.open_draft(n)?;
        if self.thread_of(n).len() > 1 {
            return Err(CommandError::NothingToSplit {
                draft: n,
                why: "it is already part of a thread".into(),
            });
        }
        let Some(limit) = d.channel.limit() else {
            return Err(CommandError::NothingToSplit {
                draft: n,
                why: format!("a {} has no length limit", d.channel.label()),
            });
        };
        let parts = split_thread(&d.text, limit);
        if parts.len() < 2 {
            return Err(CommandError::NothingToSplit {
                draft: n,
                why: format!("it fits in one {}", d.channel.label()),
            });
        }
        let mut out = vec![EventKind::DraftEdited {
            draft: n,
            text: parts[0].clone(),
        }];
        let first_new = self.drafts.len() as u32 + 1;
        for (next, p) in (first_new..).zip(&parts[1..]) {
            out.push(EventKind::DraftSaved {
                draft: next,
                step: d.step.clone(),
                template: d.template.clone(),
                channel: d.channel,
                voice: d.voice.clone(),
                text: p.clone(),
                thread: Some(n),
                audience: d.audience,
                statement: None,
            });
        }
        Ok(out)
    }

    /// `discard`: sets a draft (its whole thread) aside.
    pub(super) fn apply_discard(
        &self,
        n: u32,
        reason: &str,
    ) -> Result<Vec<EventKind>, CommandError> {
        self.open_draft(n)?;
        Ok(self
            .thread_of(n)
            .into_iter()
            .filter(|d| d.is_open())
            .map(|d| EventKind::DraftDiscarded {
                draft: d.number,
                reason: reason.to_string(),
            })
            .collect())
    }

    /// The drafts an approval covers, with their text's hash: the ones named (each with its
    /// whole thread), or, when none is named, the newest open draft's thread.
    pub(super) fn approval_texts(&self, named: &[u32]) -> Result<Vec<ApprovedText>, CommandError> {
        let mut heads: Vec<u32> = Vec::new();
        for &n in named {
            self.open_draft(n)?;
            heads.push(n);
        }
        if named.is_empty()
            && let Some(d) = self.latest_unposted()
        {
            heads.push(d.number);
        }
        let mut out: Vec<ApprovedText> = Vec::new();
        for n in heads {
            for d in self.thread_of(n).into_iter().filter(|d| d.is_open()) {
                if !out.iter().any(|t| t.draft == d.number) {
                    out.push(ApprovedText {
                        draft: d.number,
                        sha256: d.text_sha.clone(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// `post`: the draft named (or the only open one), with the rest of its thread in order;
    /// every rule is checked for every part.
    pub(super) fn apply_post(
        &self,
        draft: Option<u32>,
        force: bool,
    ) -> Result<Vec<EventKind>, CommandError> {
        let n = match draft {
            Some(n) => n,
            None => self.only_open_unit("post")?,
        };
        self.open_draft(n)?;
        let parts: Vec<&Draft> = self
            .thread_of(n)
            .into_iter()
            .filter(|d| d.is_open())
            .collect();
        let mut out = Vec::new();
        for d in parts {
            let (privacy, warnings) = self.post_checks(d, force)?;
            if !privacy.is_empty() {
                out.push(EventKind::PrivacyWarning {
                    draft: d.number,
                    findings: privacy,
                    decision: POSTED_ANYWAY.into(),
                });
            }
            out.push(EventKind::Posted {
                draft: d.number,
                channel: d.channel,
                text: d.text.clone(),
                forced: !warnings.is_empty(),
                warnings,
            });
        }
        Ok(out)
    }

    /// The rules a post must pass, in the order a person fixes them. Without `force` the first
    /// that fails refuses the post; with it, each becomes a warning on the `posted` event.
    /// Returns the privacy findings overridden and the warnings.
    fn post_checks(
        &self,
        d: &Draft,
        force: bool,
    ) -> Result<(Vec<String>, Vec<String>), CommandError> {
        let mut warnings = Vec::new();
        let mut refuse = |e: CommandError, warning: String| {
            if force {
                warnings.push(warning);
                Ok(())
            } else {
                Err(e)
            }
        };
        let names = unfilled(&d.text);
        if !names.is_empty() {
            let list = names
                .iter()
                .map(|n| format!("{{{n}}}"))
                .collect::<Vec<_>>()
                .join(", ");
            refuse(
                CommandError::Unfilled {
                    draft: d.number,
                    names: names.clone(),
                },
                format!("posted with unfilled placeholders: {list}"),
            )?;
        }
        let findings = if d.channel.is_public() {
            self.privacy_findings(&d.text)
        } else {
            Vec::new()
        };
        if !findings.is_empty() {
            refuse(
                CommandError::PersonalData {
                    draft: d.number,
                    findings: findings.clone(),
                },
                format!(
                    "posted with what looks like personal data: {}",
                    findings.join(", ")
                ),
            )?;
        }
        if let Some(role) = &d.voice
            && !d.approved_by_role(role)
        {
            refuse(
                CommandError::NeedsApproval {
                    draft: d.number,
                    role: self.role_name(role),
                    voided: d.approval_voided(),
                },
                format!("posted without the {}'s approval", self.role_name(role)),
            )?;
        }
        if let Some(e) = self.chain_refusal(d) {
            let warning = format!("posted without its sign-off chain complete ({e})");
            refuse(e, warning)?;
        }
        if let Some(limit) = d.channel.limit() {
            let len = d.channel.length(&d.text);
            if len > limit {
                refuse(
                    CommandError::TooLong {
                        draft: d.number,
                        len,
                        limit,
                        channel: d.channel.label().into(),
                    },
                    format!(
                        "{len} long, over the {} limit of {limit}",
                        d.channel.label()
                    ),
                )?;
            }
        }
        Ok((findings, warnings))
    }

    /// What a refusal leaves in the log, if anything: a post stopped by a rule is recorded
    /// (personal data as a privacy hold, once per text); other refusals are only shown.
    pub fn refusal(&self, command: &str, err: &CommandError) -> Option<EventKind> {
        match err {
            CommandError::PersonalData { draft, findings } => {
                let d = self.draft(*draft)?;
                (d.held != *findings).then(|| EventKind::PrivacyWarning {
                    draft: *draft,
                    findings: findings.clone(),
                    decision: HELD.into(),
                })
            }
            CommandError::Unfilled { draft, .. }
            | CommandError::NeedsSignOff { draft, .. }
            | CommandError::NeedsApproval { draft, .. }
            | CommandError::TooLong { draft, .. } => Some(EventKind::Refused {
                command: command.to_string(),
                draft: Some(*draft),
                reason: err.to_string(),
            }),
            CommandError::WrongApprover { .. } => Some(EventKind::Refused {
                command: command.to_string(),
                draft: None,
                reason: err.to_string(),
            }),
            _ => None,
        }
    }

    /// `draft --statement ID`: a draft from an approved holding statement, its placeholders
    /// filled in; the statement's approvals come with it.
    pub(super) fn apply_statement(
        &self,
        id: &str,
        now: Option<DateTime<FixedOffset>>,
    ) -> Result<Vec<EventKind>, CommandError> {
        let Some(l) = self.statements.iter().find(|l| l.statement.id == id) else {
            let ids: Vec<&str> = self
                .statements
                .iter()
                .map(|l| l.statement.id.as_str())
                .collect();
            return Err(CommandError::UnknownStatement(
                id.to_string(),
                if ids.is_empty() {
                    "none (give the library with --statements DIR)".into()
                } else {
                    ids.join(", ")
                },
            ));
        };
        let st = &l.statement;
        if let Some(now) = now
            && !st.valid_on(now.date_naive())
        {
            return Err(CommandError::StatementExpired(
                st.id.clone(),
                st.valid_until.clone().unwrap_or_default(),
            ));
        }
        let text = template::render(&st.text, &self.render_vars(Some(st.audience), now));
        Ok(vec![EventKind::DraftSaved {
            draft: self.drafts.len() as u32 + 1,
            step: self.step().id.clone(),
            template: None,
            channel: st.channel,
            voice: None,
            text,
            thread: None,
            audience: Some(st.audience),
            statement: Some(super::event::StatementRef {
                id: st.id.clone(),
                sha256: l.sha256.clone(),
                text: st.text.clone(),
                approved_by: st
                    .approved_by
                    .iter()
                    .map(|a| (a.role.clone(), a.name.clone(), a.at.clone()))
                    .collect(),
            }),
        }])
    }

    /// Folds a draft event's effect on the drafts.
    pub(super) fn fold_draft_edit(&mut self, n: u32, text: &str, at: DateTime<FixedOffset>) {
        if let Some(d) = self.draft_mut(n) {
            d.text = text.to_string();
            d.text_sha = text_sha(text);
            d.edited_at = Some(at);
            d.held.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unfilled_placeholders_once_each() {
        assert_eq!(
            unfilled("Hi, I'm {cs_contact} from {team} — {cs_contact}"),
            vec!["cs_contact", "team"]
        );
        assert!(unfilled("no braces, {not a name}, {} or {").is_empty());
        assert_eq!(unfilled("{{x}}"), vec!["x"]);
    }
}
