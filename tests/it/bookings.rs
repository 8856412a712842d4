//! `bookings`: listing what SQLite recorded, with or without Redis.

use crate::cli::repo;
use crate::harness::Env;

#[test]
fn bookings_and_showtimes_work_while_redis_is_down() {
    let mut env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.redis.stop();
    let list = env.json("bookings --status PENDING");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["user"], "7");
    let shows = env.json("showtime list");
    assert_eq!(shows[0]["showtime_id"], 24);
    assert_eq!(shows[0]["pending"], 1);
}

/// `bookings --status` lists its values in --help, completes them, and still takes any case.
#[test]
fn bookings_status_values_are_listed_completed_and_case_insensitive() {
    let env = Env::demo();
    let help = env.ok("bookings --help");
    for v in ["PENDING", "CONFIRMED", "CANCELLED", "EXPIRED"] {
        assert!(
            help.contains(v),
            "{v} missing from bookings --help:\n{help}"
        );
    }
    let out = env
        .cmd()
        .env("COMPLETE", "fish")
        .args(["--", "boxoffice", "bookings", "--status", ""])
        .output()
        .unwrap();
    let values: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(values, ["PENDING", "CONFIRMED", "CANCELLED", "EXPIRED"]);
    let bash = std::fs::read_to_string(repo().join("completions/boxoffice.bash")).unwrap();
    assert!(
        bash.contains("PENDING CONFIRMED CANCELLED EXPIRED"),
        "bash completions"
    );
    env.ok("reserve --showtime 24 --user 7 A1");
    for spelling in ["PENDING", "pending", "Pending"] {
        let rows = env.json(&["bookings", "--status", spelling]);
        assert_eq!(rows.as_array().unwrap().len(), 1, "{spelling}");
    }
    let (_, err) = env.fails(2, "bookings --status SOLD");
    assert!(err.contains("SOLD") && err.contains("PENDING"), "{err}");
}

/// Rows come back typed: a booking edited by hand to a user id or status boxoffice never
/// writes is one clear internal error naming the value (and escaped), never a guess or a panic.
#[test]
fn a_booking_edited_by_hand_to_values_boxoffice_never_writes_is_a_clear_error() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.sqlite()
        .execute("UPDATE bookings SET user_id = 'bad\u{1b}[2Juser'", [])
        .unwrap();
    let (_, err) = env.fails(1, "bookings");
    assert!(
        err.contains("a row boxoffice cannot read: invalid user id")
            && err.contains(r#""bad\u{1b}[2Juser""#)
            && err.contains("(was the database edited by hand?)"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "{err:?}");
    let c = env.sqlite();
    c.execute_batch(
        "PRAGMA ignore_check_constraints = ON; DROP TRIGGER bookings_status_transitions;",
    )
    .unwrap();
    c.execute("UPDATE bookings SET user_id = '7', status = 'SOLD'", [])
        .unwrap();
    let (_, err) = env.fails(1, "bookings");
    assert!(
        err.contains(r#"booking 1 has status "SOLD", which is none of PENDING"#)
            && err.ends_with("(was the database edited by hand?)\n"),
        "{err}"
    );
}
