//! A move killed between its steps (`BOXOFFICE_FAILPOINT`): the booking is on its old seats or
//! its new ones in SQLite, never both and never neither, and `sweep` heals what Redis has left.

use std::os::unix::process::ExitStatusExt;

use super::*;
use crate::harness::Args;

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
        "{failpoint}: {out:?}"
    );
}

/// Ages a hold by `secs`: its reservation key's reserved_at is when it started.
fn age_reservation(env: &Env, key: &str, secs: f64) {
    let raw = env.get(key).expect("reservation key");
    let mut v: Value = serde_json::from_str(&raw).unwrap();
    v["reserved_at"] = serde_json::json!(v["reserved_at"].as_f64().unwrap() - secs);
    redis::cmd("SET")
        .arg(key)
        .arg(v.to_string())
        .arg("KEEPTTL")
        .query::<()>(&mut env.con())
        .unwrap();
}

fn live_seats(env: &Env, id: i64) -> Vec<(i64, String)> {
    seat_rows(env, id)
        .into_iter()
        .filter(|r| r.2 == Some(1))
        .map(|r| (r.0, r.1))
        .collect()
}

fn seats(st: i64, s: &[&str]) -> Vec<(i64, String)> {
    s.iter().map(|s| (st, s.to_string())).collect()
}

#[test]
fn a_hold_killed_after_taking_the_new_locks_stays_on_its_old_seats() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    crash(
        &env,
        "move-after-redis",
        &format!("move --booking {id} B2=F5 B3=F6"),
    );
    assert_eq!(live_seats(&env, id), seats(24, &["B2", "B3"]));
    // Redis has the hold on all four, consistently: nobody else can take any of them.
    assert_eq!(env.locks().len(), 4);
    let (listed, _) = reservation(&env, "seat_reservation_24_7");
    assert_eq!(listed, ["B2", "B3", "F5", "F6"]);
    env.fails(3, "reserve --showtime 24 --user 8 F5");
    env.fails(6, "inspect 24 --check");
    // Once the hold is older than a command can be in flight, the sweep removes the leftovers.
    age_reservation(&env, "seat_reservation_24_7", 120.0);
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks_removed"], 2, "{s}");
    assert_eq!(env.locks(), ["seat_lock:24:B2", "seat_lock:24:B3"]);
    clean(&env, 24);
    // And the move, run again, goes through.
    let m = env.json(&format!("move --booking {id} B2=F5 B3=F6"));
    assert_eq!(strs(&m["seats"]), ["F5", "F6"]);
    clean(&env, 24);
}

#[test]
fn a_hold_killed_after_the_commit_is_on_its_new_seats() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    crash(
        &env,
        "move-after-sqlite",
        &format!("move --booking {id} B2=F5 B3=F6"),
    );
    assert_eq!(live_seats(&env, id), seats(24, &["F5", "F6"]));
    assert_eq!(env.locks().len(), 4, "the old locks are left");
    env.fails(6, "inspect 24 --check");
    age_reservation(&env, "seat_reservation_24_7", 120.0);
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks_removed"], 2, "{s}");
    assert_eq!(env.locks(), ["seat_lock:24:F5", "seat_lock:24:F6"]);
    clean(&env, 24);
    env.ok("reserve --showtime 24 --user 8 B2");
}

#[test]
fn a_hold_killed_between_showtimes_is_on_one_of_them() {
    let env = Env::demo();
    env.ok("showtime add --movie Heat --starts 2099-12-02T20:00:00Z --rows A-F --seats-per-row 8 --id 25");
    let id = reserve(&env, "--showtime 24 --user 7 B2");
    let args = format!("move --booking {id} B2=A1 --to-showtime 25");
    crash(&env, "move-after-redis", &args);
    assert_eq!(live_seats(&env, id), seats(24, &["B2"]));
    age_reservation(&env, "seat_reservation_25_7", 120.0);
    env.ok("sweep");
    assert_eq!(env.locks(), ["seat_lock:24:B2"]);
    clean(&env, 24);
    clean(&env, 25);

    crash(&env, "move-after-sqlite", &args);
    assert_eq!(live_seats(&env, id), seats(25, &["A1"]));
    assert_eq!(booking_row(&env, id).3, 25);
    age_reservation(&env, "seat_reservation_24_7", 120.0);
    env.ok("sweep");
    assert_eq!(env.locks(), ["seat_lock:25:A1"]);
    clean(&env, 24);
    clean(&env, 25);
}

#[test]
fn a_sale_killed_between_its_steps_is_on_one_set_of_seats_and_the_sweep_heals_redis() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    env.ok("sweep");
    let args = format!("move --booking {id} B2=F5 B3=F6");

    // Before the commit: still on the old seats; the in-flight locks live one grace at most.
    crash(&env, "move-after-redis", &args);
    assert_eq!(live_seats(&env, id), seats(24, &["B2", "B3"]));
    assert_eq!(env.locks(), ["seat_lock:24:F5", "seat_lock:24:F6"]);
    let ttl = env.pttl("seat_lock:24:F5");
    assert!(ttl > 0 && ttl <= 60_000, "{ttl}");
    env.fails(3, "reserve --showtime 24 --user 8 F5");
    for seat in ["F5", "F6"] {
        redis::cmd("PEXPIRE")
            .arg(format!("seat_lock:24:{seat}"))
            .arg(1)
            .query::<()>(&mut env.con())
            .unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.ok("sweep");
    clean(&env, 24);

    // After it: on the new seats; the sweep removes the locks on them and frees the old ones.
    crash(&env, "move-after-sqlite", &args);
    assert_eq!(live_seats(&env, id), seats(24, &["F5", "F6"]));
    env.fails(6, "inspect 24 --check");
    let s = env.json("sweep");
    assert_eq!(s["sold_locks_removed"], 2, "{s}");
    assert_eq!(env.locks(), Vec::<String>::new());
    clean(&env, 24);
    let free = array(&env, "available_seats_24");
    assert!(free.contains(&"B2".into()) && !free.contains(&"F5".into()));
    env.ok("reserve --showtime 24 --user 8 B2");
}

/// A bug at either gap (`NAME:panic`) is exit 1 with the booking on one set of seats.
#[test]
fn a_panic_at_either_gap_leaves_one_set_of_seats() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2");
    let run = |fp: &str, pair: &str| {
        let out = env
            .cmd()
            .env("BOXOFFICE_FAILPOINT", format!("{fp}:panic"))
            .args(["move", "--booking", &id.to_string(), pair])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("internal error (a bug)"));
    };
    run("move-after-redis", "B2=F5");
    assert_eq!(live_seats(&env, id), seats(24, &["B2"]));
    run("move-after-sqlite", "B2=F6");
    assert_eq!(live_seats(&env, id), seats(24, &["F6"]));
    checks::invariants(&env, 24).unwrap();
}

/// A move paused in each gap (`NAME:pause`): a third customer can take neither seat of the
/// pair while it is the booking's, and the move then finishes as if nothing had happened.
#[test]
fn a_third_customer_takes_neither_seat_while_a_move_is_in_flight() {
    use std::io::{BufRead, BufReader, Write};
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2");
    let sale = reserve(&env, "--showtime 24 --user 9 C2");
    env.ok(&format!("confirm --booking {sale} --payment-id pay_9"));
    for (booking, pair, fp) in [
        (id, "B2=F5", "move-after-redis"),
        (id, "F5=F6", "move-after-sqlite"),
        (sale, "C2=G2", "move-after-redis"),
        (sale, "G2=G3", "move-after-sqlite"),
    ] {
        let mut child = env
            .process()
            .env("BOXOFFICE_FAILPOINT", format!("{fp}:pause"))
            .args(["move", "--booking", &booking.to_string(), pair])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), format!("paused at {fp}"));
        // Before the commit both seats are the booking's; after it, the old one is let go (a
        // hold's lock on it lasts until the last step), the new one is claimed.
        let (old, new) = pair.split_once('=').unwrap();
        let taken = if fp == "move-after-redis" {
            vec![old, new]
        } else {
            vec![new]
        };
        for seat in taken {
            env.fails(3, &format!("reserve --showtime 24 --user 8 {seat}"));
        }
        child.stdin.take().unwrap().write_all(b"\n").unwrap();
        assert!(child.wait().unwrap().success(), "{pair}");
        checks::invariants(&env, 24).unwrap();
    }
    clean(&env, 24);
    assert_eq!(live_seats(&env, id), seats(24, &["F6"]));
    assert_eq!(live_seats(&env, sale), seats(24, &["G3"]));
    env.ok("reserve --showtime 24 --user 8 B2 F5 C2 G2");
}
