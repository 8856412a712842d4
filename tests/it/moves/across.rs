//! `--to-showtime`: the whole booking moves to another showtime, its hold or sale with it.

use super::*;

fn world() -> Env {
    let env = Env::demo();
    env.ok("showtime add --movie Heat --starts 2099-12-02T20:00:00Z --rows A-F --seats-per-row 8 --id 25");
    env
}

#[test]
fn a_hold_moves_to_another_showtime_with_its_expiry_and_start() {
    let env = world();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    let (started, expires, ..) = booking_row(&env, id);
    let (_, reserved_at) = reservation(&env, "seat_reservation_24_7");

    // The same seat ids on the other showtime are fine: B2=B2.
    let m = env.json(&format!("move --booking {id} B2=B2 B3=C4 --to-showtime 25"));
    assert_eq!(
        (m["from_showtime_id"].as_i64(), m["showtime_id"].as_i64()),
        (Some(24), Some(25))
    );
    assert_eq!(strs(&m["seats"]), ["B2", "C4"]);

    // Showtime 24 has nothing of the hold left; 25 has it, to the millisecond.
    assert_eq!(env.locks(), ["seat_lock:25:B2", "seat_lock:25:C4"]);
    assert_eq!(env.get("seat_reservation_24_7"), None);
    assert_eq!(env.get("reserved_seats_24"), None);
    assert_eq!(
        reservation(&env, "seat_reservation_25_7"),
        (vec!["B2".into(), "C4".into()], reserved_at)
    );
    for key in [
        "seat_lock:25:B2",
        "seat_lock:25:C4",
        "seat_reservation_25_7",
    ] {
        assert_eq!(pexpiretime(&env, key), expires, "{key}");
    }
    let mut held = array(&env, "reserved_seats_25");
    held.sort();
    assert_eq!(held, ["B2", "C4"]);

    assert_eq!(
        booking_row(&env, id),
        (started, expires, "PENDING".into(), 25, None)
    );
    assert_eq!(
        seat_rows(&env, id),
        [
            (24, "B3".into(), None),
            (25, "B2".into(), Some(1)),
            (25, "C4".into(), Some(1))
        ]
    );
    // One audit row on each showtime, each naming that showtime's seats.
    let a = move_audits(&env, id);
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].0, &a[0].1), (24, &serde_json::json!(["B2", "B3"])));
    assert_eq!((a[1].0, &a[1].1), (25, &serde_json::json!(["B2", "C4"])));
    assert_eq!(a[1].2["from_showtime"], 24);
    assert_eq!(seat_history(&env, 24, "B3")[0], "move");
    assert_eq!(seat_history(&env, 25, "C4")[0], "move");
    clean(&env, 24);
    clean(&env, 25);

    env.ok("reserve --showtime 24 --user 8 B2 B3");
    env.fails(3, "reserve --showtime 25 --user 8 B2");
    let c = env.json("confirm --showtime 25 --user 7 --payment-id pay_1");
    assert_eq!(c["booking_id"], id);
    // And back again, as a sale now.
    let m = env.json(&format!("move --booking {id} B2=B4 C4=B5 --to-showtime 24"));
    assert_eq!(m["status"], "CONFIRMED");
    assert_eq!(strs(&m["seats"]), ["B4", "B5"]);
    assert_eq!(booking_row(&env, id).3, 24);
    clean(&env, 24);
    clean(&env, 25);
}

#[test]
fn a_sale_moves_to_another_showtime_with_its_payment() {
    let env = world();
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    // The customer also holds seats on showtime 25: a sale moves beside that hold.
    let other = reserve(&env, "--showtime 25 --user 7 A1");
    env.ok("reserve --showtime 24 --user 9 J12");
    env.ok("sweep"); // builds the free-seat caches
    let before = env.get("seat_reservation_25_7");

    let out = env.ok(&format!("move --booking {id} B2=F1 B3=F2 --to-showtime 25"));
    assert!(
        out.contains("from showtime 24 to showtime 25: B2 → F1, B3 → F2"),
        "{out}"
    );
    assert_eq!(env.locks(), ["seat_lock:24:J12", "seat_lock:25:A1"]);
    assert_eq!(
        env.get("seat_reservation_25_7"),
        before,
        "the hold on 25 is untouched"
    );
    let free = array(&env, "available_seats_24");
    assert!(free.contains(&"B2".into()) && free.contains(&"B3".into()));
    let (.., status, st, payment) = booking_row(&env, id);
    assert_eq!(
        (status.as_str(), st, payment.as_deref()),
        ("CONFIRMED", 25, Some("pay_1"))
    );
    assert_eq!(booking_row(&env, other).2, "PENDING");
    clean(&env, 24);
    clean(&env, 25);
    env.ok("reserve --showtime 24 --user 8 B2");
    let err = env.json_err(3, "reserve --showtime 25 --user 8 F1");
    assert_eq!(err["taken"][0]["state"], "sold");
}
