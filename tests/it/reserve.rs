//! `reserve`: the guide's keys and TTLs, the hold length, conflicts, adding seats to a hold,
//! holds running out, the database fence behind Redis, and the audit of who reserved.

use std::time::Duration;

use serde_json::Value;

use crate::harness::{Env, strs};

#[test]
fn reserve_writes_exactly_the_guides_keys_with_ttls() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    assert_eq!(r["status"], "PENDING");
    assert_eq!(r["showtime_id"], 24);
    assert_eq!(r["user"], "7");
    assert_eq!(strs(&r["seats"]), ["A1", "A2"]);
    let booking = r["booking_id"].as_i64().unwrap();

    assert_eq!(
        env.keys(),
        [
            "reserved_seats_24",
            "seat_lock:24:A1",
            "seat_lock:24:A2",
            "seat_reservation_24_7"
        ]
    );
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    assert_eq!(
        env.get("reserved_seats_24").as_deref(),
        Some(r#"["A1","A2"]"#)
    );
    let res: Value = serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A2"]);
    let at = res["reserved_at"].as_f64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!((now - at).abs() < 60.0, "reserved_at {at} is epoch seconds");
    for key in env.keys() {
        let ttl = env.pttl(&key);
        assert!(
            (590_000..=600_000).contains(&ttl),
            "{key} has TTL {ttl}, want the 10m default hold"
        );
    }
    // expires_at is the Redis clock plus the hold.
    let expires = chrono::DateTime::parse_from_rfc3339(r["expires_at"].as_str().unwrap()).unwrap();
    let started =
        chrono::DateTime::parse_from_rfc3339(r["hold_started_at"].as_str().unwrap()).unwrap();
    assert_eq!((expires - started).num_milliseconds(), 600_000);

    assert_eq!(env.booking_status(booking), "PENDING");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE live = 1"),
        2
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'reserve' AND operator = 'tester'"),
        1
    );
}

#[test]
fn hold_length_from_flag_and_env() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 --hold 90s");
    let ttl = env.pttl("seat_lock:24:A1");
    assert!((85_000..=90_000).contains(&ttl), "ttl {ttl}");
    let out = env
        .cmd()
        .env("BOXOFFICE_HOLD", "2m")
        .args(["reserve", "--showtime", "24", "--user", "8", "B1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let ttl = env.pttl("seat_lock:24:B1");
    assert!((115_000..=120_000).contains(&ttl), "ttl {ttl}");
}

#[test]
fn conflict_takes_nothing_and_names_each_taken_seat() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A2 A4");
    let before = env.redis_state();
    let err = env.json_err(3, "reserve --showtime 24 --user 8 A1-A4");
    assert_eq!(err["kind"], "conflict");
    let taken: Vec<String> = err["taken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["seat"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(taken, ["A2", "A4"]);
    assert_eq!(
        env.redis_state(),
        before,
        "a refused reserve wrote to Redis"
    );
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A3"), None);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '8'"),
        0
    );

    let (_, stderr) = env.fails(3, "reserve --showtime 24 --user 8 A1-A4");
    assert!(stderr.contains("A2") && stderr.contains("A4"), "{stderr}");
}

#[test]
fn reserving_again_adds_seats_and_restarts_the_hold() {
    let env = Env::demo();
    let first = env.json("reserve --showtime 24 --user 7 A1 --hold 1m");
    let second = env.json("reserve --showtime 24 --user 7 A2 A1 --hold 5m");
    assert_eq!(
        first["booking_id"], second["booking_id"],
        "one PENDING booking per user"
    );
    assert_eq!(strs(&second["seats"]), ["A1", "A2"]);
    assert_eq!(strs(&second["added"]), ["A2"]);
    for key in [
        "seat_lock:24:A1",
        "seat_lock:24:A2",
        "seat_reservation_24_7",
    ] {
        let ttl = env.pttl(key);
        assert!(ttl > 290_000, "{key} not restarted: {ttl}");
    }
    let res: Value = serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A2"]);
    assert_eq!(
        env.get("reserved_seats_24").as_deref(),
        Some(r#"["A1","A2"]"#)
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 1);

    // Adding a taken seat takes none of the new ones and leaves the old hold alone.
    env.ok("reserve --showtime 24 --user 8 B1");
    env.fails(3, "reserve --showtime 24 --user 7 A3 B1");
    assert_eq!(env.get("seat_lock:24:A3"), None);
    let b = env.json("bookings --user 7");
    assert_eq!(strs(&b[0]["seats"]), ["A1", "A2"]);
}

#[test]
fn an_expired_hold_frees_its_seats_at_once_without_a_sweep() {
    let env = Env::demo();
    let first = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 1s");
    std::thread::sleep(Duration::from_millis(1200));
    let second = env.json("reserve --showtime 24 --user 8 A1");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("8"));
    let old = first["booking_id"].as_i64().unwrap();
    assert_eq!(
        env.booking_status(old),
        "EXPIRED",
        "the stale hold is expired in SQLite"
    );
    assert_eq!(
        env.booking_status(second["booking_id"].as_i64().unwrap()),
        "PENDING"
    );

    // The same user reserving after their own hold ran out starts a fresh booking.
    env.ok("reserve --showtime 24 --user 9 C1 --hold 1s");
    std::thread::sleep(Duration::from_millis(1200));
    let again = env.json("reserve --showtime 24 --user 9 C2");
    assert_eq!(strs(&again["seats"]), ["C2"]);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '9' AND status = 'EXPIRED'"),
        1
    );
}

/// Issue 11 item 4: a reserve refused after its Redis step gives back the locks it took, but
/// the free-seat cache gets back only seats that are really free: never one that SQLite says is
/// held (a live hold whose lock Redis lost) or sold.
#[test]
fn a_refused_reserve_never_lists_a_held_or_sold_seat_as_free() {
    let mut env = Env::demo();
    let sold = env.json("reserve --showtime 24 --user 5 B1");
    env.ok(&[
        "confirm",
        "--booking",
        &sold["booking_id"].to_string(),
        "--payment-id",
        "p5",
    ]);
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    env.redis.restart_empty();
    // The guide's free-seat cache, exactly right: every seat but the held A1, A2 and the sold B1.
    let layout: Vec<String> = env.json("inspect 24")["seats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seat"].as_str().unwrap().to_string())
        .collect();
    let free: Vec<String> = layout
        .iter()
        .filter(|s| !["A1", "A2", "B1"].contains(&s.as_str()))
        .cloned()
        .collect();
    let mut con = env.con();
    let _: () = redis::Commands::set_ex(
        &mut con,
        "available_seats_24",
        serde_json::to_string(&free).unwrap(),
        3600,
    )
    .unwrap();
    // Redis thinks A1 is free; SQLite's user 7 still holds it: refused after the Redis step.
    let err = env.json_err(3, "reserve --showtime 24 --user 8 A1 A3");
    assert_eq!(err["kind"], "conflict");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A3"), None);
    let cache: Vec<String> =
        serde_json::from_str(&env.get("available_seats_24").expect("cache kept")).unwrap();
    assert_eq!(cache, free, "the cache must list exactly the free seats");
    assert!(!cache.contains(&"A1".to_string()) && cache.contains(&"A3".to_string()));
}

/// Issue 11 item 9: adding seats never shortens the hold, and says so when `--hold` asked for
/// less than the current hold has left (stderr, and `hold_kept` in JSON).
#[test]
fn adding_seats_with_a_shorter_hold_keeps_the_hold_and_says_so() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 12 B5 B6");
    let out = env.run("reserve --showtime 24 --user 12 C1 --hold 1s");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: kept the current hold's") && stderr.contains("--hold 1s"),
        "{stderr}"
    );
    // Every lock of the hold still has about ten minutes.
    for s in ["B5", "B6", "C1"] {
        let t = env.pttl(&format!("seat_lock:24:{s}"));
        assert!(t > 500_000, "{s}: {t}");
    }
    let r = env.json("reserve --showtime 24 --user 12 C2 --hold 2s");
    assert_eq!(r["hold_kept"], true, "{r}");
    assert_eq!(r["requested_hold_seconds"], 2, "{r}");
    assert!(r["hold_seconds"].as_i64().unwrap() > 500, "{r}");
    // A longer --hold is simply taken: nothing kept, no note.
    let out = env.run("reserve --showtime 24 --user 12 C3 --hold 20m");
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("kept"));
    let r = env.json("reserve --showtime 24 --user 13 D1");
    assert!(r.get("hold_kept").is_none(), "{r}");
}

#[test]
fn the_database_fence_refuses_a_second_live_claim() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1");
    let c = env.sqlite();
    c.execute(
        "INSERT INTO bookings (showtime_id, user_id, status, created_at_ms, hold_started_at_ms, expires_at_ms, updated_at_ms)
         VALUES (24, 'intruder', 'PENDING', 0, 0, 9999999999999, 0)",
        [],
    )
    .unwrap();
    let id = c.last_insert_rowid();
    let err = c
        .execute(
            "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live) VALUES (?1, 24, 'A1', 1)",
            [id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    // And a sold booking cannot be turned back.
    env.ok(&[
        "confirm",
        "--booking",
        &r["booking_id"].to_string(),
        "--payment-id",
        "p",
    ]);
    let err = c
        .execute(
            "UPDATE bookings SET status = 'EXPIRED' WHERE id = ?1",
            [r["booking_id"].as_i64().unwrap()],
        )
        .unwrap_err();
    assert!(err.to_string().contains("illegal"), "{err}");
}

#[test]
fn after_redis_restarts_empty_the_database_still_guards_live_holds() {
    let mut env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    env.redis.restart_empty();
    assert!(env.keys().is_empty());
    // Redis thinks A1 is free, but user 7 is still paying: the fence refuses, and the loser's
    // freshly taken locks are given back.
    let err = env.json_err(3, "reserve --showtime 24 --user 8 A1 A3");
    assert_eq!(err["kind"], "conflict");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A3"), None);
    // The holder can still pay.
    let c = env.json("confirm --showtime 24 --user 7 --payment-id p7");
    assert_eq!(c["late"], false);
}

/// With USER and LOGNAME unset the audit names the uid's login, not "unknown".
#[test]
fn the_audit_names_the_login_when_user_is_unset() {
    let env = Env::demo();
    let login = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let login = String::from_utf8_lossy(&login.stdout).trim().to_string();
    assert!(!login.is_empty());
    let out = env
        .cmd()
        .env_remove("USER")
        .args(["reserve", "--showtime", "24", "--user", "7", "A1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let who: String = env
        .sqlite()
        .query_row(
            "SELECT operator FROM audit WHERE action = 'reserve'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, login);
}
