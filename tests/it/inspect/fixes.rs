//! The fixes `inspect` prints: each one, run as printed, clears its anomaly.

use std::time::Duration;

use serde_json::Value;

use super::*;
use crate::harness::Env;

/// The commands a fix line asks to run: each `boxoffice …` or `redis-cli …` in it (the first
/// word says which), up to a backtick, a parenthesis or a semicolon, with the double quotes a
/// shell would remove. `--force` without a terminal needs `--yes` (release's help).
fn fix_commands(fix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = fix;
    loop {
        let at = ["boxoffice ", "redis-cli "]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, *p)))
            .min();
        let Some((i, program)) = at else { break };
        let tail = &rest[i + program.len()..];
        let end = tail.find(['`', '(', ';']).unwrap_or(tail.len());
        let mut args = vec![program.trim().to_string()];
        args.extend(
            tail[..end]
                .split_whitespace()
                .map(|a| a.trim_matches('"').to_string()),
        );
        if args.iter().any(|a| a == "--force") && !args.iter().any(|a| a == "--yes") {
            args.push("--yes".into());
        }
        out.push(args);
        rest = &tail[end..];
    }
    out
}

/// Issue 11 item 10: for every kind of anomaly inspect reports, running the fixes it prints,
/// exactly as printed, leaves a showtime that `inspect --check` finds clean.
#[test]
fn every_fix_inspect_prints_clears_its_anomaly() {
    type Setup = fn(&Env);
    let cases: Vec<(&str, Setup)> = vec![
        ("an empty lock without expiry", |env| {
            redis(env, &["SET", "seat_lock:24:H2", ""]);
        }),
        ("an empty lock, after a sweep rebuilt the indexes", |env| {
            redis(env, &["SET", "seat_lock:24:H2", ""]);
            env.ok("sweep");
        }),
        ("a lock of a user id without expiry or booking", |env| {
            redis(env, &["SET", "seat_lock:24:H3", "7"]);
        }),
        ("a young orphan lock with a TTL", |env| {
            redis(env, &["SET", "seat_lock:24:H4", "8", "EX", "600"]);
        }),
        ("a lock that is not a user id", |env| {
            redis(env, &["SET", "seat_lock:24:H5", "not a user!", "EX", "600"]);
        }),
        ("a lock key of the wrong type", |env| {
            redis(env, &["RPUSH", "seat_lock:24:H6", "7"]);
        }),
        ("a lock key whose seat part is no seat id", |env| {
            redis(env, &["SET", "seat_lock:24:foo", "8", "EX", "600"]);
        }),
        ("a lock on a seat outside the layout", |env| {
            redis(env, &["SET", "seat_lock:24:Z99", "8", "EX", "600"]);
        }),
        ("another user's lock on a booked seat", |env| {
            reserve(env, "7", &["A1"]);
            redis(env, &["SET", "seat_lock:24:A1", "8", "XX", "KEEPTTL"]);
        }),
        ("a lost hold", |env| {
            reserve(env, "7", &["A1", "A2"]);
            redis(env, &["DEL", "seat_lock:24:A1"]);
        }),
        ("a hold that ran out and was never expired", |env| {
            env.ok("reserve --showtime 24 --user 7 A1 --hold 1s");
            std::thread::sleep(Duration::from_millis(1500));
        }),
        ("stale index keys", |env| {
            reserve(env, "7", &["A1"]);
            redis(
                env,
                &["SET", "reserved_seats_24", "[\"A1\",\"B1\"]", "EX", "600"],
            );
            redis(env, &["SET", "available_seats_24", "[\"A1\"]", "EX", "600"]);
        }),
        ("malformed index keys", |env| {
            redis(env, &["SET", "reserved_seats_24", "{", "EX", "600"]);
            redis(env, &["RPUSH", "available_seats_24", "A1"]);
        }),
        ("index and reservation keys without expiry", |env| {
            reserve(env, "7", &["A1"]);
            redis(env, &["PERSIST", "reserved_seats_24"]);
            redis(env, &["PERSIST", "seat_reservation_24_7"]);
        }),
        ("a live hold's lock without expiry", |env| {
            reserve(env, "7", &["A1", "A2"]);
            redis(env, &["PERSIST", "seat_lock:24:A1"]);
        }),
        ("a sold seat locked again without expiry", |env| {
            let id = reserve(env, "7", &["A1"]);
            env.ok(&format!("confirm --booking {id} --payment-id p7"));
            redis(env, &["SET", "seat_lock:24:A1", "7"]);
        }),
        ("a sold seat locked again", |env| {
            let id = reserve(env, "7", &["A1"]);
            env.ok(&format!("confirm --booking {id} --payment-id p7"));
            redis(env, &["SET", "seat_lock:24:A1", "7", "EX", "600"]);
        }),
        ("a reservation key listing other seats", |env| {
            reserve(env, "7", &["A1", "A2"]);
            let v = env.get("seat_reservation_24_7").unwrap();
            let v = v.replace("\"A1\",", "");
            redis(env, &["SET", "seat_reservation_24_7", &v, "KEEPTTL"]);
        }),
        ("a malformed reservation key", |env| {
            reserve(env, "7", &["A1"]);
            redis(env, &["SET", "seat_reservation_24_7", "garbage", "KEEPTTL"]);
        }),
        ("keys left on a cancelled screening", |env| {
            env.ok(&["showtime", "cancel", "24", "--reason", "fire", "--yes"][..]);
            redis(env, &["SET", "seat_lock:24:A1", "7", "EX", "600"]);
            let r = r#"{"seat_ids":["A1"],"reserved_at":1}"#;
            redis(env, &["SET", "seat_reservation_24_7", r, "EX", "600"]);
            redis(env, &["SET", "reserved_seats_24", "[\"A1\"]", "EX", "600"]);
            redis(env, &["SET", "available_seats_24", "[\"A2\"]", "EX", "600"]);
        }),
    ];
    for (name, setup) in cases {
        let env = Env::demo();
        setup(&env);
        let (stdout, _) = env.fails(6, "inspect 24 --check --json");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        let list = doc["anomalies"].as_array().unwrap().clone();
        assert!(!list.is_empty(), "{name}: no anomaly");
        // The plain text prints the same fixes.
        let text = env.fails(6, "inspect 24 --check").0;
        let mut ran: Vec<Vec<String>> = Vec::new();
        for a in &list {
            let fix = a["fix"].as_str().unwrap();
            assert!(
                text.contains(fix),
                "{name}: {fix:?} not printed in:\n{text}"
            );
            let cmds = fix_commands(fix);
            assert!(
                !cmds.is_empty(),
                "{name}: no command in the fix {fix:?} of {a}"
            );
            for c in cmds {
                if ran.contains(&c) {
                    continue;
                }
                let args: Vec<&str> = c[1..].iter().map(String::as_str).collect();
                let out = if c[0] == "redis-cli" {
                    // As printed, against this test's server.
                    std::process::Command::new("redis-cli")
                        .arg("-u")
                        .arg(env.redis.url())
                        .args(&args)
                        .output()
                        .expect("redis-cli")
                } else {
                    env.run(&args)
                };
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{name}: fix `{}` failed:\n{}",
                    c.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                );
                ran.push(c);
            }
        }
        if name == "a live hold's lock without expiry" {
            // Fixed without ending the customer's hold.
            assert_eq!(env.booking_status(1), "PENDING", "{name}");
            assert!(env.pttl("seat_lock:24:A1") > 0, "{name}");
        }
        let out = env.run("inspect 24 --check");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: after running {ran:?}, inspect still finds:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// A stray lock on a seat a live booking claims: the printed fix is the sweep, which gives the
/// seat back to the booking; a forced release would have cancelled the customer's hold.
#[test]
fn a_stray_lock_on_a_live_bookings_seat_is_fixed_by_sweep_and_the_booking_keeps_it() {
    let env = Env::demo();
    let booking = reserve(&env, "7", &["A1", "A2"]);
    redis(&env, &["SET", "seat_lock:24:A1", "8", "XX", "KEEPTTL"]);
    let report = env.json("inspect 24");
    let fixes: Vec<&str> = report["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "orphan_lock")
        .map(|a| a["fix"].as_str().unwrap())
        .collect();
    assert_eq!(
        fixes,
        [format!(
            "boxoffice sweep (gives the seat back to booking {booking}, whose hold it is)"
        )]
    );
    env.ok("sweep");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM bookings WHERE id = {booking} AND status = 'PENDING'"
        )),
        1
    );
    env.ok("inspect 24 --check");
}
