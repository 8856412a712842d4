//! Issue 13: `move`. A booking's seats swapped for free ones, on its showtime or another, all
//! pairs or none, a hold keeping its expiry and a sale its payment; every refusal leaves Redis
//! and SQLite exactly as they were. `faults` kills the command between its steps; `contention`
//! races moves against reserves.

mod across;
mod cache;
mod contention;
mod faults;
mod prices;
mod refusals;

use serde_json::Value;

use crate::checks;
use crate::harness::{Env, strs};

/// Reserves and returns the booking id.
fn reserve(env: &Env, args: &str) -> i64 {
    env.json(&format!("reserve {args}"))["booking_id"]
        .as_i64()
        .unwrap()
}

fn pexpiretime(env: &Env, key: &str) -> i64 {
    redis::cmd("PEXPIRETIME")
        .arg(key)
        .query(&mut env.con())
        .unwrap()
}

/// (hold_started_at_ms, expires_at_ms, status, showtime_id, payment_id) of a booking.
fn booking_row(env: &Env, id: i64) -> (i64, i64, String, i64, Option<String>) {
    env.sqlite()
        .query_row(
            "SELECT hold_started_at_ms, expires_at_ms, status, showtime_id, payment_id
               FROM bookings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap()
}

/// The booking's seat rows: (showtime, seat, live).
fn seat_rows(env: &Env, id: i64) -> Vec<(i64, String, Option<i64>)> {
    let db = env.sqlite();
    let mut s = db
        .prepare(
            "SELECT showtime_id, seat_id, live FROM booking_seats WHERE booking_id = ?1
              ORDER BY showtime_id, seat_id",
        )
        .unwrap();
    s.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn array(env: &Env, key: &str) -> Vec<String> {
    serde_json::from_str(&env.get(key).unwrap_or_else(|| panic!("{key} missing"))).unwrap()
}

fn reservation(env: &Env, key: &str) -> (Vec<String>, f64) {
    let v: Value = serde_json::from_str(&env.get(key).expect("reservation key")).unwrap();
    (strs(&v["seat_ids"]), v["reserved_at"].as_f64().unwrap())
}

/// The `move` audit rows of a booking: (showtime, seats, detail).
fn move_audits(env: &Env, id: i64) -> Vec<(i64, Value, Value, String)> {
    let db = env.sqlite();
    let mut s = db
        .prepare(
            "SELECT showtime_id, seats, detail, operator FROM audit
              WHERE booking_id = ?1 AND action = 'move' ORDER BY id",
        )
        .unwrap();
    s.query_map([id], |r| {
        let seats: String = r.get(1)?;
        let detail: String = r.get(2)?;
        Ok((
            r.get(0)?,
            serde_json::from_str(&seats).unwrap(),
            serde_json::from_str(&detail).unwrap(),
            r.get(3)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn clean(env: &Env, showtime: i64) {
    env.ok(&format!("inspect {showtime} --check"));
    checks::invariants(env, showtime).unwrap();
}

/// The history `inspect --seat` shows for a seat: its actions, newest first.
fn seat_history(env: &Env, showtime: i64, seat: &str) -> Vec<String> {
    env.json(&format!("inspect {showtime} --seat {seat}"))["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_hold_moves_within_its_showtime_keeping_its_expiry_and_start() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    env.ok("sweep"); // builds the free-seat cache
    let (started, expires, ..) = booking_row(&env, id);
    let (_, reserved_at) = reservation(&env, "seat_reservation_24_7");

    let m = env.json(&format!("move --booking {id} B2=F5 B3=F6"));
    assert_eq!(m["booking_id"], id);
    assert_eq!(
        (m["showtime_id"].as_i64(), m["from_showtime_id"].as_i64()),
        (Some(24), Some(24))
    );
    assert_eq!(m["status"], "PENDING");
    assert_eq!(
        m["pairs"],
        serde_json::json!([{"from":"B2","to":"F5"},{"from":"B3","to":"F6"}])
    );
    assert_eq!(strs(&m["seats"]), ["F5", "F6"]);

    // Redis: the new seats are the hold's, to the millisecond; the old ones are free again.
    assert_eq!(env.locks(), ["seat_lock:24:F5", "seat_lock:24:F6"]);
    assert_eq!(env.get("seat_lock:24:F5").as_deref(), Some("7"));
    assert_eq!(pexpiretime(&env, "seat_lock:24:F5"), expires);
    assert_eq!(pexpiretime(&env, "seat_lock:24:F6"), expires);
    assert_eq!(
        reservation(&env, "seat_reservation_24_7"),
        (vec!["F5".into(), "F6".into()], reserved_at)
    );
    assert_eq!(pexpiretime(&env, "seat_reservation_24_7"), expires);
    let mut held = array(&env, "reserved_seats_24");
    held.sort();
    assert_eq!(held, ["F5", "F6"]);
    let free = array(&env, "available_seats_24");
    assert!(free.contains(&"B2".into()) && free.contains(&"B3".into()));
    assert!(!free.contains(&"F5".into()) && !free.contains(&"F6".into()));

    // SQLite: same booking, same hold, the old seats released, the new ones claimed.
    assert_eq!(
        booking_row(&env, id),
        (started, expires, "PENDING".into(), 24, None)
    );
    assert_eq!(
        seat_rows(&env, id),
        [
            (24, "B2".into(), None),
            (24, "B3".into(), None),
            (24, "F5".into(), Some(1)),
            (24, "F6".into(), Some(1))
        ]
    );
    let audits = move_audits(&env, id);
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].0, 24);
    assert_eq!(audits[0].1, serde_json::json!(["B2", "B3", "F5", "F6"]));
    assert_eq!(audits[0].2["from"], serde_json::json!(["B2", "B3"]));
    assert_eq!(audits[0].2["to"], serde_json::json!(["F5", "F6"]));
    assert_eq!(audits[0].3, "tester");
    assert_eq!(seat_history(&env, 24, "B2")[0], "move");
    assert_eq!(seat_history(&env, 24, "F6")[0], "move");
    clean(&env, 24);

    // The old seats are on sale; the new ones are the holder's, who can pay for them.
    env.ok("reserve --showtime 24 --user 8 B2");
    env.fails(3, "reserve --showtime 24 --user 8 F5");
    let c = env.json(&format!("confirm --booking {id} --payment-id pay_1"));
    assert_eq!(strs(&c["seats"]), ["F5", "F6"]);
    clean(&env, 24);
}

#[test]
fn a_sale_moves_within_its_showtime_keeping_its_payment() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    env.ok("reserve --showtime 24 --user 9 A1");
    env.ok("sweep");
    let before = booking_row(&env, id);

    let out = env.ok(&format!("move --booking {id} B3=F6 B2=F5"));
    assert_eq!(
        out.trim(),
        format!(
            "Moved booking {id} (user 7, CONFIRMED) on showtime 24: B3 → F6, B2 → F5. Its seats now: F5, F6."
        )
    );
    // No lock is left on a sold seat; the held index and the free-seat cache agree.
    assert_eq!(env.locks(), ["seat_lock:24:A1"]);
    assert_eq!(array(&env, "reserved_seats_24"), ["A1"]);
    let free = array(&env, "available_seats_24");
    assert!(free.contains(&"B2".into()) && free.contains(&"B3".into()));
    assert!(!free.contains(&"F5".into()) && !free.contains(&"F6".into()));
    assert_eq!(booking_row(&env, id), before, "same payment, same status");
    assert_eq!(before.4.as_deref(), Some("pay_1"));
    let live: Vec<String> = seat_rows(&env, id)
        .into_iter()
        .filter(|r| r.2 == Some(1))
        .map(|r| r.1)
        .collect();
    assert_eq!(live, ["F5", "F6"]);
    assert_eq!(move_audits(&env, id)[0].2["payment_id"], "pay_1");
    clean(&env, 24);
    env.ok("reserve --showtime 24 --user 8 B3");
    let err = env.json_err(3, "reserve --showtime 24 --user 8 F6");
    assert_eq!(err["taken"][0]["state"], "sold");
    // Paid again with the same payment: still the one booking, already confirmed.
    let c = env.json(&format!("confirm --booking {id} --payment-id pay_1"));
    assert_eq!(c["already_confirmed"], true);
    assert_eq!(strs(&c["seats"]), ["F5", "F6"]);
}

#[test]
fn some_seats_of_a_booking_move_and_the_rest_stay() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3 B4");
    let m = env.json(&format!("move --booking {id} B3=C3"));
    assert_eq!(strs(&m["seats"]), ["B2", "B4", "C3"]);
    let (seats, _) = reservation(&env, "seat_reservation_24_7");
    assert_eq!(seats, ["B2", "B4", "C3"]);
    assert_eq!(
        env.locks(),
        ["seat_lock:24:B2", "seat_lock:24:B4", "seat_lock:24:C3"]
    );
    // Moving back onto a seat released from this booking earlier takes it again.
    let m = env.json(&format!("move --booking {id} C3=B3"));
    assert_eq!(strs(&m["seats"]), ["B2", "B3", "B4"]);
    clean(&env, 24);
}
