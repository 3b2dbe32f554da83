//! Splitting a script line into tokens (quoted or not, with their byte ranges), and taking
//! the free text of the rest of a line back out of it.

use super::{ScriptError, err};

/// A token and whether it was quoted.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) text: String,
    pub(super) quoted: bool,
    pub(super) start: usize,
    /// Byte offset just past the token (past the closing quote of a quoted one).
    pub(super) end: usize,
}

/// Splits a line into tokens, stopping at a comment (see below) outside quotes.
pub(super) fn tokenize(line: &str) -> Result<Vec<Tok>, ScriptError> {
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
pub(super) fn rest(
    line: &str,
    toks: &[Tok],
    from: usize,
    cut: &[(usize, usize)],
) -> Option<String> {
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

pub(super) fn col_of(line: &str, t: &Tok) -> usize {
    line[..t.start].chars().count() + 1
}
