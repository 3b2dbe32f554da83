//! The verbs of the script language: one function per verb (or per family of verbs), each
//! reading its arguments from the line's tokens once the options are taken out.

use super::options::Options;
use super::tokens::{Tok, col_of, rest};
use super::{Line, ScriptError, VERBS, err};
use crate::duration::Interval;
use crate::engine::Command;
use crate::intake::triage::{Action, Triage};
use crate::playbook::{Outcome, PublicState};

/// A line being parsed: its text, its tokens (options taken out), where the options were, and
/// its verb (lowercased) with the verb's column.
pub(super) struct Parts<'a> {
    pub(super) line: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) cut: Vec<(usize, usize)>,
    pub(super) verb: String,
    pub(super) verb_col: usize,
}

/// The line a verb makes, with the options given.
pub(super) fn parse(p: &Parts<'_>, o: Options) -> Result<Line, ScriptError> {
    let command = Line::Command;
    Ok(match p.verb.as_str() {
        "choose" | "go" => command(p.choose(o.force)?),
        "check" | "tick" => command(Command::Tick { item: p.item()? }),
        "uncheck" | "untick" => command(Command::Untick { item: p.item()? }),
        "set" => command(p.set()?),
        "note" => command(p.note()?),
        "draft" => command(p.draft(o)?),
        "state" => command(p.state()?),
        "post" => command(p.post(o.force)?),
        "edit" => command(p.edit()?),
        "split" => command(p.split()?),
        "discard" => command(p.discard()?),
        "sign" => command(p.sign(o.by, o.role)?),
        "decline" => command(p.decline(o.by, o.role)?),
        "approve" => command(p.approve(o.by)?),
        "reject" => command(p.reject(o.by)),
        "back" => command(p.back()?),
        "amend" => command(p.amend(o.at)?),
        "close" => command(p.close()?),
        "wait" => p.wait()?,
        "pause" => p.alone(Line::Pause)?,
        "resume" => p.alone(Line::Resume)?,
        "triage" => p.triage()?,
        "answered" => p.answered()?,
        "escalate" => p.escalate()?,
        "ack" | "acknowledge" => p.ack()?,
        "reply" => p.reply()?,
        other => {
            return Err(err(
                p.verb_col,
                format!("unknown command {other:?}; commands: {}", VERBS.join(", ")),
            ));
        }
    })
}

impl Parts<'_> {
    /// The text of token `n`, or "`verb` needs WHAT".
    fn arg(&self, n: usize, what: &str) -> Result<String, ScriptError> {
        self.toks
            .get(n)
            .map(|t| t.text.clone())
            .ok_or_else(|| err(self.verb_col, format!("`{}` needs {what}", self.verb)))
    }

    /// Token `n`, or the message given (at the verb).
    fn tok(&self, n: usize, missing: &str) -> Result<&Tok, ScriptError> {
        self.toks.get(n).ok_or_else(|| err(self.verb_col, missing))
    }

    /// Nothing after token `n - 1`.
    fn no_more(&self, n: usize) -> Result<(), ScriptError> {
        match self.toks.get(n) {
            Some(t) => Err(err(
                col_of(self.line, t),
                format!("unexpected {:?} after `{}`", t.text, self.verb),
            )),
            None => Ok(()),
        }
    }

    /// The free text from token `from` on (options left out).
    fn rest(&self, from: usize) -> Option<String> {
        rest(self.line, &self.toks, from, &self.cut)
    }

    /// The free text from token `from` on, or the message given (at the verb).
    fn text(&self, from: usize, missing: &str) -> Result<String, ScriptError> {
        self.rest(from).ok_or_else(|| err(self.verb_col, missing))
    }

    /// The draft number at token `n` (`3` or `#3`), or the message given (at the verb).
    fn draft_at(&self, n: usize, verb: &str, missing: &str) -> Result<u32, ScriptError> {
        draft_number(self.line, self.tok(n, missing)?, verb)
    }

    /// A verb that takes nothing after it.
    fn alone(&self, line: Line) -> Result<Line, ScriptError> {
        self.no_more(1)?;
        Ok(line)
    }

    // The path.

    fn choose(&self, force: bool) -> Result<Command, ScriptError> {
        let choice = self.arg(1, "a choice (target step id, hotkey or number)")?;
        self.no_more(2)?;
        Ok(Command::Choose { choice, force })
    }

    /// The item of `check` and `uncheck`.
    fn item(&self) -> Result<String, ScriptError> {
        let item = self.arg(1, "a checklist item id")?;
        self.no_more(2)?;
        Ok(item)
    }

    fn set(&self) -> Result<Command, ScriptError> {
        let name = self.arg(1, "a variable name and a value")?;
        let value = self.text(2, &format!("`set {name}` needs a value"))?;
        Ok(Command::Set { name, value })
    }

    fn note(&self) -> Result<Command, ScriptError> {
        let text = self.text(1, "`note` needs text")?;
        Ok(Command::Note { text })
    }

    fn back(&self) -> Result<Command, ScriptError> {
        self.no_more(1)?;
        Ok(Command::Back)
    }

    fn amend(
        &self,
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
    ) -> Result<Command, ScriptError> {
        let t = self.tok(
            1,
            "`amend` needs the seq of the event to correct, then the text",
        )?;
        let target = t.text.trim_start_matches('#').parse::<u64>().map_err(|_| {
            err(
                col_of(self.line, t),
                format!("`amend` needs an event number, not {:?}", t.text),
            )
        })?;
        let text = self.text(2, "`amend` needs the correction text")?;
        Ok(Command::Amend {
            target,
            occurred_at: at,
            text,
        })
    }

    fn close(&self) -> Result<Command, ScriptError> {
        let (outcome, from) = match self.toks.get(1) {
            Some(t) if !t.quoted => match Outcome::parse(&t.text) {
                Some(o) => (Some(o), 2),
                None => {
                    return Err(err(
                        col_of(self.line, t),
                        format!(
                            "unknown outcome {:?}; use resolved, handed_off_to_cs, no_response_needed or escalated",
                            t.text
                        ),
                    ));
                }
            },
            _ => (None, 1),
        };
        Ok(Command::Close {
            outcome,
            summary: self.rest(from).unwrap_or_default(),
        })
    }

    fn state(&self) -> Result<Command, ScriptError> {
        let t = self.tok(
            1,
            "`state` needs the public state: investigating, identified, monitoring or resolved",
        )?;
        let state = PublicState::parse(&t.text).ok_or_else(|| {
            err(
                col_of(self.line, t),
                format!(
                    "unknown public state {:?}; states: investigating, identified, monitoring, resolved",
                    t.text
                ),
            )
        })?;
        self.no_more(2)?;
        Ok(Command::SetPublicState { state })
    }

    // Drafts.

    /// `draft`: from a holding statement (`--statement`), on a channel or for an audience
    /// (`--channel`, `--audience`), or from a template or a text.
    fn draft(&self, o: Options) -> Result<Command, ScriptError> {
        if let Some((id, col)) = o.statement {
            if o.template.is_some() || o.channel.is_some() || o.audience.is_some() {
                return Err(err(
                    col,
                    "`--statement` takes its channel, audience and text from the statement",
                ));
            }
            self.no_more(1)?;
            return Ok(Command::UseStatement { id });
        }
        if o.channel.is_some() || o.audience.is_some() {
            let col = o
                .channel
                .map(|(_, c)| c)
                .or(o.audience.map(|(_, c)| c))
                .unwrap_or(self.verb_col);
            if o.template.is_some() {
                return Err(err(
                    col,
                    "`--channel` and `--audience` do not go with `--template` (a template has its own)",
                ));
            }
            return Ok(Command::SaveDraftOn {
                channel: o.channel.map(|(c, _)| c),
                audience: o.audience.map(|(a, _)| a),
                text: self.text(1, "`draft --channel/--audience` needs the text")?,
            });
        }
        Ok(Command::SaveDraft {
            template: o.template,
            text: self.rest(1),
        })
    }

    fn post(&self, force: bool) -> Result<Command, ScriptError> {
        let draft = match self.toks.get(1) {
            Some(t) => Some(draft_number(self.line, t, "post")?),
            None => None,
        };
        self.no_more(2)?;
        Ok(Command::Post { draft, force })
    }

    fn edit(&self) -> Result<Command, ScriptError> {
        let draft = self.draft_at(1, "edit", "`edit` needs a draft number, then the new text")?;
        let text = self.text(2, "`edit` needs the new text after the number")?;
        Ok(Command::Edit { draft, text })
    }

    fn split(&self) -> Result<Command, ScriptError> {
        let draft = self.draft_at(1, "split", "`split` needs a draft number")?;
        self.no_more(2)?;
        Ok(Command::Split { draft })
    }

    fn discard(&self) -> Result<Command, ScriptError> {
        let draft = self.draft_at(1, "discard", "`discard` needs a draft number")?;
        Ok(Command::Discard {
            draft,
            reason: self.rest(2).unwrap_or_default(),
        })
    }

    fn sign(&self, by: Option<String>, role: Option<String>) -> Result<Command, ScriptError> {
        let draft = self.draft_at(1, "sign", "`sign` needs a draft number")?;
        self.no_more(2)?;
        Ok(Command::SignOff { draft, by, role })
    }

    fn decline(&self, by: Option<String>, role: Option<String>) -> Result<Command, ScriptError> {
        let draft = self.draft_at(
            1,
            "decline",
            "`decline` needs a draft number, then the reason",
        )?;
        let reason = self.text(2, "`decline N` needs the reason")?;
        Ok(Command::Decline {
            draft,
            by,
            role,
            reason,
        })
    }

    fn approve(&self, by: Option<String>) -> Result<Command, ScriptError> {
        let drafts = self.toks[1..]
            .iter()
            .map(|t| draft_number(self.line, t, "approve"))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Command::Approve { by, drafts })
    }

    fn reject(&self, by: Option<String>) -> Command {
        let reason = self.rest(1).unwrap_or_default();
        Command::Reject { by, reason }
    }

    // The clock and the drill.

    fn wait(&self) -> Result<Line, ScriptError> {
        let t = self.tok(1, "`wait` needs a time span such as 5m")?;
        let span = Interval::parse(&t.text).map_err(|e| err(col_of(self.line, t), e))?;
        self.no_more(2)?;
        Ok(Line::Wait(span))
    }

    fn ack(&self) -> Result<Line, ScriptError> {
        self.no_more(2)?;
        Ok(Line::Ack(self.toks.get(1).map(|t| t.text.clone())))
    }

    fn reply(&self) -> Result<Line, ScriptError> {
        let inject = self.arg(1, "an inject id and the text (`reply press-call \"…\"`)")?;
        let text = self.text(2, &format!("`reply {inject}` needs the text of the reply"))?;
        Ok(Line::Reply { inject, text })
    }

    // Mentions of a feed.

    fn triage(&self) -> Result<Line, ScriptError> {
        let id = self.arg(1, "a mention id and one of pr, cs, sales, idea, ignore")?;
        let t = self.tok(2, "`triage ID` needs one of pr, cs, sales, idea, ignore")?;
        let category = Triage::parse(&t.text).map_err(|e| err(col_of(self.line, t), e))?;
        self.no_more(3)?;
        Ok(Line::Mention {
            id,
            action: Action::Triage(category),
        })
    }

    fn answered(&self) -> Result<Line, ScriptError> {
        let id = self.arg(1, "a mention id and a draft number (`answered ID 3`)")?;
        let draft = self.draft_at(
            2,
            "answered",
            "`answered ID` needs the draft number that answered it",
        )?;
        self.no_more(3)?;
        Ok(Line::Mention {
            id,
            action: Action::AnsweredBy(draft),
        })
    }

    fn escalate(&self) -> Result<Line, ScriptError> {
        let id = self.arg(1, "a mention id and a reason")?;
        let reason = self.text(2, "`escalate ID` needs the reason")?;
        Ok(Line::Mention {
            id,
            action: Action::Escalate(reason),
        })
    }
}

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
