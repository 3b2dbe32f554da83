//! The post and mention vocabulary that events carry: a post as taken in ([`Post`], its
//! [`Metrics`] and the [`Format`] it was read from) and where a triaged mention goes
//! ([`Triage`]). The readers that make posts, the feed and the triage rules are in `intake`,
//! which re-exports these.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::text::group_thousands;

/// The formats a post can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// X API v2 tweet lookup response: `{"data": {...}, "includes": {"users": [...]}}`.
    XApiV2,
    /// A tweet from an X data archive's `tweets.js` (`window.YTD.tweets.part0 = [...]`).
    XArchive,
    /// A Bluesky `app.bsky.feed.post` record: bare, wrapped by `getRecord`, or a `PostView`.
    BlueskyPost,
    /// A Bluesky Jetstream commit line creating an `app.bsky.feed.post`.
    Jetstream,
    /// A Mastodon Status entity.
    MastodonStatus,
    /// A row of a social-listening CSV export, read through a mapping profile.
    CsvRow,
}

impl Format {
    /// The word used in the log and in messages.
    pub fn word(self) -> &'static str {
        match self {
            Format::XApiV2 => "x_api_v2",
            Format::XArchive => "x_archive",
            Format::BlueskyPost => "bluesky_post",
            Format::Jetstream => "jetstream",
            Format::MastodonStatus => "mastodon_status",
            Format::CsvRow => "csv_row",
        }
    }
}

/// Public counts, as the platform reported them when the post was read. Absent counts are
/// left out (a bare Bluesky record has none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    /// The author's followers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<u64>,
    /// Impressions or views (X `impression_count`), or the reach a listening tool estimates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<u64>,
    /// Retweets, reposts, reblogs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reposts: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies: Option<u64>,
    /// Likes, favourites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes: Option<u64>,
}

impl Metrics {
    /// The one number a reach curve plots: views when reported, else the author's followers.
    pub fn reach(&self) -> Option<u64> {
        self.views.or(self.followers)
    }

    pub fn is_empty(&self) -> bool {
        *self == Metrics::default()
    }

    /// "12,400 followers · 310 reposts · 95 replies", or "" when nothing is known.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for (n, word) in [
            (self.views, "views"),
            (self.followers, "followers"),
            (self.reposts, "reposts"),
            (self.quotes, "quotes"),
            (self.replies, "replies"),
            (self.likes, "likes"),
        ] {
            if let Some(n) = n {
                parts.push(format!("{} {word}", group_thousands(n)));
            }
        }
        parts.join(" · ")
    }
}

/// A post, normalised. Text fields are already neutralised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// The platform's id (X tweet id, Bluesky at:// URI, Mastodon status id), or one derived
    /// from the content when the format carries none.
    pub id: String,
    /// `@name` (X username, Bluesky handle or DID, Mastodon acct).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The text (newlines kept; HTML turned into text for Mastodon).
    pub text: String,
    /// A link a person can open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// When it was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<FixedOffset>>,
    /// The id of the post it replies to or quotes, when the format says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    #[serde(default, skip_serializing_if = "Metrics::is_empty")]
    pub metrics: Metrics,
}

impl Post {
    /// "Author @handle" or whichever of the two is known, or "unknown author".
    pub fn who(&self) -> String {
        match (&self.author, &self.handle) {
            (Some(a), Some(h)) => format!("{a} {h}"),
            (Some(a), None) => a.clone(),
            (None, Some(h)) => h.clone(),
            (None, None) => "unknown author".into(),
        }
    }
}

/// Where a mention goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Triage {
    /// Public relations: the war room answers or watches it.
    Pr,
    /// Customer service: handed off to the CS organisation with its details.
    Cs,
    /// A sales lead.
    Sales,
    /// An idea or suggestion for the product teams.
    Idea,
    /// Nothing to do (noise, spam, a troll not to feed).
    Ignore,
}

impl Triage {
    pub const ALL: [Triage; 5] = [
        Triage::Pr,
        Triage::Cs,
        Triage::Sales,
        Triage::Idea,
        Triage::Ignore,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Triage::Pr => "pr",
            Triage::Cs => "cs",
            Triage::Sales => "sales",
            Triage::Idea => "idea",
            Triage::Ignore => "ignore",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Triage::Pr => "PR",
            Triage::Cs => "CS",
            Triage::Sales => "Sales",
            Triage::Idea => "Idea",
            Triage::Ignore => "ignore",
        }
    }

    /// Reads `pr`, `cs`, `sales`, `idea` or `ignore` (any case).
    pub fn parse(s: &str) -> Result<Triage, String> {
        let l = s.trim().to_ascii_lowercase();
        Triage::ALL
            .into_iter()
            .find(|t| t.word() == l)
            .ok_or_else(|| {
                format!(
                    "{:?} is not a triage; use one of: pr, cs, sales, idea, ignore",
                    crate::text::neutralize(s, false)
                )
            })
    }
}
