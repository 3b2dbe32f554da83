//! HTML to plain text, for Mastodon's `content`: tags dropped (`<br>` and paragraph ends become
//! newlines, `<script>`/`<style>` contents dropped), character references decoded, and the result
//! neutralised — a `&#27;` decodes to ESC and then shows as `␛`, never reaching a terminal.

/// The text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        if let Some(lt) = rest.find('<') {
            if skip_until.is_none() {
                out.push_str(&decode_entities(&rest[..lt]));
            }
            let after = &rest[lt + 1..];
            let Some(gt) = after.find('>') else {
                // A `<` that opens no tag is text.
                if skip_until.is_none() {
                    out.push_str(&decode_entities(&rest[lt..]));
                }
                break;
            };
            let tag = after[..gt].trim();
            let lower = tag.to_ascii_lowercase();
            let name: String = lower
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let closing = lower.starts_with('/');
            match skip_until {
                Some(end) => {
                    if closing && name == end {
                        skip_until = None;
                    }
                }
                None => match name.as_str() {
                    "script" | "style" if !closing => {
                        skip_until = Some(if name == "script" { "script" } else { "style" })
                    }
                    "br" => out.push('\n'),
                    "p" | "div" | "li" | "blockquote" if closing => out.push_str("\n\n"),
                    _ => {}
                },
            }
            rest = &after[gt + 1..];
        } else {
            if skip_until.is_none() {
                out.push_str(&decode_entities(rest));
            }
            break;
        }
    }
    let trimmed = out.trim_end_matches('\n').trim_start_matches('\n');
    crate::text::neutralize(trimmed, true)
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#39;`, `&nbsp;`, `&#NNN;`, `&#xHH;`.
/// Anything else is left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let n = if let Some(h) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = name.strip_prefix('#') {
                        d.parse::<u32>().ok()
                    } else {
                        None
                    };
                    n.map(|n| char::from_u32(n).unwrap_or('\u{fffd}'))
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_links_become_text() {
        let h = "<p>Hello <span class=\"h-card\"><a href=\"https://x\">@<span>acme</span></a></span> &amp; co</p><p>line<br>two &lt;3</p>";
        assert_eq!(to_text(h), "Hello @acme & co\n\nline\ntwo <3");
    }

    #[test]
    fn escapes_and_bidi_never_come_through_raw() {
        let h = "<p>a&#27;[2Jb \u{202e}evil&#x202E; <script>alert(1)</script>c</p>";
        let t = to_text(h);
        assert!(!t.contains('\u{1b}') && !t.contains('\u{202e}'), "{t:?}");
        assert!(
            t.contains("a␛[2Jb") && t.contains("<U+202E>evil<U+202E>"),
            "{t:?}"
        );
        assert!(!t.contains("alert"), "{t:?}");
    }

    #[test]
    fn stray_ampersands_and_angles_are_text() {
        assert_eq!(to_text("R&D < 3 &bogus; &#xZZ;"), "R&D < 3 &bogus; &#xZZ;");
    }
}
