//! The interactive flows, driven through a real pseudo-terminal (rexpect): what staff see and
//! type at the counter. Each test then checks the Redis keys and SQLite rows, not just the
//! screen.

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use crate::harness::Env;

const TIMEOUT_MS: u64 = 20_000;

/// `boxoffice <args>` on a fresh pseudo-terminal wired to `env`.
fn spawn(env: &Env, args: &[&str]) -> PtySession {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("boxoffice"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("USER", "clerk")
        .env("REDIS_URL", env.redis.url())
        .env("BOXOFFICE_DB", &env.db)
        .args(args);
    spawn_command(c, Some(TIMEOUT_MS)).expect("spawn on a pty")
}

/// Waits for the process to end and returns its exit code.
fn exit_code(p: &mut PtySession) -> i32 {
    // Drain what's left so the child never blocks on a full pty buffer.
    let _ = p.exp_eof();
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("boxoffice did not exit normally: {other:?}"),
    }
}

fn world() -> Env {
    let env = Env::demo();
    // B1 sold to user 9, C1 held by user 8.
    env.ok("reserve --showtime 24 --user 9 B1");
    env.ok("confirm --showtime 24 --user 9 --payment-id pay_b1");
    env.ok("reserve --showtime 24 --user 8 C1");
    env
}

#[test]
fn picking_seats_by_typing_a_list_checks_it_against_the_map() {
    let env = world();
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    // The seat map comes first, with the legend and the counts.
    // (rexpect reads bytes as Latin-1, so match ASCII only.)
    p.exp_string("Showtime 24").unwrap();
    p.exp_string("Avengers").unwrap();
    p.exp_string("Legend: . free   h held   X sold").unwrap();
    p.exp_string("118 free, 1 held, 1 sold").unwrap();
    p.exp_string("Seats to hold").unwrap();
    // A sold seat and someone else's hold are refused at the prompt, which asks again.
    p.send_line("B1, C1").unwrap();
    p.exp_string("B1 is sold; C1 is held by someone else")
        .unwrap();
    p.send_line("A1-A3, D2").unwrap();
    p.exp_string("Held A1, A2, A3, D2 on showtime 24 for user 7")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    for seat in ["A1", "A2", "A3", "D2"] {
        assert_eq!(
            env.get(&format!("seat_lock:24:{seat}")).as_deref(),
            Some("7")
        );
    }
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("8"));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id WHERE b.user_id = '7' AND b.status = 'PENDING' AND bs.live = 1"),
        4
    );
}

/// Refused seats are grouped by reason: "C1, C2, C3 are held by someone else; B1 is sold".
#[test]
fn refused_seats_are_grouped_by_reason_at_the_prompt() {
    let env = world();
    env.ok("reserve --showtime 24 --user 8 C2 C3");
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    p.exp_string("Seats to hold").unwrap();
    p.send_line("C1-C3, B1, Z1, Z2").unwrap();
    p.exp_string(
        "C1, C2, C3 are held by someone else; B1 is sold; Z1, Z2 are not in this showtime",
    )
    .unwrap();
    p.send_line("C2").unwrap();
    p.exp_string("C2 is held by someone else").unwrap();
    p.send_line("").unwrap();
    assert_eq!(exit_code(&mut p), 2);
}

#[test]
fn picking_seats_from_the_checklist() {
    let env = world();
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    p.exp_string("Seats to hold").unwrap();
    p.send_line("?").unwrap();
    p.exp_string("Space to mark seats").unwrap();
    // The list holds free seats only, in layout order: A1, A2, A3, ...
    p.send(" ").unwrap(); // mark A1
    p.send("\x1b[B").unwrap(); // down
    p.send("\x1b[B").unwrap(); // down
    p.send(" ").unwrap(); // mark A3
    p.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Held A1, A3 on showtime 24 for user 7")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:24:A2"), None);
    assert_eq!(env.get("seat_lock:24:A3").as_deref(), Some("7"));
}

#[test]
fn an_empty_answer_cancels_and_holds_nothing() {
    let env = world();
    let before = (env.redis_state(), env.db_state());
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    p.exp_string("Seats to hold").unwrap();
    p.send_line("").unwrap();
    p.exp_string("no seats picked; nothing was held").unwrap();
    assert_eq!(exit_code(&mut p), 2);
    assert_eq!((env.redis_state(), env.db_state()), before);
}

#[test]
fn a_forced_release_asks_and_no_means_no() {
    let env = world();
    let before = (env.redis_state(), env.db_state());
    let mut p = spawn(
        &env,
        &["release", "--showtime", "24", "--seat", "C1", "--force"],
    );
    p.exp_string("This will release").unwrap();
    p.exp_string("C1").unwrap();
    p.exp_string("Release these seats for good?").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_string("not confirmed; nothing was released").unwrap();
    assert_eq!(exit_code(&mut p), 2);
    assert_eq!((env.redis_state(), env.db_state()), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM audit WHERE forced = 1"), 0);
}

#[test]
fn a_forced_release_asks_and_yes_releases_and_is_recorded() {
    let env = world();
    let mut p = spawn(
        &env,
        &["release", "--showtime", "24", "--seat", "C1", "--force"],
    );
    p.exp_string("Release these seats for good?").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("Released C1 on showtime 24 from user 8")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.get("seat_lock:24:C1"), None);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM audit WHERE operator = 'clerk' AND forced = 1 AND action = 'force_release'"
        ),
        1,
        "audit rows: {}",
        env.db_state()
    );
}

#[test]
fn a_forced_extension_past_the_cap_asks_first() {
    let env = world();
    let ttl_before = env.pttl("seat_lock:24:C1");
    let mut p = spawn(
        &env,
        &[
            "ttl",
            "--showtime",
            "24",
            "--user",
            "8",
            "--extend",
            "3h",
            "--force",
        ],
    );
    p.exp_string("?").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let ttl = env.pttl("seat_lock:24:C1");
    assert!(
        ttl > ttl_before + 2 * 3_600_000,
        "extended {ttl_before} -> {ttl}"
    );
}

#[test]
fn a_forced_reserve_over_a_block_shows_it_asks_and_no_means_no() {
    let env = world();
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "house seats"]);
    let before = (env.redis_state(), env.db_state());
    let args = [
        "reserve",
        "--showtime",
        "24",
        "--user",
        "7",
        "F7",
        "--force",
    ];
    let mut p = spawn(&env, &args);
    p.exp_string("F7 on showtime 24 is blocked: house seats")
        .unwrap();
    p.exp_string("Hold these blocked seats anyway?").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_string("not confirmed; nothing was reserved").unwrap();
    assert_eq!(exit_code(&mut p), 2);
    assert_eq!((env.redis_state(), env.db_state()), before);
    // Yes: held, the block ended, audited as the clerk's forced override.
    let mut p = spawn(&env, &args);
    p.exp_string("Hold these blocked seats anyway?").unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("Block on F7 ended").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.get("seat_lock:24:F7").as_deref(), Some("7"));
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM audit WHERE operator = 'clerk' AND forced = 1 AND action = 'block_override'"
        ),
        1
    );
}

#[test]
fn the_picker_draws_blocked_seats_and_refuses_them_as_blocked() {
    let env = world();
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    p.exp_string("# blocked").unwrap();
    p.exp_string("Blocked: F7 (broken seat)").unwrap();
    p.exp_string("Seats to hold").unwrap();
    p.send_line("F7").unwrap();
    p.exp_string("F7 is blocked").unwrap();
    p.send_line("").unwrap();
    assert_eq!(exit_code(&mut p), 2);
    assert_eq!(env.get("seat_lock:24:F7"), None);
}

#[test]
fn typing_a_number_proposes_the_best_seats_together_and_yes_holds_them() {
    let env = world();
    env.ok("reserve --showtime 24 --user 6 G6");
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    p.exp_string("Seats to hold").unwrap();
    p.send_line("4").unwrap();
    // G6 is held: the best four that strand no seat are G7-G10.
    p.exp_string("Best 4 together: G7, G8, G9, G10. Hold them?")
        .unwrap();
    p.send("y").unwrap();
    p.flush().unwrap();
    p.exp_string("Held G7, G8, G9, G10 on showtime 24 for user 7")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    for seat in ["G7", "G8", "G9", "G10"] {
        assert_eq!(
            env.get(&format!("seat_lock:24:{seat}")).as_deref(),
            Some("7")
        );
    }
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id WHERE b.user_id = '7' AND b.status = 'PENDING' AND bs.live = 1"),
        4
    );
}

#[test]
fn declining_the_proposed_seats_asks_again_and_the_clerk_picks_by_hand() {
    let env = world();
    let mut p = spawn(&env, &["reserve", "--showtime", "24", "--user", "7"]);
    p.exp_string("Seats to hold").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("Best 2 together: G6, G7. Hold them?").unwrap();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_string("Seats to hold").unwrap();
    p.send_line("A5").unwrap();
    p.exp_string("Held A5 on showtime 24 for user 7").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.get("seat_lock:24:A5").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:24:G6"), None);
}
