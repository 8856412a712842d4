//! Benchmarks for inspect and sweep, each figure next to a baseline measured in the same run.
//!
//!     cargo run --release --example bench -- inspect        # 5,000 seats, 2,500 holds
//!     cargo run --release --example bench -- sweep          # 1,000,000 bookings, 100,000 overdue
//!     cargo run --release --example bench -- quick          # small sizes, for CI (no goals)
//!
//! Starts its own redis-server on a free loopback port and uses a temp SQLite file. Timings are
//! medians of whole-process runs; never asserted (these machines are shared and noisy).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use boxoffice::db::Db;
use boxoffice::holds;
use boxoffice::ids::{SeatId, ShowtimeId, UserId};
use boxoffice::redis_client::Redis;

mod support;
use support::start_redis;

fn bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("boxoffice")
}

fn run(url: &str, db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let st = Command::new(bin())
        .env("REDIS_URL", url)
        .env("BOXOFFICE_DB", db)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("run boxoffice (build it first: cargo build --release)");
    assert!(st.success(), "boxoffice {args:?} failed");
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Runs one boxoffice command and returns its wall time and its own peak RSS in KiB
/// (wait4's rusage is that child's alone).
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std does not know about
fn run_measured(url: &str, db: &Path, args: &[&str]) -> (Duration, i64) {
    let t = Instant::now();
    let child = Command::new(bin())
        .env("REDIS_URL", url)
        .env("BOXOFFICE_DB", db)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .expect("run boxoffice");
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    let took = t.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "boxoffice {args:?} failed"
    );
    (took, ru.ru_maxrss)
}

fn inspect(rows: &str, per_row: u32, holds_n: usize, runs: usize) {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("bench.db");
    run(&url, &db_path, &["init"]);
    run(
        &url,
        &db_path,
        &[
            "showtime",
            "add",
            "--id",
            "1",
            "--movie",
            "Bench",
            "--starts",
            "2030-01-01T20:00:00Z",
            "--rows",
            rows,
            "--seats-per-row",
            &per_row.to_string(),
        ],
    );
    let st = ShowtimeId::new(1).unwrap();
    let mut db = Db::open(&db_path, false, "bench", "bench").unwrap();
    let mut redis = Redis::connect(&url, Duration::from_secs(5)).unwrap();
    let layout = boxoffice::catalog::layout(&db, st).unwrap();
    for (i, seat) in layout.iter().step_by(2).take(holds_n).enumerate() {
        let user: UserId = format!("u{i}").parse().unwrap();
        let seat: SeatId = seat.parse().unwrap();
        holds::reserve(
            &mut db,
            &mut redis,
            st,
            &user,
            &[seat],
            Duration::from_secs(3600),
        )
        .unwrap();
    }
    let mut r2 = Redis::connect(&url, Duration::from_secs(5)).unwrap();
    let report = boxoffice::inspect::showtime(&db, &mut r2, st).unwrap();
    assert!(report.anomalies.is_empty(), "{:?}", report.anomalies);
    let keys: Vec<String> = layout.iter().map(|s| format!("seat_lock:1:{s}")).collect();
    let mut mget = Vec::new();
    let mut insp = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let st = Command::new("redis-cli")
            .args(["-u", &url, "MGET"])
            .args(&keys)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(st.success());
        mget.push(t.elapsed());
        insp.push(run(&url, &db_path, &["inspect", "1", "--json"]));
    }
    let (a, b) = (median(insp), median(mget));
    println!(
        "inspect of {} seats with {holds_n} holds (median of {runs} whole-process runs)",
        layout.len()
    );
    println!("  boxoffice inspect --json : {}", ms(a));
    println!("  redis-cli MGET all locks : {}  (baseline)", ms(b));
    println!(
        "  ratio                    : {:.2}x  (goal <= 4x)",
        a.as_secs_f64() / b.as_secs_f64()
    );
    println!(
        "  Redis round trips        : {} (SCAN pages + 1 pipeline)",
        report.round_trips
    );
}

fn sweep(showtimes: i64, per_showtime: i64, overdue_per: i64) {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("bench.db");
    run(&url, &db_path, &["init"]);
    let t = Instant::now();
    {
        let conn = rusqlite::Connection::open(&db_path).unwrap();
        conn.execute_batch("PRAGMA synchronous = OFF; BEGIN")
            .unwrap();
        let mut st = conn.prepare("INSERT INTO showtimes (id, movie, starts_at, created_at_ms) VALUES (?1, 'Bench', '2030-01-01T20:00:00Z', 0)").unwrap();
        let mut seat = conn.prepare("INSERT INTO seats (showtime_id, seat_id, row_label, number, ord) VALUES (?1, ?2, ?3, ?4, ?5)").unwrap();
        let mut b = conn.prepare("INSERT INTO bookings (id, showtime_id, user_id, status, payment_id, created_at_ms, hold_started_at_ms, expires_at_ms, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, 0)").unwrap();
        let mut bs = conn.prepare("INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live) VALUES (?1, ?2, ?3, 1)").unwrap();
        let rows: Vec<String> = boxoffice::ids::parse_rows("A-Z,AA-ZZ").unwrap();
        let mut id = 0i64;
        for s in 1..=showtimes {
            st.execute([s]).unwrap();
            for n in 0..per_showtime {
                let row = &rows[(n / 100) as usize];
                let num = n % 100 + 1;
                let sid = format!("{row}{num}");
                seat.execute(rusqlite::params![s, sid, row, num, n])
                    .unwrap();
                id += 1;
                let overdue = n < overdue_per;
                let (status, pay, exp) = if overdue {
                    ("PENDING", None, 1_000i64)
                } else {
                    ("CONFIRMED", Some(format!("p{id}")), 1_000)
                };
                b.execute(rusqlite::params![id, s, format!("u{id}"), status, pay, exp])
                    .unwrap();
                bs.execute(rusqlite::params![id, s, sid]).unwrap();
            }
        }
        conn.execute_batch("COMMIT").unwrap();
    }
    let setup = t.elapsed();
    let (took, rss) = run_measured(&url, &db_path, &["sweep", "--json"]);
    println!(
        "sweep of {} bookings with {} overdue over {showtimes} showtimes (setup {:.1}s)",
        showtimes * per_showtime,
        showtimes * overdue_per,
        setup.as_secs_f64()
    );
    println!("  wall time : {:.2} s  (goal < 10 s)", took.as_secs_f64());
    println!(
        "  peak RSS  : {:.1} MiB  (goal < 100 MiB)",
        rss as f64 / 1024.0
    );
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "sweep left PENDING bookings");
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "quick".into());
    match what.as_str() {
        "inspect" => inspect("A-Z,AA-AX", 100, 2500, 30),
        "sweep" => sweep(200, 5000, 500),
        "quick" => {
            inspect("A-E", 20, 50, 3);
            sweep(4, 200, 20);
        }
        other => {
            eprintln!("unknown benchmark {other}: use inspect, sweep or quick");
            std::process::exit(2);
        }
    }
}
