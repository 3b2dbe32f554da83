//! The printable document: the HTML report printed to PDF by headless Chromium
//! (`warroom report LOG --format pdf -o FILE.pdf`). The HTML's print style sheet does the
//! layout (no dark backgrounds, a page break before the major sections, no table row split
//! across pages). Chromium is found as `$WARROOM_CHROMIUM`, else `chromium`,
//! `chromium-browser` or `google-chrome` on the PATH; without it the error says how to
//! install it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary to print with.
pub fn find_chromium() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("WARROOM_CHROMIUM").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!(
                "$WARROOM_CHROMIUM is {}, which is not a file",
                crate::text::path(&p)
            ))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let c = dir.join(name);
            if c.is_file() {
                return Ok(c);
            }
        }
    }
    Err("the PDF is printed by headless Chromium, which is not installed (none of chromium, chromium-browser, google-chrome is on the PATH): install it (Debian/Ubuntu: apt-get install chromium), or set $WARROOM_CHROMIUM to its path, or write --format html and print that".into())
}

/// A fresh private directory for the HTML and Chromium's profile, removed on drop.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch() -> Result<Scratch, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("warroom-pdf-{}-{nanos}", std::process::id()));
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir)
        .map_err(|e| format!("cannot make {}: {e}", crate::text::path(&dir)))?;
    Ok(Scratch(dir))
}

/// Prints `html` to PDF with `chromium` and returns the PDF's bytes.
pub fn html_to_pdf(html: &str, chromium: &Path) -> Result<Vec<u8>, String> {
    let dir = scratch()?;
    let page = dir.0.join("report.html");
    let pdf = dir.0.join("report.pdf");
    std::fs::write(&page, html)
        .map_err(|e| format!("cannot write {}: {e}", crate::text::path(&page)))?;
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.0.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", crate::text::path(chromium)))?;
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    if !out.status.success() || !bytes.starts_with(b"%PDF") {
        let err = String::from_utf8_lossy(&out.stderr);
        let last: Vec<&str> = err.lines().rev().take(3).collect();
        return Err(format!(
            "{} did not print the PDF ({}): {}",
            crate::text::path(chromium),
            out.status,
            crate::text::neutralize(&last.join(" / "), false)
        ));
    }
    Ok(bytes)
}
