//! Real halls: `hall add`, `hall list`, `hall show`, showtimes made from a hall (`showtime add
//! --hall`: the seats rows in SQLite), reserving on one, and its seat map with aisles.
//! Hostile hall files are in `hostile.rs`.

mod hostile;

use crate::harness::{Env, strs};

/// The README's hall file.
pub const SCREEN1: &str = include_str!("../../../examples/screen1.toml");

/// A database with the README's hall in it, and the file's path.
pub fn with_hall() -> (Env, String) {
    let env = Env::bare();
    env.ok("init");
    let path = write(&env, "screen1.toml", SCREEN1);
    env.ok(&["hall", "add", "--file", &path]);
    (env, path)
}

/// Screen 1, and showtime 31 made from it (Dune, 2099-12-05 20:00).
pub fn hall_world() -> Env {
    let (env, _) = with_hall();
    env.ok(&[
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-05T20:00:00Z",
        "--hall",
        "Screen 1",
        "--id",
        "31",
    ]);
    env
}

/// Writes a hall file into the test's directory; its path.
pub fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn hall_add_stores_the_layout_in_one_transaction_with_an_audit_row() {
    let env = Env::bare();
    env.ok("init");
    let path = write(&env, "screen1.toml", SCREEN1);
    let out = env.ok(&["hall", "add", "--file", &path]);
    assert_eq!(
        out,
        "Added hall Screen 1: 52 seats in 4 rows, categories standard, premium, wheelchair; \
         prices in INR.\n"
    );
    let db = env.sqlite();
    let (currency, best, source): (String, Option<String>, String) = db
        .query_row(
            "SELECT currency, best_row, source FROM halls WHERE name = 'Screen 1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((currency.as_str(), best.as_deref()), ("INR", Some("C")));
    assert_eq!(source, SCREEN1, "the file is kept as given");
    let cats: Vec<(String, String, i64, bool)> = db
        .prepare("SELECT code, name, price_minor, accessible FROM hall_categories ORDER BY code")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        cats,
        [
            ("P".into(), "premium".into(), 40000, false),
            ("S".into(), "standard".into(), 25000, false),
            ("W".into(), "wheelchair".into(), 25000, true),
        ]
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM hall_seats"), 52);
    let d9: (u32, u32, String, u32) = db
        .query_row(
            "SELECT number, col, category, ord FROM hall_seats WHERE seat_id = 'D9'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(d9, (9, 14, "W".into(), 50));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'hall_add'"),
        1
    );

    // The same name again: exit 3, and nothing more is stored.
    let (_, err) = env.fails(3, &["hall", "add", "--file", &path]);
    assert!(err.contains("hall \"Screen 1\" exists"), "{err}");
    assert_eq!(env.count("SELECT COUNT(*) FROM halls"), 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM hall_seats"), 52);
    assert_eq!(env.count("SELECT COUNT(*) FROM audit"), 1);
    let e = env.json_err(3, &["hall", "add", "--file", &path]);
    assert_eq!(e["kind"], "conflict");
}

#[test]
fn hall_list_and_show_in_text_and_json() {
    let (env, _) = with_hall();
    let list = env.ok("hall list");
    assert!(
        list.contains("| Screen 1 | 52    | 4    | standard, premium, wheelchair | INR      |"),
        "{list}"
    );
    let j = env.json("hall list");
    assert_eq!(j[0]["name"], "Screen 1");
    assert_eq!(j[0]["seats"], 52);
    assert_eq!(j[0]["currency"], "INR");
    assert_eq!(
        strs(&j[0]["categories"]),
        ["standard", "premium", "wheelchair"]
    );

    let show = env.ok(&["hall", "show", "Screen 1"]);
    assert_eq!(
        show,
        "Hall Screen 1: 52 seats in 4 rows, prices in INR, best row C\n\
         \n\
         A  S S S S   S S S S S S   S S S S   1-14\n\
         B  S S S S   S S S S S S   S S S S   1-14\n\
         C  P P P P   P P P P P P   P P P P   1-14\n\
         D  W W       S S S S S S       W W   1-10\n\
         \n\
         Legend: S standard INR 250.00   P premium INR 400.00   W wheelchair (accessible) INR 250.00\n"
    );
    let h = env.json(&["hall", "show", "Screen 1"]);
    assert_eq!(h["seats"], 52);
    assert_eq!(h["best_row"], "C");
    assert_eq!(h["categories"][1]["code"], "P");
    assert_eq!(h["categories"][1]["price"], 40000);
    assert_eq!(h["categories"][2]["accessible"], true);
    assert_eq!(h["rows"][3]["row"], "D");
    assert_eq!(h["rows"][3]["layout"], "WW...SSSSSS...WW");
    assert_eq!(h["rows"][3]["seats"], 10);

    // The file as it was added, comments and all.
    assert_eq!(env.ok(&["hall", "show", "Screen 1", "--source"]), SCREEN1);
    let src = env.json(&["hall", "show", "Screen 1", "--source"]);
    assert_eq!(src["source"], SCREEN1);
    let (_, err) = env.fails(4, &["hall", "show", "Screen 9"]);
    assert!(err.contains("no hall named \"Screen 9\""), "{err}");
    let empty = Env::bare();
    empty.ok("init");
    assert_eq!(empty.ok("hall list"), "");
    assert_eq!(empty.json("hall list"), serde_json::json!([]));
}

#[test]
fn showtime_add_in_a_hall_copies_its_seats_categories_prices_and_currency() {
    let (env, _) = with_hall();
    let add = [
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-05T20:00:00Z",
        "--hall",
        "Screen 1",
        "--id",
        "31",
    ];
    let out = env.ok(&add);
    assert_eq!(
        out,
        "Added showtime 31: Dune at 2099-12-05 20:00 +00:00, 52 seats in hall Screen 1 (rows A,B,C,D).\n"
    );
    let db = env.sqlite();
    let row: (Option<i64>, Option<String>, Option<String>) = db
        .query_row(
            "SELECT hall_id, currency, screen FROM showtimes WHERE id = 31",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let hall_id: i64 = db
        .query_row("SELECT id FROM halls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        row,
        (Some(hall_id), Some("INR".into()), Some("Screen 1".into()))
    );
    let d: Vec<(String, u32, u32, String, Option<i64>, bool)> = db
        .prepare(
            "SELECT seat_id, number, col, category, price_minor, accessible FROM seats
              WHERE showtime_id = 31 AND row_label = 'D' ORDER BY ord",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let w = |s: &str, n, c| {
        (
            s.to_string(),
            n,
            c,
            "wheelchair".to_string(),
            Some(25000),
            true,
        )
    };
    let s = |s: &str, n, c| {
        (
            s.to_string(),
            n,
            c,
            "standard".to_string(),
            Some(25000),
            false,
        )
    };
    assert_eq!(
        d,
        [
            w("D1", 1, 0),
            w("D2", 2, 1),
            s("D3", 3, 5),
            s("D4", 4, 6),
            s("D5", 5, 7),
            s("D6", 6, 8),
            s("D7", 7, 9),
            s("D8", 8, 10),
            w("D9", 9, 14),
            w("D10", 10, 15),
        ]
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seats WHERE showtime_id = 31 AND category = 'premium' AND price_minor = 40000 AND row_label = 'C'"),
        14
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seats WHERE showtime_id = 31"),
        52
    );
    let audit: String = db
        .query_row(
            "SELECT detail FROM audit WHERE action = 'showtime_add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audit.contains("\"hall\":\"Screen 1\""), "{audit}");
    let list = env.json("showtime list");
    assert_eq!(list[0]["seats"], 52);
    assert_eq!(list[0]["seats_per_row"], 14);

    // A rectangular showtime is as before: one standard category, no price, no hall.
    env.ok("showtime add --movie Heat --starts 2099-12-06T20:00:00Z --rows A-B --seats-per-row 3 --id 32");
    let rect: (Option<i64>, Option<String>) = db
        .query_row(
            "SELECT hall_id, currency FROM showtimes WHERE id = 32",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(rect, (None, None));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM seats WHERE showtime_id = 32 AND col = number - 1 AND category = 'standard' AND price_minor IS NULL AND accessible = 0"),
        6
    );
}

/// `showtime add --json`, `showtime list --json` and `inspect --json` name the hall a showtime
/// was made from and its prices' currency; a rectangular showtime has `null` for both.
#[test]
fn showtime_json_names_its_hall_and_currency() {
    let (env, _) = with_hall();
    let hall = env.json(&[
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-05T20:00:00Z",
        "--hall",
        "Screen 1",
        "--id",
        "31",
        "--screen",
        "Big room",
    ]);
    assert_eq!(hall["hall"], "Screen 1");
    assert_eq!(hall["currency"], "INR");
    assert_eq!(
        hall["screen"], "Big room",
        "--screen does not rename the hall"
    );
    let rect = env.json(
        "showtime add --movie Heat --starts 2099-12-06T20:00:00Z --rows A-B --seats-per-row 3 --id 32",
    );
    assert!(rect["hall"].is_null(), "{rect}");
    assert!(rect["currency"].is_null(), "{rect}");
    assert_eq!(rect["seats"], 6, "the other fields are as before");

    let list = env.json("showtime list");
    let by_id = |id: i64| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["showtime_id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (by_id(31)["hall"].clone(), by_id(31)["currency"].clone()),
        (serde_json::json!("Screen 1"), serde_json::json!("INR"))
    );
    assert!(by_id(32)["hall"].is_null() && by_id(32)["currency"].is_null());

    let inspect = env.json("inspect 31");
    assert_eq!(inspect["hall"], "Screen 1");
    assert_eq!(inspect["currency"], "INR");
    let inspect = env.json("inspect 32");
    assert!(inspect["hall"].is_null() && inspect["currency"].is_null());
}

#[test]
fn showtime_add_takes_a_hall_or_rows_never_both_nor_a_missing_hall() {
    let (env, _) = with_hall();
    let base = [
        "showtime",
        "add",
        "--movie",
        "Dune",
        "--starts",
        "2099-12-05T20:00:00Z",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    env.fails(
        2,
        &with(&[
            "--hall",
            "Screen 1",
            "--rows",
            "A-B",
            "--seats-per-row",
            "3",
        ]),
    );
    env.fails(2, &with(&["--hall", "Screen 1", "--seats-per-row", "3"]));
    env.fails(2, &with(&["--rows", "A-B"]));
    env.fails(2, &with(&[]));
    let (_, err) = env.fails(4, &with(&["--hall", "Screen 9"]));
    assert!(err.contains("no hall named \"Screen 9\""), "{err}");
    assert_eq!(env.count("SELECT COUNT(*) FROM showtimes"), 0);
    assert_eq!(env.count("SELECT COUNT(*) FROM seats"), 0);
    // The same checks as a rectangular one: a start in the past, an id taken.
    env.fails(
        2,
        &[
            "showtime",
            "add",
            "--movie",
            "Dune",
            "--starts",
            "2001-01-01T20:00:00Z",
            "--hall",
            "Screen 1",
        ],
    );
    env.ok(&with(&[
        "--hall", "Screen 1", "--id", "31", "--screen", "Big one",
    ]));
    env.fails(3, &with(&["--hall", "Screen 1", "--id", "31"]));
    assert_eq!(env.count("SELECT COUNT(*) FROM seats"), 52);
    let screen: String = env
        .sqlite()
        .query_row("SELECT screen FROM showtimes WHERE id = 31", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(screen, "Big one");
}

#[test]
fn reserve_on_a_hall_showtime_takes_seats_after_a_gap_and_refuses_seats_it_lacks() {
    let env = hall_world();
    env.ok("reserve --showtime 31 --user 7 D9 D10");
    assert_eq!(env.get("seat_lock:31:D9").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:31:D10").as_deref(), Some("7"));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE showtime_id = 31 AND live = 1 AND seat_id IN ('D9', 'D10')"),
        2
    );
    // D has ten seats, A fourteen: no D11, no A15.
    env.fails(4, "reserve --showtime 31 --user 8 D11");
    env.fails(4, "reserve --showtime 31 --user 8 A15");
    assert_eq!(env.get("seat_lock:31:D11"), None);
    env.ok("confirm --showtime 31 --user 7 --payment-id pay_7");
    env.ok("reserve --showtime 31 --user 8 A14");
}

#[test]
fn inspect_draws_the_aisles_and_names_the_categories() {
    let env = hall_world();
    env.ok("reserve --showtime 31 --user 7 D9 D10 C5");
    env.ok("confirm --showtime 31 --user 7 --payment-id pay_7");
    env.ok("reserve --showtime 31 --user 8 A1");
    let out = env.ok("inspect 31");
    let map: Vec<&str> = out.lines().skip(2).take(8).collect();
    assert_eq!(
        map,
        [
            "A  h . . .   . . . . . .   . . . .   1-14",
            "B  . . . .   . . . . . .   . . . .   1-14",
            "C  . . . .   X . . . . .   . . . .   1-14",
            "D  . .       . . . . . .       X X   1-10",
            "",
            "Legend: . free   h held   X sold",
            "Categories: standard A1-A14, B1-B14, D3-D8 · premium C1-C14 · wheelchair (accessible) D1-D2, D9-D10",
            "Counts: 48 free, 1 held, 3 sold",
        ],
        "{out}"
    );
    // A rectangular showtime's map has its numbers header and no categories line.
    env.ok("showtime add --movie Heat --starts 2099-12-06T20:00:00Z --rows A-B --seats-per-row 3 --id 32");
    let rect = env.ok("inspect 32");
    assert!(
        rect.contains(
            "\n    1 2 3\nA   . . .\nB   . . .\n\nLegend: . free   h held   X sold\nCounts:"
        ),
        "{rect}"
    );
    assert!(!rect.contains("Categories"), "{rect}");
}

#[test]
fn the_readme_shows_the_example_hall_file_as_it_is() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme
        .find("### `hall` — real halls")
        .expect("hall section")..];
    let start = section.find("```toml\n").expect("toml block") + "```toml\n".len();
    let end = start + section[start..].find("```\n").expect("end of block");
    assert_eq!(
        &section[start..end],
        SCREEN1,
        "README's hall file != examples/screen1.toml"
    );
}

#[test]
fn the_shells_complete_hall_names_from_the_db() {
    let (env, _) = with_hall();
    for words in [
        &["hall", "show", "Scr"][..],
        &["showtime", "add", "--hall", ""],
    ] {
        let out = env
            .cmd()
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("boxoffice")
            .args(words)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let got = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            got.lines().collect::<Vec<_>>(),
            ["Screen 1\t52 seats, standard, premium, wheelchair"],
            "{words:?}"
        );
    }
}
