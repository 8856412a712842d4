//! Prices: a booking's amount and currency (the sum of its seats' prices, in its showtime's
//! currency) recorded at reserve and kept right by every change of its seats; refunds owing the
//! refunded seats' prices; and every display saying it only for a booking that has a price, so
//! a rectangular showtime's outputs are as they always were.
//!
//! Until `hall add` lands, the priced showtime is the demo's 24 priced by hand with SQL: row C
//! `premium` at INR 400.00, every other seat `standard` at INR 250.00.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Env, strs};

/// The demo world with showtime 24 priced: C seats 40000 paise, the others 25000.
fn priced() -> Env {
    let env = Env::demo();
    price(&env, 24, "INR");
    env
}

/// Prices `showtime` in `currency`: row C premium at 40000 minor units, the rest at 25000.
fn price(env: &Env, showtime: i64, currency: &str) {
    env.sqlite()
        .execute_batch(&format!(
            "UPDATE seats SET price_minor = CASE WHEN row_label = 'C' THEN 40000 ELSE 25000 END,
                              category = CASE WHEN row_label = 'C' THEN 'premium' ELSE 'standard' END
              WHERE showtime_id = {showtime};
             UPDATE showtimes SET currency = '{currency}' WHERE id = {showtime};"
        ))
        .unwrap();
}

/// The booking's `(amount_minor, currency)` row.
fn amount(env: &Env, id: i64) -> (Option<i64>, Option<String>) {
    env.sqlite()
        .query_row(
            "SELECT amount_minor, currency FROM bookings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn inr(minor: i64) -> (Option<i64>, Option<String>) {
    (Some(minor), Some("INR".into()))
}

fn cancel(env: &Env, id: i64, seats: &str) -> Value {
    let id = id.to_string();
    let mut a = vec!["cancel", "--booking", &id];
    for s in seats.split_whitespace() {
        a.extend(["--seat", s]);
    }
    a.extend(["--reason", "returned", "--yes"]);
    env.json(&a)
}

#[test]
fn a_hold_records_its_amount_and_reserve_says_it() {
    let env = priced();
    let r = env.json("reserve --showtime 24 --user 7 A1 C1");
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(
        (r["amount"].clone(), r["currency"].clone()),
        (json!(65000), json!("INR"))
    );
    assert_eq!(amount(&env, id), inr(65000));
    let out = env.ok("reserve --showtime 24 --user 8 B1 B2");
    assert!(out.contains(" to pay INR 500.00.\n"), "{out}");
    assert!(
        out.starts_with("Held B1, B2 on showtime 24 for user 8 (booking 2) until "),
        "{out}"
    );
}

#[test]
fn every_change_of_a_hold_s_seats_prices_it_again() {
    let env = priced();
    let id = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    assert_eq!(amount(&env, id), inr(25000));
    // Seats added: the same booking, the sum of all of them.
    let r = env.json("reserve --showtime 24 --user 7 C1 C2");
    assert_eq!(r["booking_id"], id);
    assert_eq!(r["amount"], 105000);
    assert_eq!(amount(&env, id), inr(105000));
    // Some released.
    env.ok("release --showtime 24 --user 7 --seat C2");
    assert_eq!(amount(&env, id), inr(65000));
    // A cheaper seat moved to a pricier one, within the showtime.
    env.ok(&format!("move --booking {id} A1=C5"));
    assert_eq!(amount(&env, id), inr(80000));
    // All released: the booking ends with the amount it had.
    env.ok("release --showtime 24 --user 7");
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert_eq!(amount(&env, id), inr(80000));
}

#[test]
fn a_hold_that_runs_out_and_one_that_starts_again_are_each_priced() {
    let env = priced();
    let old = env.json("reserve --showtime 24 --user 7 C1 C2 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    // The hold ran out: the new one is a new booking with only its own seats.
    let r = env.json("reserve --showtime 24 --user 7 A1");
    let new = r["booking_id"].as_i64().unwrap();
    assert_ne!(new, old);
    assert_eq!(r["amount"], 25000);
    assert_eq!(env.booking_status(old), "EXPIRED");
    assert_eq!(amount(&env, old), inr(80000));
    assert_eq!(amount(&env, new), inr(25000));
    // The sweep's expiry leaves an amount as it was.
    let swept = env.json("reserve --showtime 24 --user 9 D1 D2 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("sweep");
    assert_eq!(env.booking_status(swept), "EXPIRED");
    assert_eq!(amount(&env, swept), inr(50000));
}

#[test]
fn a_sale_s_partial_cancel_refunds_the_seats_prices_and_reprices_the_rest() {
    let env = priced();
    let id = env.json("reserve --showtime 24 --user 7 B1 C1 C2")["booking_id"]
        .as_i64()
        .unwrap();
    let c = env.json(&format!("confirm --booking {id} --payment-id pay_1"));
    assert_eq!(
        (c["amount"].clone(), c["currency"].clone()),
        (json!(105000), json!("INR"))
    );
    let out = env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    assert!(
        out.contains("on showtime 24 for user 7, INR 1050.00, payment pay_1."),
        "{out}"
    );

    let out = env.ok(&[
        "cancel",
        "--booking",
        &id.to_string(),
        "--seat",
        "C1",
        "--seat",
        "B1",
        "--reason",
        "returned",
        "--yes",
    ]);
    assert!(
        out.contains(" Refund 1 owed: payment pay_1, 2 seats, INR 650.00."),
        "{out}"
    );
    let c = env.json("refunds")["refunds"][0].clone();
    let c = json!({ "refund": c });
    assert_eq!(c["refund"]["amount_cents"], 65000);
    assert_eq!(c["refund"]["currency"], "INR");
    assert_eq!(amount(&env, id), inr(40000));
    // The rest, whole: refunded at its price, and the booking keeps its last amount.
    let c = cancel(&env, id, "C2");
    assert_eq!(c["refund"]["amount_cents"], 40000);
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert_eq!(amount(&env, id), inr(40000));
    let rows: Vec<(i64, String)> = {
        let db = env.sqlite();
        let mut s = db
            .prepare("SELECT amount_cents, seats FROM refunds ORDER BY id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        rows,
        [
            (65000, r#"["C1","B1"]"#.into()),
            (40000, r#"["C2"]"#.into())
        ]
    );

    // The refunds list: formatted in the table, minor units in CSV and JSON.
    let table = env.ok("refunds");
    assert!(table.contains("AMOUNT"), "{table}");
    assert!(
        table.contains("INR 650.00") && table.contains("INR 400.00"),
        "{table}"
    );
    let csv = env.ok("refunds --csv");
    assert!(
        csv.lines().nth(1).unwrap().contains(",65000,INR,cancel,"),
        "{csv}"
    );
    let list = env.json("refunds");
    assert_eq!(list["refunds"][1]["amount_cents"], 40000);
    assert_eq!(list["refunds"][1]["currency"], "INR");
}

#[test]
fn a_cancelled_screening_refunds_each_sale_at_its_price() {
    let env = priced();
    let id = env.json("reserve --showtime 24 --user 7 A1 C1")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    env.ok(&["showtime", "cancel", "24", "--reason", "projector", "--yes"]);
    let list = env.json("refunds");
    let r = &list["refunds"][0];
    assert_eq!(
        (r["source"].clone(), r["amount_cents"].clone()),
        (json!("showtime_cancelled"), json!(65000))
    );
    assert_eq!(r["currency"], "INR");
}

#[test]
fn a_refused_late_payment_is_owed_the_booking_s_amount() {
    let env = priced();
    let late = env.json("reserve --showtime 24 --user 8 B1 C2 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("reserve --showtime 24 --user 9 C2");
    env.json_err(
        3,
        &format!("confirm --booking {late} --payment-id pay_late"),
    );
    let list = env.json("refunds");
    let r = &list["refunds"][0];
    assert_eq!(r["source"], "late_payment");
    assert_eq!(
        (r["amount_cents"].clone(), r["currency"].clone()),
        (json!(65000), json!("INR"))
    );
}

/// A hold moved to another showtime takes its prices and currency (a sale may not: its money
/// would change; `moves/prices.rs`).
#[test]
fn a_move_to_another_showtime_takes_its_prices_and_currency() {
    let env = priced();
    env.ok("showtime add --movie Heat --starts 2099-12-02T20:00:00Z --rows A-F --seats-per-row 8 --id 25");
    env.ok("showtime add --movie Heat --starts 2099-12-03T20:00:00Z --rows A-F --seats-per-row 8 --id 26");
    price(&env, 26, "JPY");
    let id = env.json("reserve --showtime 24 --user 7 A1 B1 C1")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok("release --showtime 24 --user 7 --seat B1");
    // To a rectangular showtime: no price any more.
    env.ok(&format!("move --booking {id} A1=A1 C1=A2 --to-showtime 25"));
    assert_eq!(amount(&env, id), (None, None));
    // On, to a showtime priced in yen (no minor unit): its prices and its currency.
    env.ok(&format!("move --booking {id} A1=C3 A2=C4 --to-showtime 26"));
    assert_eq!(amount(&env, id), (Some(80000), Some("JPY".into())));
    let b = env.json("bookings --showtime 26");
    assert_eq!(
        (b[0]["amount"].clone(), b[0]["currency"].clone()),
        (json!(80000), json!("JPY"))
    );
    let table = env.ok("bookings");
    assert!(
        table.contains("AMOUNT") && table.contains("JPY 80000"),
        "{table}"
    );
    // A sale's refund stays in the currency it was paid in, wherever the sale goes after.
    let sale = env.json("reserve --showtime 24 --user 8 A5 B5")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok(&format!("confirm --booking {sale} --payment-id pay_8"));
    cancel(&env, sale, "B5");
    env.ok("showtime add --movie Heat --starts 2099-12-04T20:00:00Z --rows A-F --seats-per-row 8 --id 27");
    price(&env, 27, "INR");
    env.ok(&format!("move --booking {sale} A5=D5 --to-showtime 27"));
    assert_eq!(amount(&env, sale), inr(25000));
    env.fails(3, &format!("move --booking {sale} D5=D5 --to-showtime 26"));
    let r = &env.json("refunds")["refunds"][0];
    assert_eq!(
        (r["amount_cents"].clone(), r["currency"].clone()),
        (json!(25000), json!("INR"))
    );
    assert!(env.ok("refunds").contains("INR 250.00"));
}

/// A seat without a price in a priced showtime makes the booking's amount unknown, not free.
#[test]
fn a_seat_without_a_price_leaves_the_booking_without_one() {
    let env = priced();
    env.sqlite()
        .execute(
            "UPDATE seats SET price_minor = NULL WHERE showtime_id = 24 AND seat_id = 'A2'",
            [],
        )
        .unwrap();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(
        (r["amount"].clone(), r["currency"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(amount(&env, id), (None, None));
    // The unpriced seat released: the rest has a price again.
    env.ok("release --showtime 24 --user 7 --seat A2");
    assert_eq!(amount(&env, id), inr(25000));
}

#[test]
fn inspect_shows_a_priced_booking_s_amount() {
    let env = priced();
    env.ok("reserve --showtime 24 --user 7 A1 C1");
    let out = env.ok("inspect 24 --seat C1");
    assert!(out.contains(", seats A1 C1, INR 650.00, expires "), "{out}");
    let j = env.json("inspect 24 --seat C1");
    assert_eq!(
        (
            j["booking"]["amount"].clone(),
            j["booking"]["currency"].clone()
        ),
        (json!(65000), json!("INR"))
    );
    let out = env.ok("inspect 24 --user 7");
    assert!(out.contains(", seats A1 C1, INR 650.00, expires "), "{out}");
}

/// A rectangular showtime has no prices: amounts are null, and no text names one.
#[test]
fn a_rectangular_showtime_s_outputs_name_no_price() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(
        (r["amount"].clone(), r["currency"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(amount(&env, id), (None, None));
    let out = env.ok("reserve --showtime 24 --user 8 B1");
    assert!(out.trim_end().ends_with(" — 10m to pay."), "{out}");
    let c = env.json(&format!("confirm --booking {id} --payment-id pay_1"));
    assert_eq!(c["amount"], Value::Null);
    let out = env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    assert!(out.contains("for user 7, payment pay_1."), "{out}");
    let c = cancel(&env, id, "A2");
    assert_eq!(
        (
            c["refund"]["amount_cents"].clone(),
            c["refund"]["currency"].clone()
        ),
        (Value::Null, Value::Null)
    );
    let table = env.ok("bookings");
    assert!(!table.contains("AMOUNT"), "{table}");
    assert!(env.ok("refunds").contains(" - "));
    let b = env.json("bookings");
    assert_eq!(
        (b[0]["amount"].clone(), b[0]["currency"].clone()),
        (Value::Null, Value::Null)
    );
    let out = env.ok("inspect 24 --seat B1");
    assert!(out.contains(", seats B1, expires "), "{out}");
    assert_eq!(
        strs(&env.json("inspect 24 --seat B1")["booking"]["seats"]),
        ["B1"]
    );
    assert_eq!(
        env.json("inspect 24 --seat B1")["booking"]["amount"],
        Value::Null
    );
}

/// A currency edited by hand into something that is not three letters (an escape sequence, say)
/// never reaches the terminal: the text shows `?`, `--json` the stored value exactly.
#[test]
fn a_hand_written_currency_is_shown_as_a_question_mark() {
    let env = priced();
    env.sqlite()
        .execute(
            "UPDATE showtimes SET currency = char(27) || '[31m' WHERE id = 24",
            [],
        )
        .unwrap();
    let out = env.ok("reserve --showtime 24 --user 7 A1");
    assert!(out.contains(" to pay ? 250.00."), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let b = env.json("bookings");
    assert_eq!(b[0]["currency"], "\u{1b}[31m");
    let out = env.ok("inspect 24 --seat A1");
    assert!(out.contains(", seats A1, ? 250.00, expires "), "{out}");
}
