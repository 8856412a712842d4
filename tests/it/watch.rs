//! `watch`, driven through a real pseudo-terminal (rexpect): the map on the alternate screen,
//! a hold taken by another command showing up in it, and the terminal given back on `q`,
//! Ctrl-C and a panic. Without a terminal it refuses; a showtime that doesn't exist is exit 4.

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use crate::harness::Env;

const TIMEOUT_MS: u64 = 20_000;
/// What leaves the alternate screen (crossterm's `LeaveAlternateScreen`).
const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";

/// `boxoffice watch <args>` on a fresh pseudo-terminal wired to `env`.
fn spawn(env: &Env, args: &[&str], extra: &[(&str, &str)]) -> PtySession {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("boxoffice"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("USER", "clerk")
        .env("REDIS_URL", env.redis.url())
        .env("BOXOFFICE_DB", &env.db)
        .env("BOXOFFICE_REDIS_TIMEOUT", "2s")
        .envs(extra.iter().copied())
        .args(args);
    spawn_command(c, Some(TIMEOUT_MS)).expect("spawn on a pty")
}

/// Everything left on the pty, and the exit code.
fn finish(p: &mut PtySession) -> (String, i32) {
    let rest = p.exp_eof().unwrap_or_default();
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("boxoffice did not exit normally: {other:?}"),
    }
}

/// Starts `watch 24`, waits for the map, takes a hold from another process and waits for the
/// change line; then `key` ends it. Returns the footer's mode line as seen and the end.
fn a_hold_shows_up_then(env: &Env, mode: &str, key: &str, patterns: i64) -> (String, i32) {
    let mut p = spawn(env, &["watch", "24"], &[]);
    p.exp_string("Showtime 24").unwrap();
    p.exp_string("Counts: 120 free, 0 held, 0 sold").unwrap();
    p.exp_string(mode).unwrap();
    // Live: one subscriber to the showtime's four key patterns; polling: none.
    let numpat: i64 = redis::cmd("PUBSUB")
        .arg("NUMPAT")
        .query(&mut env.con())
        .unwrap();
    assert_eq!(numpat, patterns);
    env.ok("reserve --showtime 24 --user 7 A5");
    p.exp_string("A5 held by 7").unwrap();
    p.exp_string("Counts: 119 free, 1 held, 0 sold").unwrap();
    p.send(key).unwrap();
    p.flush().unwrap();
    finish(&mut p)
}

fn redis_config_set(env: &Env, flags: &str) {
    let mut con = env.con();
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("notify-keyspace-events")
        .arg(flags)
        .query(&mut con)
        .unwrap();
}

#[test]
fn watch_redraws_a_new_hold_live_with_keyspace_notifications_and_q_restores_the_terminal() {
    let env = Env::demo();
    redis_config_set(&env, "KEA");
    let (rest, code) = a_hold_shows_up_then(&env, "live (keyspace notifications)", "q", 4);
    assert_eq!(code, 0);
    assert!(rest.contains(LEAVE_ALTERNATE_SCREEN), "{rest:?}");
    // Read-only: the server's setting is as the test left it, and the hold is the reserve's.
    let mut con = env.con();
    let flags: Vec<String> = redis::cmd("CONFIG")
        .arg("GET")
        .arg("notify-keyspace-events")
        .query(&mut con)
        .unwrap();
    assert_eq!(flags[1], "AKE");
    assert_eq!(env.locks(), ["seat_lock:24:A5"]);
}

#[test]
fn watch_polls_when_the_server_sends_no_notifications_and_never_turns_them_on() {
    let env = Env::demo();
    let (rest, code) = a_hold_shows_up_then(
        &env,
        "polling every 1s (enable notify-keyspace-events for live updates)",
        "q",
        0,
    );
    assert_eq!(code, 0);
    assert!(rest.contains(LEAVE_ALTERNATE_SCREEN), "{rest:?}");
    let mut con = env.con();
    let flags: Vec<String> = redis::cmd("CONFIG")
        .arg("GET")
        .arg("notify-keyspace-events")
        .query(&mut con)
        .unwrap();
    assert_eq!(flags[1], "");
    // Read-only: the reserve's hold is all there is, and watch wrote no audit row.
    assert_eq!(env.locks(), ["seat_lock:24:A5"]);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE command = 'watch'"),
        0
    );
}

#[test]
fn watch_ctrl_c_quits_with_exit_0_and_restores_the_terminal() {
    let env = Env::demo();
    let (rest, code) = a_hold_shows_up_then(&env, "polling every 1s", "\x03", 0);
    assert_eq!(code, 0);
    assert!(rest.contains(LEAVE_ALTERNATE_SCREEN), "{rest:?}");
}

/// A supervisor's SIGTERM (or the terminal closing: SIGHUP) ends it like `q`: exit 0, the
/// alternate screen left, the terminal restored.
#[test]
fn watch_sigterm_and_sighup_restore_the_terminal() {
    let env = Env::demo();
    for sig in [
        rexpect::process::Signal::SIGTERM,
        rexpect::process::Signal::SIGHUP,
    ] {
        let mut p = spawn(&env, &["watch", "24"], &[]);
        p.exp_string("Counts: 120 free, 0 held, 0 sold").unwrap();
        p.process_mut().signal(sig).unwrap();
        let (rest, code) = finish(&mut p);
        assert_eq!(code, 0, "{sig:?}: {rest:?}");
        assert!(rest.contains(LEAVE_ALTERNATE_SCREEN), "{sig:?}: {rest:?}");
    }
}

#[test]
fn watch_t_shows_the_time_left_on_each_hold() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A5 A6 --hold 5m");
    env.ok("reserve --showtime 24 --user 8 B1");
    let mut p = spawn(&env, &["watch", "24"], &[]);
    p.exp_string("Counts: 117 free, 3 held, 0 sold").unwrap();
    p.send("t").unwrap();
    p.flush().unwrap();
    p.exp_string("Holds (time left):").unwrap();
    // The shorter hold first, with its minutes left (the dash is three bytes to rexpect).
    p.exp_regex(r"user 7: A5, A6 \S+ 4m \d+s").unwrap();
    p.exp_regex(r"user 8: B1 \S+ 9m \d+s").unwrap();
    p.send("q").unwrap();
    p.flush().unwrap();
    assert_eq!(finish(&mut p).1, 0);
}

#[test]
fn watch_shows_a_sale_a_release_and_a_block_as_change_lines() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A5");
    let mut p = spawn(&env, &["watch", "24"], &[]);
    p.exp_string("Counts: 119 free, 1 held, 0 sold").unwrap();
    env.ok("confirm --showtime 24 --user 7 --payment-id pay_1");
    p.exp_string("A5 sold to 7").unwrap();
    env.ok("reserve --showtime 24 --user 8 B1");
    p.exp_string("B1 held by 8").unwrap();
    env.ok("release --showtime 24 --user 8");
    p.exp_string("B1 free").unwrap();
    env.ok(&["block", "--showtime", "24", "C1", "--reason", "broken seat"]);
    p.exp_string("C1 blocked").unwrap();
    p.send("q").unwrap();
    p.flush().unwrap();
    assert_eq!(finish(&mut p).1, 0);
}

#[test]
fn watch_shows_a_redis_outage_as_a_status_line_and_carries_on() {
    let mut env = Env::demo();
    let mut p = spawn(&env, &["watch", "24"], &[]);
    p.exp_string("Counts: 120 free, 0 held, 0 sold").unwrap();
    env.redis.stop();
    p.exp_string("Redis unreachable, retrying").unwrap();
    env.redis.restart_empty();
    env.ok("reserve --showtime 24 --user 7 A5");
    p.exp_string("A5 held by 7").unwrap();
    p.send("q").unwrap();
    p.flush().unwrap();
    assert_eq!(finish(&mut p).1, 0);
}

#[test]
fn watch_a_panic_restores_the_terminal_before_the_error_line() {
    let env = Env::demo();
    let mut p = spawn(
        &env,
        &["watch", "24"],
        &[("BOXOFFICE_FAILPOINT", "watch-after-draw:panic")],
    );
    p.exp_string("Showtime 24").unwrap();
    let (rest, code) = finish(&mut p);
    assert_eq!(code, 1);
    let left = rest
        .find(LEAVE_ALTERNATE_SCREEN)
        .expect("left the alternate screen");
    let error = rest
        .find("error: internal error (a bug): failpoint watch-after-draw")
        .expect("the error line");
    assert!(left < error, "{rest:?}");
}

#[test]
fn watch_without_a_terminal_is_exit_2_and_points_to_inspect_json() {
    let env = Env::demo();
    let (_, err) = env.fails(2, "watch 24");
    assert!(err.contains("`boxoffice inspect 24 --json`"), "{err}");
    let (_, err) = env.fails(2, "watch 24 --json");
    assert!(err.contains("`boxoffice inspect 24 --json`"), "{err}");
}

#[test]
fn watch_an_unknown_showtime_is_exit_4() {
    let env = Env::demo();
    let mut p = spawn(&env, &["watch", "99"], &[]);
    p.exp_string("showtime 99 does not exist").unwrap();
    let (rest, code) = finish(&mut p);
    assert_eq!(code, 4);
    // Refused before the screen was taken over.
    assert!(!rest.contains(LEAVE_ALTERNATE_SCREEN));
    env.fails(4, "watch 99");
}
