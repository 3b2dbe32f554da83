//! `Session::fold`: the only way a session's state changes, one recorded event at a time, so
//! `replay(events)` rebuilds it exactly. One match dispatches each kind to the step that folds
//! it; the kinds other modules keep state for (the feed, the drill) change nothing here.

use chrono::{DateTime, FixedOffset};

use super::event::{ApprovedText, Event, Mode, PlaybookRef, StatementRef};
use super::kinds::EventKind;
use super::session::{Draft, DraftApproval, Session};
use crate::playbook::{Audience, Channel};

type Time = DateTime<FixedOffset>;

impl Session {
    /// Applies one recorded event to the state. Unknown step ids (a log from another playbook
    /// version) leave the position unchanged rather than failing.
    pub fn fold(&mut self, e: &Event) {
        self.seq = e.seq;
        let at = e.at;
        if self.last_at.is_some_and(|last| at < last) {
            self.in_time_order = false;
        }
        self.last_at = Some(at);
        self.fold_presence(e);
        match &e.kind {
            EventKind::Opened {
                playbook,
                title,
                mode,
                start,
                ..
            } => self.fold_opened(playbook, title, *mode, start, at),
            EventKind::Resumed { .. } | EventKind::Joined { .. } | EventKind::Left { .. } => {}
            EventKind::Decided { to, .. } | EventKind::Rejected { to, .. } => {
                self.fold_moved(to, at)
            }
            EventKind::Approved {
                to,
                draft,
                role,
                by,
                texts,
                ..
            } => {
                self.fold_moved(to, at);
                self.fold_approved(*draft, role, by, texts, at);
            }
            EventKind::WentBack { to, .. } => self.fold_went_back(to, at),
            EventKind::Checked { step, item } => self.fold_checked(step, item, at),
            EventKind::Unchecked { step, item } => self.fold_unchecked(step, item),
            EventKind::VariableSet { name, value } => {
                self.variables.insert(name.clone(), value.clone());
            }
            EventKind::Note { .. } => self.notes += 1,
            EventKind::DraftSaved {
                draft,
                step,
                template,
                channel,
                voice,
                text,
                thread,
                audience,
                statement,
            } => self.fold_draft_saved(
                SavedDraft {
                    number: *draft,
                    step,
                    template: template.as_deref(),
                    channel: *channel,
                    voice: voice.as_deref(),
                    text,
                    thread: *thread,
                    audience: *audience,
                    statement: statement.as_ref(),
                },
                at,
            ),
            EventKind::PublicStateSet { state } => self.public_state = Some((*state, at)),
            EventKind::SignedOff { role, by, texts } => self.fold_signed_off(role, by, texts, at),
            EventKind::DraftDeclined { draft, .. } => self.fold_decline(*draft),
            EventKind::DraftEdited { draft, text } => self.fold_draft_edit(*draft, text, at),
            EventKind::DraftDiscarded { draft, .. } => self.fold_discarded(*draft, at),
            EventKind::PrivacyWarning {
                draft,
                findings,
                decision,
            } => self.fold_privacy(*draft, findings, decision),
            EventKind::Posted { draft, channel, .. } => self.fold_posted(*draft, *channel, at),
            EventKind::Amended { .. }
            | EventKind::ReviewNote { .. }
            | EventKind::Refused { .. } => {}
            // Intake and triage: the feed keeps its own state (src/intake/feed.rs).
            EventKind::Intake { .. }
            | EventKind::Triaged { .. }
            | EventKind::MentionAnswered { .. }
            | EventKind::MentionEscalated { .. } => {}
            EventKind::DeadlineBreached {
                deadline, due_at, ..
            } => {
                self.breaches.insert((deadline.clone(), *due_at));
            }
            // Drill events: the drill's own state (engine/drill_state.rs).
            EventKind::DrillStarted { .. }
            | EventKind::DrillClockStarted { .. }
            | EventKind::InjectDelivered { .. }
            | EventKind::InjectSkipped { .. }
            | EventKind::InjectAcknowledged { .. }
            | EventKind::InjectReplied { .. }
            | EventKind::DrillPaused { .. }
            | EventKind::DrillResumed { .. }
            | EventKind::DrillSpeedChanged { .. }
            | EventKind::DrillEnded { .. } => self.drill.fold(e),
            EventKind::ControllerNote { .. } => {}
            EventKind::Closed { outcome, .. } => {
                self.closed = Some((*outcome, at));
                if let Some(v) = self.path.last_mut() {
                    v.left_at = Some(at);
                }
            }
        }
    }

    /// The first event: the incident's identity, and the path starts at `start`.
    fn fold_opened(
        &mut self,
        playbook: &PlaybookRef,
        title: &str,
        mode: Mode,
        start: &str,
        at: Time,
    ) {
        self.playbook_ref = Some(playbook.clone());
        self.title = title.to_string();
        self.mode = mode;
        self.opened_at = Some(at);
        let idx = self.index_of(start).unwrap_or(self.current);
        self.back_stack.clear();
        self.path.clear();
        self.visits.iter_mut().for_each(Vec::clear);
        self.enter(idx, at);
    }

    /// A decision, approval or rejection: the session moves on to `to`.
    fn fold_moved(&mut self, to: &str, at: Time) {
        if let Some(idx) = self.index_of(to) {
            let from = self.current;
            self.back_stack.push(from);
            self.edges.push((from, idx));
            self.enter(idx, at);
        }
    }

    /// An approval: counted, and given to each draft approved (bound to its text's SHA-256
    /// when the log records it).
    fn fold_approved(
        &mut self,
        draft: Option<u32>,
        role: &str,
        by: &str,
        texts: &[ApprovedText],
        at: Time,
    ) {
        self.approvals.push(at);
        let approved: Vec<(u32, Option<String>)> = if texts.is_empty() {
            draft.iter().map(|n| (*n, None)).collect()
        } else {
            texts
                .iter()
                .map(|t| (t.draft, Some(t.sha256.clone())))
                .collect()
        };
        for (n, sha256) in approved {
            if let Some(d) = self.draft_mut(n) {
                d.approvals.push(DraftApproval {
                    by: by.to_string(),
                    role: role.to_string(),
                    at,
                    sha256,
                    statement_text: None,
                });
            }
        }
    }

    fn fold_went_back(&mut self, to: &str, at: Time) {
        if let Some(idx) = self.index_of(to) {
            if self.back_stack.last() == Some(&idx) {
                self.back_stack.pop();
            }
            self.enter(idx, at);
        }
    }

    /// A tick counts for the step's latest visit (and is kept across visits in `ticked`).
    fn fold_checked(&mut self, step: &str, item: &str, at: Time) {
        if let Some(v) = self.latest_visit_of_mut(step) {
            v.ticked.insert(item.to_string(), at);
        }
        self.ticked
            .entry(step.to_string())
            .or_default()
            .insert(item.to_string(), at);
    }

    fn fold_unchecked(&mut self, step: &str, item: &str) {
        if let Some(v) = self.latest_visit_of_mut(step) {
            v.ticked.remove(item);
        }
        if let Some(m) = self.ticked.get_mut(step) {
            m.remove(item);
            if m.is_empty() {
                self.ticked.remove(step);
            }
        }
    }

    fn fold_draft_saved(&mut self, d: SavedDraft<'_>, at: Time) {
        self.unposted.insert(self.drafts.len());
        // A statement's approvals, given ahead of time, hold for its text.
        let approvals = d
            .statement
            .iter()
            .flat_map(|st| {
                st.approved_by
                    .iter()
                    .map(move |(role, name, _)| DraftApproval {
                        by: name.clone(),
                        role: role.clone(),
                        at,
                        sha256: None,
                        statement_text: Some(st.text.clone()),
                    })
            })
            .collect();
        self.drafts.push(Draft {
            number: d.number,
            step: d.step.to_string(),
            template: d.template.map(str::to_string),
            channel: d.channel,
            voice: d.voice.map(str::to_string),
            text: d.text.to_string(),
            text_sha: super::drafts::text_sha(d.text),
            saved_at: at,
            edited_at: None,
            posted_at: None,
            discarded_at: None,
            thread: d.thread,
            held: Vec::new(),
            audience: d.audience,
            statement: d.statement.cloned(),
            approvals,
        });
    }

    fn fold_signed_off(&mut self, role: &str, by: &str, texts: &[ApprovedText], at: Time) {
        for t in texts {
            if let Some(d) = self.draft_mut(t.draft) {
                d.approvals.push(DraftApproval {
                    by: by.to_string(),
                    role: role.to_string(),
                    at,
                    sha256: Some(t.sha256.clone()),
                    statement_text: None,
                });
            }
        }
    }

    fn fold_discarded(&mut self, draft: u32, at: Time) {
        if let Some(i) = self.draft_index(draft) {
            self.drafts[i].discarded_at = Some(at);
            self.unposted.remove(&i);
        }
    }

    fn fold_privacy(&mut self, draft: u32, findings: &[String], decision: &str) {
        // A hold (also the older "not posted: ..." decision) stops the draft until it is
        // edited or posted by force.
        if (decision.starts_with("held") || decision.starts_with("not posted"))
            && let Some(d) = self.draft_mut(draft)
        {
            d.held = findings.to_vec();
        }
    }

    fn fold_posted(&mut self, draft: u32, channel: Channel, at: Time) {
        if let Some(i) = self.draft_index(draft) {
            self.drafts[i].posted_at = Some(at);
            self.unposted.remove(&i);
        }
        self.posts.push((draft, at, channel));
    }
}

/// The fields of a `draft_saved` event, borrowed from it.
struct SavedDraft<'a> {
    number: u32,
    step: &'a str,
    template: Option<&'a str>,
    channel: Channel,
    voice: Option<&'a str>,
    text: &'a str,
    thread: Option<u32>,
    audience: Option<Audience>,
    statement: Option<&'a StatementRef>,
}

impl Session {
    /// Who is in the room: a seat comes in with `opened`, `resumed` or `joined` and goes with
    /// `left` (its operator, role and machine).
    fn fold_presence(&mut self, e: &Event) {
        let machine = match &e.kind {
            EventKind::Opened { .. } | EventKind::Resumed { .. } => None,
            EventKind::Joined { machine } => Some(machine.as_str()),
            EventKind::Left { machine } => {
                if let Some(i) = self
                    .present
                    .iter()
                    .position(|p| p.name == e.actor.name && p.machine == *machine)
                    .or_else(|| self.present.iter().position(|p| p.name == e.actor.name))
                {
                    self.present.remove(i);
                }
                return;
            }
            _ => return,
        };
        let seat = crate::engine::session::Present {
            name: e.actor.name.clone(),
            role: e.actor.role.clone(),
            machine: machine.unwrap_or_default().to_string(),
        };
        match self.present.iter_mut().find(|p| p.name == seat.name) {
            Some(p) => *p = seat,
            None => self.present.push(seat),
        }
    }
}
