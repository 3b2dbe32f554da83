//! The headless script language: one command per line, `#` comments, `"quoted text"`.
//! The same vocabulary as the keyboard; see docs/script-format.md.

use chrono::{DateTime, FixedOffset};

use crate::clock::parse_time;
use crate::duration::Interval;
use crate::engine::Command;
use crate::playbook::Outcome;

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
    /// With a feed: triage a mention, link it to the draft that answered it, or escalate it.
    Mention {
        id: String,
        action: crate::intake::triage::Action,
    },
}

/// A token and whether it was quoted.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    quoted: bool,
    start: usize,
    /// Byte offset just past the token (past the closing quote of a quoted one).
    end: usize,
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

/// Splits a line into tokens, stopping at a comment (see below) outside quotes.
fn tokenize(line: &str) -> Result<Vec<Tok>, ScriptError> {
    let mut toks = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        // A comment: `#` as the first thing on the line, or `#` followed by a blank or the end
        // of the line. `#3` in text and `post #2` are not comments.
        if c == '#'
            && (toks.is_empty() || line[i + 1..].chars().next().is_none_or(char::is_whitespace))
        {
            break;
        }
        if c == '"' {
            chars.next();
            let mut text = String::new();
            let mut closed = None;
            while let Some((j, c)) = chars.next() {
                match c {
                    '"' => {
                        closed = Some(j + 1);
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, 't')) => text.push('\t'),
                        Some((_, '"')) => text.push('"'),
                        Some((_, '\\')) => text.push('\\'),
                        Some((_, other)) => {
                            text.push('\\');
                            text.push(other);
                        }
                        None => break,
                    },
                    c => text.push(c),
                }
            }
            let Some(end) = closed else {
                return Err(err(line[..i].chars().count() + 1, "unclosed quote"));
            };
            toks.push(Tok {
                text,
                quoted: true,
                start: i,
                end,
            });
            continue;
        }
        let start = i;
        let mut text = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            text.push(c);
            chars.next();
        }
        toks.push(Tok {
            end: start + text.len(),
            text,
            quoted: false,
            start,
        });
    }
    Ok(toks)
}

/// The text of the rest of a line from token `from`: one quoted token's content, or the raw
/// text from that token to the last one (so never a comment), with the options taken out of it
/// (`cut`: their byte ranges).
fn rest(line: &str, toks: &[Tok], from: usize, cut: &[(usize, usize)]) -> Option<String> {
    let first = toks.get(from)?;
    if first.quoted && toks.len() == from + 1 {
        return Some(first.text.clone());
    }
    let last = toks.last()?;
    let mut pieces = Vec::new();
    let mut at = first.start;
    for &(s, e) in cut
        .iter()
        .filter(|(s, _)| *s > first.start && *s < last.end)
    {
        pieces.push(line[at..s].trim());
        at = e;
    }
    pieces.push(line[at..last.end].trim());
    Some(
        pieces
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn col_of(line: &str, t: &Tok) -> usize {
    line[..t.start].chars().count() + 1
}

/// Every verb of the language, as an unknown command's error lists them.
pub const VERBS: &[&str] = &[
    "choose", "check", "uncheck", "set", "note", "draft", "edit", "split", "discard", "post",
    "sign", "decline", "approve", "reject", "back", "amend", "close", "state", "wait", "pause",
    "resume", "ack", "triage", "answered", "escalate",
];

/// A draft number token (`3` or `#3`).
fn draft_number(line: &str, t: &Tok, verb: &str) -> Result<u32, ScriptError> {
    t.text
        .trim_start_matches('#')
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            err(
                col_of(line, t),
                format!("`{verb}` takes a draft number, not {:?}", t.text),
            )
        })
}

/// Parses one line. `Ok(None)` for blank and comment lines.
pub fn parse_line(line: &str) -> Result<Option<Line>, ScriptError> {
    let mut toks = tokenize(line)?;
    if toks.is_empty() {
        return Ok(None);
    }
    let verb = toks[0].text.to_ascii_lowercase();
    let verb_col = col_of(line, &toks[0]);
    // Pull out flags wherever they are.
    let mut force = false;
    let mut by: Option<String> = None;
    let mut role: Option<String> = None;
    let mut template: Option<String> = None;
    let mut channel: Option<(crate::playbook::Channel, usize)> = None;
    let mut statement: Option<(String, usize)> = None;
    let mut audience: Option<(crate::playbook::Audience, usize)> = None;
    let mut at: Option<DateTime<FixedOffset>> = None;
    // Where the options were, so that free text taken raw from the line leaves them out.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 1;
    while i < toks.len() {
        if toks[i].quoted {
            i += 1;
            continue;
        }
        let flag = toks[i].text.clone();
        let col = col_of(line, &toks[i]);
        let take_value = |toks: &mut Vec<Tok>,
                          cut: &mut Vec<(usize, usize)>,
                          i: usize|
         -> Result<String, ScriptError> {
            if i + 1 >= toks.len() {
                return Err(err(col, format!("{flag} needs a value")));
            }
            let v = toks.remove(i + 1);
            let f = toks.remove(i);
            cut.push((f.start, v.end));
            Ok(v.text)
        };
        match flag.as_str() {
            "--force" | "-f" => {
                force = true;
                let f = toks.remove(i);
                cut.push((f.start, f.end));
            }
            "--by" => by = Some(take_value(&mut toks, &mut cut, i)?),
            "--as" => role = Some(take_value(&mut toks, &mut cut, i)?),
            "--template" | "-t" => template = Some(take_value(&mut toks, &mut cut, i)?),
            "--channel" => {
                let v = take_value(&mut toks, &mut cut, i)?;
                let c = crate::playbook::Channel::parse(&v).ok_or_else(|| {
                    err(
                        col,
                        format!(
                            "unknown channel {v:?}; channels: tweet, dm, blog, e-mail, press, internal"
                        ),
                    )
                })?;
                channel = Some((c, col));
            }
            "--statement" => statement = Some((take_value(&mut toks, &mut cut, i)?, col)),
            "--audience" => {
                let v = take_value(&mut toks, &mut cut, i)?;
                let a = crate::playbook::Audience::parse(&v).ok_or_else(|| {
                    err(
                        col,
                        format!(
                            "unknown audience {v:?}; audiences: {}",
                            crate::playbook::Audience::ALL
                                .iter()
                                .map(|a| a.word())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
                audience = Some((a, col));
            }
            "--at" => {
                let v = take_value(&mut toks, &mut cut, i)?;
                at = Some(parse_time(&v).map_err(|e| err(col, e))?);
            }
            f if f.starts_with("--") => return Err(err(col, format!("unknown option {f}"))),
            _ => i += 1,
        }
    }
    let arg = |n: usize, what: &str| -> Result<String, ScriptError> {
        toks.get(n)
            .map(|t| t.text.clone())
            .ok_or_else(|| err(verb_col, format!("`{verb}` needs {what}")))
    };
    let no_more = |n: usize| -> Result<(), ScriptError> {
        match toks.get(n) {
            Some(t) => Err(err(
                col_of(line, t),
                format!("unexpected {:?} after `{verb}`", t.text),
            )),
            None => Ok(()),
        }
    };
    if role.is_some() && !matches!(verb.as_str(), "sign" | "decline") {
        return Err(err(verb_col, "`--as ROLE` goes with `sign` and `decline`"));
    }
    let cmd = match verb.as_str() {
        "choose" | "go" => {
            let choice = arg(1, "a choice (target step id, hotkey or number)")?;
            no_more(2)?;
            Command::Choose { choice, force }
        }
        "check" | "tick" => {
            let item = arg(1, "a checklist item id")?;
            no_more(2)?;
            Command::Tick { item }
        }
        "uncheck" | "untick" => {
            let item = arg(1, "a checklist item id")?;
            no_more(2)?;
            Command::Untick { item }
        }
        "set" => {
            let name = arg(1, "a variable name and a value")?;
            let value = rest(line, &toks, 2, &cut)
                .ok_or_else(|| err(verb_col, format!("`set {name}` needs a value")))?;
            Command::Set { name, value }
        }
        "note" => {
            let text =
                rest(line, &toks, 1, &cut).ok_or_else(|| err(verb_col, "`note` needs text"))?;
            Command::Note { text }
        }
        "draft" if statement.is_some() => {
            let Some((id, col)) = statement else {
                unreachable!("guarded")
            };
            if template.is_some() || channel.is_some() || audience.is_some() {
                return Err(err(
                    col,
                    "`--statement` takes its channel, audience and text from the statement",
                ));
            }
            no_more(1)?;
            Command::UseStatement { id }
        }
        "draft" if channel.is_some() || audience.is_some() => {
            let col = channel
                .map(|(_, c)| c)
                .or(audience.map(|(_, c)| c))
                .unwrap_or(verb_col);
            if template.is_some() {
                return Err(err(
                    col,
                    "`--channel` and `--audience` do not go with `--template` (a template has its own)",
                ));
            }
            Command::SaveDraftOn {
                channel: channel.map(|(c, _)| c),
                audience: audience.map(|(a, _)| a),
                text: rest(line, &toks, 1, &cut)
                    .ok_or_else(|| err(verb_col, "`draft --channel/--audience` needs the text"))?,
            }
        }
        "draft" => Command::SaveDraft {
            template,
            text: rest(line, &toks, 1, &cut),
        },
        "state" => {
            let t = toks.get(1).ok_or_else(|| {
                err(
                    verb_col,
                    "`state` needs the public state: investigating, identified, monitoring or resolved",
                )
            })?;
            let state = crate::playbook::PublicState::parse(&t.text).ok_or_else(|| {
                err(
                    col_of(line, t),
                    format!(
                        "unknown public state {:?}; states: investigating, identified, monitoring, resolved",
                        t.text
                    ),
                )
            })?;
            no_more(2)?;
            Command::SetPublicState { state }
        }
        "post" => {
            let draft = match toks.get(1) {
                Some(t) => Some(draft_number(line, t, "post")?),
                None => None,
            };
            no_more(2)?;
            Command::Post { draft, force }
        }
        "edit" => {
            let t = toks
                .get(1)
                .ok_or_else(|| err(verb_col, "`edit` needs a draft number, then the new text"))?;
            let draft = draft_number(line, t, "edit")?;
            let text = rest(line, &toks, 2, &cut)
                .ok_or_else(|| err(verb_col, "`edit` needs the new text after the number"))?;
            Command::Edit { draft, text }
        }
        "split" => {
            let t = toks
                .get(1)
                .ok_or_else(|| err(verb_col, "`split` needs a draft number"))?;
            let draft = draft_number(line, t, "split")?;
            no_more(2)?;
            Command::Split { draft }
        }
        "discard" => {
            let t = toks
                .get(1)
                .ok_or_else(|| err(verb_col, "`discard` needs a draft number"))?;
            let draft = draft_number(line, t, "discard")?;
            Command::Discard {
                draft,
                reason: rest(line, &toks, 2, &cut).unwrap_or_default(),
            }
        }
        "sign" => {
            let t = toks
                .get(1)
                .ok_or_else(|| err(verb_col, "`sign` needs a draft number"))?;
            let draft = draft_number(line, t, "sign")?;
            no_more(2)?;
            Command::SignOff { draft, by, role }
        }
        "decline" => {
            let t = toks
                .get(1)
                .ok_or_else(|| err(verb_col, "`decline` needs a draft number, then the reason"))?;
            let draft = draft_number(line, t, "decline")?;
            let reason = rest(line, &toks, 2, &cut)
                .ok_or_else(|| err(verb_col, "`decline N` needs the reason"))?;
            Command::Decline {
                draft,
                by,
                role,
                reason,
            }
        }
        "approve" => {
            let drafts = toks[1..]
                .iter()
                .map(|t| draft_number(line, t, "approve"))
                .collect::<Result<Vec<_>, _>>()?;
            Command::Approve { by, drafts }
        }
        "reject" => {
            let reason = rest(line, &toks, 1, &cut).unwrap_or_default();
            Command::Reject { by, reason }
        }
        "back" => {
            no_more(1)?;
            Command::Back
        }
        "amend" => {
            let t = toks.get(1).ok_or_else(|| {
                err(
                    verb_col,
                    "`amend` needs the seq of the event to correct, then the text",
                )
            })?;
            let target = t.text.trim_start_matches('#').parse::<u64>().map_err(|_| {
                err(
                    col_of(line, t),
                    format!("`amend` needs an event number, not {:?}", t.text),
                )
            })?;
            let text = rest(line, &toks, 2, &cut)
                .ok_or_else(|| err(verb_col, "`amend` needs the correction text"))?;
            Command::Amend {
                target,
                occurred_at: at,
                text,
            }
        }
        "close" => {
            let (outcome, from) = match toks.get(1) {
                Some(t) if !t.quoted => match Outcome::parse(&t.text) {
                    Some(o) => (Some(o), 2),
                    None => {
                        return Err(err(
                            col_of(line, t),
                            format!(
                                "unknown outcome {:?}; use resolved, handed_off_to_cs, no_response_needed or escalated",
                                t.text
                            ),
                        ));
                    }
                },
                _ => (None, 1),
            };
            Command::Close {
                outcome,
                summary: rest(line, &toks, from, &cut).unwrap_or_default(),
            }
        }
        "wait" => {
            let t = toks
                .get(1)
                .ok_or_else(|| err(verb_col, "`wait` needs a time span such as 5m"))?;
            let span = Interval::parse(&t.text).map_err(|e| err(col_of(line, t), e))?;
            no_more(2)?;
            return Ok(Some(Line::Wait(span)));
        }
        "pause" => {
            no_more(1)?;
            return Ok(Some(Line::Pause));
        }
        "resume" => {
            no_more(1)?;
            return Ok(Some(Line::Resume));
        }
        "triage" => {
            let id = arg(1, "a mention id and one of pr, cs, sales, idea, ignore")?;
            let t = toks.get(2).ok_or_else(|| {
                err(
                    verb_col,
                    "`triage ID` needs one of pr, cs, sales, idea, ignore",
                )
            })?;
            let category = crate::intake::triage::Triage::parse(&t.text)
                .map_err(|e| err(col_of(line, t), e))?;
            no_more(3)?;
            return Ok(Some(Line::Mention {
                id,
                action: crate::intake::triage::Action::Triage(category),
            }));
        }
        "answered" => {
            let id = arg(1, "a mention id and a draft number (`answered ID 3`)")?;
            let t = toks.get(2).ok_or_else(|| {
                err(
                    verb_col,
                    "`answered ID` needs the draft number that answered it",
                )
            })?;
            let draft = draft_number(line, t, "answered")?;
            no_more(3)?;
            return Ok(Some(Line::Mention {
                id,
                action: crate::intake::triage::Action::AnsweredBy(draft),
            }));
        }
        "escalate" => {
            let id = arg(1, "a mention id and a reason")?;
            let reason = rest(line, &toks, 2, &cut)
                .ok_or_else(|| err(verb_col, "`escalate ID` needs the reason"))?;
            return Ok(Some(Line::Mention {
                id,
                action: crate::intake::triage::Action::Escalate(reason),
            }));
        }
        "ack" | "acknowledge" => {
            no_more(2)?;
            return Ok(Some(Line::Ack(toks.get(1).map(|t| t.text.clone()))));
        }
        other => {
            return Err(err(
                verb_col,
                format!("unknown command {other:?}; commands: {}", VERBS.join(", ")),
            ));
        }
    };
    Ok(Some(Line::Command(cmd)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
