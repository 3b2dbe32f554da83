//! Finds where a value sits in RON source, so that semantic errors (a choice to an unknown
//! step, a duplicate id) point at the offending text. A small scanner records every string
//! and char literal with the field it belongs to and the struct it is inside.

use std::collections::HashMap;
use std::ops::Range;

/// A string or char literal in the source.
#[derive(Debug, Clone)]
pub struct Literal {
    /// The field name before the `:` (empty for list elements without a field).
    pub field: String,
    /// The enclosing struct name (`Step`, `Choice`...; empty when the file omits names).
    pub owner: String,
    /// The literal's content, unescaped for the simple escapes ids use.
    pub value: String,
    /// Byte range of the literal including its quotes.
    pub range: Range<usize>,
}

/// An index of the literals in one file.
#[derive(Debug, Default)]
pub struct Locator {
    pub literals: Vec<Literal>,
    /// Byte offsets of struct openings: (name, offset of the name).
    pub structs: Vec<(String, usize)>,
    /// Indexes into `literals` by (field, value), in source order: a lookup per diagnostic
    /// must not scan the file (20,000 diagnostics on a large file stay linear).
    by_field_value: HashMap<(String, String), Vec<usize>>,
    /// The literals with each value, in source order.
    by_value: HashMap<String, Vec<usize>>,
    /// The first literal of each field.
    by_field: HashMap<String, usize>,
    /// The offsets of the structs of each name, in source order.
    by_owner: HashMap<String, Vec<usize>>,
}

impl Locator {
    pub fn new(src: &str) -> Locator {
        let mut loc = Locator::default();
        let b = src.as_bytes();
        let mut i = 0;
        let mut stack: Vec<String> = Vec::new();
        let mut field = String::new();
        let mut ident = String::new();
        let mut ident_start = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    let mut depth = 1;
                    i += 2;
                    while i < b.len() && depth > 0 {
                        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                            depth += 1;
                            i += 2;
                        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                            depth -= 1;
                            i += 2;
                        } else {
                            i += 1;
                        }
                    }
                    continue;
                }
                b'"' | b'\'' => {
                    let start = i;
                    let quote = c;
                    i += 1;
                    let mut value = String::new();
                    while i < b.len() && b[i] != quote {
                        if b[i] == b'\\' && i + 1 < b.len() {
                            match b[i + 1] {
                                b'n' => value.push('\n'),
                                b't' => value.push('\t'),
                                b'"' => value.push('"'),
                                b'\'' => value.push('\''),
                                b'\\' => value.push('\\'),
                                other => {
                                    value.push('\\');
                                    value.push(other as char);
                                }
                            }
                            i += 2;
                            continue;
                        }
                        let ch = src[i..].chars().next().unwrap_or('\u{fffd}');
                        value.push(ch);
                        i += ch.len_utf8().max(1);
                    }
                    i = (i + 1).min(b.len());
                    loc.literals.push(Literal {
                        field: field.clone(),
                        owner: stack.last().cloned().unwrap_or_default(),
                        value,
                        range: start..i,
                    });
                    ident.clear();
                    continue;
                }
                b'r' if b.get(i + 1) == Some(&b'#') || b.get(i + 1) == Some(&b'"') => {
                    // Raw string r#"..."#: skip it whole.
                    let mut j = i + 1;
                    let mut hashes = 0;
                    while b.get(j) == Some(&b'#') {
                        hashes += 1;
                        j += 1;
                    }
                    if b.get(j) == Some(&b'"') {
                        let close: Vec<u8> = std::iter::once(b'"')
                            .chain(std::iter::repeat_n(b'#', hashes))
                            .collect();
                        let body_start = j + 1;
                        let end = src.as_bytes()[body_start..]
                            .windows(close.len())
                            .position(|w| w == close.as_slice())
                            .map(|p| body_start + p + close.len())
                            .unwrap_or(b.len());
                        loc.literals.push(Literal {
                            field: field.clone(),
                            owner: stack.last().cloned().unwrap_or_default(),
                            value: src
                                .get(body_start..end.saturating_sub(close.len()))
                                .unwrap_or("")
                                .to_string(),
                            range: i..end,
                        });
                        i = end;
                        continue;
                    }
                    ident.push('r');
                    ident_start = i;
                    i += 1;
                    continue;
                }
                b'(' => {
                    if !ident.is_empty() {
                        loc.structs.push((ident.clone(), ident_start));
                    }
                    stack.push(std::mem::take(&mut ident));
                    field.clear();
                }
                b'[' | b'{' => {
                    stack.push(String::new());
                    ident.clear();
                }
                b')' | b']' | b'}' => {
                    stack.pop();
                    ident.clear();
                }
                b':' => {
                    field = std::mem::take(&mut ident);
                }
                b',' => {
                    ident.clear();
                }
                c if c.is_ascii_alphanumeric() || c == b'_' => {
                    if ident.is_empty() {
                        ident_start = i;
                    }
                    ident.push(c as char);
                }
                _ => {
                    if !c.is_ascii_whitespace() {
                        ident.clear();
                    }
                }
            }
            i += 1;
        }
        loc.build_indexes();
        loc
    }

    fn build_indexes(&mut self) {
        for (i, l) in self.literals.iter().enumerate() {
            self.by_field_value
                .entry((l.field.clone(), l.value.clone()))
                .or_default()
                .push(i);
            self.by_value.entry(l.value.clone()).or_default().push(i);
            self.by_field.entry(l.field.clone()).or_insert(i);
        }
        for (name, off) in &self.structs {
            self.by_owner.entry(name.clone()).or_default().push(*off);
        }
    }

    /// The range of the `nth` (0-based) literal with this field and value (and owner, when the
    /// file names its structs), falling back to any literal with that value.
    pub fn find(&self, owner: &str, field: &str, value: &str, nth: usize) -> Option<Range<usize>> {
        let same = self
            .by_field_value
            .get(&(field.to_string(), value.to_string()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let exact = same
            .iter()
            .map(|&i| &self.literals[i])
            .filter(|l| l.owner == owner || l.owner.is_empty())
            .nth(nth);
        exact
            .or_else(|| same.get(nth).map(|&i| &self.literals[i]))
            .or_else(|| {
                self.by_value
                    .get(value)
                    .and_then(|v| v.first())
                    .map(|&i| &self.literals[i])
            })
            .map(|l| l.range.clone())
    }

    /// The range of the literal for a field inside the `index`-th struct named `owner`
    /// (e.g. the `id` of the 3rd `Step`).
    pub fn nth_struct_field(&self, owner: &str, index: usize, field: &str) -> Option<Range<usize>> {
        let offsets = self.by_owner.get(owner)?;
        let start = *offsets.get(index)?;
        let next = offsets.get(index + 1).copied().unwrap_or(usize::MAX);
        // Literals are in source order: start at the first one after the struct's name.
        let first = self.literals.partition_point(|l| l.range.start <= start);
        self.literals[first..]
            .iter()
            .take_while(|l| l.range.start < next)
            .find(|l| l.field == field && l.owner == owner)
            .map(|l| l.range.clone())
    }

    /// Where the `index`-th struct named `owner` starts, and where the next of that name does.
    pub fn struct_bounds(&self, owner: &str, index: usize) -> Option<(usize, Option<usize>)> {
        let offsets = self.by_owner.get(owner)?;
        Some((*offsets.get(index)?, offsets.get(index + 1).copied()))
    }

    /// The literals starting inside `range`, in source order.
    pub fn literals_in(&self, range: Range<usize>) -> &[Literal] {
        let a = self
            .literals
            .partition_point(|l| l.range.start < range.start);
        let b = self.literals.partition_point(|l| l.range.start < range.end);
        &self.literals[a..b.max(a)]
    }

    /// The first literal with this value starting at or after `from`.
    pub fn value_from(&self, value: &str, from: usize) -> Option<&Literal> {
        let v = self.by_value.get(value)?;
        let i = v.partition_point(|&i| self.literals[i].range.start < from);
        v.get(i).map(|&i| &self.literals[i])
    }

    /// The index in `literals` of the first literal of this field.
    pub fn first_of_field(&self, field: &str) -> Option<usize> {
        self.by_field.get(field).copied()
    }

    /// Where the `index`-th struct named `owner` starts (its name).
    pub fn nth_struct(&self, owner: &str, index: usize) -> Option<Range<usize>> {
        let o = *self.by_owner.get(owner)?.get(index)?;
        Some(o..o + owner.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_targets() {
        let src = r#"P(steps: [Step(id: "a", // "b" in a comment
            choices: [Choice(label: "go", target: "b")]), Step(id: "b")])"#;
        let loc = Locator::new(src);
        let r = loc.find("Choice", "target", "b", 0).unwrap();
        assert_eq!(&src[r], "\"b\"");
        let r = loc.nth_struct_field("Step", 1, "id").unwrap();
        assert_eq!(&src[r.clone()], "\"b\"");
        assert!(r.start > src.find("Step(id: \"b\"").unwrap());
    }
}
