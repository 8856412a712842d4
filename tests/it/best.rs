//! `reserve --best N`: the seats chosen (Redis locks and SQLite rows), gaps, categories and
//! accessible seats, exit 3 when none fit, `--allow-split`, bad flags, and the 32-client race.

use std::collections::{HashMap, HashSet};
use std::process::Stdio;

use crate::checks;
use crate::harness::{Env, strs};

/// The live seats of the user's PENDING booking on `st`, sorted.
fn held(env: &Env, st: i64, user: &str) -> Vec<String> {
    let db = env.sqlite();
    let mut s = db
        .prepare(
            "SELECT bs.seat_id FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
              WHERE b.showtime_id = ?1 AND b.user_id = ?2 AND b.status = 'PENDING' AND bs.live = 1
              ORDER BY bs.seat_id",
        )
        .unwrap();
    s.query_map(rusqlite::params![st, user], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// A showtime `id` laid out by `rows` ("A SS.SS": 'S' standard, 'P' premium, 'W' accessible
/// wheelchair, '.' a gap), made rectangular with `showtime add` and reshaped with SQL on
/// `seats.col`, `category` and `accessible` (as a hall would make it).
fn hall(env: &Env, id: i64, rows: &[&str]) {
    let widest = rows
        .iter()
        .map(|r| r[2..].chars().filter(|c| *c != '.').count())
        .max()
        .unwrap();
    let labels: String = rows.iter().map(|r| &r[..1]).collect::<Vec<_>>().join(",");
    env.ok(&[
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-01T20:00:00Z",
        "--rows",
        &labels,
        "--seats-per-row",
        &widest.to_string(),
        "--id",
        &id.to_string(),
    ]);
    let db = env.sqlite();
    for r in rows {
        let (label, cells) = (&r[..1], &r[2..]);
        let mut number = 0;
        for (col, ch) in cells.chars().enumerate() {
            if ch == '.' {
                continue;
            }
            number += 1;
            let (category, accessible) = match ch {
                'P' => ("premium", 0),
                'W' => ("wheelchair", 1),
                _ => ("standard", 0),
            };
            db.execute(
                "UPDATE seats SET col = ?1, category = ?2, accessible = ?3
                  WHERE showtime_id = ?4 AND seat_id = ?5",
                rusqlite::params![
                    col as i64,
                    category,
                    accessible,
                    id,
                    format!("{label}{number}")
                ],
            )
            .unwrap();
        }
        db.execute(
            "DELETE FROM seats WHERE showtime_id = ?1 AND row_label = ?2 AND number > ?3",
            rusqlite::params![id, label, number],
        )
        .unwrap();
    }
}

#[test]
fn best_four_on_the_demo_showtime_are_central_two_thirds_back() {
    let env = Env::demo();
    let out = env.ok("reserve --showtime 24 --user 7 --best 4");
    assert!(
        out.starts_with("Held G5, G6, G7, G8 on showtime 24 for user 7"),
        "{out}"
    );
    assert_eq!(held(&env, 24, "7"), ["G5", "G6", "G7", "G8"]);
    for s in ["G5", "G6", "G7", "G8"] {
        assert_eq!(env.get(&format!("seat_lock:24:{s}")).as_deref(), Some("7"));
    }
    let r: serde_json::Value =
        serde_json::from_str(env.get("seat_reservation_24_7").unwrap().as_str()).unwrap();
    assert_eq!(strs(&r["seat_ids"]), ["G5", "G6", "G7", "G8"]);
    // The next four: not across the taken ones, and never stranding a seat: G1-G4 or G9-G12.
    let doc = env.json("reserve --showtime 24 --user 8 --best 4");
    assert_eq!(strs(&doc["seats"]), ["G1", "G2", "G3", "G4"]);
    assert_eq!(doc["best"], 4);
    assert_eq!(doc["category"], serde_json::Value::Null);
    assert_eq!(doc["status"], "PENDING");
    checks::invariants(&env, 24).unwrap();
}

#[test]
fn best_adds_to_the_users_current_hold() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let doc = env.json("reserve --showtime 24 --user 7 --best 2");
    assert_eq!(strs(&doc["seats"]), ["A1", "G6", "G7"]);
    assert_eq!(strs(&doc["added"]), ["G6", "G7"]);
    assert_eq!(held(&env, 24, "7"), ["A1", "G6", "G7"]);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'"),
        1
    );
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
}

#[test]
fn sold_blocked_and_held_seats_are_never_chosen() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 1 G6");
    env.ok("confirm --showtime 24 --user 1 --payment-id p1");
    env.ok(&["block", "--showtime", "24", "F5-F8", "--reason", "broken"]);
    // A lock Redis has and SQLite doesn't (another reserve in flight) counts as taken too.
    let mut con = env.con();
    redis::cmd("SET")
        .arg("seat_lock:24:H6")
        .arg("99")
        .query::<()>(&mut con)
        .unwrap();
    let doc = env.json("reserve --showtime 24 --user 7 --best 4");
    let got = strs(&doc["seats"]);
    for s in &got {
        assert!(
            !["G6", "F5", "F6", "F7", "F8", "H6"].contains(&s.as_str()),
            "{got:?}"
        );
    }
    assert_eq!(got, ["G7", "G8", "G9", "G10"]);
    assert_eq!(env.get("seat_lock:24:H6").as_deref(), Some("99"));
}

#[test]
fn orphan_locks_on_every_candidate_send_a_second_look_at_the_locks() {
    let env = Env::demo();
    // Locks SQLite doesn't know about (crashed reserves) on every seat of rows B-J: the 64
    // groups SQLite alone ranks first are all there, so the first try takes nothing and the
    // second, looking at the locks, finds row A.
    let mut con = env.con();
    for r in "BCDEFGHIJ".chars() {
        for n in 1..=12 {
            redis::cmd("SET")
                .arg(format!("seat_lock:24:{r}{n}"))
                .arg("ghost")
                .query::<()>(&mut con)
                .unwrap();
        }
    }
    let doc = env.json("reserve --showtime 24 --user 1 --best 2");
    assert_eq!(strs(&doc["seats"]), ["A6", "A7"]);
    assert_eq!(env.get("seat_lock:24:A6").as_deref(), Some("1"));
    assert_eq!(env.get("seat_lock:24:G6").as_deref(), Some("ghost"));
    assert_eq!(held(&env, 24, "1"), ["A6", "A7"]);
}

#[test]
fn never_across_a_gap_and_within_the_category() {
    let env = Env::demo();
    hall(&env, 31, &["A SSS.SSS", "B PPP.PPP", "C WW.SSS.WW"]);
    // Three, by default in every non-accessible category: B is the best row (two-thirds back
    // of three), and its two sides of the aisle are as central as each other (the left wins
    // the tie); never B2-B4 across the aisle.
    let doc = env.json("reserve --showtime 31 --user 1 --best 3");
    assert_eq!(strs(&doc["seats"]), ["B1", "B2", "B3"]);
    let doc = env.json("reserve --showtime 31 --user 2 --best 3 --category premium");
    assert_eq!(doc["category"], "premium");
    assert_eq!(strs(&doc["seats"]), ["B4", "B5", "B6"]);
    // Next: C's middle (the row's centre) rather than A's sides.
    let doc = env.json("reserve --showtime 31 --user 3 --best 3");
    assert_eq!(strs(&doc["seats"]), ["C3", "C4", "C5"]);
    let doc = env.json("reserve --showtime 31 --user 4 --best 2 --accessible");
    assert_eq!(strs(&doc["seats"]), ["C1", "C2"]);
    assert_eq!(doc["accessible"], true);
    let doc = env.json("reserve --showtime 31 --user 6 --best 3 --category standard");
    assert_eq!(strs(&doc["seats"]), ["A1", "A2", "A3"]);
    // Four side by side: A and B are three and one between aisles, C's middle is taken.
    let (_, err) = env.fails(3, "reserve --showtime 31 --user 5 --best 4");
    assert!(
        err.contains("no 4 adjacent seats in premium or standard on showtime 31"),
        "{err}"
    );
    let (_, err) = env.fails(
        3,
        "reserve --showtime 31 --user 5 --best 1 --category premium",
    );
    assert!(
        err.contains("no free seat in premium on showtime 31"),
        "{err}"
    );
    let (_, err) = env.fails(3, "reserve --showtime 31 --user 5 --best 3 --accessible");
    assert!(
        err.contains("no 3 adjacent seats in accessible seats"),
        "{err}"
    );
    assert!(held(&env, 31, "5").is_empty());
    checks::invariants(&env, 31).unwrap();
}

#[test]
fn no_n_adjacent_is_exit_3_and_changes_nothing() {
    let env = Env::demo();
    hall(&env, 32, &["A SS.SS", "B S.S.S"]);
    let before = env.redis_state();
    let db_before = env.db_state();
    let (_, err) = env.fails(3, "reserve --showtime 32 --user 5 --best 3");
    assert!(err.contains("no 3 adjacent seats in standard"), "{err}");
    let e = env.json_err(3, "reserve --showtime 32 --user 5 --best 3");
    assert_eq!(e["kind"], "conflict");
    assert_eq!(env.redis_state(), before);
    assert_eq!(env.db_state(), db_before);
}

#[test]
fn allow_split_takes_the_fewest_groups() {
    let env = Env::demo();
    hall(&env, 33, &["A SS.SS", "B S.S.S"]);
    let out = env.run("reserve --showtime 33 --user 5 --best 3 --allow-split");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("split into 2 groups"), "{err}");
    let got = held(&env, 33, "5");
    assert_eq!(got.len(), 3);
    // Two from one pair of A, one more: two groups, never three.
    assert!(
        got.iter().filter(|s| s.starts_with('A')).count() >= 2,
        "{got:?}"
    );
    let doc = env.json("reserve --showtime 33 --user 6 --best 2 --allow-split");
    assert_eq!(doc["allow_split"], true);
    assert_eq!(doc["groups"].as_array().unwrap().len(), 1);
    // Not enough free seats at all: exit 3.
    let (_, err) = env.fails(3, "reserve --showtime 33 --user 7 --best 5 --allow-split");
    assert!(err.contains("fewer than 5 free seats"), "{err}");
    checks::invariants(&env, 33).unwrap();
}

#[test]
fn an_unknown_category_is_exit_4_naming_the_showtimes() {
    let env = Env::demo();
    hall(&env, 34, &["A SSPP", "B WWSS"]);
    let (_, err) = env.fails(4, "reserve --showtime 34 --user 5 --best 2 --category vip");
    assert!(
        err.contains("showtime 34 has no category 'vip'")
            || err.contains("showtime 34 has no category \"vip\"")
            || err.contains("has no category vip"),
        "{err}"
    );
    assert!(err.contains("premium, standard, wheelchair"), "{err}");
    assert!(env.locks().is_empty());
}

#[test]
fn bad_flags_are_exit_2_and_change_nothing() {
    let env = Env::demo();
    let before = env.redis_state();
    for bad in [
        "reserve --showtime 24 --user 7 --best 0",
        "reserve --showtime 24 --user 7 --best 11",
        "reserve --showtime 24 --user 7 --best x",
        "reserve --showtime 24 --user 7 --best 2 A1",
        "reserve --showtime 24 --user 7 --best 2 --force",
        "reserve --showtime 24 --user 7 --category standard A1",
        "reserve --showtime 24 --user 7 --accessible A1",
        "reserve --showtime 24 --user 7 --allow-split A1",
    ] {
        env.fails(2, bad);
    }
    env.fails(4, "reserve --showtime 99 --user 7 --best 2");
    assert_eq!(env.redis_state(), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
}

/// `n` processes `reserve --best 2` at once on `st`, each for its own user; their exit codes
/// and the seats each got.
fn race(env: &Env, st: i64, n: usize) -> Vec<(String, Option<i32>, Vec<String>)> {
    let children: Vec<_> = (0..n)
        .map(|u| {
            let user = format!("u{u}");
            let child = env
                .process()
                .args(["reserve", "--showtime", &st.to_string(), "--user", &user])
                .args(["--best", "2", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (user, child)
        })
        .collect();
    children
        .into_iter()
        .map(|(user, child)| {
            let out = child.wait_with_output().unwrap();
            let seats = if out.status.success() {
                let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                strs(&doc["seats"])
            } else {
                eprintln!("{user}: {}", String::from_utf8_lossy(&out.stderr));
                Vec::new()
            };
            (user, out.status.code(), seats)
        })
        .collect()
}

/// Every winner's seats are side by side, nobody's seat is anybody else's, and Redis and SQLite
/// agree on who holds what.
fn check_race(env: &Env, st: i64, results: &[(String, Option<i32>, Vec<String>)]) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for (user, _, seats) in results.iter().filter(|r| r.1 == Some(0)) {
        assert_eq!(seats.len(), 2, "{user}: {seats:?}");
        for s in seats {
            if let Some(prev) = owner.insert(s.clone(), user) {
                panic!("seat {s} chosen for {prev} and {user}");
            }
            assert_eq!(
                env.get(&format!("seat_lock:{st}:{s}")).as_deref(),
                Some(user.as_str())
            );
        }
        assert_eq!(held(env, st, user), sorted(seats.clone()));
    }
    let locks: HashSet<String> = env.locks().into_iter().collect();
    assert_eq!(locks.len(), owner.len(), "{locks:?}");
    checks::invariants(env, st).unwrap();
}

#[test]
fn thirty_two_concurrent_best_two_all_succeed_with_room() {
    let env = Env::demo();
    let results = race(&env, 24, 32);
    for (user, code, _) in &results {
        assert_eq!(*code, Some(0), "{user} failed while pairs were free");
    }
    check_race(&env, 24, &results);
}

#[test]
fn thirty_two_concurrent_best_two_with_exactly_enough_room() {
    let env = Env::demo();
    // 32 pairs, each between gaps: exactly one way to seat 32 couples.
    let row = "SS.SS.SS.SS.SS.SS.SS.SS";
    hall(
        &env,
        35,
        &[
            &format!("A {row}"),
            &format!("B {row}"),
            &format!("C {row}"),
            &format!("D {row}"),
        ],
    );
    let results = race(&env, 35, 32);
    for (user, code, _) in &results {
        assert_eq!(*code, Some(0), "{user} failed while pairs were free");
    }
    check_race(&env, 35, &results);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE live = 1"),
        64
    );
    env.fails(3, "reserve --showtime 35 --user late --best 2");
}
