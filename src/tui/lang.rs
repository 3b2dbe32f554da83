//! The screen's own words in English and Korean, from one table: every [`Msg`] carries both,
//! and the playbook's `language` picks which one shows (`ko…` → Korean, anything else →
//! English). Text from the playbook, the log and the engine's refusals is shown as it is.

/// Which language the screen speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// From a playbook's BCP 47 `language` tag.
    pub fn of(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }
}

/// One piece of interface text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub en: &'static str,
    pub ko: &'static str,
}

impl Msg {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ko => self.ko,
        }
    }
}

macro_rules! msgs {
    ($($name:ident = $en:literal, $ko:literal;)*) => {
        $(pub const $name: Msg = Msg { en: $en, ko: $ko };)*
        /// Every message of the table, for the test that each has both languages.
        pub const ALL: &[Msg] = &[$($name),*];
    };
}

msgs! {
    // Hint bar words (keymap).
    H_CHOOSE = "choose", "선택";
    H_MOVE = "move", "이동";
    H_TICK = "tick", "체크";
    H_NOTE = "note", "메모";
    H_DRAFT = "draft", "초안";
    H_EDITOR = "$EDITOR", "편집기";
    H_DRAFTS = "drafts", "초안 목록";
    H_POST = "post", "게시";
    H_VARIABLE = "variable", "변수";
    H_APPROVE = "approve", "승인";
    H_REJECT = "reject", "반려";
    H_BACK = "back", "뒤로";
    H_CLOSE = "close", "종료";
    H_STATE = "state", "공개 상태";
    H_STATEMENT = "statement", "입장문";
    K_STATEMENT = "draft from an approved holding statement (statements/): its approvals come with it while only its placeholders are filled", "사전 승인 입장문(statements/)으로 초안 작성: 변수만 채우면 승인이 그대로 유지";
    STATEMENTS_TITLE = "Holding statements", "사전 승인 입장문";
    STATEMENTS_NONE = "No holding statements at hand (give them with --statements DIR).", "사용할 수 있는 입장문이 없습니다 (--statements DIR로 지정).";
    STATEMENTS_KEYS = "↑↓ choose · Enter draft it · Esc cancel", "↑↓ 선택 · Enter 초안으로 · Esc 취소";
    H_TRIAGE = "triage feed", "멘션 분류";
    K_TRIAGE = "the Feed pane: triage mentions (p PR, c CS, s Sales, i Idea, x ignore, e escalate, a answered by a draft (asks which))", "피드 창: 멘션 분류 (p 홍보, c 고객지원, s 영업, i 아이디어, x 무시, e 에스컬레이션, a 답변한 초안 지정)";
    H_GUIDANCE = "guidance", "안내 전문";
    H_FOCUS = "focus", "포커스";
    H_SCROLL = "scroll", "로그 스크롤";
    H_HELP = "help", "도움말";
    H_QUIT = "quit", "나가기";
    H_ACK = "ack", "수신 확인";
    H_PAUSE = "pause", "일시정지";
    H_RESUME = "resume", "재개";
    H_RETRY = "retry log", "로그 재시도";
    H_EXPORT = "write pending elsewhere", "대기 이벤트 따로 저장";
    // Help sentences (keymap).
    K_CHOOSE = "take the numbered choice (capital letters take a choice's hotkey)", "번호의 선택지로 진행 (대문자는 선택지 단축키)";
    K_MOVE = "move in the checklist (or scroll the log when it has focus)", "체크리스트에서 이동 (로그에 포커스가 있으면 로그 스크롤)";
    K_TICK = "tick or untick the selected checklist item", "선택한 체크리스트 항목 체크/해제";
    K_NOTE = "add a note to the log", "로그에 메모 남기기";
    K_DRAFT = "open the draft composer on the step's template", "이 단계의 템플릿으로 초안 작성기 열기";
    K_EDITOR = "write the draft in $EDITOR (for a long statement)", "$EDITOR에서 초안 쓰기 (긴 입장문용)";
    K_DRAFTS = "the drafts list: pick a draft to edit, post, copy, split or discard", "초안 목록: 초안을 골라 편집·게시·복사·분할·폐기";
    K_POST = "post: the only open draft, else pick one in the drafts list", "게시: 열린 초안이 하나면 그것, 여럿이면 목록에서 고르기";
    K_VARIABLE = "set a variable (handle, summary, ...) used by templates", "템플릿에 쓰이는 변수(핸들, 요약 등) 설정";
    K_APPROVE = "approve (approval steps): choose the drafts, read their exact text, approve them as one", "승인 (승인 단계): 초안을 고르고 정확한 문안을 읽은 뒤 한 번에 승인";
    K_REJECT = "reject (approval steps), with a reason", "반려 (승인 단계), 사유와 함께";
    K_BACK = "go back one step (logged; the path is kept)", "한 단계 뒤로 (기록됨, 경로는 유지)";
    K_CLOSE = "close the incident with an outcome (asks first, with the outcome spelled out)", "결과를 정해 사건 종료 (결과를 보여 주고 먼저 확인)";
    K_GUIDANCE = "show the step's whole guidance", "이 단계의 안내 전문 보기";
    K_STATE = "set the public state: investigating, identified, monitoring, resolved (logged)", "공개 상태 설정: 조사 중, 원인 파악, 모니터링, 해결 (기록됨)";
    STATE_TITLE = "Public state", "공개 상태";
    STATE_KEYS = "↑↓ choose · Enter set it (logged) · Esc cancel", "↑↓ 선택 · Enter 설정 (기록됨) · Esc 취소";
    UPDATES = "Updates:", "정기 안내:";
    UPDATE_NEXT = "next", "다음";
    UPDATE_OVERDUE = "OVERDUE", "기한 초과";
    K_FOCUS = "move focus between the step and the log", "단계와 로그 사이 포커스 이동";
    K_SCROLL = "scroll the incident log (End follows the tail again)", "사건 로그 스크롤 (End는 다시 끝을 따라감)";
    K_HELP = "this help", "이 도움말";
    K_QUIT = "quit (asks first; the log is already complete)", "나가기 (먼저 확인, 로그는 이미 완전함)";
    K_ACK = "acknowledge the oldest inject that asks for it (drills)", "확인을 요구하는 가장 오래된 인젝트 수신 확인 (훈련)";
    K_PAUSE = "facilitator: pause or resume the drill clock (drills)", "진행자: 훈련 시계 일시정지/재개 (훈련)";
    K_RETRY = "the log could not be written: try writing the PENDING events now (also tried on every action and every second)", "로그를 쓰지 못함: 대기(PENDING) 이벤트를 지금 다시 쓰기 (매 동작·매초에도 시도)";
    K_EXPORT = "the log could not be written: write the PENDING events to another file, to add later with warroom resume LOG --append-pending FILE", "로그를 쓰지 못함: 대기 이벤트를 다른 파일에 저장 (나중에 warroom resume LOG --append-pending FILE로 추가)";
    K_HOTKEY = "take the choice with that hotkey (shown as [R])", "해당 단축키의 선택지로 진행 ([R]처럼 표시)";
    // Panes and lines.
    CHECKLIST = "Checklist", "체크리스트";
    CHOICES = "Choices", "선택지";
    CLOSED = "Closed", "종료됨";
    LOG = "Log", "로그";
    EVENTS = "events", "건";
    FOLLOWING = "following", "최신 따라가는 중";
    NEWER_BELOW = "newer below", "건 아래에 더 있음";
    PENDING = "PENDING", "대기";
    IN_ROOM = "in the room", "참석";
    OFFLINE = "OFFLINE: the shared store cannot be reached; new events are kept PENDING", "오프라인: 공유 저장소에 연결할 수 없음; 새 이벤트는 대기(PENDING)로 보관";
    PATH = "Path: ", "경로: ";
    OWNER = "owner", "담당";
    IN_STEP = "in step", "단계 경과";
    MORE_G = " …more: g", " …더 보기: g";
    MORE_JK = "more: j/k", "더 보기: j/k";
    DRAFTS_OPEN = "drafts not yet posted", "게시 전 초안";
    DRAFTS_KEYS = "l lists them, p posts", "l 목록, p 게시";
    APPROVE_TO = "approve →", "승인 →";
    REJECT_TO = "reject →", "반려 →";
    APPROVER = "approver", "승인자";
    CLOSE_AS = "close the incident as", "사건 종료, 결과:";
    // Status line.
    BREACHED = "BREACHED", "기한 초과";
    DUE_SOON = "DUE SOON", "기한 임박";
    DUE_IN = "in", "남음";
    CLOSED_AS = "CLOSED", "종료";
    LOG_AT = "log: ", "로그: ";
    // Popups.
    HELP_TITLE = "Help", "도움말";
    HELP_MAIN = "Main screen", "주 화면";
    HELP_COMPOSER = "Draft composer", "초안 작성기";
    HELP_LISTS = "Drafts list and approval", "초안 목록과 승인";
    HELP_FOOT = "Every action is written to the log before the screen shows it.", "모든 동작은 화면에 보이기 전에 로그에 기록됩니다.";
    SCROLL_KEYS = "↑↓ PgUp PgDn Home End scroll · Esc closes", "↑↓ PgUp PgDn Home End 스크롤 · Esc 닫기";
    GUIDANCE_TITLE = "Guidance", "안내";
    QUIT_TITLE = "Quit warroom?", "warroom을 나갈까요?";
    QUIT_COMPLETE = "The log is complete: {n} events are in", "로그는 완전합니다. {n}건이 기록된 파일:";
    QUIT_CLOSED = "The incident is closed.", "사건이 종료되었습니다.";
    QUIT_OPEN = "The incident stays open. Continue it later with:", "사건은 열려 있습니다. 나중에 이어 가려면:";
    QUIT_DRILL = "Quitting ends the drill (a drill is not resumed) and its score is final. Its after-action report:", "나가면 훈련이 끝나고(훈련은 이어 하지 않음) 점수가 확정됩니다. 사후 검토 보고서:";
    QUIT_KEYS = "y quit    n/Esc stay", "y 나가기    n/Esc 머무르기";
    REQUIRED_TITLE = "Required items", "필수 항목";
    REQUIRED_TEXT = "Required checklist items are not ticked:", "체크하지 않은 필수 항목이 있습니다:";
    REQUIRED_KEYS = "f move on anyway (logged as an OVERRIDE)   Esc stay and tick them", "f 그래도 진행 (무시로 기록)   Esc 머무르며 체크하기";
    NOT_POSTED_TITLE = "Not posted", "게시 안 됨";
    FORCE_KEYS = "f post anyway (logged as forced)   Esc don't post", "f 그래도 게시 (강제 게시로 기록)   Esc 게시하지 않기";
    SET_VAR_KEY = "v set", "v 설정:";
    VARIABLES_TITLE = "Variables", "변수";
    NOT_SET = "(not set)", "(미설정)";
    VAR_KEYS = "↑↓ choose · Enter edit · Esc close", "↑↓ 선택 · Enter 편집 · Esc 닫기";
    OUTCOME_TITLE = "Close the incident", "사건 종료";
    OUTCOME_KEYS = "↑↓ choose · Enter next · Esc cancel", "↑↓ 선택 · Enter 다음 · Esc 취소";
    CONFIRM_CLOSE_TITLE = "Close the incident?", "사건을 종료할까요?";
    CONFIRM_CLOSE_AS = "Close the incident as:", "다음 결과로 사건을 종료합니다:";
    CONFIRM_CLOSE_UNPOSTED = "Drafts not yet posted (they stay unposted):", "아직 게시하지 않은 초안 (게시되지 않은 채 남음):";
    CONFIRM_CLOSE_KEYS = "y close the incident   any other key keeps it open", "y 사건 종료   다른 키는 열어 둠";
    INPUT_KEYS = "Enter records it in the log · Esc cancels", "Enter 로그에 기록 · Esc 취소";
    EXPORT_KEYS = "Enter writes the copy to that file (not to the log) · Esc cancels", "Enter 그 파일에 사본 저장 (로그가 아님) · Esc 취소";
    DRAFTS_TITLE = "Drafts", "초안 목록";
    DRAFTS_NONE = "No drafts yet: d writes one.", "초안이 없습니다: d로 작성하세요.";
    DRAFTS_KEYS_LIST = "↑↓ pick · p post · e edit · s sign off · y copy · t split · x discard · Esc close", "↑↓ 고르기 · p 게시 · e 편집 · s 서명 · y 복사 · t 분할 · x 폐기 · Esc 닫기";
    APPROVE_TITLE = "Approve", "승인";
    APPROVE_HEAD = "Approve as one decision the drafts ticked, with exactly this text:", "체크한 초안을 이 문안 그대로 한 번에 승인합니다:";
    APPROVE_KEYS = "↑↓ pick · space tick · Enter approve the ticked · Esc cancel", "↑↓ 고르기 · space 체크 · Enter 체크한 초안 승인 · Esc 취소";
    APPROVE_NONE = "No open draft to approve: d writes one.", "승인할 열린 초안이 없습니다: d로 작성하세요.";
    APPROVAL_VOID = "approval void: edited after approval", "승인 무효: 승인 후 수정됨";
    COMPOSER_TITLE = "Draft", "초안";
    EDITING = "editing", "편집 중";
    CHARACTERS = "characters", "자";
    OVER_LIMIT = "OVER THE LIMIT", "길이 초과";
    FITS = "fits", "길이 적합";
    SPLIT_HINT = "over: Ctrl+T splits it into a numbered thread of", "초과: Ctrl+T로 번호 붙은 스레드로 분할, 개수:";
    PERSONAL_DATA = "looks like personal data", "개인정보로 보임";
    MOVE_TO_DM = "move it to DM/e-mail/phone", "DM·이메일·전화로 옮기세요";
    UNFILLED = "unfilled", "채우지 않은 변수";
    HIDDEN_CHARS = "holds characters that do not show", "보이지 않는 문자가 있음";
    SET_WITH_V = "set it with v after saving, or edit the text", "저장 후 v로 설정하거나 문안을 고치세요";
    COMPOSER_KEYS = "^S save  ^P post  ^T thread  ^Y copy  ^E $EDITOR  Esc close", "^S 저장  ^P 게시  ^T 스레드  ^Y 복사  ^E 편집기  Esc 닫기";
    ANY_KEY = "any key closes", "아무 키나 누르면 닫힘";
    ESC_DISMISS = "Esc dismisses · keys still work", "Esc 닫기 · 다른 키는 그대로 동작";
    LOG_FAILURE_TITLE = "LOG NOT WRITTEN", "로그 기록 실패";
    TOO_SMALL = "window too small", "창이 너무 작습니다";
    TOO_SMALL_QUIT = "enlarge it; q quits", "창을 키우세요; q 나가기";
    LOGGED = "logged", "기록됨";
    // Popup keys (each popup's table in src/tui/popup/: hint words, help sentences).
    P_SCROLL = "scroll", "스크롤";
    P_PAGE = "page", "페이지";
    P_ENDS = "top/end", "처음/끝";
    P_CLOSE = "close", "닫기";
    P_CHOOSE = "choose", "선택";
    P_PICK = "pick", "고르기";
    P_CANCEL = "cancel", "취소";
    P_EDIT_VAR = "edit", "편집";
    P_NEXT = "next", "다음";
    P_SET_STATE = "set it (logged)", "설정 (기록됨)";
    P_DRAFT_IT = "draft it", "초안으로";
    P_QUIT = "quit", "나가기";
    P_QUIT_DRILL = "quit (the drill goes on: resume it later)", "나가기 (훈련은 계속: 나중에 resume)";
    P_END_DRILL = "end the drill and quit (final score)", "훈련 종료 후 나가기 (최종 점수)";
    P_STAY = "stay", "머무르기";
    P_CLOSE_INCIDENT = "close the incident", "사건 종료";
    P_KEEP_OPEN = "keep it open", "열어 두기";
    P_ANY_CLOSES = "closes", "닫기";
    P_RETRY = "retry now", "지금 재시도";
    P_WRITE_ELSEWHERE = "write the pending events to another file (a copy; if warroom stops before they are written, `warroom resume LOG --append-pending FILE` adds them, checked against the log — never append it by hand)", "대기 이벤트를 다른 파일에 사본으로 저장 (warroom이 그 전에 멈추면 `warroom resume LOG --append-pending FILE`로 로그와 대조해 추가 — 직접 붙이지 마세요)";
    P_FORCE_ON = "move on anyway (logged as an OVERRIDE)", "그래도 진행 (무시로 기록)";
    P_STAY_TICK = "stay and tick them", "머무르며 체크하기";
    P_POST_ANYWAY = "post anyway (logged as forced)", "그래도 게시 (강제 게시로 기록)";
    P_SET_UNFILLED = "set the unfilled variable", "채우지 않은 변수 설정";
    P_DONT_POST = "don't post", "게시하지 않기";
    P_RECORD = "records it in the log", "로그에 기록";
    P_WRITE_COPY = "writes the copy to that file (not to the log)", "그 파일에 사본 저장 (로그가 아님)";
    P_POST = "post", "게시";
    P_EDIT = "edit", "편집";
    P_SIGN = "sign off (the chain shows as legal ✓ → ceo …)", "서명 (legal ✓ → ceo … 순서로 표시)";
    P_COPY = "copy", "복사";
    P_SPLIT = "split into a thread", "스레드 분할";
    P_DISCARD = "discard (logged)", "폐기 (기록됨)";
    P_TICK = "tick a draft (a thread is one)", "초안 체크 (스레드는 하나로)";
    P_APPROVE = "approve the ticked as one decision", "체크한 초안을 한 번에 승인";
    P_SAVE = "save", "저장";
    P_THREAD = "thread", "스레드";
    P_EDITOR = "$EDITOR", "편집기";
    K_REDRAW = "redraw the screen", "화면 다시 그리기";
    COPIED_TMUX = "copied to tmux's paste buffer (tmux show-buffer prints it; tmux passes it on to the system clipboard when its set-clipboard option allows)", "tmux 붙여넣기 버퍼에 복사됨 (tmux show-buffer로 확인; set-clipboard 설정에 따라 시스템 클립보드로도 전달)";
    COPIED_OSC52 = "sent to the terminal as OSC 52: copied if the terminal allows clipboard access", "OSC 52로 터미널에 보냄: 터미널이 클립보드 접근을 허용하면 복사됨";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message has both languages, and the Korean one is Korean (not a copy of the
    /// English), apart from key names and symbols it shares.
    #[test]
    fn every_message_has_english_and_korean() {
        assert!(ALL.len() > 100);
        for m in ALL {
            assert!(!m.en.trim().is_empty(), "{m:?}");
            assert!(!m.ko.trim().is_empty(), "{m:?}");
            let hangul = m.ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
            assert!(hangul, "not Korean: {m:?}");
        }
        assert_eq!(Lang::of("ko-KR"), Lang::Ko);
        assert_eq!(Lang::of("en"), Lang::En);
        assert_eq!(H_POST.get(Lang::Ko), "게시");
    }
}
