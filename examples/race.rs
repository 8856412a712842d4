//! Opening night: 50 customers race for the last 5 seats of a showtime, through the library
//! API, each on its own Redis connection and SQLite handle, all released at the same instant.
//! Some pay, some walk away (their seats go back on sale at once), the rest lose the race and
//! try other seats. At the end the database is checked: no seat sold twice, no hold left behind.
//!
//!     cargo run --example race                  # a throwaway redis-server unless REDIS_URL is set
//!     cargo run --example race -- 200 8         # 200 customers, 8 last seats
//!
//! Exits 0 when every check passes, 1 when one fails (CI runs it against the test Redis).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use boxoffice::catalog::{self, NewShowtime};
use boxoffice::config::DEFAULT_HOLD;
use boxoffice::holds::{self, ReleaseTarget, Target, wall_ms};
use boxoffice::ids::{SeatId, ShowtimeId, UserId};
use boxoffice::redis_client::Redis;
use boxoffice::store::Db;
use boxoffice::{Error, keys};

mod support;

const ROW_SEATS: u32 = 20;
const TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug)]
enum Outcome {
    Bought(Vec<String>),
    WalkedAway,
    SoldOut,
    Failed(String),
}

/// A tiny deterministic generator, so a run can be repeated (no dependency needed for this).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn seat(n: u32) -> SeatId {
    format!("A{n}").parse().expect("valid seat")
}

fn customer(i: usize, db_path: &Path, url: &str, st: ShowtimeId, first_free: u32) -> Outcome {
    let user: UserId = format!("fan{i}").parse().expect("valid user id");
    let (mut db, mut redis) = match (
        Db::open(db_path, false, &user.to_string(), "race"),
        Redis::connect(url, TIMEOUT),
    ) {
        (Ok(db), Ok(redis)) => (db, redis),
        (Err(e), _) | (_, Err(e)) => return Outcome::Failed(e.message()),
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
    for _attempt in 0..5 {
        // Pick one or two of the last seats, as a couple or a single would.
        let want = 1 + rng.next(2) as u32;
        let start = first_free + rng.next(u64::from(ROW_SEATS - first_free + 1)) as u32;
        let seats: Vec<SeatId> = (start..start + want)
            .filter(|&n| n <= ROW_SEATS)
            .map(seat)
            .collect();
        match holds::reserve(&mut db, &mut redis, st, &user, &seats, DEFAULT_HOLD) {
            Ok(r) => {
                if i.is_multiple_of(4) {
                    // Walks away at the payment page: the hold is released, seats back on sale.
                    let target = ReleaseTarget::Holder {
                        showtime: st,
                        user: user.clone(),
                        seats: None,
                    };
                    let plan = match holds::plan_release(&db, &mut redis, target) {
                        Ok(p) => p,
                        Err(e) => return Outcome::Failed(e.message()),
                    };
                    return match holds::release(&mut db, &mut redis, plan, DEFAULT_HOLD) {
                        Ok(_) => Outcome::WalkedAway,
                        Err(e) => Outcome::Failed(e.message()),
                    };
                }
                let payment = format!("pay_{i}");
                return match holds::confirm(
                    &mut db,
                    &mut redis,
                    &Target::Booking(r.booking_id),
                    &payment,
                    DEFAULT_HOLD,
                ) {
                    Ok(c) => Outcome::Bought(c.seats),
                    Err(e) => Outcome::Failed(e.message()),
                };
            }
            // Someone else got there first: all or nothing, so nothing is held; try again (also
            // when undoing this attempt's Redis step failed and left a warning: its locks expire).
            Err(e) if matches!(e.without_warnings(), Error::Conflict { .. }) => continue,
            Err(e) => return Outcome::Failed(e.message()),
        }
    }
    Outcome::SoldOut
}

fn main() -> std::process::ExitCode {
    let arg = |i: usize, default: usize| -> usize {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let customers = arg(1, 50).max(1);
    let last = (arg(2, 5) as u32).clamp(1, ROW_SEATS);
    let server = support::redis();
    let dir = tempfile::tempdir().expect("tempdir");
    let db_path = dir.path().join("race.db");
    let mut db = Db::open(&db_path, true, "race", "example").expect("create the database");
    // A showtime id of our own, so a shared Redis's other showtimes are never touched.
    let st = ShowtimeId::new(900_000_000 + i64::from(std::process::id() % 1_000_000)).unwrap();
    catalog::add_showtime(
        &mut db,
        &NewShowtime {
            id: Some(st),
            movie: "Opening Night",
            screen: Some("Screen 1"),
            starts_at: chrono::Utc::now() + chrono::Duration::hours(2),
            rows: vec!["A".into()],
            seats_per_row: ROW_SEATS,
        },
        wall_ms(),
    )
    .expect("add the showtime");

    // Everything but the last seats is already sold.
    let first_free = ROW_SEATS - last + 1;
    let mut redis = Redis::connect(&server.url, TIMEOUT).expect("connect to Redis");
    if first_free > 1 {
        let house: UserId = "house".parse().unwrap();
        let sold: Vec<SeatId> = (1..first_free).map(seat).collect();
        let r =
            holds::reserve(&mut db, &mut redis, st, &house, &sold, DEFAULT_HOLD).expect("pre-sell");
        holds::confirm(
            &mut db,
            &mut redis,
            &Target::Booking(r.booking_id),
            "pay_house",
            DEFAULT_HOLD,
        )
        .expect("pre-sell");
    }
    println!(
        "{customers} customers race for the last {last} seats (A{first_free}-A{ROW_SEATS}) of showtime {st}"
    );

    let barrier = Arc::new(Barrier::new(customers));
    let handles: Vec<_> = (0..customers)
        .map(|i| {
            let (barrier, db_path, url) = (barrier.clone(), db_path.clone(), server.url.clone());
            std::thread::spawn(move || {
                barrier.wait();
                customer(i, &db_path, &url, st, first_free)
            })
        })
        .collect();
    let outcomes: Vec<Outcome> = handles
        .into_iter()
        .map(|h| {
            h.join()
                .unwrap_or_else(|_| Outcome::Failed("thread panicked".into()))
        })
        .collect();

    let mut buyers: BTreeMap<String, usize> = BTreeMap::new();
    let (mut bought, mut walked, mut sold_out, mut failed) = (0, 0, 0, Vec::new());
    for (i, o) in outcomes.iter().enumerate() {
        match o {
            Outcome::Bought(seats) => {
                bought += 1;
                for s in seats {
                    *buyers.entry(s.clone()).or_default() += 1;
                }
            }
            Outcome::WalkedAway => walked += 1,
            Outcome::SoldOut => sold_out += 1,
            Outcome::Failed(e) => failed.push(format!("fan{i}: {e}")),
        }
    }
    println!(
        "  bought: {bought}   walked away: {walked}   sold out: {sold_out}   errors: {}",
        failed.len()
    );
    for (s, n) in &buyers {
        println!("  {s} sold {n} time(s)");
    }
    let free: Vec<String> = (first_free..=ROW_SEATS)
        .map(|n| format!("A{n}"))
        .filter(|s| !buyers.contains_key(s))
        .collect();
    if !free.is_empty() {
        // A walk-away can free seats after every loser has given up; they are on sale again.
        println!("  back on sale: {}", free.join(", "));
    }

    // The checks, against the database itself (its own connection and SQL, not the store's)
    // and the Redis keys.
    let mut problems = failed;
    let conn = rusqlite::Connection::open(&db_path).expect("open the database");
    let twice: Vec<(String, i64)> = conn
        .prepare(
            "SELECT bs.seat_id, COUNT(*) FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
              WHERE b.showtime_id = ?1 AND b.status = 'CONFIRMED' GROUP BY bs.seat_id HAVING COUNT(*) > 1",
        )
        .and_then(|mut s| s.query_map([st.get()], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .expect("query");
    for (s, n) in twice {
        problems.push(format!("{s} is CONFIRMED in {n} bookings"));
    }
    for (s, n) in &buyers {
        if *n > 1 {
            problems.push(format!("{s} was reported bought by {n} customers"));
        }
    }
    let pending: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM bookings WHERE showtime_id = ?1 AND status = 'PENDING'",
            [st.get()],
            |r| r.get(0),
        )
        .expect("query");
    if pending != 0 {
        problems.push(format!("{pending} holds were left PENDING"));
    }
    let mut con = redis::Client::open(server.url.as_str())
        .and_then(|c| c.get_connection_with_timeout(TIMEOUT))
        .expect("connect");
    for n in first_free..=ROW_SEATS {
        let key = keys::Keys::SEED.seat_lock(st, &seat(n));
        let holder: Option<String> = redis::cmd("GET").arg(&key).query(&mut con).expect("GET");
        if let Some(h) = holder {
            problems.push(format!("{key} still held by {h} after the race"));
        }
    }

    if problems.is_empty() {
        println!("OK: no seat sold twice, no hold left behind.");
        std::process::ExitCode::SUCCESS
    } else {
        for p in &problems {
            eprintln!("FAILED: {p}");
        }
        std::process::ExitCode::FAILURE
    }
}
