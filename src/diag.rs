//! Diagnostics with a file, line and column, rendered with the offending source line
//! (miette's graphical report) after a one-line `file:line:col: error: message` summary.

use std::fmt::Write as _;
use std::ops::Range;

use crate::text::{is_hidden, neutralize};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

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
        let src = &displayable(src);
        let mut d = MietteDiagnostic::new(neutralize(&self.message, false)).with_severity(
            match self.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
        );
        let len = span
            .end
            .saturating_sub(span.start)
            .max(usize::from(span.start < src.len()));
        d = d.with_label(LabeledSpan::new(
            self.label.as_deref().map(|l| neutralize(l, false)),
            span.start,
            len.min(src.len().saturating_sub(span.start)),
        ));
        if let Some(h) = &self.help {
            d = d.with_help(neutralize(h, false));
        }
        let report = miette::Report::new(d).with_source_code(NamedSource::new(
            neutralize(&self.file, false),
            src.to_string(),
        ));
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
}
