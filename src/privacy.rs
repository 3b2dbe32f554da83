//! The privacy guard (seed 000 line 825: personal data goes to e-mail or phone, not a public
//! reply): finds what looks like personal data in a draft before it is posted.

use std::sync::LazyLock;

use regex::Regex;

/// One thing found that looks like personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it looks like: "resident registration number", "phone number", ...
    pub kind: &'static str,
    /// The matched text, partly masked for display and logging.
    pub masked: String,
}

struct Rule {
    kind: &'static str,
    re: Regex,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |kind, pat: &str| Regex::new(pat).ok().map(|re| Rule { kind, re });
    [
        // Korean resident registration number: YYMMDD-GNNNNNN.
        rule("resident registration number", r"\b\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-\s?[1-8]\d{6}\b"),
        rule("e-mail address", r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b"),
        // Korean mobile/landline and international numbers.
        rule("phone number", r"(?:\+\d{1,3}[\s.-]?)?\b0\d{1,2}[\s.-]?\d{3,4}[\s.-]?\d{4}\b|\+\d{1,3}[\s.-]?\d{1,4}[\s.-]?\d{3,4}[\s.-]?\d{4}\b"),
        // Bank account numbers: groups of digits with dashes, 10–16 digits in all.
        rule("account number", r"\b\d{2,6}-\d{2,6}-\d{2,8}(?:-\d{1,4})?\b"),
        // Card-like long digit runs.
        rule("card or account number", r"\b(?:\d[ -]?){13,19}\b"),
    ]
    .into_iter()
    .flatten()
    .collect()
});

fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let keep = 2.min(chars.len());
    let tail = 2.min(chars.len().saturating_sub(keep));
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep || i >= chars.len() - tail || !c.is_alphanumeric() {
                *c
            } else {
                '•'
            }
        })
        .collect()
}

/// Scans text for personal data; overlapping matches are reported once (the first rule wins).
pub fn scan(text: &str) -> Vec<Finding> {
    scan_except(text, &[])
}

/// As [`scan`], leaving out what appears in one of `published` (the company's own contacts,
/// meant for the public).
pub fn scan_except(text: &str, published: &[&str]) -> Vec<Finding> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for rule in RULES.iter() {
        for m in rule.re.find_iter(text) {
            if taken.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
                continue;
            }
            if published.iter().any(|p| p.contains(m.as_str())) {
                taken.push((m.start(), m.end()));
                continue;
            }
            // Account numbers have 10 digits or more; fewer is a date or an order number.
            if rule.kind == "account number"
                && m.as_str().chars().filter(char::is_ascii_digit).count() < 10
            {
                continue;
            }
            taken.push((m.start(), m.end()));
            out.push(Finding {
                kind: rule.kind,
                masked: mask(m.as_str()),
            });
        }
    }
    out
}

/// The advice shown with a finding.
pub const ADVICE: &str = "Personal data does not belong in a public reply: move this part to a DM, e-mail or a phone call (seed 000:825).";

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<&'static str> {
        scan(t).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn the_companys_own_published_contacts_are_not_flagged() {
        let text = "Write to care@example.com or call 1588-0000; kim@gmail.com wrote to us.";
        let found = scan_except(text, &["care@example.com or 1588-0000"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].masked, mask("kim@gmail.com"));
    }

    #[test]
    fn finds_personal_data() {
        assert_eq!(
            kinds("주민번호 900101-1234567 확인"),
            vec!["resident registration number"]
        );
        assert_eq!(kinds("call 010-1234-5678 please"), vec!["phone number"]);
        assert_eq!(
            kinds("mail kim.cs@example.co.kr now"),
            vec!["e-mail address"]
        );
        assert_eq!(kinds("계좌 110-234-567890 으로"), vec!["account number"]);
        assert_eq!(kinds("+82 10 1234 5678"), vec!["phone number"]);
        assert!(
            scan("We will fix it by 2026-11-30, sorry @kim").is_empty(),
            "{:?}",
            scan("We will fix it by 2026-11-30, sorry @kim")
        );
        assert!(scan("Order #12345 delayed 3 days").is_empty());
        let f = &scan("010-1234-5678")[0];
        assert!(f.masked.contains('•') && f.masked.starts_with("01"));
    }
}
