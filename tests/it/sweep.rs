//! Issue 4: sweep expires, restores and repairs — and stays quiet when there is nothing to do.

use std::time::Duration;

use crate::harness::{Env, strs};

fn set_px(env: &Env, key: &str, value: &str, ms: i64) {
    redis::cmd("SET")
        .arg(key)
        .arg(value)
        .arg("PX")
        .arg(ms)
        .query::<()>(&mut env.con())
        .unwrap();
}

#[test]
fn nothing_to_do_means_no_output() {
    let env = Env::demo();
    env.ok(&["reserve", "--showtime", "24", "--user", "7", "A1"]);
    env.ok(&["sweep"]); // may create the free-seat cache, silently
    let out = env.run(&["sweep"]);
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn overdue_holds_expire_and_live_ones_are_untouched() {
    let env = Env::demo();
    let short = env.json(&[
        "reserve",
        "--showtime",
        "24",
        "--user",
        "7",
        "A1",
        "A2",
        "--hold",
        "1s",
    ]);
    let long = env.json(&["reserve", "--showtime", "24", "--user", "8", "B1"]);
    std::thread::sleep(Duration::from_millis(1200));
    let out = env.ok(&["sweep"]);
    assert!(out.contains("expired 1 booking whose"), "{out}");
    assert_eq!(
        env.booking_status(short["booking_id"].as_i64().unwrap()),
        "EXPIRED"
    );
    assert_eq!(
        env.booking_status(long["booking_id"].as_i64().unwrap()),
        "PENDING"
    );
    assert_eq!(env.get("seat_lock:24:B1").as_deref(), Some("8"));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'expire' AND command = 'sweep'"),
        1
    );
    // The free-seat cache has the expired seats back and not the held one.
    let avail = crate::harness::strs(
        &serde_json::from_str(&env.get("available_seats_24").unwrap()).unwrap(),
    );
    assert!(avail.contains(&"A1".to_string()) && avail.contains(&"A2".to_string()));
    assert!(!avail.contains(&"B1".to_string()));
    assert_eq!(avail.len(), 119);
    assert!(env.pttl("available_seats_24") > 3_500_000);
    assert_eq!(env.get("reserved_seats_24").as_deref(), Some(r#"["B1"]"#));
    // Second run: silent.
    assert_eq!(env.ok(&["sweep"]), "");
    env.ok(&["inspect", "24", "--check"]);
}

#[test]
fn dry_run_changes_nothing() {
    let env = Env::demo();
    env.ok(&[
        "reserve",
        "--showtime",
        "24",
        "--user",
        "7",
        "A1",
        "--hold",
        "1s",
    ]);
    env.ok(&["reserve", "--showtime", "24", "--user", "8", "B1"]);
    redis::cmd("DEL")
        .arg("seat_lock:24:B1")
        .query::<()>(&mut env.con())
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    let before = (env.redis_state(), env.db_state());
    let s = env.json(&["sweep", "--dry-run"]);
    assert_eq!(s["dry_run"], true);
    assert_eq!(s["expired"], 1);
    assert_eq!(s["rehydrated"], 1);
    assert_eq!((env.redis_state(), env.db_state()), before);
    let out = env.ok(&["sweep", "--dry-run"]);
    assert!(out.contains("would expire 1"), "{out}");
}

#[test]
fn flushall_is_healed_with_the_remaining_time_and_blocks_others_again() {
    let env = Env::demo();
    let r = env.json(&[
        "reserve",
        "--showtime",
        "24",
        "--user",
        "7",
        "A1",
        "A2",
        "--hold",
        "5m",
    ]);
    std::thread::sleep(Duration::from_millis(1100));
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    let s = env.json(&["sweep"]);
    assert_eq!(s["rehydrated"], 1);
    for seat in ["A1", "A2"] {
        let key = format!("seat_lock:24:{seat}");
        assert_eq!(env.get(&key).as_deref(), Some("7"));
        let ttl = env.pttl(&key);
        assert!(
            ttl > 250_000 && ttl <= 299_000,
            "{key}: remaining TTL {ttl}, not a fresh hold"
        );
    }
    let res: serde_json::Value =
        serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A2"]);
    assert_eq!(
        env.get("reserved_seats_24").as_deref(),
        Some(r#"["A1","A2"]"#)
    );
    // Another user is refused by Redis again, and the holder can still pay.
    let err = env.json_err(3, &["reserve", "--showtime", "24", "--user", "8", "A2"]);
    assert_eq!(err["taken"][0]["user"], "7");
    env.ok(&[
        "confirm",
        "--booking",
        &r["booking_id"].to_string(),
        "--payment-id",
        "p",
    ]);
    env.ok(&["inspect", "24", "--check"]);
}

#[test]
fn a_lost_hold_whose_seat_was_taken_is_expired_and_reported() {
    let env = Env::demo();
    let r = env.json(&["reserve", "--showtime", "24", "--user", "7", "A1", "A2"]);
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    set_px(&env, "seat_lock:24:A2", "8", 60_000);
    let s = env.json(&["sweep", "-v"]);
    assert_eq!(s["conflicts"], 1);
    assert_eq!(s["rehydrated"], 0);
    assert_eq!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "EXPIRED"
    );
    assert_eq!(env.get("seat_lock:24:A1"), None, "nothing half-restored");
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("8"));
    assert!(
        s["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "conflict")
    );
}

#[test]
fn drifted_indexes_and_sold_locks_are_repaired() {
    let env = Env::demo();
    env.ok(&["reserve", "--showtime", "24", "--user", "7", "A1"]);
    env.ok(&["reserve", "--showtime", "24", "--user", "8", "B1"]);
    env.ok(&[
        "confirm",
        "--showtime",
        "24",
        "--user",
        "8",
        "--payment-id",
        "p8",
    ]);
    set_px(&env, "seat_lock:24:B1", "8", 60_000); // sold but locked
    set_px(&env, "reserved_seats_24", "not json", 60_000);
    redis::cmd("SET")
        .arg("available_seats_24")
        .arg(r#"["A1","Z9"]"#)
        .query::<()>(&mut env.con())
        .unwrap();
    let out = env.ok(&["sweep"]);
    assert!(out.contains("rebuilt"), "{out}");
    assert!(out.contains("removed 1 lock on sold seats"), "{out}");
    assert_eq!(env.get("reserved_seats_24").as_deref(), Some(r#"["A1"]"#));
    assert_eq!(env.get("seat_lock:24:B1"), None);
    let avail = strs(&serde_json::from_str(&env.get("available_seats_24").unwrap()).unwrap());
    assert_eq!(avail.len(), 118);
    assert!(env.pttl("available_seats_24") > 0);
    env.ok(&["inspect", "24", "--check"]);
}

#[test]
fn locks_without_expiry_are_reported_and_fail_strict() {
    let env = Env::demo();
    redis::cmd("SET")
        .arg("seat_lock:24:E5")
        .arg("42")
        .query::<()>(&mut env.con())
        .unwrap();
    let out = env.ok(&["sweep"]);
    assert!(out.contains("without expiry"), "{out}");
    assert!(out.contains("orphan"), "{out}");
    env.fails(6, &["sweep", "--strict"]);
    // Orphan locks are left alone.
    assert_eq!(env.get("seat_lock:24:E5").as_deref(), Some("42"));
    let quiet = env.run(&["sweep", "-q"]);
    assert!(quiet.stdout.is_empty());
}

#[test]
fn concurrent_sweeps_change_each_booking_once() {
    let env = Env::demo();
    for u in 0..40 {
        env.ok(&[
            "reserve",
            "--showtime",
            "24",
            "--user",
            &format!("u{u}"),
            &format!("{}{}", (b'A' + (u / 12) as u8) as char, u % 12 + 1),
            "--hold",
            "1s",
        ]);
    }
    std::thread::sleep(Duration::from_millis(1200));
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.process()
                .args(["sweep", "--json"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut expired = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success());
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        expired += s["expired"].as_u64().unwrap();
    }
    assert_eq!(expired, 40);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'expire'"),
        40
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'EXPIRED'"),
        40
    );
}

#[test]
fn a_confirm_racing_a_sweep_never_ends_expired() {
    let env = Env::demo();
    for round in 0..6 {
        let user = format!("r{round}");
        let seat = format!("F{}", round + 1);
        let r = env.json(&[
            "reserve",
            "--showtime",
            "24",
            "--user",
            &user,
            &seat,
            "--hold",
            "1s",
        ]);
        std::thread::sleep(Duration::from_millis(900 + 40 * round));
        let spawn = |args: Vec<String>| {
            env.process()
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let mut sweep = spawn(vec!["sweep".into()]);
        let mut confirm = spawn(vec![
            "confirm".into(),
            "--booking".into(),
            r["booking_id"].to_string(),
            "--payment-id".into(),
            format!("pay_{round}"),
        ]);
        assert!(
            confirm.wait().unwrap().success(),
            "round {round}: confirm failed"
        );
        assert!(sweep.wait().unwrap().success());
        assert_eq!(
            env.booking_status(r["booking_id"].as_i64().unwrap()),
            "CONFIRMED",
            "round {round}"
        );
        env.ok(&["sweep"]);
        assert_eq!(
            env.booking_status(r["booking_id"].as_i64().unwrap()),
            "CONFIRMED"
        );
    }
}

#[test]
fn redis_down_is_exit_5_and_sqlite_is_untouched() {
    let mut env = Env::demo();
    env.ok(&[
        "reserve",
        "--showtime",
        "24",
        "--user",
        "7",
        "A1",
        "--hold",
        "1s",
    ]);
    std::thread::sleep(Duration::from_millis(1100));
    env.redis.stop();
    let before = env.db_state();
    let err = env.json_err(5, &["sweep"]);
    assert_eq!(err["service"], "redis");
    env.fails(5, &["sweep"]);
    assert_eq!(env.db_state(), before);
}
