//! Issue 11, item 1: eviction. Redis runs with a small `maxmemory` and `allkeys-lru`, and a
//! filler keeps writing keys, so Redis keeps evicting, seat locks among them, while worker
//! processes reserve, add seats, confirm and release over a few contended seats and sweeps run
//! in a loop. That is how a live booking used to be lost: its lock was evicted, another
//! customer's reserve took the seat in Redis (to be refused by SQLite's fence a moment later),
//! and a sweep in that moment expired the booking with minutes left and refused its payment.
//!
//! From the real state afterwards, with the checks the failover test shares (`checks.rs`):
//! * no booking was expired before its `expires_at` (`checks::expired_early`);
//! * no confirm or release was refused while its hold still had time;
//! * every confirm that reported success is CONFIRMED with its payment
//!   (`checks::confirmed_as_reported`), and every exit-5 confirm, retried, succeeds or reports
//!   the refund owed (`checks::retried_confirms`; eviction alone should cause none);
//! * nothing a user must never see (exit 1 or 5, a panic), no seat sold twice or in two live
//!   bookings;
//! * Redis did evict (otherwise the run proved nothing).
//!
//! A short form runs with `cargo test` (a smoke test: the race it hunts needs a lock evicted, a
//! reserve in flight on that seat and a sweep in the same few milliseconds, which a few seconds
//! rarely line up); the long one is `#[ignore]`d: `cargo test --test it eviction -- --ignored`
//! (45 s; before the fix it found 5 bookings expired with 3 s left and their payments refused).
//! The exact sequences are `sweep::a_lost_hold_with_a_stray_lock_on_its_seat_*` and
//! `faults::a_reserve_in_flight_on_a_lost_seat_*`.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::checks;
use crate::harness::Env;
use crate::server::RedisServer;

/// The first showtime; the workers move to the next one every [`EPOCH`], before the seats of
/// the current one are all sold.
const ST: i64 = 9;
const EPOCH: Duration = Duration::from_secs(4);
const SEATS: u64 = 40;
/// The hold every reserve asks for: long enough that a confirm starts with time left.
const HOLD_MS: i64 = 4_000;
/// A confirm or release that started with at least this much of its hold left must succeed
/// (process start-up and a busy database are well below it).
const MARGIN_MS: i64 = 1_200;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One of the 40 seats (A-D, 1-10).
fn seat(i: u64) -> String {
    format!("{}{}", char::from(b'A' + (i / 10) as u8), i % 10 + 1)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A confirm or release a worker ran on its booking: when it started, and how it ended.
struct Attempt {
    what: &'static str,
    booking: i64,
    started_ms: i64,
    args: Vec<String>,
    code: Option<i32>,
    output: String,
}

#[derive(Default)]
struct Tally {
    reserves: usize,
    reserved: usize,
    sweeps: usize,
    by_exit: BTreeMap<String, usize>,
    attempts: Vec<Attempt>,
    problems: Vec<String>,
}

fn run(env: &Env, args: &[String]) -> std::process::Output {
    env.process().args(args).output().expect("spawn boxoffice")
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// One worker, one customer of its own, until `deadline`.
fn worker(env: &Env, w: usize, start: Instant, deadline: Instant, tally: &Mutex<Tally>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (w as u64 + 7).wrapping_mul(0x1234_5678_9abc_def1));
    let user = format!("e{w}");
    let hold = format!("{HOLD_MS}ms");
    let mut i = 0;
    while Instant::now() < deadline {
        i += 1;
        let st = (ST + (start.elapsed().as_secs() / EPOCH.as_secs()) as i64).to_string();
        let mut args = s(&[
            "reserve",
            "--showtime",
            &st,
            "--user",
            &user,
            "--json",
            "--hold",
        ]);
        args.push(hold.clone());
        let first = rng.below(SEATS);
        for k in 0..1 + rng.below(2) {
            args.push(seat((first + k) % SEATS));
        }
        let out = run(env, &args);
        let code = out.status.code();
        let booking = (code == Some(0))
            .then(|| serde_json::from_slice::<serde_json::Value>(&out.stdout).ok())
            .flatten()
            .and_then(|v| v["booking_id"].as_i64());
        {
            let mut t = tally.lock().unwrap();
            t.reserves += 1;
            *t.by_exit.entry(format!("reserve {code:?}")).or_default() += 1;
            // 3: taken (in Redis, or by the fence after an eviction freed the lock).
            if !matches!(code, Some(0 | 3)) || (code == Some(0) && booking.is_none()) {
                t.problems.push(format!(
                    "boxoffice {} → {code:?}: {}",
                    args.join(" "),
                    text(&out)
                ));
            }
            if booking.is_some() {
                t.reserved += 1;
            }
        }
        let Some(booking) = booking else {
            continue;
        };
        let roll = rng.below(100);
        if roll < 15 {
            // Add a seat to the hold (restarts it, never shortens it); refused when taken.
            let mut a = s(&["reserve", "--showtime", &st, "--user", &user, "--hold"]);
            a.push(hold.clone());
            a.push(seat(rng.below(SEATS)));
            let out = run(env, &a);
            let code = out.status.code();
            let mut t = tally.lock().unwrap();
            *t.by_exit.entry(format!("add {code:?}")).or_default() += 1;
            if !matches!(code, Some(0 | 3)) {
                t.problems.push(format!(
                    "boxoffice {} → {code:?}: {}",
                    a.join(" "),
                    text(&out)
                ));
            }
        }
        let (what, args) = if roll < 65 {
            // Pay a little later, well inside the hold.
            std::thread::sleep(Duration::from_millis(rng.below(1_500)));
            let pay = format!("p{w}x{i}");
            (
                "confirm",
                s(&[
                    "confirm",
                    "--booking",
                    &booking.to_string(),
                    "--payment-id",
                    &pay,
                    "--json",
                ]),
            )
        } else if roll < 85 {
            std::thread::sleep(Duration::from_millis(rng.below(1_000)));
            (
                "release",
                s(&["release", "--booking", &booking.to_string(), "--json"]),
            )
        } else {
            // Walk away: the hold runs out, and a sweep or the next reserve expires it.
            continue;
        };
        let started_ms = now_ms();
        let out = run(env, &args);
        let mut t = tally.lock().unwrap();
        *t.by_exit
            .entry(format!("{what} {:?}", out.status.code()))
            .or_default() += 1;
        t.attempts.push(Attempt {
            what,
            booking,
            started_ms,
            args,
            code: out.status.code(),
            output: text(&out),
        });
    }
}

fn eviction(workers: usize, secs: u64) {
    // Small enough that the filler keeps Redis evicting; the seat keys are a few KB of it.
    let redis =
        RedisServer::start_with(&["--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("boxoffice.db");
    let env = Env {
        redis,
        dir,
        db,
        pg: None,
    };
    env.ok("init");
    for k in 0..=secs / EPOCH.as_secs() {
        env.ok(&[
            "showtime",
            "add",
            "--id",
            &(ST + k as i64).to_string(),
            "--movie",
            "Alien",
            "--starts",
            "2030-01-01T20:00:00Z",
            "--rows",
            "A-D",
            "--seats-per-row",
            "10",
        ]);
    }
    let tally = Mutex::new(Tally::default());
    let done = AtomicBool::new(false);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    std::thread::scope(|scope| {
        // Memory pressure: 2 KB keys, written all along.
        scope.spawn(|| {
            let mut con = env.con();
            let value = "x".repeat(2_000);
            let mut n: u64 = 0;
            while !done.load(Ordering::Relaxed) {
                let mut pipe = redis::pipe();
                for _ in 0..50 {
                    pipe.cmd("SET")
                        .arg(format!("filler:{n}"))
                        .arg(&value)
                        .ignore();
                    n += 1;
                }
                // An OOM here would only mean less pressure; the workers' view is what counts.
                let _: Result<(), _> = pipe.query(&mut con);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let args = s(&["sweep", "--json"]);
                let out = run(&env, &args);
                let mut t = tally.lock().unwrap();
                t.sweeps += 1;
                *t.by_exit
                    .entry(format!("sweep {:?}", out.status.code()))
                    .or_default() += 1;
                if out.status.code() != Some(0) {
                    t.problems.push(format!(
                        "boxoffice sweep → {:?}: {}",
                        out.status,
                        text(&out)
                    ));
                }
                drop(t);
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (env, tally) = (&env, &tally);
                scope.spawn(move || worker(env, w, start, deadline, tally))
            })
            .collect();
        for h in handles {
            h.join().expect("worker");
        }
        done.store(true, Ordering::Relaxed);
    });
    // Let every hold run out, then one last sweep.
    std::thread::sleep(Duration::from_millis(HOLD_MS as u64 + 300));
    env.ok("sweep");

    let t = tally.into_inner().unwrap();
    let info: String = redis::cmd("INFO")
        .arg("stats")
        .query(&mut env.con())
        .unwrap();
    let evicted: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("evicted_keys:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let c = env.sqlite();
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    let rehydrated = count("SELECT COUNT(*) FROM audit WHERE action = 'rehydrate'");
    let replaced = count(
        "SELECT COUNT(*) FROM audit WHERE action = 'rehydrate'
            AND json_extract(detail, '$.replaced_locks') IS NOT NULL",
    );
    eprintln!(
        "eviction: {workers} workers for {secs} s: {} reserves ({} held), {} confirms/releases, \
         {} sweeps; Redis evicted {evicted} keys; sweeps restored {rehydrated} holds \
         ({replaced} over a stray lock)\n  exits: {:?}",
        t.reserves,
        t.reserved,
        t.attempts.len(),
        t.sweeps,
        t.by_exit
    );

    let mut problems = t.problems;
    problems.extend(checks::expired_early(&env));
    // No confirm or release refused while its hold had time.
    for a in &t.attempts {
        let expires: i64 = c
            .query_row(
                "SELECT expires_at_ms FROM bookings WHERE id = ?1",
                [a.booking],
                |r| r.get(0),
            )
            .unwrap();
        let left = expires - a.started_ms;
        if a.code != Some(0) && left >= MARGIN_MS {
            problems.push(format!(
                "{} of booking {} refused with {left} ms of its hold left (exit {:?}): {}",
                a.what, a.booking, a.code, a.output
            ));
        }
        if !matches!(a.code, Some(0 | 3 | 4)) {
            problems.push(format!(
                "{} of booking {} → exit {:?}: {}",
                a.what, a.booking, a.code, a.output
            ));
        }
    }
    let confirms: Vec<checks::ConfirmRun> = t
        .attempts
        .iter()
        .filter(|a| a.what == "confirm")
        .map(|a| checks::ConfirmRun {
            booking: a.booking,
            payment: a.args[a.args.iter().position(|x| x == "--payment-id").unwrap() + 1].clone(),
            args: a.args.clone(),
            code: a.code,
            output: a.output.clone(),
        })
        .collect();
    problems.extend(checks::confirmed_as_reported(&env, &confirms));
    let (_, retried) = checks::retried_confirms(&env, &confirms, |args| run(&env, args));
    problems.extend(retried);
    problems.extend(checks::double_sales(&env));
    problems.extend(checks::double_claims(&env));
    problems.extend(checks::audit_gaps(&env));
    problems.truncate(30);
    assert!(
        problems.is_empty(),
        "under eviction:\n{}",
        problems.join("\n")
    );
    assert!(evicted > 0, "Redis evicted nothing: the run proved nothing");
    assert!(t.reserved > 0, "nothing was held");
    assert_eq!(
        count("SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'"),
        0,
        "every hold ran out and the last sweep expired it"
    );
}

#[test]
fn eviction_short_no_booking_expired_early() {
    eviction(4, 6);
}

#[test]
#[ignore = "long variant: 8 workers for 45 s under eviction; .ci/test runs it with --ignored"]
fn eviction_long_no_booking_expired_early_nor_payment_refused_in_time() {
    eviction(8, 45);
}
