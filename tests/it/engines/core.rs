//! Reserve, confirm, release, extend, sweep, inspect and the fence, on both engines.

use crate::harness::{Engine, Env};
use crate::on_both;

on_both!(
    a_hold_is_recorded_and_confirmed,
    a_release_frees_the_seat_for_the_next_customer,
    the_database_refuses_a_second_claim_on_a_seat_whatever_redis_says,
    sweep_expires_an_overdue_hold_and_frees_its_seats,
    inspect_and_status_read_the_database,
);

fn a_hold_is_recorded_and_confirmed(engine: Engine) {
    let env = Env::demo_on(engine);
    let v = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = v["booking_id"].as_i64().expect("booking id");
    assert_eq!(env.booking_status(id), "PENDING");
    assert_eq!(
        env.rows(&format!(
            "SELECT seat_id, live FROM booking_seats WHERE booking_id = {id} ORDER BY seat_id"
        )),
        [["A1", "1"], ["A2", "1"]]
    );
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert_eq!(
        env.rows(&format!("SELECT payment_id FROM bookings WHERE id = {id}")),
        [["pay_1"]]
    );
    // The audit names both events, and each seat (the trigger's rows).
    assert_eq!(
        env.rows(&format!(
            "SELECT action FROM audit WHERE booking_id = {id} ORDER BY id"
        )),
        [["reserve"], ["confirm"]]
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit_seats WHERE seat_id = 'A1'"),
        2
    );
}

fn a_release_frees_the_seat_for_the_next_customer(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1 A2")["booking_id"]
        .as_i64()
        .unwrap();
    env.fails(3, "reserve --showtime 24 --user 8 A2");
    env.ok(&format!("release --showtime 24 --user 7 --seat A2"));
    assert_eq!(
        env.rows(&format!(
            "SELECT seat_id, live FROM booking_seats WHERE booking_id = {id} ORDER BY seat_id"
        )),
        [["A1", "1"], ["A2", "NULL"]]
    );
    let other = env.json("reserve --showtime 24 --user 8 A2")["booking_id"]
        .as_i64()
        .unwrap();
    assert_ne!(other, id);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE seat_id = 'A2' AND live = 1"),
        1
    );
}

/// Redis forgets every hold (flushed), so only the database stands between a second customer
/// and a sold seat: its partial unique index refuses the claim, and the seat stays sold once.
fn the_database_refuses_a_second_claim_on_a_seat_whatever_redis_says(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    let _: () = redis::cmd("FLUSHALL").query(&mut env.con()).unwrap();
    let out = env.run("reserve --showtime 24 --user 8 A1");
    assert_ne!(out.status.code(), Some(0), "a sold seat was sold again");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE seat_id = 'A1' AND live = 1"),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'CONFIRMED'"),
        1
    );
}

fn sweep_expires_an_overdue_hold_and_frees_its_seats(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    env.ok("sweep");
    assert_eq!(env.booking_status(id), "EXPIRED");
    assert_eq!(
        env.rows(&format!("SELECT live FROM booking_seats WHERE booking_id = {id}")),
        [["NULL"]]
    );
    env.ok("reserve --showtime 24 --user 8 A1");
}

fn inspect_and_status_read_the_database(engine: Engine) {
    let env = Env::demo_on(engine);
    env.ok("reserve --showtime 24 --user 7 B3");
    let v = env.json("inspect 24");
    let text = v.to_string();
    assert!(text.contains("B3"), "{text}");
    let out = env.ok("showtime list");
    assert!(out.contains("Avengers"), "{out}");
}
