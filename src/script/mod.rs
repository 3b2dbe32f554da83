//! The headless script language: one command per line, `#` comments, `"quoted text"`.
//! The same vocabulary as the keyboard; see docs/script-format.md. A line is split into tokens
//! (`tokens.rs`), its options are taken out (`options.rs`), and its verb reads the rest
//! (`verbs.rs`).

mod options;
mod tokens;
mod verbs;

use crate::duration::Interval;
use crate::engine::Command;

use options::Options;
use tokens::{col_of, tokenize};

/// One parsed script line.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Command(Command),
    /// Advance the (fixed) clock.
    Wait(Interval),
    /// Drill only: the facilitator pauses or resumes the drill clock.
    Pause,
    Resume,
    /// Drill only: acknowledge an inject (the oldest waiting one when none is named).
    Ack(Option<String>),
    /// Drill only: answer an inject's sender (`reply press-call "We will call you back by 3"`).
    Reply {
        inject: String,
        text: String,
    },
    /// With a feed: triage a mention, link it to the draft that answered it, or escalate it.
    Mention {
        id: String,
        action: crate::intake::triage::Action,
    },
}

/// An error in a script line; `col` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub col: usize,
    pub message: String,
}

fn err(col: usize, message: impl Into<String>) -> ScriptError {
    ScriptError {
        col,
        message: message.into(),
    }
}

/// Every verb of the language, as an unknown command's error lists them.
pub const VERBS: &[&str] = &[
    "choose", "check", "uncheck", "set", "note", "draft", "edit", "split", "discard", "post",
    "sign", "decline", "approve", "reject", "back", "amend", "close", "state", "wait", "pause",
    "resume", "ack", "reply", "triage", "answered", "escalate",
];

/// Parses one line. `Ok(None)` for blank and comment lines.
pub fn parse_line(line: &str) -> Result<Option<Line>, ScriptError> {
    let mut toks = tokenize(line)?;
    if toks.is_empty() {
        return Ok(None);
    }
    let verb = toks[0].text.to_ascii_lowercase();
    let verb_col = col_of(line, &toks[0]);
    // Pull out options wherever they are.
    let mut options = Options::take(line, &mut toks)?;
    if options.role.is_some() && !matches!(verb.as_str(), "sign" | "decline") {
        return Err(err(verb_col, "`--as ROLE` goes with `sign` and `decline`"));
    }
    let parts = verbs::Parts {
        line,
        toks,
        cut: std::mem::take(&mut options.cut),
        verb,
        verb_col,
    };
    verbs::parse(&parts, options).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playbook::Outcome;

    fn cmd(s: &str) -> Command {
        match parse_line(s) {
            Ok(Some(Line::Command(c))) => c,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn parses_the_language() {
        assert_eq!(
            cmd("choose acknowledge   # comment"),
            Command::Choose {
                choice: "acknowledge".into(),
                force: false
            }
        );
        assert_eq!(
            cmd("choose --force 2"),
            Command::Choose {
                choice: "2".into(),
                force: true
            }
        );
        assert_eq!(
            cmd("set handle @angry_customer"),
            Command::Set {
                name: "handle".into(),
                value: "@angry_customer".into()
            }
        );
        assert_eq!(
            cmd("set summary late delivery of #3"),
            Command::Set {
                name: "summary".into(),
                value: "late delivery of #3".into()
            }
        );
        assert_eq!(
            cmd("note \"Legal consulted # not a comment\""),
            Command::Note {
                text: "Legal consulted # not a comment".into()
            }
        );
        assert_eq!(
            cmd("draft \"We hear you, {handle}...\""),
            Command::SaveDraft {
                template: None,
                text: Some("We hear you, {handle}...".into())
            }
        );
        assert_eq!(
            cmd("draft --template ack"),
            Command::SaveDraft {
                template: Some("ack".into()),
                text: None
            }
        );
        assert_eq!(
            cmd("post"),
            Command::Post {
                draft: None,
                force: false
            }
        );
        assert_eq!(
            cmd("post 2 --force"),
            Command::Post {
                draft: Some(2),
                force: true
            }
        );
        assert_eq!(
            cmd("approve --by \"Kim CEO\""),
            Command::Approve {
                by: Some("Kim CEO".into()),
                drafts: vec![]
            }
        );
        assert_eq!(
            cmd("approve 4 #5 --by Kim"),
            Command::Approve {
                by: Some("Kim".into()),
                drafts: vec![4, 5]
            }
        );
        assert_eq!(
            cmd("edit 3 \"We are on it.\""),
            Command::Edit {
                draft: 3,
                text: "We are on it.".into()
            }
        );
        assert_eq!(cmd("split #2"), Command::Split { draft: 2 });
        assert_eq!(
            cmd("discard 2 superseded by #3"),
            Command::Discard {
                draft: 2,
                reason: "superseded by #3".into()
            }
        );
        assert_eq!(
            parse_line("ack tweet-2").unwrap(),
            Some(Line::Ack(Some("tweet-2".into())))
        );
        assert_eq!(parse_line("ack").unwrap(), Some(Line::Ack(None)));
        assert_eq!(
            parse_line("reply press-call \"We will call you back by 15:00\"").unwrap(),
            Some(Line::Reply {
                inject: "press-call".into(),
                text: "We will call you back by 15:00".into()
            })
        );
        assert_eq!(
            parse_line("reply press-call no comment yet").unwrap(),
            Some(Line::Reply {
                inject: "press-call".into(),
                text: "no comment yet".into()
            })
        );
        let e = parse_line("reply").unwrap_err();
        assert!(e.message.contains("an inject id"), "{e:?}");
        let e = parse_line("reply press-call").unwrap_err();
        assert_eq!(e.col, 1);
        assert!(e.message.contains("needs the text"), "{e:?}");
        assert!(parse_line("split").is_err());
        assert!(parse_line("edit x text").is_err());
        assert!(parse_line("ack a b").is_err());
        assert_eq!(
            cmd("close resolved"),
            Command::Close {
                outcome: Some(Outcome::Resolved),
                summary: String::new()
            }
        );
        assert_eq!(
            cmd("close"),
            Command::Close {
                outcome: None,
                summary: String::new()
            }
        );
        assert_eq!(
            parse_line("wait 5m").unwrap(),
            Some(Line::Wait(Interval::from_secs(300)))
        );
        assert_eq!(parse_line("   # only a comment").unwrap(), None);
        assert_eq!(parse_line("").unwrap(), None);
        assert!(matches!(
            cmd("amend 3 --at 2026-11-21T09:05:00+09:00 \"really at 09:05\""),
            Command::Amend {
                target: 3,
                occurred_at: Some(_),
                ..
            }
        ));
    }

    #[test]
    fn options_after_free_text_stay_out_of_it() {
        assert_eq!(
            cmd("reject too stiff --by Kim"),
            Command::Reject {
                by: Some("Kim".into()),
                reason: "too stiff".into()
            }
        );
        assert_eq!(
            cmd("reject too --by \"Kim CEO\" stiff   # why"),
            Command::Reject {
                by: Some("Kim CEO".into()),
                reason: "too stiff".into()
            }
        );
        assert!(matches!(
            cmd("amend 3 really at 09:05 --at 2026-11-21T09:05:00+09:00"),
            Command::Amend { target: 3, occurred_at: Some(_), ref text } if text == "really at 09:05"
        ));
        assert_eq!(
            cmd("note  he said \"fine\"  then left # comment"),
            Command::Note {
                text: "he said \"fine\"  then left".into()
            }
        );
    }

    #[test]
    fn errors_name_the_column() {
        let e = parse_line("  frobnicate x").unwrap_err();
        assert_eq!(e.col, 3);
        let e = parse_line("wait 5x").unwrap_err();
        assert_eq!(e.col, 6);
        assert!(
            parse_line("note \"unclosed")
                .unwrap_err()
                .message
                .contains("unclosed")
        );
        assert!(
            parse_line("close maybe")
                .unwrap_err()
                .message
                .contains("unknown outcome")
        );
        assert!(parse_line("choose").unwrap_err().message.contains("needs"));
        assert!(parse_line("back now").is_err());
    }
}
