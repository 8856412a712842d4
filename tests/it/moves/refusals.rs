//! Every refused move: the exit code, the wording that names the seat, and Redis and SQLite
//! exactly as they were.

use super::*;
use crate::harness::Args;

/// Runs a move that must fail with `code`, asserting nothing changed anywhere; returns stderr.
fn refused<A: Args + ?Sized>(env: &Env, code: i32, args: &A) -> String {
    let (redis, db) = (env.redis_state(), env.db_state());
    let (_, err) = env.fails(code, args);
    let a = args.to_args();
    assert_eq!(env.redis_state(), redis, "{a:?}: Redis changed");
    assert_eq!(env.db_state(), db, "{a:?}: SQLite changed");
    err
}

fn world() -> (Env, i64) {
    let env = Env::demo();
    env.ok("showtime add --movie Heat --starts 2099-12-02T20:00:00Z --rows A-F --seats-per-row 8 --id 25");
    env.ok("showtime add --movie Old --starts 2001-01-01T20:00:00Z --rows A-F --seats-per-row 8 --id 26 --force");
    let id = reserve(&env, "--showtime 24 --user 7 B2 B3");
    env.ok("sweep");
    (env, id)
}

#[test]
fn bad_pairs_are_usage_errors() {
    let (env, id) = world();
    for (pairs, seat) in [
        ("B2=F5 B2=F6", "B2"),
        ("B2=F5 B3=F5", "F5"),
        ("B2=B3 B3=B2", "B3"),
        ("B2=B2", "B2"),
    ] {
        let err = refused(&env, 2, &format!("move --booking {id} {pairs}"));
        assert!(
            err.contains(&format!("seat {seat} appears twice")),
            "{pairs}: {err}"
        );
    }
    // A seat the booking keeps is no place to move another one to.
    let err = refused(&env, 2, &format!("move --booking {id} B2=B3"));
    assert!(
        err.contains(&format!("seat B3 is already in booking {id}")),
        "{err}"
    );
    let err = refused(&env, 2, &format!("move --booking {id} B2"));
    assert!(err.contains("expected OLD=NEW"), "{err}");
    refused(&env, 2, &format!("move --booking {id} B2=F"));
    refused(&env, 2, &format!("move --booking {id}"));
    let err = refused(
        &env,
        2,
        &format!("move --booking {id} B2=F5 --to-showtime 25"),
    );
    assert!(err.contains("moves the whole booking"), "{err}");
    let err = refused(
        &env,
        2,
        &[
            "move",
            "--booking",
            &id.to_string(),
            "B2=F5",
            "--reason",
            " ",
        ],
    );
    assert!(err.contains("invalid --reason"), "{err}");
}

#[test]
fn what_does_not_exist_is_not_found() {
    let (env, id) = world();
    let err = refused(&env, 4, "move --booking 99 B2=F5");
    assert!(err.contains("booking 99 does not exist"), "{err}");
    let err = refused(&env, 4, &format!("move --booking {id} B2=F5 B9=F6"));
    assert!(err.contains(&format!("not in booking {id}: B9")), "{err}");
    let err = refused(&env, 4, &format!("move --booking {id} B2=Z99 B3=F6"));
    assert!(
        err.contains("not in the layout of showtime 24: Z99"),
        "{err}"
    );
    let err = refused(
        &env,
        4,
        &format!("move --booking {id} B2=F5 B3=F6 --to-showtime 98"),
    );
    assert!(err.contains("showtime 98 does not exist"), "{err}");
    let err = refused(
        &env,
        4,
        &format!("move --booking {id} B2=A1 B3=J12 --to-showtime 25"),
    );
    assert!(
        err.contains("not in the layout of showtime 25: J12"),
        "{err}"
    );
    env.ok(&format!("release --booking {id}"));
    let err = refused(&env, 4, &format!("move --booking {id} B2=F5"));
    assert!(err.contains("already CANCELLED"), "{err}");
}

#[test]
fn taken_seats_and_past_showtimes_are_conflicts() {
    let (env, id) = world();
    env.ok("reserve --showtime 24 --user 8 F6");
    let sold = reserve(&env, "--showtime 24 --user 9 G1");
    env.ok(&format!("confirm --booking {sold} --payment-id pay_9"));
    let e = {
        let (redis, db) = (env.redis_state(), env.db_state());
        let e = env.json_err(3, &format!("move --booking {id} B2=F5 B3=F6"));
        assert_eq!((env.redis_state(), env.db_state()), (redis, db));
        e
    };
    assert_eq!(e["kind"], "conflict");
    assert_eq!(e["taken"][0]["seat"], "F6");
    assert_eq!(e["taken"][0]["state"], "held");
    assert_eq!(e["taken"][0]["user"], "8");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .ends_with("nothing was moved"),
        "{e}"
    );
    let err = refused(&env, 3, &format!("move --booking {id} B2=F5 B3=G1"));
    assert!(err.contains("G1 (sold"), "{err}");
    let err = refused(
        &env,
        3,
        &format!("move --booking {id} B2=A1 B3=A2 --to-showtime 26"),
    );
    assert!(err.contains("showtime 26 started at"), "{err}");
    // A user with a hold on the target showtime can't get a second one there.
    env.ok("reserve --showtime 25 --user 7 F1");
    let err = refused(
        &env,
        3,
        &format!("move --booking {id} B2=A1 B3=A2 --to-showtime 25"),
    );
    assert!(
        err.contains("user 7 already has a hold on showtime 25"),
        "{err}"
    );
}

/// Redis lost a live hold's lock: the move's Redis step takes the seat, SQLite's fence refuses
/// it, and the new locks are given back (the held seat stays off the free-seat cache).
#[test]
fn the_fence_refuses_a_seat_whose_lock_redis_lost_and_the_new_locks_are_given_back() {
    let (env, id) = world();
    env.ok("reserve --showtime 24 --user 8 F6");
    redis::cmd("DEL")
        .arg("seat_lock:24:F6")
        .query::<()>(&mut env.con())
        .unwrap();
    let db = env.db_state();
    let e = env.json_err(3, &format!("move --booking {id} B2=F5 B3=F6"));
    assert_eq!(e["taken"][0]["seat"], "F6");
    assert_eq!(e["taken"][0]["booking_id"].as_i64(), Some(id + 1));
    assert_eq!(env.db_state(), db);
    assert_eq!(env.locks(), ["seat_lock:24:B2", "seat_lock:24:B3"]);
    let (seats, _) = reservation(&env, "seat_reservation_24_7");
    assert_eq!(seats, ["B2", "B3"]);
    let free = array(&env, "available_seats_24");
    assert!(free.contains(&"F5".into()) && !free.contains(&"F6".into()));
    env.ok("sweep");
    clean(&env, 24);
}

/// A hold that ran out by Redis's clock can't move, even before the sweep has expired it.
#[test]
fn a_hold_that_ran_out_does_not_move() {
    let env = Env::demo();
    let id = reserve(&env, "--showtime 24 --user 7 B2 --hold 1s");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let err = refused(&env, 3, &format!("move --booking {id} B2=F5"));
    assert!(err.contains("hold has run out"), "{err}");
}

/// A blocked seat is refused as blocked, with its reason, like reserve refuses it, and
/// nothing moves.
#[test]
fn a_blocked_target_seat_is_refused_saying_blocked_and_why() {
    let (env, id) = world();
    env.ok("block --showtime 24 F5 --reason wheelchair");
    let err = refused(&env, 3, &format!("move --booking {id} B2=F5 B3=F6"));
    assert!(err.contains("F5 is blocked: wheelchair"), "{err}");
    let (redis, db) = (env.redis_state(), env.db_state());
    let j = env.json_err(3, &format!("move --booking {id} B2=F5"));
    assert_eq!(j["taken"][0]["state"], "blocked", "{j}");
    assert_eq!(j["taken"][0]["reason"], "wheelchair", "{j}");
    assert_eq!((env.redis_state(), env.db_state()), (redis, db));
}
