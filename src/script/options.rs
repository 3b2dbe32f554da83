//! The options of a script line (`--force`, `--by NAME`, `--as ROLE`, `--template ID`,
//! `--channel C`, `--statement ID`, `--audience A`, `--at TIME`), pulled out wherever they
//! stand, with where they were so free text taken raw from the line leaves them out.

use chrono::{DateTime, FixedOffset};

use super::tokens::{Tok, col_of};
use super::{ScriptError, err};
use crate::clock::parse_time;
use crate::playbook::{Audience, Channel};

/// The options of a line. `channel`, `statement` and `audience` keep the column they were at.
#[derive(Debug, Default)]
pub(super) struct Options {
    pub(super) force: bool,
    pub(super) by: Option<String>,
    pub(super) role: Option<String>,
    pub(super) template: Option<String>,
    pub(super) channel: Option<(Channel, usize)>,
    pub(super) statement: Option<(String, usize)>,
    pub(super) audience: Option<(Audience, usize)>,
    pub(super) at: Option<DateTime<FixedOffset>>,
    /// The byte ranges the options took up in the line.
    pub(super) cut: Vec<(usize, usize)>,
}

impl Options {
    /// Takes the options out of `toks` (every token after the verb that is not quoted).
    pub(super) fn take(line: &str, toks: &mut Vec<Tok>) -> Result<Options, ScriptError> {
        let mut o = Options::default();
        let mut i = 1;
        while i < toks.len() {
            if toks[i].quoted {
                i += 1;
                continue;
            }
            let flag = toks[i].text.clone();
            let col = col_of(line, &toks[i]);
            match flag.as_str() {
                "--force" | "-f" => {
                    o.force = true;
                    let f = toks.remove(i);
                    o.cut.push((f.start, f.end));
                }
                "--by" => o.by = Some(take_value(toks, &mut o.cut, i, col, &flag)?),
                "--as" => o.role = Some(take_value(toks, &mut o.cut, i, col, &flag)?),
                "--template" | "-t" => {
                    o.template = Some(take_value(toks, &mut o.cut, i, col, &flag)?)
                }
                "--channel" => {
                    o.channel = Some((
                        channel(&take_value(toks, &mut o.cut, i, col, &flag)?, col)?,
                        col,
                    ))
                }
                "--statement" => {
                    o.statement = Some((take_value(toks, &mut o.cut, i, col, &flag)?, col))
                }
                "--audience" => {
                    o.audience = Some((
                        audience(&take_value(toks, &mut o.cut, i, col, &flag)?, col)?,
                        col,
                    ))
                }
                "--at" => {
                    o.at = Some(
                        parse_time(&take_value(toks, &mut o.cut, i, col, &flag)?)
                            .map_err(|e| err(col, e))?,
                    )
                }
                f if f.starts_with("--") => return Err(err(col, format!("unknown option {f}"))),
                _ => i += 1,
            }
        }
        Ok(o)
    }
}

/// Takes the option at `i` and its value out of `toks`, noting the range they took up.
fn take_value(
    toks: &mut Vec<Tok>,
    cut: &mut Vec<(usize, usize)>,
    i: usize,
    col: usize,
    flag: &str,
) -> Result<String, ScriptError> {
    if i + 1 >= toks.len() {
        return Err(err(col, format!("{flag} needs a value")));
    }
    let v = toks.remove(i + 1);
    let f = toks.remove(i);
    cut.push((f.start, v.end));
    Ok(v.text)
}

fn channel(v: &str, col: usize) -> Result<Channel, ScriptError> {
    Channel::parse(v).ok_or_else(|| {
        err(
            col,
            format!("unknown channel {v:?}; channels: tweet, dm, blog, e-mail, press, internal"),
        )
    })
}

fn audience(v: &str, col: usize) -> Result<Audience, ScriptError> {
    Audience::parse(v).ok_or_else(|| {
        err(
            col,
            format!(
                "unknown audience {v:?}; audiences: {}",
                Audience::ALL
                    .iter()
                    .map(|a| a.word())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}
