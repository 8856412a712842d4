//! A command paused in flight (between its Redis and SQLite steps) while another one runs.

use std::time::Duration;

use serde_json::Value;

use super::*;
use crate::harness::{Env, strs};

/// Two commands of one user overlapping: the first has taken its locks and not yet recorded its
/// booking when the second one's script runs. Found by the 50-process contention run: the second
/// one merged into the first one's locks and rewrote its reservation key, then recorded a second
/// booking on the same locks once the first was released. Now the second is refused, unchanged.
#[test]
fn a_second_reserve_of_the_same_user_while_the_first_is_in_flight_is_refused() {
    let env = Env::demo();
    let first = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A1 A2 --json",
    );
    wait_for_key(
        &env,
        "seat_lock:24:A2",
        "the first reserve never took its locks",
    );
    let reservation = env.get("seat_reservation_24_7").unwrap();
    let before = env.redis_state();
    let ttl = env.pttl("seat_reservation_24_7");

    // Same user, overlapping seats, a different hold length: refused, nothing written.
    let (_, err) = env.fails(3, "reserve --showtime 24 --user 7 A2 A3 --hold 1m");
    assert!(
        err.contains("another command is changing user 7's hold"),
        "{err}"
    );
    assert_eq!(env.redis_state(), before);
    assert_eq!(env.get("seat_reservation_24_7").unwrap(), reservation);
    assert!(env.pttl("seat_reservation_24_7") <= ttl);
    assert_eq!(env.get("seat_lock:24:A3"), None);
    // The same seats again (a double click) is refused too: only one command records the hold.
    env.fails(3, "reserve --showtime 24 --user 7 A1 A2");
    // Another user is not held up by it.
    env.ok("reserve --showtime 24 --user 8 B1");

    let out = first.resume();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(strs(&v["seats"]), ["A1", "A2"]);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '7'"),
        1,
        "one booking for the one hold"
    );
    // Now the hold is known, the same user adds to it as usual.
    let r = env.json("reserve --showtime 24 --user 7 A3");
    assert_eq!(r["booking_id"], v["booking_id"]);
    assert_eq!(strs(&r["seats"]), ["A1", "A2", "A3"]);
    clean(&env);
}

/// A lock's value is only the user id. When a user's old hold (run out, not yet swept) is
/// released while the same user's new hold of the same seats is between its Redis and SQLite
/// steps, the release must not delete the new hold's locks: the reservation key's reserved_at
/// tells the two holds apart (found by the contention run, where the new hold lost its locks and
/// someone else took the seats).
#[test]
fn releasing_an_old_hold_leaves_the_same_users_new_hold_of_those_seats_alone() {
    let env = Env::demo();
    let old = env.json("reserve --showtime 24 --user 7 A1 A2 --hold 1s");
    let old_id = old["booking_id"].as_i64().unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(env.get("seat_lock:24:A1"), None, "the old hold ran out");
    let again = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A1 A2 --json",
    );
    wait_for_key(
        &env,
        "seat_lock:24:A2",
        "the new reserve never took its locks",
    );
    let new_expiry = pexpiretime(&env, "seat_lock:24:A1");
    // SQLite still says the old booking is PENDING: releasing a seat of it goes through.
    env.ok("release --showtime 24 --user 7 --seat A1");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(pexpiretime(&env, "seat_lock:24:A1"), new_expiry);
    let reservation: Value =
        serde_json::from_str(&env.get("seat_reservation_24_7").unwrap()).unwrap();
    assert_eq!(strs(&reservation["seat_ids"]), ["A1", "A2"]);

    let out = again.resume();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["booking_id"].as_i64().unwrap();
    assert_ne!(id, old_id);
    assert_eq!(env.booking_status(old_id), "EXPIRED");
    assert_eq!(expires_of(&env, id), new_expiry);
    // Somebody else can't take the seat the new hold has.
    env.fails(3, "reserve --showtime 24 --user 8 A1");
    clean(&env);
}

/// Adding seats with a shorter hold than the time left never shortens the hold, not even for
/// the moment between the Redis and SQLite steps: a reserve stalled there (and then refused)
/// would otherwise let the current seats lapse to someone else (found by the contention run).
#[test]
fn adding_seats_with_a_shorter_hold_never_shortens_the_current_one() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 --hold 2m");
    let id = r["booking_id"].as_i64().unwrap();
    let expiry = pexpiretime(&env, "seat_lock:24:A1");
    assert_eq!(expiry, expires_of(&env, id));
    let add = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A2 --hold 1s --json",
    );
    wait_for_key(&env, "seat_lock:24:A2", "the add never took its lock");
    // Mid-command: the current seat keeps its expiry, and the new one shares it.
    assert_eq!(pexpiretime(&env, "seat_lock:24:A1"), expiry);
    assert_eq!(pexpiretime(&env, "seat_lock:24:A2"), expiry);
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    let out = add.resume();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["booking_id"], id);
    assert_eq!(expires_of(&env, id), expiry);
    clean(&env);
}

/// A confirm that started inside the hold but stalled until after it ran out and the sweep
/// expired it: the seats were free for others meanwhile, so when it does commit, the sale is
/// recorded as late (found by the contention run, where it was recorded as on time).
#[test]
fn a_confirm_that_stalls_past_the_hold_and_the_sweep_is_recorded_late() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 --hold 1s");
    let id = r["booking_id"].as_i64().unwrap();
    let confirm = Paused::start(
        &env,
        "confirm-before-sqlite",
        "confirm --showtime 24 --user 7 --payment-id p7 --json",
    );
    std::thread::sleep(Duration::from_millis(1300));
    let s = env.json("sweep");
    assert_eq!(s["expired"], 1, "{s}");
    assert_eq!(env.booking_status(id), "EXPIRED");
    let out = confirm.resume();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["late"], true, "{v}");
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert_eq!(
        env.count(&format!("SELECT late FROM bookings WHERE id = {id}")),
        1
    );
    clean(&env);
}

/// Issue 11, item 1: a live booking lost its lock on C1 (evicted), and another customer's
/// reserve took C1 in Redis and is paused before its SQLite step when the sweep runs. The
/// sweep used to expire the booking ("someone else took C1"), free C2 too, and the customer's
/// payment with 9 minutes left was refused with refund_required. SQLite's fence already says C1
/// is the booking's: the sweep restores its lock over the one in flight; the paused reserve
/// then fails at the fence, and its undo removes only its own locks (D1), never the restored
/// C1; the customer pays on time.
#[test]
fn a_reserve_in_flight_on_a_lost_seat_never_costs_the_live_booking_its_hold() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 1 C1 C2");
    let id = r["booking_id"].as_i64().unwrap();
    let expires = expires_of(&env, id);
    redis::cmd("DEL")
        .arg("seat_lock:24:C1")
        .query::<()>(&mut env.con())
        .unwrap();
    let other = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 2 C1 D1 --json",
    );
    wait_for_key(
        &env,
        "seat_lock:24:D1",
        "the second reserve never took its locks",
    );
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("2"));

    let s = env.json("sweep -v");
    assert_eq!(env.booking_status(id), "PENDING", "{s}");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(s["displaced_locks"], 1, "{s}");
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("1"));
    assert_eq!(pexpiretime(&env, "seat_lock:24:C1"), expires);
    assert_eq!(env.get("seat_lock:24:C2").as_deref(), Some("1"));
    // The reserve in flight keeps its other lock until it finishes.
    assert_eq!(env.get("seat_lock:24:D1").as_deref(), Some("2"));

    let out = other.resume();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    // Its undo took back D1 and its reservation key, and left the restored C1 alone.
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("1"));
    assert_eq!(pexpiretime(&env, "seat_lock:24:C1"), expires);
    assert_eq!(env.get("seat_lock:24:D1"), None);
    assert_eq!(env.get("seat_reservation_24_2"), None);
    let res: Value = serde_json::from_str(&env.get("seat_reservation_24_1").unwrap()).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["C1", "C2"]);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '2'"),
        0
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'expire'"),
        0
    );
    clean(&env);
    env.fails(3, "reserve --showtime 24 --user 2 C1");
    let c = env.json("confirm --showtime 24 --user 1 --payment-id pay1");
    assert_eq!(c["late"], false, "{c}");
    assert_eq!(env.booking_status(id), "CONFIRMED");
    clean(&env);
}

/// Issue 11 item 4, the sold case: a reserve passes the sold-seat fast path, takes its locks,
/// and meanwhile the seat's live booking (its lock lost) is paid. SQLite refuses the reserve;
/// the locks it took are given back, but the sold seat stays out of the free-seat cache.
#[test]
fn a_reserve_refused_because_the_seat_was_sold_meanwhile_keeps_it_out_of_the_free_seat_cache() {
    let mut env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.redis.restart_empty();
    let free: Vec<String> = (b'A'..=b'J')
        .flat_map(|r| (1..=12).map(move |n| format!("{}{n}", r as char)))
        .filter(|s| s != "A1")
        .collect();
    redis::cmd("SET")
        .arg("available_seats_24")
        .arg(serde_json::to_string(&free).unwrap())
        .arg("EX")
        .arg(3600)
        .query::<()>(&mut env.con())
        .unwrap();
    let p = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 8 A1 A3",
    );
    wait_for_key(&env, "seat_lock:24:A3", "the reserve never took its locks");
    // User 7's payment is recorded meanwhile: A1 is sold in SQLite, unlocked in Redis.
    env.sqlite()
        .execute(
            "UPDATE bookings SET status = 'CONFIRMED', payment_id = 'p7', confirmed_at_ms = updated_at_ms WHERE id = 1",
            [],
        )
        .unwrap();
    let out = p.resume();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A3"), None);
    let cache: Vec<String> =
        serde_json::from_str(&env.get("available_seats_24").expect("cache kept")).unwrap();
    assert_eq!(cache, free, "the cache must list exactly the free seats");
}

/// A sweep that saw a live hold with a lost lock, and is slow to act on it: the hold ends (its
/// customer releases) and another customer takes the seat before the sweep writes. The sweep
/// must not restore the old hold over the new holder's lock: paused before its second look at
/// SQLite, it sees the hold has ended and leaves the seat alone; paused after that look (the
/// hold ends in the instant between), it gives the new holder's lock back.
#[test]
fn a_hold_that_ends_while_the_sweep_looks_never_costs_the_seats_next_holder_their_lock() {
    use std::io::{BufRead, Write};
    for failpoint in ["sweep-before-recheck", "sweep-before-reclaim"] {
        let env = Env::demo();
        env.ok("reserve --showtime 24 --user 9 H8");
        redis::cmd("DEL")
            .arg("seat_lock:24:H8")
            .query::<()>(&mut env.con())
            .unwrap();
        let mut sweep = env
            .process()
            .env("BOXOFFICE_FAILPOINT", format!("{failpoint}:pause"))
            .arg("sweep")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = std::io::BufReader::new(sweep.stderr.take().unwrap());
        let mut line = String::new();
        while !line.contains("paused at") {
            line.clear();
            assert!(
                err.read_line(&mut line).unwrap() > 0,
                "{failpoint}: the sweep ended without pausing"
            );
        }
        env.ok("release --showtime 24 --user 9");
        let next = env.json("reserve --showtime 24 --user 22 H8");
        let id = next["booking_id"].as_i64().unwrap();
        sweep.stdin.take().unwrap().write_all(b"\n").unwrap();
        let out = sweep.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{failpoint}: {out:?}");

        assert_eq!(
            env.get("seat_lock:24:H8").as_deref(),
            Some("22"),
            "{failpoint}: the new holder lost their lock"
        );
        assert_eq!(
            pexpiretime(&env, "seat_lock:24:H8"),
            expires_of(&env, id),
            "{failpoint}"
        );
        assert_eq!(env.booking_status(id), "PENDING", "{failpoint}");
        let c = env.json("confirm --showtime 24 --user 22 --payment-id pay22");
        assert_eq!(c["status"], "CONFIRMED", "{failpoint}: {c}");
        assert_eq!(c["late"], false, "{failpoint}: {c}");
    }
}

/// A reserve refused by SQLite gives back what it took in Redis; when Redis cannot be reached
/// for that either, each failed undo step is a `warning:` on stderr ahead of the `error:` line,
/// and stdout (with --json) is the error document alone. Issue 12 moved these warnings from the
/// domain to the CLI: this pins the text and the order.
#[test]
fn a_refused_reserve_whose_undo_cannot_reach_redis_warns_before_its_error() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1");
    let id = r["booking_id"].as_i64().unwrap();
    let add = Paused::start(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A2 --redis-timeout 1s --json",
    );
    wait_for_key(&env, "seat_lock:24:A2", "the add never took its lock");
    // The hold changes under the command (cancelled by hand), so its SQLite step refuses; and
    // Redis stalls past the timeout for the undo.
    env.sqlite()
        .execute(
            "UPDATE bookings SET status = 'CANCELLED' WHERE id = ?1",
            [id],
        )
        .unwrap();
    redis::cmd("CLIENT")
        .arg("PAUSE")
        .arg(4000)
        .arg("ALL")
        .query::<()>(&mut env.con())
        .unwrap();
    let out = add.resume();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert_eq!(lines[0], "paused at reserve-after-redis");
    assert!(
        lines[1].starts_with("warning: could not release the new locks after the failure: "),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with("warning: could not restore the hold after the failure: "),
        "{stderr}"
    );
    assert_eq!(
        lines[3],
        "error: user 7's hold on showtime 24 changed while reserving; nothing was reserved — retry"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "conflict", "{doc}");
    assert_eq!(doc.as_object().unwrap().len(), 1, "{doc}");
}
