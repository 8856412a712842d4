//! Moves racing reserves, confirms and releases over the same dozen seats: every command exits
//! 0 or with a documented refusal, no seat is ever held or sold twice, and every moved booking
//! ends on exactly as many seats as it started with, its status and payment unchanged.

use std::sync::Mutex;

use super::*;

const POOL: u64 = 12;

/// A small xorshift, so each thread's choices are reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn seat(i: u64) -> String {
    format!("A{}", i + 1)
}

/// Runs a command and returns its exit code, recording anything outside `allowed`.
fn run(env: &Env, args: &[String], allowed: &[i32], bad: &Mutex<Vec<String>>) -> i32 {
    let out = env.process().args(args).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    if !allowed.contains(&code) {
        bad.lock().unwrap().push(format!(
            "{args:?} exited {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    code
}

fn live(env: &Env, id: i64) -> Vec<String> {
    seat_rows(env, id)
        .into_iter()
        .filter(|r| r.2 == Some(1))
        .map(|r| r.1)
        .collect()
}

#[test]
fn moves_racing_reserves_never_hold_or_sell_a_seat_twice() {
    let env = Env::demo();
    let mut movers = Vec::new();
    for (k, user) in ["m1", "m2", "m3", "m4"].iter().enumerate() {
        let id = reserve(
            &env,
            &format!("--showtime 24 --user {user} {}", seat(k as u64)),
        );
        if k >= 2 {
            env.ok(&format!("confirm --booking {id} --payment-id pay_{user}"));
        }
        movers.push(id);
    }
    let before: Vec<_> = movers.iter().map(|&id| booking_row(&env, id)).collect();
    let bad = Mutex::new(Vec::new());
    let moved = Mutex::new(0);
    std::thread::scope(|s| {
        for (w, &id) in movers.iter().enumerate() {
            let (env, bad, moved) = (&env, &bad, &moved);
            s.spawn(move || {
                let mut rng = Rng(0x9e37_79b9 + w as u64);
                for _ in 0..12 {
                    let Some(cur) = live(env, id).pop() else {
                        break;
                    };
                    let pair = format!("{cur}={}", seat(rng.below(POOL)));
                    let args = ["move", "--booking", &id.to_string(), &pair].map(String::from);
                    // 2: onto its own seat; 3: taken, or changing under another command.
                    if run(env, &args, &[0, 2, 3], bad) == 0 {
                        *moved.lock().unwrap() += 1;
                    }
                }
            });
        }
        for w in 0..3u64 {
            let (env, bad) = (&env, &bad);
            s.spawn(move || {
                let mut rng = Rng(0x1234_5678 + w);
                let user = format!("r{w}");
                for i in 0..12 {
                    let mut args = [
                        "reserve",
                        "--showtime",
                        "24",
                        "--user",
                        &user,
                        "--hold",
                        "1s",
                    ]
                    .map(String::from)
                    .to_vec();
                    args.push(seat(rng.below(POOL)));
                    if run(env, &args, &[0, 3], bad) != 0 {
                        continue;
                    }
                    let pay = format!("pay_{user}_{i}");
                    let next = match rng.below(3) {
                        0 => vec![
                            "confirm",
                            "--showtime",
                            "24",
                            "--user",
                            &user,
                            "--payment-id",
                            &pay,
                        ],
                        1 => vec!["release", "--showtime", "24", "--user", &user],
                        _ => continue,
                    };
                    let args: Vec<String> = next.into_iter().map(String::from).collect();
                    run(env, &args, &[0, 3, 4], bad);
                }
            });
        }
    });
    let bad = bad.into_inner().unwrap();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(*moved.lock().unwrap() > 0, "no move went through");
    for (&id, b) in movers.iter().zip(&before) {
        assert_eq!(live(&env, id).len(), 1, "booking {id}");
        assert_eq!(
            &booking_row(&env, id),
            b,
            "booking {id}: status, hold, payment"
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(1100));
    env.ok("sweep");
    clean(&env, 24);
}
