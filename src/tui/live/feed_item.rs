//! One inject in the drill's feed, drawn as what it is: an e-mail with its From: and Subject:
//! lines, a phone call as a transcript, a post with its handle and followers, a news headline,
//! a TV segment, a press enquiry, a DM, a colleague's message, a share-price move.
//!
//! The feed pane calls [`feed_item_lines`] for each delivered inject; the subject comes from the
//! scenario's inject (`scenario.inject(&item.inject).and_then(|i| i.subject.as_deref())`).

use chrono::{DateTime, FixedOffset};
use ratatui::style::Style;
use ratatui::text::Line;

use crate::drill::FeedItem;
use crate::duration::clock_hms;
use crate::scenario::FeedChannel;
use crate::tui::theme::Theme;
use crate::tui::widgets::{clean, clean_multiline, fit, wrap_rows};

/// The rows of one feed item, at most `width` columns each: a heading (arrival `T+`, the flag
/// of an acknowledgement asked for or given, what it is and who from), the channel's own
/// header lines (From:/Subject:, a headline), then the text, indented.
pub(crate) fn feed_item_lines(
    item: &FeedItem,
    subject: Option<&str>,
    width: usize,
    theme: &Theme,
    start: DateTime<FixedOffset>,
) -> Vec<Line<'static>> {
    let w = width;
    let offset = clock_hms((item.at - start).num_seconds().max(0));
    let waiting = item.needs_ack && item.acked_at.is_none();
    let flag = if waiting {
        "⚑ "
    } else if item.acked_at.is_some() {
        "✓ "
    } else {
        ""
    };
    let heading_style = if waiting {
        theme.warn()
    } else {
        theme.inject()
    };
    let name = clean(&item.author.name);
    let handle = item.author.handle.as_deref().map(clean);
    let subject = subject.map(clean).filter(|s| !s.trim().is_empty());
    let (what, header) = describe(
        item.channel,
        &name,
        handle.as_deref(),
        item.author.followers,
        subject,
    );
    let mut lines = vec![Line::styled(
        fit(&format!("{flag}T+{offset} {what}"), w),
        heading_style,
    )];
    for (text, bold) in header {
        let style = if bold {
            theme.title()
        } else {
            Style::default()
        };
        for row in wrap_rows(&text, w.saturating_sub(2), 2) {
            lines.push(Line::styled(fit(&format!("  {row}"), w), style));
        }
    }
    let quote = if item.channel == FeedChannel::Phone {
        "  › "
    } else {
        "  "
    };
    let indent = quote.chars().count();
    for row in clean_multiline(&item.text)
        .split('\n')
        .flat_map(|l| wrap_rows(l, w.saturating_sub(indent), 0))
    {
        lines.push(Line::raw(fit(&format!("{quote}{row}"), w)));
    }
    lines
}

/// What the item is (the heading after `T+`), and the header lines under it (text, bold).
fn describe(
    channel: FeedChannel,
    name: &str,
    handle: Option<&str>,
    followers: Option<u64>,
    subject: Option<String>,
) -> (String, Vec<(String, bool)>) {
    let account = match (handle, followers) {
        (Some(h), Some(n)) => format!("{name} {h} · {} followers", crate::text::group_thousands(n)),
        (Some(h), None) => format!("{name} {h}"),
        (None, _) => name.to_string(),
    };
    let from = match handle {
        Some(h) => format!("From: {name} <{h}>"),
        None => format!("From: {name}"),
    };
    let subject_line = |s: Option<String>| s.map(|s| (format!("Subject: {s}"), true));
    match channel {
        FeedChannel::Email => (
            "✉ e-mail".into(),
            [Some((from, false)), subject_line(subject)]
                .into_iter()
                .flatten()
                .collect(),
        ),
        FeedChannel::Press => (
            format!("press enquiry · {name}"),
            [Some((from, false)), subject_line(subject)]
                .into_iter()
                .flatten()
                .collect(),
        ),
        FeedChannel::Phone => (format!("☎ call from {name} — transcript"), Vec::new()),
        FeedChannel::News => (
            format!("news · {name}"),
            subject.map(|s| (s, true)).into_iter().collect(),
        ),
        FeedChannel::Tv => (
            format!("TV · {name}"),
            subject
                .map(|s| (format!("On air: {s}"), true))
                .into_iter()
                .collect(),
        ),
        FeedChannel::Dm => (format!("DM · {account}"), Vec::new()),
        FeedChannel::Internal => (format!("internal · {name}"), Vec::new()),
        FeedChannel::SharePrice => (format!("share price · {name}"), Vec::new()),
        FeedChannel::Mention | FeedChannel::Reply | FeedChannel::Forum | FeedChannel::Facebook => (
            format!("{} · {account}", channel.label()),
            subject.map(|s| (s, true)).into_iter().collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::duration::Interval;
    use crate::engine::FeedAuthor;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn item(channel: FeedChannel, handle: Option<&str>, text: &str) -> FeedItem {
        FeedItem {
            inject: "i".into(),
            offset: Interval::from_secs(300),
            at: t("2026-11-21T10:05:00+09:00"),
            channel,
            author: FeedAuthor {
                id: "p".into(),
                name: "Kim Minji, Daily News".into(),
                handle: handle.map(str::to_string),
                followers: handle.map(|_| 12_400),
            },
            text: text.into(),
            severity: None,
            needs_ack: true,
            acked_at: None,
            delivery: crate::engine::Delivery::Scheduled,
        }
    }

    fn rows(item: &FeedItem, subject: Option<&str>, w: usize) -> Vec<String> {
        let theme = Theme { color: false };
        let lines = feed_item_lines(item, subject, w, &theme, t("2026-11-21T10:00:00+09:00"));
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn each_channel_reads_as_what_it_is() {
        let mail = rows(
            &item(FeedChannel::Email, None, "Can you confirm the recall?"),
            Some("Recall: comment by 3 pm?"),
            60,
        );
        assert_eq!(mail[0], "⚑ T+00:05:00 ✉ e-mail");
        assert_eq!(mail[1], "  From: Kim Minji, Daily News");
        assert_eq!(mail[2], "  Subject: Recall: comment by 3 pm?");
        assert_eq!(mail[3], "  Can you confirm the recall?");

        let call = rows(
            &item(FeedChannel::Phone, None, "Is it true?\nWho decided?"),
            None,
            60,
        );
        assert_eq!(
            call[0],
            "⚑ T+00:05:00 ☎ call from Kim Minji, Daily News — transcript"
        );
        assert_eq!(&call[1..], ["  › Is it true?", "  › Who decided?"]);

        let post = rows(
            &item(FeedChannel::Mention, Some("@minji"), "@ceo why?"),
            None,
            80,
        );
        assert_eq!(
            post[0],
            "⚑ T+00:05:00 mention · Kim Minji, Daily News @minji · 12,400 followers"
        );
        let fb = rows(&item(FeedChannel::Facebook, Some("@minji"), "x"), None, 80);
        assert!(fb[0].contains("Facebook · Kim Minji") && fb[0].contains("followers"));

        let tv = rows(
            &item(FeedChannel::Tv, None, "Anchor: ..."),
            Some("9 o'clock news"),
            60,
        );
        assert_eq!(tv[0], "⚑ T+00:05:00 TV · Kim Minji, Daily News");
        assert_eq!(tv[1], "  On air: 9 o'clock news");

        let news = rows(
            &item(FeedChannel::News, None, "Body."),
            Some("Maker recalls 3,000 jars"),
            60,
        );
        assert_eq!(news[1], "  Maker recalls 3,000 jars");
        let press = rows(
            &item(FeedChannel::Press, None, "Comment?"),
            Some("Deadline 5 pm"),
            60,
        );
        assert!(press[0].contains("press enquiry · Kim Minji"));
        assert_eq!(press[2], "  Subject: Deadline 5 pm");
    }

    #[test]
    fn rows_fit_the_width_and_hostile_text_is_cleaned() {
        let mut it = item(
            FeedChannel::Email,
            Some("@m\u{1b}[31m"),
            "가나다라마바사아자차카타파하 a long line that must wrap \u{1b}[2J over several rows",
        );
        it.acked_at = Some(t("2026-11-21T10:06:00+09:00"));
        for w in [12, 20, 33] {
            let r = rows(&it, Some("제목이 아주 긴 이메일 \u{7}"), w);
            assert!(r[0].starts_with("✓ "), "{r:?}");
            for row in &r {
                assert!(row.width() <= w, "{w}: {row:?}");
                assert!(!row.contains('\u{1b}') && !row.contains('\u{7}'), "{row:?}");
            }
        }
    }
}
