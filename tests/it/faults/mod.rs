//! Issue 6: faults. Redis stopped, restarted empty, paused past the timeout, its script cache
//! flushed; the process killed between its Redis and SQLite steps; the SQLite file read-only,
//! its directory missing, locked by another writer, or out of space at commit. Each test
//! asserts the exit code and wording users see, and the real keys and rows before and after.
//!
//! One submodule per kind of fault: `redis_outage` (the server stopped, restarted, paused, its
//! script cache flushed), `in_flight` (a command paused between its steps while another runs),
//! `killed` (the process killed between its Redis and SQLite steps), `disk` (the SQLite file).
//! The helpers every kind uses, and the pause of a command in flight, live here.

use crate::checks;

mod blocked;
mod cancel;
mod disk;
mod in_flight;
mod killed;
mod redis_outage;
mod screening;

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use crate::harness::{Args, Env};

const ST: i64 = 24;

fn pexpiretime(env: &Env, key: &str) -> i64 {
    redis::cmd("PEXPIRETIME")
        .arg(key)
        .query(&mut env.con())
        .unwrap()
}

fn expires_of(env: &Env, booking: i64) -> i64 {
    env.sqlite()
        .query_row(
            "SELECT expires_at_ms FROM bookings WHERE id = ?1",
            [booking],
            |r| r.get(0),
        )
        .unwrap()
}

fn anomaly_kinds(env: &Env) -> Vec<String> {
    let v = env.json("inspect 24");
    let mut k: Vec<String> = v["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

fn clean(env: &Env) {
    env.ok("inspect 24 --check");
    checks::invariants(env, ST).unwrap();
}

/// A command stopped at a failpoint (`NAME:pause`) until `resume`, so a test can run another
/// command in the gap.
struct Paused(std::process::Child);

impl Paused {
    fn start<A: Args + ?Sized>(env: &Env, failpoint: &str, args: &A) -> Paused {
        Paused(
            env.process()
                .env("BOXOFFICE_FAILPOINT", format!("{failpoint}:pause"))
                .args(args.to_args())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        )
    }

    fn resume(mut self) -> std::process::Output {
        use std::io::Write;
        self.0.stdin.take().unwrap().write_all(b"\n").unwrap();
        self.0.wait_with_output().unwrap()
    }
}

/// Waits until `key` exists in Redis (a command got that far), failing with `what` after 20 s.
fn wait_for_key(env: &Env, key: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while env.get(key).is_none() {
        assert!(Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ages a hold by `secs`: the reservation key's reserved_at is when it started.
fn age_reservation(env: &Env, key: &str, secs: f64) {
    let raw = env.get(key).expect("reservation key");
    let mut v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let at = v["reserved_at"].as_f64().unwrap() - secs;
    v["reserved_at"] = serde_json::json!(at);
    redis::cmd("SET")
        .arg(key)
        .arg(v.to_string())
        .arg("KEEPTTL")
        .query::<()>(&mut env.con())
        .unwrap();
}

/// Runs a command with a failpoint and asserts it died by SIGABRT, as `kill -9` would leave it.
fn crash<A: Args + ?Sized>(env: &Env, failpoint: &str, args: &A) {
    let out = env
        .cmd()
        .env("BOXOFFICE_FAILPOINT", failpoint)
        .args(args.to_args())
        .output()
        .unwrap();
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGABRT),
        "{failpoint}: expected an abort, got {out:?}"
    );
}
