//! Issue 4: sweep expires, restores and repairs — and stays quiet when there is nothing to do.
//!
//! Expiring, restoring and repairing are here; `lock` is the sweep lock and concurrent sweeps,
//! `watch` is `sweep --watch`.

mod lock;
mod watch;

use std::time::Duration;

use crate::harness::{Env, strs};

fn set_px(env: &Env, key: &str, value: &str, ms: i64) {
    redis::cmd("SET")
        .arg(key)
        .arg(value)
        .arg("PX")
        .arg(ms)
        .query::<()>(&mut env.con())
        .unwrap();
}

#[test]
fn nothing_to_do_means_no_output() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("sweep"); // may create the free-seat cache, silently
    let out = env.run("sweep");
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn overdue_holds_expire_and_live_ones_are_untouched() {
    let env = Env::demo();
    let short = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 1s");
    let long = env.json("reserve --showtime 24 --user 8 B1");
    std::thread::sleep(Duration::from_millis(1200));
    let out = env.ok("sweep");
    assert!(out.contains("expired 1 booking whose"), "{out}");
    assert_eq!(
        env.booking_status(short["booking_id"].as_i64().unwrap()),
        "EXPIRED"
    );
    assert_eq!(
        env.booking_status(long["booking_id"].as_i64().unwrap()),
        "PENDING"
    );
    assert_eq!(env.get("seat_lock:24:B1").as_deref(), Some("8"));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'expire' AND command = 'sweep'"),
        1
    );
    // The free-seat cache has the expired seats back and not the held one.
    let avail = crate::harness::strs(
        &serde_json::from_str(&env.get("available_seats_24").unwrap()).unwrap(),
    );
    assert!(avail.contains(&"A1".to_string()) && avail.contains(&"A2".to_string()));
    assert!(!avail.contains(&"B1".to_string()));
    assert_eq!(avail.len(), 119);
    assert!(env.pttl("available_seats_24") > 3_500_000);
    assert_eq!(env.get("reserved_seats_24").as_deref(), Some(r#"["B1"]"#));
    // Second run: silent.
    assert_eq!(env.ok("sweep"), "");
    env.ok("inspect 24 --check");
}

#[test]
fn dry_run_changes_nothing() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 --hold 1s");
    env.ok("reserve --showtime 24 --user 8 B1");
    redis::cmd("DEL")
        .arg("seat_lock:24:B1")
        .query::<()>(&mut env.con())
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    let before = (env.redis_state(), env.db_state());
    let s = env.json("sweep --dry-run");
    assert_eq!(s["dry_run"], true);
    assert_eq!(s["expired"], 1);
    assert_eq!(s["rehydrated"], 1);
    assert_eq!((env.redis_state(), env.db_state()), before);
    let out = env.ok("sweep --dry-run");
    assert!(out.contains("would expire 1"), "{out}");
}

#[test]
fn flushall_is_healed_with_the_remaining_time_and_blocks_others_again() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 5m");
    std::thread::sleep(Duration::from_millis(1100));
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    let s = env.json("sweep");
    assert_eq!(s["rehydrated"], 1);
    for seat in ["A1", "A2"] {
        let key = format!("seat_lock:24:{seat}");
        assert_eq!(env.get(&key).as_deref(), Some("7"));
        let ttl = env.pttl(&key);
        assert!(
            ttl > 250_000 && ttl <= 299_000,
            "{key}: remaining TTL {ttl}, not a fresh hold"
        );
    }
    let res: serde_json::Value =
        serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A2"]);
    assert_eq!(
        env.get("reserved_seats_24").as_deref(),
        Some(r#"["A1","A2"]"#)
    );
    // Another user is refused by Redis again, and the holder can still pay.
    let err = env.json_err(3, "reserve --showtime 24 --user 8 A2");
    assert_eq!(err["taken"][0]["user"], "7");
    env.ok(&[
        "confirm",
        "--booking",
        &r["booking_id"].to_string(),
        "--payment-id",
        "p",
    ]);
    env.ok("inspect 24 --check");
}

fn del(env: &Env, key: &str) {
    redis::cmd("DEL")
        .arg(key)
        .query::<()>(&mut env.con())
        .unwrap();
}

fn set(env: &Env, key: &str, value: &str) {
    redis::cmd("SET")
        .arg(key)
        .arg(value)
        .query::<()>(&mut env.con())
        .unwrap();
}

fn pexpiretime(env: &Env, key: &str) -> i64 {
    redis::cmd("PEXPIRETIME")
        .arg(key)
        .query(&mut env.con())
        .unwrap()
}

fn booking_times(env: &Env, id: i64) -> (i64, i64) {
    env.sqlite()
        .query_row(
            "SELECT hold_started_at_ms, expires_at_ms FROM bookings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Issue 11, item 1: a live booking lost a lock (eviction, restart, failover) and another
/// lock landed on the seat — here a hand-written one without expiry. SQLite's fence says the
/// seat is the booking's and nobody else's: the sweep restores the booking's lock over the
/// stray one, never expires the booking early, and the customer pays on time. It used to expire
/// the booking, free C2 too, and refuse the payment with refund_required.
#[test]
fn a_lost_hold_with_a_stray_lock_on_its_seat_is_restored_over_it_not_expired() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 1 C1 C2");
    let id = r["booking_id"].as_i64().unwrap();
    let (started, expires) = booking_times(&env, id);
    del(&env, "seat_lock:24:C1");
    set(&env, "seat_lock:24:C1", "2");
    let s = env.json("sweep -v");
    assert_eq!(env.booking_status(id), "PENDING", "{s}");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(s["displaced_locks"], 1, "{s}");
    assert_eq!(s["expired"], 0, "{s}");
    // The stray lock was replaced, not counted as a standing finding.
    assert_eq!(s["no_ttl"], 0, "{s}");
    let details = s["details"].as_array().unwrap();
    assert!(
        details
            .iter()
            .any(|d| d["kind"] == "rehydrated" && d["detail"].as_str().unwrap().contains("C1")),
        "{s}"
    );
    for seat in ["C1", "C2"] {
        let key = format!("seat_lock:24:{seat}");
        assert_eq!(env.get(&key).as_deref(), Some("1"), "{key}");
        assert_eq!(
            pexpiretime(&env, &key),
            expires,
            "{key} runs until the booking's expiry"
        );
    }
    let res: serde_json::Value =
        serde_json::from_str(&env.get("seat_reservation_24_1").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["C1", "C2"]);
    assert_eq!(
        (res["reserved_at"].as_f64().unwrap() * 1000.0).round() as i64,
        started
    );
    assert_eq!(
        env.get("seat_reservation_24_2"),
        None,
        "no key invented for the stray lock"
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'expire'"),
        0
    );
    env.ok("inspect 24 --check");
    // Nobody else gets the seat, and the customer pays on time.
    env.fails(3, "reserve --showtime 24 --user 2 C1");
    let c = env.json("confirm --showtime 24 --user 1 --payment-id pay1");
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(c["late"], false);
    assert_eq!(env.locks(), Vec::<String>::new());
    // The next sweep has nothing to say.
    assert_eq!(env.ok("sweep"), "");
}

/// The same with the stray lock on every seat and a fresh Redis: the whole hold comes back.
#[test]
fn a_flushed_hold_whose_seats_were_all_locked_by_others_comes_back_whole() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    set_px(&env, "seat_lock:24:A1", "8", 60_000);
    set_px(&env, "seat_lock:24:A2", "9", 60_000);
    let s = env.json("sweep");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(s["displaced_locks"], 2, "{s}");
    assert_eq!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "PENDING"
    );
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    assert!(env.pttl("seat_lock:24:A2") > 500_000);
    let out = env.ok("sweep -v");
    assert_eq!(out, "", "second sweep: nothing left to do");
    env.ok("inspect 24 --check");
}

/// Issue 11, item 11: a lock written by hand (or other software) with no booking behind it
/// is reported as an orphan, and the sweep never invents a reservation key for it (that key
/// used to be created with reserved_at=now, which also reset the orphan's age).
#[test]
fn a_hand_written_lock_is_reported_and_gets_no_invented_reservation() {
    let env = Env::demo();
    set_px(&env, "seat_lock:24:H1", "99", 600_000);
    for _ in 0..2 {
        let s = env.json("sweep");
        assert_eq!(s["orphan_locks"], 1, "{s}");
        assert_eq!(s["foreign_locks"], 1, "{s}");
        assert_eq!(s["reservations_repaired"], 0, "{s}");
        assert_eq!(env.get("seat_reservation_24_99"), None);
        assert_eq!(env.get("seat_lock:24:H1").as_deref(), Some("99"));
    }
    let out = env.ok("sweep");
    assert!(out.contains("1 foreign lock"), "{out}");
    assert!(!out.contains("rewrote"), "{out}");
}

#[test]
fn drifted_indexes_and_sold_locks_are_repaired() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("reserve --showtime 24 --user 8 B1");
    env.ok("confirm --showtime 24 --user 8 --payment-id p8");
    set_px(&env, "seat_lock:24:B1", "8", 60_000); // sold but locked
    set_px(&env, "reserved_seats_24", "not json", 60_000);
    redis::cmd("SET")
        .arg("available_seats_24")
        .arg(r#"["A1","Z9"]"#)
        .query::<()>(&mut env.con())
        .unwrap();
    let out = env.ok("sweep");
    assert!(out.contains("rebuilt"), "{out}");
    assert!(out.contains("removed 1 lock on sold seats"), "{out}");
    assert_eq!(env.get("reserved_seats_24").as_deref(), Some(r#"["A1"]"#));
    assert_eq!(env.get("seat_lock:24:B1"), None);
    let avail = strs(&serde_json::from_str(&env.get("available_seats_24").unwrap()).unwrap());
    assert_eq!(avail.len(), 118);
    assert!(env.pttl("available_seats_24") > 0);
    env.ok("inspect 24 --check");
}

#[test]
fn locks_without_expiry_are_reported_and_fail_strict() {
    let env = Env::demo();
    redis::cmd("SET")
        .arg("seat_lock:24:E5")
        .arg("42")
        .query::<()>(&mut env.con())
        .unwrap();
    let out = env.ok("sweep");
    assert!(out.contains("without expiry"), "{out}");
    // No booking and no reservation key behind it: a foreign lock, left alone.
    assert!(out.contains("1 foreign lock"), "{out}");
    env.fails(6, "sweep --strict");
    assert_eq!(env.get("seat_lock:24:E5").as_deref(), Some("42"));
    let quiet = env.run("sweep -q");
    assert!(quiet.stdout.is_empty());
}

/// The one place the hold setting reaches the sweep: an index key it rebuilds over locks that
/// all lack an expiry lives for the hold length (as reserve's keys do), not a fixed 10 minutes.
#[test]
fn an_index_over_locks_without_expiry_lives_for_the_hold_setting() {
    let env = Env::demo();
    redis::cmd("SET")
        .arg("seat_lock:24:E5")
        .arg("42")
        .query::<()>(&mut env.con())
        .unwrap();
    let sweep = |hold: Option<&str>| {
        redis::cmd("DEL")
            .arg("reserved_seats_24")
            .query::<()>(&mut env.con())
            .unwrap();
        let mut c = env.cmd();
        if let Some(h) = hold {
            c.env("BOXOFFICE_HOLD", h);
        }
        assert!(c.arg("sweep").output().unwrap().status.success());
        assert_eq!(env.get("reserved_seats_24").as_deref(), Some(r#"["E5"]"#));
        env.pttl("reserved_seats_24")
    };
    let ttl = sweep(None);
    assert!(
        (590_000..=600_000).contains(&ttl),
        "default hold: ttl {ttl}"
    );
    let ttl = sweep(Some("3m"));
    assert!((170_000..=180_000).contains(&ttl), "3m hold: ttl {ttl}");
}

#[test]
fn redis_down_is_exit_5_and_sqlite_is_untouched() {
    let mut env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 --hold 1s");
    std::thread::sleep(Duration::from_millis(1100));
    env.redis.stop();
    let before = env.db_state();
    let err = env.json_err(5, "sweep");
    assert_eq!(err["service"], "redis");
    env.fails(5, "sweep");
    assert_eq!(env.db_state(), before);
}

/// A hand-written lock that names a customer with a hold is not adopted into that hold: the
/// reservation key keeps listing the booking's seats only (it used to list H1 as well), and the
/// sweep does not rewrite the key every round to say so.
#[test]
fn a_hand_written_lock_in_a_customers_name_is_not_added_to_their_hold() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let key = "seat_reservation_24_7";
    let before = env.get(key).unwrap();
    set_px(&env, "seat_lock:24:H1", "7", 600_000);
    for _ in 0..2 {
        let s = env.json("sweep");
        assert_eq!(s["orphan_locks"], 1, "{s}");
        assert_eq!(s["reservations_repaired"], 0, "{s}");
        assert_eq!(env.get(key).as_deref(), Some(before.as_str()));
    }
}

/// Issue 11, item 12: `--json` has the counts; `details` only with `-v`.
#[test]
fn json_has_details_only_with_verbose() {
    let env = Env::demo();
    let s = env.json("sweep");
    assert!(s.get("details").is_none(), "{s}");
    assert_eq!(s["skipped"], false);
    let s = env.json("sweep -v");
    assert!(s["details"].is_array(), "{s}");
}
