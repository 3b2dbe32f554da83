//! Copy to the clipboard, saying honestly what was done. Inside tmux (`$TMUX` set) the text
//! goes into tmux's own paste buffer with `tmux load-buffer -w -` (tmux passes it on to the
//! system clipboard when its `set-clipboard` option allows); tmux drops OSC 52 sent by a
//! program unless `allow-passthrough` is on, so a wrapped sequence would claim a copy that
//! never happened. Elsewhere, OSC 52, which terminals honour over SSH when they allow it.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine as _;

/// The escape sequence that asks the terminal to put `text` on the system clipboard.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

/// Copies `text`: `Ok(true)` when it is in tmux's paste buffer, `Ok(false)` when OSC 52 was
/// sent to the terminal (copied if the terminal allows it).
pub fn copy(text: &str) -> Result<bool, String> {
    if std::env::var_os("TMUX").is_some() {
        return tmux_load_buffer(text).map(|()| true);
    }
    let mut out = std::io::stdout();
    out.write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to the terminal: {e}"))?;
    Ok(false)
}

/// `tmux load-buffer -w -` with the text on standard input (`-w` also sets the system
/// clipboard where tmux can; an older tmux without `-w` gets the plain form).
fn tmux_load_buffer(text: &str) -> Result<(), String> {
    let run = |args: &[&str]| -> Result<bool, String> {
        let mut child = Command::new("tmux")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run tmux: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write to tmux: {e}"))?;
        }
        child
            .wait()
            .map(|s| s.success())
            .map_err(|e| format!("tmux: {e}"))
    };
    if run(&["load-buffer", "-w", "-"])? || run(&["load-buffer", "-"])? {
        Ok(())
    } else {
        Err("tmux load-buffer failed".into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(super::osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
