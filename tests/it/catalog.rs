//! The catalog: `init`, `showtime add` and `showtime list`.

use crate::harness::{Env, strs};

#[test]
fn init_is_idempotent_and_the_db_is_private() {
    let env = Env::bare();
    env.ok("init");
    env.ok("init --demo");
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("init --demo");
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 1);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seats WHERE showtime_id = 24"),
        120
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "database readable by others: {mode:o}");
    }
    // Other commands refuse to run without a database, and say how to make one.
    let other = Env::bare();
    let (_, stderr) = other.fails(4, "bookings");
    assert!(stderr.contains("boxoffice init"), "{stderr}");
    assert!(!other.db.exists());
}

#[test]
fn showtime_add_and_list() {
    let env = Env::bare();
    env.ok("init");
    let s = env.json(&[
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-01T20:00:00Z",
        "--rows",
        "A-C",
        "--seats-per-row",
        "5",
        "--id",
        "31",
        "--screen",
        "Screen 2",
    ]);
    assert_eq!(s["showtime_id"], 31);
    assert_eq!(s["seats"], 15);
    assert_eq!(strs(&s["rows"]), ["A", "B", "C"]);
    let auto = env.json(
        "showtime add --movie Heat --starts 2099-12-02T20:00:00+01:00 --rows A --seats-per-row 2",
    );
    assert_eq!(auto["showtime_id"], 32);
    let list = env.json("showtime list");
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["movie"], "Dune");
    env.fails(3, "showtime add --movie Dune --starts 2099-12-01T20:00:00Z --rows A --seats-per-row 5 --id 31");
    env.ok("reserve --showtime 31 --user 7 C5");
    env.fails(4, "reserve --showtime 31 --user 7 C6");
    env.fails(4, "reserve --showtime 99 --user 7 A1");
}

/// A showtime that has already started is refused (exit 2, nothing added) unless --force.
#[test]
fn showtime_add_refuses_a_start_in_the_past_without_force() {
    let env = Env::bare();
    env.ok("init");
    let args = [
        "showtime",
        "add",
        "--movie",
        "Yesterday",
        "--starts",
        "2001-01-01T20:00:00Z",
        "--rows",
        "A",
        "--seats-per-row",
        "2",
    ];
    let before = env.db_state();
    let (_, err) = env.fails(2, &args);
    assert!(
        err.contains("in the past") && err.contains("--force"),
        "{err}"
    );
    assert!(err.contains("nothing was added"), "{err}");
    assert_eq!(env.db_state(), before);
    let mut forced = args.to_vec();
    forced.push("--force");
    let s = env.json(&forced);
    assert_eq!(s["starts_at"], "2001-01-01T20:00:00Z");
    // The demo showtime is always in the future, so `init --demo` keeps working.
    env.ok("init --demo");
}

/// `showtime list`: upcoming first, 50 by default with a footer on stderr, --limit, --all,
/// --past; --json stays the complete list it always was.
#[test]
fn showtime_list_pages_upcoming_showtimes_and_json_stays_complete() {
    let env = Env::bare();
    env.ok("init");
    {
        let c = env.sqlite();
        let mut add = c
            .prepare(
                "INSERT INTO showtimes (id, movie, starts_at, created_at_ms) VALUES (?1, ?2, ?3, 0)",
            )
            .unwrap();
        // 3 past showtimes and 60 upcoming ones, inserted out of order.
        for i in 1..=63i64 {
            let (movie, starts) = if i <= 3 {
                ("Old", format!("2001-01-{:02}T20:00:00Z", 10 - i))
            } else {
                (
                    "New",
                    format!("2099-{:02}-01T20:{:02}:00Z", 1 + (i % 12), 63 - i),
                )
            };
            add.execute(rusqlite::params![i, movie, starts]).unwrap();
        }
        c.execute(
            "INSERT INTO seats (showtime_id, seat_id, row_label, number, ord) VALUES (5, 'A1', 'A', 1, 0), (5, 'A2', 'A', 2, 1)",
            [],
        )
        .unwrap();
    }
    let out = env.run("showtime list");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ids = |text: &str| -> Vec<i64> {
        text.lines()
            .filter_map(|l| l.trim_start_matches('|').split('|').next())
            .filter_map(|c| c.trim().parse().ok())
            .collect()
    };
    let shown = ids(&stdout);
    assert_eq!(shown.len(), 50, "{stdout}");
    assert!(
        !stdout.contains("Old"),
        "past showtimes listed by default:\n{stdout}"
    );
    assert!(
        stderr.contains("showing 50 of 60 upcoming showtimes; --all for every one"),
        "{stderr}"
    );
    // Ascending by start.
    let json_all = env.json("showtime list");
    let all = json_all.as_array().unwrap();
    assert_eq!(all.len(), 63, "--json lists every showtime");
    let starts: Vec<&str> = all
        .iter()
        .map(|s| s["starts_at"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    let upcoming: Vec<i64> = all
        .iter()
        .filter(|s| s["movie"] == "New")
        .map(|s| s["showtime_id"].as_i64().unwrap())
        .collect();
    assert_eq!(shown, upcoming[..50]);
    let five = all.iter().find(|s| s["showtime_id"] == 5).unwrap();
    assert_eq!(five["seats"], 2);
    assert_eq!(strs(&five["rows"]), ["A"]);
    // --all: every upcoming one, no footer; --past adds the old ones first.
    let out = env.run("showtime list --all");
    assert_eq!(ids(&String::from_utf8_lossy(&out.stdout)).len(), 60);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let past = env.ok("showtime list --all --past");
    assert_eq!(ids(&past)[..3], [3, 2, 1]);
    let out = env.run("showtime list --limit 5");
    assert_eq!(ids(&String::from_utf8_lossy(&out.stdout)), upcoming[..5]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("showing 5 of 60"));
    // An explicit --limit applies to --json too.
    assert_eq!(
        env.json("showtime list --limit 2")
            .as_array()
            .unwrap()
            .len(),
        2
    );
    env.fails(2, "showtime list --limit 0");
    env.fails(2, "showtime list --limit 5 --all");
}
