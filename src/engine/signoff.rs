//! Sign-off chains: a template may need several sign-offs before its drafts go out — legal,
//! then the CEO (`InOrder`), or any one of a set (`AnyOf`). Each sign-off names the role and is
//! bound to the exact text (SHA-256); an edit voids it, and a signer who declines sends the
//! draft back with a reason, voiding every sign-off it had. An approval given at an approval
//! step counts as that role's sign-off too.

use chrono::{DateTime, FixedOffset};

use super::command::CommandError;
use super::event::{Actor, ApprovedText};
use super::kinds::EventKind;
use super::session::{Draft, Session};
use crate::playbook::SignOff;

type Time = DateTime<FixedOffset>;

/// Where a draft stands in its chain: each role with when it signed (this text), and whether
/// the chain is complete.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainProgress {
    pub chain: SignOff,
    pub signed: Vec<(String, Option<Time>)>,
    pub complete: bool,
}

impl ChainProgress {
    /// `legal ✓ → ceo …` (in order) or `legal | comms ✓` (any one).
    pub fn describe(&self) -> String {
        let mark = |(r, t): &(String, Option<Time>)| {
            format!("{r} {}", if t.is_some() { "✓" } else { "…" })
        };
        let sep = match self.chain {
            SignOff::InOrder(_) => " → ",
            SignOff::AnyOf(_) => " | ",
        };
        self.signed.iter().map(mark).collect::<Vec<_>>().join(sep)
    }

    fn missing(&self) -> String {
        self.signed
            .iter()
            .filter(|(_, t)| t.is_none())
            .map(|(r, _)| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Session {
    /// The sign-off chain a draft's template asks for, if any.
    pub fn chain_of(&self, d: &Draft) -> Option<SignOff> {
        // A holding statement's chain: the roles that approved it, in the file's order.
        if let Some(st) = &d.statement {
            let mut roles: Vec<String> = Vec::new();
            for (r, _, _) in &st.approved_by {
                if !roles.contains(r) {
                    roles.push(r.clone());
                }
            }
            return Some(SignOff::InOrder(roles));
        }
        let tid = d.template.as_deref()?;
        self.playbook
            .steps
            .iter()
            .find(|s| s.id == d.step)
            .and_then(|s| s.template(tid))
            .or_else(|| self.update_template(tid))?
            .signoff
            .clone()
    }

    /// When `role` signed (or approved) this draft's text as it is now, if it has.
    fn signed_at(d: &Draft, role: &str) -> Option<Time> {
        d.approvals
            .iter()
            .filter(|a| a.role == role && d.approval_holds(a))
            .map(|a| a.at)
            .min()
    }

    /// Where draft `d` stands in its chain (`None` when it needs none).
    pub fn chain_progress(&self, d: &Draft) -> Option<ChainProgress> {
        let chain = self.chain_of(d)?;
        let mut signed: Vec<(String, Option<Time>)> = Vec::new();
        let complete = match &chain {
            SignOff::InOrder(roles) => {
                let mut prev: Option<Time> = None;
                let mut ok = true;
                for r in roles {
                    // A sign-off counts only after every earlier one in the chain.
                    let at = Self::signed_at(d, r).filter(|t| ok && prev.is_none_or(|p| *t >= p));
                    ok &= at.is_some();
                    prev = at.or(prev);
                    signed.push((r.clone(), at));
                }
                ok
            }
            SignOff::AnyOf(roles) => {
                for r in roles {
                    signed.push((r.clone(), Self::signed_at(d, r)));
                }
                signed.iter().any(|(_, t)| t.is_some())
            }
        };
        Some(ChainProgress {
            chain,
            signed,
            complete,
        })
    }

    /// The refusal a post gets for an incomplete chain, if it does.
    pub(super) fn chain_refusal(&self, d: &Draft) -> Option<CommandError> {
        let p = self.chain_progress(d)?;
        (!p.complete).then(|| CommandError::NeedsSignOff {
            draft: d.number,
            chain: p.describe(),
            missing: p.missing(),
        })
    }

    /// Who signs, and in which role: the operator's own role, or one recorded on behalf of a
    /// named person.
    fn signer(
        &self,
        d: &Draft,
        chain: &SignOff,
        by: &Option<String>,
        role: &Option<String>,
        actor: &Actor,
    ) -> Result<(String, String), CommandError> {
        let refuse = |why: String| CommandError::SignOffRefused {
            draft: d.number,
            why,
        };
        let roles = chain.roles().join(", ");
        let role = match (role, &actor.role) {
            (Some(r), _) => r.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => {
                return Err(refuse(format!(
                    "say in which role: run in one of its chain's roles ({roles}), or give `--as ROLE --by NAME`"
                )));
            }
        };
        if !chain.roles().contains(&role) {
            return Err(refuse(format!(
                "\"{role}\" is not in its sign-off chain ({roles})"
            )));
        }
        let by = match by {
            Some(b) if !b.trim().is_empty() => b.trim().to_string(),
            _ if actor.role.as_deref() == Some(role.as_str()) => actor.name.clone(),
            _ => {
                return Err(refuse(format!(
                    "the {role}'s sign-off is given from the {role}'s seat, or recorded with the signer's name (`--by NAME`)"
                )));
            }
        };
        Ok((role, by))
    }

    /// `sign N`: the role signs the draft's thread off, bound to each part's text.
    pub(super) fn apply_sign(
        &self,
        n: u32,
        by: &Option<String>,
        role: &Option<String>,
        actor: &Actor,
    ) -> Result<Vec<EventKind>, CommandError> {
        let d = self.open_draft(n)?;
        let Some(chain) = self.chain_of(d) else {
            return Err(CommandError::SignOffRefused {
                draft: n,
                why: "its template asks for no sign-off (an approval step approves it)".into(),
            });
        };
        let (role, by) = self.signer(d, &chain, by, role, actor)?;
        if Self::signed_at(d, &role).is_some() {
            return Err(CommandError::SignOffRefused {
                draft: n,
                why: format!("already signed off by the {role} in this text"),
            });
        }
        if let (SignOff::InOrder(roles), Some(p)) = (&chain, self.chain_progress(d)) {
            let waiting: Vec<&str> = roles
                .iter()
                .take_while(|r| **r != role)
                .filter(|r| p.signed.iter().any(|(s, t)| s == *r && t.is_none()))
                .map(String::as_str)
                .collect();
            if !waiting.is_empty() {
                return Err(CommandError::SignOffRefused {
                    draft: n,
                    why: format!(
                        "the chain is {}: waiting for {} before the {role}",
                        p.describe(),
                        waiting.join(", ")
                    ),
                });
            }
        }
        let texts = self
            .thread_of(n)
            .into_iter()
            .filter(|p| p.is_open())
            .map(|p| ApprovedText {
                draft: p.number,
                sha256: p.text_sha.clone(),
            })
            .collect();
        Ok(vec![EventKind::SignedOff { role, by, texts }])
    }

    /// `decline N REASON`: a signer sends the draft back; every sign-off it had is void.
    pub(super) fn apply_decline(
        &self,
        n: u32,
        by: &Option<String>,
        role: &Option<String>,
        reason: &str,
        actor: &Actor,
    ) -> Result<Vec<EventKind>, CommandError> {
        let d = self.open_draft(n)?;
        let Some(chain) = self.chain_of(d) else {
            return Err(CommandError::SignOffRefused {
                draft: n,
                why: "its template asks for no sign-off; reject it at the approval step".into(),
            });
        };
        if reason.trim().is_empty() {
            return Err(CommandError::SignOffRefused {
                draft: n,
                why: "a draft is sent back with a reason".into(),
            });
        }
        let (role, by) = self.signer(d, &chain, by, role, actor)?;
        Ok(vec![EventKind::DraftDeclined {
            draft: d.thread_head(),
            role,
            by,
            reason: reason.to_string(),
        }])
    }

    /// Folds a decline: the thread's sign-offs and approvals are void from now on.
    pub(super) fn fold_decline(&mut self, n: u32) {
        let parts: Vec<u32> = self.thread_of(n).iter().map(|d| d.number).collect();
        for p in parts {
            if let Some(d) = self.draft_mut(p) {
                d.approvals.clear();
            }
        }
    }
}
