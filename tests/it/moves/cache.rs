//! The free-seat cache after a move (and a release, which ends a hold the same way): the seats
//! let go come back in layout order (row label length, then label, then number: Z12 before
//! AA1, Y9 before Y10), the seats taken leave it, and nothing else in it changes. The cache is
//! kept in layout order by every writer, so `finish` puts a freed seat in by a binary search
//! instead of sorting the whole array; these pin that the result is the same as a sort's.

use std::collections::BTreeSet;

use super::{array, clean, reserve};
use crate::harness::Env;

/// A showtime whose rows have labels of two lengths (Y, Z, AA, AB) and two-digit seat numbers.
fn hall(env: &Env) -> Vec<String> {
    env.ok(&[
        "showtime",
        "add",
        "--id",
        "30",
        "--movie",
        "Late",
        "--starts",
        "2030-01-01T20:00:00Z",
        "--rows",
        "Y-AB",
        "--seats-per-row",
        "12",
    ]);
    env.json("inspect 30")["seats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["seat"].as_str().unwrap().to_string())
        .collect()
}

fn plant(env: &Env, value: &str) {
    redis::cmd("SET")
        .arg("available_seats_30")
        .arg(value)
        .arg("EX")
        .arg(3600)
        .query::<()>(&mut env.con())
        .unwrap();
}

/// The layout's seats that are not in `taken`, in layout order.
fn free_but(layout: &[String], taken: &BTreeSet<&str>) -> Vec<String> {
    layout
        .iter()
        .filter(|s| !taken.contains(s.as_str()))
        .cloned()
        .collect()
}

#[test]
fn moved_and_released_seats_come_back_in_layout_order() {
    let env = Env::demo();
    let layout = hall(&env);
    assert_eq!(layout[11..13], ["Y12", "Z1"]);
    assert_eq!(layout[23..25], ["Z12", "AA1"]);
    let id = reserve(&env, "--showtime 30 --user 7 Y1 Y10 Z12 AA1 AB12");
    let mut taken: BTreeSet<&str> = ["Y1", "Y10", "Z12", "AA1", "AB12"].into();
    plant(
        &env,
        &serde_json::to_string(&free_but(&layout, &taken)).unwrap(),
    );

    // The first seat of the layout, a row's last before a longer label, and the last seat.
    for (from, to) in [
        ("Y1", "Y2"),
        ("Z12", "AA2"),
        ("AB12", "AB11"),
        ("Y10", "Y9"),
    ] {
        env.ok(&format!("move --booking {id} {from}={to}"));
        taken.remove(from);
        taken.insert(to);
        assert_eq!(
            array(&env, "available_seats_30"),
            free_but(&layout, &taken),
            "after {from}={to}"
        );
    }
    // Several seats at once, on either side of others: a sale's move, then a release.
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    env.ok(&format!("move --booking {id} Y2=Z1 AA2=Y11 AB11=AB1"));
    taken = ["Z1", "Y11", "AB1", "AA1", "Y9"].into();
    assert_eq!(array(&env, "available_seats_30"), free_but(&layout, &taken));
    let other = reserve(&env, "--showtime 30 --user 8 Y12 AA12 Z2");
    taken.extend(["Y12", "AA12", "Z2"]);
    assert_eq!(array(&env, "available_seats_30"), free_but(&layout, &taken));
    env.ok(&format!("release --booking {other}"));
    for s in ["Y12", "AA12", "Z2"] {
        taken.remove(s);
    }
    assert_eq!(array(&env, "available_seats_30"), free_but(&layout, &taken));
    clean(&env, 30);
}

/// An empty cache gains the freed seats; a cache spelled another way (spaces, as Python writes
/// it) is read as JSON and written back compact, in layout order.
#[test]
fn an_empty_or_spaced_cache_gains_the_freed_seats() {
    let env = Env::demo();
    hall(&env);
    let id = reserve(&env, "--showtime 30 --user 7 Z1 Y10");
    plant(&env, "[]");
    env.ok(&format!("move --booking {id} Z1=Z2"));
    assert_eq!(env.get("available_seats_30").as_deref(), Some(r#"["Z1"]"#));
    plant(&env, r#"[ "Y9", "Y11" , "AB1" ]"#);
    env.ok(&format!("release --booking {id}"));
    assert_eq!(
        env.get("available_seats_30").as_deref(),
        Some(r#"["Y9","Y10","Y11","Z2","AB1"]"#)
    );
}

/// A seat already listed is not listed twice, a cache found out of order (written by hand: no
/// writer of ours leaves it so) still gains the seat once, and an unparsable cache is left for
/// the sweep.
#[test]
fn a_listed_seat_is_not_added_twice_and_a_bad_cache_is_left_alone() {
    let env = Env::demo();
    hall(&env);
    let id = reserve(&env, "--showtime 30 --user 7 Y1 Y2 Y6 Y7");
    plant(&env, r#"["Y1","Y3"]"#);
    env.ok(&format!("move --booking {id} Y1=Y4"));
    assert_eq!(
        env.get("available_seats_30").as_deref(),
        Some(r#"["Y1","Y3"]"#)
    );
    plant(&env, r#"["Y9","AA1","Y3"]"#);
    env.ok(&format!("move --booking {id} Y6=Y8"));
    let mut cache = array(&env, "available_seats_30");
    cache.sort();
    assert_eq!(cache, ["AA1", "Y3", "Y6", "Y9"]);
    plant(&env, r#"["Y1","Y3""#);
    env.ok(&format!("move --booking {id} Y2=Y5"));
    assert_eq!(
        env.get("available_seats_30").as_deref(),
        Some(r#"["Y1","Y3""#)
    );
}
