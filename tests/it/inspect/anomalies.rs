//! Each anomaly kind `inspect` reports, planted by hand in the real keys and rows.

use serde_json::Value;

use super::*;
use crate::harness::{Env, strs};

#[test]
fn orphan_lock_a_lock_with_no_booking_behind_it() {
    let env = Env::demo();
    redis(&env, &["SET", "seat_lock:24:E5", "42", "PX", "60000"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "orphan_lock", |_| true);
    assert_eq!(a["seat"], "E5", "{a}");
    assert_eq!(a["key"], "seat_lock:24:E5", "{a}");
    assert_eq!(a["user"], "42", "{a}");
    assert!(a.get("booking_id").is_none(), "no booking behind it: {a}");
    // The map shows the seat as held by the lock's owner, without a booking.
    let doc = inspect(&env);
    let e5 = seat(&doc, "E5");
    assert_eq!(e5["state"], "held", "{e5}");
    assert_eq!(e5["user"], "42", "{e5}");
    assert_eq!(e5["booking_id"], Value::Null, "{e5}");
    // Gone again once the lock is.
    redis(&env, &["DEL", "seat_lock:24:E5"]);
    assert_clean(&env);
}

#[test]
fn orphan_lock_a_lock_held_by_someone_other_than_the_booking() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1"]);
    redis(&env, &["SET", "seat_lock:24:A1", "8", "KEEPTTL"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "orphan_lock", |_| true);
    assert_eq!(a["seat"], "A1", "{a}");
    assert_eq!(a["user"], "8", "{a}");
    assert_eq!(a["booking_id"], id, "{a}");
    // User 7's booking no longer has its lock.
    let lost = one(&list, "lost_hold", |_| true);
    assert_eq!(lost["booking_id"], id, "{lost}");
    assert_eq!(lost["user"], "7", "{lost}");
}

#[test]
fn lost_hold_a_pending_booking_whose_locks_are_gone() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);
    redis(&env, &["DEL", "seat_lock:24:A1", "seat_lock:24:A2"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "lost_hold", |_| true);
    assert_eq!(a["booking_id"], id, "{a}");
    assert_eq!(a["user"], "7", "{a}");
    let detail = a["detail"].as_str().unwrap();
    assert!(
        detail.contains("A1") && detail.contains("A2"),
        "lost_hold should name the seats without a lock: {detail}"
    );
    assert!(
        !kinds(&list).contains(&"stale_pending".to_string()),
        "the hold has not run out: {list:?}"
    );
    // The database still holds the seats for user 7, so they are not free.
    let doc = inspect(&env);
    assert_eq!(doc["counts"]["held"], 2);
    for id_ in ["A1", "A2"] {
        let s = seat(&doc, id_);
        assert_eq!(s["state"], "held", "{s}");
        assert_eq!(s["user"], "7", "{s}");
        assert_eq!(s["booking_id"], id, "{s}");
    }

    // Losing one seat of two names just that seat.
    let env = Env::demo();
    let id = reserve(&env, "7", &["C3", "C4"]);
    redis(&env, &["DEL", "seat_lock:24:C4"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "lost_hold", |_| true);
    assert_eq!(a["booking_id"], id, "{a}");
    let detail = a["detail"].as_str().unwrap();
    assert!(detail.contains("C4") && !detail.contains("C3"), "{detail}");
}

#[test]
fn stale_pending_a_booking_that_ran_out_but_was_never_expired() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);
    env.sqlite()
        .execute(
            "UPDATE bookings SET expires_at_ms = 1000 WHERE id = ?1",
            [id],
        )
        .unwrap();
    redis(&env, &["DEL", "seat_lock:24:A1", "seat_lock:24:A2"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "stale_pending", |_| true);
    assert_eq!(a["booking_id"], id, "{a}");
    assert_eq!(a["user"], "7", "{a}");
    assert!(
        !list
            .iter()
            .any(|x| x["kind"] == "lost_hold" && x["booking_id"] == id),
        "a hold that ran out is stale, not lost: {list:?}"
    );
    // Nobody holds those seats any more: the map shows them free.
    let doc = inspect(&env);
    assert_eq!(seat(&doc, "A1")["state"], "free");
    assert_eq!(seat(&doc, "A2")["state"], "free");
    assert_eq!(doc["counts"]["free"], 120);
    // Inspect only reports; the booking is still PENDING.
    assert_eq!(env.booking_status(id), "PENDING");
}

#[test]
fn no_ttl_a_lock_that_never_expires() {
    // A planted lock with no expiry (and nothing behind it).
    let env = Env::demo();
    redis(&env, &["SET", "seat_lock:24:E6", "x"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "no_ttl", |a| a["seat"] == "E6");
    assert_eq!(a["key"], "seat_lock:24:E6", "{a}");
    one(&list, "orphan_lock", |a| a["seat"] == "E6");
    let doc = inspect(&env);
    assert_eq!(seat(&doc, "E6")["ttl_ms"], Value::Null);

    // A real hold whose lock lost its expiry: that is the only thing wrong.
    let env = Env::demo();
    reserve(&env, "7", &["A1", "A2"]);
    redis(&env, &["PERSIST", "seat_lock:24:A1"]);
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["no_ttl"], "{list:?}");
    let a = one(&list, "no_ttl", |_| true);
    assert_eq!(a["seat"], "A1", "{a}");
    assert_eq!(a["key"], "seat_lock:24:A1", "{a}");
    let doc = inspect(&env);
    assert_eq!(seat(&doc, "A1")["state"], "held");
    assert_eq!(seat(&doc, "A1")["ttl_ms"], Value::Null);

    // The reservation key and the index without expiry are reported too.
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    redis(&env, &["PERSIST", "seat_reservation_24_7"]);
    redis(&env, &["PERSIST", "reserved_seats_24"]);
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["no_ttl", "no_ttl"], "{list:?}");
    let r = one(&list, "no_ttl", |a| a["key"] == "seat_reservation_24_7");
    assert_eq!(r["user"], "7", "{r}");
    one(&list, "no_ttl", |a| a["key"] == "reserved_seats_24");
}

#[test]
fn stale_index_the_held_and_free_seat_indexes_disagree_with_the_locks() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    // reserved_seats_24 lists a seat nobody locks.
    redis(
        &env,
        &["SET", "reserved_seats_24", r#"["A1","B3"]"#, "KEEPTTL"],
    );
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["stale_index"], "{list:?}");
    let a = one(&list, "stale_index", |_| true);
    assert_eq!(a["key"], "reserved_seats_24", "{a}");
    assert!(a["detail"].as_str().unwrap().contains("B3"), "{a}");

    // ...or lacks one that is locked.
    redis(&env, &["SET", "reserved_seats_24", "[]", "KEEPTTL"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "stale_index", |_| true);
    assert_eq!(a["key"], "reserved_seats_24", "{a}");
    assert!(a["detail"].as_str().unwrap().contains("A1"), "{a}");

    // Put it right: clean again.
    redis(&env, &["SET", "reserved_seats_24", r#"["A1"]"#, "KEEPTTL"]);
    assert_clean(&env);

    // The free-seat cache with the wrong list (A1 is held, so it must not be there, and it
    // lacks every other seat).
    redis(
        &env,
        &[
            "SET",
            "available_seats_24",
            r#"["A1","A2"]"#,
            "PX",
            "3600000",
        ],
    );
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["stale_index"], "{list:?}");
    let a = one(&list, "stale_index", |_| true);
    assert_eq!(a["key"], "available_seats_24", "{a}");
    assert!(a["detail"].as_str().unwrap().contains("A1"), "{a}");

    // The right free list is clean.
    let free: Vec<String> = inspect(&env)["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "free")
        .map(|s| s["seat"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(free.len(), 119);
    redis(
        &env,
        &[
            "SET",
            "available_seats_24",
            &serde_json::to_string(&free).unwrap(),
            "PX",
            "3600000",
        ],
    );
    assert_clean(&env);
    let a1 = env.json("inspect 24 --seat A1");
    assert_eq!(a1["in_available_index"], false, "{a1}");
    let a2 = env.json("inspect 24 --seat A2");
    assert_eq!(a2["in_available_index"], true, "{a2}");
}

#[test]
fn sold_but_locked_a_sold_seat_with_its_lock_back() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1"]);
    env.ok(&format!("confirm --booking {id} --payment-id pay_a1"));
    assert_clean(&env);
    redis(&env, &["SET", "seat_lock:24:A1", "7", "PX", "60000"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "sold_but_locked", |_| true);
    assert_eq!(a["seat"], "A1", "{a}");
    assert_eq!(a["key"], "seat_lock:24:A1", "{a}");
    assert_eq!(a["booking_id"], id, "{a}");
    assert_eq!(a["user"], "7", "{a}");
    assert!(
        !kinds(&list).contains(&"orphan_lock".to_string()),
        "a lock on a sold seat is sold_but_locked, not an orphan: {list:?}"
    );
    // Sold beats held on the map.
    let doc = inspect(&env);
    assert_eq!(seat(&doc, "A1")["state"], "sold");
    assert_eq!(doc["counts"]["sold"], 1);
    assert_eq!(doc["counts"]["held"], 0);
}

#[test]
fn cancelled_showtime_key_what_redis_still_has_of_a_cancelled_screening() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    env.ok(&["showtime", "cancel", "24", "--reason", "fire", "--yes"][..]);
    assert_clean(&env);
    // An empty free-seat cache is what the cancel leaves, and no anomaly.
    redis(&env, &["SET", "available_seats_24", "[]", "EX", "600"]);
    assert_clean(&env);
    redis(&env, &["SET", "seat_lock:24:B2", "8", "PX", "60000"]);
    redis(
        &env,
        &["SET", "available_seats_24", "[\"B3\"]", "EX", "600"],
    );
    let list = anomalies_with_check(&env);
    assert_eq!(
        kinds(&list),
        ["cancelled_showtime_key", "cancelled_showtime_key"],
        "{list:?}"
    );
    let a = one(&list, "cancelled_showtime_key", |a| a["seat"] == "B2");
    assert_eq!(a["key"], "seat_lock:24:B2", "{a}");
    one(&list, "cancelled_showtime_key", |a| {
        a["key"] == "available_seats_24"
    });
    // The map shows no hold on a cancelled screening, whatever Redis says.
    let doc = inspect(&env);
    assert_eq!(seat(&doc, "B2")["state"], "free");
    assert_eq!(doc["counts"]["held"], 0);
}

#[test]
fn reservation_mismatch_the_users_key_lists_other_seats_than_they_lock() {
    let env = Env::demo();
    reserve(&env, "7", &["A1", "A2"]);
    redis(
        &env,
        &[
            "SET",
            "seat_reservation_24_7",
            r#"{"seat_ids":["A1","C9"],"reserved_at":1700000000.5}"#,
            "KEEPTTL",
        ],
    );
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["reservation_mismatch"], "{list:?}");
    let a = one(&list, "reservation_mismatch", |_| true);
    assert_eq!(a["key"], "seat_reservation_24_7", "{a}");
    assert_eq!(a["user"], "7", "{a}");
    let detail = a["detail"].as_str().unwrap();
    assert!(detail.contains("C9") && detail.contains("A2"), "{detail}");

    // A missing reservation key is a mismatch too.
    redis(&env, &["DEL", "seat_reservation_24_7"]);
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["reservation_mismatch"], "{list:?}");
    let a = one(&list, "reservation_mismatch", |_| true);
    assert_eq!(a["key"], "seat_reservation_24_7", "{a}");
    assert_eq!(a["user"], "7", "{a}");
}

#[test]
fn bad_value_keys_of_the_wrong_type_or_shape_never_crash_inspect() {
    // A lock that is a LIST.
    let env = Env::demo();
    redis(&env, &["RPUSH", "seat_lock:24:E7", "7"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "bad_value", |_| true);
    assert_eq!(a["seat"], "E7", "{a}");
    assert_eq!(a["key"], "seat_lock:24:E7", "{a}");
    let e7 = env.json("inspect 24 --seat E7");
    assert_eq!(e7["lock"]["exists"], true, "{e7}");
    assert_eq!(e7["lock"]["type"], "list", "{e7}");
    assert_eq!(e7["lock"]["value"], Value::Null, "{e7}");
    env.fails(6, "inspect 24 --seat E7 --check");
    env.ok("inspect 24 --seat E7");
    env.ok("inspect 24");
    // A lock whose value is not a user id.
    redis(&env, &["DEL", "seat_lock:24:E7"]);
    redis(
        &env,
        &["SET", "seat_lock:24:E8", "not a user!", "PX", "60000"],
    );
    let list = anomalies_with_check(&env);
    let a = one(&list, "bad_value", |_| true);
    assert_eq!(a["seat"], "E8", "{a}");
    assert_eq!(a["key"], "seat_lock:24:E8", "{a}");

    // The held-seats index that is not JSON.
    let env = Env::demo();
    redis(
        &env,
        &["SET", "reserved_seats_24", "not json", "PX", "60000"],
    );
    let list = anomalies_with_check(&env);
    assert_eq!(kinds(&list), ["bad_value"], "{list:?}");
    let a = one(&list, "bad_value", |_| true);
    assert_eq!(a["key"], "reserved_seats_24", "{a}");
    env.ok("inspect 24");
    let a1 = env.json("inspect 24 --seat A1");
    assert_eq!(a1["in_reserved_index"], false, "{a1}");
    // ... or a HASH.
    redis(&env, &["DEL", "reserved_seats_24"]);
    redis(&env, &["HSET", "reserved_seats_24", "A1", "7"]);
    redis(&env, &["PEXPIRE", "reserved_seats_24", "60000"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "bad_value", |_| true);
    assert_eq!(a["key"], "reserved_seats_24", "{a}");

    // The user's reservation key as a HASH, for a real hold.
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    redis(&env, &["DEL", "seat_reservation_24_7"]);
    redis(&env, &["HSET", "seat_reservation_24_7", "seat_ids", "A1"]);
    redis(&env, &["PEXPIRE", "seat_reservation_24_7", "60000"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "bad_value", |_| true);
    assert_eq!(a["key"], "seat_reservation_24_7", "{a}");
    assert_eq!(a["user"], "7", "{a}");
    env.ok("inspect 24");
    let u = env.json("inspect 24 --user 7");
    assert_eq!(u["reservation"]["exists"], true, "{u}");
    assert_eq!(u["reservation"]["type"], "hash", "{u}");
    env.fails(6, "inspect 24 --user 7 --check");
    // ttl still shows the hold.
    let t = env.json("ttl --showtime 24 --user 7");
    assert_eq!(strs(&t["seats"]), ["A1"]);
}

#[test]
fn a_malformed_reservation_key_is_bad_value_and_not_also_missing() {
    // The key exists, so the only thing wrong is its value: reporting it as missing as well
    // sends the operator looking for a key that is right there.
    for plant in ["hash", "string"] {
        let env = Env::demo();
        reserve(&env, "7", &["A1"]);
        if plant == "hash" {
            redis(&env, &["DEL", "seat_reservation_24_7"]);
            redis(&env, &["HSET", "seat_reservation_24_7", "seat_ids", "A1"]);
            redis(&env, &["PEXPIRE", "seat_reservation_24_7", "60000"]);
        } else {
            redis(
                &env,
                &["SET", "seat_reservation_24_7", "garbage", "KEEPTTL"],
            );
        }
        let list = anomalies_with_check(&env);
        one(&list, "bad_value", |a| a["key"] == "seat_reservation_24_7");
        let missing: Vec<&Value> = list
            .iter()
            .filter(|x| x["detail"].as_str().unwrap().contains("is missing"))
            .collect();
        assert!(
            missing.is_empty(),
            "a {plant} reservation key that exists is also reported as missing: {missing:?}"
        );
    }
}
