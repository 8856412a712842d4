//! `confirm`: selling a hold, finding it by showtime and user, and confirming late (the seats
//! still free, or one taken meanwhile and a refund due).

use std::time::Duration;

use crate::harness::{Env, strs};

#[test]
fn confirm_sells_and_clears_the_hold() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].to_string();
    let c = env.json(&format!(
        "confirm --booking {id} --payment-id pay_29QQoUBi66xm2f"
    ));
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(c["payment_id"], "pay_29QQoUBi66xm2f");
    assert_eq!(c["late"], false);
    assert_eq!(strs(&c["seats"]), ["A1", "A2"]);
    assert!(env.keys().is_empty(), "keys left: {:?}", env.keys());
    assert_eq!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "CONFIRMED"
    );

    // Idempotent retry: same payment, nothing changes.
    let before = env.db_state();
    let again = env.json(&format!(
        "confirm --booking {id} --payment-id pay_29QQoUBi66xm2f"
    ));
    assert_eq!(again["status"], "CONFIRMED");
    assert_eq!(env.db_state(), before);

    // A different payment for a sold booking is a double charge.
    let err = env.json_err(3, &format!("confirm --booking {id} --payment-id pay_other"));
    assert_eq!(err["refund_required"], true);

    // Sold is final: nobody can hold those seats again, even after Redis forgets everything.
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    let err = env.json_err(3, "reserve --showtime 24 --user 8 A1");
    assert_eq!(err["taken"][0]["state"], "sold");
    assert!(env.keys().is_empty());
}

#[test]
fn confirm_by_showtime_and_user_only_confirms_the_holders_booking() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.fails(4, "confirm --showtime 24 --user 8 --payment-id pay_x");
    let c = env.json("confirm --showtime 24 --user 7 --payment-id pay_x");
    assert_eq!(c["status"], "CONFIRMED");
    // Retrying by holder after success is still fine.
    env.ok("confirm --showtime 24 --user 7 --payment-id pay_x");
    // One payment pays for one booking.
    env.ok("reserve --showtime 24 --user 9 B1");
    env.fails(3, "confirm --showtime 24 --user 9 --payment-id pay_x");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '9' AND status = 'PENDING'"),
        1
    );
}

#[test]
fn late_confirm_with_seats_still_free_books_them() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 --hold 1s");
    std::thread::sleep(Duration::from_millis(1200));
    let c = env.json("confirm --showtime 24 --user 7 --payment-id pay_late");
    assert_eq!(c["late"], true);
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "CONFIRMED"
    );
    let (out, _) = {
        let o = env.run("bookings --showtime 24");
        (String::from_utf8_lossy(&o.stdout).into_owned(), ())
    };
    assert!(out.contains("late"), "{out}");
}

#[test]
fn late_confirm_with_a_seat_taken_requires_a_refund() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 1s");
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("reserve --showtime 24 --user 8 A2");
    let id = r["booking_id"].to_string();
    let err = env.json_err(3, &format!("confirm --booking {id} --payment-id pay_late"));
    assert_eq!(err["refund_required"], true);
    assert_eq!(err["kind"], "conflict");
    assert!(err["message"].as_str().unwrap().contains("refund"));
    assert_ne!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "CONFIRMED"
    );
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("8"));
    let (_, stderr) = env.fails(3, &format!("confirm --booking {id} --payment-id pay_late"));
    assert!(stderr.contains("refunded"), "{stderr}");
}

/// A late payment refused because a seat's lock key is not a string names that seat `corrupt`,
/// as reserve's conflicts do, not `held` (issue 12: the one behaviour fix of the holds split).
#[test]
fn late_confirm_refused_by_a_lock_that_is_not_a_string_calls_it_corrupt() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 1s");
    std::thread::sleep(Duration::from_millis(1200));
    redis::cmd("HSET")
        .arg(&["seat_lock:24:A2", "user", "8"])
        .query::<()>(&mut env.con())
        .unwrap();
    let id = r["booking_id"].to_string();
    let err = env.json_err(3, &format!("confirm --booking {id} --payment-id pay_late"));
    assert_eq!(err["refund_required"], true);
    assert_eq!(err["taken"][0]["seat"], "A2");
    assert_eq!(err["taken"][0]["state"], "corrupt", "{err}");
    assert!(err["taken"][0].get("user").is_none(), "{err}");
    let msg = err["message"].as_str().unwrap();
    assert!(msg.contains("A2 (corrupt)"), "{msg}");
    assert_ne!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "CONFIRMED"
    );
}

/// A hand-written lock value reaches the terminal escaped, in the late path as in reserve's.
#[test]
fn late_confirm_refused_by_a_hostile_lock_value_shows_it_escaped() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 1s");
    std::thread::sleep(Duration::from_millis(1200));
    redis::cmd("SET")
        .arg(&["seat_lock:24:A2", "\x1b[2Jevil"])
        .query::<()>(&mut env.con())
        .unwrap();
    let id = r["booking_id"].to_string();
    let (_, out) = env.fails(3, &format!("confirm --booking {id} --payment-id pay_late"));
    assert!(
        !out.contains('\x1b'),
        "raw escape reached the terminal: {out:?}"
    );
    assert!(
        out.contains(r#"A2 (held by user "\u{1b}[2Jevil")"#),
        "{out}"
    );
    let err = env.json_err(3, &format!("confirm --booking {id} --payment-id pay_late"));
    assert_eq!(err["taken"][0]["user"], r#""\u{1b}[2Jevil""#, "{err}");
}
