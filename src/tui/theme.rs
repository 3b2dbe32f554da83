//! Colours by meaning. Defaults to the 16 ANSI colours; with `NO_COLOR` every style keeps only
//! its modifiers (bold, reverse, underline), so no state depends on colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn paint(&self, fg: Option<Color>, bg: Option<Color>, m: Modifier) -> Style {
        let mut s = Style::default().add_modifier(m);
        if self.color {
            if let Some(f) = fg {
                s = s.fg(f);
            }
            if let Some(b) = bg {
                s = s.bg(b);
            }
        }
        s
    }

    pub fn base(&self) -> Style {
        Style::default()
    }
    pub fn muted(&self) -> Style {
        self.paint(Some(Color::DarkGray), None, Modifier::empty())
    }
    pub fn title(&self) -> Style {
        self.paint(None, None, Modifier::BOLD)
    }
    pub fn focus(&self) -> Style {
        self.paint(Some(Color::Cyan), None, Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        self.paint(None, None, Modifier::REVERSED)
    }
    pub fn ok(&self) -> Style {
        self.paint(Some(Color::Green), None, Modifier::empty())
    }
    pub fn warn(&self) -> Style {
        self.paint(Some(Color::Yellow), None, Modifier::BOLD)
    }
    pub fn breach(&self) -> Style {
        self.paint(
            Some(Color::White),
            Some(Color::Red),
            Modifier::BOLD | Modifier::REVERSED,
        )
    }
    pub fn live_badge(&self) -> Style {
        self.paint(
            Some(Color::Black),
            Some(Color::LightRed),
            Modifier::BOLD | Modifier::REVERSED,
        )
    }
    pub fn drill_badge(&self) -> Style {
        self.paint(
            Some(Color::Black),
            Some(Color::Yellow),
            Modifier::BOLD | Modifier::REVERSED,
        )
    }
    pub fn inject(&self) -> Style {
        self.paint(Some(Color::Magenta), None, Modifier::empty())
    }
    pub fn key(&self) -> Style {
        self.paint(Some(Color::Cyan), None, Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.paint(Some(Color::Red), None, Modifier::BOLD)
    }
}
