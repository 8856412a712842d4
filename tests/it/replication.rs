//! The optional replication wait (`wait_replicas`, `src/replication.rs`) against a real primary
//! and a real replica (`--replicaof`): `WAIT 1` returns once the replica has the hold; with the
//! replica stopped (SIGSTOP, so its link stays up but it acknowledges nothing) the WAIT times
//! out, every hold write still succeeds with a warning, nothing is lost, and the replica has it
//! all once it runs again. The writes that only end a hold (confirm) send no WAIT.

use std::process::Output;
use std::time::Duration;

use redis::Commands;

use crate::harness::Env;
use crate::sentinel_set::wait_for;
use crate::server::RedisServer;

/// A replica of `env`'s Redis, in sync.
fn replica_of(env: &Env) -> RedisServer {
    let port = env.redis.port.to_string();
    let replica = RedisServer::start_with(&["--replicaof", "127.0.0.1", &port]);
    let mut con = replica.connection();
    wait_for("the replica to sync", Duration::from_secs(20), || {
        let info: String = redis::cmd("INFO")
            .arg("replication")
            .query(&mut con)
            .unwrap_or_default();
        info.contains("master_link_status:up")
    });
    replica
}

/// How many `WAIT`s the primary has run.
fn waits(env: &Env) -> u64 {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query(&mut env.con())
        .unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("cmdstat_wait:calls="))
        .and_then(|v| v.split(',').next())
        .map_or(0, |n| n.parse().unwrap())
}

/// `args` with `--wait-replicas 1` and `BOXOFFICE_WAIT_TIMEOUT=300ms`.
fn waiting(env: &Env, args: &str) -> Output {
    env.cmd()
        .env("BOXOFFICE_WAIT_TIMEOUT", "300ms")
        .args(["--wait-replicas", "1"])
        .args(args.split_whitespace())
        .output()
        .unwrap()
}

/// Exit 0 and (stdout, stderr).
fn succeeded(out: &Output) -> (String, String) {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    (stdout, stderr)
}

/// A field of `INFO replication`.
fn replication_field(con: &mut redis::Connection, name: &str) -> Option<String> {
    let info: String = redis::cmd("INFO").arg("replication").query(con).ok()?;
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().to_string())
}

#[test]
fn wait_replicas_is_off_by_default_and_shown_and_checked_by_config() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 A1");
    assert_eq!(waits(&env), 0, "no WAIT unless asked");

    let c = env.json("config");
    assert_eq!(c["settings"]["wait_replicas"]["value"], 0);
    assert_eq!(c["settings"]["wait_timeout"]["value"], "100ms");
    let c = env.json("--wait-replicas 2 config");
    assert_eq!(c["settings"]["wait_replicas"]["value"], 2);
    assert_eq!(c["settings"]["wait_replicas"]["from"], "--wait-replicas");
    let text = env.ok("--wait-replicas 2 config");
    assert!(text.contains("wait_replicas"), "{text}");

    let before = (env.redis_state(), env.db_state());
    let bad = env
        .cmd()
        .env("BOXOFFICE_WAIT_REPLICAS", "one")
        .args(["reserve", "--showtime", "24", "--user", "8", "B1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("BOXOFFICE_WAIT_REPLICAS"));
    // The WAIT is read within the Redis timeout (2s here): a wait as long is refused.
    let long = env
        .cmd()
        .env("BOXOFFICE_WAIT_TIMEOUT", "2s")
        .args(["--wait-replicas", "1", "reserve", "--showtime", "24"])
        .args(["--user", "8", "B1"])
        .output()
        .unwrap();
    assert_eq!(long.status.code(), Some(2));
    let err = String::from_utf8_lossy(&long.stderr);
    assert!(err.contains("must be shorter than redis_timeout"), "{err}");
    env.fails(2, "--wait-replicas 101 reserve --showtime 24 --user 8 B1");
    assert_eq!(
        (env.redis_state(), env.db_state()),
        before,
        "nothing changed"
    );
}

#[test]
fn wait_for_one_replica_returns_once_the_replica_has_the_hold() {
    let env = Env::demo();
    let replica = replica_of(&env);
    let (out, err) = succeeded(&waiting(
        &env,
        "reserve --showtime 24 --user 7 A1 A2 --json",
    ));
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(r.get("warnings").is_none(), "{r}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(waits(&env), 1);
    // WAIT said the replica had it: no polling needed.
    let mut rep = replica.connection();
    let lock: Option<String> = rep.get("seat_lock:24:A2").unwrap();
    assert_eq!(
        lock.as_deref(),
        Some("7"),
        "the replica has the hold on return"
    );

    succeeded(&waiting(&env, "ttl --showtime 24 --user 7 --extend 1m"));
    assert_eq!(waits(&env), 2);
    let id = r["booking_id"].to_string();
    succeeded(&waiting(
        &env,
        &format!("confirm --booking {id} --payment-id pay_1"),
    ));
    assert_eq!(waits(&env), 2, "confirm only ends the hold: no WAIT");
}

#[test]
fn a_stopped_replica_makes_the_wait_time_out_and_every_hold_write_still_succeeds_with_a_warning() {
    let env = Env::demo();
    let replica = replica_of(&env);
    let mut rep = replica.connection();
    let stopped = replica.pause();

    let (out, err) = succeeded(&waiting(
        &env,
        "reserve --showtime 24 --user 7 A1 A2 --json",
    ));
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let w = r["warnings"][0].as_str().unwrap_or_default();
    assert!(
        w.starts_with("only 0 of 1 replica(s) acknowledged the hold within 300ms"),
        "{r}"
    );
    assert!(err.contains("warning: only 0 of 1 replica(s)"), "{err}");
    // Nothing lost: the hold is on the primary and in SQLite, and the state is consistent.
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(env.booking_status(id), "PENDING");
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    env.ok("inspect 24 --check");

    let (_, err) = succeeded(&waiting(&env, "ttl --showtime 24 --user 7 --extend 1m"));
    assert!(err.contains("acknowledged the extended hold"), "{err}");
    let (_, err) = succeeded(&waiting(&env, &format!("move --booking {id} A2=B5")));
    assert!(
        err.contains("acknowledged the booking's new seats"),
        "{err}"
    );
    // A hold the primary lost (as after a failover to a replica that never had it): the sweep
    // restores it, and waits for the replica too.
    let _: () = env.con().del("seat_lock:24:B5").unwrap();
    let (_, err) = succeeded(&waiting(&env, "sweep"));
    assert!(err.contains("acknowledged the restored holds"), "{err}");
    assert_eq!(env.get("seat_lock:24:B5").as_deref(), Some("7"));
    env.ok("inspect 24 --check");
    let before = waits(&env);
    let (_, err) = succeeded(&waiting(
        &env,
        &format!("confirm --booking {id} --payment-id pay_1"),
    ));
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(waits(&env), before, "confirm sends no WAIT");
    assert_eq!(env.booking_status(id), "CONFIRMED");

    // Running again, the replica catches up with everything the primary acknowledged.
    drop(stopped);
    let mut primary = env.con();
    let offset: i64 = replication_field(&mut primary, "master_repl_offset")
        .unwrap()
        .parse()
        .unwrap();
    wait_for("the replica to catch up", Duration::from_secs(20), || {
        replication_field(&mut rep, "slave_repl_offset")
            .and_then(|o| o.parse::<i64>().ok())
            .is_some_and(|o| o >= offset)
    });
    for key in env.keys() {
        let mine: Option<String> = primary.get(&key).unwrap();
        let theirs: Option<String> = rep.get(&key).unwrap();
        assert_eq!(theirs, mine, "{key} on the replica");
    }
}

#[test]
fn a_wait_the_acl_refuses_is_a_warning_and_the_hold_stands() {
    let env = Env::demo();
    let rule: Vec<&str> = boxoffice::redis_acl::ACL_RULE
        .split_whitespace()
        .filter(|w| *w != "+wait")
        .collect();
    let url = crate::acl::acl_user(&env, "nowait", &rule.join(" "));
    let out = env
        .cmd()
        .args(["--redis-url", &url, "--wait-replicas", "1", "--json"])
        .args(["reserve", "--showtime", "24", "--user", "7", "A1"])
        .output()
        .unwrap();
    let (stdout, stderr) = succeeded(&out);
    assert!(
        stderr.contains("warning: could not learn whether 1 replica(s) have the hold"),
        "{stderr}"
    );
    assert!(stderr.contains("NOPERM"), "{stderr}");
    assert!(!stderr.contains(":password@"), "{stderr}");
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "PENDING"
    );
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
}
