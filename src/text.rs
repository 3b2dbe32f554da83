//! Text helpers shared by every output: neutralising control characters and hostile Unicode,
//! and counting characters the way each channel counts them (X weighs CJK characters double).

/// Replaces everything that could drive a terminal or hide text — C0/C1 controls (ESC included),
/// DEL, bidi overrides and isolates, zero-width characters — with visible stand-ins.
/// Newlines are kept only when `keep_newlines` is true; tabs become a space.
pub fn neutralize(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push('⏎'),
            '\t' => out.push(' '),
            '\r' => {}
            c if (c as u32) < 0x20 => {
                // Control pictures: U+2400 + code (␛ for ESC, ␇ for BEL...).
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'));
            }
            '\u{7f}' => out.push('␡'),
            c if is_hidden(c) => {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// A path as shown in a message or on standard output: [`neutralize`]d like any other text
/// from outside (a file name can hold escape sequences and newlines).
pub fn path(p: &std::path::Path) -> String {
    neutralize(&p.display().to_string(), false)
}

/// Text from outside (a log's field, a file name) as shown inside a one-line message:
/// [`neutralize`]d, a newline shown as `⏎`.
pub fn shown(s: &str) -> String {
    neutralize(s, false)
}

/// JSON text made safe to print: every C1 control, DEL, and invisible or reordering character
/// (see [`is_hidden`]) written as a `\uXXXX` escape (a surrogate pair above U+FFFF). serde_json
/// already escapes C0 controls; JSON syntax is ASCII, so these occur only inside strings and the
/// document reads back the same.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(|c| c == '\u{7f}' || is_hidden(c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c == '\u{7f}' || is_hidden(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The first 12 characters of a hash as shown in a message (`sha256`, `hash` from a log may be
/// anything: cut at a character, never at a byte, and neutralised).
pub fn short_hash(h: &str) -> String {
    let head: String = h.chars().take(12).collect();
    neutralize(&head, false)
}

/// True for characters that are invisible or reorder text: C1 controls, bidi controls,
/// zero-width characters, the BOM and other format characters an attacker can hide text with.
pub fn is_hidden(c: char) -> bool {
    matches!(c as u32,
        0x80..=0x9f            // C1 controls (CSI, OSC as single bytes)
        | 0xad                 // soft hyphen
        | 0x034f               // combining grapheme joiner
        | 0x0600..=0x0605      // Arabic number signs (format characters)
        | 0x061c               // Arabic letter mark
        | 0x06dd | 0x070f      // Arabic end of ayah, Syriac abbreviation mark
        | 0x0890 | 0x0891 | 0x08e2
        | 0x115f | 0x1160     // Hangul fillers
        | 0x17b4 | 0x17b5     // Khmer invisible vowels
        | 0x180b..=0x180f      // Mongolian selectors and vowel separator
        | 0x200b..=0x200f      // zero-width space/joiners, LRM/RLM
        | 0x2028 | 0x2029      // line/paragraph separator
        | 0x202a..=0x202e      // bidi embeddings and overrides
        | 0x2060..=0x206f      // word joiner, bidi isolates, invisible operators
        | 0x2800               // braille blank
        | 0x3164               // Hangul filler
        | 0xfe00..=0xfe0f      // variation selectors
        | 0xfeff               // BOM / zero-width no-break space
        | 0xffa0               // halfwidth Hangul filler
        | 0xfff9..=0xfffb      // interlinear annotation
        | 0x110bd | 0x110cd    // Kaithi number signs
        | 0x13430..=0x1343f    // Egyptian hieroglyph format controls
        | 0x1bca0..=0x1bca3    // shorthand format controls
        | 0x1d173..=0x1d17a    // musical symbol format controls
        | 0xe0000..=0xe007f    // tag characters
        | 0xe0100..=0xe01ef    // variation selectors supplement
    )
}

/// True when the text holds anything `neutralize` would change (besides newlines/tabs).
pub fn has_hostile(s: &str) -> bool {
    s.chars()
        .any(|c| (c as u32) < 0x20 && c != '\n' && c != '\t' || c == '\u{7f}' || is_hidden(c))
}

/// The length of `text` as X (Twitter) counts it for the 280 limit: characters in the Latin and
/// general-punctuation ranges weigh 1, everything else (Hangul, CJK, emoji) weighs 2, and a URL
/// counts as 23 whatever its length.
pub fn tweet_length(text: &str) -> usize {
    let mut total = 0;
    for (i, word) in split_keep_ws(text) {
        let _ = i;
        if word.starts_with("http://") || word.starts_with("https://") {
            total += 23;
        } else {
            total += word.chars().map(tweet_weight).sum::<usize>();
        }
    }
    total
}

fn tweet_weight(c: char) -> usize {
    let u = c as u32;
    if u <= 4351
        || (8192..=8205).contains(&u)
        || (8208..=8223).contains(&u)
        || (8242..=8247).contains(&u)
    {
        1
    } else {
        2
    }
}

/// Splits into alternating runs of whitespace and non-whitespace, keeping every character.
fn split_keep_ws(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_ws: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let ws = c.is_whitespace();
        match in_ws {
            Some(prev) if prev != ws => {
                out.push((start, &text[start..i]));
                start = i;
            }
            _ => {}
        }
        in_ws = Some(ws);
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Groups digits by thousands for display: 84150 → "84,150".
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a channel counts a text's length. Text knows only the countings; each channel (in
/// `playbook`) says which is its own (`From<Channel> for Counting`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// As X counts a tweet ([`tweet_length`]).
    Tweet,
    /// Characters.
    Chars,
}

/// The length of `text` in the counting its channel uses.
pub fn channel_length(channel: impl Into<Counting>, text: &str) -> usize {
    match channel.into() {
        Counting::Tweet => tweet_length(text),
        Counting::Chars => text.chars().count(),
    }
}

/// Splits a text that is too long for one tweet into a numbered thread (`1/3 ...`), each part
/// within `limit` as X counts it. A part ends at a sentence end when one is in its second half,
/// else at a clause end (`,` `;` `:`), else at a word boundary; a word longer than a part is cut
/// by characters.
pub fn split_thread(text: &str, limit: usize) -> Vec<String> {
    let text = text.trim();
    if tweet_length(text) <= limit {
        return vec![text.to_string()];
    }
    // Reserve room for the " (nn/nn)" suffix.
    let budget = limit.saturating_sub(8).max(10);
    let words: Vec<&str> = split_keep_ws(text).into_iter().map(|(_, w)| w).collect();
    let mut parts: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let joined = |ws: &[&str]| ws.concat().trim().to_string();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let mut candidate = current.clone();
        candidate.push(word);
        if tweet_length(&joined(&candidate)) <= budget {
            current = candidate;
            i += 1;
            continue;
        }
        if joined(&current).is_empty() {
            // A single word longer than the budget: cut it by characters.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if tweet_length(&piece) > budget {
                    piece.pop();
                    parts.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            current = Vec::new();
            if !piece.is_empty() {
                // The rest of the long word starts the next part.
                parts.push(piece);
            }
            i += 1;
            continue;
        }
        let keep = break_point(&current, budget);
        parts.push(joined(&current[..keep]));
        // The words after the break start the next part (leading blanks dropped).
        current = current[keep..]
            .iter()
            .copied()
            .skip_while(|w| w.trim().is_empty())
            .collect();
    }
    if !joined(&current).is_empty() {
        parts.push(joined(&current));
    }
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| format!("{p} ({}/{n})", i + 1))
        .collect()
}

/// How many of `words` (a part that is full) to keep: up to the last sentence end in the
/// second half of the part, else the last clause end there, else all of them.
fn break_point(words: &[&str], budget: usize) -> usize {
    let ends_with = |w: &str, marks: &[char]| {
        w.trim_end_matches(['"', '\'', ')', '”', '’'])
            .ends_with(marks)
    };
    let mut width = 0;
    let mut sentence = None;
    let mut clause = None;
    for (i, w) in words.iter().enumerate() {
        width += tweet_length(w);
        if width * 2 < budget || w.trim().is_empty() {
            continue;
        }
        if ends_with(w, &['.', '!', '?', '。', '！', '？']) {
            sentence = Some(i + 1);
        } else if ends_with(w, &[',', ';', ':', '，', '、']) {
            clause = Some(i + 1);
        }
    }
    sentence.or(clause).unwrap_or(words.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralizes_escapes() {
        let s = neutralize("a\x1b]52;c;aGk=\x07b\u{202e}c", false);
        assert!(!s.contains('\x1b'));
        assert!(!s.contains('\x07'));
        assert!(s.contains("␛]52;c;aGk=␇b<U+202E>c"), "{s}");
        assert_eq!(neutralize("x\ny", false), "x⏎y");
        assert_eq!(neutralize("x\ny", true), "x\ny");
        assert!(has_hostile("\x1b[2J"));
        assert!(!has_hostile("평범한 글\n"));
    }

    #[test]
    fn tweet_weights() {
        assert_eq!(tweet_length("hello"), 5);
        assert_eq!(tweet_length("안녕하세요"), 10);
        assert_eq!(
            tweet_length("see https://example.com/a/very/long/path/indeed ok"),
            4 + 23 + 3
        );
    }

    #[test]
    fn threads_fit() {
        let text = "word ".repeat(200);
        let parts = split_thread(&text, 280);
        assert!(parts.len() >= 4);
        for p in &parts {
            assert!(tweet_length(p) <= 280, "{p}");
        }
        assert!(parts[0].ends_with(&format!("(1/{})", parts.len())));
        let ko = "가".repeat(400);
        for p in split_thread(&ko, 280) {
            assert!(tweet_length(&p) <= 280);
        }
    }

    #[test]
    fn threads_break_at_a_sentence_or_clause_end_when_one_is_near() {
        let text = "We got the refund wrong and we are sorry. ".repeat(5)
            + "Every order is refunded today, without you having to ask, and we will report back at 3 pm.";
        let parts = split_thread(&text, 280);
        assert!(parts.len() >= 2);
        for p in &parts {
            assert!(tweet_length(p) <= 280, "{p}");
            let body = p.rsplit_once(" (").unwrap().0;
            assert!(body.ends_with('.') || body.ends_with(','), "{body:?}");
        }
        // Nothing lost or doubled.
        let words: Vec<&str> = parts
            .iter()
            .flat_map(|p| p.rsplit_once(" (").unwrap().0.split_whitespace())
            .collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        // Korean sentences end with '다.' too.
        let ko = "고객님께 불편을 드려 죄송합니다. ".repeat(20);
        for p in split_thread(&ko, 280) {
            assert!(p.rsplit_once(" (").unwrap().0.ends_with('.'), "{p}");
        }
    }
}
