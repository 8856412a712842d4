//! The sweep lock: concurrent sweeps change each booking once, a confirm racing a sweep wins,
//! the lock is short and renewed, and a sweep that lost it stops and says so.

use std::time::Duration;

use super::*;
use crate::harness::Env;

#[test]
fn concurrent_sweeps_change_each_booking_once() {
    let env = Env::demo();
    for u in 0..40 {
        env.ok(&[
            "reserve",
            "--showtime",
            "24",
            "--user",
            &format!("u{u}"),
            &format!("{}{}", (b'A' + (u / 12) as u8) as char, u % 12 + 1),
            "--hold",
            "1s",
        ]);
    }
    std::thread::sleep(Duration::from_millis(1200));
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.process()
                .args(["sweep", "--json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut expired = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success());
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // A sweep that found another one running did nothing, and said so.
        if s["skipped"] == true {
            assert!(String::from_utf8_lossy(&out.stderr).contains("sweep skipped"));
        }
        expired += s["expired"].as_u64().unwrap();
    }
    assert_eq!(expired, 40);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'expire'"),
        40
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'EXPIRED'"),
        40
    );
}

#[test]
fn a_confirm_racing_a_sweep_never_ends_expired() {
    let env = Env::demo();
    for round in 0..6 {
        let user = format!("r{round}");
        let seat = format!("F{}", round + 1);
        let r = env.json(&format!(
            "reserve --showtime 24 --user {user} {seat} --hold 1s"
        ));
        std::thread::sleep(Duration::from_millis(900 + 40 * round));
        let spawn = |args: Vec<String>| {
            env.process()
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let mut sweep = spawn(vec!["sweep".into()]);
        let mut confirm = spawn(vec![
            "confirm".into(),
            "--booking".into(),
            r["booking_id"].to_string(),
            "--payment-id".into(),
            format!("pay_{round}"),
        ]);
        assert!(
            confirm.wait().unwrap().success(),
            "round {round}: confirm failed"
        );
        assert!(sweep.wait().unwrap().success());
        assert_eq!(
            env.booking_status(r["booking_id"].as_i64().unwrap()),
            "CONFIRMED",
            "round {round}"
        );
        env.ok("sweep");
        assert_eq!(
            env.booking_status(r["booking_id"].as_i64().unwrap()),
            "CONFIRMED"
        );
    }
}

/// Issue 11, item 6: a sweep that finds another one's lock says so (stderr, one line, without
/// -v; in --json with who holds it and for how long) and exits 0, as cron wants.
#[test]
fn a_skipped_sweep_says_so_and_names_the_lock_holder() {
    let env = Env::demo();
    let token = format!("4242:{}:alice", chrono_ms() - 3_000);
    set_px(&env, "boxoffice:sweep_lock", &token, 8_000);
    let out = env.run("sweep");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("skipped"), "{err}");
    assert!(err.contains("4242"), "{err}");
    assert!(err.contains("alice"), "{err}");
    // Quiet still says it: a sweep that did nothing is never silent.
    let out = env.run("sweep -q");
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped"));
    let s = env.json("sweep");
    assert_eq!(s["skipped"], true, "{s}");
    assert_eq!(s["lock"]["holder"], token.as_str(), "{s}");
    assert_eq!(s["lock"]["pid"], 4242, "{s}");
    assert_eq!(s["lock"]["operator"], "alice", "{s}");
    assert!(s["lock"]["held_for_ms"].as_i64().unwrap() >= 3_000, "{s}");
    let left = s["lock"]["expires_in_ms"].as_i64().unwrap();
    assert!(left > 0 && left <= 8_000, "{s}");
    // The other sweep's lock is left alone.
    assert_eq!(
        env.get("boxoffice:sweep_lock").as_deref(),
        Some(token.as_str())
    );
}

fn chrono_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A sweep stopped at a failpoint (`sweep-showtime:pause`, hit before each showtime), whose
/// stderr is read line by line so the test knows where it is.
struct PausedSweep {
    child: std::process::Child,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl PausedSweep {
    fn start(env: &Env, args: &[&str]) -> PausedSweep {
        use std::io::BufRead;
        let mut child = env
            .process()
            .env("BOXOFFICE_FAILPOINT", "sweep-showtime:pause")
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for l in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        PausedSweep { child, stderr: rx }
    }

    /// Waits for the next pause; returns the stderr lines before it.
    fn paused(&self) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let l = self
                .stderr
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("the sweep never paused; stderr: {seen:?}"));
            if l.contains("paused at sweep-showtime") {
                return seen;
            }
            seen.push(l);
        }
    }

    fn step(&mut self) {
        use std::io::Write;
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    fn finish(mut self) -> (std::process::Output, Vec<String>) {
        drop(self.child.stdin.take());
        let out = self.child.wait_with_output().unwrap();
        (out, self.stderr.iter().collect())
    }
}

/// Issue 11, item 6: the sweep lock lives seconds, not two minutes, and is renewed while the
/// sweep runs, so a sweep that dies (kill -9) silences the next ones only briefly.
#[test]
fn the_sweep_lock_is_short_and_renewed_while_the_sweep_runs() {
    let env = Env::demo();
    env.ok("showtime add --id 25 --movie Heat --starts 2030-01-01T20:00:00Z --rows A-B --seats-per-row 4");
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("reserve --showtime 25 --user 7 A1");
    let mut sweep = PausedSweep::start(&env, &["sweep", "--json"]);
    sweep.paused();
    let ttl = env.pttl("boxoffice:sweep_lock");
    assert!(ttl > 0 && ttl <= 10_000, "lock TTL {ttl} ms");
    std::thread::sleep(Duration::from_millis(2_500));
    let aged = env.pttl("boxoffice:sweep_lock");
    assert!(aged <= ttl - 2_000, "{aged}");
    sweep.step();
    sweep.paused();
    let renewed = env.pttl("boxoffice:sweep_lock");
    assert!(
        renewed > aged + 1_500,
        "renewed to {renewed} ms from {aged} ms"
    );
    // Meanwhile another sweep is skipped, and says by whom.
    let (_, err) = env.fails(0, "sweep");
    assert!(err.contains("skipped"), "{err}");
    assert!(err.contains(&sweep.child.id().to_string()), "{err}");
    sweep.step();
    let (out, _) = sweep.finish();
    assert!(out.status.success());
    assert_eq!(env.get("boxoffice:sweep_lock"), None, "released at the end");

    // A sweep killed while holding the lock leaves it for at most its short TTL.
    let mut dead = PausedSweep::start(&env, &["sweep"]);
    dead.paused();
    dead.child.kill().unwrap();
    dead.child.wait().unwrap();
    assert!(env.pttl("boxoffice:sweep_lock") <= 10_000);
}

/// A sweep whose lock was taken over while one of its steps ran long (the lock ran out, and
/// another sweep took it) stops cleanly and says so, and leaves the other sweep's lock alone.
#[test]
fn a_sweep_that_lost_its_lock_stops_cleanly_and_says_so() {
    let env = Env::demo();
    env.ok("showtime add --id 25 --movie Heat --starts 2030-01-01T20:00:00Z --rows A-B --seats-per-row 4");
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("reserve --showtime 25 --user 7 A1");
    let mut sweep = PausedSweep::start(&env, &["sweep", "--json"]);
    sweep.paused();
    set_px(&env, "boxoffice:sweep_lock", "1:1:other", 10_000);
    // Past the renewal throttle, so the next step checks the lock.
    std::thread::sleep(Duration::from_millis(1_200));
    sweep.step();
    let (out, err) = sweep.finish();
    assert_eq!(out.status.code(), Some(0), "{err:?}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["lock_lost"], true, "{s}");
    assert!(err.iter().any(|l| l.contains("lost its lock")), "{err:?}");
    assert_eq!(
        env.get("boxoffice:sweep_lock").as_deref(),
        Some("1:1:other")
    );
}

/// The last step outliving the lock (it ran out, nobody renewed it) is said too, not hidden.
#[test]
fn a_sweep_whose_last_step_outlived_its_lock_says_so() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let mut sweep = PausedSweep::start(&env, &["sweep", "--json"]);
    sweep.paused();
    del(&env, "boxoffice:sweep_lock");
    sweep.step();
    let (out, err) = sweep.finish();
    assert_eq!(out.status.code(), Some(0), "{err:?}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["lock_lost"], true, "{s}");
    assert!(err.iter().any(|l| l.contains("lost its lock")), "{err:?}");
    // A sweep that kept its lock says nothing of the kind.
    let s = env.json("sweep");
    assert_eq!(s["lock_lost"], false, "{s}");
}
