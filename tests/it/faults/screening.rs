//! `showtime cancel` killed between its SQLite and Redis steps, and a reserve caught between
//! its Redis and SQLite steps by a `showtime cancel`: the screening stays cancelled and nothing
//! of it is sold; what Redis still has of it `inspect` reports and `sweep` clears.

use super::*;
use crate::cancel::{available, plant_cache};

const CANCEL: [&str; 6] = [
    "showtime",
    "cancel",
    "24",
    "--reason",
    "projector failure",
    "--yes",
];

#[test]
fn killed_after_sqlite_the_keys_are_left_for_inspect_to_report_and_sweep_to_clear() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    plant_cache(&env, &["A1", "A2"]);
    crash(&env, "showtime-cancel-after-sqlite", &CANCEL[..]);
    // SQLite: cancelled, the hold released. Redis: the hold's keys and a cache of free seats.
    assert_eq!(env.booking_status(1), "CANCELLED");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM showtimes WHERE cancelled_at_ms IS NOT NULL"),
        1
    );
    assert_eq!(env.locks().len(), 2);
    assert!(!available(&env).is_empty());
    let kinds = anomaly_kinds(&env);
    assert_eq!(kinds, ["cancelled_showtime_key"; 5], "{kinds:?}");
    env.fails(6, "inspect 24 --check");
    // Nothing is for sale meanwhile, whatever Redis says.
    env.fails(3, "reserve --showtime 24 --user 8 C1");
    // The sweep clears it, says so, and the next one is silent.
    let s = env.json("sweep");
    assert_eq!(s["cancelled_keys_cleared"], 5);
    assert!(env.locks().is_empty());
    assert_eq!(env.get("seat_reservation_24_7"), None);
    assert_eq!(env.get("reserved_seats_24"), None);
    assert!(available(&env).is_empty());
    assert_eq!(env.ok("sweep"), "");
    clean(&env);
}

#[test]
fn killed_after_sqlite_the_same_cancel_again_clears_redis_and_changes_nothing_else() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    crash(&env, "showtime-cancel-after-sqlite", &CANCEL[..]);
    let db = env.db_state();
    let again = env.json(&CANCEL[..]);
    assert_eq!(again["already_done"], true);
    assert_eq!(again["redis_keys_removed"], 3);
    assert_eq!(env.db_state(), db);
    clean(&env);
}

#[test]
fn a_reserve_caught_in_flight_by_the_cancel_is_refused_and_gives_its_locks_back() {
    let env = Env::demo();
    plant_cache(&env, &[]);
    let paused = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 9 C4 C5",
    );
    wait_for_key(&env, "seat_lock:24:C4", "the reserve never took its locks");
    env.ok(&CANCEL[..]);
    let out = paused.resume();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the screening of showtime 24 is cancelled"),
        "{err}"
    );
    // Nothing of it stays: no booking, no lock, and the cache does not list its seats again.
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert_eq!(env.get("seat_reservation_24_9"), None);
    assert!(available(&env).is_empty(), "{:?}", available(&env));
    clean(&env);
}

#[test]
fn a_customer_adding_seats_when_the_cancel_lands_is_told_it_is_cancelled_and_keeps_nothing() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 9 C4");
    plant_cache(&env, &["C4"]);
    let paused = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 9 C5",
    );
    wait_for_key(&env, "seat_lock:24:C5", "the reserve never took its lock");
    env.ok(&CANCEL[..]);
    let out = paused.resume();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the screening of showtime 24 is cancelled"),
        "{err}"
    );
    assert!(!err.contains("retry"), "{err}");
    // The hold the cancel ended is not put back in Redis by the refused reserve's undo.
    assert_eq!(env.booking_status(1), "CANCELLED");
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert_eq!(env.get("seat_reservation_24_9"), None);
    assert!(available(&env).is_empty(), "{:?}", available(&env));
    clean(&env);
}
