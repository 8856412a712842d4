//! `showtime cancel`: a screening called off releases every hold, cancels every sale and owes
//! it back, and stops sales for good (reserve, move, block refuse it, and so does the schema);
//! a repeat changes nothing; a payment that arrives afterwards is refused and owed back once;
//! bad input and a missing confirmation change nothing.

use serde_json::Value;

use crate::cancel::{available, plant_cache};
use crate::checks;
use crate::harness::{Env, strs};

const REASON: &str = "projector failure";

/// Showtime 24 with a sale (user 7: A1, A2, pay_1), a hold (user 8: B1), a block (F7) and the
/// free-seat cache; the sale's booking id and the hold's.
fn busy(env: &Env) -> (i64, i64) {
    let sale = env.json("reserve --showtime 24 --user 7 A1 A2")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok(&format!("confirm --booking {sale} --payment-id pay_1"));
    let hold = env.json("reserve --showtime 24 --user 8 B1")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok("block --showtime 24 F7 --reason broken");
    plant_cache(env, &["A1", "A2", "B1", "F7"]);
    (sale, hold)
}

fn cancel_args(showtime: &str) -> Vec<String> {
    ["showtime", "cancel", showtime, "--reason", REASON, "--yes"]
        .map(String::from)
        .to_vec()
}

fn cancel(env: &Env) -> Value {
    env.json(&cancel_args("24"))
}

#[test]
fn a_cancelled_screening_releases_its_holds_and_owes_its_sales_back() {
    let env = Env::demo();
    let (sale, hold) = busy(&env);

    let c = cancel(&env);
    assert_eq!(c["showtime_id"], 24);
    assert_eq!(c["already_done"], false);
    assert_eq!(c["cancelled"]["reason"], REASON);
    assert_eq!(c["cancelled"]["operator"], "tester");
    let b = c["bookings"].as_array().unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(
        (
            b[0]["booking_id"].as_i64(),
            b[0]["previous_status"].as_str()
        ),
        (Some(sale), Some("CONFIRMED"))
    );
    assert_eq!(strs(&b[0]["seats"]), ["A1", "A2"]);
    let refund = &b[0]["refund"];
    assert_eq!(refund["source"], "showtime_cancelled");
    assert_eq!(refund["payment_id"], "pay_1");
    assert_eq!(strs(&refund["seats"]), ["A1", "A2"]);
    assert_eq!(refund["reason"], REASON);
    assert_eq!(
        (
            b[1]["booking_id"].as_i64(),
            b[1]["previous_status"].as_str()
        ),
        (Some(hold), Some("PENDING"))
    );
    assert_eq!(b[1]["refund"], Value::Null);

    // SQLite: both bookings ended, the sale owed back seat by seat, the showtime marked, audited.
    assert_eq!(env.booking_status(sale), "CANCELLED");
    assert_eq!(env.booking_status(hold), "CANCELLED");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE live = 1"),
        0
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE source = 'showtime_cancelled' AND booking_id = 1 AND refund_id IS NULL"),
        1
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM refund_seats"), 2);
    let (reason, by): (String, String) = env
        .sqlite()
        .query_row(
            "SELECT cancel_reason, cancelled_by FROM showtimes WHERE id = 24 AND cancelled_at_ms IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((reason.as_str(), by.as_str()), (REASON, "tester"));
    let detail: String = env
        .sqlite()
        .query_row(
            "SELECT detail FROM audit WHERE action = 'showtime_cancel' AND showtime_id = 24 AND forced = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["reason"], REASON);
    assert_eq!(
        (
            detail["holds_released"].as_i64(),
            detail["sales_cancelled"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'cancel' AND json_extract(detail, '$.source') = 'showtime_cancelled'"),
        2
    );

    // Redis: no lock, no reservation key, no held-seats index; the cache lists nothing, for an hour.
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert_eq!(env.get("seat_reservation_24_8"), None);
    assert_eq!(env.get("reserved_seats_24"), None);
    assert!(available(&env).is_empty());
    assert!(env.pttl("available_seats_24") > 3_500_000);
    env.ok("inspect 24 --check");
    checks::invariants(&env, 24).unwrap();
}

#[test]
fn nothing_is_sold_moved_onto_or_blocked_on_a_cancelled_screening() {
    let env = Env::demo();
    env.ok("showtime add --id 25 --movie Dune --starts 2099-01-01T20:00:00Z --rows A-B --seats-per-row 4");
    let other = env.json("reserve --showtime 25 --user 9 A1")["booking_id"]
        .as_i64()
        .unwrap();
    cancel(&env);
    let before = (env.db_state(), env.redis_state());

    let (_, err) = env.fails(3, "reserve --showtime 24 --user 10 D1");
    assert!(
        err.contains(
            "the screening of showtime 24 is cancelled (projector failure); nothing was reserved"
        ),
        "{err}"
    );
    let j = env.json_err(3, "reserve --showtime 24 --user 10 D1");
    assert_eq!(j["kind"], "conflict");
    let (_, err) = env.fails(
        3,
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "10",
            "D1",
            "--force",
            "--yes",
        ][..],
    );
    assert!(err.contains("is cancelled"), "{err}");
    let (_, err) = env.fails(3, &format!("move --booking {other} A1=D1 --to-showtime 24"));
    assert!(
        err.contains("is cancelled (projector failure); nothing was moved"),
        "{err}"
    );
    let (_, err) = env.fails(3, "block --showtime 24 G1 --reason house");
    assert!(err.contains("nothing was blocked"), "{err}");
    env.fails(3, "unblock --showtime 24 G1");
    assert_eq!((env.db_state(), env.redis_state()), before);
    // The other screening sells as before.
    env.ok("reserve --showtime 25 --user 10 B1");
}

#[test]
fn the_database_itself_refuses_a_claim_on_a_cancelled_screening_and_keeps_it_cancelled() {
    let env = Env::demo();
    let id = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    // Not while a claim is live...
    let err = env
        .sqlite()
        .execute("UPDATE showtimes SET cancelled_at_ms = 1, cancel_reason = 'x', cancelled_by = 'y' WHERE id = 24", [])
        .unwrap_err();
    assert!(err.to_string().contains("still has live claims"), "{err}");
    cancel(&env);
    let c = env.sqlite();
    // ... no new claim, no claim coming back ...
    let err = c
        .execute("INSERT INTO bookings (showtime_id, user_id, status, created_at_ms, hold_started_at_ms, expires_at_ms, updated_at_ms) VALUES (24, '9', 'PENDING', 0, 0, 9e15, 0)", [])
        .and_then(|_| c.execute("INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live) VALUES (last_insert_rowid(), 24, 'C1', 1)", []))
        .unwrap_err();
    assert!(
        err.to_string().contains("the screening is cancelled"),
        "{err}"
    );
    let err = c
        .execute(
            "UPDATE booking_seats SET live = 1 WHERE booking_id = ?1",
            [id],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("the screening is cancelled"),
        "{err}"
    );
    // ... and no un-cancelling.
    let err = c
        .execute("UPDATE showtimes SET cancelled_at_ms = NULL, cancel_reason = NULL, cancelled_by = NULL WHERE id = 24", [])
        .unwrap_err();
    assert!(err.to_string().contains("stays cancelled"), "{err}");
}

#[test]
fn a_second_cancel_changes_nothing_and_owes_nothing_more() {
    let env = Env::demo();
    busy(&env);
    cancel(&env);
    let before = (env.db_state(), env.redis_state());
    let again = cancel(&env);
    assert_eq!(again["already_done"], true);
    assert_eq!(again["bookings"], serde_json::json!([]));
    assert_eq!(again["cancelled"]["reason"], REASON);
    assert_eq!((env.db_state(), env.redis_state()), before);
    // Even with another reason: the first one stands.
    let mut other = cancel_args("24");
    other[4] = "something else".into();
    let out = env.ok(&other);
    assert!(
        out.contains("was cancelled already") && out.contains(REASON),
        "{out}"
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 1);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'showtime_cancel'"),
        1
    );
}

#[test]
fn without_a_terminal_or_yes_and_with_bad_input_nothing_changes() {
    let env = Env::demo();
    busy(&env);
    let before = (env.db_state(), env.redis_state());
    let (_, err) = env.fails(2, &["showtime", "cancel", "24", "--reason", REASON][..]);
    assert!(err.contains("needs confirmation: pass --yes"), "{err}");
    assert!(
        err.contains("release 1 hold (1 seat) and refund 1 sale (2 seats)"),
        "{err}"
    );
    env.fails(
        2,
        &["showtime", "cancel", "24", "--reason", "  ", "--yes"][..],
    );
    env.fails(2, &["showtime", "cancel", "24", "--yes"][..]);
    env.fails(
        2,
        &["showtime", "cancel", "0", "--reason", REASON, "--yes"][..],
    );
    let (_, err) = env.fails(4, &cancel_args("99"));
    assert!(err.contains("showtime 99 does not exist"), "{err}");
    assert_eq!((env.db_state(), env.redis_state()), before);
}

#[test]
fn a_payment_for_a_hold_the_cancel_released_is_refused_and_owed_back_once() {
    let env = Env::demo();
    let (_, hold) = busy(&env);
    cancel(&env);
    let e = env.json_err(3, "confirm --showtime 24 --user 8 --payment-id pay_8");
    assert_eq!(e["refund_required"], true);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("the screening of showtime 24 is cancelled"),
        "{e}"
    );
    env.fails(3, &format!("confirm --booking {hold} --payment-id pay_8"));
    assert_eq!(
        env.count(&format!("SELECT COUNT(*) FROM refunds WHERE payment_id = 'pay_8' AND source = 'late_payment' AND booking_id = {hold}")),
        1
    );
    assert_eq!(env.booking_status(hold), "CANCELLED");
    // The sale's own payment again: refused, and owed only by the cancel's refund.
    env.fails(3, "confirm --booking 1 --payment-id pay_1");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE payment_id = 'pay_1'"),
        1
    );
    let listed = env.json("refunds");
    assert_eq!(listed["refunds"].as_array().unwrap().len(), 2, "{listed}");
    checks::invariants(&env, 24).unwrap();
}

#[test]
fn a_late_payment_for_an_expired_hold_on_a_cancelled_screening_is_refused_and_owed() {
    let env = Env::demo();
    let id = env.json("reserve --showtime 24 --user 9 C1 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1_300));
    env.ok("sweep");
    assert_eq!(env.booking_status(id), "EXPIRED");
    cancel(&env);
    let e = env.json_err(3, "confirm --showtime 24 --user 9 --payment-id pay_9");
    assert_eq!(e["refund_required"], true);
    assert_eq!(env.booking_status(id), "EXPIRED");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE live = 1"),
        0
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE payment_id = 'pay_9'"),
        1
    );
}

#[test]
fn showtime_list_and_inspect_show_a_cancelled_screening() {
    let env = Env::demo();
    let plain = env.ok("showtime list");
    assert!(!plain.contains("STATUS"), "{plain}");
    cancel(&env);
    let list = env.ok("showtime list");
    assert!(
        list.contains("STATUS") && list.contains("cancelled: projector failure"),
        "{list}"
    );
    let j = env.json("showtime list");
    assert_eq!(j[0]["cancelled"]["reason"], REASON);
    let text = env.ok("inspect 24");
    assert!(
        text.contains("CANCELLED at ") && text.contains("projector failure — nothing is on sale"),
        "{text}"
    );
    assert_eq!(env.json("inspect 24")["cancelled"]["operator"], "tester");
    // Every seat's history shows the screening's cancel, with its reason and operator.
    let seat = env.json("inspect 24 --seat E5");
    let ev = &seat["audit"][0];
    assert_eq!(
        (ev["action"].as_str(), ev["operator"].as_str()),
        (Some("showtime_cancel"), Some("tester"))
    );
    assert_eq!(ev["detail"]["reason"], REASON);
    assert!(env.ok("inspect 24 --seat E5").contains("showtime_cancel"));
}

#[test]
fn the_text_output_lists_each_booking_it_ended() {
    let env = Env::demo();
    busy(&env);
    let out = env.ok(&cancel_args("24")[..]);
    assert!(out.starts_with("Cancelled showtime 24 (Avengers): projector failure. Sales are stopped; 1 hold released, 1 sale cancelled and owed back"), "{out}");
    assert!(
        out.contains("| 1       | 7    | sold | A1, A2 | 1      | pay_1   |"),
        "{out}"
    );
    assert!(out.contains("| 2       | 8    | held | B1     |"), "{out}");
}
