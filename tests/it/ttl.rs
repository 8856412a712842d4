//! `ttl`: showing every key of a hold, and extending it: the owner, staff with `--force` and
//! confirmation, never an expired hold, never past the cap without `--force`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Env, strs};
use crate::inspect::{assert_clean, redis, reserve};

fn booking_expiry(env: &Env, id: i64) -> i64 {
    env.sqlite()
        .query_row(
            "SELECT expires_at_ms FROM bookings WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("booking row")
}

/// Every key's PTTL: to prove that a refused extend moved nothing (PTTLs only ever shrink).
fn pttls(env: &Env) -> BTreeMap<String, i64> {
    env.keys()
        .into_iter()
        .map(|k| {
            let t = env.pttl(&k);
            (k, t)
        })
        .collect()
}

fn assert_not_extended(env: &Env, before: &BTreeMap<String, i64>, db_before: &str) {
    let after = pttls(env);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (k, t) in &after {
        assert!(
            *t <= before[k],
            "{k}: PTTL grew from {} to {t} on a refused extend",
            before[k]
        );
    }
    assert_eq!(
        env.db_state(),
        db_before,
        "a refused extend wrote to SQLite"
    );
}

// ---------------------------------------------------------------------------------------------
// ttl

#[test]
fn ttl_shows_every_key_of_the_hold() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);
    let t = env.json("ttl --showtime 24 --user 7");
    assert_eq!(t["showtime_id"], 24);
    assert_eq!(t["user"], "7");
    assert_eq!(t["booking_id"], id);
    assert_eq!(t["status"], "PENDING");
    assert_eq!(strs(&t["seats"]), ["A1", "A2"]);
    let hold = t["ttl_ms"].as_i64().expect("ttl_ms");
    assert!((480_000..=600_000).contains(&hold), "hold ttl {hold}");
    let keys: Vec<&str> = t["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    for want in [
        "seat_lock:24:A1",
        "seat_lock:24:A2",
        "seat_reservation_24_7",
        "reserved_seats_24",
    ] {
        assert!(keys.contains(&want), "{want} missing from {keys:?}");
    }
    for k in t["keys"].as_array().unwrap() {
        assert_eq!(k["exists"], true, "{k}");
        let ms = k["ttl_ms"]
            .as_i64()
            .unwrap_or_else(|| panic!("no ttl: {k}"));
        assert!(
            (ms - hold).abs() < 10_000,
            "{k}: ttl {ms} is not close to the hold's {hold}"
        );
        if k.get("seat").is_some() {
            assert_eq!(k["holder"], "7", "{k}");
        }
    }
    let human = env.ok("ttl --showtime 24 --user 7");
    assert!(human.contains("seat_lock:24:A2") && human.contains("reserved_seats_24"));

    // By seat: the holder is found.
    let s = env.json("ttl --showtime 24 --seat A1");
    assert_eq!(s["user"], "7");
    assert_eq!(s["booking_id"], id);
    assert_eq!(strs(&s["seats"]), ["A1", "A2"]);

    // No hold: exit 4.
    env.fails(4, "ttl --showtime 24 --user 9");
    let err = env.json_err(4, "ttl --showtime 24 --user 9");
    assert!(err["message"].as_str().is_some(), "{err}");
    env.fails(4, "ttl --showtime 24 --seat J9");
    // The seat is someone else's: refused.
    env.fails(3, "ttl --showtime 24 --user 8 --seat A1");
}

#[test]
fn the_owner_extends_every_key_and_the_booking_together() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);
    let keys = [
        "seat_lock:24:A1",
        "seat_lock:24:A2",
        "seat_reservation_24_7",
        "reserved_seats_24",
    ];
    let before: Vec<i64> = keys.iter().map(|k| env.pttl(k)).collect();
    let exp_before = booking_expiry(&env, id);

    let e = env.json("ttl --showtime 24 --user 7 --extend 5m");
    assert_eq!(e["booking_id"], id);
    assert_eq!(e["user"], "7");
    assert_eq!(e["forced"], false);
    assert_eq!(strs(&e["seats"]), ["A1", "A2"]);
    let ttl = e["ttl_ms"].as_i64().unwrap();
    assert!((780_000..=900_000).contains(&ttl), "ttl_ms {ttl}");

    for (k, b) in keys.iter().zip(&before) {
        let a = env.pttl(k);
        let moved = a - b;
        assert!(
            (280_000..=300_100).contains(&moved),
            "{k}: PTTL {b} -> {a}, moved {moved}, want ~5m"
        );
    }
    let exp_after = booking_expiry(&env, id);
    assert_eq!(
        exp_after - exp_before,
        300_000,
        "booking expiry moved by 5m"
    );
    // All keys expire together, at the booking's new expiry.
    let lock = env.pttl("seat_lock:24:A1");
    let res = env.pttl("seat_reservation_24_7");
    assert!(
        (lock - res).abs() < 2_000,
        "lock {lock} vs reservation {res}"
    );
    assert_clean(&env);

    let c = env.sqlite();
    let (forced, operator, detail): (i64, String, String) = c
        .query_row(
            "SELECT forced, operator, detail FROM audit WHERE action = 'extend' AND booking_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("one extend audit row");
    assert_eq!(forced, 0);
    assert_eq!(operator, "tester");
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["by_ms"], 300_000);
    assert_eq!(detail["previous_expires_at_ms"], exp_before);
    assert_eq!(detail["expires_at_ms"], exp_after);

    // ttl reflects the new expiry, and the human form says what happened.
    let t = env.json("ttl --showtime 24 --user 7");
    assert!(t["ttl_ms"].as_i64().unwrap() > 780_000, "{t}");
    let out = env.ok("ttl --showtime 24 --user 7 --extend 1m");
    assert!(out.contains("Extended"), "{out}");
    assert_eq!(booking_expiry(&env, id) - exp_after, 60_000);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'extend'"),
        2
    );
}

#[test]
fn only_the_owner_extends_unless_staff_force_with_confirmation() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);
    let exp = booking_expiry(&env, id);
    let before = pttls(&env);
    let db_before = env.db_state();

    // By seat without naming the user, and by another user.
    let err = env.json_err(3, "ttl --showtime 24 --seat A1 --extend 1m");
    assert_eq!(err["kind"], "conflict", "{err}");
    env.fails(3, "ttl --showtime 24 --user 8 --seat A1 --extend 1m");
    assert_not_extended(&env, &before, &db_before);

    // --force with no terminal and no --yes: refused, nothing asked, nothing changed.
    let (_, stderr) = env.fails(2, "ttl --showtime 24 --seat A1 --extend 1m --force");
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_not_extended(&env, &before, &db_before);

    // --force --yes: done, and audited as forced.
    let e = env.json("ttl --showtime 24 --user 8 --seat A1 --extend 1m --force --yes");
    assert_eq!(e["forced"], true);
    assert_eq!(e["user"], "7", "the hold stays user 7's");
    assert_eq!(booking_expiry(&env, id) - exp, 60_000);
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM audit WHERE action = 'extend' AND forced = 1 AND operator = 'tester'"
        ),
        1
    );
    env.ok("ttl --showtime 24 --seat A2 --extend 1m --force -y");
    assert_eq!(booking_expiry(&env, id) - exp, 120_000);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'extend' AND forced = 1"),
        2
    );
    for k in [
        "seat_lock:24:A1",
        "seat_lock:24:A2",
        "seat_reservation_24_7",
    ] {
        assert!(env.pttl(k) > before[k] + 100_000, "{k} not extended");
    }
}

#[test]
fn an_expired_hold_cannot_be_extended() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 --hold 1s");
    let id = r["booking_id"].as_i64().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let exp = booking_expiry(&env, id);
    let err = env.json_err(4, "ttl --showtime 24 --user 7 --extend 5m");
    assert_eq!(err["kind"], "not_found", "{err}");
    env.fails(4, "ttl --showtime 24 --user 7 --extend 5m");
    assert_eq!(booking_expiry(&env, id), exp);
    assert_eq!(env.get("seat_lock:24:A1"), None, "no lock came back");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'extend'"),
        0
    );

    // A hold that Redis lost (locks gone, booking still live): ttl shows the missing keys and
    // extend refuses rather than bringing back half a hold.
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);
    redis(&env, &["DEL", "seat_lock:24:A2"]);
    let t = env.json("ttl --showtime 24 --seat A2");
    assert_eq!(t["user"], "7", "resolved from the booking: {t}");
    assert_eq!(t["booking_id"], id);
    let a2 = t["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "seat_lock:24:A2")
        .unwrap_or_else(|| panic!("no A2 lock listed: {t}"));
    assert_eq!(a2["exists"], false, "{a2}");
    assert_eq!(a2["ttl_ms"], Value::Null, "{a2}");
    let before = pttls(&env);
    let db_before = env.db_state();
    env.fails(4, "ttl --showtime 24 --user 7 --extend 5m");
    assert_not_extended(&env, &before, &db_before);
    assert_eq!(env.get("seat_lock:24:A2"), None);
}

#[test]
fn extending_past_two_hours_from_the_start_needs_force() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1"]);
    let before = pttls(&env);
    let db_before = env.db_state();
    let err = env.json_err(2, "ttl --showtime 24 --user 7 --extend 3h");
    assert!(err["message"].as_str().unwrap().contains("2h"), "{err}");
    assert_not_extended(&env, &before, &db_before);

    // Up to the cap is fine: 10m + 1h; another 1h would end 2h10m after the start.
    env.ok("ttl --showtime 24 --user 7 --extend 1h");
    let before = pttls(&env);
    let db_before = env.db_state();
    env.fails(2, "ttl --showtime 24 --user 7 --extend 1h");
    assert_not_extended(&env, &before, &db_before);

    // Staff can go past it.
    let exp = booking_expiry(&env, id);
    let e = env.json("ttl --showtime 24 --user 7 --extend 3h --force --yes");
    assert_eq!(e["forced"], true);
    assert_eq!(booking_expiry(&env, id) - exp, 3 * 3_600_000);
    let lock = env.pttl("seat_lock:24:A1");
    // 10m + 1h + 3h from the start, minus the seconds the test has run.
    assert!(
        (4 * 3_600_000 + 540_000..=4 * 3_600_000 + 600_000).contains(&lock),
        "lock ttl {lock}"
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'extend' AND forced = 1"),
        1
    );
}
