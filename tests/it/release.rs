//! `release`: seats given back, whole or in part, and only by the holder unless staff force it.

use serde_json::Value;

use crate::harness::{Env, strs};

#[test]
fn release_gives_seats_back() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2 A3");
    let id = r["booking_id"].as_i64().unwrap();
    // One seat of one's own hold.
    let p = env.json("release --showtime 24 --user 7 --seat A2");
    assert_eq!(strs(&p["released"]), ["A2"]);
    assert_eq!(p["status"], "PENDING");
    assert_eq!(env.get("seat_lock:24:A2"), None);
    assert_eq!(
        env.get("reserved_seats_24").as_deref(),
        Some(r#"["A1","A3"]"#)
    );
    let res: Value = serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A3"]);
    env.ok("reserve --showtime 24 --user 8 A2");

    // The whole hold, by booking id.
    let all = env.json(&format!("release --booking {id}"));
    assert_eq!(all["status"], "CANCELLED");
    assert_eq!(strs(&all["released"]), ["A1", "A3"]);
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert_eq!(
        env.keys(),
        [
            "reserved_seats_24",
            "seat_lock:24:A2",
            "seat_reservation_24_8"
        ]
    );
    assert_eq!(env.get("reserved_seats_24").as_deref(), Some(r#"["A2"]"#));
    // Nothing left to release.
    env.fails(4, &format!("release --booking {id}"));
    env.fails(4, "release --showtime 24 --user 7");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'release'"),
        2
    );
}

#[test]
fn only_the_holder_releases_and_force_needs_confirmation() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    let before = (env.redis_state(), env.db_state());
    // Someone else's seat, without force: refused.
    env.fails(2, "release --showtime 24 --seat A1");
    env.fails(4, "release --showtime 24 --user 8");
    env.fails(3, "release --showtime 24 --user 8 --seat A1");
    // --force with no terminal and no --yes: refused, nothing asked, nothing changed.
    let (_, stderr) = env.fails(2, "release --showtime 24 --seat A1 --force");
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_eq!((env.redis_state(), env.db_state()), before);

    let f = env.json("release --showtime 24 --seat A1 --force --yes");
    assert_eq!(f["forced"], true);
    assert_eq!(strs(&f["released"]), ["A1"]);
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'force_release' AND forced = 1 AND operator = 'tester'"),
        1
    );
    // A lock with no booking behind it (a crash between Redis and SQLite) can be forced too.
    redis::cmd("SET")
        .arg("seat_lock:24:C5")
        .arg("99")
        .arg("PX")
        .arg(60_000)
        .query::<()>(&mut env.con())
        .unwrap();
    env.ok("release --showtime 24 --seat C5 --force -y");
    assert_eq!(env.get("seat_lock:24:C5"), None);
    // Sold seats are never released.
    env.ok("confirm --showtime 24 --user 7 --payment-id p1");
    env.fails(3, "release --showtime 24 --seat A2 --force --yes");
}
