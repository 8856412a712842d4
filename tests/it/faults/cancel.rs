//! `cancel` killed between its SQLite and Redis steps (`cancel-after-sqlite`): the sale is taken
//! back and owed in SQLite, the free-seat cache still lists the seats as sold. `inspect` reports
//! it, `sweep` rewrites the cache, and the seats were on sale all along.

use super::*;
use crate::cancel::{available, plant_cache};
use crate::harness::Env;

#[test]
fn killed_after_sqlite_the_cache_is_stale_until_the_sweep_rewrites_it() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    plant_cache(&env, &["A1", "A2"]);
    let args = [
        "cancel",
        "--booking",
        &id.to_string(),
        "--seat",
        "A2",
        "--reason",
        "returned",
        "--yes",
    ];
    crash(&env, "cancel-after-sqlite", &args);
    // SQLite: cancelled and owed; Redis: the cache still says A2 is taken.
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE booking_id = 1"),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE seat_id = 'A2' AND live = 1"),
        0
    );
    assert!(!available(&env).contains(&"A2".to_string()));
    assert_eq!(anomaly_kinds(&env), ["stale_index"]);
    env.fails(6, "inspect 24 --check");
    // Repeating the cancel owes nothing more (the Redis step is the sweep's to redo).
    let again = env.json(&args[..]);
    assert_eq!(again["already_done"], true);
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 1);
    // The sweep heals it.
    env.ok("sweep");
    assert!(available(&env).contains(&"A2".to_string()));
    assert!(!available(&env).contains(&"A1".to_string()));
    clean(&env);
    // And the seat could be sold meanwhile, by the fence.
    env.ok("reserve --showtime 24 --user 8 A2");
}
