//! `cancel`: staff take back a sale (whole or some seats, each sold seat owed back) or a hold
//! (as `release --force` does); a repeat changes nothing; bad input changes nothing.

use serde_json::Value;

use crate::harness::{Env, strs};

/// A sold booking of user 7 on showtime 24 (A1-A4, paid with pay_1); its id.
fn sold(env: &Env) -> i64 {
    let r = env.json("reserve --showtime 24 --user 7 A1-A4");
    let id = r["booking_id"].as_i64().unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    id
}

fn cancel(env: &Env, args: &str) -> Value {
    let mut a: Vec<String> = args.split_whitespace().map(str::to_string).collect();
    a.extend([
        "--reason".into(),
        "customer returned".into(),
        "--yes".into(),
    ]);
    env.json(&a)
}

/// The free-seat cache (kept by the old system; boxoffice keeps it right when it exists) with
/// every seat but `taken`.
pub fn plant_cache(env: &Env, taken: &[&str]) {
    let free: Vec<String> = env.json("inspect 24")["seats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seat"].as_str().unwrap().to_string())
        .filter(|s| !taken.contains(&s.as_str()))
        .collect();
    redis::cmd("SET")
        .arg("available_seats_24")
        .arg(serde_json::to_string(&free).unwrap())
        .arg("EX")
        .arg(3600)
        .query::<()>(&mut env.con())
        .unwrap();
}

pub fn available(env: &Env) -> Vec<String> {
    let raw = env.get("available_seats_24").expect("free-seat cache");
    serde_json::from_str(&raw).unwrap()
}

#[test]
fn a_partial_cancel_frees_the_seats_and_owes_them_back() {
    let env = Env::demo();
    let id = sold(&env);
    plant_cache(&env, &["A1", "A2", "A3", "A4"]);

    let c = cancel(&env, &format!("cancel --booking {id} --seat A2-A3"));
    assert_eq!(c["booking_id"], id);
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(strs(&c["cancelled_seats"]), ["A2", "A3"]);
    assert_eq!(strs(&c["remaining_seats"]), ["A1", "A4"]);
    assert_eq!(c["already_done"], false);
    let refund = &c["refund"];
    assert_eq!(refund["payment_id"], "pay_1");
    assert_eq!(strs(&refund["seats"]), ["A2", "A3"]);
    assert_eq!(refund["amount_cents"], Value::Null);
    assert_eq!(refund["source"], "cancel");
    assert_eq!(refund["reason"], "customer returned");
    assert_eq!(refund["operator"], "tester");
    assert_eq!(refund["refund_id"], Value::Null);

    // The seats are on sale again at once: in the cache, and reservable.
    let free = available(&env);
    assert!(free.contains(&"A2".to_string()) && free.contains(&"A3".to_string()));
    assert!(!free.contains(&"A1".to_string()));
    env.ok("reserve --showtime 24 --user 8 A2");
    env.fails(3, "reserve --showtime 24 --user 8 A1");
    // SQLite: the booking keeps A1 and A4, the refund row names its two seats.
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM booking_seats WHERE booking_id = {id} AND live = 1"
        )),
        2
    );
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM refund_seats WHERE booking_id = {id}"
        )),
        2
    );
    // Audited with operator, reason and seats; in the seat's history.
    let (seats, detail, op): (String, String, String) = env
        .sqlite()
        .query_row(
            "SELECT seats, detail, operator FROM audit WHERE action = 'cancel'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(seats, r#"["A2","A3"]"#);
    assert!(
        detail.contains(r#""reason":"customer returned""#),
        "{detail}"
    );
    assert_eq!(op, "tester");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'refund_owed'"),
        1
    );
    let h = env.json("inspect 24 --seat A3");
    let history = h.to_string();
    assert!(history.contains(r#""action":"cancel""#), "{history}");
    assert!(history.contains(r#""action":"refund_owed""#), "{history}");
}

#[test]
fn the_rest_cancelled_ends_the_booking_and_a_repeat_changes_nothing() {
    let env = Env::demo();
    let id = sold(&env);
    cancel(&env, &format!("cancel --booking {id} --seat A1"));
    let c = cancel(&env, &format!("cancel --booking {id}"));
    assert_eq!(c["status"], "CANCELLED");
    assert_eq!(strs(&c["cancelled_seats"]), ["A2", "A3", "A4"]);
    assert!(strs(&c["remaining_seats"]).is_empty());
    assert_eq!(strs(&c["refund"]["seats"]), ["A2", "A3", "A4"]);
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE live = 1"),
        0
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 2);

    // Repeats, whole or by seat: exit 0, already done, no second refund, nothing written.
    let before = (env.db_state(), env.redis_state());
    for again in [
        format!("cancel --booking {id}"),
        format!("cancel --booking {id} --seat A1"),
        format!("cancel --booking {id} --seat A3-A4"),
    ] {
        let c = cancel(&env, &again);
        assert_eq!(c["already_done"], true, "{again}: {c}");
        assert_eq!(c["refund"], Value::Null);
        assert!(strs(&c["cancelled_seats"]).is_empty());
        assert_eq!(c["status"], "CANCELLED");
    }
    let out = env.ok(&["cancel", "--booking", &id.to_string(), "--reason", "again"]);
    assert!(out.starts_with("Already cancelled"), "{out}");
    assert_eq!((env.db_state(), env.redis_state()), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 2);
    assert_eq!(env.count("SELECT COUNT(*) FROM refund_seats"), 4);
}

#[test]
fn a_hold_is_cancelled_like_a_forced_release_and_owes_nothing() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    let c = cancel(&env, &format!("cancel --booking {id} --seat A1"));
    assert_eq!(c["status"], "PENDING");
    assert_eq!(c["refund"], Value::Null);
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    let res: Value = serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A2"]);
    let c = cancel(&env, &format!("cancel --booking {id}"));
    assert_eq!(c["status"], "CANCELLED");
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert_eq!(env.get("seat_reservation_24_7"), None);
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 0);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'cancel' AND forced = 1"),
        2
    );
}

#[test]
fn bad_cancels_change_nothing() {
    let env = Env::demo();
    let id = sold(&env);
    let before = (env.db_state(), env.redis_state());
    // No terminal, no --yes: exit 2.
    let (_, err) = env.fails(
        2,
        &["cancel", "--booking", &id.to_string(), "--reason", "x"],
    );
    assert!(err.contains("--yes"), "{err}");
    // Seats not in the booking: exit 4, naming them; not even the good ones go.
    let (_, err) = env.fails(
        4,
        &[
            "cancel",
            "--booking",
            &id.to_string(),
            "--seat",
            "A1",
            "--seat",
            "B5",
            "--reason",
            "x",
            "--yes",
        ],
    );
    assert!(
        err.contains("not in booking") && err.contains("B5"),
        "{err}"
    );
    // No such booking: 4. No reason, or a blank one: 2.
    env.fails(4, &["cancel", "--booking", "999", "--reason", "x", "--yes"]);
    env.fails(2, &format!("cancel --booking {id} --yes"));
    env.fails(
        2,
        &[
            "cancel",
            "--booking",
            &id.to_string(),
            "--reason",
            "  ",
            "--yes",
        ],
    );
    assert_eq!((env.db_state(), env.redis_state()), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 0);
}

/// A seat cancelled and refunded, then moved back onto by the same booking, is a sold seat again:
/// cancelling it again owes it back again. Every paid seat is refunded once, never more and
/// never less: four seats sold, four refunded.
#[test]
fn a_seat_cancelled_then_moved_back_onto_is_owed_back_again_when_cancelled_again() {
    let env = Env::demo();
    let id = sold(&env);
    let c = cancel(&env, &format!("cancel --booking {id} --seat A2"));
    assert!(c["refund"].is_object(), "{c}");
    env.ok(&format!("move --booking {id} A3=A2"));
    let c = cancel(&env, &format!("cancel --booking {id} --seat A2"));
    assert!(
        c["refund"].is_object(),
        "the seat moved back onto was sold again: {c}"
    );
    let c = cancel(&env, &format!("cancel --booking {id}"));
    assert_eq!(c["status"], "CANCELLED", "{c}");
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM refund_seats WHERE booking_id = {id}"
        )),
        4,
        "four seats paid, four owed back"
    );
}
