//! The Feed pane of a live incident (`warroom run --feed FILE`): the mentions as they are
//! appended to the feed file, newest first — time, author, reach, triage, text (neutralised) —
//! under a title with the count, mentions in the last minute and sparklines of volume and reach
//! over the last 15 minutes. `m` enters triage: `↑↓`/`jk` select, `p` PR, `c` CS, `s` Sales,
//! `i` Idea, `x` ignore, `e` escalate, `a` answered by a draft (the only one, else it asks which, suggesting the latest posted), `m`/Esc leave. Each
//! triage is one event, made by the rule in `crate::intake::triage` (a CS triage carries the
//! hand-off item). The file is read by `crate::intake::tail` within a byte budget per pass, so
//! a large backlog drains without freezing the screen; nothing is read while the log cannot be
//! written, so no mention is lost.
//!
//! Hooks: [`poll`] from the run loop, [`key`] before the main keymap, [`render`] in the body.

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::App;
use crate::engine::Event;
use crate::incident::Incident;
use crate::intake::feed::{Feed, Mention, sparkline};
use crate::intake::profile::Profile;
use crate::intake::tail::Tail;
use crate::intake::triage::{Action, Triage, event_for};
use crate::text::{group_thousands, neutralize};
use crate::tui::popup::input::InputPurpose;
use crate::tui::widgets::{Status, fit, wrap_rows};

/// Bytes read from the feed file per pass of the event loop.
pub const POLL_BUDGET: usize = 256 * 1024;
/// Time spent recording per pass of the event loop (each event is fsync'd).
pub const POLL_TIME: std::time::Duration = std::time::Duration::from_millis(50);
/// Minutes the sparklines cover.
pub const SPARK_MINUTES: usize = 15;

pub struct FeedPane {
    tail: Tail,
    name: String,
    pub feed: Feed,
    /// Triage mode: the pane takes the keys.
    pub triaging: bool,
    /// Index into the newest-first list.
    pub selected: usize,
    pub rejected: usize,
    pub last_problem: Option<String>,
    /// More is appended, or taken in but not yet recorded, than one pass handles.
    pub more: bool,
    /// Read but not yet recorded, in feed order.
    queue: std::collections::VecDeque<(usize, String, crate::intake::Parsed)>,
    /// The last read of the file stopped at the byte budget.
    tail_more: bool,
}

impl FeedPane {
    /// A pane following `path`; the mentions already in the log (a resumed incident) are in it.
    pub fn new(path: &str, profile: Option<Profile>, history: &[Event]) -> FeedPane {
        let mut feed = Feed::new();
        for e in history {
            feed.apply(e);
        }
        FeedPane {
            tail: Tail::new(path.into(), profile),
            name: path.to_string(),
            feed,
            triaging: false,
            selected: 0,
            rejected: 0,
            last_problem: None,
            more: false,
            queue: std::collections::VecDeque::new(),
            tail_more: false,
        }
    }

    /// Reads what was appended (at most `budget` bytes) and records the new mentions and
    /// reach snapshots, for at most [`POLL_TIME`] (each event is fsync'd; what is left waits,
    /// in order, for the next pass, so keys are never held up). Nothing is read or recorded
    /// while the log cannot be written. Returns how many events were recorded.
    pub fn poll(
        &mut self,
        inc: &mut Incident,
        now: DateTime<FixedOffset>,
        budget: usize,
    ) -> Result<usize, String> {
        if inc.ensure_writable().is_err() {
            return Ok(0);
        }
        let started = std::time::Instant::now();
        if self.queue.is_empty() {
            let polled = self.tail.poll(budget)?;
            self.tail_more = polled.more;
            self.take(polled);
        }
        let mut n = 0;
        while !self.queue.is_empty() && started.elapsed() < POLL_TIME {
            let mut kinds = Vec::new();
            while kinds.len() < 32 {
                let Some((line, sha, parsed)) = self.queue.pop_front() else {
                    break;
                };
                if let Some(k) =
                    self.feed
                        .take_in(format!("{}:{line}", self.name), sha, parsed, now)
                {
                    kinds.push(k);
                }
            }
            n += kinds.len();
            if !kinds.is_empty() {
                inc.record(kinds, now).map_err(|e| e.to_string())?;
            }
        }
        self.more = self.tail_more || !self.queue.is_empty();
        Ok(n)
    }

    fn take(&mut self, polled: crate::intake::tail::Polled) {
        for r in &polled.rejected {
            self.rejected += 1;
            self.last_problem = Some(format!(
                "{}:{}: {}",
                self.name,
                r.line,
                neutralize(&r.message, false)
            ));
        }
        self.queue.extend(polled.posts);
    }

    fn selected_id(&self) -> Option<String> {
        self.feed
            .newest_first()
            .nth(self.selected)
            .map(|m| m.post.id.clone())
    }
}

/// Event-loop hook: reads the feed; true when the screen changed.
pub fn poll(app: &mut App) -> bool {
    let now = app.clock_now();
    let Some(pane) = app.feed.as_mut() else {
        return false;
    };
    let r = pane.poll(&mut app.inc, now, POLL_BUDGET);
    let problem = pane.last_problem.take();
    let evs = app.inc.take_recorded();
    app.push_events(&evs);
    match r {
        Ok(n) => {
            if let Some(p) = problem {
                app.status = Some(Status {
                    text: format!("feed: {p} (skipped; the feed goes on)"),
                    error: true,
                    mark: None,
                });
                return true;
            }
            n > 0
        }
        Err(e) => {
            app.status = Some(Status {
                text: format!("feed: {}", neutralize(&e, false)),
                error: true,
                mark: None,
            });
            true
        }
    }
}

/// Whether the event loop should come back soon (a backlog is draining).
pub fn busy(app: &App) -> bool {
    app.feed.as_ref().is_some_and(|p| p.more)
}

/// Main-screen key hook: true when the feed took the key.
pub fn key(app: &mut App, k: &KeyEvent) -> bool {
    let now = app.clock_now();
    let Some(pane) = app.feed.as_mut() else {
        return false;
    };
    if !pane.triaging {
        if k.code == KeyCode::Char('m') && crate::tui::keymap::plain(k) {
            pane.triaging = true;
            pane.selected = 0;
            app.status = Some(Status {
                text: "feed triage: ↑↓ select · p PR · c CS · s Sales · i Idea · x ignore · e escalate · a answered by a draft (asks which) · m/Esc leave".into(),
                error: false,
                mark: None,
            });
            return true;
        }
        return false;
    }
    let n = pane.feed.len();
    let action = match k.code {
        KeyCode::Esc | KeyCode::Char('m') => {
            pane.triaging = false;
            app.status = None;
            return true;
        }
        KeyCode::Down | KeyCode::Char('j') => {
            pane.selected = (pane.selected + 1).min(n.saturating_sub(1));
            return true;
        }
        KeyCode::Up | KeyCode::Char('k') => {
            pane.selected = pane.selected.saturating_sub(1);
            return true;
        }
        KeyCode::Char('p') => Action::Triage(Triage::Pr),
        KeyCode::Char('c') => Action::Triage(Triage::Cs),
        KeyCode::Char('s') => Action::Triage(Triage::Sales),
        KeyCode::Char('i') => Action::Triage(Triage::Idea),
        KeyCode::Char('x') => Action::Triage(Triage::Ignore),
        KeyCode::Char('e') => Action::Escalate(format!(
            "escalated from the Feed pane by {}",
            app.inc.actor.name
        )),
        KeyCode::Char('a') => {
            // Which draft answered it is the person's to say (the only draft, or asked).
            let drafts = &app.inc.session.drafts;
            let Some(id) = pane.selected_id() else {
                return true;
            };
            match drafts.as_slice() {
                [] => {
                    app.status = Some(Status {
                        text: "no draft yet to link as the answer (d writes one)".into(),
                        error: true,
                        mark: None,
                    });
                    return true;
                }
                [only] => Action::AnsweredBy(only.number),
                _ => {
                    let posted: Vec<String> = drafts
                        .iter()
                        .filter(|d| d.posted_at.is_some())
                        .map(|d| format!("#{}", d.number))
                        .collect();
                    let suggestion = drafts
                        .iter()
                        .rev()
                        .find(|d| d.posted_at.is_some())
                        .map(|d| d.number.to_string())
                        .unwrap_or_default();
                    let prompt = if posted.is_empty() {
                        "Answered by draft number:".to_string()
                    } else {
                        format!("Answered by draft number (posted: {}):", posted.join(", "))
                    };
                    app.input(
                        InputPurpose::AnsweredBy { mention: id },
                        &prompt,
                        &suggestion,
                    );
                    return true;
                }
            }
        }
        // Other keys keep working (q, ?, Tab…) while triaging.
        _ => return false,
    };
    let Some(id) = pane.selected_id() else {
        app.status = Some(Status {
            text: "the feed is empty".into(),
            error: true,
            mark: None,
        });
        return true;
    };
    record_action(app, &id, &action, now);
    true
}

/// Records a triage action on mention `id` (checked against the feed), and shows the result.
pub(crate) fn record_action(app: &mut App, id: &str, action: &Action, now: DateTime<FixedOffset>) {
    let Some(pane) = app.feed.as_ref() else {
        return;
    };
    let kind = event_for(&pane.feed, id, action, |d| {
        app.inc.session.draft(d).is_some()
    });
    let result = kind.and_then(|k| app.inc.record(vec![k], now).map_err(|e| e.to_string()));
    let evs = app.inc.take_recorded();
    if let Some(pane) = app.feed.as_mut() {
        for e in &evs {
            pane.feed.apply(e);
        }
    }
    app.push_events(&evs);
    app.status = Some(match (result, evs.last()) {
        (Ok(_), Some(e)) => Status {
            text: format!("logged #{}: {}", e.seq, neutralize(&e.describe(), false)),
            error: false,
            mark: None,
        },
        (Ok(_), None) => Status {
            text: "nothing recorded".into(),
            error: true,
            mark: None,
        },
        (Err(e), _) => Status {
            text: format!("NOT RECORDED: {}", neutralize(&e, false)),
            error: true,
            mark: None,
        },
    });
}

fn who(m: &Mention) -> String {
    neutralize(&m.post.who(), false)
}

/// The pane's title: the count, mentions in the last minute, and the triage key.
pub fn title(pane: &FeedPane, now: DateTime<FixedOffset>) -> String {
    let last = pane
        .feed
        .last_minutes(now, 1)
        .first()
        .map_or(0, |m| m.count);
    format!(
        " Feed · {} mentions · {last}/min · {}",
        pane.feed.len(),
        if pane.triaging {
            "TRIAGE (m/Esc leaves) "
        } else {
            "m triage "
        }
    )
}

/// The first row inside the pane: sparklines of volume and reach over the last
/// [`SPARK_MINUTES`] minutes, and the lines rejected.
pub fn spark_row(pane: &FeedPane, now: DateTime<FixedOffset>) -> String {
    let mins = pane.feed.last_minutes(now, SPARK_MINUTES);
    let vol: Vec<u64> = mins.iter().map(|m| m.count).collect();
    let reach: Vec<u64> = mins.iter().map(|m| m.reach).collect();
    format!(
        "{SPARK_MINUTES}m vol [{}] reach [{}]{}",
        sparkline(&vol),
        sparkline(&reach),
        if pane.rejected > 0 {
            format!(" · {} rejected", pane.rejected)
        } else {
            String::new()
        }
    )
}

/// Draws the pane: newest first, the selected mention marked `›` while triaging.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(pane) = &app.feed else {
        return;
    };
    let t = app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if pane.triaging {
            BorderType::Double
        } else {
            BorderType::Plain
        })
        .border_style(if pane.triaging { t.focus() } else { t.inject() })
        .title(Span::styled(
            fit(&title(pane, app.now), area.width.saturating_sub(2) as usize),
            t.inject(),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let h = inner.height as usize;
    let mut lines: Vec<Line> = vec![Line::styled(fit(&spark_row(pane, app.now), w), t.muted())];
    let h = h.max(1);
    // Only what can show is laid out, whatever the feed's size.
    let skip = pane.selected.saturating_sub(h / 3);
    for (i, m) in pane.feed.newest_first().enumerate().skip(skip) {
        if lines.len() >= h {
            break;
        }
        let sel = pane.triaging && i == pane.selected;
        let when = m
            .post
            .created_at
            .unwrap_or(m.seen_at)
            .with_timezone(app.now.offset())
            .format("%H:%M");
        let reach = m
            .post
            .metrics
            .reach()
            .map(|r| format!(" · reach {}", group_thousands(r)))
            .unwrap_or_default();
        let snaps = if m.snapshots.len() > 1 {
            format!(" ↗{}", m.snapshots.len())
        } else {
            String::new()
        };
        let mut tags = String::new();
        if let Some(tr) = m.triage {
            tags.push_str(&format!(" [{}]", tr.label()));
        }
        if m.escalated {
            tags.push_str(" [ESCALATED]");
        }
        if let Some(d) = m.answered_by {
            tags.push_str(&format!(" [answered #{d}]"));
        }
        let head = format!(
            "{}{when} {}{reach}{snaps}{tags}",
            if sel { "› " } else { "  " },
            who(m)
        );
        lines.push(Line::styled(
            fit(&head, w),
            if sel { t.selected() } else { t.inject() },
        ));
        let text = neutralize(&m.post.text, false);
        for row in wrap_rows(&text, w.saturating_sub(4), 0).into_iter().take(2) {
            if lines.len() >= h {
                break;
            }
            lines.push(Line::raw(format!("    {row}")));
        }
    }
    if lines.len() == 1 {
        lines.push(Line::styled(
            fit(
                &format!(
                    "no mentions yet — following {}",
                    neutralize(&pane.name, false)
                ),
                w,
            ),
            t.muted(),
        ));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// A paste on the main screen: when it looks like a post (JSON, or an archive's `window.YTD`),
/// it is read as `--from-post` reads a file — an `intake` event, then the variables it fills —
/// and joins the feed when one is followed. Anything else pasted there is ignored, as before.
pub fn paste_post(app: &mut App, text: &str) {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with("window.YTD")) {
        return;
    }
    let bytes = text.as_bytes();
    let parsed = match crate::intake::parse_post(bytes, None) {
        Ok(p) => p,
        Err(e) => {
            app.status = Some(Status {
                text: format!("pasted text: {}", neutralize(&e.located("<paste>"), false)),
                error: true,
                mark: None,
            });
            return;
        }
    };
    let post = crate::intake::record::PostIn {
        parsed,
        sha256: crate::intake::sha256_hex(bytes),
        source: "<paste>".into(),
    };
    let now = app.clock_now();
    let r = record_post(&mut app.inc, &post, now);
    let evs = app.inc.take_recorded();
    if let Some(pane) = app.feed.as_mut() {
        for e in &evs {
            pane.feed.apply(e);
        }
    }
    app.push_events(&evs);
    app.status = Some(match r {
        Ok(unmapped) => Status {
            text: format!(
                "took in the pasted post ({}): {} variable(s) set{}",
                post.parsed.format.word(),
                evs.len().saturating_sub(1),
                if unmapped.is_empty() {
                    String::new()
                } else {
                    format!("; no variable for its {}", unmapped.join(", "))
                }
            ),
            error: false,
            mark: None,
        },
        Err(e) => Status {
            text: format!("NOT RECORDED: {}", neutralize(&e, false)),
            error: true,
            mark: None,
        },
    });
}

/// Records a pasted post: its `intake` event, then the variables it fills (as `--from-post`
/// does). Returns the fields no variable took.
fn record_post(
    inc: &mut Incident,
    post: &crate::intake::record::PostIn,
    now: DateTime<FixedOffset>,
) -> Result<Vec<&'static str>, String> {
    let r = post.recording(&inc.session.playbook, now);
    inc.record(vec![r.intake], now).map_err(|e| e.to_string())?;
    for (name, value) in r.set {
        inc.execute(&crate::engine::Command::Set { name, value }, now)
            .map_err(|e| e.to_string())?;
    }
    Ok(r.unmapped)
}

/// The review screen's detail lines for an intake or triage event: the post, and its reach
/// curve across the log (each time it was seen, with a sparkline); `None` for other events.
pub fn review_detail(
    events: &[Event],
    kind: &crate::engine::EventKind,
    t: crate::tui::theme::Theme,
) -> Option<Vec<(String, ratatui::style::Style)>> {
    use crate::engine::EventKind;
    let (post, extra) = match kind {
        EventKind::Intake {
            post,
            format,
            source,
            sha256,
        } => (
            post,
            vec![(
                format!(
                    "{} from {source} · SHA-256 {}",
                    format.word(),
                    &sha256[..16.min(sha256.len())]
                ),
                t.muted(),
            )],
        ),
        EventKind::Triaged {
            handoff: Some(post),
            triage,
            ..
        } => (
            post,
            vec![(
                format!("triaged {}: hand-off item for CS", triage.label()),
                t.title(),
            )],
        ),
        _ => return None,
    };
    let mut out = extra;
    out.push((neutralize(&post.who(), false), t.inject()));
    if let Some(l) = &post.link {
        out.push((neutralize(l, false), t.muted()));
    }
    if let Some(c) = post.created_at {
        out.push((
            format!("posted {}", c.format("%Y-%m-%d %H:%M:%S %:z")),
            t.muted(),
        ));
    }
    out.push((neutralize(&post.text, true), t.base()));
    let s = post.metrics.summary();
    if !s.is_empty() {
        out.push((s, t.base()));
    }
    let curve = crate::review::mentions::curve_of(events, &post.id);
    if curve.len() > 1 {
        let values: Vec<u64> = curve.iter().map(|p| p.reach.unwrap_or(0)).collect();
        out.push((String::new(), t.base()));
        out.push((
            format!("reach over time [{}]:", sparkline(&values)),
            t.title(),
        ));
        for p in &curve {
            out.push((
                format!(
                    "  #{} {}  {}",
                    p.seq,
                    p.at.format("%H:%M:%S"),
                    p.reach.map_or("—".into(), group_thousands)
                ),
                t.base(),
            ));
        }
    }
    Some(out)
}
