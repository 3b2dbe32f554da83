//! The controller screen's key table: it dispatches the keys and generates the hint bar and
//! the `?` help, so they cannot drift. Keys that only mean something with several teams
//! (`Tab`, `A`) are active and shown only then.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::Controller;
use crate::tui::keymap::{Binding, also, bind, key, lookup};
use crate::tui::lang::{Lang, Msg};
use crate::tui::widgets::Hint;

/// What a key does on the controller screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Up,
    Down,
    Start,
    Pause,
    Faster,
    Slower,
    Deliver,
    Skip,
    AdHoc,
    /// With several teams: an ad-hoc inject to every team.
    AdHocAll,
    Note,
    /// With several teams: the next team.
    NextTeam,
    Help,
    End,
}

const fn m(en: &'static str, ko: &'static str) -> Msg {
    Msg { en, ko }
}

const H_MOVE: Msg = m("select", "선택");
const K_MOVE: Msg = m("select an upcoming inject", "다가오는 인젝트 선택");
const H_START: Msg = m("start", "시작");
const K_START: Msg = m(
    "start the drill clock (it stands at T+0 until then)",
    "훈련 시계 시작 (그 전에는 T+0에 멈춰 있음)",
);
const H_PAUSE: Msg = m("pause/resume", "일시정지/재개");
const K_PAUSE: Msg = m(
    "pause or resume the drill clock",
    "훈련 시계 일시정지 또는 재개",
);
const H_SPEED: Msg = m("speed", "속도");
const K_FASTER: Msg = m(
    "double the clock's speed (at most 3600x)",
    "시계 속도 두 배 (최대 3600배)",
);
const K_SLOWER: Msg = m(
    "halve the clock's speed (at least 1x)",
    "시계 속도 절반 (최소 1배)",
);
const H_DELIVER: Msg = m("deliver now", "지금 전달");
const K_DELIVER: Msg = m(
    "deliver the selected inject now",
    "선택한 인젝트를 지금 전달",
);
const H_SKIP: Msg = m("skip", "건너뛰기");
const K_SKIP: Msg = m(
    "skip the selected inject (asks first)",
    "선택한 인젝트 건너뛰기 (확인 후)",
);
const H_ADHOC: Msg = m("ad hoc", "즉석 인젝트");
const K_ADHOC: Msg = m(
    "write an inject now (channel, from, text, acknowledgement)",
    "지금 인젝트 작성 (채널, 발신자, 내용, 수신 확인)",
);
const H_ADHOC_ALL: Msg = m("ad hoc to all", "모든 팀에");
const K_ADHOC_ALL: Msg = m("write an inject to every team", "모든 팀에 인젝트 작성");
const H_NOTE: Msg = m("note", "메모");
const K_NOTE: Msg = m(
    "a controller's note (kept from the players' screens)",
    "진행자 메모 (참가자 화면에는 보이지 않음)",
);
const H_TEAM: Msg = m("team", "팀");
const K_TEAM: Msg = m(
    "switch the team the upcoming list, deliver, skip and ad hoc act on",
    "다가오는 목록·전달·건너뛰기·즉석 인젝트가 적용될 팀 바꾸기",
);
const H_HELP: Msg = m("help", "도움말");
const K_HELP: Msg = m("this help", "이 도움말");
const H_END: Msg = m("end & quit", "종료");
const K_END: Msg = m(
    "end the drill (asks first) and quit",
    "훈련 종료 (확인 후) 후 나가기",
);

/// The controller screen's keys.
pub const KEYS: &[Binding<Act>] = &[
    bind(
        "↑↓",
        H_MOVE,
        K_MOVE,
        Act::Down,
        key!(KeyCode::Down | KeyCode::Char('j')),
    ),
    also("↑", K_MOVE, Act::Up, key!(KeyCode::Up | KeyCode::Char('k'))),
    bind("s", H_START, K_START, Act::Start, key!(KeyCode::Char('s'))),
    bind("z", H_PAUSE, K_PAUSE, Act::Pause, key!(KeyCode::Char('z'))),
    bind(
        "+/-",
        H_SPEED,
        K_FASTER,
        Act::Faster,
        key!(KeyCode::Char('+' | '=')),
    ),
    also("-", K_SLOWER, Act::Slower, key!(KeyCode::Char('-'))),
    bind(
        "d",
        H_DELIVER,
        K_DELIVER,
        Act::Deliver,
        key!(KeyCode::Char('d')),
    ),
    bind("x", H_SKIP, K_SKIP, Act::Skip, key!(KeyCode::Char('x'))),
    bind("a", H_ADHOC, K_ADHOC, Act::AdHoc, key!(KeyCode::Char('a'))),
    bind(
        "A",
        H_ADHOC_ALL,
        K_ADHOC_ALL,
        Act::AdHocAll,
        key!(KeyCode::Char('A')),
    ),
    bind("n", H_NOTE, K_NOTE, Act::Note, key!(KeyCode::Char('n'))),
    bind("Tab", H_TEAM, K_TEAM, Act::NextTeam, key!(KeyCode::Tab)),
    bind("?", H_HELP, K_HELP, Act::Help, key!(KeyCode::Char('?'))),
    bind("q", H_END, K_END, Act::End, key!(KeyCode::Char('q'))),
];

/// The slower key's help row (it shares the `+/-` hint).
pub const SLOWER_HELP: (&str, Msg) = ("-", K_SLOWER);

/// Whether a binding means something on this screen (the team keys need several teams).
fn active(c: &Controller, b: &Binding<Act>) -> bool {
    c.teams.len() > 1 || !matches!(b.action, Act::AdHocAll | Act::NextTeam)
}

/// What `k` does on the main screen, if anything.
pub fn action(c: &Controller, k: &KeyEvent) -> Option<Act> {
    lookup(KEYS, k, |b| active(c, b)).map(|b| b.action)
}

/// The hint bar's keys.
pub fn hints(c: &Controller, lang: Lang) -> Vec<Hint> {
    KEYS.iter()
        .filter(|b| b.in_bar && active(c, b))
        .filter_map(|b| Some((b.keys, b.hint?.get(lang))))
        .collect()
}

/// The help's rows: each key once, with its sentence.
pub fn help_rows(c: &Controller, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for b in KEYS.iter().filter(|b| active(c, b)) {
        match b.action {
            Act::Up => continue,
            Act::Faster => rows.push(("+", b.help.get(lang))),
            Act::Slower => rows.push((SLOWER_HELP.0, SLOWER_HELP.1.get(lang))),
            _ if b.hint.is_some() => rows.push((b.keys, b.help.get(lang))),
            _ => {}
        }
    }
    rows
}
