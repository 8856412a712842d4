//! `sweep --watch`: it survives a missing database, picks one up later, and says a standing
//! warning once.

use std::time::Duration;

use super::*;
use crate::harness::Env;

/// Runs `sweep --watch 1s` with its output going to files, for `secs`, then stops it.
fn watch_for(
    env: &Env,
    extra: &[(&str, &str)],
    secs: f64,
    during: impl FnOnce(&Env),
) -> (String, String, bool) {
    let out = env.dir.path().join("watch.out");
    let err = env.dir.path().join("watch.err");
    let mut cmd = env.process();
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd
        .args(["sweep", "--watch", "1s"])
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    during(env);
    std::thread::sleep(Duration::from_secs_f64(secs));
    let alive = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    (
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&err).unwrap(),
        alive,
    )
}

/// Issue 11, item 8: `sweep --watch` keeps going when the database is missing for a while (a
/// mount not up yet, a restore in progress), as it does when Redis is down; and it reports the
/// error once, not every round (item 12).
#[test]
fn watch_survives_a_missing_database_and_reports_it_once() {
    let env = Env::bare();
    let (out, err, alive) = watch_for(&env, &[], 3.5, |_| {});
    assert!(alive, "sweep --watch exited: {err}");
    assert_eq!(out, "");
    assert_eq!(err.matches("no database").count(), 1, "{err}");
}

#[test]
fn watch_picks_up_a_database_that_appears_later() {
    let env = Env::bare();
    let (out, err, alive) = watch_for(&env, &[], 4.0, |env| {
        std::thread::sleep(Duration::from_millis(1_500));
        env.ok("init --demo");
        env.ok("reserve --showtime 24 --user 7 A1 --hold 1s");
    });
    assert!(alive, "sweep --watch exited: {err}");
    assert_eq!(
        env.booking_status(1),
        "EXPIRED",
        "stdout: {out}\nstderr: {err}"
    );
    assert!(out.contains("expired 1 booking"), "{out}");
    assert!(err.contains("no database"), "{err}");
}

/// Issue 11, item 12: a standing finding (a lock without expiry) is said once, then again only
/// when it changes.
#[test]
fn watch_says_a_standing_warning_once_and_again_when_it_changes() {
    let env = Env::demo();
    set(&env, "seat_lock:24:E5", "42");
    let (out, err, alive) = watch_for(&env, &[], 3.0, |env| {
        std::thread::sleep(Duration::from_millis(2_500));
        set(env, "seat_lock:24:E6", "43");
    });
    assert!(alive, "{err}");
    assert_eq!(out.matches("1 key without expiry").count(), 1, "{out}");
    assert_eq!(out.matches("2 keys without expiry").count(), 1, "{out}");
}
