//! `inspect`: the seat map and every anomaly, read-only, checked against the real Redis keys and
//! SQLite rows, and every fix it prints clearing its anomaly. (`ttl` is in `ttl.rs`.)

use std::time::Duration;

use serde_json::Value;

use crate::harness::{Env, strs};

/// Runs one raw Redis command against the test server.
pub(crate) fn redis(env: &Env, args: &[&str]) -> redis::Value {
    let mut c = redis::cmd(args[0]);
    for a in &args[1..] {
        c.arg(*a);
    }
    c.query(&mut env.con())
        .unwrap_or_else(|e| panic!("redis {args:?}: {e}"))
}

/// The whole-showtime report.
fn inspect(env: &Env) -> Value {
    env.json("inspect 24")
}

/// Asserts that `inspect 24` finds something wrong in every way it can say so, and returns the
/// anomalies: plain inspect still exits 0, `--check` exits 6, and `--check --json` still prints
/// the whole document.
fn anomalies_with_check(env: &Env) -> Vec<Value> {
    let plain = inspect(env);
    let (stdout, _) = env.fails(6, "inspect 24 --check --json");
    // Read the first document only: whether it is the only one has its own test
    // (`check_json_prints_one_document`), so that one fault fails one test.
    let doc: Value = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("--check --json printed no JSON: {stdout}"));
    assert_eq!(doc["showtime_id"], 24);
    assert!(
        doc["seats"].is_array() && doc["counts"].is_object(),
        "{doc}"
    );
    let (human, _) = env.fails(6, "inspect 24 --check");
    assert!(!human.trim().is_empty(), "--check printed no anomaly");
    let list = doc["anomalies"]
        .as_array()
        .expect("anomalies array")
        .clone();
    assert!(!list.is_empty(), "--check exited 6 with no anomaly listed");
    assert_eq!(
        kinds(&list),
        kinds(plain["anomalies"].as_array().unwrap()),
        "--check and plain inspect disagree"
    );
    for a in &list {
        for field in ["kind", "detail", "fix"] {
            assert!(
                a[field].as_str().is_some_and(|s| !s.is_empty()),
                "anomaly without {field}: {a}"
            );
        }
    }
    list
}

fn kinds(list: &[Value]) -> Vec<String> {
    let mut k: Vec<String> = list
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

/// The one anomaly of `kind` matching `pred`; panics with the whole list otherwise.
fn one<'a>(list: &'a [Value], kind: &str, pred: impl Fn(&Value) -> bool) -> &'a Value {
    let found: Vec<&Value> = list
        .iter()
        .filter(|a| a["kind"] == kind && pred(a))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want exactly one matching {kind} anomaly in {}",
        Value::Array(list.to_vec())
    );
    found[0]
}

fn seat<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["seat"] == id)
        .unwrap_or_else(|| panic!("no seat {id} in the report"))
}

pub(crate) fn assert_clean(env: &Env) {
    let doc = inspect(env);
    assert_eq!(
        doc["anomalies"],
        Value::Array(vec![]),
        "{}",
        doc["anomalies"]
    );
    env.ok("inspect 24 --check");
}

pub(crate) fn reserve(env: &Env, user: &str, seats: &[&str]) -> i64 {
    let mut args = vec!["reserve", "--showtime", "24", "--user", user];
    args.extend_from_slice(seats);
    env.json(&args)["booking_id"].as_i64().unwrap()
}

// ---------------------------------------------------------------------------------------------
// inspect

#[test]
fn a_clean_showtime_reports_the_map_and_no_anomalies_and_inspect_writes_nothing() {
    let env = Env::demo();
    let held = reserve(&env, "7", &["A1", "A2"]);
    let sold = reserve(&env, "8", &["B1"]);
    env.ok(&format!("confirm --booking {sold} --payment-id pay_b1"));
    let before = (env.redis_state(), env.db_state());

    let doc = inspect(&env);
    assert_eq!(doc["showtime_id"], 24);
    assert_eq!(
        doc["anomalies"],
        Value::Array(vec![]),
        "{}",
        doc["anomalies"]
    );
    assert_eq!(doc["counts"]["held"], 2);
    assert_eq!(doc["counts"]["sold"], 1);
    assert_eq!(doc["counts"]["free"], 117);
    let seats = doc["seats"].as_array().unwrap();
    assert_eq!(seats.len(), 120);
    assert_eq!(seats[0]["seat"], "A1");
    assert_eq!(seats[119]["seat"], "J12");
    for id in ["A1", "A2"] {
        let s = seat(&doc, id);
        assert_eq!(s["state"], "held", "{s}");
        assert_eq!(s["user"], "7", "{s}");
        assert_eq!(s["booking_id"], held, "{s}");
        let ttl = s["ttl_ms"].as_i64().expect("a held seat has a TTL");
        assert!((480_000..=600_000).contains(&ttl), "{id} ttl {ttl}");
    }
    let b1 = seat(&doc, "B1");
    assert_eq!(b1["state"], "sold", "{b1}");
    assert_eq!(b1["user"], "8", "{b1}");
    assert_eq!(b1["booking_id"], sold, "{b1}");
    assert_eq!(b1["ttl_ms"], Value::Null, "{b1}");
    let a3 = seat(&doc, "A3");
    assert_eq!(a3["state"], "free", "{a3}");
    assert_eq!(a3["user"], Value::Null);
    assert_eq!(a3["booking_id"], Value::Null);
    assert_eq!(a3["ttl_ms"], Value::Null);
    let states: Vec<&str> = seats.iter().map(|s| s["state"].as_str().unwrap()).collect();
    assert_eq!(states.iter().filter(|s| **s == "free").count(), 117);

    // --check: clean means exit 0, and only anomalies are printed (there are none).
    let out = env.ok("inspect 24 --check");
    assert!(!out.contains("Legend"), "--check printed the map: {out}");
    let checked: Value = serde_json::from_str(&env.ok("inspect 24 --check --json")).unwrap();
    assert_eq!(checked["anomalies"], Value::Array(vec![]));
    assert_eq!(checked["counts"], doc["counts"]);

    // Nothing that only looks writes anything.
    env.ok("inspect 24");
    env.ok("inspect 24 --seat A1");
    env.ok("inspect 24 --seat B1 --json");
    env.ok("inspect 24 --user 7");
    env.ok("inspect 24 --user 8 --json");
    env.ok("ttl --showtime 24 --user 7");
    env.ok("ttl --showtime 24 --seat A2 --json");
    assert_eq!(
        (env.redis_state(), env.db_state()),
        before,
        "a read-only command changed Redis or SQLite"
    );
    // Not even a free-seat cache is written behind our back.
    assert_eq!(env.get("available_seats_24"), None);
}

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

#[test]
fn check_json_prints_one_document() {
    // `--json` promises one JSON document on stdout; with --check and anomalies that document
    // is the report (the exit code says "anomalies"), not the report plus an error document.
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    redis(&env, &["SET", "seat_lock:24:E5", "42", "PX", "60000"]);
    for args in [
        "inspect 24 --check --json",
        "inspect 24 --seat E5 --check --json",
        "inspect 24 --user 42 --check --json",
    ] {
        let (stdout, _) = env.fails(6, args);
        let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("{args:?}: stdout is not one JSON document ({e}):\n{stdout}")
        });
        assert_eq!(doc["showtime_id"], 24, "{args:?}: {doc}");
        assert!(
            doc["anomalies"].as_array().is_some_and(|a| !a.is_empty()),
            "{args:?}: {doc}"
        );
    }
}

#[test]
fn other_showtimes_keys_are_left_out_and_unknown_showtimes_are_not_found() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    // Keys of showtimes 2, 124 and 240 look alike under a careless pattern.
    for k in [
        "seat_lock:240:A2",
        "seat_lock:2:A2",
        "seat_lock:124:B2",
        "seat_reservation_240_7",
        "seat_reservation_124_8",
        "reserved_seats_240",
        "available_seats_2",
    ] {
        redis(&env, &["SET", k, "9", "PX", "60000"]);
    }
    assert_clean(&env);
    let doc = inspect(&env);
    assert_eq!(doc["counts"]["held"], 1);
    assert_eq!(seat(&doc, "A2")["state"], "free");
    assert_eq!(seat(&doc, "B2")["state"], "free");
    let u = env.json("inspect 24 --user 8");
    assert_eq!(u["reservation"]["exists"], false, "{u}");

    // A lock on a seat that the layout does not have is an orphan.
    redis(&env, &["SET", "seat_lock:24:Z9", "7", "PX", "60000"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "orphan_lock", |_| true);
    assert_eq!(a["seat"], "Z9", "{a}");
    assert!(a["detail"].as_str().unwrap().contains("layout"), "{a}");
    assert_eq!(inspect(&env)["seats"].as_array().unwrap().len(), 120);
    let z = env.json("inspect 24 --seat Z9");
    assert_eq!(z["in_layout"], false, "{z}");
    assert_eq!(z["lock"]["exists"], true, "{z}");

    let before = (env.redis_state(), env.db_state());
    let err = env.json_err(4, "inspect 99");
    assert_eq!(err["kind"], "not_found", "{err}");
    env.fails(4, "inspect 99 --check");
    env.fails(4, "ttl --showtime 99 --user 7");
    assert_eq!((env.redis_state(), env.db_state()), before);
}

#[test]
fn inspect_one_seat_and_one_user() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);

    let s = env.json("inspect 24 --seat A1");
    assert_eq!(s["showtime_id"], 24);
    assert_eq!(s["seat"], "A1");
    assert_eq!(s["in_layout"], true);
    assert_eq!(s["state"]["state"], "held", "{s}");
    assert_eq!(s["state"]["user"], "7", "{s}");
    assert_eq!(s["state"]["booking_id"], id, "{s}");
    assert_eq!(s["lock"]["key"], "seat_lock:24:A1");
    assert_eq!(s["lock"]["exists"], true);
    assert_eq!(s["lock"]["type"], "string");
    assert_eq!(s["lock"]["value"], "7");
    let ttl = s["lock"]["ttl_ms"].as_i64().expect("lock ttl");
    assert!((480_000..=600_000).contains(&ttl), "ttl {ttl}");
    assert_eq!(s["booking"]["id"], id, "{s}");
    assert_eq!(s["booking"]["user"], "7");
    assert_eq!(s["booking"]["status"], "PENDING");
    assert_eq!(strs(&s["booking"]["seats"]), ["A1", "A2"]);
    assert_eq!(s["in_reserved_index"], true);
    assert_eq!(s["in_available_index"], Value::Null, "no free-seat cache");
    assert_eq!(s["anomalies"], Value::Array(vec![]));
    let audit = s["audit"].as_array().unwrap();
    let ev = audit
        .iter()
        .find(|e| e["action"] == "reserve")
        .unwrap_or_else(|| panic!("no reserve event: {s}"));
    assert_eq!(ev["booking_id"], id);
    assert_eq!(ev["user"], "7");
    assert_eq!(ev["operator"], "tester");
    assert_eq!(ev["forced"], false);
    assert!(strs(&ev["seats"]).contains(&"A1".to_string()), "{ev}");

    // A free seat: a missing lock, no booking, no history.
    let f = env.json("inspect 24 --seat J12");
    assert_eq!(f["state"]["state"], "free", "{f}");
    assert_eq!(f["lock"]["key"], "seat_lock:24:J12");
    assert_eq!(f["lock"]["exists"], false);
    assert_eq!(f["lock"]["type"], Value::Null);
    assert_eq!(f["lock"]["value"], Value::Null);
    assert_eq!(f["lock"]["ttl_ms"], Value::Null);
    assert_eq!(f["booking"], Value::Null);
    assert_eq!(f["in_reserved_index"], false);
    assert_eq!(f["audit"], Value::Array(vec![]));
    let human = env.ok("inspect 24 --seat A1");
    assert!(
        human.contains("A1") && human.contains("seat_lock:24:A1"),
        "{human}"
    );
    assert!(human.contains("reserve"), "history missing: {human}");

    // One user's hold.
    let u = env.json("inspect 24 --user 7");
    assert_eq!(u["showtime_id"], 24);
    assert_eq!(u["user"], "7");
    assert_eq!(u["booking"]["id"], id, "{u}");
    assert_eq!(u["booking"]["status"], "PENDING");
    assert_eq!(u["reservation"]["key"], "seat_reservation_24_7");
    assert_eq!(u["reservation"]["exists"], true);
    assert_eq!(u["reservation"]["type"], "string");
    let res: Value =
        serde_json::from_str(u["reservation"]["value"].as_str().expect("value")).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A2"]);
    assert!(u["reservation"]["ttl_ms"].as_i64().unwrap() > 480_000);
    let locks = u["locks"].as_array().unwrap();
    let seats: Vec<&str> = locks.iter().map(|l| l["seat"].as_str().unwrap()).collect();
    assert_eq!(seats, ["A1", "A2"]);
    for l in locks {
        assert_eq!(
            l["key"],
            format!("seat_lock:24:{}", l["seat"].as_str().unwrap())
        );
        let t = l["ttl_ms"].as_i64().expect("lock ttl");
        assert!((480_000..=600_000).contains(&t), "{l}");
    }
    assert_eq!(u["anomalies"], Value::Array(vec![]));
    env.ok("inspect 24 --user 7 --check");

    // A user with nothing: no booking, a missing key, no locks.
    let n = env.json("inspect 24 --user 9");
    assert_eq!(n["booking"], Value::Null);
    assert_eq!(n["reservation"]["exists"], false);
    assert_eq!(n["locks"], Value::Array(vec![]));

    // Anomalies are scoped to the seat and the user.
    redis(&env, &["PERSIST", "seat_lock:24:A2"]);
    let s = env.json("inspect 24 --seat A2");
    assert_eq!(kinds(s["anomalies"].as_array().unwrap()), ["no_ttl"], "{s}");
    env.fails(6, "inspect 24 --seat A2 --check");
    let j = env.json("inspect 24 --seat J1");
    assert_eq!(j["anomalies"], Value::Array(vec![]), "{j}");
    env.ok("inspect 24 --seat J1 --check");
}

#[test]
fn the_seat_map_has_a_legend_and_colours_only_when_asked() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    let id = reserve(&env, "8", &["C3"]);
    env.ok(&format!("confirm --booking {id} --payment-id p"));
    for args in [
        "inspect 24",
        "inspect 24 --color never",
        "inspect 24 --color auto",
    ] {
        let out = env.ok(args);
        assert!(out.contains("Legend"), "{args:?}: {out}");
        for row in 'A'..='J' {
            assert!(
                out.lines()
                    .any(|l| l.starts_with(row) && l[1..].starts_with(char::is_whitespace)),
                "{args:?}: no line for row {row}: {out}"
            );
        }
        assert!(!out.contains('\x1b'), "{args:?}: ANSI in a pipe: {out:?}");
        assert!(out.contains("1 held") && out.contains("1 sold"), "{out}");
    }
    // Even with NO_COLOR unset, a pipe gets no colour.
    let out = env
        .cmd()
        .env_remove("NO_COLOR")
        .args(["inspect", "24"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    // --color always wins over NO_COLOR and the pipe.
    let out = env.ok("inspect 24 --color always");
    assert!(
        out.contains("\x1b["),
        "no colour with --color always: {out:?}"
    );
    assert!(out.contains("Legend"));
    // JSON is never coloured.
    let out = env.ok("inspect 24 --color always --json");
    assert!(!out.contains('\x1b'));
    serde_json::from_str::<Value>(&out).unwrap();
}

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
