//! Values of the wrong type or shape already sitting in the scheme's Redis keys.

use redis::Commands;

use super::*;
use crate::harness::Env;

/// A value already sitting in the scheme's keys, written by hand (or by other software).
struct Corruption {
    name: &'static str,
    /// Commands run first, as any client would.
    before: &'static [&'static [&'static str]],
    /// Raw Redis commands that plant the bad value.
    plant: Vec<Vec<String>>,
    args: &'static [&'static str],
    code: i32,
    msg: &'static str,
    /// For a command that succeeds: what must hold afterwards.
    then: fn(&Env) -> Result<(), String>,
}

fn lock_is(env: &Env, seat: &str, user: &str) -> Result<(), String> {
    let key = format!("seat_lock:24:{seat}");
    let v: Option<String> = env.con().get(&key).map_err(|e| format!("GET {key}: {e}"))?;
    if v.as_deref() != Some(user) {
        return Err(format!("{key} is {v:?}, want {user:?}"));
    }
    let ttl = env.pttl(&key);
    if ttl <= 0 {
        return Err(format!("{key} has no TTL ({ttl})"));
    }
    Ok(())
}

fn a5_held_by_7(env: &Env) -> Result<(), String> {
    lock_is(env, "A5", "7")?;
    let n = env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '7' AND status = 'PENDING'");
    if n != 1 {
        return Err(format!("{n} PENDING bookings for user 7"));
    }
    Ok(())
}

fn a1_held_by_7(env: &Env) -> Result<(), String> {
    lock_is(env, "A1", "7")
}

fn a1_free(env: &Env) -> Result<(), String> {
    match env.get("seat_lock:24:A1") {
        None => Ok(()),
        Some(v) => Err(format!("seat_lock:24:A1 still {v:?}")),
    }
}

fn corruptions() -> Vec<Corruption> {
    let huge = "x".repeat(1_000_000);
    vec![
        Corruption {
            name: "seat lock is a list",
            before: &[],
            plant: vec![cmd(&["LPUSH", "seat_lock:24:A1", "7"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 3,
            msg: "A1",
            then: nothing,
        },
        Corruption {
            // Issue 11 item 10: inspect's fix for a corrupt lock is this forced release, so it
            // removes the key (the staff member asked for the seat back, whatever holds it).
            name: "seat lock is a hash, staff force-release",
            before: &[],
            plant: vec![cmd(&["HSET", "seat_lock:24:A1", "user", "7"])],
            args: &[
                "release",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--force",
                "--yes",
            ],
            code: 0,
            msg: "",
            then: a1_free,
        },
        Corruption {
            name: "seat lock holder has control characters",
            before: &[],
            plant: vec![cmd(&[
                "SET",
                "seat_lock:24:A1",
                "evil\x1b[2J\rX",
                "EX",
                "600",
            ])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 3,
            msg: "A1",
            then: nothing,
        },
        Corruption {
            name: "seat lock holder is 1 MB",
            before: &[],
            plant: vec![vec![
                "SET".into(),
                "seat_lock:24:A1".into(),
                huge,
                "EX".into(),
                "600".into(),
            ]],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 3,
            msg: "A1",
            then: nothing,
        },
        Corruption {
            name: "legacy holder (not a valid user id), staff force-release",
            before: &[],
            plant: vec![cmd(&["SET", "seat_lock:24:A1", "legacy_user", "EX", "600"])],
            args: &[
                "release",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--force",
                "--yes",
            ],
            code: 0,
            msg: "",
            then: a1_free,
        },
        Corruption {
            name: "reserved_seats is not JSON",
            before: &[],
            plant: vec![cmd(&["SET", "reserved_seats_24", "not json", "EX", "600"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "reserved_seats is a hash",
            before: &[],
            plant: vec![cmd(&["HSET", "reserved_seats_24", "A1", "7"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "reserved_seats holds non-strings",
            before: &[],
            plant: vec![cmd(&[
                "SET",
                "reserved_seats_24",
                r#"[1,{"a":2},null]"#,
                "EX",
                "600",
            ])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "seat_reservation is a set",
            before: &[],
            plant: vec![cmd(&["SADD", "seat_reservation_24_7", "A9"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 0,
            msg: "",
            then: a1_held_by_7,
        },
        Corruption {
            name: "seat_reservation turned into a set mid-hold",
            before: &[&["reserve", "--showtime", "24", "--user", "7", "A1"]],
            plant: vec![
                cmd(&["DEL", "seat_reservation_24_7"]),
                cmd(&["SADD", "seat_reservation_24_7", "A9"]),
            ],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "seat_reservation is not JSON, release",
            before: &[&["reserve", "--showtime", "24", "--user", "7", "A1"]],
            plant: vec![cmd(&[
                "SET",
                "seat_reservation_24_7",
                "not json",
                "KEEPTTL",
            ])],
            args: &["release", "--showtime", "24", "--user", "7"],
            code: 0,
            msg: "",
            then: a1_free,
        },
        Corruption {
            name: "available_seats is a list",
            before: &[],
            plant: vec![cmd(&["RPUSH", "available_seats_24", "A5"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "available_seats is truncated JSON",
            before: &[],
            plant: vec![cmd(&["SET", "available_seats_24", "[\"A5\",", "EX", "600"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
    ]
}

#[test]
fn wrong_type_and_malformed_redis_values_never_crash() {
    let list = corruptions();
    let mut failures = Vec::new();
    for c in &list {
        let env = Env::demo();
        for b in c.before {
            env.ok(*b);
        }
        {
            let mut con = env.con();
            for p in &c.plant {
                let mut rc = redis::cmd(&p[0]);
                for a in &p[1..] {
                    rc.arg(a);
                }
                rc.query::<redis::Value>(&mut con)
                    .unwrap_or_else(|e| panic!("{}: planting {:?}: {e}", c.name, p[0]));
            }
        }
        let case = Case {
            name: c.name,
            args: cmd(c.args),
            env: Vec::new(),
            code: c.code,
            msg: c.msg.to_string(),
            forbid: Vec::new(),
            json: false,
        };
        let files = env.dir.path().join("none");
        if c.code != 0 {
            // Refused: same checks as the table, plus a --json twin and a bounded message.
            let mut found = check(&env, &files, &Case { json: true, ..case });
            let out = run(&env, &[], &cmd(c.args));
            if out.stderr.len() > 10_000 {
                found.push(report(
                    c.name,
                    false,
                    &[],
                    &cmd(c.args),
                    &out,
                    &[format!(
                        "stderr is {} bytes: a value from Redis is echoed without a length cap",
                        out.stderr.len()
                    )],
                ));
            }
            failures.extend(found);
        } else {
            let args = cmd(c.args);
            let before = state(&env, &files);
            let out = run(&env, &[], &args);
            let after = state(&env, &files);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let mut problems = Vec::new();
            if out.status.code() != Some(0) {
                problems.push(format!(
                    "exit code: expected 0, got {:?}",
                    out.status.code()
                ));
                // Whatever the code, a failed command must not have written anything.
                problems.extend(diff(&before, &after));
            }
            if stderr.contains("panicked") || stderr.contains("internal error (a bug)") {
                problems.push("panicked".into());
            }
            if let Err(e) = (c.then)(&env) {
                problems.push(e);
            }
            if !problems.is_empty() {
                failures.push(report(c.name, false, &[], &args, &out, &problems));
            }
        }
    }
    fail_with(failures, list.len());
}

/// `ttl --extend` on a hold that still has time in SQLite but whose locks Redis lost points
/// to `sweep`, which restores them; then the extend works.
#[test]
fn extending_a_hold_whose_locks_were_lost_points_to_sweep() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 C1 C2");
    let _: () = env.con().del("seat_lock:24:C1").unwrap();
    let extend = ["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"];
    let e = env.json_err(4, &extend);
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("lost its locks on C1") && msg.contains("boxoffice sweep"),
        "{msg}"
    );
    assert!(!msg.contains("run out"), "{msg}");
    env.ok("sweep");
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("7"));
    env.ok(&extend);
}
