//! What a drill adds to the live screen: the unmissable exercise banner and the simulated
//! feed of injects.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::App;
use crate::duration::clock_hms;
use crate::tui::widgets::{clean, clean_multiline, fit, wrap_rows};

/// The unmissable exercise banner: a whole reversed row, words not colour.
pub(crate) fn drill_banner(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let Some(d) = &app.drill else {
        return;
    };
    let elapsed = d.elapsed().as_secs() as i64;
    let left = d.remaining().as_secs() as i64;
    let state = if d.ended().is_some() {
        "ENDED".to_string()
    } else if !d.is_started() {
        match d.seat() {
            crate::drill::Seat::Host => "⏹ NOT STARTED (z starts the clock)".to_string(),
            crate::drill::Seat::Follower => "⏹ WAITING FOR THE FACILITATOR".to_string(),
        }
    } else if d.is_paused() {
        "⏸ PAUSED".to_string()
    } else {
        format!("▶ {}x", d.clock().speed())
    };
    let sev = d
        .severity()
        .map(|s| format!(" · severity {}", s.label()))
        .unwrap_or_default();
    let text = format!(
        " ▌EXERCISE ▐ {state} · drill T+{} · {} left{sev} · NOT A REAL INCIDENT · {} ",
        clock_hms(elapsed),
        clock_hms(left),
        clean(&d.scenario().title)
    );
    let w = area.width as usize;
    let text = fit(&text, w);
    let pad = w.saturating_sub(text.width());
    f.render_widget(
        Paragraph::new(Line::styled(
            format!("{text}{}", " ".repeat(pad)),
            t.drill_badge(),
        )),
        area,
    );
}

/// The simulated social feed: injects as posts, newest at the bottom.
pub(crate) fn feed_pane(app: &App, f: &mut Frame, area: Rect) {
    let t = app.theme;
    let Some(d) = &app.drill else {
        return;
    };
    let waiting = d.pending_acks().len();
    let title = if waiting > 0 {
        format!(
            " Feed · {} · ⚑ {waiting} to acknowledge (o) ",
            d.feed().len()
        )
    } else {
        format!(" Feed · {} ", d.feed().len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if waiting > 0 {
            BorderType::Double
        } else {
            BorderType::Plain
        })
        .border_style(if waiting > 0 { t.warn() } else { t.inject() })
        .title(Span::styled(
            title,
            if waiting > 0 { t.warn() } else { t.inject() },
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let start = d.clock().start();
    let mut lines: Vec<Line> = Vec::new();
    for item in d.feed() {
        let who = match (&item.author.handle, item.author.followers) {
            (Some(h), Some(n)) => format!(
                "{} {} · {} followers",
                clean(&item.author.name),
                clean(h),
                crate::text::group_thousands(n)
            ),
            (Some(h), None) => format!("{} {}", clean(&item.author.name), clean(h)),
            (None, _) => clean(&item.author.name),
        };
        let offset = clock_hms((item.at - start).num_seconds().max(0));
        let flag = if item.needs_ack && item.acked_at.is_none() {
            "⚑ "
        } else if item.acked_at.is_some() {
            "✓ "
        } else {
            ""
        };
        lines.push(Line::styled(
            fit(
                &format!("{flag}T+{offset} {} · {who}", item.channel.label()),
                w,
            ),
            if flag == "⚑ " { t.warn() } else { t.inject() },
        ));
        for row in clean_multiline(&item.text)
            .split('\n')
            .flat_map(|l| wrap_rows(l, w.saturating_sub(2), 0))
        {
            lines.push(Line::raw(format!("  {row}")));
        }
    }
    let h = inner.height as usize;
    let skip = lines.len().saturating_sub(h);
    let shown: Vec<Line> = if lines.is_empty() {
        vec![Line::styled(
            "no injects yet — they arrive on the drill clock",
            t.muted(),
        )]
    } else {
        lines.into_iter().skip(skip).collect()
    };
    f.render_widget(Paragraph::new(shown), inner);
}
