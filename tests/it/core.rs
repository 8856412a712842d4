//! Issue 2: reserve, confirm, release, bookings and the catalog, end to end.

use std::time::{Duration, Instant};

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

#[test]
fn confirm_sells_and_clears_the_hold() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].to_string();
    let c = env.json(&[
        "confirm",
        "--booking",
        &id,
        "--payment-id",
        "pay_29QQoUBi66xm2f",
    ]);
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
    let again = env.json(&[
        "confirm",
        "--booking",
        &id,
        "--payment-id",
        "pay_29QQoUBi66xm2f",
    ]);
    assert_eq!(again["status"], "CONFIRMED");
    assert_eq!(env.db_state(), before);

    // A different payment for a sold booking is a double charge.
    let err = env.json_err(
        3,
        &["confirm", "--booking", &id, "--payment-id", "pay_other"],
    );
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
    let err = env.json_err(
        3,
        &["confirm", "--booking", &id, "--payment-id", "pay_late"],
    );
    assert_eq!(err["refund_required"], true);
    assert_eq!(err["kind"], "conflict");
    assert!(err["message"].as_str().unwrap().contains("refund"));
    assert_ne!(
        env.booking_status(r["booking_id"].as_i64().unwrap()),
        "CONFIRMED"
    );
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("8"));
    let (_, stderr) = env.fails(
        3,
        &["confirm", "--booking", &id, "--payment-id", "pay_late"],
    );
    assert!(stderr.contains("refunded"), "{stderr}");
}

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
    let all = env.json(&["release", "--booking", &id.to_string()]);
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
    env.fails(4, &["release", "--booking", &id.to_string()]);
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

#[test]
fn bookings_and_showtimes_work_while_redis_is_down() {
    let mut env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.redis.stop();
    let list = env.json("bookings --status PENDING");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["user"], "7");
    let shows = env.json("showtime list");
    assert_eq!(shows[0]["showtime_id"], 24);
    assert_eq!(shows[0]["pending"], 1);
}

#[test]
fn redis_down_fails_fast_with_exit_5_and_touches_nothing() {
    let mut env = Env::demo();
    env.redis.stop();
    let before = env.db_state();
    let t = Instant::now();
    let err = env.json_err(5, "reserve --showtime 24 --user 7 A1");
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(err["kind"], "unavailable");
    assert_eq!(err["service"], "redis");
    assert_eq!(env.db_state(), before);
    env.fails(5, "confirm --showtime 24 --user 7 --payment-id p");
    assert_eq!(env.db_state(), before);
}

#[test]
fn the_redis_password_is_never_printed() {
    let env = Env::demo();
    for url in [
        "redis://:hunter2secret@127.0.0.1:1/0".to_string(),
        format!("redis://admin:hunter2secret@127.0.0.1:{}/0", env.redis.port),
    ] {
        for args in [
            &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
            &["reserve", "--showtime", "24", "--user", "7", "A1", "--json"][..],
            &["--help"][..],
            &["reserve", "--help"][..],
        ] {
            let out = env
                .cmd()
                .env("REDIS_URL", &url)
                .args(args)
                .output()
                .unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !all.contains("hunter2secret"),
                "password leaked by {args:?}: {all}"
            );
        }
    }
}

#[test]
fn init_is_idempotent_and_the_db_is_private() {
    let env = Env::bare();
    env.ok("init");
    env.ok("init --demo");
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("init --demo");
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 1);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seats WHERE showtime_id = 24"),
        120
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "database readable by others: {mode:o}");
    }
    // Other commands refuse to run without a database, and say how to make one.
    let other = Env::bare();
    let (_, stderr) = other.fails(4, "bookings");
    assert!(stderr.contains("boxoffice init"), "{stderr}");
    assert!(!other.db.exists());
}

#[test]
fn showtime_add_and_list() {
    let env = Env::bare();
    env.ok("init");
    let s = env.json(&[
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-01T20:00:00Z",
        "--rows",
        "A-C",
        "--seats-per-row",
        "5",
        "--id",
        "31",
        "--screen",
        "Screen 2",
    ]);
    assert_eq!(s["showtime_id"], 31);
    assert_eq!(s["seats"], 15);
    assert_eq!(strs(&s["rows"]), ["A", "B", "C"]);
    let auto = env.json(
        "showtime add --movie Heat --starts 2099-12-02T20:00:00+01:00 --rows A --seats-per-row 2",
    );
    assert_eq!(auto["showtime_id"], 32);
    let list = env.json("showtime list");
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["movie"], "Dune");
    env.fails(3, "showtime add --movie Dune --starts 2099-12-01T20:00:00Z --rows A --seats-per-row 5 --id 31");
    env.ok("reserve --showtime 31 --user 7 C5");
    env.fails(4, "reserve --showtime 31 --user 7 C6");
    env.fails(4, "reserve --showtime 99 --user 7 A1");
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
fn thirty_processes_racing_never_hold_or_sell_a_seat_twice() {
    let env = Env::demo();
    // 30 users, each wanting 3 seats out of A1..A6, so every pair of users overlaps.
    let mut children = Vec::new();
    for u in 0..30 {
        let a = 1 + (u % 4);
        let seats: Vec<String> = (a..a + 3).map(|n| format!("A{n}")).collect();
        let mut cmd = env.process();
        cmd.args([
            "reserve",
            "--showtime",
            "24",
            "--user",
            &format!("u{u}"),
            "--json",
        ])
        .args(&seats)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
        children.push((u, seats, cmd.spawn().unwrap()));
    }
    let mut winners = Vec::new();
    for (u, seats, child) in children {
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => winners.push((u, seats)),
            Some(3) => {}
            other => panic!(
                "user {u}: exit {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
    assert!(!winners.is_empty(), "somebody must win");
    let mut held = std::collections::HashMap::new();
    for (u, seats) in &winners {
        for s in seats {
            if let Some(prev) = held.insert(s.clone(), *u) {
                panic!("seat {s} held by u{prev} and u{u}");
            }
            assert_eq!(env.get(&format!("seat_lock:24:{s}")), Some(format!("u{u}")));
        }
    }
    let live = env.count("SELECT COUNT(*) FROM booking_seats WHERE live = 1");
    assert_eq!(live as usize, held.len());
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'") as usize,
        winners.len()
    );
    // Now race to confirm everything, and race losers to re-reserve: still one sale per seat.
    let mut children = Vec::new();
    for (u, _) in &winners {
        let mut cmd = env.process();
        cmd.args(["confirm", "--showtime", "24", "--user", &format!("u{u}")])
            .args(["--payment-id", &format!("pay_{u}")])
            .stdout(std::process::Stdio::null());
        children.push(cmd.spawn().unwrap());
    }
    for u in 30..40 {
        let mut cmd = env.process();
        cmd.args([
            "reserve",
            "--showtime",
            "24",
            "--user",
            &format!("u{u}"),
            "A1-A6",
        ])
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null());
        children.push(cmd.spawn().unwrap());
    }
    for mut c in children {
        c.wait().unwrap();
    }
    let sold = env.count(
        "SELECT COUNT(*) FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id WHERE b.status = 'CONFIRMED' AND bs.live = 1",
    );
    let distinct = env.count(
        "SELECT COUNT(DISTINCT seat_id) FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id WHERE b.status = 'CONFIRMED'",
    );
    assert_eq!(sold, distinct, "a seat was sold twice");
    assert_eq!(sold as usize, held.len());
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

/// A showtime that has already started is refused (exit 2, nothing added) unless --force.
#[test]
fn showtime_add_refuses_a_start_in_the_past_without_force() {
    let env = Env::bare();
    env.ok("init");
    let args = [
        "showtime",
        "add",
        "--movie",
        "Yesterday",
        "--starts",
        "2001-01-01T20:00:00Z",
        "--rows",
        "A",
        "--seats-per-row",
        "2",
    ];
    let before = env.db_state();
    let (_, err) = env.fails(2, &args);
    assert!(
        err.contains("in the past") && err.contains("--force"),
        "{err}"
    );
    assert!(err.contains("nothing was added"), "{err}");
    assert_eq!(env.db_state(), before);
    let mut forced = args.to_vec();
    forced.push("--force");
    let s = env.json(&forced);
    assert_eq!(s["starts_at"], "2001-01-01T20:00:00Z");
    // The demo showtime is always in the future, so `init --demo` keeps working.
    env.ok("init --demo");
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
