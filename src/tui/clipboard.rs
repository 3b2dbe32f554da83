//! Copy to the clipboard with OSC 52, which terminals honour over SSH; inside tmux the sequence
//! is wrapped for passthrough.

use base64::Engine as _;

/// The escape sequence that puts `text` on the system clipboard.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let seq = format!("\x1b]52;c;{b64}\x07");
    if std::env::var_os("TMUX").is_some() {
        // tmux passthrough: ESC P tmux; <seq with ESC doubled> ESC \
        format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
    } else {
        seq
    }
}
