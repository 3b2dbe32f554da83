//! The engine's rules, one at a time, on the minimal example playbook: required items, forced
//! moves, back, approvals and the no-ghost-tweeting rule, length limits, deadlines (pending, due
//! soon, breached, logged once, re-anchored by posts, none open once closed), amendments,
//! closing.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use warroom::engine::{
    Actor, Command, CommandError, DeadlineState, Event, EventKind, Mode, PlaybookRef, Session,
};
use warroom::playbook::{Outcome, playbook_from_str};

const MINIMAL: &str = include_str!("../docs/examples/minimal.ron");

/// A session driven the way `Incident::execute` drives it, on a manual clock.
struct Rig {
    s: Session,
    events: Vec<Event>,
    now: DateTime<FixedOffset>,
    actor: Actor,
}

fn t(hms: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-11-21T{hms}+09:00")).unwrap()
}

impl Rig {
    fn new() -> Rig {
        Rig::with_role(Some("comms"))
    }

    fn with_role(role: Option<&str>) -> Rig {
        Rig::on("docs/examples/minimal.ron", MINIMAL, role)
    }

    /// A rig on the playbook `src` (read from `path`), the operator in `role`.
    fn on(path: &str, src: &str, role: Option<&str>) -> Rig {
        let pb = Arc::new(playbook_from_str(path, src).unwrap().playbook);
        let mut r = Rig {
            s: Session::new(pb.clone()),
            events: Vec::new(),
            now: t("09:00:00"),
            actor: Actor {
                name: "Mina".into(),
                role: role.map(str::to_string),
            },
        };
        let opened = EventKind::Opened {
            playbook: PlaybookRef {
                path: path.into(),
                abs_path: None,
                id: pb.id.clone(),
                title: pb.title.clone(),
                version: pb.version.clone(),
                sha256: "0".repeat(64),
            },
            title: "test".into(),
            mode: Mode::Live,
            warroom_version: "test".into(),
            start: pb.start.clone(),
        };
        r.record(vec![opened]);
        r
    }

    fn record(&mut self, kinds: Vec<EventKind>) -> Vec<Event> {
        let mut out = Vec::new();
        for kind in kinds {
            let e = Event {
                seq: self.s.seq + 1,
                at: self.now,
                actor: self.actor.clone(),
                kind,
            };
            self.s.fold(&e);
            self.events.push(e.clone());
            out.push(e);
        }
        out
    }

    fn at(&mut self, hms: &str) -> &mut Rig {
        self.now = t(hms);
        self
    }

    /// Logs new breaches, then the command's events (as `Incident::execute`).
    fn exec(&mut self, cmd: Command) -> Result<Vec<EventKind>, CommandError> {
        let b = self.s.new_breaches(self.now);
        self.record(b);
        let kinds = self.s.apply(&cmd, &self.actor)?;
        Ok(self.record(kinds).into_iter().map(|e| e.kind).collect())
    }

    fn ok(&mut self, cmd: Command) -> EventKind {
        let mut kinds = self
            .exec(cmd.clone())
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        assert_eq!(kinds.len(), 1, "{kinds:?}");
        kinds.pop().unwrap()
    }

    fn choose(&mut self, c: &str) -> Result<Vec<EventKind>, CommandError> {
        self.exec(Command::Choose {
            choice: c.into(),
            force: false,
        })
    }

    fn tick(&mut self, item: &str) -> EventKind {
        self.ok(Command::Tick { item: item.into() })
    }

    fn set(&mut self, name: &str, value: &str) {
        self.ok(Command::Set {
            name: name.into(),
            value: value.into(),
        });
    }

    /// assess → acknowledge with the required item ticked.
    fn go_to_acknowledge(&mut self) {
        self.tick("tone");
        self.choose("acknowledge").unwrap();
    }

    fn draft(&mut self, text: Option<&str>) -> EventKind {
        self.ok(Command::SaveDraft {
            template: None,
            text: text.map(str::to_string),
        })
    }

    fn post(&mut self, force: bool) -> Result<Vec<EventKind>, CommandError> {
        self.exec(Command::Post { draft: None, force })
    }

    fn state(&self, id: &str) -> Option<DeadlineState> {
        self.s
            .deadlines(self.now)
            .into_iter()
            .find(|d| d.id == id)
            .map(|d| d.state)
    }

    fn replay_matches(&self) {
        assert_eq!(
            Session::replay(self.s.playbook.clone(), &self.events),
            self.s
        );
    }
}

#[test]
fn leaving_with_unticked_required_items_is_refused_naming_them() {
    let mut r = Rig::new();
    let e = r.choose("acknowledge").unwrap_err();
    assert_eq!(
        e,
        CommandError::RequiredUnticked {
            step: "assess".into(),
            items: vec!["tone".into()],
            texts: vec![r.s.step().item("tone").unwrap().text.clone()],
        }
    );
    let msg = e.to_string();
    assert!(msg.contains("\"assess\""), "{msg}");
    assert!(msg.contains("tone"), "{msg}");
    // The item's text, as the checklist shows it, not only its id; no client's syntax.
    assert!(
        msg.contains(&r.s.step().item("tone").unwrap().text),
        "{msg}"
    );
    assert!(!msg.contains("--force"), "{msg}");
    assert_eq!(r.s.step().id, "assess");

    // Forced: the move is made and the override recorded.
    let kinds = r
        .exec(Command::Choose {
            choice: "r".into(),
            force: true,
        })
        .unwrap();
    assert_eq!(
        kinds,
        vec![EventKind::Decided {
            from: "assess".into(),
            choice: 1,
            label: "Constructive: respond".into(),
            to: "acknowledge".into(),
            overridden: vec!["tone".into()],
        }]
    );
    assert_eq!(r.s.step().id, "acknowledge");
    r.replay_matches();
}

#[test]
fn ticked_required_items_let_you_leave_without_override() {
    let mut r = Rig::new();
    r.tick("tone");
    let kinds = r.choose("2").unwrap();
    assert!(
        matches!(&kinds[0], EventKind::Decided { overridden, to, .. } if overridden.is_empty() && to == "no-response")
    );
}

#[test]
fn choices_resolve_by_id_hotkey_and_number() {
    for token in ["acknowledge", "r", "R", "1", " 1 "] {
        let mut r = Rig::new();
        r.tick("tone");
        r.choose(token).unwrap();
        assert_eq!(r.s.step().id, "acknowledge", "{token:?}");
    }
    let mut r = Rig::new();
    let e = r.choose("3").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, CommandError::UnknownChoice(..)));
    assert!(
        msg.contains("1 acknowledge (Constructive: respond)"),
        "{msg}"
    );
    assert!(msg.contains("2 no-response"), "{msg}");
}

#[test]
fn tick_untick_and_unknown_items() {
    let mut r = Rig::new();
    assert_eq!(
        r.tick("tone"),
        EventKind::Checked {
            step: "assess".into(),
            item: "tone".into()
        }
    );
    assert_eq!(
        r.exec(Command::Tick {
            item: "tone".into()
        }),
        Err(CommandError::AlreadyTicked("tone".into()))
    );
    r.ok(Command::Untick {
        item: "tone".into(),
    });
    assert!(!r.s.is_ticked("assess", "tone"));
    assert_eq!(
        r.exec(Command::Untick {
            item: "tone".into()
        }),
        Err(CommandError::NotTicked("tone".into()))
    );
    let e = r
        .exec(Command::Tick {
            item: "nope".into(),
        })
        .unwrap_err();
    assert_eq!(
        e,
        CommandError::UnknownItem("assess".into(), "nope".into(), "tone".into())
    );
    assert!(matches!(
        r.exec(Command::Set {
            name: "nope".into(),
            value: "x".into()
        }),
        Err(CommandError::UnknownVariable(..))
    ));
    r.replay_matches();
}

#[test]
fn back_is_an_event_and_the_path_keeps_both_visits() {
    let mut r = Rig::new();
    r.go_to_acknowledge();
    r.at("09:03:00");
    let kinds = r.exec(Command::Back).unwrap();
    assert_eq!(
        kinds,
        vec![EventKind::WentBack {
            from: "acknowledge".into(),
            to: "assess".into()
        }]
    );
    assert_eq!(r.s.step().id, "assess");
    let path: Vec<&str> =
        r.s.path
            .iter()
            .map(|v| r.s.step_at(v.step).id.as_str())
            .collect();
    assert_eq!(path, ["assess", "acknowledge", "assess"]);
    assert_eq!(r.s.path[1].left_at, Some(t("09:03:00")));
    // Nothing behind the first step.
    assert_eq!(r.exec(Command::Back), Err(CommandError::NothingBehind));
    // Back at assess, its checklist starts afresh: the first visit's tick stays in that visit
    // (and the log) but does not count for this one.
    assert!(!r.s.is_ticked("assess", "tone"));
    assert_eq!(r.s.unticked_required(), ["tone"]);
    assert!(r.s.path[0].ticked.contains_key("tone"));
    assert!(matches!(
        r.choose("r"),
        Err(CommandError::RequiredUnticked { ref items, .. }) if items == &["tone"]
    ));
    // Ticked again, forward again: a fourth visit.
    r.tick("tone");
    r.choose("r").unwrap();
    assert_eq!(r.s.path.len(), 4);
    assert_eq!(r.s.path[2].ticked.len(), 1);
    assert_eq!(r.s.edges.len(), 2);
    r.replay_matches();
}

#[test]
fn ceo_voice_draft_needs_the_ceos_approval() {
    let mut r = Rig::new();
    r.go_to_acknowledge();
    r.set("handle", "@kim");
    let saved = r.draft(None);
    let EventKind::DraftSaved {
        draft,
        voice,
        text,
        template,
        ..
    } = &saved
    else {
        panic!("{saved:?}")
    };
    assert_eq!(*draft, 1);
    assert_eq!(voice.as_deref(), Some("ceo"));
    assert_eq!(template.as_deref(), Some("ack"));
    // Unset variables stay visible.
    assert_eq!(
        text,
        "@kim Thank you for telling us about {summary}. We are looking into it now."
    );

    // An unfilled placeholder is refused first, naming it.
    let e = r.post(false).unwrap_err();
    assert_eq!(
        e,
        CommandError::Unfilled {
            draft: 1,
            names: vec!["summary".into()]
        }
    );
    assert!(e.to_string().contains("{summary}"), "{e}");
    r.set("summary", "the late delivery");
    r.ok(Command::Edit {
        draft: 1,
        text: "@kim Thank you for telling us about {summary}. We are looking into it now.".into(),
    });

    let e = r.post(false).unwrap_err();
    assert_eq!(
        e,
        CommandError::NeedsApproval {
            draft: 1,
            role: "CEO".into(),
            voided: false,
        }
    );
    assert!(e.to_string().contains("no ghost-tweeting"), "{e}");

    // The comms lead cannot approve in the CEO's name without saying who did.
    r.choose("a").unwrap();
    assert_eq!(r.s.step().id, "approve");
    assert_eq!(
        r.exec(Command::Approve {
            by: None,
            drafts: vec![]
        }),
        Err(CommandError::WrongApprover {
            step: "approve".into(),
            role: "ceo".into()
        })
    );
    let approved = r.ok(Command::Approve {
        by: Some("Kim CEO".into()),
        drafts: vec![],
    });
    let approved_text =
        "@kim Thank you for telling us about the late delivery. We are looking into it now.";
    assert_eq!(
        approved,
        EventKind::Approved {
            step: "approve".into(),
            role: "ceo".into(),
            by: "Kim CEO".into(),
            draft: Some(1),
            to: "handoff".into(),
            texts: vec![warroom::engine::ApprovedText {
                draft: 1,
                sha256: warroom::engine::drafts::text_sha(approved_text),
            }],
        }
    );
    assert_eq!(r.s.step().id, "handoff");
    let posted = r.post(false).unwrap();
    assert!(
        matches!(&posted[0], EventKind::Posted { draft: 1, forced: false, warnings, .. } if warnings.is_empty())
    );
    assert_eq!(
        r.post(false),
        Err(CommandError::NoDraft(": save a draft first".into()))
    );
    assert_eq!(
        r.exec(Command::Post {
            draft: Some(1),
            force: false
        }),
        Err(CommandError::AlreadyPosted(1))
    );
    r.replay_matches();
}

#[test]
fn the_ceo_approving_as_themselves_needs_no_by() {
    let mut r = Rig::with_role(Some("ceo"));
    r.go_to_acknowledge();
    r.set("handle", "@kim");
    r.set("summary", "the late delivery");
    r.draft(None);
    r.choose("a").unwrap();
    let approved = r.ok(Command::Approve {
        by: None,
        drafts: vec![],
    });
    assert!(matches!(approved, EventKind::Approved { ref by, .. } if by == "Mina"));
    r.post(false).unwrap();
}

#[test]
fn rejection_goes_back_to_drafting_and_does_not_approve() {
    let mut r = Rig::new();
    r.go_to_acknowledge();
    r.set("handle", "@kim");
    r.set("summary", "the late delivery");
    r.draft(None);
    r.choose("a").unwrap();
    let rejected = r.ok(Command::Reject {
        by: Some("Kim CEO".into()),
        reason: "too stiff".into(),
    });
    assert_eq!(
        rejected,
        EventKind::Rejected {
            step: "approve".into(),
            role: "ceo".into(),
            by: "Kim CEO".into(),
            reason: "too stiff".into(),
            to: "acknowledge".into()
        }
    );
    assert_eq!(r.s.step().id, "acknowledge");
    assert!(matches!(
        r.post(false),
        Err(CommandError::NeedsApproval { .. })
    ));
    assert_eq!(
        r.exec(Command::Approve {
            by: Some("x".into()),
            drafts: vec![],
        }),
        Err(CommandError::NotApprovalStep("acknowledge".into()))
    );
}

#[test]
fn forced_post_without_approval_is_marked() {
    let mut r = Rig::new();
    r.go_to_acknowledge();
    r.set("handle", "@kim");
    r.set("summary", "the late delivery");
    r.draft(None);
    let posted = r.post(true).unwrap();
    let EventKind::Posted {
        forced, warnings, ..
    } = &posted[0]
    else {
        panic!()
    };
    assert!(*forced);
    assert_eq!(
        warnings,
        &vec!["posted without the CEO's approval".to_string()]
    );
}

#[test]
fn tweets_over_280_are_refused_unless_forced() {
    let mut r = Rig::new();
    // At `assess` there is no template: a given text is a tweet with no voice.
    r.draft(Some(&"x".repeat(281)));
    assert_eq!(
        r.post(false),
        Err(CommandError::TooLong {
            draft: 1,
            len: 281,
            limit: 280,
            channel: "tweet".into()
        })
    );
    let posted = r.post(true).unwrap();
    assert!(
        matches!(&posted[0], EventKind::Posted { forced: true, warnings, .. } if warnings == &vec!["281 long, over the tweet limit of 280".to_string()])
    );
    // Exactly 280 is fine; Hangul weighs 2, so 140 syllables fit and 141 do not.
    r.draft(Some(&"x".repeat(280)));
    r.post(false).unwrap();
    r.draft(Some(&"가".repeat(140)));
    r.post(false).unwrap();
    r.draft(Some(&"가".repeat(141)));
    assert!(matches!(
        r.post(false),
        Err(CommandError::TooLong { len: 282, .. })
    ));
    // A URL counts 23 whatever its length.
    let url = format!("https://example.com/{}", "a".repeat(400));
    r.draft(Some(&format!("{} {url}", "y".repeat(256))));
    // Two drafts are open now: a post must name one.
    assert!(matches!(
        r.post(false),
        Err(CommandError::WhichDraft { ref drafts, .. }) if drafts == "#4 (tweet), #5 (tweet)"
    ));
    r.exec(Command::Post {
        draft: Some(5),
        force: false,
    })
    .unwrap();
}

#[test]
fn incident_deadline_pending_due_soon_breached_logged_once() {
    let mut r = Rig::new();
    // first-response: 30m from the start, met by a post. Due soon in its last 5 minutes.
    let due = t("09:30:00");
    let st = r.s.deadlines(r.now);
    let fr = st.iter().find(|d| d.id == "first-response").unwrap();
    assert_eq!(fr.due_at, due);
    assert_eq!(fr.state, DeadlineState::Pending);
    assert_eq!(fr.step, None);
    // next-update counts from the last post: inactive until something is posted.
    assert!(st.iter().all(|d| d.id != "next-update"));
    // ack-step belongs to a step not yet entered.
    assert!(st.iter().all(|d| d.id != "ack-step"));

    r.at("09:24:59");
    assert_eq!(r.state("first-response"), Some(DeadlineState::Pending));
    r.at("09:25:00");
    assert_eq!(r.state("first-response"), Some(DeadlineState::DueSoon));
    r.at("09:30:00");
    assert_eq!(r.state("first-response"), Some(DeadlineState::DueSoon));
    assert!(r.s.new_breaches(r.now).is_empty());
    r.at("09:30:01");
    assert_eq!(r.state("first-response"), Some(DeadlineState::Breached));
    let nb = r.s.new_breaches(r.now);
    assert_eq!(
        nb,
        vec![EventKind::DeadlineBreached {
            deadline: "first-response".into(),
            label: "First public response".into(),
            due_at: due,
            step: None
        }]
    );
    assert_eq!(r.s.nearest_deadline(r.now).unwrap().id, "first-response");
    // Logged before the next command, once.
    let kinds = r
        .exec(Command::Note {
            text: "late".into(),
        })
        .unwrap();
    assert_eq!(kinds.len(), 1);
    assert_eq!(r.events[r.events.len() - 2].kind, nb[0]);
    assert!(r.s.new_breaches(r.now).is_empty());
    r.at("10:30:00");
    assert!(r.s.new_breaches(r.now).is_empty());
    assert_eq!(r.state("first-response"), Some(DeadlineState::Breached));
    // Met late: a post after the due time meets it (the breach stays in the log).
    r.draft(Some("We are on it."));
    r.post(false).unwrap();
    assert_eq!(
        r.state("first-response"),
        Some(DeadlineState::Met(t("10:30:00")))
    );
    r.replay_matches();
}

#[test]
fn step_deadline_becomes_active_on_entry_and_is_met_by_leaving() {
    let mut r = Rig::new();
    r.tick("tone");
    r.at("09:02:00");
    r.choose("r").unwrap();
    // ack-step: 10m from entering `acknowledge`; due soon in the last quarter (2m30s).
    let st = r.s.deadlines(r.now);
    let ack = st.iter().find(|d| d.id == "ack-step").unwrap();
    assert_eq!(ack.due_at, t("09:12:00"));
    assert_eq!(ack.step.as_deref(), Some("acknowledge"));
    r.at("09:09:29");
    assert_eq!(r.state("ack-step"), Some(DeadlineState::Pending));
    r.at("09:09:30");
    assert_eq!(r.state("ack-step"), Some(DeadlineState::DueSoon));
    r.at("09:05:00");
    r.choose("a").unwrap();
    assert_eq!(r.state("ack-step"), Some(DeadlineState::Met(t("09:05:00"))));
    // Re-entering the step (rejected back to it) starts a fresh instance from the new entry.
    r.at("09:06:00");
    r.ok(Command::Reject {
        by: Some("Kim".into()),
        reason: "no".into(),
    });
    let ack =
        r.s.deadlines(r.now)
            .into_iter()
            .find(|d| d.id == "ack-step")
            .unwrap();
    assert_eq!(ack.due_at, t("09:16:00"));
    assert_eq!(ack.state, DeadlineState::Pending);
    r.at("09:16:01");
    let nb = r.s.new_breaches(r.now);
    assert_eq!(nb.len(), 1);
    assert!(
        matches!(&nb[0], EventKind::DeadlineBreached { deadline, step: Some(s), .. } if deadline == "ack-step" && s == "acknowledge")
    );
    r.replay_matches();
}

#[test]
fn last_post_deadlines_re_anchor_after_each_post() {
    let mut r = Rig::new();
    r.at("09:10:00");
    r.draft(Some("First update."));
    r.post(false).unwrap();
    let next = |r: &Rig| {
        r.s.deadlines(r.now)
            .into_iter()
            .find(|d| d.id == "next-update")
            .unwrap()
    };
    assert_eq!(next(&r).due_at, t("10:10:00"));
    assert_eq!(next(&r).state, DeadlineState::Pending);
    // Breached an hour later, logged once.
    r.at("10:10:01");
    r.ok(Command::Note {
        text: "still drafting".into(),
    });
    let breaches: Vec<&Event> = r
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::DeadlineBreached { .. }))
        .collect();
    assert_eq!(breaches.len(), 1);
    // A new post renews it: due an hour after the new post, pending again.
    r.at("10:20:00");
    r.draft(Some("Second update."));
    r.post(false).unwrap();
    assert_eq!(next(&r).due_at, t("11:20:00"));
    assert_eq!(next(&r).state, DeadlineState::Pending);
    // The renewed instance breaches on its own, logged as a second breach.
    r.at("11:20:01");
    let nb = r.s.new_breaches(r.now);
    assert!(
        matches!(&nb[..], [EventKind::DeadlineBreached { deadline, due_at, .. }] if deadline == "next-update" && *due_at == t("11:20:00"))
    );
    r.replay_matches();
}

#[test]
fn closed_incidents_show_no_open_deadlines() {
    let mut r = Rig::new();
    r.tick("tone");
    r.choose("r").unwrap();
    r.at("09:01:00");
    r.ok(Command::Close {
        outcome: Some(Outcome::Escalated),
        summary: "legal took over".into(),
    });
    for hms in ["09:01:00", "09:29:59", "12:00:00"] {
        r.at(hms);
        let open: Vec<_> =
            r.s.deadlines(r.now)
                .into_iter()
                .filter(|d| d.is_open())
                .collect();
        assert!(open.is_empty(), "{hms}: {open:?}");
        assert!(r.s.new_breaches(r.now).is_empty());
        assert!(r.s.nearest_deadline(r.now).is_none());
    }
}

#[test]
fn closed_incidents_take_only_notes_and_amendments() {
    let mut r = Rig::new();
    r.ok(Command::Close {
        outcome: Some(Outcome::NoResponseNeeded),
        summary: String::new(),
    });
    for cmd in [
        Command::Choose {
            choice: "1".into(),
            force: true,
        },
        Command::Tick {
            item: "tone".into(),
        },
        Command::Back,
        Command::Close {
            outcome: Some(Outcome::Resolved),
            summary: String::new(),
        },
    ] {
        assert_eq!(r.exec(cmd), Err(CommandError::Closed));
    }
    r.ok(Command::Note {
        text: "after the fact".into(),
    });
    r.ok(Command::Amend {
        target: 2,
        occurred_at: None,
        text: "closed by phone".into(),
    });
}

#[test]
fn amend_refuses_unknown_seq() {
    let mut r = Rig::new();
    r.tick("tone");
    // Events 1 (opened) and 2 (checked) exist.
    assert_eq!(
        r.exec(Command::Amend {
            target: 0,
            occurred_at: None,
            text: "x".into()
        }),
        Err(CommandError::UnknownEvent(0))
    );
    assert_eq!(
        r.exec(Command::Amend {
            target: 3,
            occurred_at: None,
            text: "x".into()
        }),
        Err(CommandError::UnknownEvent(3))
    );
    assert_eq!(
        r.exec(Command::Amend {
            target: 2,
            occurred_at: None,
            text: "   ".into()
        }),
        Err(CommandError::EmptyText)
    );
    let when = t("08:55:00");
    assert_eq!(
        r.ok(Command::Amend {
            target: 2,
            occurred_at: Some(when),
            text: "really ticked before the war room opened".into()
        }),
        EventKind::Amended {
            target: 2,
            occurred_at: Some(when),
            text: "really ticked before the war room opened".into()
        }
    );
    // An amendment changes no state; the corrected event stays as it was.
    assert!(r.s.is_ticked("assess", "tone"));
    r.replay_matches();
}

#[test]
fn closing_at_an_end_step_uses_its_outcome() {
    let mut r = Rig::new();
    assert_eq!(
        r.exec(Command::Close {
            outcome: None,
            summary: String::new()
        }),
        Err(CommandError::OutcomeNeeded)
    );
    r.tick("tone");
    r.choose("x").unwrap();
    assert_eq!(r.s.step().id, "no-response");
    r.at("09:04:00");
    let closed = r.ok(Command::Close {
        outcome: None,
        summary: "troll".into(),
    });
    assert_eq!(
        closed,
        EventKind::Closed {
            outcome: Outcome::NoResponseNeeded,
            step: "no-response".into(),
            summary: "troll".into()
        }
    );
    assert_eq!(r.s.closed, Some((Outcome::NoResponseNeeded, t("09:04:00"))));
    assert_eq!(r.s.path.last().unwrap().left_at, Some(t("09:04:00")));
    // An explicit outcome wins over the step's.
    let mut r = Rig::new();
    r.tick("tone");
    r.choose("x").unwrap();
    assert!(matches!(
        r.ok(Command::Close {
            outcome: Some(Outcome::Escalated),
            summary: String::new()
        }),
        EventKind::Closed {
            outcome: Outcome::Escalated,
            ..
        }
    ));
}

const CEO_KO: &str = include_str!("../playbooks/ceo-twitter-complaint.ko.ron");

#[test]
fn a_second_visit_to_the_ceo_approval_starts_its_checklist_afresh() {
    let mut r = Rig::on(
        "playbooks/ceo-twitter-complaint.ko.ron",
        CEO_KO,
        Some("ceo"),
    );
    for (items, choice) in [
        (&["captured", "tone-classified"][..], "map-issue"),
        (
            &["raiser", "sympathisers", "points-listed", "complaint-type"],
            "gather-facts",
        ),
        (
            &["expert-consulted", "facts-reverified", "legal-check"],
            "acknowledge",
        ),
        (&["problem-named", "intent"], "ceo-approval"),
    ] {
        for item in items {
            r.tick(item);
        }
        r.choose(choice).unwrap();
    }
    r.draft(Some("first draft"));
    r.tick("read-all");
    r.tick("promises-ok");
    assert!(r.s.unticked_required().is_empty());
    // The CEO sends the first draft back; it is rewritten and comes back for approval.
    r.at("09:05:00");
    r.ok(Command::Reject {
        by: None,
        reason: "not in my words".into(),
    });
    assert_eq!(r.s.step().id, "redraft");
    r.tick("reason-logged");
    r.choose("acknowledge").unwrap();
    // acknowledge, visited again, starts afresh too.
    assert_eq!(r.s.unticked_required(), ["problem-named", "intent"]);
    r.tick("problem-named");
    r.tick("intent");
    r.choose("ceo-approval").unwrap();
    r.draft(Some("second draft"));
    // The second draft is not read on the first draft's ticks.
    assert!(!r.s.is_ticked("ceo-approval", "read-all"));
    assert!(!r.s.is_ticked("ceo-approval", "promises-ok"));
    assert_eq!(r.s.unticked_required(), ["read-all", "promises-ok"]);
    // Ticking is allowed again (not "already ticked"), and unticking what this visit has not
    // ticked is refused.
    assert_eq!(
        r.exec(Command::Untick {
            item: "read-all".into()
        }),
        Err(CommandError::NotTicked("read-all".into()))
    );
    r.tick("read-all");
    assert!(r.s.is_ticked("ceo-approval", "read-all"));
    // The first visit keeps its ticks, per visit.
    let visits: Vec<usize> =
        r.s.path
            .iter()
            .enumerate()
            .filter(|(_, v)| r.s.step_at(v.step).id == "ceo-approval")
            .map(|(i, _)| i)
            .collect();
    assert_eq!(visits.len(), 2);
    assert_eq!(r.s.path[visits[0]].ticked.len(), 2);
    assert_eq!(
        r.s.path[visits[1]].ticked.keys().collect::<Vec<_>>(),
        ["read-all"]
    );
    r.replay_matches();
}
