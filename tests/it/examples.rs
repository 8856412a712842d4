//! Every example runs here, against the test's own Redis and SQLite: the Rust examples, the
//! sale script, the demo, and the exact command lines in the crontab and the systemd unit. An
//! example that rots fails CI.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::harness::Env;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("boxoffice")
}

/// Builds the examples once per test run (a no-op when `cargo test` already did) and returns
/// the path of one of them.
fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(["build", "--examples", "--quiet"])
            .current_dir(repo())
            .output()
            .expect("run cargo build --examples");
        assert!(
            out.status.success(),
            "cargo build --examples failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    let path = bin().parent().unwrap().join("examples").join(name);
    assert!(path.exists(), "{} was not built", path.display());
    path
}

fn jq_installed() {
    let ok = Command::new("jq")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "jq is needed by examples/sale.sh: install it with `sudo apt-get install jq` \
         (.ci/test does this)"
    );
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn example_race_sells_no_seat_twice() {
    let env = Env::bare();
    for args in [&[][..], &["120", "3"]] {
        let out = Command::new(example("race"))
            .args(args)
            .env("REDIS_URL", env.redis.url())
            .output()
            .unwrap();
        let stdout = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}\n{}",
            text(&out.stderr)
        );
        assert!(stdout.contains("OK: no seat sold twice"), "{stdout}");
        assert!(stdout.contains("errors: 0"), "{stdout}");
    }
    // Nothing is left held in Redis: every lock was confirmed away or released.
    assert_eq!(env.locks(), Vec::<String>::new());
}

#[test]
fn example_bench_quick_runs() {
    let out = Command::new(example("bench"))
        .arg("quick")
        .env_remove("REDIS_URL")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn example_sale_script_sells_then_reports_a_conflict() {
    jq_installed();
    let env = Env::demo();
    let sale = |user: &str, seats: &[&str]| {
        Command::new("bash")
            .arg(repo().join("examples/sale.sh"))
            .args(["24", user])
            .args(seats)
            .env("BOXOFFICE", bin())
            .env("REDIS_URL", env.redis.url())
            .env("BOXOFFICE_DB", &env.db)
            .env("HOME", env.dir.path())
            .output()
            .unwrap()
    };
    let out = sale("7", &["A1-A2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Sold A1, A2 to user 7"), "{stdout}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '7' AND status = 'CONFIRMED' AND payment_id LIKE 'pay_%'"),
        1
    );
    let out = sale("8", &["A2", "A3"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("Taken: A2 (sold)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(env.get("seat_lock:24:A3"), None, "all or nothing");
    let out = sale("8", &["Z1"]);
    assert_eq!(out.status.code(), Some(4));
}

#[test]
fn example_demo_runs_end_to_end() {
    let env = Env::bare();
    let out = Command::new("bash")
        .arg(repo().join("examples/demo.sh"))
        .env("REDIS_URL", env.redis.url())
        .env("HOME", env.dir.path())
        .current_dir(repo())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{stderr}",
        text(&out.stdout)
    );
    assert!(stderr.contains("Done"), "{stderr}");
    // The sweep step healed the lost locks.
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("restored 1 hold Redis had lost"),
        "{stdout}"
    );
    // The day's report and A1's history close the tour.
    assert!(stdout.contains("OCCUPANCY"), "{stdout}");
    assert!(stdout.contains("| reserve "), "{stdout}");
    // The demo cleans up after itself in a shared Redis: no lock left behind.
    assert_eq!(env.locks(), Vec::<String>::new());
}

/// A hold whose time ran out, for the sweep examples to find.
fn overdue_hold(env: &Env) -> i64 {
    let v = env.json("reserve --showtime 24 --user 7 A1 --hold 1s");
    std::thread::sleep(Duration::from_millis(1300));
    v["booking_id"].as_i64().unwrap()
}

/// The commands in examples/crontab, run as cron would (sh -c), with the file's own
/// environment lines pointed at the test's Redis and database.
#[test]
fn example_crontab_lines_run_and_are_silent_when_clean() {
    let env = Env::demo();
    let crontab = std::fs::read_to_string(repo().join("examples/crontab")).unwrap();
    let mut jobs = Vec::new();
    for line in crontab.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.contains('=') && !line.contains(' ') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert!(fields.len() > 5, "not a cron job line: {line}");
        let command = fields[5..].join(" ");
        assert!(
            command.starts_with("/usr/local/bin/boxoffice "),
            "{command}"
        );
        jobs.push(command.replace("/usr/local/bin/boxoffice", bin().to_str().unwrap()));
    }
    assert!(jobs.len() >= 2, "{jobs:?}");
    let run = |cmd: &str| {
        Command::new("sh")
            .args(["-c", cmd])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", env.dir.path())
            .env("REDIS_URL", env.redis.url())
            .env("BOXOFFICE_DB", &env.db)
            .output()
            .unwrap()
    };
    // Nothing to do: every job exits 0 and prints nothing, so cron mails nothing.
    for job in &jobs {
        let out = run(job);
        assert_eq!(out.status.code(), Some(0), "{job}: {out:?}");
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "{job}: {out:?}"
        );
    }
    // Something to do: the minute job expires the overdue hold and says so.
    let id = overdue_hold(&env);
    let out = run(&jobs[0]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!out.stdout.is_empty() || !out.stderr.is_empty());
    assert_eq!(env.booking_status(id), "EXPIRED");
}

/// The unit's ExecStart keeps running and sweeps at once.
#[test]
fn example_systemd_unit_command_keeps_sweeping() {
    let env = Env::demo();
    let unit = std::fs::read_to_string(repo().join("examples/boxoffice-sweep.service")).unwrap();
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("ExecStart line");
    let args: Vec<&str> = exec.split_whitespace().collect();
    assert_eq!(args[0], "/usr/local/bin/boxoffice");
    assert!(args.contains(&"--watch"), "{exec}");
    for (k, v) in unit
        .lines()
        .filter_map(|l| l.strip_prefix("Environment="))
        .filter_map(|kv| kv.split_once('='))
    {
        assert!(["REDIS_URL", "BOXOFFICE_DB"].contains(&k), "{k}={v}");
    }
    let id = overdue_hold(&env);
    let mut child = env
        .process()
        .args(&args[1..])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while env.booking_status(id) != "EXPIRED" && start.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let still_running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(env.booking_status(id), "EXPIRED");
    assert!(still_running, "sweep --watch exited instead of staying up");
}
