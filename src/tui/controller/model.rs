//! The controller screen's model: the teams it runs (one drill log each, all on the
//! facilitator's clock), which team and which upcoming inject are selected, the popups, the
//! message line. The log rows are prepared once, when their events arrive.

use chrono::{DateTime, FixedOffset};
use ratatui::layout::Rect;

use crate::drill::DrillRun;
use crate::engine::Event;
use crate::incident::Incident;
use crate::tui::component::Stack;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Status, clean};

/// How many log rows a team keeps for the screen.
const KEEP_ROWS: usize = 200;

/// One row of the recent log: drill time, who, what (text already neutralised).
#[derive(Debug, Clone)]
pub struct Row {
    pub seq: u64,
    pub t_plus: String,
    pub actor: String,
    pub text: String,
}

/// One team's drill: its log (the incident) and the host's run of it.
pub struct Team {
    /// The team's name (`--teams`), none for a drill of one team.
    pub name: Option<String>,
    pub inc: Incident,
    pub run: DrillRun,
    pub rows: Vec<Row>,
}

impl Team {
    pub fn new(name: Option<String>, mut inc: Incident, run: DrillRun, history: &[Event]) -> Team {
        // Every event folded from now on is shown: this seat's, other seats', and those that
        // came in between when an append met another seat's.
        inc.collect_recorded(true);
        let mut t = Team {
            name,
            inc,
            run,
            rows: Vec::new(),
        };
        t.push(history);
        t
    }

    /// The team's name as shown (`team` for a drill of one team).
    pub fn label(&self) -> String {
        self.name.as_deref().map_or_else(|| "team".into(), clean)
    }

    /// Adds what the incident folded since the last call to the recent log.
    pub fn sync_rows(&mut self) {
        let evs = self.inc.take_recorded();
        self.push(&evs);
    }

    /// Adds events to the recent log (those this seat's role may see; each once).
    pub fn push(&mut self, events: &[Event]) {
        let role = self.inc.actor.role.clone();
        let start = self.run.clock().start();
        for e in events {
            if !e.visible_to(role.as_deref()) || self.rows.last().is_some_and(|r| r.seq >= e.seq) {
                continue;
            }
            let off = (e.at - start).num_seconds().max(0);
            self.rows.push(Row {
                seq: e.seq,
                t_plus: crate::duration::clock_hms(off),
                actor: clean(&e.actor.name),
                text: clean(&e.describe()),
            });
        }
        if self.rows.len() > KEEP_ROWS {
            let cut = self.rows.len() - KEEP_ROWS;
            self.rows.drain(..cut);
        }
    }
}

/// The whole screen state.
pub struct Controller {
    pub teams: Vec<Team>,
    /// The team the upcoming list, deliver, skip and ad hoc act on.
    pub team: usize,
    /// The selected row of the upcoming list.
    pub cursor: usize,
    pub layers: Stack<Controller>,
    pub status: Option<Status>,
    pub theme: Theme,
    pub quit: bool,
    /// The scenario's title (the same for every team).
    pub title: String,
    /// The exercise's name, with several teams.
    pub exercise: Option<String>,
    /// The screen's size at the last frame.
    pub size: Rect,
}

impl Controller {
    /// The screen over `teams` (at least one).
    pub fn new(teams: Vec<Team>, exercise: Option<String>, theme: Theme) -> Controller {
        let title = teams
            .first()
            .map(|t| clean(&t.run.scenario().title))
            .unwrap_or_default();
        Controller {
            teams,
            team: 0,
            cursor: 0,
            layers: Stack::default(),
            status: None,
            theme,
            quit: false,
            title,
            exercise,
            size: Rect::new(0, 0, 80, 24),
        }
    }

    /// The selected team (None only for a screen without teams, which is never opened).
    pub fn current(&self) -> Option<&Team> {
        self.teams.get(self.team)
    }

    pub fn current_mut(&mut self) -> Option<&mut Team> {
        self.teams.get_mut(self.team)
    }

    /// Drill time now, on the facilitator's clock.
    pub fn now(&self) -> Option<DateTime<FixedOffset>> {
        self.current().map(|t| t.run.now())
    }

    pub(crate) fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status::ok(text));
    }

    pub(crate) fn fail(&mut self, text: impl Into<String>) {
        self.status = Some(Status::error(clean(&text.into())));
    }

    /// The id of the selected upcoming inject of the selected team.
    pub fn selected_inject(&self) -> Option<String> {
        let t = self.current()?;
        let up = t.run.upcoming();
        up.get(self.cursor.min(up.len().saturating_sub(1)))
            .map(|u| u.inject.id.clone())
    }

    /// Keeps the cursor inside the upcoming list.
    pub fn clamp_cursor(&mut self) {
        let n = self.current().map_or(0, |t| t.run.upcoming().len());
        self.cursor = self.cursor.min(n.saturating_sub(1));
    }
}
