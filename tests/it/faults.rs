//! Issue 6: faults. Redis stopped, restarted empty, paused past the timeout, its script cache
//! flushed; the process killed between its Redis and SQLite steps; the SQLite file read-only,
//! its directory missing, locked by another writer, or out of space at commit. Each test
//! asserts the exit code and wording users see, and the real keys and rows before and after.

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::checks;
use crate::harness::{Env, strs};

const ST: i64 = 24;

fn pexpiretime(env: &Env, key: &str) -> i64 {
    redis::cmd("PEXPIRETIME")
        .arg(key)
        .query(&mut env.con())
        .unwrap()
}

fn expires_of(env: &Env, booking: i64) -> i64 {
    env.sqlite()
        .query_row(
            "SELECT expires_at_ms FROM bookings WHERE id = ?1",
            [booking],
            |r| r.get(0),
        )
        .unwrap()
}

fn anomaly_kinds(env: &Env) -> Vec<String> {
    let v = env.json("inspect 24");
    let mut k: Vec<String> = v["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

fn clean(env: &Env) {
    env.ok("inspect 24 --check");
    checks::invariants(env, ST).unwrap();
}

#[test]
fn redis_stopped_mid_run_then_restarted_empty_is_healed_by_sweep() {
    let mut env = Env::demo();
    let held = env.json("reserve --showtime 24 --user 7 A1 A2");
    env.ok("reserve --showtime 24 --user 8 B1");
    env.ok("confirm --showtime 24 --user 8 --payment-id p8");
    let id = held["booking_id"].as_i64().unwrap();

    env.redis.stop();
    let db_before = env.db_state();
    // Every command that needs Redis fails fast and clearly, and changes nothing.
    for args in [
        &["reserve", "--showtime", "24", "--user", "9", "C1"][..],
        &[
            "confirm",
            "--showtime",
            "24",
            "--user",
            "7",
            "--payment-id",
            "p7",
        ][..],
        &["release", "--showtime", "24", "--user", "7"][..],
        &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"][..],
        &["inspect", "24"][..],
        &["sweep"][..],
    ] {
        let t = Instant::now();
        let err = env.json_err(5, args);
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{args:?} took {:?}",
            t.elapsed()
        );
        assert_eq!(err["service"], "redis", "{args:?}: {err}");
        assert_eq!(err["outcome_unknown"], false, "{args:?}: {err}");
        let msg = err["message"].as_str().unwrap();
        assert!(msg.contains("nothing was changed"), "{args:?}: {msg}");
        assert_eq!(env.db_state(), db_before, "{args:?} changed SQLite");
    }
    // SQLite-only commands keep working.
    env.ok("bookings");

    env.redis.restart_empty();
    assert!(env.keys().is_empty());
    assert_eq!(anomaly_kinds(&env), ["lost_hold"]);
    let s = env.json("sweep");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(s["expired"], 0, "{s}");
    // The hold is back, with the expiry SQLite records, and blocks others again.
    let expires = expires_of(&env, id);
    for seat in ["A1", "A2"] {
        let key = format!("seat_lock:24:{seat}");
        assert_eq!(env.get(&key).as_deref(), Some("7"));
        assert_eq!(pexpiretime(&env, &key), expires);
    }
    assert_eq!(
        env.get("seat_lock:24:B1"),
        None,
        "a sold seat is not re-locked"
    );
    clean(&env);
    env.fails(3, "reserve --showtime 24 --user 9 A2");
    let c = env.json("confirm --showtime 24 --user 7 --payment-id p7");
    assert_eq!(c["late"], false);
    clean(&env);
}

#[test]
fn redis_paused_past_the_timeout_is_exit_5_outcome_unknown_and_a_retry_is_safe() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 8 B1");
    let timeout = Duration::from_secs(1);
    for mode in ["ALL", "WRITE"] {
        let user = if mode == "ALL" { "7" } else { "9" };
        let seat = if mode == "ALL" { "A1" } else { "C1" };
        let db_before = env.db_state();
        redis::cmd("CLIENT")
            .arg("PAUSE")
            .arg(4000)
            .arg(mode)
            .query::<()>(&mut env.con())
            .unwrap();
        let t = Instant::now();
        let out = env
            .cmd()
            .args(["reserve", "--showtime", "24", "--user", user, seat])
            .args(["--redis-timeout", "1s", "--json"])
            .output()
            .unwrap();
        let took = t.elapsed();
        assert_eq!(out.status.code(), Some(5), "{out:?}");
        assert!(
            took < timeout + Duration::from_secs(3),
            "CLIENT PAUSE {mode}: took {took:?}, the bound is the 1s timeout + 3s"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("outcome unknown"), "{stderr}");
        assert!(
            stderr.contains("Retrying the same command is safe"),
            "{stderr}"
        );
        let err: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(err["error"]["outcome_unknown"], true, "{err}");
        assert_eq!(err["error"]["service"], "redis", "{err}");
        // SQLite was never reached.
        assert_eq!(env.db_state(), db_before);

        // Wait out the pause (our own connection is paused too), then retry: safe, one hold.
        std::thread::sleep(Duration::from_millis(4200).saturating_sub(t.elapsed()));
        let r = env.json(&["reserve", "--showtime", "24", "--user", user, seat]);
        assert_eq!(strs(&r["seats"]), [seat]);
        assert_eq!(
            env.count(&format!(
                "SELECT COUNT(*) FROM bookings WHERE user_id = '{user}' AND status = 'PENDING'"
            )),
            1
        );
        assert_eq!(
            env.get(&format!("seat_lock:24:{seat}")).as_deref(),
            Some(user)
        );
        env.ok("sweep");
        clean(&env);
    }
}

#[test]
fn a_flushed_script_cache_between_commands_is_reloaded() {
    let env = Env::demo();
    let flush = || {
        redis::cmd("SCRIPT")
            .arg("FLUSH")
            .query::<()>(&mut env.con())
            .unwrap()
    };
    flush();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    flush();
    env.ok("ttl --showtime 24 --user 7 --extend 1m");
    flush();
    env.ok("release --showtime 24 --user 7 --seat A2");
    assert_eq!(env.get("seat_lock:24:A2"), None);
    flush();
    env.ok("inspect 24");
    flush();
    env.ok("confirm --showtime 24 --user 7 --payment-id p7");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    flush();
    redis::cmd("DEL")
        .arg("reserved_seats_24")
        .query::<()>(&mut env.con())
        .unwrap();
    env.ok("reserve --showtime 24 --user 8 B1");
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    flush();
    let s = env.json("sweep");
    assert_eq!(s["rehydrated"], 1, "{s}");
    assert_eq!(env.get("seat_lock:24:B1").as_deref(), Some("8"));
    clean(&env);
}

/// A command stopped at a failpoint (`NAME:pause`) until `resume`, so a test can run another
/// command in the gap.
struct Paused(std::process::Child);

impl Paused {
    fn start(env: &Env, failpoint: &str, args: &[&str]) -> Paused {
        Paused(
            env.process()
                .env("BOXOFFICE_FAILPOINT", format!("{failpoint}:pause"))
                .args(args)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        )
    }

    fn resume(mut self) -> std::process::Output {
        use std::io::Write;
        self.0.stdin.take().unwrap().write_all(b"\n").unwrap();
        self.0.wait_with_output().unwrap()
    }
}

/// Waits until `key` exists in Redis (a command got that far), failing with `what` after 20 s.
fn wait_for_key(env: &Env, key: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while env.get(key).is_none() {
        assert!(Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ages a hold by `secs`: the reservation key's reserved_at is when it started.
fn age_reservation(env: &Env, key: &str, secs: f64) {
    let raw = env.get(key).expect("reservation key");
    let mut v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let at = v["reserved_at"].as_f64().unwrap() - secs;
    v["reserved_at"] = serde_json::json!(at);
    redis::cmd("SET")
        .arg(key)
        .arg(v.to_string())
        .arg("KEEPTTL")
        .query::<()>(&mut env.con())
        .unwrap();
}

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
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "A2",
            "--json",
        ],
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
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "A2",
            "--json",
        ],
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
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A2",
            "--hold",
            "1s",
            "--json",
        ],
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
        &[
            "confirm",
            "--showtime",
            "24",
            "--user",
            "7",
            "--payment-id",
            "p7",
            "--json",
        ],
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
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "2",
            "C1",
            "D1",
            "--json",
        ],
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

/// When the sweep rewrites a crash leftover's reservation key (a lock of it went missing), the
/// key keeps its hold's start: it used to get reserved_at=now, which reset the orphans' age,
/// and made the key look like a newer hold to the command that left it.
#[test]
fn a_crash_leftovers_reservation_key_keeps_its_start_when_the_sweep_rewrites_it() {
    let env = Env::demo();
    crash(
        &env,
        "reserve-after-redis",
        &["reserve", "--showtime", "24", "--user", "7", "A1", "A2"],
    );
    let key = "seat_reservation_24_7";
    age_reservation(&env, key, 30.0);
    let before: Value = serde_json::from_str(&env.get(key).unwrap()).unwrap();
    redis::cmd("DEL")
        .arg("seat_lock:24:A2")
        .query::<()>(&mut env.con())
        .unwrap();
    let s = env.json("sweep");
    assert_eq!(s["reservations_repaired"], 1, "{s}");
    let after: Value = serde_json::from_str(&env.get(key).unwrap()).unwrap();
    assert_eq!(strs(&after["seat_ids"]), ["A1"]);
    let ms = |v: &Value| (v["reserved_at"].as_f64().unwrap() * 1000.0).round() as i64;
    assert_eq!(ms(&after), ms(&before));
    // Aged past the grace, it is removed as the crash leftover it is.
    age_reservation(&env, key, 40.0);
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks_removed"], 1, "{s}");
    assert_eq!(env.locks(), Vec::<String>::new());
    clean(&env);
}

/// Runs a command with a failpoint and asserts it died by SIGABRT, as `kill -9` would leave it.
fn crash(env: &Env, failpoint: &str, args: &[&str]) {
    let out = env
        .cmd()
        .env("BOXOFFICE_FAILPOINT", failpoint)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGABRT),
        "{failpoint}: expected an abort, got {out:?}"
    );
}

#[test]
fn killed_after_taking_the_locks_the_orphans_are_found_and_the_retry_heals() {
    let env = Env::demo();
    crash(
        &env,
        "reserve-after-redis",
        &["reserve", "--showtime", "24", "--user", "7", "A1", "A2"],
    );
    // Redis has the locks, SQLite has nothing.
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    assert_eq!(anomaly_kinds(&env), ["orphan_lock", "orphan_lock"]);
    env.fails(6, "inspect 24 --check");
    // The sweep reports them (a reserve in flight looks the same, so they are left to expire)
    // and other users are kept off the seats meanwhile.
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 2, "{s}");
    env.fails(3, "reserve --showtime 24 --user 8 A2");
    // Within the grace, the customer's own retry can't tell the crashed command from one still
    // running, so it is refused and changes nothing...
    let before = env.redis_state();
    let (_, err) = env.fails(3, "reserve --showtime 24 --user 7 A1 A2");
    assert!(
        err.contains("another command is changing user 7's hold"),
        "{err}"
    );
    assert!(err.contains("abandoned 1m after it started"), "{err}");
    assert_eq!(env.redis_state(), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    // ...and once the hold is older than that, the retry adopts its own locks and records the
    // booking: healed.
    age_reservation(&env, "seat_reservation_24_7", 120.0);
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(env.booking_status(id), "PENDING");
    assert_eq!(pexpiretime(&env, "seat_lock:24:A1"), expires_of(&env, id));
    clean(&env);

    // Without a retry, a short hold's orphans expire on their own.
    crash(
        &env,
        "reserve-after-redis",
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "9",
            "C1",
            "--hold",
            "1s",
        ],
    );
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("9"));
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("sweep");
    assert_eq!(env.get("seat_lock:24:C1"), None);
    clean(&env);
}

/// Orphans older than the grace period can't be a reserve in flight: the sweep removes them,
/// puts the keys in order, and the seats are on sale again at once.
#[test]
fn killed_after_taking_the_locks_a_minute_later_the_sweep_removes_the_orphans() {
    let env = Env::demo();
    crash(
        &env,
        "reserve-after-redis",
        &["reserve", "--showtime", "24", "--user", "7", "A1", "A2"],
    );
    let key = "seat_reservation_24_7";
    age_reservation(&env, key, 120.0);
    // A dry run says what it would do and does nothing.
    let s = env.json("sweep --dry-run");
    assert_eq!(s["orphan_locks_removed"], 2, "{s}");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 2, "{s}");
    assert_eq!(s["orphan_locks_removed"], 2, "{s}");
    assert_eq!(env.locks(), Vec::<String>::new());
    assert_eq!(env.get(key), None, "the reservation key follows its locks");
    env.ok("inspect 24 --check");
    env.ok("reserve --showtime 24 --user 8 A2");
    // The next sweep has nothing to say about them.
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 0, "{s}");
}

#[test]
fn killed_after_recording_a_sale_the_leftover_locks_are_swept() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    crash(
        &env,
        "confirm-after-sqlite",
        &[
            "confirm",
            "--booking",
            &id.to_string(),
            "--payment-id",
            "p7",
        ],
    );
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    // The leftovers: both locks, and the reservation and index keys that still list them.
    assert_eq!(
        anomaly_kinds(&env),
        [
            "reservation_mismatch",
            "sold_but_locked",
            "sold_but_locked",
            "stale_index"
        ]
    );
    // Harmless meanwhile: nobody else can take the sold seats.
    env.fails(3, "reserve --showtime 24 --user 8 A1");
    let s = env.json("sweep");
    assert_eq!(s["sold_locks_removed"], 2, "{s}");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A2"), None);
    assert_eq!(env.get("seat_reservation_24_7"), None);
    clean(&env);
    // The payment webhook's retry is still answered as a success, and changes nothing.
    let c = env.json(&[
        "confirm",
        "--booking",
        &id.to_string(),
        "--payment-id",
        "p7",
    ]);
    assert_eq!(c["already_confirmed"], true);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'confirm'"),
        1
    );
}

#[test]
fn killed_after_recording_a_release_the_leftover_locks_are_found_and_expire() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 --hold 2s");
    let id = r["booking_id"].as_i64().unwrap();
    crash(
        &env,
        "release-after-sqlite",
        &["release", "--showtime", "24", "--user", "7"],
    );
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(anomaly_kinds(&env), ["orphan_lock"]);
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 1, "{s}");
    // Staff can free it at once...
    env.ok("release --showtime 24 --seat A1 --force --yes");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    clean(&env);
    // ...and otherwise it runs out with the hold.
    let r = env.json("reserve --showtime 24 --user 8 B1 --hold 1s");
    crash(
        &env,
        "release-after-sqlite",
        &["release", "--booking", &r["booking_id"].to_string()],
    );
    assert_eq!(env.get("seat_lock:24:B1").as_deref(), Some("8"));
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("sweep");
    clean(&env);
    env.ok("reserve --showtime 24 --user 9 B1");
}

/// Makes a file unwritable even for root (`chattr +i`) and undoes it on drop, so the temp dir
/// can be removed whatever happens.
struct Immutable(std::path::PathBuf);

impl Immutable {
    fn set(path: &std::path::Path) -> Result<Immutable, String> {
        let out = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .map_err(|e| format!("chattr: {e}"))?;
        if out.status.success() {
            Ok(Immutable(path.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_read_only_database_is_exit_5_and_nothing_is_held() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 8 B1");
    let before = (env.redis_state(), env.db_state());
    let _guard;
    if unsafe { libc::geteuid() } == 0 {
        // Root writes through a 0400 mode; the immutable attribute stops root too.
        match Immutable::set(&env.db) {
            Ok(g) => _guard = g,
            Err(e) => {
                crate::harness::cannot_run(
                    "a_read_only_database",
                    &format!(
                        "running as root, where chmod 0400 does not stop writes, and \
                         `chattr +i` is not available here ({e})"
                    ),
                );
                return;
            }
        }
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    }
    for args in [
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &[
            "confirm",
            "--showtime",
            "24",
            "--user",
            "8",
            "--payment-id",
            "p8",
        ][..],
        &["release", "--showtime", "24", "--user", "8"][..],
    ] {
        let err = env.json_err(5, args);
        let msg = err["message"].as_str().unwrap();
        assert_eq!(err["service"], "database", "{args:?}: {err}");
        assert!(msg.contains("read-only"), "{args:?}: {msg}");
        assert!(!msg.contains("database is locked"), "{msg}");
        // The reserve took its locks before SQLite refused, and gave them back.
        assert_eq!((env.redis_state(), env.db_state()), before, "{args:?}");
    }
    // Reading still works.
    env.ok("bookings");
    env.ok("inspect 24");
}

#[test]
fn a_missing_database_directory_is_exit_4_and_nothing_is_created() {
    let env = Env::demo();
    let gone = env.dir.path().join("no-such-dir").join("boxoffice.db");
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &gone)
        .args(["reserve", "--showtime", "24", "--user", "7", "A1", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no database at"), "{stderr}");
    assert!(stderr.contains("boxoffice init"), "{stderr}");
    assert!(
        !gone.parent().unwrap().exists(),
        "the directory was created"
    );
    assert!(env.keys().is_empty(), "Redis was touched");

    // The directory removed under a working database: the same clear answer.
    std::fs::remove_dir_all(env.dir.path()).unwrap();
    let (_, stderr) = env.fails(4, "bookings");
    assert!(stderr.contains("no database at"), "{stderr}");
    // A parent that is a file: init cannot create the directory, exit 5 with the reason.
    std::fs::create_dir_all(env.dir.path()).unwrap();
    let file = env.dir.path().join("plainfile");
    std::fs::write(&file, b"x").unwrap();
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", file.join("boxoffice.db"))
        .args(["init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot create directory"),
        "{out:?}"
    );
}

#[test]
fn a_writer_busy_for_a_moment_is_waited_for() {
    let env = Env::demo();
    let blocker = env.sqlite();
    blocker.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let reserve = env
        .process()
        .args(["reserve", "--showtime", "24", "--user", "7", "A1", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reserve has taken its lock in Redis and is waiting for SQLite.
    wait_for_key(&env, "seat_lock:24:A1", "the reserve never reached SQLite");
    std::thread::sleep(Duration::from_millis(500));
    blocker.execute_batch("ROLLBACK;").unwrap();
    let out = reserve.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'"),
        1
    );
    clean(&env);
}

#[test]
fn a_database_locked_by_another_writer_is_exit_5_and_nothing_is_half_written() {
    let env = Env::demo();
    let before = (env.redis_state(), env.db_state());
    let blocker = env.sqlite();
    blocker.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let t = Instant::now();
    let out = env
        .cmd()
        .args([
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "A2",
            "--json",
        ])
        .output()
        .unwrap();
    let took = t.elapsed();
    blocker.execute_batch("ROLLBACK;").unwrap();
    drop(blocker);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    // It waited for the busy timeout (10 s), not forever, and not less.
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert!(took >= Duration::from_secs(9), "gave up after {took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is busy"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(
        !stderr.contains("database is locked"),
        "raw SQLite text: {stderr}"
    );
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["service"], "database");
    assert_eq!(err["error"]["outcome_unknown"], false);
    // The locks it took first were given back; no booking, no audit row.
    assert_eq!((env.redis_state(), env.db_state()), before);
    // And once the writer is gone, the same command works.
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    clean(&env);
}

/// A tmpfs mounted for one test (root only), unmounted on drop.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &std::path::Path, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if out.status.success() {
            Ok(Tmpfs(at.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_full_disk_at_commit_is_exit_5_and_leaves_no_partial_booking() {
    // Dropped last: the mount point's parent, after the unmount.
    let outer = tempfile::tempdir().unwrap();
    let mnt = outer.path().join("small");
    let _fs = match Tmpfs::mount(&mnt, "1m") {
        Ok(fs) => fs,
        Err(e) => {
            crate::harness::cannot_run(
                "a_full_disk_at_commit",
                &format!(
                    "needs root to mount a small tmpfs ({e}); SQLite's max_page_count is per \
                     connection, so it cannot be imposed on the binary"
                ),
            );
            return;
        }
    };
    let env = Env {
        redis: crate::server::RedisServer::start(),
        db: mnt.join("boxoffice.db"),
        dir: tempfile::tempdir().unwrap(),
    };
    env.ok("init --demo");
    env.ok("reserve --showtime 24 --user 8 B1");
    // Keep a reader open so the -wal and -shm files stay allocated; then fill the disk.
    let reader = env.sqlite();
    reader
        .query_row("SELECT COUNT(*) FROM bookings", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let filler = mnt.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0xa5u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let before = (env.redis_state(), env.db_state());
    let out = env
        .cmd()
        .args([
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "A2",
            "--json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(stderr.contains("rolled back"), "{stderr}");
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["service"], "database", "{err}");
    // No partial booking, no audit row, and the locks it took first were given back.
    assert_eq!((env.redis_state(), env.db_state()), before);
    let ok: String = reader
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(reader);
    // Space again: the same command works.
    std::fs::remove_file(&filler).unwrap();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
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
        &["reserve", "--showtime", "24", "--user", "8", "A1", "A3"],
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
