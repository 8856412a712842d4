//! `block` / `unblock`: seats off sale with a reason, durable in SQLite and fenced like sales;
//! `reserve` refused on a blocked seat, and `reserve --force` over one. How blocks are shown
//! (the seat map, inspect, completion, hostile reasons) is in `shown.rs`.

mod shown;

use serde_json::Value;

use crate::harness::{Env, strs};

/// Writes the free-seat cache as the guide's code does: every free seat of the map.
pub fn seed_cache(env: &Env) {
    let free: Vec<String> = env.json("inspect 24")["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "free")
        .map(|s| s["seat"].as_str().unwrap().to_string())
        .collect();
    let mut con = env.con();
    let _: () = redis::Commands::set_ex(
        &mut con,
        "available_seats_24",
        serde_json::to_string(&free).unwrap(),
        3600,
    )
    .unwrap();
}

/// The free-seat cache as a list.
pub fn cache(env: &Env) -> Vec<String> {
    serde_json::from_str(&env.get("available_seats_24").expect("cache")).unwrap()
}

fn live_blocks(env: &Env) -> Vec<(String, String, String)> {
    let con = env.sqlite();
    let mut s = con
        .prepare(
            "SELECT seat_id, reason, operator FROM seat_blocks WHERE live = 1 ORDER BY seat_id",
        )
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn block_takes_seats_off_sale_and_reserve_says_why() {
    let env = Env::demo();
    seed_cache(&env);
    assert!(cache(&env).contains(&"F7".to_string()));
    let out = env.ok(&[
        "block",
        "--showtime",
        "24",
        "F7",
        "H1-H2",
        "--reason",
        "broken seat",
    ]);
    assert_eq!(out, "Blocked F7, H1, H2 on showtime 24: broken seat.\n");
    assert_eq!(
        live_blocks(&env),
        [
            ("F7".into(), "broken seat".into(), "tester".into()),
            ("H1".into(), "broken seat".into(), "tester".into()),
            ("H2".into(), "broken seat".into(), "tester".into()),
        ]
    );
    let c = cache(&env);
    for s in ["F7", "H1", "H2"] {
        assert!(!c.contains(&s.to_string()), "{s} still listed free: {c:?}");
    }
    assert!(c.contains(&"F8".to_string()));
    // A blocked seat can't be reserved: exit 3, saying blocked and why; nothing changes.
    let before = (env.redis_state(), env.db_state());
    let (_, stderr) = env.fails(3, "reserve --showtime 24 --user 7 F6 F7");
    assert!(
        stderr.contains("seat F7 is blocked: broken seat"),
        "{stderr}"
    );
    assert_eq!((env.redis_state(), env.db_state()), before);
    let err = env.json_err(3, "reserve --showtime 24 --user 7 F7");
    assert_eq!(err["kind"], "conflict");
    assert_eq!(err["taken"][0]["state"], "blocked");
    assert_eq!(err["taken"][0]["reason"], "broken seat");
    assert_eq!((env.redis_state(), env.db_state()), before);
    // Audited with operator, reason and seats.
    let con = env.sqlite();
    let (seats, operator, detail): (String, String, String) = con
        .query_row(
            "SELECT seats, operator, detail FROM audit WHERE action = 'block'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(seats, r#"["F7","H1","H2"]"#);
    assert_eq!(operator, "tester");
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["reason"], "broken seat");
}

#[test]
fn blocking_a_held_or_sold_seat_is_refused_naming_it() {
    let env = Env::demo();
    let held = env.json("reserve --showtime 24 --user 7 A1");
    let sold = env.json("reserve --showtime 24 --user 8 A2");
    let sold_id = sold["booking_id"].as_i64().unwrap();
    env.ok(&format!("confirm --booking {sold_id} --payment-id pay_1"));
    let before = (env.redis_state(), env.db_state());
    let (_, stderr) = env.fails(
        3,
        &["block", "--showtime", "24", "A1", "A3", "--reason", "x"],
    );
    assert!(
        stderr.contains(&format!(
            "A1 (held by user 7, booking {})",
            held["booking_id"]
        )),
        "{stderr}"
    );
    let err = env.json_err(3, &["block", "--showtime", "24", "A2", "--reason", "x"]);
    assert_eq!(err["taken"][0]["state"], "sold");
    assert_eq!(err["taken"][0]["booking_id"], sold_id);
    assert!(err["message"].as_str().unwrap().contains("user 8"), "{err}");
    assert_eq!((env.redis_state(), env.db_state()), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM seat_blocks"), 0);
}

#[test]
fn repeats_are_already_done_and_bad_input_changes_nothing() {
    let env = Env::demo();
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    let before = (env.redis_state(), env.db_state());
    // Same seat again, other reason: exit 0, the first reason kept.
    let out = env.ok(&["block", "--showtime", "24", "F7", "--reason", "house seats"]);
    assert_eq!(
        out,
        "F7 on showtime 24 was already blocked: broken seat (unchanged).\n"
    );
    let j = env.json(&["block", "--showtime", "24", "F7", "--reason", "house"]);
    assert_eq!(strs(&j["blocked"]), Vec::<String>::new());
    assert_eq!(j["already_blocked"][0]["seat"], "F7");
    assert_eq!(j["already_blocked"][0]["reason"], "broken seat");
    assert_eq!((env.redis_state(), env.db_state()), before);
    // Unblocking a free seat: exit 0, already.
    let out = env.ok("unblock --showtime 24 F8");
    assert_eq!(
        out,
        "F8 on showtime 24 was not blocked (already unblocked).\n"
    );
    // Bad input: exit 4 (not in the layout), 2 (no --reason, blank reason, bad seat).
    env.fails(
        4,
        &["block", "--showtime", "24", "F7", "Z99", "--reason", "x"],
    );
    env.fails(4, &["block", "--showtime", "99", "F7", "--reason", "x"]);
    env.fails(2, "block --showtime 24 F8");
    env.fails(2, &["block", "--showtime", "24", "F8", "--reason", "  "]);
    env.fails(2, &["block", "--showtime", "24", "--reason", "x"]);
    env.fails(4, "unblock --showtime 24 Z99");
    assert_eq!((env.redis_state(), env.db_state()), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM seat_blocks"), 1);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action IN ('block', 'unblock')"),
        1
    );
}

#[test]
fn unblock_puts_seats_back_on_sale() {
    let env = Env::demo();
    seed_cache(&env);
    env.ok(&[
        "block",
        "--showtime",
        "24",
        "F7",
        "F8",
        "--reason",
        "broken seat",
    ]);
    let j = env.json(&[
        "unblock",
        "--showtime",
        "24",
        "F7",
        "F9",
        "--reason",
        "repaired",
    ]);
    assert_eq!(j["unblocked"][0]["seat"], "F7");
    assert_eq!(j["unblocked"][0]["reason"], "broken seat");
    assert_eq!(strs(&j["already_unblocked"]), ["F9"]);
    assert_eq!(live_blocks(&env).len(), 1);
    let c = cache(&env);
    assert!(c.contains(&"F7".to_string()) && !c.contains(&"F8".to_string()));
    // In layout order, as the guide lists it.
    let mut sorted = c.clone();
    sorted.sort_by_key(|s| (s[..1].to_string(), s[1..].parse::<u32>().unwrap()));
    assert_eq!(c, sorted);
    let con = env.sqlite();
    let detail: String = con
        .query_row(
            "SELECT detail FROM audit WHERE action = 'unblock'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["reason"], "repaired");
    assert_eq!(detail["blocked_for"]["F7"], "broken seat");
    // The ended block stays, for the history.
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM seat_blocks WHERE seat_id = 'F7' AND unblocked_at_ms IS NOT NULL"
        ),
        1
    );
    env.ok("reserve --showtime 24 --user 7 F7");
    // Unblocking a sold seat does not put it on the cache.
    let id = env.json("reserve --showtime 24 --user 9 F10")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id p1"));
    env.ok("unblock --showtime 24 F10");
    assert!(!cache(&env).contains(&"F10".to_string()));
}

#[test]
fn the_database_refuses_a_claim_on_a_blocked_seat_whatever_redis_says() {
    let env = Env::demo();
    seed_cache(&env);
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    // Redis lies: the cache lists F7 as free again.
    let mut listed = cache(&env);
    listed.push("F7".into());
    let mut con = env.con();
    let _: () = redis::Commands::set_ex(
        &mut con,
        "available_seats_24",
        serde_json::to_string(&listed).unwrap(),
        3600,
    )
    .unwrap();
    let err = env.json_err(3, "reserve --showtime 24 --user 7 F7");
    assert_eq!(err["taken"][0]["state"], "blocked");
    assert_eq!(env.get("seat_lock:24:F7"), None);
    // And the schema itself refuses it, for any writer.
    let sql = env.sqlite();
    sql.execute(
        "INSERT INTO bookings (showtime_id, user_id, status, created_at_ms, hold_started_at_ms, \
         expires_at_ms, updated_at_ms) VALUES (24, 'x', 'PENDING', 0, 0, 9999999999999, 0)",
        [],
    )
    .unwrap();
    let id = sql.last_insert_rowid();
    let e = sql
        .execute(
            "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live) VALUES (?1, 24, 'F7', 1)",
            [id],
        )
        .unwrap_err();
    assert!(e.to_string().contains("seat is blocked"), "{e}");
}

#[test]
fn reserve_force_sells_a_blocked_seat_after_asking_and_audits_it() {
    let env = Env::demo();
    seed_cache(&env);
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "house seats"]);
    let before = (env.redis_state(), env.db_state());
    // No terminal, no --yes: exit 2, nothing changed.
    let (_, stderr) = env.fails(2, "reserve --showtime 24 --user 7 F7 --force");
    assert!(
        stderr.contains("--yes") && stderr.contains("house seats"),
        "{stderr}"
    );
    assert_eq!((env.redis_state(), env.db_state()), before);
    let r = env.json("reserve --showtime 24 --user 7 F6 F7 --force --yes");
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(strs(&r["seats"]), ["F6", "F7"]);
    assert_eq!(r["overridden_blocks"][0]["seat"], "F7");
    assert_eq!(r["overridden_blocks"][0]["reason"], "house seats");
    assert_eq!(env.get("seat_lock:24:F7").as_deref(), Some("7"));
    assert!(live_blocks(&env).is_empty());
    let con = env.sqlite();
    let (seats, forced, bid, detail): (String, bool, i64, String) = con
        .query_row(
            "SELECT seats, forced, booking_id, detail FROM audit WHERE action = 'block_override'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((seats.as_str(), forced, bid), (r#"["F7"]"#, true, id));
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["overridden_by_booking"], id);
    assert_eq!(detail["blocked_for"]["F7"], "house seats");
    // --force without a blocked seat asks nothing, and never takes someone else's hold.
    env.ok("reserve --showtime 24 --user 8 G1 --force");
    env.fails(3, "reserve --showtime 24 --user 9 F7 --force --yes");
    // Pay for it: sold, and the seat can't be blocked now.
    env.ok(&format!("confirm --booking {id} --payment-id p1"));
    env.fails(3, &["block", "--showtime", "24", "F7", "--reason", "x"]);
}

#[test]
fn a_late_payment_for_a_seat_blocked_meanwhile_is_refused_for_a_refund() {
    let env = Env::demo();
    let id = env.json("reserve --showtime 24 --user 7 F7 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    env.ok("sweep");
    assert_eq!(env.booking_status(id), "EXPIRED");
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    let err = env.json_err(3, &format!("confirm --booking {id} --payment-id pay_late"));
    assert_eq!(err["refund_required"], true, "{err}");
    assert_eq!(err["taken"][0]["state"], "blocked");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("seat F7 is blocked: broken seat")
    );
    assert_eq!(env.booking_status(id), "EXPIRED");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seat_blocks WHERE live = 1"),
        1
    );
}

/// Reserves and blocks of the same seats racing, as separate processes: for every seat exactly
/// one wins (the other exits 3), and no seat ends both blocked and claimed.
#[test]
fn racing_reserves_and_blocks_never_leave_a_seat_both_blocked_and_held() {
    let env = Env::demo();
    seed_cache(&env);
    let seats: Vec<String> = (1..=6).map(|n| format!("F{n}")).collect();
    let mut children = Vec::new();
    for (i, seat) in seats.iter().enumerate() {
        let user = format!("u{i}");
        let reserve = ["reserve", "--showtime", "24", "--user", &user, seat];
        let block = ["block", "--showtime", "24", seat, "--reason", "race"];
        for args in [&reserve[..], &block[..]] {
            let child = env
                .process()
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            children.push((seat.clone(), args[0].to_string(), child));
        }
    }
    let mut wins: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (seat, cmd, child) in children {
        let out = child.wait_with_output().unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(3)),
            "{cmd} {seat}: exit {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if code == Some(0) {
            wins.entry(seat).or_default().push(cmd);
        }
    }
    for seat in &seats {
        let w = wins.get(seat).cloned().unwrap_or_default();
        assert_eq!(w.len(), 1, "{seat}: winners {w:?}");
        let blocked = env.count(&format!(
            "SELECT COUNT(*) FROM seat_blocks WHERE seat_id = '{seat}' AND live = 1"
        ));
        let claimed = env.count(&format!(
            "SELECT COUNT(*) FROM booking_seats WHERE seat_id = '{seat}' AND live = 1"
        ));
        assert_eq!(
            (blocked, claimed),
            if w[0] == "block" { (1, 0) } else { (0, 1) },
            "{seat}"
        );
        assert!(!cache(&env).contains(seat), "{seat} listed free");
    }
    assert!(crate::checks::blocked_and_claimed(&env).is_empty());
    env.ok("inspect 24 --check");
}
