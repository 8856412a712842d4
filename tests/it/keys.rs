//! `keys migrate` (moving live holds between the seed and cluster key styles, TTLs kept, one
//! script per showtime) and the refusal of a showtime whose keys are in the other style.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::harness::Env;
use crate::inspect::{redis, reserve};

/// Every key with its value (or `<non-string>`) and its absolute expiry (`PEXPIRETIME`: exact
/// to the millisecond, so a moved key's expiry compares equal, with no clock in the test).
fn state(env: &Env) -> BTreeMap<String, (String, i64)> {
    let mut con = env.con();
    env.keys()
        .into_iter()
        .map(|k| {
            let v: String = redis::cmd("GET")
                .arg(&k)
                .query(&mut con)
                .unwrap_or_else(|_| "<non-string>".into());
            let at: i64 = redis::cmd("PEXPIRETIME").arg(&k).query(&mut con).unwrap();
            (k, (v, at))
        })
        .collect()
}

/// A key of the seed style as the cluster style names it: the showtime hash-tagged.
fn tagged(key: &str) -> String {
    for prefix in [
        "seat_lock:",
        "reserved_seats_",
        "available_seats_",
        "seat_reservation_",
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            let end = rest.find([':', '_']).unwrap_or(rest.len());
            return format!("{prefix}{{{}}}{}", &rest[..end], &rest[end..]);
        }
    }
    panic!("not a key of the scheme: {key}")
}

/// Showtime 24 with two holds and a sweep's free-seat cache, all in the seed style.
fn seed_world() -> (Env, i64, i64) {
    let env = Env::demo();
    let a = reserve(&env, "7", &["A1", "A2"]);
    let b = reserve(&env, "8", &["B1"]);
    env.ok("sweep");
    (env, a, b)
}

#[test]
fn keys_migrate_to_cluster_moves_every_key_with_its_expiry_and_back() {
    let (env, _, _) = seed_world();
    let seed = state(&env);
    assert_eq!(seed.len(), 7, "{seed:?}");
    let pttl_before: BTreeMap<String, i64> =
        seed.keys().map(|k| (k.clone(), env.pttl(k))).collect();

    let out = env.ok("keys migrate --to cluster");
    assert_eq!(out, "showtime 24: moved 7 keys to the cluster style\n");
    let cluster = state(&env);
    let want: BTreeMap<String, (String, i64)> =
        seed.iter().map(|(k, v)| (tagged(k), v.clone())).collect();
    assert_eq!(cluster, want, "every key moved, value and expiry exact");
    for (k, before) in &pttl_before {
        let after = env.pttl(&tagged(k));
        assert!(
            after > 0 && after <= *before,
            "{k}: PTTL {before} -> {after}"
        );
        assert!(before - after < 60_000, "{k}: PTTL {before} -> {after}");
    }
    env.ok("inspect 24 --check --key-style cluster");

    // Nothing left to move: silent, for cron.
    let out = env
        .cmd()
        .args(["keys", "migrate", "--to", "cluster"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");

    let doc = env.json("keys migrate --to seed --showtime 24");
    assert_eq!(doc["from"], "cluster");
    assert_eq!(doc["to"], "seed");
    assert_eq!(doc["dry_run"], false);
    assert_eq!(doc["showtimes"][0]["showtime_id"], 24);
    assert_eq!(doc["showtimes"][0]["keys"].as_array().unwrap().len(), 7);
    assert_eq!(doc["refused"], Value::Array(vec![]));
    assert_eq!(
        state(&env),
        seed,
        "back where it started, to the millisecond"
    );
    env.ok("inspect 24 --check");
}

#[test]
fn keys_migrate_dry_run_changes_nothing_and_says_what_would_move() {
    let (env, _, _) = seed_world();
    let (before, db) = (state(&env), env.db_state());
    let out = env.ok("keys migrate --to cluster --dry-run");
    assert!(
        out.starts_with("showtime 24: would move 7 keys to the cluster style\n"),
        "{out}"
    );
    assert!(
        out.contains("  seat_lock:24:A1 -> seat_lock:{24}:A1 ("),
        "{out}"
    );
    let doc = env.json("keys migrate --to cluster --dry-run");
    assert_eq!(doc["dry_run"], true);
    let keys = doc["showtimes"][0]["keys"].as_array().unwrap();
    assert!(
        keys.iter().all(|k| k["pttl_ms"].as_i64().unwrap() > 0),
        "{keys:?}"
    );
    assert_eq!(state(&env), before);
    assert_eq!(env.db_state(), db);
}

#[test]
fn keys_migrate_keeps_a_hold_held_and_confirmable_by_its_holder() {
    let (env, a, _) = seed_world();
    env.ok("keys migrate --to cluster");
    let c = |args: &str| format!("{args} --key-style cluster");
    env.fails(3, &c("reserve --showtime 24 --user 9 A1"));
    env.ok(&c(&format!("confirm --booking {a} --payment-id pay_a")));
    assert_eq!(env.booking_status(a), "CONFIRMED");
    assert_eq!(
        env.get("seat_lock:{24}:A1"),
        None,
        "the sold seat's lock went"
    );
    env.ok(&c("release --showtime 24 --user 8"));
    env.ok(&c("inspect 24 --check"));
    assert!(
        env.keys().iter().all(|k| k.contains("{24}")),
        "{:?}",
        env.keys()
    );
}

#[test]
fn a_command_meeting_keys_of_the_other_style_refuses_and_changes_nothing() {
    let env = Env::demo();
    let a = reserve(&env, "7", &["A1"]);
    let before = (state(&env), env.db_state());
    let c = |args: &str| format!("{args} --key-style cluster");
    for args in [
        c("reserve --showtime 24 --user 8 B1"),
        c("reserve --showtime 24 --user 8 --best 2"),
        c(&format!("confirm --booking {a} --payment-id pay_a")),
        c("release --showtime 24 --user 7"),
        c("ttl --showtime 24 --user 7 --extend 5m"),
        c(&format!("move --booking {a} A1=C1")),
    ] {
        let (_, err) = env.fails(3, &args);
        assert!(
            err.contains("keys of the seed key style (reserved_seats_24)")
                && err.contains("boxoffice keys migrate --to cluster"),
            "{args}: {err}"
        );
        assert_eq!(
            (state(&env), env.db_state()),
            before,
            "{args} changed something"
        );
    }
    let e = env.json_err(3, &c("reserve --showtime 24 --user 8 B1"));
    assert_eq!(e["kind"], "conflict");

    // The other way round: a cluster-style hold refuses a seed-style reserve.
    env.ok("keys migrate --to cluster");
    let (_, err) = env.fails(3, "reserve --showtime 24 --user 8 B1");
    assert!(err.contains("boxoffice keys migrate --to seed"), "{err}");
}

#[test]
fn keys_migrate_refuses_a_showtime_held_in_both_styles_and_moves_none_of_it() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    // Past the refusal (by hand, as other software could): a hold in the cluster style too.
    redis(&env, &["SET", "seat_lock:{24}:B1", "8", "PX", "600000"]);
    redis(
        &env,
        &["SET", "reserved_seats_{24}", "[\"B1\"]", "PX", "600000"],
    );
    let before = state(&env);
    let (_, err) = env.fails(3, "keys migrate --to cluster");
    assert!(
        err.contains("showtime 24 has holds in both key styles"),
        "{err}"
    );
    assert!(
        err.contains("seat_lock:{24}:B1") && err.contains("reserved_seats_{24}"),
        "{err}"
    );
    assert_eq!(state(&env), before);
    let e = env.json_err(3, "keys migrate --to cluster");
    assert_eq!(e["kind"], "conflict");
}

#[test]
fn keys_migrate_waits_for_no_sweep_and_refuses_a_cluster_url() {
    let (env, _, _) = seed_world();
    redis(
        &env,
        &["SET", "boxoffice:sweep_lock", "1:2:someone", "PX", "60000"],
    );
    let before = state(&env);
    let (_, err) = env.fails(3, "keys migrate --to cluster");
    assert!(
        err.contains("sweep lock") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(state(&env), before);

    let (_, err) = env.fails(
        2,
        "keys migrate --to cluster --key-style cluster --redis-url redis+cluster://127.0.0.1:1",
    );
    assert!(
        err.contains("keys migrate needs a standalone Redis"),
        "{err}"
    );
    assert!(err.contains("sweep --key-style cluster"), "{err}");
}

#[test]
fn the_migrate_script_looks_again_when_the_showtime_changed_after_the_scan() {
    use boxoffice::ids::{SeatId, ShowtimeId, UserId};
    use boxoffice::keys::KeyStyle;
    use boxoffice::scripts::{self, migrate};

    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    let mut r = boxoffice::redis_client::Redis::connect(
        &env.redis.url(),
        std::time::Duration::from_secs(2),
    )
    .unwrap();
    let st = ShowtimeId::new(24).unwrap();
    let a1: Vec<SeatId> = vec!["A1".parse().unwrap()];
    let u7: Vec<UserId> = vec!["7".parse().unwrap()];
    let before = state(&env);
    for (seats, users) in [(&a1[..], &[][..]), (&[][..], &u7[..])] {
        let call = migrate::Migrate {
            showtime: st,
            from: KeyStyle::Seed,
            to: KeyStyle::Cluster,
            seats,
            users,
            check: false,
        };
        let reply = scripts::run(&mut r, &call).unwrap();
        assert!(matches!(reply, migrate::Reply::Stale { .. }), "{reply:?}");
        assert_eq!(state(&env), before);
    }
}

#[test]
fn a_sweep_in_the_other_style_leaves_the_showtime_alone_and_exits_3() {
    let (env, _, _) = seed_world();
    redis(&env, &["DEL", "seat_lock:24:B1"]);
    let before = state(&env);
    let (_, err) = env.fails(3, "sweep --key-style cluster");
    assert!(
        err.contains("showtime 24 has keys of the seed key style")
            && err.contains("boxoffice keys migrate --to cluster"),
        "{err}"
    );
    assert_eq!(state(&env), before, "the cluster-style sweep wrote nothing");
    // In its own style the sweep restores the lost lock as usual.
    env.ok("sweep");
    assert!(env.get("seat_lock:24:B1").is_some());
}
