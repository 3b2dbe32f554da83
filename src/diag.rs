//! Diagnostics with a file, line and column, rendered with the offending source line
//! (miette's graphical report) after a one-line `file:line:col: error: message` summary.

use std::fmt::Write as _;
use std::ops::Range;

use crate::text::{is_hidden, neutralize};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based line and column (column counted in characters); 0 when the file has no position.
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// Byte range in the source the message points at.
    pub span: Option<Range<usize>>,
    /// The short label under the pointed-at text.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: 0,
            col: 0,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a byte range of `source`, computing line and column.
    pub fn at(mut self, source: &str, span: Range<usize>) -> Diagnostic {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let (line, col) = line_col(source, start);
        self.line = line;
        self.col = col;
        self.span = Some(start..end);
        self
    }

    /// Points the diagnostic at a byte range of `source` without computing line and column
    /// yet: [`resolve_positions`] computes them for many diagnostics in one pass (computing each
    /// alone scans the file up to it, quadratic in the number of diagnostics).
    pub fn pointing(mut self, source: &str, span: Range<usize>) -> Diagnostic {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        self.line = 0;
        self.col = 0;
        self.span = Some(start..end);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: error: message` (without position when there is none).
    pub fn summary(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // File names and messages quote the file's own text: never let it drive the terminal.
        let file = neutralize(&self.file, false);
        let message = neutralize(&self.message, false);
        if self.line > 0 {
            format!("{file}:{}:{}: {sev}: {message}", self.line, self.col)
        } else {
            format!("{file}: {sev}: {message}")
        }
    }

    /// The summary line, then the source excerpt with the pointed-at text underlined.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let mut out = self.summary();
        out.push('\n');
        let (Some(src), Some(span)) = (source, self.span.clone()) else {
            if let Some(h) = &self.help {
                let _ = writeln!(out, "  help: {}", neutralize(h, false));
            }
            return out;
        };
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let win = Window::around(src, start, end, self.line);
        if win.longest_line > LONG_LINE {
            out.push_str(&excerpt(src, start, self.label.as_deref()));
            if let Some(h) = &self.help {
                let _ = writeln!(out, "  help: {}", neutralize(h, false));
            }
            return out;
        }
        let mut d = MietteDiagnostic::new(neutralize(&self.message, false)).with_severity(
            match self.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
        );
        let len = end
            .saturating_sub(start)
            .max(usize::from(start < src.len()));
        d = d.with_label(LabeledSpan::new(
            self.label.as_deref().map(|l| neutralize(l, false)),
            start,
            len.min(win.offset + win.text.len() - start),
        ));
        if let Some(h) = &self.help {
            d = d.with_help(neutralize(h, false));
        }
        let report = miette::Report::new(d).with_source_code(NamedWindow {
            name: neutralize(&self.file, false),
            win,
        });
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100);
        let mut rendered = String::new();
        if handler
            .render_report(&mut rendered, report.as_ref())
            .is_ok()
        {
            out.push_str(&rendered);
        }
        out
    }
}

/// A source line longer than this is not handed to miette (its renderer fails past column
/// 65,535 and lays out the whole line): a short excerpt around the column is shown instead.
const LONG_LINE: usize = 2_000;

/// The lines around a span (one before, one after, as rendered), made displayable: all miette
/// is given, so rendering a diagnostic costs the size of its lines, not of the file.
struct Window {
    text: String,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 0-based line number of its first line.
    first_line: usize,
    longest_line: usize,
}

impl Window {
    /// `line`: the 1-based line of `start` when known (0: count it).
    fn around(src: &str, start: usize, end: usize, line: usize) -> Window {
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let from = if line_start == 0 {
            0
        } else {
            src[..line_start - 1].rfind('\n').map_or(0, |i| i + 1)
        };
        let end_line_end = src[end..].find('\n').map_or(src.len(), |i| end + i);
        let to = if end_line_end >= src.len() {
            src.len()
        } else {
            src[end_line_end + 1..]
                .find('\n')
                .map_or(src.len(), |i| end_line_end + 1 + i)
        };
        let raw = &src[from..to];
        Window {
            text: displayable(raw),
            offset: from,
            first_line: match line {
                0 => line_number_at(src, from),
                n if from < line_start => n.saturating_sub(2),
                n => n - 1,
            },
            longest_line: raw.split('\n').map(str::len).max().unwrap_or(0),
        }
    }
}

/// The 0-based line number at a byte offset (counting newlines: fast, one pass of bytes).
fn line_number_at(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// A [`Window`] as miette's source: spans in file offsets, lines numbered as in the file.
struct NamedWindow {
    name: String,
    win: Window,
}

impl miette::SourceCode for NamedWindow {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let local = miette::SourceSpan::new(
            span.offset().saturating_sub(self.win.offset).into(),
            span.len(),
        );
        let c = self.win.text.as_str().read_span(&local, before, after)?;
        // miette counts the column in bytes; the summary line counts characters (Hangul is
        // three bytes a character): count characters here too, so both say the same column.
        let text = self.win.text.as_str();
        let at = floor_char_boundary(text, c.span().offset().min(text.len()));
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..at].chars().count();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            miette::SourceSpan::new((c.span().offset() + self.win.offset).into(), c.span().len()),
            c.line() + self.win.first_line,
            column,
            c.line_count(),
        )))
    }
}

/// A plain excerpt of a very long line: up to 40 characters either side of the column, with a
/// caret under it.
fn excerpt(src: &str, start: usize, label: Option<&str>) -> String {
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let before: Vec<char> = src[line_start..start].chars().rev().take(40).collect();
    let after: String = src[start..line_end].chars().take(40).collect();
    let lead = if before.len() == 40 { "…" } else { "" };
    let tail = if src[start..line_end].chars().nth(40).is_some() {
        "…"
    } else {
        ""
    };
    let before: String = before.into_iter().rev().collect();
    let shown_before = neutralize(&before, false);
    let pad = lead.chars().count() + shown_before.chars().count();
    let mut out = format!(
        "  │ {lead}{shown_before}{}{tail}\n  │ {}^",
        neutralize(&after, false),
        " ".repeat(pad)
    );
    if let Some(l) = label {
        out.push(' ');
        out.push_str(&neutralize(l, false));
    }
    out.push_str("\n  (the line is too long to show whole)\n");
    out
}

/// The source as shown under a diagnostic: every control or hidden character (`text::is_hidden`)
/// replaced by a visible stand-in of the same UTF-8 length, so byte spans stay valid and a
/// hostile file cannot drive the terminal. Newlines, tabs and the `\r` of a CRLF are kept.
fn displayable(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !(c.is_control() || is_hidden(c)),
        };
        if keep {
            out.push(c);
        } else {
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('\u{bf}'),
                3 => out.push('\u{fffd}'),
                _ => out.push_str("\u{fffd}?"),
            }
        }
    }
    out
}

/// Fills in the line and column of every diagnostic that has a span but no position yet
/// (see [`Diagnostic::pointing`]), in one pass over `source`.
pub fn resolve_positions(diags: &mut [Diagnostic], source: &str) {
    let mut order: Vec<(usize, usize)> = diags
        .iter()
        .enumerate()
        .filter(|(_, d)| d.line == 0)
        .filter_map(|(i, d)| d.span.as_ref().map(|s| (s.start, i)))
        .collect();
    order.sort_unstable();
    let (mut pos, mut line, mut col) = (0usize, 1usize, 1usize);
    for (start, i) in order {
        let target = floor_char_boundary(source, start.min(source.len()));
        let seg = &source[pos..target];
        match seg.rfind('\n') {
            Some(last) => {
                line += seg.bytes().filter(|&b| b == b'\n').count();
                col = seg[last + 1..].chars().count() + 1;
            }
            None => col += seg.chars().count(),
        }
        pos = target;
        diags[i].line = line;
        diags[i].col = col;
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column (clamped to the source).
pub fn offset_of(source: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += l.len();
    }
    source.len()
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let src = "ab\n가나다 x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), (2, 5));
        assert_eq!(offset_of(src, 2, 5), x);
        let d = Diagnostic::error("f.ron", "bad")
            .at(src, x..x + 1)
            .label("here");
        let r = d.render(Some(src), false);
        assert!(r.starts_with("f.ron:2:5: error: bad\n"), "{r}");
        assert!(r.contains("가나다 x"), "{r}");
    }

    #[test]
    fn positions_resolved_together_are_those_computed_alone() {
        let src = "ab\n가나다 x\n\nlast 줄 here";
        let offsets: Vec<usize> = (0..=src.len()).rev().collect();
        let mut diags: Vec<Diagnostic> = offsets
            .iter()
            .map(|&o| Diagnostic::error("f", "m").pointing(src, o..o + 1))
            .collect();
        resolve_positions(&mut diags, src);
        for d in &diags {
            let start = d.span.clone().unwrap().start;
            assert_eq!((d.line, d.col), line_col(src, start), "at {start}");
        }
    }
}
