//! Issue 6: contention at scale. Many processes reserve, add seats, confirm (on time and late)
//! and release over one 200-seat showtime while sweeps run in a loop, staff cancel sales (whole
//! or one seat), move holds and sales to other seats, and block and unblock seats, some users
//! shared between workers. Then, from the real state:
//!
//! * no seat was ever held by two bookings at once: every seat's hold intervals (from the audit
//!   trail and the booking rows, all on the same clock) are disjoint;
//! * no seat is sold twice, no seat was ever in two live bookings, and none both blocked and
//!   claimed (also sampled while the run is going);
//! * no user saw `database is locked`, a busy database or any exit 5 — or a crash;
//! * after a final sweep, `inspect --check` is clean.
//!
//! The full size (50 processes at a time, 10,000 reserve attempts) is the long variant, `#[ignore]`d:
//! `cargo test --test it contention -- --ignored`. A small version runs by default, and so does
//! the first race of the project, thirty processes after the same seats.

use std::collections::BTreeMap;
use std::process::Output;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::checks;
use crate::harness::Env;

const ST: i64 = 7;

/// xorshift64*: enough randomness for picking seats, and reproducible per worker.
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

fn seat(i: u64) -> String {
    format!("{}{}", char::from(b'A' + (i / 20) as u8), i % 20 + 1)
}

#[derive(Default)]
struct Tally {
    reserves: usize,
    reserved: usize,
    confirmed: usize,
    late_confirms: usize,
    released: usize,
    /// Sales taken back by staff (whole or one seat).
    cancelled: usize,
    /// Bookings (held or sold) moved by staff to another seat.
    moved: usize,
    sweeps: usize,
    /// Blocks that stood (the others were refused: the seat was held or sold).
    blocked: usize,
    by_exit: BTreeMap<String, usize>,
    problems: Vec<String>,
    /// Wall time of every process, in ms: the tail shows how long writers queue for SQLite.
    took_ms: Vec<u64>,
    /// The slowest process of each kind, in ms.
    slowest: BTreeMap<String, u64>,
}

impl Tally {
    /// Records one process; anything a user must never see becomes a problem.
    fn check(
        &mut self,
        what: &str,
        args: &[String],
        (out, took): &(Output, Duration),
        allowed: &[i32],
    ) {
        let ms = took.as_millis() as u64;
        self.took_ms.push(ms);
        let slowest = self.slowest.entry(what.to_string()).or_default();
        *slowest = (*slowest).max(ms);
        let code = out.status.code();
        *self.by_exit.entry(format!("{what} {code:?}")).or_default() += 1;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let lower = text.to_lowercase();
        let bad = lower.contains("database is locked")
            || lower.contains("busy")
            || lower.contains("panicked")
            || !code.is_some_and(|c| allowed.contains(&c));
        if bad && self.problems.len() < 20 {
            self.problems.push(format!(
                "boxoffice {} → exit {code:?}: {text}",
                args.join(" ")
            ));
        }
    }
}

fn run(env: &Env, args: &[String]) -> (Output, Duration) {
    let t = Instant::now();
    let out = env.process().args(args).output().expect("spawn boxoffice");
    (out, t.elapsed())
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// One worker: `attempts` reserve attempts, each followed by a confirm, a late confirm, a
/// release, or nothing (the hold runs out and the sweeps or the next reserve expire it).
fn worker(env: &Env, w: usize, attempts: usize, users: usize, tally: &Mutex<Tally>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (w as u64 + 1).wrapping_mul(0x1234_5678_9abc_def1));
    let st = ST.to_string();
    for i in 0..attempts {
        let user = format!("u{}", w % users);
        let n = 1 + rng.below(3);
        let first = rng.below(200);
        let mut args = s(&["reserve", "--showtime", &st, "--user", &user, "--json"]);
        args.push("--hold".into());
        args.push(if rng.below(2) == 0 { "1s" } else { "2s" }.into());
        for k in 0..n {
            // Mostly neighbours, sometimes anywhere: overlapping requests on purpose.
            let i = if rng.below(4) == 0 {
                rng.below(200)
            } else {
                (first + k) % 200
            };
            args.push(seat(i));
        }
        let out = run(env, &args);
        let ok = out.0.status.code() == Some(0);
        let mut held: serde_json::Value = serde_json::from_slice(&out.0.stdout).unwrap_or_default();
        {
            let mut t = tally.lock().unwrap();
            t.reserves += 1;
            if ok {
                t.reserved += 1;
            }
            // 3: taken or sold; also a concurrent change of the same user's hold.
            t.check("reserve", &args, &out, &[0, 3]);
        }
        if !ok {
            continue;
        }
        let pay = format!("p{w}x{i}");
        let roll = rng.below(100);
        let (what, args, allowed): (&str, Vec<String>, &[i32]) = if roll < 4 {
            let a = s(&[
                "confirm",
                "--showtime",
                &st,
                "--user",
                &user,
                "--payment-id",
                &pay,
            ]);
            ("confirm", a, &[0, 3, 4])
        } else if roll < 6 {
            std::thread::sleep(Duration::from_millis(2100));
            let a = s(&[
                "confirm",
                "--showtime",
                &st,
                "--user",
                &user,
                "--payment-id",
                &pay,
            ]);
            ("late-confirm", a, &[0, 3, 4])
        } else if roll < 56 {
            // 3: a worker acting for the same customer confirmed it meanwhile (sold is final).
            let a = s(&["release", "--showtime", &st, "--user", &user]);
            ("release", a, &[0, 3, 4])
        } else {
            // Left to run out, sometimes moved to another seat first.
            if rng.below(4) == 0 {
                move_one(env, &mut rng, &mut held, tally);
            }
            continue;
        };
        let out = run(env, &args);
        let sold = out.0.status.code() == Some(0) && what != "release";
        {
            let mut t = tally.lock().unwrap();
            if out.0.status.code() == Some(0) {
                match what {
                    "confirm" => t.confirmed += 1,
                    "late-confirm" => t.late_confirms += 1,
                    _ => t.released += 1,
                }
            }
            t.check(what, &args, &out, allowed);
        }
        if what != "release" && rng.below(4) == 0 {
            move_one(env, &mut rng, &mut held, tally);
        }
        if sold && rng.below(2) == 0 {
            cancel_some(env, &mut rng, &held, tally);
        }
    }
}

/// Staff take back the sale of `held` (reserve's `--json`): one seat, or the whole booking.
/// 0, or 4 when a worker acting for the same customer changed the booking meanwhile.
fn cancel_some(env: &Env, rng: &mut Rng, held: &serde_json::Value, tally: &Mutex<Tally>) {
    let id = held["booking_id"].to_string();
    let mut args = s(&[
        "cancel",
        "--booking",
        &id,
        "--reason",
        "contention",
        "--yes",
    ]);
    if rng.below(2) == 0
        && let Some(seat) = held["added"][0].as_str()
    {
        args.extend(s(&["--seat", seat]));
    }
    let out = run(env, &args);
    let mut t = tally.lock().unwrap();
    t.cancelled += usize::from(out.0.status.code() == Some(0));
    t.check("cancel", &args, &out, &[0, 4]);
}

/// Staff move one seat of the booking in `held` (reserve's `--json`), held or sold, to a seat
/// picked at random: 0, or 3 when that seat is held, sold or blocked, or 4 when the booking
/// ended or changed meanwhile (a worker acting for the same customer). The pair's target is
/// never one of the booking's own seats (that is bad input, exit 2, not contention). After a
/// move, `held` names the new seat.
fn move_one(env: &Env, rng: &mut Rng, held: &mut serde_json::Value, tally: &Mutex<Tally>) {
    let Some(from) = held["added"][0].as_str().map(str::to_string) else {
        return;
    };
    let own: Vec<&str> = held["seats"]
        .as_array()
        .map(|v| v.iter().filter_map(|s| s.as_str()).collect())
        .unwrap_or_default();
    let to = seat(rng.below(200));
    if own.contains(&to.as_str()) {
        return;
    }
    let id = held["booking_id"].to_string();
    let args = s(&["move", "--booking", &id, &format!("{from}={to}")]);
    let out = run(env, &args);
    let moved = out.0.status.code() == Some(0);
    if moved {
        // The booking is on the new seat now: a later cancel of "its first seat" takes that one.
        held["added"][0] = to.clone().into();
        if let Some(seats) = held["seats"].as_array_mut() {
            seats.retain(|s| s.as_str() != Some(from.as_str()));
            seats.push(to.into());
        }
    }
    let mut t = tally.lock().unwrap();
    t.moved += usize::from(moved);
    t.check("move", &args, &out, &[0, 3, 4]);
}

/// Every seat's hold intervals, from the audit trail (when each seat joined a hold, recorded
/// in SQLite, and when it was released from it) and the booking rows (when the hold ended). A seat
/// released from a hold and added back later has two intervals. Returns the overlaps: two
/// bookings holding or owning one seat at the same moment.
fn overlapping_holds(env: &Env) -> Vec<String> {
    let c = env.sqlite();
    // (booking, seat) -> the seat's intervals in that booking; the last may still be open.
    type Spans = Vec<(i64, Option<i64>)>;
    let mut spans: BTreeMap<(i64, String), Spans> = BTreeMap::new();
    let mut stmt = c
        .prepare(
            // A move names both sides in `seats`: a seat in its `to` list joins the booking
            // then, any other leaves it (a seat on both sides of a swap stays).
            "SELECT a.booking_id, j.value,
                    CASE WHEN a.action <> 'move' THEN a.action
                         WHEN EXISTS (SELECT 1 FROM json_each(a.detail, '$.to') t
                                       WHERE t.value = j.value) THEN 'move_in'
                         ELSE 'move_out' END,
                    a.at_ms, json_extract(a.detail, '$.hold_started_at_ms')
               FROM audit a, json_each(a.seats) j
              WHERE a.showtime_id = ?1 AND a.booking_id IS NOT NULL
                AND a.action IN ('reserve', 'release', 'force_release', 'cancel', 'move')
              ORDER BY a.id",
        )
        .unwrap();
    let events: Vec<(i64, String, String, i64, Option<i64>)> = stmt
        .query_map([ST], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (booking, seat, action, at, started) in events {
        let v = spans.entry((booking, seat)).or_default();
        let open = v.last().is_some_and(|(_, end)| end.is_none());
        if action == "move_in" {
            if !open {
                v.push((at, None));
            }
        } else if action == "reserve" {
            if !open {
                // Held from when SQLite recorded it (the audit row's time), not from the Redis
                // lock a moment before: until the fence accepts the claim the customer has been
                // told nothing, and on a loaded machine a sale of the seat can be made and
                // cancelled in that gap (the fence then accepts this hold after the cancel).
                let started = started.expect("reserve audit without hold_started_at_ms");
                v.push((started.max(at), None));
            }
        } else if open {
            v.last_mut().unwrap().1 = Some(at);
        }
    }

    let mut stmt = c
        .prepare(
            "SELECT bs.seat_id, b.id, b.status, b.late, b.expires_at_ms, b.updated_at_ms,
                    b.confirmed_at_ms
               FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
              WHERE bs.showtime_id = ?1",
        )
        .unwrap();
    type Row = (String, i64, String, bool, i64, i64, Option<i64>);
    let rows: Vec<Row> = stmt
        .query_map([ST], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut by_seat: BTreeMap<String, Vec<(i64, i64, i64)>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (seat, id, status, late, expires, updated, confirmed) in rows {
        let Some(intervals) = spans.get(&(id, seat.clone())) else {
            problems.push(format!("booking {id} seat {seat}: no reserve audit row"));
            continue;
        };
        let v = by_seat.entry(seat).or_default();
        for &(start, released) in intervals {
            if let Some(end) = released {
                // Released from the hold (before a sale of its other seats, too), or a sold
                // seat cancelled: owned until the cancel, whenever the hold would have ended
                // (a late sale: held until the hold ran out, owned again from the payment).
                match confirmed {
                    Some(paid) if paid <= end && late => {
                        v.push((start, expires, id));
                        v.push((paid, end, id));
                    }
                    Some(paid) if paid <= end => v.push((start, end, id)),
                    _ => v.push((start, end.min(expires), id)),
                }
                continue;
            }
            // Still in the hold when the hold ended.
            let mut end = expires;
            if status == "CANCELLED" {
                end = end.min(updated);
            }
            if status == "CONFIRMED" {
                if late {
                    // Held until the hold ran out, then owned from the late payment on.
                    v.push((start, end, id));
                    v.push((confirmed.unwrap_or(start), i64::MAX, id));
                } else {
                    v.push((start, i64::MAX, id));
                }
            } else {
                // Cancelled or ran out.
                v.push((start, end, id));
            }
        }
    }
    for (seat, mut v) in by_seat {
        v.sort();
        let mut reach: Option<(i64, i64)> = None; // (end, booking)
        for (start, end, id) in v {
            if let Some((e, other)) = reach
                && start < e
                && other != id
            {
                problems.push(format!(
                    "seat {seat}: booking {id} from {start} overlaps booking {other} until {e}"
                ));
            }
            if reach.is_none_or(|(e, _)| end > e) {
                reach = Some((end, id));
            }
        }
    }
    problems
}

fn contention(workers: usize, attempts: usize) {
    let env = Env::bare();
    env.ok("init");
    env.ok(&[
        "showtime",
        "add",
        "--id",
        &ST.to_string(),
        "--movie",
        "Rush",
        "--starts",
        "2030-01-01T20:00:00Z",
        "--rows",
        "A-J",
        "--seats-per-row",
        "20",
    ]);
    // Fewer users than workers: some workers act for the same customer at once.
    let users = (workers * 4 / 5).max(1);
    let tally = Mutex::new(Tally::default());
    let done = AtomicBool::new(false);
    let samples = AtomicUsize::new(0);
    let live_problems = Mutex::new(Vec::<String>::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (env, tally) = (&env, &tally);
                scope.spawn(move || worker(env, w, attempts, users, tally))
            })
            .collect();
        // Sweeps all along.
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let args = s(&["sweep", "--json"]);
                let out = run(&env, &args);
                let mut t = tally.lock().unwrap();
                t.sweeps += 1;
                t.check("sweep", &args, &out, &[0]);
                drop(t);
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        // Staff blocking and unblocking seats all along: 3 when the seat is held or sold.
        scope.spawn(|| {
            let mut rng = Rng(0x5eed_b10c);
            let st = ST.to_string();
            while !done.load(Ordering::Relaxed) {
                let pick = seat(rng.below(200));
                let args = s(&["block", "--showtime", &st, &pick, "--reason", "contention"]);
                let out = run(&env, &args);
                let stood = out.0.status.code() == Some(0);
                let mut t = tally.lock().unwrap();
                t.blocked += usize::from(stood);
                t.check("block", &args, &out, &[0, 3]);
                drop(t);
                std::thread::sleep(Duration::from_millis(50));
                if stood && rng.below(2) == 0 {
                    let args = s(&["unblock", "--showtime", &st, &pick]);
                    let out = run(&env, &args);
                    tally.lock().unwrap().check("unblock", &args, &out, &[0]);
                }
            }
        });
        // The fence's view, sampled while everything runs.
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let mut p = checks::double_sales(&env);
                p.extend(checks::double_claims(&env));
                p.extend(checks::blocked_and_claimed(&env));
                samples.fetch_add(1, Ordering::Relaxed);
                if !p.is_empty() {
                    live_problems.lock().unwrap().extend(p);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        for h in handles {
            h.join().expect("worker");
        }
        done.store(true, Ordering::Relaxed);
    });
    let took = started.elapsed();
    // Let every hold run out, then one last sweep.
    std::thread::sleep(Duration::from_millis(2200));
    env.ok("sweep");

    let mut t = tally.into_inner().unwrap();
    t.took_ms.sort_unstable();
    let pct = |p: usize| t.took_ms[(t.took_ms.len() - 1) * p / 100];
    eprintln!(
        "contention: {workers} workers, {} reserve attempts ({} held), {} confirmed, {} late \
         confirms, {} released, {} cancelled, {} moved, {} sweeps, {} fence samples in {took:.1?}\n  exits: {:?}\n  \
         process wall time: median {} ms, p99 {} ms, max {} ms; slowest by kind {:?}",
        t.reserves,
        t.reserved,
        t.confirmed,
        t.late_confirms,
        t.released,
        t.cancelled,
        t.moved,
        t.sweeps,
        samples.load(Ordering::Relaxed),
        t.by_exit,
        pct(50),
        pct(99),
        pct(100),
        t.slowest,
    );
    assert_eq!(t.reserves, workers * attempts);
    assert!(
        t.problems.is_empty(),
        "users saw errors they never should:\n{}",
        t.problems.join("\n")
    );
    let live = live_problems.into_inner().unwrap();
    assert!(live.is_empty(), "seen during the run:\n{}", live.join("\n"));
    assert!(
        t.reserved > 0 && t.confirmed + t.late_confirms > 0 && t.blocked > 0 && t.moved > 0,
        "nothing happened"
    );
    let mut overlaps = overlapping_holds(&env);
    if !overlaps.is_empty() {
        // The evidence: both bookings' rows and audit trails.
        let c = env.sqlite();
        let dump = |sql: &str| -> Vec<String> {
            let mut stmt = c.prepare(sql).unwrap();
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        let ids: Vec<String> = overlaps
            .iter()
            .flat_map(|o| {
                o.split_whitespace()
                    .zip(o.split_whitespace().skip(1))
                    .filter(|(a, _)| *a == "booking")
                    .map(|(_, b)| b.to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        let ids = ids.join(",");
        overlaps.extend(dump(&format!("SELECT * FROM bookings WHERE id IN ({ids})")));
        overlaps.extend(dump(&format!(
            "SELECT id, at_ms, booking_id, user_id, seats, action, command, detail FROM audit
              WHERE booking_id IN ({ids}) ORDER BY id"
        )));
    }
    assert!(
        overlaps.is_empty(),
        "double holds:\n{}",
        overlaps.join("\n")
    );
    checks::invariants(&env, ST).unwrap();
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'"),
        0,
        "every hold ran out and the last sweep expired it"
    );
    env.ok(&["inspect", &ST.to_string(), "--check"]);
}

#[test]
fn contention_small_ten_processes() {
    contention(10, 50);
}

#[test]
#[ignore = "long variant: 50 processes, 10,000 reserve attempts; .ci/test runs it with --ignored"]
fn contention_fifty_processes_ten_thousand_reserves() {
    contention(50, 200);
}

// On both engines: thirty counters against one PostgreSQL server as against one SQLite file.
crate::on_both!(thirty_processes_racing_never_hold_or_sell_a_seat_twice);

fn thirty_processes_racing_never_hold_or_sell_a_seat_twice(engine: crate::harness::Engine) {
    let env = Env::demo_on(engine);
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
