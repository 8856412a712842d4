//! Redis refusing a command because of its state or configuration — a read-only replica,
//! `maxmemory` with `noeviction`, `min-replicas-to-write`, `LOADING`, `BUSY`, an ACL user
//! without a permission, `MASTERDOWN` — is exit 5 (`unavailable`, service `redis`) naming the
//! real cause and saying nothing changed, never exit 1 "a bug" and never "unreachable". Each
//! test configures a real redis-server that way and checks the real keys and rows too.
//!
//! Once SQLite has committed a change (confirm, release), a refused Redis clean-up is a
//! warning: the command succeeded, exit 0, and `warnings` in `--json`.

use std::time::{Duration, Instant};

use crate::harness::Env;
use crate::server::RedisServer;

/// A world whose Redis is `redis` (started with extra configuration), demo showtime 24.
fn demo_on(redis: RedisServer) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let env = Env {
        pg: None,
        db: dir.path().join("boxoffice.db"),
        redis,
        dir,
    };
    env.ok("init --demo");
    env
}

fn cmd(con: &mut redis::Connection, args: &[&str]) -> redis::RedisResult<redis::Value> {
    let mut c = redis::cmd(args[0]);
    for a in &args[1..] {
        c.arg(*a);
    }
    c.query(con)
}

/// Runs `args` with `--json` (and `extra` flags), expects exit 5 naming `code`, with nothing
/// changed in Redis or SQLite. Returns the message.
fn refused(env: &Env, extra: &[&str], args: &[&str], code: &str) -> String {
    let before = (env.redis_state(), env.db_state());
    let msg = refused_unchecked(env, extra, args, code);
    assert_eq!(
        (env.redis_state(), env.db_state()),
        before,
        "{args:?} changed something"
    );
    msg
}

/// [`refused`] without reading Redis back (it refuses the test's reads too); the caller
/// checks the state afterwards.
fn refused_unchecked(env: &Env, extra: &[&str], args: &[&str], code: &str) -> String {
    let before = env.db_state();
    let mut a = args.to_vec();
    a.extend_from_slice(extra);
    let e = env.json_err(5, &a);
    let msg = e["message"].as_str().unwrap_or_default().to_string();
    assert_eq!(e["kind"], "unavailable", "{args:?}: {e}");
    assert_eq!(e["service"], "redis", "{args:?}: {e}");
    assert_eq!(e["outcome_unknown"], false, "{args:?}: {e}");
    assert!(
        msg.contains(&format!("({code}")),
        "{args:?} should name {code}: {msg}"
    );
    assert!(msg.contains("nothing was changed"), "{args:?}: {msg}");
    for wrong in [
        "unreachable",
        "bug",
        "internal",
        "Redis script",
        "user_script",
    ] {
        assert!(!msg.contains(wrong), "{args:?} says {wrong:?}: {msg}");
    }
    // Without --json: the same line on stderr.
    let (_, stderr) = env.fails(5, &a);
    assert!(stderr.contains(&format!("({code}")), "{stderr}");
    assert_eq!(env.db_state(), before, "{args:?} changed the database");
    msg
}

fn reserve_args() -> Vec<&'static str> {
    vec!["reserve", "--showtime", "24", "--user", "9", "D1", "D2"]
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_read_only_replica_refuses_writes_with_exit_5_readonly() {
    let env = Env::demo();
    let held = env.json("reserve --showtime 24 --user 7 A1 A2");
    let booking = held["booking_id"].as_i64().unwrap().to_string();
    let sold = env.json("reserve --showtime 24 --user 8 B1");
    let sold_id = sold["booking_id"].as_i64().unwrap().to_string();

    let port = env.redis.port.to_string();
    let replica = RedisServer::start_with(&["--replicaof", "127.0.0.1", &port]);
    let mut rcon = replica.connection();
    wait_until("the replica to sync", || {
        let info: String = redis::cmd("INFO")
            .arg("replication")
            .query(&mut rcon)
            .unwrap();
        info.contains("master_link_status:up")
            && redis::cmd("EXISTS")
                .arg("seat_lock:24:A1")
                .query::<i64>(&mut rcon)
                .unwrap()
                == 1
    });
    let url = replica.url();
    let at = ["--redis-url", url.as_str()];

    let msg = refused(&env, &at, &reserve_args(), "READONLY");
    assert!(msg.contains("read-only replica"), "{msg}");
    refused(
        &env,
        &at,
        &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
        "READONLY",
    );
    refused(&env, &at, &["sweep"], "READONLY");
    // Reading works on a replica.
    env.ok(&["inspect", "24", "--redis-url", &url]);
    env.ok(&[
        "ttl",
        "--showtime",
        "24",
        "--user",
        "7",
        "--redis-url",
        &url,
    ]);

    // confirm and release commit in SQLite first: they succeed, and warn that the replica
    // refused the clean-up.
    let c = env.json(&[
        "confirm",
        "--booking",
        &sold_id,
        "--payment-id",
        "pay_ro",
        "--redis-url",
        &url,
    ]);
    assert_eq!(env.booking_status(sold_id.parse().unwrap()), "CONFIRMED");
    let w = c["warnings"].to_string();
    assert!(w.contains("READONLY"), "{c}");
    let r = env.json(&["release", "--booking", &booking, "--redis-url", &url]);
    assert_eq!(env.booking_status(booking.parse().unwrap()), "CANCELLED");
    assert!(r["warnings"].to_string().contains("READONLY"), "{r}");
    // The primary still has the locks; sweep against it heals.
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
}

#[test]
fn maxmemory_with_noeviction_refuses_with_exit_5_oom() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 A1");
    let mut con = env.con();
    cmd(
        &mut con,
        &["CONFIG", "SET", "maxmemory-policy", "noeviction"],
    )
    .unwrap();
    cmd(&mut con, &["CONFIG", "SET", "maxmemory", "1"]).unwrap();
    let msg = refused(&env, &[], &reserve_args(), "OOM");
    assert!(msg.contains("out of memory"), "{msg}");
    // Adding seats to an existing hold is a write too.
    refused(
        &env,
        &[],
        &["reserve", "--showtime", "24", "--user", "7", "A2"],
        "OOM",
    );
    refused(&env, &[], &["sweep"], "OOM");
    cmd(&mut con, &["CONFIG", "SET", "maxmemory", "0"]).unwrap();
    env.ok(&reserve_args());
}

#[test]
fn min_replicas_to_write_refuses_with_exit_5_noreplicas() {
    let env = Env::demo();
    let held = env.json("reserve --showtime 24 --user 7 A1 A2");
    let booking = held["booking_id"].as_i64().unwrap().to_string();
    let mut con = env.con();
    cmd(&mut con, &["CONFIG", "SET", "min-replicas-to-write", "1"]).unwrap();
    let msg = refused(&env, &[], &reserve_args(), "NOREPLICAS");
    assert!(msg.contains("min-replicas-to-write"), "{msg}");
    refused(
        &env,
        &[],
        &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
        "NOREPLICAS",
    );
    // Regression (item 8): release commits in SQLite, then Redis refuses to drop the locks. The
    // release stands: exit 0 with a warning, as confirm does, and the lock is left for sweep.
    let r = env.json(&format!("release --booking {booking}"));
    assert_eq!(env.booking_status(booking.parse().unwrap()), "CANCELLED");
    let w = r["warnings"].to_string();
    assert!(w.contains("NOREPLICAS") && w.contains("sweep"), "{r}");
    let out = env.run("release --showtime 24 --user 7");
    assert!(out.status.code() != Some(1), "{out:?}");
    cmd(&mut con, &["CONFIG", "SET", "min-replicas-to-write", "0"]).unwrap();
    env.ok("sweep");
}

#[test]
fn a_release_whose_redis_step_fails_warns_and_exits_0_like_confirm() {
    let env = Env::demo();
    let held = env.json("reserve --showtime 24 --user 7 A1");
    let booking = held["booking_id"].as_i64().unwrap().to_string();
    let paid = env.json("reserve --showtime 24 --user 8 B1");
    let paid_id = paid["booking_id"].as_i64().unwrap().to_string();
    let mut con = env.con();
    cmd(&mut con, &["CONFIG", "SET", "min-replicas-to-write", "1"]).unwrap();
    let (stdout, stderr) = {
        let out = env.run(&format!("release --booking {booking}"));
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert!(stdout.contains("Released A1"), "{stdout}");
    assert!(
        stderr.contains("warning:") && stderr.contains("sweep"),
        "{stderr}"
    );
    let c = env.json(&format!("confirm --booking {paid_id} --payment-id pay_8"));
    assert!(c["warnings"].to_string().contains("NOREPLICAS"), "{c}");
    assert_eq!(env.booking_status(booking.parse().unwrap()), "CANCELLED");
    assert_eq!(env.booking_status(paid_id.parse().unwrap()), "CONFIRMED");
}

#[test]
fn an_acl_user_without_a_permission_is_exit_5_noperm() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 A1");
    let mut con = env.con();
    let users: &[(&str, &[&str])] = &[
        ("noevalsha", &["+@all", "-evalsha", "~*"]),
        ("noeval", &["+@all", "-evalsha", "-eval", "~*"]),
        ("notime", &["+@all", "-time", "~*"]),
        ("nokeys", &["+@all", "~other:*"]),
    ];
    for (user, rules) in users {
        let mut a = vec!["ACL", "SETUSER", user, "on", ">pw"];
        a.extend_from_slice(rules);
        cmd(&mut con, &a).unwrap();
        let url = format!("redis://{user}:pw@127.0.0.1:{}/0", env.redis.port);
        let at = ["--redis-url", url.as_str()];
        let msg = refused(&env, &at, &reserve_args(), "NOPERM");
        assert!(msg.contains("permission"), "{user}: {msg}");
        refused(
            &env,
            &at,
            &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
            "NOPERM",
        );
        refused(
            &env,
            &at,
            &[
                "confirm",
                "--showtime",
                "24",
                "--user",
                "7",
                "--payment-id",
                "p",
            ],
            "NOPERM",
        );
        if *user == "nokeys" {
            // The read paths (plain commands and pipelines) classify the same way.
            refused(&env, &at, &["inspect", "24"], "NOPERM");
            refused(
                &env,
                &at,
                &["ttl", "--showtime", "24", "--user", "7"],
                "NOPERM",
            );
        }
    }
}

/// Another client's script runs past `busy-reply-threshold`; every command is refused `BUSY`.
#[test]
fn another_clients_long_script_is_exit_5_busy() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 A1");
    let mut con = env.con();
    cmd(&mut con, &["CONFIG", "SET", "busy-reply-threshold", "50"]).unwrap();
    let before = (env.redis_state(), env.db_state());
    let mut busy = env.con();
    let looping = std::thread::spawn(move || {
        // Ends with an error when the test kills the script.
        let _ = cmd(
            &mut busy,
            &["EVAL", "local i = 0 while true do i = i + 1 end", "0"],
        );
    });
    let mut probe = env.con();
    wait_until("the script to make Redis busy", || {
        cmd(&mut probe, &["GET", "x"]).is_err_and(|e| e.code() == Some("BUSY"))
    });
    let result = std::panic::catch_unwind(|| {
        let msg = refused_unchecked(&env, &[], &reserve_args(), "BUSY");
        assert!(msg.contains("another client's script"), "{msg}");
        refused_unchecked(
            &env,
            &[],
            &[
                "confirm",
                "--showtime",
                "24",
                "--user",
                "7",
                "--payment-id",
                "p",
            ],
            "BUSY",
        );
        refused_unchecked(
            &env,
            &[],
            &[
                "release",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--force",
                "--yes",
            ],
            "BUSY",
        );
        refused_unchecked(
            &env,
            &[],
            &["ttl", "--showtime", "24", "--user", "7"],
            "BUSY",
        );
        refused_unchecked(
            &env,
            &[],
            &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
            "BUSY",
        );
        refused_unchecked(&env, &[], &["inspect", "24"], "BUSY");
        refused_unchecked(&env, &[], &["sweep"], "BUSY");
    });
    let _ = cmd(&mut probe, &["SCRIPT", "KILL"]);
    looping.join().unwrap();
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
    assert_eq!(
        (env.redis_state(), env.db_state()),
        before,
        "a refused command changed something"
    );
    env.ok("inspect 24 --check");
}

/// Redis loading its data set (here `DEBUG RELOAD`, slowed with `key-load-delay`) answers
/// `LOADING` to everything.
#[test]
fn a_redis_loading_its_data_set_is_exit_5_loading() {
    let env = demo_on(RedisServer::start_with(&["--enable-debug-command", "yes"]));
    env.json("reserve --showtime 24 --user 7 A1");
    let mut con = env.con();
    cmd(&mut con, &["DEBUG", "POPULATE", "40000", "filler"]).unwrap();
    cmd(
        &mut con,
        &[
            "CONFIG",
            "SET",
            "loading-process-events-interval-bytes",
            "1024",
        ],
    )
    .unwrap();
    cmd(&mut con, &["CONFIG", "SET", "key-load-delay", "250"]).unwrap();
    let mut reload = env.con();
    reload
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let reloading = std::thread::spawn(move || cmd(&mut reload, &["DEBUG", "RELOAD"]));
    let mut probe = env.con();
    wait_until("Redis to be loading", || {
        cmd(&mut probe, &["GET", "x"]).is_err_and(|e| e.code() == Some("LOADING"))
    });
    // While loading, the state can't be read back: check codes and messages only.
    for args in [
        reserve_args(),
        vec![
            "confirm",
            "--showtime",
            "24",
            "--user",
            "7",
            "--payment-id",
            "p",
        ],
        vec!["ttl", "--showtime", "24", "--user", "7"],
        vec!["inspect", "24"],
        vec!["sweep"],
    ] {
        let e = env.json_err(5, &args);
        let msg = e["message"].as_str().unwrap_or_default();
        assert_eq!(e["kind"], "unavailable", "{args:?}: {e}");
        assert_eq!(e["service"], "redis", "{args:?}: {e}");
        assert_eq!(e["outcome_unknown"], false, "{args:?}: {e}");
        assert!(
            msg.contains("(LOADING)") && msg.contains("nothing was changed"),
            "{args:?}: {msg}"
        );
        assert!(
            !msg.contains("unreachable") && !msg.contains("bug"),
            "{args:?}: {msg}"
        );
    }
    cmd(&mut con, &["CONFIG", "SET", "key-load-delay", "0"]).ok();
    reloading.join().unwrap().unwrap();
    assert_eq!(env.booking_status(1), "PENDING");
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 1);
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
}

/// A replica whose primary is gone, with `replica-serve-stale-data no`, answers `MASTERDOWN`.
#[test]
fn a_replica_without_its_primary_is_exit_5_masterdown() {
    let nobody = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = nobody.local_addr().unwrap().port().to_string();
    drop(nobody);
    let replica = RedisServer::start_with(&[
        "--replicaof",
        "127.0.0.1",
        &port,
        "--replica-serve-stale-data",
        "no",
    ]);
    let env = Env::demo();
    let url = replica.url();
    let at = ["--redis-url", url.as_str()];
    let msg = refused(&env, &at, &reserve_args(), "MASTERDOWN");
    assert!(msg.contains("lost its primary"), "{msg}");
    refused(&env, &at, &["inspect", "24"], "MASTERDOWN");
}
