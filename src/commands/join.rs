//! `warroom join LOG`: another seat on an open incident, on the live screen or headless. The
//! seat records `joined` when it comes in and `left` when it goes (the end of its script, or
//! quitting the screen); everything it records carries its operator and role.

use crate::cli::JoinArgs;
use crate::clock::{Clock, SystemClock};
use crate::incident::Incident;

use super::run::{
    Clocks, actor, load_checked, load_statements, place, read_script, run_script, start_time,
    store_url,
};

pub fn run(args: &JoinArgs) -> i32 {
    let fixed = match start_time(args.now.as_deref()) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let playbook = match &args.playbook {
        Some(p) => match load_checked(Some(p)) {
            Ok(l) => Some(l),
            Err(c) => return c,
        },
        None => None,
    };
    let statements = match load_statements(args.statements.as_deref()) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let url = match store_url(args.store.as_deref()) {
        Ok(u) => u,
        Err(c) => return c,
    };
    let at = match place(&args.log, url.as_deref()) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let Some(script) = &args.script else {
        if fixed.is_some() {
            eprintln!("warroom: --now is for headless seats (--script)");
            return 2;
        }
        return super::screen::join_live(args, at, playbook.as_ref(), statements);
    };
    let text = match read_script(script) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let clock = Clocks::new(fixed);
    let joined = Incident::join(
        at,
        playbook.as_ref(),
        actor(&args.actor),
        clock.now(),
        |_| {},
    );
    let mut inc = match joined {
        Ok(r) => {
            if let Some(e) = r.write_error {
                eprintln!(
                    "warroom: {}; the seat did not join (nothing new is in the log)",
                    crate::text::shown(&e.to_string())
                );
                return 1;
            }
            r.incident
        }
        Err(e) => {
            eprintln!("warroom: {}", crate::text::shown(&e.to_string()));
            return 1;
        }
    };
    inc.set_statements(statements);
    println!("log: {}", crate::text::path(inc.log_path()));
    let code = match super::drill::pick_up(&inc, crate::drill::Seat::Follower, false) {
        Ok(Some(run)) => super::drill::script_drill(&mut inc, run, script, &text),
        Ok(None) => run_script(&mut inc, script, &text, &clock),
        Err(e) => {
            eprintln!("warroom: {}", crate::text::shown(&e));
            1
        }
    };
    let now = if fixed.is_some() {
        clock.now()
    } else {
        SystemClock.now()
    };
    if let Err(e) = inc.leave(now) {
        eprintln!(
            "warroom: the seat's `left` was not recorded: {}",
            crate::text::shown(&e.to_string())
        );
        return code.max(1);
    }
    code
}
