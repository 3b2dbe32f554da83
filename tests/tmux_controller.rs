//! The controller seat and a player's seat on one drill, in real terminals (tmux, the real
//! binary): the clock stands still until the controller starts it, an ad-hoc inject the
//! controller writes reaches the player's feed, and nothing of the controller's (the injects
//! still to come, the expectations, the score) is ever on the player's screen. At 120x40 and
//! at 80x24; two teams on one controller; the --teams flags checked.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use common::tmux::Tmux;

const SCENARIO: &str = "scenarios/kt-lost-iphone.ron";

/// What the player's screen must never show: the controller's view of what is to come.
struct Secrets {
    /// (id, start of the text) of every scheduled inject.
    injects: Vec<(String, String)>,
    labels: Vec<String>,
}

fn secrets() -> Secrets {
    let s = warroom::scenario::load_scenario(&common::repo().join(SCENARIO))
        .unwrap()
        .scenario;
    Secrets {
        injects: s
            .injects
            .iter()
            .map(|i| (i.id.clone(), i.text.chars().take(14).collect()))
            .collect(),
        labels: s.expectations.iter().map(|e| e.label.clone()).collect(),
    }
}

/// The injects the log says have been delivered.
fn delivered(log: &Path) -> BTreeSet<String> {
    common::log_events(log)
        .iter()
        .filter(|e| e["kind"] == "inject_delivered")
        .filter_map(|e| e["inject"].as_str().map(str::to_string))
        .collect()
}

/// Captures the player's screen and checks it shows nothing of the controller's: no id or
/// text of an inject not delivered (the log is read after the capture, so an inject
/// delivered while capturing counts as delivered), no expectation label, no score.
fn player_screen(p: &Tmux, log: &Path, sec: &Secrets) -> String {
    let s = p.screen();
    let done = delivered(log);
    for (id, text) in &sec.injects {
        if done.contains(id) {
            continue;
        }
        assert!(
            !s.contains(&format!("{id} ")) && !s.contains(text.as_str()),
            "the player's screen shows inject {id:?}, not delivered yet:\n{s}"
        );
    }
    for l in &sec.labels {
        assert!(
            !s.contains(l.as_str()),
            "an expectation on the player's screen: {l:?}\n{s}"
        );
    }
    assert!(
        !s.contains("Expectations") && !s.contains(" of 10 ("),
        "the score on the player's screen:\n{s}"
    );
    s
}

/// Polls the player's screen (checking every capture) until `ok` holds, for up to 20 s.
fn player_until(
    p: &Tmux,
    log: &Path,
    sec: &Secrets,
    what: &str,
    ok: impl Fn(&str) -> bool,
) -> String {
    let start = Instant::now();
    loop {
        let s = player_screen(p, log, sec);
        if ok(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; the player's screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The player's banner row (the one with the drill clock).
fn banner(s: &str) -> String {
    s.lines()
        .find(|l| l.contains("EXERCISE"))
        .unwrap_or("")
        .to_string()
}

fn controller_and_player(w: u16, h: u16) {
    let dir = common::tempdir();
    let log = dir.path().join("drill.jsonl");
    let bin = env!("CARGO_BIN_EXE_warroom");
    let repo = common::repo().display().to_string();
    let sec = secrets();
    let c = Tmux::new(&format!("ctl-{w}"));
    c.start(
        w,
        h,
        &format!(
            "cd {repo} && {bin} drill {SCENARIO} --controller --log {} --speed 60 --operator facilitator; sleep 30",
            log.display()
        ),
    );
    c.wait_for("CONTROLLER");
    let p = Tmux::new(&format!("player-{w}"));
    p.start(
        w,
        h,
        &format!(
            "cd {repo} && {bin} join {} --operator Mina --role comms; sleep 30",
            log.display()
        ),
    );
    // (a) The clock stands at T+0 until the controller starts it.
    player_until(&p, &log, &sec, "the player's banner", |s| {
        banner(s).contains("WAITING")
    });
    let cs = c.wait_for("Mina (comms)");
    // The needles are real: the controller's own screen shows what the player's must not.
    assert!(
        sec.injects
            .iter()
            .any(|(id, _)| cs.contains(&format!("{id} ")))
            && cs.contains(" of 10 ("),
        "{cs}"
    );
    std::thread::sleep(Duration::from_secs(3));
    let s = player_screen(&p, &log, &sec);
    let b = banner(&s);
    assert!(b.contains("T+00:00:00") && b.contains("WAITING"), "{s}");
    assert!(
        delivered(&log).is_empty(),
        "nothing is delivered before the start"
    );
    c.keys(&["s"]);
    c.wait_for("▶ 60x");
    let s = player_until(&p, &log, &sec, "the clock to move", |s| {
        let b = banner(s);
        b.contains("▶") && !b.contains("T+00:00:00")
    });
    assert!(!banner(&s).contains("WAITING"), "{s}");
    // (b) An ad-hoc inject typed by the controller reaches the player's feed.
    c.keys(&["a"]);
    c.wait_for("Ad-hoc inject");
    c.run(&["send-keys", "-t", "t", "-l", "Daily Herald"]);
    c.keys(&["Tab"]);
    c.run(&["send-keys", "-t", "t", "-l", "ZEBRA-ADHOC claims abroad?"]);
    c.keys(&["Enter"]);
    c.wait_for("ad-hoc inject sent");
    player_until(&p, &log, &sec, "the ad-hoc inject", |s| {
        s.contains("ZEBRA-ADHOC")
    });
    // A player's note shows in the controller's log, with its author.
    p.keys(&["n"]);
    p.run(&["send-keys", "-t", "t", "-l", "PLAYER-NOTE"]);
    p.keys(&["Enter"]);
    c.wait_for("Mina: note: PLAYER-NOTE");
    // A controller's note never reaches the player either.
    c.keys(&["n"]);
    c.wait_for("Controller's note");
    c.run(&["send-keys", "-t", "t", "-l", "QUOKKA-NOTE"]);
    c.keys(&["Enter"]);
    c.wait_for("note recorded");
    for _ in 0..10 {
        let s = player_screen(&p, &log, &sec);
        assert!(!s.contains("QUOKKA-NOTE"), "{s}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The controller ends the drill (confirmed) and quits.
    c.keys(&["q"]);
    c.wait_for("End the drill now");
    c.keys(&["y"]);
    c.wait_for("Drill score:");
    let kinds: Vec<String> = common::log_events(&log)
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(kinds.contains(&"drill_ended".to_string()), "{kinds:?}");
    player_until(&p, &log, &sec, "the drill's end", |s| {
        banner(s).contains("ENDED")
    });
}

#[test]
fn controller_and_player_at_120x40() {
    controller_and_player(120, 40);
}

#[test]
fn controller_and_player_at_80x24() {
    controller_and_player(80, 24);
}

/// `--teams` and `--exercise` name files: bad names and repeats are refused before anything
/// opens, and `--teams` needs the controller's screen.
#[test]
fn teams_flags_are_checked() {
    let dir = common::tempdir();
    let d = dir.path().to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut c = common::bin();
        c.args(["drill", SCENARIO, "--log-dir", d]).args(extra);
        c.assert()
    };
    let out = run(&["--controller", "--teams", "blue,blue"]).code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("\"blue\" is named twice"), "{err}");
    let out = run(&["--controller", "--teams", "blue,../red"]).code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("\"../red\"") && err.contains("names the log file"),
        "{err}"
    );
    let out = run(&["--controller", "--teams", "blue", "--exercise", "a b"]).code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("--exercise \"a b\""), "{err}");
    run(&["--teams", "blue,red"]).code(2);
    std::fs::write(dir.path().join("ex-red.jsonl"), "").unwrap();
    let out = run(&["--controller", "--teams", "blue,red", "--exercise", "ex"]).code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing opened"
    );
}

/// Two teams on one controller (real binary): a blue player's seat gets the ad-hoc inject sent
/// to every team, never the one sent to red alone; the clock started once runs both drills.
#[test]
fn two_teams_one_controller() {
    let dir = common::tempdir();
    let bin = env!("CARGO_BIN_EXE_warroom");
    let repo = common::repo().display().to_string();
    let c = Tmux::new("ctl-teams");
    c.start(
        120,
        40,
        &format!(
            "cd {repo} && {bin} drill {SCENARIO} --controller --teams blue,red --exercise ex --log-dir {} --speed 60 --operator facilitator; sleep 30",
            dir.path().display()
        ),
    );
    c.wait_for("Teams · exercise ex");
    let blue = dir.path().join("ex-blue.jsonl");
    let red = dir.path().join("ex-red.jsonl");
    let p = Tmux::new("player-blue");
    p.start(
        120,
        40,
        &format!(
            "cd {repo} && {bin} join {} --operator Mina --role comms; sleep 30",
            blue.display()
        ),
    );
    p.wait_for("WAITING");
    c.keys(&["s"]);
    c.wait_for("▶ 60x");
    c.keys(&["Tab"]);
    c.wait_for(" · red ─");
    c.keys(&["a"]);
    c.wait_for("Ad-hoc inject");
    c.run(&["send-keys", "-t", "t", "-l", "Daily Herald"]);
    c.keys(&["Tab"]);
    c.run(&["send-keys", "-t", "t", "-l", "RED-ONLY-ADHOC"]);
    c.keys(&["Enter"]);
    c.wait_for("ad-hoc inject sent to red");
    c.keys(&["A"]);
    c.wait_for("Ad-hoc inject to every team");
    c.run(&["send-keys", "-t", "t", "-l", "legal"]);
    c.keys(&["Tab"]);
    c.run(&["send-keys", "-t", "t", "-l", "ALL-TEAMS-ADHOC"]);
    c.keys(&["Enter"]);
    c.wait_for("sent to every team");
    let sec = secrets();
    let s = player_until(&p, &blue, &sec, "the inject to every team", |s| {
        s.contains("ALL-TEAMS-ADHOC")
    });
    assert!(!s.contains("RED-ONLY"), "{s}");
    let texts = |log: &Path| -> Vec<String> {
        common::log_events(log)
            .iter()
            .filter(|e| e["delivery"] == "ad_hoc")
            .filter_map(|e| e["text"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(texts(&blue), ["ALL-TEAMS-ADHOC"]);
    assert_eq!(texts(&red), ["RED-ONLY-ADHOC", "ALL-TEAMS-ADHOC"]);
    for log in [&blue, &red] {
        assert!(
            delivered(log).contains("relay"),
            "the clock runs for {log:?}"
        );
    }
    c.keys(&["q"]);
    c.wait_for("End the drill now");
    c.keys(&["y"]);
    let end = c.wait_for("red: Drill score:");
    assert!(end.contains("blue: Drill score:"), "{end}");
}
