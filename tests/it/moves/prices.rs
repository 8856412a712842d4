//! Moving a sale to seats of another price, on a hall showtime (the README's Screen 1: row C
//! premium at INR 400.00, the rest INR 250.00). The money stays right: the same total moves as
//! it is, cheaper seats owe the difference back (once, a `move` refund), dearer seats or another
//! currency are refused with nothing changed anywhere. A hold is priced again freely.

use serde_json::{Value, json};

use super::*;
use crate::halls::{hall_world, write};

/// A sale of `seats` on showtime 31 for `user`, paid with `pay_USER`; its booking id.
fn sale(env: &Env, user: u32, seats: &str) -> i64 {
    let id = reserve(env, &format!("--showtime 31 --user {user} {seats}"));
    env.ok(&format!("confirm --booking {id} --payment-id pay_{user}"));
    id
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

/// Every refund row, for comparing before and after.
fn refunds(env: &Env) -> Vec<String> {
    let db = env.sqlite();
    let mut s = db
        .prepare("SELECT id, booking_id, seats, amount_cents, source FROM refunds ORDER BY id")
        .unwrap();
    s.query_map([], |r| {
        Ok(format!(
            "{} {} {} {:?} {}",
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, String>(4)?
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A move that must be refused (exit 3) with nothing changed in Redis or SQLite; its stderr.
fn refused(env: &Env, args: &str) -> String {
    let (redis, db, owed) = (env.redis_state(), env.db_state(), refunds(env));
    let (_, err) = env.fails(3, args);
    assert_eq!(env.redis_state(), redis, "{args}: Redis changed");
    assert_eq!(env.db_state(), db, "{args}: SQLite changed");
    assert_eq!(refunds(env), owed, "{args}: a refund was recorded");
    err
}

#[test]
fn a_sale_moved_to_cheaper_seats_owes_the_difference_once() {
    let env = hall_world();
    let id = sale(&env, 7, "C5 C6 C7");
    assert_eq!(amount(&env, id), inr(120_000));
    let m = env.json(&format!("move --booking {id} C5=A5 C6=A6"));
    assert_eq!(
        (m["amount"].clone(), m["currency"].clone()),
        (json!(90_000), json!("INR"))
    );
    let r = &m["refund"];
    assert_eq!(
        (
            r["amount_cents"].clone(),
            r["currency"].clone(),
            r["source"].clone(),
            r["payment_id"].clone(),
            r["booking_id"].clone(),
        ),
        (
            json!(30_000),
            json!("INR"),
            json!("move"),
            json!("pay_7"),
            json!(id)
        )
    );
    assert_eq!(strs(&r["seats"]), ["C5", "C6"]);
    assert_eq!(strs(&m["seats"]), ["A5", "A6", "C7"]);
    // Paid 1200, owed back 300: the booking costs its new seats, 900.
    assert_eq!(amount(&env, id), inr(90_000));
    let list = env.json("refunds");
    assert_eq!(list["refunds"].as_array().unwrap().len(), 1);
    assert_eq!(list["refunds"][0]["id"], r["id"]);
    assert_eq!(list["refunds"][0]["source"], "move");
    assert!(env.ok("refunds").contains("INR 300.00"));
    // The sale's seats went: no lock of the user is left on either side.
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    checks::invariants(&env, 31).unwrap();

    // The same move again is refused (its new seats are the booking's): no second refund.
    let (redis, db) = (env.redis_state(), env.db_state());
    let (_, err) = env.fails(2, &format!("move --booking {id} C5=A5 C6=A6"));
    assert!(
        err.contains(&format!("seat A5 is already in booking {id}")),
        "{err}"
    );
    assert_eq!((env.redis_state(), env.db_state()), (redis, db));
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM refund_seats"), 2);

    // The same price moves as it is, and owes nothing.
    let m = env.json(&format!("move --booking {id} A5=B5"));
    assert_eq!(
        (m["amount"].clone(), m["refund"].clone()),
        (json!(90_000), Value::Null)
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 1);
    // The text names the amount and the refund.
    let out = env.ok(&format!("move --booking {id} C7=A7"));
    assert_eq!(
        out,
        format!(
            "Moved booking {id} (user 7, CONFIRMED) on showtime 31: C7 → A7. Its seats now: A6, \
             A7, B5 (INR 750.00). Refund 2 owed: payment pay_7, INR 150.00.\n"
        )
    );
    checks::invariants(&env, 31).unwrap();

    // Settled like any refund, and a later cancel owes the new seats' prices: all of it back.
    env.ok("refunds settle --refund 1 --refund-id rf_1");
    env.ok(&format!("cancel --booking {id} --reason returned --yes"));
    assert_eq!(
        env.count(&format!(
            "SELECT SUM(amount_cents) FROM refunds WHERE booking_id = {id}"
        )),
        120_000
    );
    checks::invariants(&env, 31).unwrap();
}

#[test]
fn a_sale_is_not_moved_to_dearer_seats() {
    let env = hall_world();
    let id = sale(&env, 7, "B2 B3");
    env.ok("sweep");
    let err = refused(&env, &format!("move --booking {id} B2=C5 B3=C6"));
    assert_eq!(
        err,
        format!(
            "error: C5, C6 cost INR 300.00 more than B2, B3 (booking {id} was paid INR 500.00); \
             boxoffice cannot take the difference: cancel those seats and sell the new ones; \
             nothing was moved\n"
        )
    );
    // Dearer in total is dearer, even with one pair cheaper than the other is dearer.
    refused(&env, &format!("move --booking {id} B2=C5"));
    let e = env.json_err(3, &format!("move --booking {id} B2=C5 B3=C6"));
    assert_eq!(e["kind"], "conflict");
    assert!(
        e["message"].as_str().unwrap().contains("more than B2"),
        "{e}"
    );
    assert!(
        env.locks().is_empty(),
        "a refusal leaves no lock: {:?}",
        env.locks()
    );
    assert_eq!(amount(&env, id), inr(50_000));
    // Nobody else was kept off the seats.
    env.ok("reserve --showtime 31 --user 8 C5 C6");
}

/// The rule is applied again in the move's transaction: prices changed between the check and
/// the commit (by hand, here, while the move is paused after its Redis step) are the ones that
/// count, and the locks it took are given back.
#[test]
fn the_transaction_refuses_a_move_that_became_dearer() {
    use std::io::{BufRead, BufReader, Write};
    let env = hall_world();
    let id = sale(&env, 7, "B2");
    env.ok("sweep");
    let (locks, db) = (env.locks(), env.db_state());
    let mut child = env
        .process()
        .env("BOXOFFICE_FAILPOINT", "move-after-redis:pause")
        .args(["move", "--booking", &id.to_string(), "B2=A2"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "paused at move-after-redis");
    assert_eq!(env.get("seat_lock:31:A2").as_deref(), Some("7"));
    env.sqlite()
        .execute(
            "UPDATE seats SET price_minor = 30000 WHERE showtime_id = 31 AND seat_id = 'A2'",
            [],
        )
        .unwrap();
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(status.code(), Some(3), "{rest}");
    assert!(rest.contains("A2 costs INR 50.00 more than B2"), "{rest}");
    assert_eq!(env.locks(), locks, "the new seat's lock was given back");
    assert_eq!(env.db_state(), db);
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 0);
}

#[test]
fn a_sale_is_not_moved_to_another_currency_nor_to_seats_without_a_price() {
    let env = hall_world();
    let tokyo = crate::halls::SCREEN1
        .replace("Screen 1", "Tokyo")
        .replace("\"INR\"", "\"JPY\"")
        .replace("25000", "1800")
        .replace("40000", "2500");
    let path = write(&env, "tokyo.toml", &tokyo);
    env.ok(&["hall", "add", "--file", &path]);
    env.ok(&[
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-06T20:00:00Z",
        "--hall",
        "Tokyo",
        "--id",
        "32",
    ]);
    env.ok("showtime add --movie Dune --starts 2099-12-07T20:00:00Z --rows A-D --seats-per-row 14 --id 33");
    let id = sale(&env, 7, "C5 C6");
    env.ok("sweep");
    let err = refused(
        &env,
        &format!("move --booking {id} C5=A5 C6=A6 --to-showtime 32"),
    );
    assert!(
        err.contains(
            "A5, A6 on showtime 32 cost JPY 3600, in JPY, and C5, C6 were paid in INR (booking"
        ) && err.contains("cannot exchange currencies")
            && err.ends_with("nothing was moved\n"),
        "{err}"
    );
    let err = refused(
        &env,
        &format!("move --booking {id} C5=A5 C6=A6 --to-showtime 33"),
    );
    assert!(
        err.contains("A5, A6 on showtime 33 have no price, and C5, C6 cost INR 800.00"),
        "{err}"
    );
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert_eq!(amount(&env, id), inr(80_000));
    // A sale on the rectangular showtime (no prices) moves as it always did, prices unknown.
    let rect = reserve(&env, "--showtime 33 --user 9 B1");
    env.ok(&format!("confirm --booking {rect} --payment-id pay_9"));
    let m = env.json(&format!("move --booking {rect} B1=B2"));
    assert_eq!(
        (
            m["amount"].clone(),
            m["currency"].clone(),
            m["refund"].clone()
        ),
        (Value::Null, Value::Null, Value::Null)
    );
    // ... but not onto seats with a price.
    refused(
        &env,
        &format!("move --booking {rect} B2=B2 --to-showtime 31"),
    );
}

#[test]
fn a_hold_is_priced_again_from_its_new_seats_whatever_they_cost() {
    let env = hall_world();
    env.ok("showtime add --movie Dune --starts 2099-12-07T20:00:00Z --rows A-D --seats-per-row 14 --id 33");
    let id = reserve(&env, "--showtime 31 --user 7 A5 A6");
    let m = env.json(&format!("move --booking {id} A5=C5 A6=C6"));
    assert_eq!(
        (
            m["amount"].clone(),
            m["currency"].clone(),
            m["refund"].clone()
        ),
        (json!(80_000), json!("INR"), Value::Null)
    );
    assert_eq!(amount(&env, id), inr(80_000));
    env.ok(&format!("move --booking {id} C5=B5"));
    assert_eq!(amount(&env, id), inr(65_000));
    env.ok(&format!("move --booking {id} B5=A1 C6=A2 --to-showtime 33"));
    assert_eq!(amount(&env, id), (None, None));
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 0);
    // Paid afterwards, it is a sale of what it costs then.
    env.ok(&format!("move --booking {id} A1=C1 A2=C2 --to-showtime 31"));
    env.ok(&format!("confirm --booking {id} --payment-id pay_7"));
    assert_eq!(amount(&env, id), inr(80_000));
    checks::invariants(&env, 31).unwrap();
}
