//! Redis stopped, down, restarted empty, paused past the timeout, its script cache flushed.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::*;
use crate::harness::{Env, strs};

#[test]
fn redis_stopped_mid_run_then_restarted_empty_is_healed_by_sweep() {
    let mut env = Env::demo();
    let held = env.json("reserve --showtime 24 --user 7 A1 A2");
    env.ok("reserve --showtime 24 --user 8 B1");
    env.ok("confirm --showtime 24 --user 8 --payment-id p8");
    let id = held["booking_id"].as_i64().unwrap();

    env.redis.stop();
    let db_before = env.db_state();
    // Every command that needs Redis fails fast and clearly, and changes nothing.
    for args in [
        "reserve --showtime 24 --user 9 C1",
        "confirm --showtime 24 --user 7 --payment-id p7",
        "release --showtime 24 --user 7",
        "ttl --showtime 24 --user 7 --extend 1m",
        "inspect 24",
        "sweep",
    ] {
        let t = Instant::now();
        let err = env.json_err(5, args);
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{args:?} took {:?}",
            t.elapsed()
        );
        assert_eq!(err["service"], "redis", "{args:?}: {err}");
        assert_eq!(err["outcome_unknown"], false, "{args:?}: {err}");
        let msg = err["message"].as_str().unwrap();
        assert!(msg.contains("nothing was changed"), "{args:?}: {msg}");
        assert_eq!(env.db_state(), db_before, "{args:?} changed SQLite");
    }
    // SQLite-only commands keep working.
    env.ok("bookings");

    env.redis.restart_empty();
    assert!(env.keys().is_empty());
    assert_eq!(anomaly_kinds(&env), ["lost_hold"]);
    let s = env.json("sweep");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(s["expired"], 0, "{s}");
    // The hold is back, with the expiry SQLite records, and blocks others again.
    let expires = expires_of(&env, id);
    for seat in ["A1", "A2"] {
        let key = format!("seat_lock:24:{seat}");
        assert_eq!(env.get(&key).as_deref(), Some("7"));
        assert_eq!(pexpiretime(&env, &key), expires);
    }
    assert_eq!(
        env.get("seat_lock:24:B1"),
        None,
        "a sold seat is not re-locked"
    );
    clean(&env);
    env.fails(3, "reserve --showtime 24 --user 9 A2");
    let c = env.json("confirm --showtime 24 --user 7 --payment-id p7");
    assert_eq!(c["late"], false);
    clean(&env);
}

#[test]
fn redis_paused_past_the_timeout_is_exit_5_outcome_unknown_and_a_retry_is_safe() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 8 B1");
    let timeout = Duration::from_secs(1);
    for mode in ["ALL", "WRITE"] {
        let user = if mode == "ALL" { "7" } else { "9" };
        let seat = if mode == "ALL" { "A1" } else { "C1" };
        let db_before = env.db_state();
        redis::cmd("CLIENT")
            .arg("PAUSE")
            .arg(4000)
            .arg(mode)
            .query::<()>(&mut env.con())
            .unwrap();
        let t = Instant::now();
        let out = env
            .cmd()
            .args(["reserve", "--showtime", "24", "--user", user, seat])
            .args(["--redis-timeout", "1s", "--json"])
            .output()
            .unwrap();
        let took = t.elapsed();
        assert_eq!(out.status.code(), Some(5), "{out:?}");
        assert!(
            took < timeout + Duration::from_secs(3),
            "CLIENT PAUSE {mode}: took {took:?}, the bound is the 1s timeout + 3s"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("outcome unknown"), "{stderr}");
        assert!(
            stderr.contains("Retrying the same command is safe"),
            "{stderr}"
        );
        let err: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(err["error"]["outcome_unknown"], true, "{err}");
        assert_eq!(err["error"]["service"], "redis", "{err}");
        // SQLite was never reached.
        assert_eq!(env.db_state(), db_before);

        // Wait out the pause (our own connection is paused too), then retry: safe, one hold.
        std::thread::sleep(Duration::from_millis(4200).saturating_sub(t.elapsed()));
        let r = env.json(&["reserve", "--showtime", "24", "--user", user, seat]);
        assert_eq!(strs(&r["seats"]), [seat]);
        assert_eq!(
            env.count(&format!(
                "SELECT COUNT(*) FROM bookings WHERE user_id = '{user}' AND status = 'PENDING'"
            )),
            1
        );
        assert_eq!(
            env.get(&format!("seat_lock:24:{seat}")).as_deref(),
            Some(user)
        );
        env.ok("sweep");
        clean(&env);
    }
}

#[test]
fn a_flushed_script_cache_between_commands_is_reloaded() {
    let env = Env::demo();
    let flush = || {
        redis::cmd("SCRIPT")
            .arg("FLUSH")
            .query::<()>(&mut env.con())
            .unwrap()
    };
    flush();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    flush();
    env.ok("ttl --showtime 24 --user 7 --extend 1m");
    flush();
    env.ok("release --showtime 24 --user 7 --seat A2");
    assert_eq!(env.get("seat_lock:24:A2"), None);
    flush();
    env.ok("inspect 24");
    flush();
    env.ok("confirm --showtime 24 --user 7 --payment-id p7");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    flush();
    redis::cmd("DEL")
        .arg("reserved_seats_24")
        .query::<()>(&mut env.con())
        .unwrap();
    env.ok("reserve --showtime 24 --user 8 B1");
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    flush();
    let s = env.json("sweep");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(env.get("seat_lock:24:B1").as_deref(), Some("8"));
    clean(&env);
}

#[test]
fn redis_down_fails_fast_with_exit_5_and_touches_nothing() {
    let mut env = Env::demo();
    env.redis.stop();
    let before = env.db_state();
    let t = Instant::now();
    let err = env.json_err(5, "reserve --showtime 24 --user 7 A1");
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(err["kind"], "unavailable");
    assert_eq!(err["service"], "redis");
    assert_eq!(env.db_state(), before);
    env.fails(5, "confirm --showtime 24 --user 7 --payment-id p");
    assert_eq!(env.db_state(), before);
}
