//! The keymap table. Dispatch, the hint bar and the `?` help screen are all generated from it,
//! so they cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::lang::{self as L, Msg};

/// What a key does on the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Choose by number; the digit is read from the key.
    ChooseNumber,
    Up,
    Down,
    Tick,
    Note,
    Draft,
    Editor,
    Post,
    SetVar,
    Approve,
    Reject,
    Back,
    Close,
    Focus,
    PageUp,
    PageDown,
    Help,
    Quit,
    /// Show the step's whole guidance.
    Guidance,
    /// The drafts list.
    Drafts,
    /// Set the public state.
    PublicState,
    /// Draft from an approved holding statement.
    Statement,
    /// With a feed: triage mentions (the Feed pane takes the keys, src/tui/feed.rs).
    Triage,
    /// Drills: the facilitator pauses or resumes the drill clock.
    Pause,
    /// Drills: acknowledge the oldest inject that asks for it.
    Acknowledge,
    /// The log could not be written: try writing the pending events again now.
    Retry,
    /// The log could not be written: write the pending events to another file.
    ExportPending,
}

/// One row of a keymap (the main screen's actions by default; the review screen has its own).
pub struct Binding<A = Action> {
    /// How the key is shown.
    pub keys: &'static str,
    /// Short word for the hint bar (`None`: a second key for an action listed elsewhere).
    pub hint: Option<Msg>,
    /// Sentence for the help screen.
    pub help: Msg,
    pub action: A,
    /// Shown in the hint bar (all with a hint are shown in help).
    pub in_bar: bool,
    /// Only in drills (shown and active only there).
    pub drill: bool,
    /// Only with a mention feed (`--feed`; shown and active only then).
    pub feed: bool,
    /// Only while events are pending because the log could not be written (shown first in
    /// the hint bar and active only then).
    pub pending: bool,
    pub(crate) matches: fn(&KeyEvent) -> bool,
}

/// A key without modifiers other than Shift.
pub(crate) fn plain(k: &KeyEvent) -> bool {
    k.modifiers.difference(KeyModifiers::SHIFT).is_empty()
}

/// A matcher for plain keys with these codes.
macro_rules! key {
    ($($p:pat_param)|+) => {
        |k: &KeyEvent| $crate::tui::keymap::plain(k) && matches!(k.code, $($p)|+)
    };
}
pub(crate) use key;

/// A main-screen binding shown in the bar and in help.
const fn bind(
    keys: &'static str,
    hint: Msg,
    help: Msg,
    action: Action,
    matches: fn(&KeyEvent) -> bool,
) -> Binding {
    Binding {
        keys,
        hint: Some(hint),
        help,
        action,
        in_bar: true,
        drill: false,
        feed: false,
        pending: false,
        matches,
    }
}

/// A second key for an action (neither in the bar nor listed again in help).
const fn also(
    keys: &'static str,
    help: Msg,
    action: Action,
    matches: fn(&KeyEvent) -> bool,
) -> Binding {
    Binding {
        keys,
        hint: None,
        help,
        action,
        in_bar: false,
        drill: false,
        feed: false,
        pending: false,
        matches,
    }
}

const fn drill(b: Binding) -> Binding {
    Binding { drill: true, ..b }
}

const fn feed(b: Binding) -> Binding {
    Binding { feed: true, ..b }
}

const fn pending(b: Binding) -> Binding {
    Binding { pending: true, ..b }
}

/// The main screen's keymap. Choice hotkeys from the playbook are typed as capital letters
/// (Shift+key), so they never collide with these. Every key that acts is in the hint bar.
pub const MAIN: &[Binding] = &[
    bind(
        "1-9",
        L::H_CHOOSE,
        L::K_CHOOSE,
        Action::ChooseNumber,
        key!(KeyCode::Char('1'..='9')),
    ),
    bind(
        "↑↓/jk",
        L::H_MOVE,
        L::K_MOVE,
        Action::Down,
        key!(KeyCode::Down | KeyCode::Char('j')),
    ),
    also(
        "↑/k",
        L::K_MOVE,
        Action::Up,
        key!(KeyCode::Up | KeyCode::Char('k')),
    ),
    bind(
        "space",
        L::H_TICK,
        L::K_TICK,
        Action::Tick,
        key!(KeyCode::Char(' ')),
    ),
    bind(
        "n",
        L::H_NOTE,
        L::K_NOTE,
        Action::Note,
        key!(KeyCode::Char('n')),
    ),
    bind(
        "d",
        L::H_DRAFT,
        L::K_DRAFT,
        Action::Draft,
        key!(KeyCode::Char('d')),
    ),
    bind(
        "e",
        L::H_EDITOR,
        L::K_EDITOR,
        Action::Editor,
        key!(KeyCode::Char('e')),
    ),
    bind(
        "l",
        L::H_DRAFTS,
        L::K_DRAFTS,
        Action::Drafts,
        key!(KeyCode::Char('l')),
    ),
    bind(
        "p",
        L::H_POST,
        L::K_POST,
        Action::Post,
        key!(KeyCode::Char('p')),
    ),
    bind(
        "v",
        L::H_VARIABLE,
        L::K_VARIABLE,
        Action::SetVar,
        key!(KeyCode::Char('v')),
    ),
    bind(
        "a",
        L::H_APPROVE,
        L::K_APPROVE,
        Action::Approve,
        key!(KeyCode::Char('a')),
    ),
    bind(
        "r",
        L::H_REJECT,
        L::K_REJECT,
        Action::Reject,
        key!(KeyCode::Char('r')),
    ),
    bind(
        "b",
        L::H_BACK,
        L::K_BACK,
        Action::Back,
        key!(KeyCode::Char('b')),
    ),
    bind(
        "g",
        L::H_GUIDANCE,
        L::K_GUIDANCE,
        Action::Guidance,
        key!(KeyCode::Char('g')),
    ),
    bind(
        "h",
        L::H_STATEMENT,
        L::K_STATEMENT,
        Action::Statement,
        key!(KeyCode::Char('h')),
    ),
    bind(
        "u",
        L::H_STATE,
        L::K_STATE,
        Action::PublicState,
        key!(KeyCode::Char('u')),
    ),
    bind(
        "c",
        L::H_CLOSE,
        L::K_CLOSE,
        Action::Close,
        key!(KeyCode::Char('c')),
    ),
    bind(
        "Tab",
        L::H_FOCUS,
        L::K_FOCUS,
        Action::Focus,
        key!(KeyCode::Tab | KeyCode::BackTab),
    ),
    bind(
        "PgUp/PgDn",
        L::H_SCROLL,
        L::K_SCROLL,
        Action::PageUp,
        key!(KeyCode::PageUp),
    ),
    also(
        "PgDn",
        L::K_SCROLL,
        Action::PageDown,
        key!(KeyCode::PageDown | KeyCode::End),
    ),
    bind(
        "?",
        L::H_HELP,
        L::K_HELP,
        Action::Help,
        key!(KeyCode::Char('?') | KeyCode::F(1)),
    ),
    bind(
        "q",
        L::H_QUIT,
        L::K_QUIT,
        Action::Quit,
        key!(KeyCode::Char('q')),
    ),
    drill(bind(
        "o",
        L::H_ACK,
        L::K_ACK,
        Action::Acknowledge,
        key!(KeyCode::Char('o')),
    )),
    feed(bind(
        "m",
        L::H_TRIAGE,
        L::K_TRIAGE,
        Action::Triage,
        key!(KeyCode::Char('m')),
    )),
    drill(bind(
        "z",
        L::H_PAUSE,
        L::K_PAUSE,
        Action::Pause,
        key!(KeyCode::Char('z')),
    )),
    pending(bind(
        "t",
        L::H_RETRY,
        L::K_RETRY,
        Action::Retry,
        key!(KeyCode::Char('t')),
    )),
    pending(bind(
        "w",
        L::H_EXPORT,
        L::K_EXPORT,
        Action::ExportPending,
        key!(KeyCode::Char('w')),
    )),
];

/// The binding for a key on the main screen (drill keys only in drills, the pending-event
/// keys only while events are pending).
pub fn lookup(k: &KeyEvent, drill: bool, pending: bool, feed: bool) -> Option<&'static Binding> {
    MAIN.iter().find(|b| {
        (b.matches)(k) && (drill || !b.drill) && (pending || !b.pending) && (feed || !b.feed)
    })
}

/// Keys of the draft composer, for the help screen.
pub const COMPOSER: &[(&str, Msg)] = &[
    (
        "Ctrl+S",
        Msg {
            en: "save as a draft (logged with the full text); saving an edited draft voids its approval",
            ko: "초안으로 저장 (전문이 기록됨); 승인된 초안을 고쳐 저장하면 승인은 무효",
        },
    ),
    (
        "Ctrl+P",
        Msg {
            en: "save and post it (every rule is checked first)",
            ko: "저장하고 게시 (모든 규칙을 먼저 확인)",
        },
    ),
    (
        "Ctrl+T",
        Msg {
            en: "save and split into a numbered thread (when over the limit), approved and posted as one",
            ko: "저장하고 번호 붙은 스레드로 분할 (길이 초과 시), 한 묶음으로 승인·게시",
        },
    ),
    (
        "Ctrl+Y",
        Msg {
            en: "copy: into tmux's paste buffer inside tmux, else to the terminal's clipboard with OSC 52",
            ko: "복사: tmux 안이면 tmux 붙여넣기 버퍼로, 아니면 OSC 52로 터미널 클립보드에",
        },
    ),
    (
        "Ctrl+E",
        Msg {
            en: "edit in $EDITOR",
            ko: "$EDITOR에서 편집",
        },
    ),
    (
        "Esc",
        Msg {
            en: "close the composer (the text is kept until you open it again)",
            ko: "작성기 닫기 (다시 열 때까지 문안 보관)",
        },
    ),
];

/// Keys of the drafts list and the approval popup, for the help screen.
pub const LISTS: &[(&str, Msg)] = &[
    (
        "l",
        Msg {
            en: "drafts list: ↑↓ pick, p post, e edit, s sign off (the chain shows as legal ✓ → ceo …), y copy, t split into a thread, x discard (logged)",
            ko: "초안 목록: ↑↓ 고르기, p 게시, e 편집, s 서명 (legal ✓ → ceo … 순서로 표시), y 복사, t 스레드 분할, x 폐기 (기록됨)",
        },
    ),
    (
        "a",
        Msg {
            en: "at an approval step: ↑↓ pick, space ticks a draft (a thread is one), Enter approves the ticked as one decision",
            ko: "승인 단계: ↑↓ 고르기, space로 초안 체크 (스레드는 하나로), Enter로 한 번에 승인",
        },
    ),
];
