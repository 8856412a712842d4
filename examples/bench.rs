//! The benchmark suite of issue 7: every figure next to a baseline measured in the same run.
//!
//!     cargo build --release && cargo run --release --example bench -- all   # every row, ~2 min
//!     cargo run --example bench -- quick        # every row at tiny sizes, no goals (CI)
//!     cargo run --release --example bench -- reserve|wait|move|cancel|best|history|trips|throughput|cycle|inspect|sweep|rss|memory|report|watch
//!
//! Each section starts its own redis-server on a free loopback port (never REDIS_URL: the
//! benchmarks write and FLUSHDB) and uses a temp SQLite file. Timings are medians or totals of
//! runs interleaved with their baseline; nothing is asserted on time, because these machines are
//! shared and noisy. `all` ends with a markdown table: what | figure | baseline | ratio | goal |
//! met?. `quick` prints the same table with the goals left unjudged.
//!
//! Needs the boxoffice binary of the same profile (`cargo build --release`), and redis-server,
//! redis-cli and redis-benchmark on PATH.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use boxoffice::holds::{self, ReleaseTarget, Target};
use boxoffice::ids::{SeatId, ShowtimeId, UserId};
use boxoffice::keys;
use boxoffice::redis_client::Redis;
use boxoffice::scripts::{self, reserve};
use boxoffice::store::{AuditEntry, Db};

mod support;
use support::start_redis;

#[path = "bench/best.rs"]
mod best;
#[path = "bench/cancel.rs"]
mod cancel;
#[path = "bench/cluster.rs"]
mod cluster;
#[path = "bench/history.rs"]
mod history;
#[path = "bench/moves.rs"]
mod moves;
#[path = "bench/report.rs"]
mod report;
#[path = "bench/wait.rs"]
mod wait;
#[path = "bench/watch.rs"]
mod watch;

// ---------------------------------------------------------------------------------------------
// sizes

/// How big each benchmark is: `full` for the issue's figures, `quick` for CI.
#[derive(Clone, Copy)]
struct Sizes {
    /// Judge the goals (full run) or only show the figures (quick).
    judge: bool,
    /// Whole-process reserve vs redis-cli SET: runs of each.
    reserve_runs: usize,
    /// Showtime layout for the hold-throughput run, and how many rounds fill it.
    /// hold throughput: a realistic hall, then the 5,000-seat stress layout.
    hall_rows: &'static str,
    hall_per_row: u32,
    throughput_rows: &'static str,
    throughput_per_row: u32,
    throughput_rounds: usize,
    throughput_clients: usize,
    /// redis-benchmark requests per round.
    benchmark_requests: usize,
    /// reserve+confirm cycles, one client.
    cycles: usize,
    /// inspect: layout, holds, whole-process runs.
    inspect_rows: &'static str,
    inspect_per_row: u32,
    inspect_holds: usize,
    inspect_runs: usize,
    /// sweep: showtimes, bookings per showtime, overdue per showtime.
    sweep_showtimes: i64,
    sweep_per_showtime: i64,
    sweep_overdue: i64,
    /// history: audit events written before the `history --seat` runs.
    history_events: usize,
    /// watch: seconds of 100 changes a second (the hall is inspect's).
    watch_secs: u64,
}

const FULL: Sizes = Sizes {
    judge: true,
    reserve_runs: 60,
    hall_rows: "A-L",
    hall_per_row: 25,
    throughput_rows: "A-Z,AA-AX",
    throughput_per_row: 100,
    throughput_rounds: 4,
    throughput_clients: 32,
    benchmark_requests: 20_000,
    cycles: 300,
    inspect_rows: "A-Z,AA-AX",
    inspect_per_row: 100,
    inspect_holds: 2500,
    inspect_runs: 30,
    sweep_showtimes: 200,
    sweep_per_showtime: 5000,
    sweep_overdue: 500,
    history_events: 1_000_000,
    watch_secs: 5,
};

const QUICK: Sizes = Sizes {
    judge: false,
    reserve_runs: 3,
    hall_rows: "A",
    hall_per_row: 30,
    throughput_rows: "A-B",
    throughput_per_row: 50,
    throughput_rounds: 1,
    throughput_clients: 32,
    benchmark_requests: 1000,
    cycles: 5,
    inspect_rows: "A-E",
    inspect_per_row: 20,
    inspect_holds: 50,
    inspect_runs: 3,
    sweep_showtimes: 4,
    sweep_per_showtime: 200,
    sweep_overdue: 20,
    history_events: 2_000,
    watch_secs: 1,
};

// ---------------------------------------------------------------------------------------------
// the table

/// One line of the final table.
struct Row {
    what: String,
    figure: String,
    baseline: String,
    ratio: String,
    goal: String,
    /// None: no goal, or not judged (quick).
    met: Option<bool>,
}

impl Row {
    fn new(what: impl Into<String>, figure: impl Into<String>) -> Row {
        Row {
            what: what.into(),
            figure: figure.into(),
            baseline: "—".into(),
            ratio: "—".into(),
            goal: "—".into(),
            met: None,
        }
    }
    fn baseline(mut self, b: impl Into<String>) -> Row {
        self.baseline = b.into();
        self
    }
    fn ratio(mut self, r: f64) -> Row {
        self.ratio = format!("{r:.2}×");
        self
    }
    fn goal(mut self, g: impl Into<String>, met: bool, sizes: &Sizes) -> Row {
        self.goal = g.into();
        self.met = sizes.judge.then_some(met);
        self
    }
}

fn print_table(rows: &[Row], judged: bool) {
    println!();
    println!("| what | figure | baseline (same run) | ratio | goal | met? |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None if r.goal == "—" || judged => "—",
            None => "(not judged)",
        };
        println!(
            "| {} | {} | {} | {} | {} | {met} |",
            r.what, r.figure, r.baseline, r.ratio, r.goal
        );
    }
}

// ---------------------------------------------------------------------------------------------
// helpers

fn bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("boxoffice")
}

/// A file under `src/` (or `Cargo.toml`) modified after `binary` was built, if any.
fn newer_source_than(binary: &Path) -> Option<PathBuf> {
    let built = std::fs::metadata(binary).ok()?.modified().ok()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src")];
    let mut files = vec![root.join("Cargo.toml")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.into_iter().find(|f| {
        std::fs::metadata(f)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t > built)
    })
}

fn boxoffice(url: &str, db: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env("REDIS_URL", url)
        .env("BOXOFFICE_DB", db)
        .env("BOXOFFICE_OPERATOR", "bench")
        .env_remove("BOXOFFICE_CONFIG")
        .env_remove("BOXOFFICE_HOLD")
        .stdout(Stdio::null());
    c
}

fn run(url: &str, db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = boxoffice(url, db)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .expect("run boxoffice (build it first: cargo build --release)");
    let took = t.elapsed();
    assert!(
        out.status.success(),
        "boxoffice {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// Runs one boxoffice command and returns its wall time and its own peak RSS in KiB.
///
/// A child's `ru_maxrss` starts from its parent's high-water mark (exec records the replaced
/// address space's peak, and a fork or vfork child starts with the parent's), so a child of
/// this process would report at least this process's peak. The command is therefore launched
/// through `bench __rss`, a fresh small copy of this program, which waits for it with wait4.
fn run_measured(url: &str, db: &Path, args: &[&str]) -> (Duration, i64) {
    let t = Instant::now();
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("__rss")
        .arg(bin())
        .args(args)
        .env("REDIS_URL", url)
        .env("BOXOFFICE_DB", db)
        .env("BOXOFFICE_OPERATOR", "bench")
        .env_remove("BOXOFFICE_CONFIG")
        .env_remove("BOXOFFICE_HOLD")
        .stderr(Stdio::piped())
        .output()
        .expect("run bench __rss");
    let took = t.elapsed();
    assert!(
        out.status.success(),
        "boxoffice {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kib = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("bench __rss prints KiB");
    (took, kib)
}

/// `bench __rss PROGRAM ARGS…`: runs PROGRAM (its stdout discarded) and prints its peak RSS in
/// KiB; exits with its status.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std does not know about
fn rss_helper(args: &[String]) -> ! {
    let child = Command::new(&args[0])
        .args(&args[1..])
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    println!("{}", ru.ru_maxrss);
    let ok = pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    std::process::exit(if ok { 0 } else { 1 })
}

fn redis_cli(url: &str, args: &[&str]) -> Duration {
    let t = Instant::now();
    let st = Command::new("redis-cli")
        .args(["-u", url])
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("run redis-cli");
    assert!(st.success(), "redis-cli {args:?} failed");
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: i64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn per_s(x: f64) -> String {
    if x >= 10_000.0 {
        format!("{:.0}k/s", x / 1000.0)
    } else {
        format!("{x:.0}/s")
    }
}

fn raw_con(url: &str) -> redis::Connection {
    redis::Client::open(url)
        .unwrap()
        .get_connection()
        .expect("connect to the bench redis")
}

fn flushdb(url: &str) {
    let _: () = redis::cmd("FLUSHDB").query(&mut raw_con(url)).unwrap();
}

/// A fresh database with one showtime `id` of `rows` × `per_row` seats.
fn fresh_db(url: &str, dir: &Path) -> PathBuf {
    let db = dir.join("bench.db");
    run(url, &db, &["init"]);
    db
}

fn add_showtime(url: &str, db: &Path, id: i64, rows: &str, per_row: u32) {
    run(
        url,
        db,
        &[
            "showtime",
            "add",
            "--id",
            &id.to_string(),
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
}

fn open_db(path: &Path) -> Db {
    Db::open(path, false, "bench", "bench").unwrap()
}

fn connect(url: &str) -> Redis {
    Redis::connect(url, Duration::from_secs(10)).unwrap()
}

fn st(id: i64) -> ShowtimeId {
    ShowtimeId::new(id).unwrap()
}

fn user(s: &str) -> UserId {
    s.parse().unwrap()
}

fn seat(s: &str) -> SeatId {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. whole-process reserve vs redis-cli SET NX EX

/// A 1,000-seat showtime 1 (rows A-J), on its own Redis and database, for the whole-process
/// rows; the server and the temp dir live as long as it does.
struct Hall {
    _srv: support::Server,
    _dir: tempfile::TempDir,
    url: String,
    db: PathBuf,
    layout: Vec<String>,
}

impl Hall {
    fn new() -> Hall {
        let srv = start_redis();
        let url = srv.url.clone();
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_db(&url, dir.path());
        add_showtime(&url, &db, 1, "A-J", 100);
        let layout = boxoffice::catalog::layout(&open_db(&db), st(1)).unwrap();
        Hall {
            _srv: srv,
            _dir: dir,
            url,
            db,
            layout,
        }
    }

    /// As in production during a sale, where cron runs the sweep: the showtime's free-seat
    /// cache exists and every command updates it. Holds the last seat (booking 1).
    fn with_cache() -> Hall {
        let h = Hall::new();
        let last = &h.layout[h.layout.len() - 1];
        run(
            &h.url,
            &h.db,
            &["reserve", "--showtime", "1", "--user", "first", last],
        );
        run(&h.url, &h.db, &["sweep"]);
        h
    }
}

fn bench_reserve(z: &Sizes) -> Vec<Row> {
    let hall = Hall::with_cache();
    let (url, db, layout) = (&hall.url, &hall.db, &hall.layout);
    let warm = 3;
    let mut ours = Vec::new();
    let mut cli = Vec::new();
    for (i, seat_id) in layout.iter().take(warm + z.reserve_runs).enumerate() {
        let key = format!("bench:k{i}");
        let b = redis_cli(url, &["SET", &key, "v", "NX", "EX", "600"]);
        let user = format!("u{i}");
        let a = run(
            url,
            db,
            &["reserve", "--showtime", "1", "--user", &user, seat_id],
        );
        if i >= warm {
            ours.push(a);
            cli.push(b);
        }
    }
    let (a, b) = (median(ours), median(cli));
    let ratio = a.as_secs_f64() / b.as_secs_f64();
    println!(
        "reserve: whole-process, one seat, median of {}: boxoffice {} vs redis-cli SET NX EX {} = {ratio:.2}x",
        z.reserve_runs,
        ms(a),
        ms(b)
    );
    vec![
        Row::new(
            format!(
                "whole-process `boxoffice reserve`, one seat (median of {})",
                z.reserve_runs
            ),
            ms(a),
        )
        .baseline(format!("`redis-cli SET k v NX EX 600`: {}", ms(b)))
        .ratio(ratio)
        .goal("≤ 2×", ratio <= 2.0, z),
    ]
}

// ---------------------------------------------------------------------------------------------
// 2. round trips per reserve / confirm / release / extend

/// Redis's own time per EVALSHA since the last CONFIG RESETSTAT, in microseconds.
fn evalsha_usec_per_call(url: &str) -> f64 {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query(&mut raw_con(url))
        .unwrap();
    info.lines()
        .find(|l| l.starts_with("cmdstat_evalsha:"))
        .and_then(|l| l.split(',').find_map(|f| f.strip_prefix("usec_per_call=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// Calls of each command so far, from `INFO commandstats`.
fn commandstats(con: &mut redis::Connection) -> HashMap<String, u64> {
    let info: String = redis::cmd("INFO").arg("commandstats").query(con).unwrap();
    info.lines()
        .filter_map(|l| {
            let (name, rest) = l.strip_prefix("cmdstat_")?.split_once(':')?;
            let calls = rest
                .strip_prefix("calls=")?
                .split(',')
                .next()?
                .parse()
                .ok()?;
            Some((name.to_string(), calls))
        })
        .collect()
}

/// Commands a client sent between two snapshots. Commands run inside a script are counted by
/// Redis too, so only those a script cannot run (EVAL, EVALSHA) and those the scripts never
/// use are counted; INFO is the snapshot itself. The scripts' commands are read from their
/// sources, so the list can't fall behind them.
fn client_commands(before: &HashMap<String, u64>, after: &HashMap<String, u64>) -> u64 {
    const SOURCES: &[&str] = &[
        include_str!("../src/scripts/common.lua"),
        include_str!("../src/scripts/extend.lua"),
        include_str!("../src/scripts/finish.lua"),
        include_str!("../src/scripts/locks.lua"),
        include_str!("../src/scripts/move_take.lua"),
        include_str!("../src/scripts/reindex.lua"),
        include_str!("../src/scripts/reservation.lua"),
        include_str!("../src/scripts/reserve.lua"),
        include_str!("../src/scripts/restore.lua"),
        include_str!("../src/scripts/unlock.lua"),
    ];
    let mut in_scripts: Vec<String> = vec!["info".into()];
    for src in SOURCES {
        for part in src.split("redis.").skip(1) {
            let Some(rest) = part
                .strip_prefix("call(")
                .or_else(|| part.strip_prefix("pcall("))
            else {
                continue;
            };
            let name: String = rest
                .trim_start_matches(['\'', '"'])
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            in_scripts.push(name.to_ascii_lowercase());
        }
    }
    after
        .iter()
        .filter(|(k, _)| !in_scripts.iter().any(|c| c == *k))
        .map(|(k, v)| v - before.get(k).copied().unwrap_or(0))
        .sum()
}

fn bench_trips(z: &Sizes) -> Vec<Row> {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = fresh_db(&url, dir.path());
    add_showtime(&url, &path, 1, "A-J", 12);
    let mut db = open_db(&path);
    let mut redis = connect(&url);
    let mut stats = raw_con(&url);
    let hold = Duration::from_secs(600);
    let s1 = st(1);
    // Load every script once: after a Redis restart or SCRIPT FLUSH the first EVALSHA of each
    // script answers NOSCRIPT and costs one more round trip (EVAL with the body).
    {
        let u = user("warm");
        holds::reserve(&mut db, &mut redis, s1, &u, &[seat("J12")], hold).unwrap();
        holds::confirm(
            &mut db,
            &mut redis,
            &Target::Holder(s1, u),
            "pay_warm",
            hold,
        )
        .unwrap();
        let u = user("warm2");
        holds::reserve(&mut db, &mut redis, s1, &u, &[seat("J11")], hold).unwrap();
        let b = db.pending_booking(s1, "warm2").unwrap().unwrap();
        holds::extend(&mut db, &mut redis, &b, Duration::from_secs(60), false).unwrap();
    }

    // In-process, through the library: its own counter, cross-checked with commandstats.
    let mut lib = Vec::new();
    let mut measure = |name: &'static str,
                       redis: &mut Redis,
                       f: &mut dyn FnMut(&mut Redis)|
     -> (&'static str, u32, u64) {
        let before_stats = commandstats(&mut stats);
        let before = redis.round_trips;
        f(redis);
        let trips = redis.round_trips - before;
        let sent = client_commands(&before_stats, &commandstats(&mut stats));
        (name, trips, sent)
    };
    let u = user("7");
    let seats = [seat("A1"), seat("A2")];
    lib.push(measure("reserve", &mut redis, &mut |r| {
        holds::reserve(&mut db, r, s1, &u, &seats, hold).unwrap();
    }));
    lib.push(measure("confirm", &mut redis, &mut |r| {
        holds::confirm(&mut db, r, &Target::Holder(s1, u.clone()), "pay_7", hold).unwrap();
    }));
    let u8 = user("8");
    holds::reserve(
        &mut db,
        &mut redis,
        s1,
        &u8,
        &[seat("B1"), seat("B2")],
        hold,
    )
    .unwrap();
    lib.push(measure("release", &mut redis, &mut |r| {
        let plan = holds::plan_release(
            &db,
            r,
            ReleaseTarget::Holder {
                showtime: s1,
                user: u8.clone(),
                seats: None,
            },
        )
        .unwrap();
        holds::release(&mut db, r, plan, hold).unwrap();
    }));
    let u9 = user("9");
    holds::reserve(
        &mut db,
        &mut redis,
        s1,
        &u9,
        &[seat("C1"), seat("C2")],
        hold,
    )
    .unwrap();
    let b9 = db.pending_booking(s1, "9").unwrap().unwrap();
    lib.push(measure("extend", &mut redis, &mut |r| {
        holds::extend(&mut db, r, &b9, Duration::from_secs(60), false).unwrap();
    }));
    drop(db);

    // Whole-process, as scripts run them: commands and connections seen by the server.
    let mut cli = Vec::new();
    let cases: [(&str, &[&str]); 5] = [
        (
            "reserve",
            &["reserve", "--showtime", "1", "--user", "10", "D1", "D2"],
        ),
        (
            "confirm",
            &[
                "confirm",
                "--showtime",
                "1",
                "--user",
                "10",
                "--payment-id",
                "pay_10",
            ],
        ),
        (
            "release",
            &["release", "--showtime", "1", "--user", "11"][..],
        ),
        (
            "extend",
            &["ttl", "--showtime", "1", "--user", "12", "--extend", "1m"],
        ),
        ("", &[]),
    ];
    run(
        &url,
        &path,
        &["reserve", "--showtime", "1", "--user", "11", "E1"],
    );
    run(
        &url,
        &path,
        &["reserve", "--showtime", "1", "--user", "12", "F1"],
    );
    for (name, args) in cases.iter().filter(|(n, _)| !n.is_empty()) {
        let before = commandstats(&mut stats);
        run(&url, &path, args);
        cli.push((*name, client_commands(&before, &commandstats(&mut stats))));
    }

    let goals = [
        ("reserve", 1),
        ("confirm", 2),
        ("release", 1),
        ("extend", 1),
    ];
    let mut ok = true;
    println!("round trips (library counter / commands the server saw from it / whole process):");
    for ((name, trips, sent), (_, whole)) in lib.iter().zip(&cli) {
        let goal = goals.iter().find(|g| g.0 == *name).unwrap().1;
        ok &= *trips <= goal && u64::from(*trips) == *sent && *whole == *sent;
        println!("  {name:8} {trips} / {sent} / {whole}  (goal {goal})");
    }
    let fig = |v: Vec<String>| v.join(" / ");
    vec![
        Row::new(
            "Redis round trips per reserve / confirm / release / extend (library counter)",
            fig(lib.iter().map(|l| l.1.to_string()).collect()),
        )
        .baseline(format!(
            "cross-check, `INFO commandstats` Δ, library: {}; whole process: {}",
            fig(lib.iter().map(|l| l.2.to_string()).collect()),
            fig(cli.iter().map(|c| c.1.to_string()).collect())
        ))
        .goal("1 / ≤ 2 / 1 / 1", ok, z),
    ]
}

// ---------------------------------------------------------------------------------------------
// 3. hold throughput, 32 clients on one showtime, Redis step only

/// What the guide's key scheme costs Redis for any one-seat hold, however it is written: the
/// lock, the reservation, and a read and rewrite of both JSON index values of the showtime
/// (here the two halves of its layout, their average size while it fills up).
const SCHEME_FLOOR: &str = "redis.call('SET',KEYS[1],ARGV[1],'NX','PX',600000) \
    redis.call('SET',KEYS[1]..':r','{\"seat_ids\":[\"A1\"],\"reserved_at\":1.000}','PX',600000) \
    local h=redis.call('GET','floor:held') redis.call('SET','floor:held',h,'KEEPTTL') \
    local a=redis.call('GET','floor:free') redis.call('SET','floor:free',a,'KEEPTTL') return 1";

const SET_NX: &str = "return redis.call('SET',KEYS[1],ARGV[1],'NX','PX',600000)";

/// Runs `redis-benchmark` on `script` and returns its requests per second.
fn redis_benchmark(url: &str, clients: usize, requests: usize, script: &str) -> Option<f64> {
    let port = url.rsplit(':').next()?.split('/').next()?;
    let out = Command::new("redis-benchmark")
        .args(["-h", "127.0.0.1", "-p", port, "--csv", "-r", "100000000"])
        .args(["-c", &clients.to_string(), "-n", &requests.to_string()])
        .args(["EVAL", script, "1", "key:__rand_int__", "v"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last()?;
    line.split("\",\"").nth(1)?.trim_matches('"').parse().ok()
}

/// Throughput on a realistic hall (300 seats: a blockbuster's big screen) and on the 5,000-seat
/// stress layout. Every hold rewrites two whole-showtime JSON values of the guide's key scheme,
/// so the ratio falls as the showtime grows; both sizes are reported.
fn bench_throughput(z: &Sizes) -> Vec<Row> {
    let mut rows = throughput_on(z, z.hall_rows, z.hall_per_row);
    rows.extend(throughput_on(z, z.throughput_rows, z.throughput_per_row));
    rows
}

fn throughput_on(z: &Sizes, layout_rows: &str, per_row: u32) -> Vec<Row> {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&url, dir.path());
    add_showtime(&url, &db, 1, layout_rows, per_row);
    let layout: Arc<Vec<String>> =
        Arc::new(boxoffice::catalog::layout(&open_db(&db), st(1)).unwrap());
    let n = layout.len();
    let clients = z.throughput_clients;
    let mut ours = Duration::ZERO;
    let mut ops = 0usize;
    let mut base = Vec::new();
    let mut floor = Vec::new();
    let mut server_us = Vec::new();
    let (mut ceiling, mut floor_in, mut in_ops) = (Duration::ZERO, Duration::ZERO, 0usize);
    for _ in 0..z.throughput_rounds {
        flushdb(&url);
        // As during a sale, where cron runs the sweep every minute: the showtime has a hold,
        // so the sweep keeps a free-seat cache that every reserve then updates. (One seat, the
        // last, is held by that first customer; the clients take the others.)
        run(
            &url,
            &db,
            &[
                "reserve",
                "--showtime",
                "1",
                "--user",
                "first",
                &layout[n - 1],
            ],
        );
        run(&url, &db, &["sweep"]);
        let cache: Option<String> = redis::cmd("GET")
            .arg(keys::Keys::SEED.available_seats(st(1)))
            .query(&mut raw_con(&url))
            .unwrap();
        assert!(cache.is_some(), "the sweep wrote no free-seat cache");
        let _: () = redis::cmd("CONFIG")
            .arg("RESETSTAT")
            .query(&mut raw_con(&url))
            .unwrap();
        ours += in_process(
            clients,
            n - 1,
            || connect(&url),
            |r, i| {
                // Exactly what holds::reserve sends for a new one-seat hold.
                let u = user(&format!("u{i}"));
                let call = reserve::Reserve {
                    showtime: st(1),
                    user: &u,
                    hold: Duration::from_secs(600),
                    held: &[],
                    held_expires_at_ms: 0,
                    requested: std::slice::from_ref(&layout[i]),
                    grace: boxoffice::holds::IN_FLIGHT_GRACE,
                };
                let reply = scripts::run(r, &call).unwrap();
                assert!(matches!(reply, reserve::Reply::Ok { .. }), "{reply:?}");
            },
        );
        ops += n - 1;
        server_us.push(evalsha_usec_per_call(&url));
        flushdb(&url);
        base.extend(redis_benchmark(&url, clients, z.benchmark_requests, SET_NX));
        flushdb(&url);
        let mut con = raw_con(&url);
        let half = |v: Vec<(usize, &String)>| {
            serde_json::to_string(&v.into_iter().map(|(_, s)| s).collect::<Vec<_>>()).unwrap()
        };
        let (h, f) = layout
            .iter()
            .enumerate()
            .partition::<Vec<_>, _>(|(i, _)| i % 2 == 0);
        let _: () = redis::pipe()
            .cmd("SET")
            .arg("floor:held")
            .arg(half(h))
            .arg("PX")
            .arg(600_000)
            .cmd("SET")
            .arg("floor:free")
            .arg(half(f))
            .arg("PX")
            .arg(3_600_000)
            .query(&mut con)
            .unwrap();
        floor.extend(redis_benchmark(
            &url,
            clients,
            z.benchmark_requests,
            SCHEME_FLOOR,
        ));
        // The same two scripts from this process's 32 client threads, as the holds above.
        let k = z.benchmark_requests.min(20 * n);
        let set_nx = redis::Script::new(SET_NX);
        ceiling += in_process(
            clients,
            k,
            || raw_con(&url),
            |c, i| {
                let _: Option<String> = set_nx.key(format!("key:{i}")).arg("v").invoke(c).unwrap();
            },
        );
        let scheme = redis::Script::new(SCHEME_FLOOR);
        floor_in += in_process(
            clients,
            k,
            || raw_con(&url),
            |c, i| {
                let _: i64 = scheme.key(format!("f:{i}")).arg("v").invoke(c).unwrap();
            },
        );
        in_ops += k;
    }
    let ours_rate = ops as f64 / ours.as_secs_f64();
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let what = format!(
        "in-process hold throughput, {clients} clients filling one {n}-seat showtime (library `RESERVE` script, Redis step only)"
    );
    let (Some(base_rate), Some(floor_rate)) = (mean(&base), mean(&floor)) else {
        println!("throughput: redis-benchmark not found; baselines skipped");
        return vec![Row::new(what, format!("{} holds", per_s(ours_rate)))];
    };
    let ratio = ours_rate / base_rate;
    let ceiling_rate = in_ops as f64 / ceiling.as_secs_f64();
    let floor_in_rate = in_ops as f64 / floor_in.as_secs_f64();
    let busy = mean(&server_us).unwrap_or(0.0);
    println!(
        "throughput: Redis spent {busy:.1} us per reserve script ({:.0}% of one core at {}); the \
         rest of each hold's time is the clients' (32 threads sharing the other core)",
        busy * ours_rate / 1e4,
        per_s(ours_rate)
    );
    println!(
        "throughput: {clients} clients filling a {n}-seat showtime x{}: {} holds vs redis-benchmark \
         EVAL SET NX PX {} = {ratio:.2}x; vs the key scheme's floor {} = {:.2}x",
        z.throughput_rounds,
        per_s(ours_rate),
        per_s(base_rate),
        per_s(floor_rate),
        ours_rate / floor_rate
    );
    println!(
        "throughput: from this process's {clients} threads, the SET NX PX script itself runs at {} \
         ({:.2}x of redis-benchmark) and the floor at {}; holds reach {:.2}x of that floor",
        per_s(ceiling_rate),
        ceiling_rate / base_rate,
        per_s(floor_in_rate),
        ours_rate / floor_in_rate
    );
    let holds = |r: f64| per_s(r).replace("/s", " holds/s");
    vec![
        Row::new(what, holds(ours_rate))
            .baseline(format!(
                "`redis-benchmark -c {clients}` EVAL of one-key `SET NX PX`: {}",
                per_s(base_rate)
            ))
            .ratio(ratio)
            .goal("≥ 0.5×", ratio >= 0.5, z),
        Row::new(
            "… the same against the key scheme's floor (an EVAL that only sets the lock and \
             reservation and reads and rewrites both JSON index values, at half-full size)",
            holds(ours_rate),
        )
        .baseline(format!(
            "`redis-benchmark -c {clients}`: {}",
            per_s(floor_rate)
        ))
        .ratio(ours_rate / floor_rate),
        Row::new(
            format!(
                "… the ceiling of this client: the `SET NX PX` script itself, from the same \
                 {clients} in-process threads"
            ),
            per_s(ceiling_rate),
        )
        .baseline(format!(
            "`redis-benchmark -c {clients}`: {}",
            per_s(base_rate)
        ))
        .ratio(ceiling_rate / base_rate),
        Row::new(
            "… holds against the floor script run from the same in-process threads",
            holds(ours_rate),
        )
        .baseline(format!("floor script in-process: {}", per_s(floor_in_rate)))
        .ratio(ours_rate / floor_in_rate),
    ]
}

/// Runs `op(connection, i)` for i in 0..n from `clients` threads, each with its own connection
/// from `make`, and returns the time from the common start until the last one is done.
fn in_process<C, M, O>(clients: usize, n: usize, make: M, op: O) -> Duration
where
    M: Fn() -> C + Sync,
    O: Fn(&mut C, usize) + Sync,
{
    let next = AtomicUsize::new(0);
    let start = Barrier::new(clients + 1);
    let done = Barrier::new(clients + 1);
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(|| {
                    let mut c = make();
                    start.wait();
                    // A failure still reaches the barrier, so the bench fails instead of hanging.
                    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= n {
                                break;
                            }
                            op(&mut c, i);
                        }
                    }));
                    done.wait();
                    if let Err(panic) = run {
                        std::panic::resume_unwind(panic);
                    }
                })
            })
            .collect();
        start.wait();
        let t = Instant::now();
        done.wait();
        let took = t.elapsed();
        for t in threads {
            t.join().unwrap();
        }
        took
    })
}

// ---------------------------------------------------------------------------------------------
// 4. reserve+confirm cycles, one client, with SQLite; and the SQLite step alone

/// What reserve and confirm do in SQLite for a new one-seat hold, and nothing else: the same
/// reads, the same two IMMEDIATE transactions with the same store calls, the same PRAGMAs.
fn sqlite_cycle(db: &mut Db, s: ShowtimeId, u: &UserId, seat_id: &SeatId, pay: &str, at: i64) {
    let seats = vec![seat_id.to_string()];
    // reserve: checks outside the transaction
    boxoffice::catalog::check_seats(db, s, std::slice::from_ref(seat_id)).unwrap();
    assert!(db.live_claims(s, &seats).unwrap().is_empty());
    assert!(db.pending_booking(s, u.as_str()).unwrap().is_none());
    let id = db
        .write(|tx| {
            assert!(tx.pending_booking_id(s, u)?.is_none());
            assert!(tx.live_claims(s, &seats)?.is_empty());
            let id = tx.insert_hold(s, u, at, at + 600_000, at)?;
            tx.claim_seat(id, s, &seats[0])?.expect("the seat is free");
            tx.audit(AuditEntry {
                at_ms: at,
                showtime_id: Some(s.get()),
                booking_id: Some(id),
                user: Some(u.as_str()),
                seats: &seats,
                action: "reserve",
                detail: Some(
                    serde_json::json!({"hold_ms": 600000, "hold_started_at_ms": at,
                    "expires_at_ms": at + 600_000, "hold_seats": seats}),
                ),
                ..Default::default()
            })?;
            Ok(id)
        })
        .unwrap();
    // confirm: resolve the booking and the payment, then one transaction
    let b = db.pending_booking(s, u.as_str()).unwrap().unwrap();
    assert!(db.booking_id_by_payment(pay).unwrap().is_none());
    db.write(|tx| {
        let current = tx.booking(b.id)?.unwrap();
        let updated = tx.confirm(id, pay, false, at)?.expect("the payment is new");
        assert!(updated);
        tx.audit(AuditEntry {
            at_ms: at,
            showtime_id: Some(s.get()),
            booking_id: Some(id),
            user: Some(u.as_str()),
            seats: &current.seat_names(),
            action: "confirm",
            detail: Some(serde_json::json!({"payment_id": pay, "late": false,
                "previous_status": "PENDING", "expires_at_ms": at + 600_000, "redis_now_ms": at})),
            ..Default::default()
        })
    })
    .unwrap();
}

fn bench_cycle(z: &Sizes) -> Vec<Row> {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = fresh_db(&url, dir.path());
    // One showtime per variant, so each starts from the same empty layout.
    for id in 1..=4 {
        add_showtime(&url, &path, id, "A-J", 100);
        // A first hold, so that the sweep writes the free-seat cache, as during a sale.
        let id = id.to_string();
        run(
            &url,
            &path,
            &["reserve", "--showtime", &id, "--user", "first", "J99"],
        );
    }
    run(&url, &path, &["sweep"]);
    let layout = boxoffice::catalog::layout(&open_db(&path), st(1)).unwrap();
    let n = z.cycles.min(layout.len());
    let hold = Duration::from_secs(600);

    let full_cycle = |db: &mut Db, redis: &mut Redis, s: ShowtimeId, tag: &str, i: usize| {
        let u = user(&format!("{tag}{i}"));
        let r = holds::reserve(db, redis, s, &u, &[seat(&layout[i])], hold).expect("reserve");
        let pay = format!("pay_{tag}{i}");
        holds::confirm(db, redis, &Target::Booking(r.booking_id), &pay, hold).expect("confirm");
    };
    let mut db = open_db(&path);
    let mut redis = connect(&url);
    // Warm the scripts and the page cache on another showtime's seats first.
    holds::reserve(
        &mut db,
        &mut redis,
        st(4),
        &user("w"),
        &[seat("J100")],
        hold,
    )
    .unwrap();

    // The three variants take turns in chunks of 10 cycles, so that a slow spell of the shared
    // disk or CPU lands on all of them alike.
    let (mut full, mut sqlite_only, mut normal) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for chunk in (0..n).collect::<Vec<_>>().chunks(10) {
        db.set_durable_commits(true).unwrap();
        let t = Instant::now();
        for &i in chunk {
            full_cycle(&mut db, &mut redis, st(1), "f", i);
        }
        full += t.elapsed();
        let t = Instant::now();
        for &i in chunk {
            let u = user(&format!("s{i}"));
            let pay = format!("pay_s{i}");
            sqlite_cycle(
                &mut db,
                st(2),
                &u,
                &seat(&layout[i]),
                &pay,
                holds::wall_ms(),
            );
        }
        sqlite_only += t.elapsed();
        // The full cycle with synchronous=NORMAL (not what ships: WAL commits are then not
        // fsynced), to show what the FULL fsyncs cost.
        db.set_durable_commits(false).unwrap();
        let t = Instant::now();
        for &i in chunk {
            full_cycle(&mut db, &mut redis, st(3), "n", i);
        }
        normal += t.elapsed();
    }

    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    let (r_full, r_sql, r_norm) = (rate(full), rate(sqlite_only), rate(normal));
    let share = sqlite_only.as_secs_f64() / full.as_secs_f64();
    let fsync_share = 1.0 - normal.as_secs_f64() / full.as_secs_f64();
    println!(
        "cycle: {n} reserve+confirm, one client: {} with SQLite vs SQLite step alone {}; \
         synchronous=NORMAL {}; SQLite is {:.0}% of the cycle, FULL's fsyncs {:.0}%",
        per_s(r_full),
        per_s(r_sql),
        per_s(r_norm),
        share * 100.0,
        fsync_share * 100.0
    );
    vec![
        Row::new(
            format!("in-process reserve+confirm cycles, one client, Redis + SQLite (`synchronous=FULL`), {n} cycles"),
            format!(
                "{} ({:.2} ms/cycle)",
                per_s(r_full),
                full.as_secs_f64() * 1000.0 / n as f64
            ),
        )
        .baseline(format!(
            "the same cycle's SQLite step alone: {} ({:.2} ms/cycle)",
            per_s(r_sql),
            sqlite_only.as_secs_f64() * 1000.0 / n as f64
        ))
        .ratio(r_full / r_sql)
        // The goal is the report; whether SQLite dominated this run is in the next row.
        .goal("report both (SQLite expected to dominate)", true, z),
        Row::new(
            "… SQLite's share of the cycle; of which `synchronous=FULL` (vs the cycle at NORMAL)",
            format!("{:.0}%; {:.0}%", share * 100.0, fsync_share * 100.0),
        )
        .baseline(format!("cycle at `synchronous=NORMAL`: {}", per_s(r_norm)))
        .ratio(r_full / r_norm),
    ]
}

// ---------------------------------------------------------------------------------------------
// 5. inspect, and 7. peak RSS of every everyday command (on the same fixture)

struct Fixture {
    _srv: support::Server,
    _dir: tempfile::TempDir,
    url: String,
    db: PathBuf,
    layout: Vec<String>,
}

/// A showtime 1 of rows × per_row seats, every other seat held by its own user (`u{i}`).
fn inspect_fixture(z: &Sizes) -> Fixture {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = fresh_db(&url, dir.path());
    add_showtime(&url, &path, 1, z.inspect_rows, z.inspect_per_row);
    let s = st(1);
    let mut db = open_db(&path);
    let mut redis = connect(&url);
    let layout = boxoffice::catalog::layout(&db, s).unwrap();
    for (i, seat_id) in layout.iter().step_by(2).take(z.inspect_holds).enumerate() {
        holds::reserve(
            &mut db,
            &mut redis,
            s,
            &user(&format!("u{i}")),
            &[seat(seat_id)],
            Duration::from_secs(3600),
        )
        .unwrap();
    }
    Fixture {
        _srv: srv,
        _dir: dir,
        url,
        db: path,
        layout,
    }
}

fn bench_inspect(z: &Sizes, f: &Fixture) -> Vec<Row> {
    let (url, db_path) = (&f.url, &f.db);
    let db = open_db(db_path);
    let mut r2 = connect(url);
    let report = boxoffice::inspect::showtime(&db, &mut r2, st(1)).unwrap();
    assert!(report.anomalies.is_empty(), "{:?}", report.anomalies);
    let keys: Vec<String> = f
        .layout
        .iter()
        .map(|s| format!("seat_lock:1:{s}"))
        .collect();
    let mut mget_args = vec!["MGET"];
    mget_args.extend(keys.iter().map(String::as_str));
    let mut mget = Vec::new();
    let mut insp = Vec::new();
    for _ in 0..z.inspect_runs {
        mget.push(redis_cli(url, &mget_args));
        insp.push(run(url, db_path, &["inspect", "1", "--json"]));
    }
    let (a, b) = (median(insp), median(mget));
    let ratio = a.as_secs_f64() / b.as_secs_f64();
    let holds_n = z.inspect_holds.min(f.layout.len().div_ceil(2));
    println!(
        "inspect: {} seats, {holds_n} holds, median of {}: {} vs redis-cli MGET {} = {ratio:.2}x; {} round trips",
        f.layout.len(),
        z.inspect_runs,
        ms(a),
        ms(b),
        report.round_trips
    );
    vec![
        Row::new(
            format!(
                "`inspect --json`, {} seats, {holds_n} holds (median of {} whole-process runs; {} round trips)",
                f.layout.len(),
                z.inspect_runs,
                report.round_trips
            ),
            ms(a),
        )
        .baseline(format!(
            "`redis-cli MGET` of the {} lock keys: {}",
            f.layout.len(),
            ms(b)
        ))
        .ratio(ratio)
        .goal("≤ 4×", ratio <= 4.0, z),
    ]
}

fn bench_rss(z: &Sizes, f: &Fixture) -> Vec<Row> {
    let (url, db) = (&f.url, &f.db);
    // Two free seats (odd positions are free in the fixture).
    let free1 = &f.layout[1];
    let free2 = &f.layout[3];
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "reserve",
            vec!["reserve", "--showtime", "1", "--user", "rss1", free1],
        ),
        (
            "confirm",
            vec![
                "confirm",
                "--showtime",
                "1",
                "--user",
                "rss1",
                "--payment-id",
                "pay_rss1",
            ],
        ),
        (
            "release",
            vec!["release", "--showtime", "1", "--user", "rss2"],
        ),
        ("bookings", vec!["bookings"]),
        ("inspect", vec!["inspect", "1"]),
        ("ttl", vec!["ttl", "--showtime", "1", "--user", "u0"]),
    ];
    let mut rows = Vec::new();
    let bookings = f.layout.len().div_ceil(2).min(z.inspect_holds);
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["__rss", "true"])
        .output()
        .unwrap();
    println!(
        "rss: floor of the measurement (the helper's own peak, seen by `true`): {} KiB",
        String::from_utf8_lossy(&out.stdout).trim()
    );
    for (name, args) in cases {
        if name == "release" {
            run(
                url,
                db,
                &["reserve", "--showtime", "1", "--user", "rss2", free2],
            );
        }
        let (_, kib) = run_measured(url, db, &args);
        println!("rss: boxoffice {name}: {}", mib(kib));
        rows.push(
            Row::new(
                format!(
                    "peak RSS of `boxoffice {}` ({} seats, {bookings} bookings)",
                    args.join(" "),
                    f.layout.len()
                ),
                mib(kib),
            )
            .goal("< 20 MiB", kib < 20 * 1024, z),
        );
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// 6. sweep of 1,000,000 bookings

fn bench_sweep(z: &Sizes) -> Vec<Row> {
    let (showtimes, per_showtime, overdue_per) =
        (z.sweep_showtimes, z.sweep_per_showtime, z.sweep_overdue);
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let db_path = fresh_db(&url, dir.path());
    let total = (showtimes * per_showtime) as u64;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(total).with_style(
            indicatif::ProgressStyle::with_template(
                "seeding {pos}/{len} bookings {wide_bar} {per_sec} eta {eta}",
            )
            .unwrap(),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
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
            bar.inc(per_showtime as u64);
        }
        conn.execute_batch("COMMIT").unwrap();
    }
    bar.finish_and_clear();
    let setup = t.elapsed();
    let (took, rss) = run_measured(&url, &db_path, &["sweep", "--json"]);
    println!(
        "sweep: {total} bookings, {} overdue, {showtimes} showtimes (seeded in {:.1}s): {:.2} s, {} peak RSS",
        showtimes * overdue_per,
        setup.as_secs_f64(),
        took.as_secs_f64(),
        mib(rss)
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
    let what = format!(
        "`sweep`, {total} bookings, {} overdue, {showtimes} showtimes",
        showtimes * overdue_per
    );
    vec![
        Row::new(
            format!("{what}: wall time"),
            format!("{:.2} s", took.as_secs_f64()),
        )
        .goal("< 10 s", took < Duration::from_secs(10), z),
        Row::new(format!("{what}: peak RSS"), mib(rss)).goal("< 100 MiB", rss < 100 * 1024, z),
    ]
}

// ---------------------------------------------------------------------------------------------
// 8. Redis bytes per held seat vs the guide's exact writes

/// `MEMORY USAGE` summed over every key matching `pattern` in the connection's database.
fn memory_of(con: &mut redis::Connection, patterns: &[&str]) -> (u64, usize) {
    let mut total = 0u64;
    let mut count = 0usize;
    for pattern in patterns {
        let keys: Vec<String> = redis::cmd("SCAN")
            .cursor_arg(0)
            .arg("MATCH")
            .arg(*pattern)
            .arg("COUNT")
            .arg(1000)
            .clone()
            .iter(con)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for k in keys {
            let n: Option<u64> = redis::cmd("MEMORY")
                .arg("USAGE")
                .arg(&k)
                .arg("SAMPLES")
                .arg(0)
                .query(con)
                .unwrap();
            total += n.unwrap_or(0);
            count += 1;
        }
    }
    (total, count)
}

/// The guide's `select_seats` for one user, write for write (its Django cache calls as Redis
/// commands): SETEX each lock, read-extend-write `reserved_seats_`, write the reservation.
fn guide_reserve(con: &mut redis::Connection, showtime: i64, user: &str, seats: &[String]) {
    for s in seats {
        let _: () = redis::cmd("SETEX")
            .arg(format!("seat_lock:{showtime}:{s}"))
            .arg(600)
            .arg(user)
            .query(con)
            .unwrap();
    }
    let key = format!("reserved_seats_{showtime}");
    let cur: Option<String> = redis::cmd("GET").arg(&key).query(con).unwrap();
    let mut list: Vec<String> = cur
        .map(|c| serde_json::from_str(&c).unwrap())
        .unwrap_or_default();
    list.extend(seats.iter().cloned());
    let _: () = redis::cmd("SET")
        .arg(&key)
        .arg(serde_json::to_string(&list).unwrap())
        .arg("EX")
        .arg(600)
        .query(con)
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let _: () = redis::cmd("SET")
        .arg(format!("seat_reservation_{showtime}_{user}"))
        .arg(format!(
            "{{\"seat_ids\":{},\"reserved_at\":{now:.3}}}",
            serde_json::to_string(seats).unwrap()
        ))
        .arg("EX")
        .arg(600)
        .query(con)
        .unwrap();
}

fn bench_memory(z: &Sizes) -> Vec<Row> {
    let srv = start_redis();
    let url = srv.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = fresh_db(&url, dir.path());
    let n = z.inspect_holds;
    let (rows, per_row) = (z.inspect_rows, z.inspect_per_row);
    add_showtime(&url, &path, 1, rows, per_row);
    add_showtime(&url, &path, 2, rows, per_row);
    let layout = boxoffice::catalog::layout(&open_db(&path), st(1)).unwrap();
    let seats: Vec<String> = layout.iter().take(n).cloned().collect();
    let mut db = open_db(&path);
    let mut redis = connect(&url);
    let hold = Duration::from_secs(600);
    // Showtime 1: one user holds every seat. Showtime 2: one seat each for n users.
    let ids: Vec<SeatId> = seats.iter().map(|s| seat(s)).collect();
    holds::reserve(&mut db, &mut redis, st(1), &user("7"), &ids, hold).unwrap();
    for (i, s) in ids.iter().enumerate() {
        holds::reserve(
            &mut db,
            &mut redis,
            st(2),
            &user(&format!("u{i}")),
            std::slice::from_ref(s),
            hold,
        )
        .unwrap();
    }
    // The guide's writes for the same holds, in database 1 of the same server.
    let guide_url = url.replace("/0", "/1");
    let mut guide = raw_con(&guide_url);
    guide_reserve(&mut guide, 1, "7", &seats);
    for (i, s) in seats.iter().enumerate() {
        guide_reserve(&mut guide, 2, &format!("u{i}"), std::slice::from_ref(s));
    }
    let mut ours = raw_con(&url);
    let hold_keys = |st: i64| {
        [
            format!("seat_lock:{st}:*"),
            format!("reserved_seats_{st}"),
            format!("seat_reservation_{st}_*"),
        ]
    };
    let mut rows_out = Vec::new();
    for (st_id, what) in [(1, "one user"), (2, "one user per seat")] {
        let pats = hold_keys(st_id);
        let pats: Vec<&str> = pats.iter().map(String::as_str).collect();
        let (a, ka) = memory_of(&mut ours, &pats);
        let (b, kb) = memory_of(&mut guide, &pats);
        let (pa, pb) = (a as f64 / n as f64, b as f64 / n as f64);
        let ratio = pa / pb;
        println!(
            "memory: {n}-seat hold, {what}: {pa:.1} B/seat over {ka} keys vs the guide's writes {pb:.1} B/seat over {kb} keys = {ratio:.3}x"
        );
        rows_out.push(
            Row::new(
                format!("Redis bytes per held seat, `MEMORY USAGE` over all {ka} keys of a {n}-seat hold, {what}"),
                format!("{pa:.1} B"),
            )
            .baseline(format!("the guide's exact writes, {kb} keys: {pb:.1} B"))
            .ratio(ratio)
            .goal("≤ 1×", ratio <= 1.0, z),
        );
    }
    rows_out
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("__rss") {
        rss_helper(&argv[2..]);
    }
    let what = argv.get(1).cloned().unwrap_or_else(|| "quick".into());
    if !bin().exists() {
        eprintln!(
            "error: {} not found; build it first (cargo build --release for a release run)",
            bin().display()
        );
        std::process::exit(2);
    }
    if let Some(newer) = newer_source_than(&bin()) {
        // A stale binary runs old scripts: every whole-process figure would be of old code, and
        // each script's first call would cost an extra round trip (NOSCRIPT, then EVAL).
        eprintln!(
            "error: {} is older than {}; rebuild it first (cargo build --release for a release run)",
            bin().display(),
            newer.display()
        );
        std::process::exit(2);
    }
    let z = if what == "quick" { QUICK } else { FULL };
    // The table's order (the issue's); inspect and rss share one fixture, so they run together.
    const ORDER: [&str; 16] = [
        "reserve",
        "wait",
        "cluster",
        "move",
        "cancel",
        "best",
        "history",
        "trips",
        "throughput",
        "cycle",
        "inspect",
        "sweep",
        "rss",
        "memory",
        "report",
        "watch",
    ];
    let sections: Vec<&str> = match what.as_str() {
        "all" | "quick" => vec![
            "reserve",
            "wait",
            "cluster",
            "move",
            "cancel",
            "best",
            "history",
            "trips",
            "throughput",
            "cycle",
            "inspect",
            "rss",
            "sweep",
            "memory",
            "report",
            "watch",
        ],
        one if ORDER.contains(&one) => vec![one],
        other => {
            eprintln!(
                "unknown benchmark {other}: use all, quick, reserve, wait, cluster, move, cancel, best, history, trips, throughput, cycle, \
                 inspect, sweep, rss, memory, report or watch"
            );
            std::process::exit(2);
        }
    };
    let mut by_section: HashMap<&str, Vec<Row>> = HashMap::new();
    let mut fixture: Option<Fixture> = None;
    for s in sections {
        if matches!(s, "inspect" | "rss") && fixture.is_none() {
            fixture = Some(inspect_fixture(&z));
        }
        let rows = match s {
            "reserve" => bench_reserve(&z),
            "wait" => wait::bench_wait(&z),
            "cluster" => cluster::bench_cluster(&z),
            "move" => moves::bench_move(&z),
            "cancel" => cancel::bench_cancel(&z),
            "best" => best::bench_best(&z),
            "history" => history::bench_history(&z),
            "trips" => bench_trips(&z),
            "throughput" => bench_throughput(&z),
            "cycle" => bench_cycle(&z),
            "inspect" => bench_inspect(&z, fixture.as_ref().unwrap()),
            "rss" => {
                let rows = bench_rss(&z, fixture.as_ref().unwrap());
                fixture = None;
                rows
            }
            "sweep" => bench_sweep(&z),
            "report" => report::bench_report(&z),
            "watch" => watch::bench_watch(&z),
            _ => bench_memory(&z),
        };
        by_section.insert(s, rows);
    }
    let rows: Vec<Row> = ORDER
        .iter()
        .filter_map(|s| by_section.remove(s))
        .flatten()
        .collect();
    print_table(&rows, z.judge);
    if z.judge {
        let missed = rows.iter().filter(|r| r.met == Some(false)).count();
        println!(
            "\n{missed} goal(s) missed (nothing is asserted: the figures are for BENCHMARKS.md)"
        );
    }
}
