//! Draft templates: `{variable}` placeholders, `{{`/`}}` for literal braces.

use std::collections::BTreeMap;

/// The placeholder warroom fills itself in an update: when the audience's next update is due
/// (HH:MM).
pub const NEXT_UPDATE: &str = "next_update";

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(String),
    /// A placeholder name and its byte offset (of the `{`) in the template text.
    Var(&'a str, usize),
}

/// Parses a template; the error names the byte offset in the template text and the problem.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, (usize, String)> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = bytes[i];
        if c == b'{' {
            if bytes.get(i + 1) == Some(&b'{') {
                lit.push('{');
                i += 2;
                continue;
            }
            let Some(close) = text[i + 1..].find('}') else {
                return Err((i, "unclosed `{` (write `{{` for a literal brace)".into()));
            };
            let name = &text[i + 1..i + 1 + close];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                return Err((
                    i,
                    format!("bad placeholder {{{name}}} (a variable id, or `{{{{` for a brace)"),
                ));
            }
            if !lit.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut lit)));
            }
            pieces.push(Piece::Var(name, i));
            i += close + 2;
        } else if c == b'}' {
            if bytes.get(i + 1) == Some(&b'}') {
                lit.push('}');
                i += 2;
                continue;
            }
            return Err((i, "stray `}` (write `}}` for a literal brace)".into()));
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
            lit.push(ch);
            i += ch.len_utf8();
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Text(lit));
    }
    Ok(pieces)
}

/// The placeholder names in a template, in order (empty when the template does not parse).
pub fn placeholders(text: &str) -> Vec<&str> {
    parse(text)
        .map(|p| {
            p.into_iter()
                .filter_map(|p| match p {
                    Piece::Var(n, _) => Some(n),
                    Piece::Text(_) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The text with placeholders removed: what is fixed whatever the variables hold.
pub fn static_text(text: &str) -> String {
    parse(text)
        .map(|p| {
            p.into_iter()
                .filter_map(|p| match p {
                    Piece::Text(t) => Some(t),
                    Piece::Var(..) => None,
                })
                .collect()
        })
        .unwrap_or_else(|_| text.to_string())
}

/// Fills in the placeholders that have values; unset ones stay visible as `{name}` so the team
/// sees what is still to fill in. A template that does not parse is returned as written.
pub fn render(text: &str, values: &BTreeMap<String, String>) -> String {
    match parse(text) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t,
                Piece::Var(n, _) => values.get(n).cloned().unwrap_or_else(|| format!("{{{n}}}")),
            })
            .collect(),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_escapes() {
        let mut v = BTreeMap::new();
        v.insert("handle".to_string(), "@kim".to_string());
        assert_eq!(
            render("{{hi}} {handle} {summary}", &v),
            "{hi} @kim {summary}"
        );
        assert_eq!(placeholders("a {x} b {y-z}"), vec!["x", "y-z"]);
        assert_eq!(static_text("a {x} b"), "a  b");
        assert!(parse("oops {x").is_err());
        assert!(parse("oops } x").is_err());
        assert!(parse("a {bad name}").is_err());
    }
}
