//! Social-listening CSV exports, read through a [`Profile`]: decoded (UTF-8 or UTF-16, a
//! byte-order mark wins), split into RFC 4180 records (quoted fields, doubled quotes, newlines
//! inside quotes), and each row mapped to a [`Post`] — or rejected with its line number. Every
//! row is accounted for: read, or rejected with why.

use super::profile::{Encoding, Profile};
use super::{Format, Metrics, Parsed, Post, at_handle, clean_text};
use crate::text::neutralize;

/// A row read, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub sha256: String,
    pub parsed: Parsed,
}

/// What a CSV export gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvRead {
    pub rows: Vec<Row>,
    /// `(line, why)` for every row not read.
    pub rejected: Vec<(usize, String)>,
    /// Data rows seen (read + rejected).
    pub data_rows: usize,
    /// The encoding actually used, for the summary.
    pub encoding: &'static str,
}

/// Decodes the file; lines holding undecodable bytes are listed (1-based).
fn decode(bytes: &[u8], profile: &Profile) -> Result<(String, Vec<usize>, &'static str), String> {
    let utf16 = |le: bool, body: &[u8]| {
        let units = body
            .chunks(2)
            .map(|c| {
                if c.len() == 2 {
                    if le {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                } else {
                    0xDC00 // an odd trailing byte: an unpaired surrogate, reported below
                }
            })
            .collect::<Vec<u16>>();
        let mut s = String::with_capacity(units.len());
        let mut bad = Vec::new();
        let mut line = 1;
        for r in char::decode_utf16(units) {
            match r {
                Ok(c) => {
                    if c == '\n' {
                        line += 1;
                    }
                    s.push(c);
                }
                Err(_) => {
                    bad.push(line);
                    s.push('\u{fffd}');
                }
            }
        }
        (s, bad)
    };
    if let Some(b) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (s, bad) = utf16(true, b);
        return Ok((s, bad, "UTF-16LE"));
    }
    if let Some(b) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (s, bad) = utf16(false, b);
        return Ok((s, bad, "UTF-16BE"));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match profile.encoding {
        Encoding::Utf16 => {
            // No byte-order mark: UTF-16LE text has a zero high byte on ASCII characters.
            let zeros = body
                .iter()
                .skip(1)
                .step_by(2)
                .take(4096)
                .filter(|b| **b == 0)
                .count();
            let sample = body.len().min(8192) / 2;
            if sample == 0 || zeros * 2 < sample {
                return Err(format!(
                    "wrong encoding: the {} profile expects UTF-16, but the file has no UTF-16 byte-order mark and does not read as UTF-16 (is it UTF-8? then use a profile with `encoding: Utf8`)",
                    profile.name
                ));
            }
            let (s, bad) = utf16(true, body);
            Ok((s, bad, "UTF-16LE"))
        }
        Encoding::Utf8 => {
            let (s, bad) = utf8_lossy_lines(body);
            if body.len() > 1 && body.iter().take(200).filter(|b| **b == 0).count() > 10 {
                return Err(format!(
                    "wrong encoding: the {} profile expects UTF-8, but the file looks like UTF-16 without a byte-order mark (use `encoding: Utf16`)",
                    profile.name
                ));
            }
            Ok((s, bad, "UTF-8"))
        }
    }
}

fn utf8_lossy_lines(mut b: &[u8]) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(b.len());
    let mut bad = Vec::new();
    loop {
        match std::str::from_utf8(b) {
            Ok(t) => {
                s.push_str(t);
                break;
            }
            Err(e) => {
                let ok = e.valid_up_to();
                // Checked just above: the prefix is valid UTF-8.
                s.push_str(std::str::from_utf8(&b[..ok]).unwrap_or_default());
                bad.push(s.matches('\n').count() + 1);
                s.push('\u{fffd}');
                let skip = e.error_len().unwrap_or(b.len() - ok);
                b = &b[ok + skip..];
            }
        }
    }
    (s, bad)
}

/// RFC 4180 records with the line each starts and ends on; an unterminated quote is an error
/// naming where it opened.
fn records(text: &str, delim: char) -> Result<Vec<(usize, usize, Vec<String>)>, String> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cur.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    cur.push('\n');
                }
                c => cur.push(c),
            }
            continue;
        }
        match c {
            '"' if cur.is_empty() => {
                in_quotes = true;
                quote_line = line;
            }
            c if c == delim => fields.push(std::mem::take(&mut cur)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut cur));
                out.push((start, line, std::mem::take(&mut fields)));
                line += 1;
                start = line;
                any = false;
            }
            c => cur.push(c),
        }
    }
    if in_quotes {
        return Err(format!(
            "line {quote_line}: a quoted field opened here is never closed"
        ));
    }
    if any {
        fields.push(cur);
        out.push((start, line, fields));
    }
    Ok(out)
}

/// Reads a CSV export through `profile`.
pub fn read(bytes: &[u8], profile: &Profile) -> Result<CsvRead, String> {
    let (text, bad_lines, encoding) = decode(bytes, profile)?;
    let recs = records(&text, profile.delimiter_char())?;
    let mut recs = recs.into_iter().skip(profile.skip_lines);
    let Some((hline, _, header)) = recs.next() else {
        return Err("the file holds no header row".into());
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let col = |name: &Option<String>| -> Result<Option<usize>, String> {
        match name {
            None => Ok(None),
            Some(n) => find(&header, n)
                .map(Some)
                .ok_or_else(|| missing(n, hline, &header, profile)),
        }
    };
    let time = find(&header, &profile.time)
        .ok_or_else(|| missing(&profile.time, hline, &header, profile))?;
    let texts: Vec<usize> = profile
        .text
        .iter()
        .map(|t| find(&header, t).ok_or_else(|| missing(t, hline, &header, profile)))
        .collect::<Result<_, _>>()?;
    let (id, author, handle, link) = (
        col(&profile.id)?,
        col(&profile.author)?,
        col(&profile.handle)?,
        col(&profile.link)?,
    );
    let (reach, followers, reposts, replies, likes) = (
        col(&profile.reach)?,
        col(&profile.followers)?,
        col(&profile.reposts)?,
        col(&profile.replies)?,
        col(&profile.likes)?,
    );
    let mut out = CsvRead {
        encoding,
        ..CsvRead::default()
    };
    for (start, end, fields) in recs {
        if fields.len() == 1 && fields[0].trim().is_empty() {
            continue; // a blank line
        }
        out.data_rows += 1;
        if let Some(b) = bad_lines.iter().find(|b| (start..=end).contains(b)) {
            out.rejected.push((
                start,
                format!("undecodable bytes on line {b} (not valid {encoding})"),
            ));
            continue;
        }
        if fields.len() != header.len() {
            out.rejected.push((
                start,
                format!(
                    "{} fields where the header (line {hline}) has {}",
                    fields.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let cell = |i: Option<usize>| i.map(|i| fields[i].trim()).filter(|s| !s.is_empty());
        let num = |i: Option<usize>| {
            cell(i).and_then(|s| {
                s.replace([',', ' ', '\u{a0}'], "")
                    .parse::<f64>()
                    .ok()
                    .map(|f| f.max(0.0) as u64)
            })
        };
        let created_at = match cell(Some(time)) {
            None => {
                out.rejected
                    .push((start, format!("no time in column {:?}", profile.time)));
                continue;
            }
            Some(t) => match profile.parse_time(t) {
                Ok(t) => t,
                Err(e) => {
                    out.rejected.push((
                        start,
                        format!("column {:?}: {}", profile.time, neutralize(&e, false)),
                    ));
                    continue;
                }
            },
        };
        let Some(text) = texts.iter().find_map(|i| cell(Some(*i))) else {
            out.rejected.push((
                start,
                format!("no text in any of the columns {:?}", profile.text),
            ));
            continue;
        };
        let link = cell(link).map(|l| neutralize(l, false));
        let raw: String = fields.join("\u{1f}");
        let sha = super::sha256_hex(raw.as_bytes());
        let id = cell(id)
            .map(|s| neutralize(s, false))
            .or_else(|| link.clone())
            .unwrap_or_else(|| format!("row:{}", &sha[..16]));
        out.rows.push(Row {
            line: start,
            sha256: sha,
            parsed: Parsed {
                format: Format::CsvRow,
                post: Post {
                    id,
                    handle: cell(handle).map(at_handle),
                    author: cell(author).map(|a| neutralize(a, false)),
                    text: clean_text(text),
                    link,
                    created_at: Some(created_at),
                    in_reply_to: None,
                    metrics: Metrics {
                        views: num(reach),
                        followers: num(followers),
                        reposts: num(reposts),
                        replies: num(replies),
                        likes: num(likes),
                        quotes: None,
                    },
                },
            },
        });
    }
    Ok(out)
}

fn find(header: &[String], name: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| h == name)
        .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
}

fn missing(name: &str, line: usize, header: &[String], p: &Profile) -> String {
    format!(
        "line {line}: the {} profile names the column {name:?}, which the header does not have (it has: {})",
        p.name,
        header
            .iter()
            .take(40)
            .map(|h| format!("{:?}", neutralize(h, false)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
