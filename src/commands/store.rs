//! `warroom list`, `export` and `import`: the incidents in a PostgreSQL database, one of them
//! written out as a log file (byte for byte what the file store writes, so `warroom verify`
//! accepts it), and a log file loaded into the database (a new incident, or the rest of one
//! taken offline and carried on with the file). Exit 0 on success, 1 on failure, 2 when
//! `--store` is not a PostgreSQL URL.

use std::io::Write;

use crate::cli::{ExportArgs, ImportArgs, ListArgs, StoreArg};
use crate::store::{StoreError, is_postgres};
use crate::text::shown;

/// The URL, or the usage error (exit 2) when it does not name PostgreSQL.
fn url(cmd: &str, s: &StoreArg) -> Result<String, i32> {
    if is_postgres(&s.store) {
        Ok(s.store.clone())
    } else {
        eprintln!(
            "warroom {cmd}: --store must be a PostgreSQL URL (postgres://user@host:port/database), not {}",
            crate::store::pg::redact(&s.store)
        );
        Err(2)
    }
}

/// Prints a store error the way every command does; exit 1.
fn failed(cmd: &str, e: &StoreError) -> i32 {
    eprintln!("warroom {cmd}: {e}");
    if let StoreError::Offline { .. } = e {
        eprintln!("warroom {cmd}: is the server running, and reachable from here?");
    }
    1
}

pub fn list(args: &ListArgs) -> i32 {
    let url = match url("list", &args.store) {
        Ok(u) => u,
        Err(code) => return code,
    };
    let rows = match crate::store::pg::list(&url) {
        Ok(r) => r,
        Err(e) => return failed("list", &e),
    };
    if rows.is_empty() {
        println!(
            "no incidents in {}",
            crate::store::pg::Database::parse(&url)
                .map_or_else(|_| String::new(), |d| d.label().to_string())
        );
        return 0;
    }
    let width = rows
        .iter()
        .map(|r| shown(&r.id).chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    println!(
        "{:width$}  {:>6}  {:20}  TITLE",
        "ID", "EVENTS", "LAST ACTIVITY"
    );
    for r in &rows {
        println!(
            "{:width$}  {:>6}  {:20}  {} ({})",
            shown(&r.id),
            r.events,
            r.last_activity,
            shown(&r.title),
            shown(&r.playbook_id)
        );
    }
    0
}

pub fn export(args: &ExportArgs) -> i32 {
    let url = match url("export", &args.store) {
        Ok(u) => u,
        Err(code) => return code,
    };
    let mut bytes = Vec::new();
    let n = match crate::store::pg::export(&url, &args.id, &mut bytes) {
        Ok(n) => n,
        Err(e) => return failed("export", &e),
    };
    if args.output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
            eprintln!("warroom export: cannot write the log: {e}");
            return 1;
        }
        return 0;
    }
    if args.output.exists() || args.output.is_symlink() {
        eprintln!(
            "warroom export: {}: already exists; export never overwrites a log",
            crate::text::path(&args.output)
        );
        return 1;
    }
    let text = String::from_utf8_lossy(&bytes);
    if let Err(e) = crate::log::write_new_private(&args.output, text.split_inclusive('\n')) {
        eprintln!("warroom export: {e}");
        return 1;
    }
    eprintln!(
        "exported {} ({n} event{}) to {}",
        shown(&args.id),
        if n == 1 { "" } else { "s" },
        crate::text::path(&args.output)
    );
    0
}

pub fn import(args: &ImportArgs) -> i32 {
    let url = match url("import", &args.store) {
        Ok(u) => u,
        Err(code) => return code,
    };
    match crate::store::pg::import(&url, &args.log) {
        Ok(r) => {
            let id = shown(&r.id);
            if r.created {
                println!("imported {id}: {} events", r.events);
            } else if r.appended == 0 {
                println!("{id}: the database already has all {} events", r.events);
            } else {
                println!(
                    "{id}: appended {} event{} ({} in all)",
                    r.appended,
                    if r.appended == 1 { "" } else { "s" },
                    r.events
                );
            }
            0
        }
        Err(e) => failed("import", &e),
    }
}
