//! `block` and `unblock` killed between their SQLite and Redis steps: the free-seat cache is
//! stale (lists a blocked seat, or lacks an unblocked one); `inspect --check` finds it and
//! `sweep` rebuilds the cache without blocked seats.

use super::*;
use crate::block::{cache, seed_cache};
use crate::harness::Env;

#[test]
fn killed_after_blocking_in_sqlite_the_sweep_takes_the_seat_off_the_cache() {
    let env = Env::demo();
    seed_cache(&env);
    crash(
        &env,
        "block-after-sqlite",
        &["block", "--showtime", "24", "F7", "--reason", "broken seat"],
    );
    // SQLite has the block, the cache still lists the seat.
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seat_blocks WHERE seat_id = 'F7' AND live = 1"),
        1
    );
    assert!(cache(&env).contains(&"F7".to_string()));
    // The fence holds meanwhile: the seat can't be reserved.
    let err = env.json_err(3, "reserve --showtime 24 --user 7 F7");
    assert_eq!(err["taken"][0]["state"], "blocked");
    assert_eq!(anomaly_kinds(&env), ["stale_index"]);
    env.fails(6, "inspect 24 --check");
    let s = env.json("sweep");
    assert_eq!(s["index_repaired"], 1, "{s}");
    assert!(!cache(&env).contains(&"F7".to_string()));
    assert!(cache(&env).contains(&"F8".to_string()));
    clean(&env);
    // A second sweep changes nothing: the reindex leaves blocked seats out.
    let s = env.json("sweep");
    assert_eq!(s["index_repaired"], 0, "{s}");
    assert!(!cache(&env).contains(&"F7".to_string()));
}

#[test]
fn killed_after_unblocking_in_sqlite_the_sweep_puts_the_seat_back() {
    let env = Env::demo();
    seed_cache(&env);
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    crash(&env, "unblock-after-sqlite", "unblock --showtime 24 F7");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seat_blocks WHERE live = 1"),
        0
    );
    assert!(!cache(&env).contains(&"F7".to_string()));
    // Reservable at once: SQLite decides, not the cache.
    assert_eq!(anomaly_kinds(&env), ["stale_index"]);
    env.fails(6, "inspect 24 --check");
    env.ok("sweep");
    assert!(cache(&env).contains(&"F7".to_string()));
    clean(&env);
    env.ok("reserve --showtime 24 --user 7 F7");
}

#[test]
fn a_repeated_block_heals_the_cache_its_crashed_run_left() {
    let env = Env::demo();
    seed_cache(&env);
    let args = ["block", "--showtime", "24", "F7", "--reason", "broken seat"];
    crash(&env, "block-after-sqlite", &args);
    let out = env.ok(&args);
    assert!(out.contains("already blocked"), "{out}");
    assert!(!cache(&env).contains(&"F7".to_string()));
    clean(&env);
}

/// A reserve killed after taking its lock, then the seat blocked (SQLite has no claim, so the
/// block stands): its reserve can never record it, and the sweep that removes the orphan lock
/// keeps the blocked seat off the free-seat cache.
#[test]
fn an_orphan_lock_on_a_seat_blocked_since_never_puts_it_on_the_cache() {
    let env = Env::demo();
    seed_cache(&env);
    crash(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 F7",
    );
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    age_reservation(&env, "seat_reservation_24_7", 120.0);
    let err = env.json_err(3, "reserve --showtime 24 --user 7 F7");
    assert_eq!(err["taken"][0]["state"], "blocked");
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks_removed"], 1, "{s}");
    assert_eq!(env.get("seat_lock:24:F7"), None);
    assert!(!cache(&env).contains(&"F7".to_string()));
    env.ok("sweep");
    clean(&env);
    assert!(!cache(&env).contains(&"F7".to_string()));
}
