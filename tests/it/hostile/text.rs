//! Text from Redis and SQLite that would attack the terminal, and text refused at the door.

use super::*;

/// The byte sequences that must never reach a terminal raw: ESC, BEL, CSI (C1, as UTF-8), and
/// the bidi override / zero-width characters as UTF-8.
fn raw_hostile(text: &[u8]) -> Option<&'static str> {
    let pats: [(&str, &[u8]); 7] = [
        ("ESC", b"\x1b"),
        ("BEL", b"\x07"),
        ("CSI", "\u{9b}".as_bytes()),
        ("U+202E", "\u{202e}".as_bytes()),
        ("U+2066", "\u{2066}".as_bytes()),
        ("U+200B", "\u{200b}".as_bytes()),
        ("U+FEFF", "\u{feff}".as_bytes()),
    ];
    pats.into_iter()
        .find(|(_, p)| text.windows(p.len()).any(|w| w == *p))
        .map(|(n, _)| n)
}

/// Issue 11 item 5: values written into Redis and SQLite by anyone with access (ESC, BEL, bidi
/// overrides, zero-width characters) are escaped wherever they are printed for people, and
/// `--json` carries them exactly.
#[test]
fn hostile_text_from_redis_and_sqlite_is_escaped_on_the_terminal_and_exact_in_json() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let lock = "evil\x1b]0;pwned\x07\x1b[2J\u{9b}31m";
    let res = "{\"seat_ids\":[\"A1\"],\"reserved_at\":1,\"x\":\"\x1b[5m\u{202e}\"}";
    let mut con = env.con();
    let _: () = con.set_ex("seat_lock:24:B2", lock, 600).unwrap();
    let _: () = con.set_ex("seat_lock:24:C\x1b[31m3", "8", 600).unwrap();
    let _: () = con.set_ex("seat_lock:24:D\u{202e}4", "8", 600).unwrap();
    let _: () = con.set_ex("seat_reservation_24_7", res, 600).unwrap();
    let _: () = con
        .set_ex("seat_reservation_24_x\x1b[2Jy", "\x07", 600)
        .unwrap();
    // Rows written by an older boxoffice, or by other software.
    let title = "Avengers \u{202e}txt.exe\u{2066}\u{200b}\u{feff}\x1b[1m";
    env.sqlite()
        .execute(
            "UPDATE showtimes SET movie = ?1, screen = ?2 WHERE id = 24",
            [title, "Screen \u{202e}1\x07"],
        )
        .unwrap();

    // --json has the exact values.
    let seat = env.json("inspect 24 --seat B2");
    assert_eq!(seat["lock"]["value"], lock, "{seat}");
    let user = env.json("inspect 24 --user 7");
    assert_eq!(user["reservation"]["value"], res, "{user}");

    let runs: Vec<Vec<&str>> = vec![
        vec!["inspect", "24"],
        vec!["inspect", "24", "--check"],
        vec!["inspect", "24", "--seat", "B2"],
        vec!["inspect", "24", "--seat", "A1"],
        vec!["inspect", "24", "--user", "7"],
        vec!["showtime", "list"],
        vec![
            "release",
            "--showtime",
            "24",
            "--seat",
            "B2",
            "--force",
            "--yes",
        ],
        vec!["inspect", "24", "--seat", "B2"],
        vec!["sweep", "-v"],
        vec!["sweep", "-v"],
    ];
    let mut all = String::new();
    for args in &runs {
        let out = env.run(args);
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if let Some(p) = raw_hostile(bytes) {
                panic!(
                    "boxoffice {args:?}: raw {p} on {what}:\n{}",
                    String::from_utf8_lossy(bytes).escape_debug()
                );
            }
        }
        all.push_str(&String::from_utf8_lossy(&out.stdout));
        all.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    // The escaped forms are there: the value is shown, not dropped.
    for shown in [
        "\\u{1b}]0;pwned\\u{7}",
        "\\u{202e}txt.exe\\u{2066}",
        "Screen \\u{202e}1\\u{7}",
    ] {
        assert!(all.contains(shown), "{shown} not shown in:\n{all}");
    }
    let list = env.json("showtime list");
    assert!(list.to_string().contains("txt.exe"), "{list}");
    let st = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["showtime_id"] == 24)
        .unwrap();
    assert_eq!(st["movie"], title, "{st}");
    let doc = env.json("inspect 24");
    assert!(
        doc["anomalies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["key"] == "seat_lock:24:C\x1b[31m3"),
        "{doc}"
    );
}

/// Issue 11 item 5: `showtime add` refuses titles and screen names with bidi overrides,
/// zero-width characters or controls (exit 2, nothing stored).
#[test]
fn showtime_add_refuses_bidi_and_zero_width_characters() {
    let env = Env::demo();
    let before = env.db_state();
    for (flag, bad) in [
        ("--movie", "Avengers \u{202e}3pm"),
        ("--movie", "Ave\u{200b}ngers"),
        ("--movie", "\u{feff}Avengers"),
        ("--movie", "Avengers \u{2067}x"),
        ("--movie", "Avengers\u{9b}2J"),
        ("--screen", "Screen \u{202d}1"),
    ] {
        let mut args = vec![
            "showtime",
            "add",
            "--starts",
            "2030-01-01T20:00:00Z",
            "--rows",
            "A-B",
            "--seats-per-row",
            "3",
        ];
        if flag == "--screen" {
            args.extend(["--movie", "Fine", "--screen", bad]);
        } else {
            args.extend(["--movie", bad]);
        }
        let (_, stderr) = env.fails(2, &args);
        assert!(stderr.contains(flag), "{stderr}");
        assert!(raw_hostile(stderr.as_bytes()).is_none(), "{stderr:?}");
    }
    assert_eq!(env.db_state(), before);
}
