//! Human time spans such as `30m`, `1h30m`, `45s`, `2d`, used by deadlines, scripts and drills.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative span of whole seconds, written like `1h30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Interval {
    secs: i64,
}

impl Interval {
    pub const fn from_secs(secs: i64) -> Interval {
        Interval { secs }
    }

    pub const fn secs(self) -> i64 {
        self.secs
    }

    pub fn to_chrono(self) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(self.secs)
    }

    /// Parses `90s`, `30m`, `1h30m`, `2d`, `1h 5m`, optionally with a leading `+`.
    pub fn parse(text: &str) -> Result<Interval, String> {
        let t = text.trim();
        let t = t.strip_prefix('+').unwrap_or(t);
        if t.is_empty() {
            return Err(format!(
                "empty time span {text:?}; write e.g. 30m, 1h30m, 45s"
            ));
        }
        let mut total: i64 = 0;
        let mut number = String::new();
        let mut saw_unit = false;
        for c in t.chars() {
            if c.is_ascii_digit() {
                number.push(c);
            } else if c == ' ' {
                continue;
            } else {
                let unit = match c {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    'd' => 86_400,
                    _ => {
                        return Err(format!(
                            "bad time span {text:?}: unknown unit {c:?} (use s, m, h, d)"
                        ));
                    }
                };
                if number.is_empty() {
                    return Err(format!("bad time span {text:?}: a unit without a number"));
                }
                let n: i64 = number
                    .parse()
                    .map_err(|_| format!("bad time span {text:?}: number too large"))?;
                total = n
                    .checked_mul(unit)
                    .and_then(|v| total.checked_add(v))
                    .filter(|v| *v <= 366 * 86_400 * 100)
                    .ok_or_else(|| format!("bad time span {text:?}: too large"))?;
                number.clear();
                saw_unit = true;
            }
        }
        if !number.is_empty() {
            return Err(format!(
                "bad time span {text:?}: number {number} has no unit (write {number}m or {number}s)"
            ));
        }
        if !saw_unit {
            return Err(format!("bad time span {text:?}"));
        }
        Ok(Interval { secs: total })
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = self.secs;
        if s == 0 {
            return write!(f, "0s");
        }
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
            if s >= size {
                write!(f, "{}{}", s / size, unit)?;
                s %= size;
            }
        }
        Ok(())
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Interval::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Formats a signed number of seconds as `hh:mm:ss` (with `-` when negative, days as hours).
pub fn clock_hms(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(Interval::parse("30m").unwrap().secs(), 1800);
        assert_eq!(Interval::parse("+1h30m").unwrap().secs(), 5400);
        assert_eq!(Interval::parse("2d").unwrap().secs(), 172_800);
        assert_eq!(Interval::parse("1h 5m").unwrap().to_string(), "1h5m");
        assert_eq!(Interval::parse("90s").unwrap().to_string(), "1m30s");
        assert!(Interval::parse("30").unwrap_err().contains("no unit"));
        assert!(Interval::parse("5x").unwrap_err().contains("unknown unit"));
        assert!(Interval::parse("").is_err());
        assert!(Interval::parse("m").is_err());
        assert!(Interval::parse("99999999999999999999m").is_err());
    }

    #[test]
    fn hms() {
        assert_eq!(clock_hms(3661), "01:01:01");
        assert_eq!(clock_hms(-61), "-00:01:01");
        assert_eq!(clock_hms(90_000), "25:00:00");
    }
}
