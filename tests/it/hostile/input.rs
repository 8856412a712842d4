//! Hostile arguments, table-driven, for every command and option.

use super::*;

/// Paths of the non-database files the table points `--db` at.
struct Decoys {
    root: PathBuf,
    garbage: String,
    foreign: String,
    dir: String,
    missing: String,
}

fn decoys(env: &Env) -> Decoys {
    let root = env.dir.path().join("decoys");
    std::fs::create_dir_all(root.join("decoy-folder")).unwrap();
    // Bytes that are not a SQLite header: a file someone mistook for the database.
    let garbage = root.join("garbage.db");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&garbage, bytes).unwrap();
    // A real SQLite database that belongs to some other program.
    let foreign = root.join("foreign.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes (body) VALUES ('keep me');",
        )
        .unwrap();
    }
    let s = |p: PathBuf| p.display().to_string();
    Decoys {
        garbage: s(garbage),
        foreign: s(foreign),
        dir: s(root.join("decoy-folder")),
        missing: s(root.join("no-such-dir").join("boxoffice.db")),
        root,
    }
}

#[rustfmt::skip]
fn table(pending: &str, sold: &str, d: &Decoys) -> Vec<Case> {
    let r = |seat: &str| reserve_seats(vec![seat.to_string()]);
    // A valid `showtime add` with one flag replaced (or added); values starting with `-` are
    // passed as `--flag=value` so that clap sees them as values.
    let add = |flag: &str, value: &str| -> Vec<String> {
        let mut a = cmd(&[
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
        ]);
        if let Some(i) = a.iter().position(|x| x == flag) {
            a.drain(i..i + 2);
        }
        if value.starts_with('-') {
            a.push(format!("{flag}={value}"));
        } else {
            a.push(flag.to_string());
            a.push(value.to_string());
        }
        a
    };
    let ten_thousand: Vec<String> = (b'A'..=b'Z')
        .flat_map(|row| (1..=385).map(move |n| format!("{}{n}", row as char)))
        .collect();
    let all_rows: Vec<String> = (b'A'..=b'J')
        .map(|row| format!("{0}1-{0}999", row as char))
        .collect();
    let same_range_ten_times: Vec<String> = (0..10).map(|_| "A1-A999".to_string()).collect();
    let same_seat_ten_thousand: Vec<String> = (0..10_000).map(|_| "A13".to_string()).collect();
    let long_user = "x".repeat(65);
    let long_payment = "p".repeat(129);
    let long_movie = "M".repeat(201);

    vec![
        // ---- reserve: seat ids ----
        case("seat glob *", 2, "invalid seat id", &["reserve", "--showtime", "24", "--user", "9", "A*"]).json(),
        owned("seat glob ?", 2, "invalid seat id", r("A?")),
        owned("seat glob class", 2, "invalid seat id", r("[A]1")),
        owned("seat braces", 2, "invalid seat id", r("{A1}")),
        owned("seat colon", 2, "invalid seat id", r("A1:2")),
        owned("seat that is a whole key", 2, "invalid seat id", r("seat_lock:24:A1")),
        owned("seat with ESC sequence", 2, "invalid seat id", r("A1\x1b[2J")).json(),
        owned("seat with vertical tab", 2, "invalid seat id", r("A1\x0b")),
        owned("seat with BEL", 2, "invalid seat id", r("A\x071")),
        owned("seat newline injection", 2, "invalid seat id", r("A1\nerror: fake")),
        owned("seat non-ASCII letter", 2, "invalid seat id", r("É1")),
        owned("seat emoji", 2, "invalid seat id", r("A1🎬")),
        owned("seat full-width digit", 2, "invalid seat id", r("A１")),
        owned("seat whitespace only", 2, "no seats given", r(" \t ")),
        owned("seat commas only", 2, "no seats given", r(",,,")),
        owned("seat SQL", 2, "invalid seat id", r("A1'; DROP TABLE bookings;--")),
        owned("seat number 0", 2, "invalid seat id", r("A0")),
        owned("seat leading zero", 2, "invalid seat id", r("A01")),
        owned("seat three-letter row", 2, "invalid seat id", r("AAA1")),
        owned("seat number first", 2, "invalid seat id", r("1A")),
        owned("seat range backwards", 2, "backwards", r("A5-A1")),
        owned("seat range across rows", 2, "one row", r("A1-B2")),
        owned("seat range enormous", 2, "invalid seat range", r("A1-A99999999999999999999")),
        owned("seat range past 999", 2, "invalid seat range", r("A1-A1000")),
        owned("seat range half open", 2, "invalid seat range", r("A1..")),
        owned("10,000 seats as separate args", 2, "too many seats", reserve_seats(ten_thousand)),
        owned("ten full rows as ranges", 2, "too many seats", reserve_seats(all_rows)),
        owned("1001 seats", 2, "too many seats", reserve_seats(vec!["A1-A999".into(), "B1".into(), "B2".into()])),
        owned("1000 seats, most not in the layout", 4, "not in the layout", reserve_seats(vec!["A1-A999".into(), "B1".into()])),
        owned("one range ten times", 4, "not in the layout", reserve_seats(same_range_ten_times)),
        owned("one missing seat 10,000 times", 4, "A13", reserve_seats(same_seat_ten_thousand)),
        owned("seat not in layout Z99", 4, "Z99", r("Z99")).json(),
        owned("seat not in layout AA1", 4, "AA1", r("AA1")),
        // ---- reserve: showtime ids ----
        case("showtime does not exist", 4, "showtime 999 does not exist", &["reserve", "--showtime", "999", "--user", "9", "A1"]).json(),
        case("showtime 2^53 does not exist", 4, "does not exist", &["reserve", "--showtime", "9007199254740992", "--user", "9", "A1"]),
        case("showtime 0", 2, "invalid showtime id", &["reserve", "--showtime", "0", "--user", "9", "A1"]),
        case("showtime negative", 2, "invalid showtime id", &["reserve", "--showtime=-1", "--user", "9", "A1"]),
        case("showtime enormous", 2, "invalid showtime id", &["reserve", "--showtime", "99999999999999999999", "--user", "9", "A1"]).json(),
        case("showtime 2^53+1", 2, "invalid showtime id", &["reserve", "--showtime", "9007199254740993", "--user", "9", "A1"]),
        case("showtime braces", 2, "invalid showtime id", &["reserve", "--showtime", "{24}", "--user", "9", "A1"]),
        case("showtime glob", 2, "invalid showtime id", &["reserve", "--showtime", "24*", "--user", "9", "A1"]),
        case("showtime colon", 2, "invalid showtime id", &["reserve", "--showtime", "24:1", "--user", "9", "A1"]),
        case("showtime padded", 2, "invalid showtime id", &["reserve", "--showtime", " 24", "--user", "9", "A1"]),
        case("showtime SQL", 2, "invalid showtime id", &["reserve", "--showtime", "7 OR 1=1", "--user", "9", "A1"]),
        case("showtime full-width", 2, "invalid showtime id", &["reserve", "--showtime", "２４", "--user", "9", "A1"]),
        case("showtime hex", 2, "invalid showtime id", &["reserve", "--showtime", "0x18", "--user", "9", "A1"]),
        case("showtime with CR", 2, "invalid showtime id", &["reserve", "--showtime", "2\r4", "--user", "9", "A1"]),
        // ---- reserve: user ids ----
        case("user empty", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "", "A1"]),
        case("user glob *", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "*", "A1"]),
        case("user glob ?", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7?", "A1"]),
        case("user glob class", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "[a]", "A1"]),
        case("user braces", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "{24}", "A1"]),
        case("user colon", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7:8", "A1"]),
        case("user underscore", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "a_b", "A1"]),
        case("user space", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7 8", "A1"]),
        case("user tab", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\t8", "A1"]),
        case("user newline injection", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\nerror: fake", "A1"]).forbid("\nerror: fake").json(),
        case("user CR", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\r8", "A1"]),
        case("user ESC sequence", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "\x1b[2J", "A1"]).json(),
        case("user C1 CSI", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\u{9b}2J", "A1"]),
        case("user non-ASCII", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "josé", "A1"]),
        case("user emoji", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "🎬", "A1"]),
        case("user leading dash", 2, "invalid user id", &["reserve", "--showtime", "24", "--user=-7", "A1"]),
        owned("user 65 chars", 2, "invalid user id", vec!["reserve".into(), "--showtime".into(), "24".into(), "--user".into(), long_user.clone(), "A1".into()]),
        case("user SQL", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7' OR '1'='1", "A1"]),
        // ---- reserve: --hold ----
        case("hold 0s", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "0s"]).json(),
        case("hold negative", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold=-1s"]),
        case("hold 25h", 2, "at most 24h", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "25h"]),
        case("hold 24h 1s", 2, "at most 24h", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "24h 1s"]),
        case("hold bare number", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "10"]),
        case("hold word", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "ten"]),
        case("hold 500ms", 2, "at least 1s", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "500ms"]),
        case("hold empty", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", ""]),
        case("hold overflow", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "18446744073709551616s"]),
        case("hold from env", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1"]).env("BOXOFFICE_HOLD", "ten"),
        // ---- reserve: usage ----
        case("reserve unknown flag", 2, "--bogus", &["reserve", "--showtime", "24", "--user", "9", "--bogus", "A1"]).json(),
        case("reserve without seats", 2, "no seats given", &["reserve", "--showtime", "24", "--user", "9"]),
        case("reserve without --user", 2, "--user", &["reserve", "--showtime", "24", "A1"]).json(),
        case("reserve without --showtime", 2, "--showtime", &["reserve", "--user", "9", "A1"]),
        case("reserve --showtime twice", 2, "--showtime", &["reserve", "--showtime", "24", "--showtime", "25", "--user", "9", "A1"]),
        case("unknown subcommand", 2, "frobnicate", &["frobnicate", "--showtime", "24"]),
        case("no subcommand", 2, "Usage", &[]),
        case("reserve a sold seat", 3, "B1", &["reserve", "--showtime", "24", "--user", "9", "B1"]),
        // ---- confirm ----
        case("confirm booking does not exist", 4, "booking 999 does not exist", &["confirm", "--booking", "999", "--payment-id", "pay_1"]).json(),
        case("confirm booking i64::MAX", 4, "does not exist", &["confirm", "--booking", "9223372036854775807", "--payment-id", "pay_1"]),
        case("confirm booking 0", 2, "invalid booking id", &["confirm", "--booking", "0", "--payment-id", "pay_1"]),
        case("confirm booking negative", 2, "invalid booking id", &["confirm", "--booking=-1", "--payment-id", "pay_1"]),
        case("confirm booking enormous", 2, "invalid booking id", &["confirm", "--booking", "99999999999999999999", "--payment-id", "pay_1"]),
        case("confirm booking i64::MAX+1", 2, "invalid booking id", &["confirm", "--booking", "9223372036854775808", "--payment-id", "pay_1"]),
        case("confirm booking plus sign", 2, "invalid booking id", &["confirm", "--booking", "+1", "--payment-id", "pay_1"]),
        case("confirm booking SQL", 2, "invalid booking id", &["confirm", "--booking", "1 OR 1=1", "--payment-id", "pay_1"]),
        case("confirm booking exponent", 2, "invalid booking id", &["confirm", "--booking", "1e3", "--payment-id", "pay_1"]),
        case("payment id empty", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", ""]),
        case("payment id space", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay 1"]),
        case("payment id glob", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay*"]),
        case("payment id colon", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay:1"]),
        case("payment id braces", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "{pay}"]),
        case("payment id SQL", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay_1'; DROP TABLE bookings;--"]).json(),
        owned("payment id 129 chars", 2, "invalid payment id", vec!["confirm".into(), "--booking".into(), pending.into(), "--payment-id".into(), long_payment]),
        case("payment id ESC", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay\x1b[2J"]),
        case("payment id newline", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay\nerror: fake"]).forbid("\nerror: fake"),
        case("payment id non-ASCII", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "päy"]),
        case("payment id of another booking", 3, "pay_ok", &["confirm", "--booking", pending, "--payment-id", "pay_ok"]),
        case("second payment for a sold booking", 3, "refund", &["confirm", "--booking", sold, "--payment-id", "pay_other"]),
        case("confirm without --payment-id", 2, "--payment-id", &["confirm", "--booking", pending]),
        case("confirm without a target", 2, "--booking", &["confirm", "--payment-id", "pay_1"]),
        case("confirm --showtime without --user", 2, "--user", &["confirm", "--showtime", "24", "--payment-id", "pay_1"]),
        case("confirm --booking with --showtime", 2, "cannot be used with", &["confirm", "--booking", pending, "--showtime", "24", "--user", "7", "--payment-id", "pay_1"]),
        case("confirm showtime does not exist", 4, "showtime 999", &["confirm", "--showtime", "999", "--user", "7", "--payment-id", "pay_1"]),
        case("confirm user with no hold", 4, "no hold", &["confirm", "--showtime", "24", "--user", "nobody", "--payment-id", "pay_1"]),
        case("confirm user glob", 2, "invalid user id", &["confirm", "--showtime", "24", "--user", "7*", "--payment-id", "pay_1"]),
        // ---- release ----
        case("release booking does not exist", 4, "booking 999 does not exist", &["release", "--booking", "999"]).json(),
        case("release booking negative", 2, "invalid booking id", &["release", "--booking=-1"]),
        case("release booking word", 2, "invalid booking id", &["release", "--booking", "abc"]),
        case("release sold booking", 3, "final", &["release", "--booking", sold]),
        case("release nothing named", 2, "say what to release", &["release"]),
        case("release showtime only", 2, "say what to release", &["release", "--showtime", "24"]),
        case("release --seat without --user or --force", 2, "--force", &["release", "--showtime", "24", "--seat", "A1"]),
        case("release --force without --yes", 2, "--yes", &["release", "--showtime", "24", "--seat", "A1", "--force"]),
        case("release --force a sold seat", 3, "B1", &["release", "--showtime", "24", "--seat", "B1", "--force", "--yes"]),
        case("release seat glob", 2, "invalid seat id", &["release", "--showtime", "24", "--seat", "A*", "--force", "--yes"]),
        case("release seat colon", 2, "invalid seat id", &["release", "--showtime", "24", "--user", "7", "--seat", "A1:2"]),
        case("release seat ESC", 2, "invalid seat id", &["release", "--showtime", "24", "--user", "7", "--seat", "A1\x1b]0;pwned\x07"]),
        case("release seat not in layout", 4, "Z99", &["release", "--showtime", "24", "--seat", "Z99", "--force", "--yes"]),
        case("release too many seats", 2, "too many seats", &["release", "--showtime", "24", "--user", "7", "--seat", "A1-A999", "--seat", "B1-B999"]),
        case("release showtime does not exist", 4, "showtime 999", &["release", "--showtime", "999", "--user", "7"]),
        case("release user with no hold", 4, "no hold", &["release", "--showtime", "24", "--user", "nobody"]),
        case("release user glob class", 2, "invalid user id", &["release", "--showtime", "24", "--user", "[a]"]),
        case("release --booking with --force", 2, "cannot be used with", &["release", "--booking", pending, "--force"]),
        case("release --seat without --showtime", 2, "--showtime", &["release", "--user", "7", "--seat", "A1"]),
        // ---- bookings ----
        case("status unknown", 2, "unknown status", &["bookings", "--status", "BOGUS"]).json(),
        case("status empty", 2, "unknown status", &["bookings", "--status", ""]),
        case("status SQL", 2, "unknown status", &["bookings", "--status", "PENDING' OR '1'='1"]),
        case("status ESC", 2, "unknown status", &["bookings", "--status", "PENDING\x1b[2J"]),
        case("status glob", 2, "unknown status", &["bookings", "--status", "PEND*"]),
        case("limit negative", 2, "--limit", &["bookings", "--limit=-1"]),
        case("limit enormous", 2, "--limit", &["bookings", "--limit", "99999999999"]),
        case("limit word", 2, "--limit", &["bookings", "--limit", "ten"]),
        case("bookings showtime does not exist", 4, "showtime 999", &["bookings", "--showtime", "999"]),
        case("bookings showtime glob", 2, "invalid showtime id", &["bookings", "--showtime", "24*"]),
        case("bookings user glob", 2, "invalid user id", &["bookings", "--user", "u*"]),
        case("bookings unknown flag", 2, "--bogus", &["bookings", "--bogus"]),
        // ---- showtime add / list ----
        owned("rows backwards", 2, "backwards", add("--rows", "C-A")),
        owned("rows twice", 2, "appears twice", add("--rows", "A,A")),
        owned("rows empty", 2, "no rows", add("--rows", "")),
        owned("rows glob", 2, "invalid rows", add("--rows", "*")),
        owned("rows braces", 2, "invalid rows", add("--rows", "{A}")),
        owned("rows three letters", 2, "invalid rows", add("--rows", "A-ZZZ")),
        owned("rows non-ASCII", 2, "invalid rows", add("--rows", "é")),
        owned("rows digits", 2, "invalid rows", add("--rows", "1-3")),
        owned("rows SQL", 2, "invalid rows", add("--rows", "A;DROP TABLE seats")),
        owned("rows ESC", 2, "invalid rows", add("--rows", "A\x1b[2J")),
        owned("seats-per-row 0", 2, "--seats-per-row", add("--seats-per-row", "0")),
        owned("seats-per-row 1000", 2, "--seats-per-row", add("--seats-per-row", "1000")),
        owned("seats-per-row negative", 2, "--seats-per-row", add("--seats-per-row", "-1")),
        owned("seats-per-row enormous", 2, "--seats-per-row", add("--seats-per-row", "99999999999999999999")),
        owned("seats-per-row word", 2, "--seats-per-row", add("--seats-per-row", "ten")),
        owned("too many seats in a showtime", 2, "more than", { let mut a = add("--rows", "A-ZZ"); let n = a.len(); a[n - 3] = "999".into(); a }),
        owned("starts word", 2, "--starts", add("--starts", "tomorrow")).json(),
        owned("starts empty", 2, "--starts", add("--starts", "")),
        owned("starts month 13", 2, "--starts", add("--starts", "2026-13-01T20:00:00Z")),
        owned("starts without zone", 2, "--starts", add("--starts", "2026-12-01 20:00")),
        owned("starts ESC", 2, "--starts", add("--starts", "2026-12-01T20:00:00Z\x1b[2J")),
        owned("starts SQL", 2, "--starts", add("--starts", "'; DROP TABLE showtimes;--")),
        owned("movie empty", 2, "--movie", add("--movie", "")),
        owned("movie control char", 2, "control", add("--movie", "Du\x1bne")),
        owned("movie too long", 2, "--movie", add("--movie", &long_movie)),
        owned("screen blank", 2, "--screen", add("--screen", "\t")),
        owned("id 0", 2, "invalid showtime id", add("--id", "0")),
        owned("id taken", 3, "already exists", add("--id", "24")),
        owned("id 2^53+1", 2, "invalid showtime id", add("--id", "9007199254740993")),
        owned("id SQL", 2, "invalid showtime id", add("--id", "24 OR 1=1")),
        case("showtime add without flags", 2, "--movie", &["showtime", "add"]),
        case("showtime unknown subcommand", 2, "remove", &["showtime", "remove", "24"]),
        case("showtime without subcommand", 2, "Usage", &["showtime"]),
        case("showtime list unknown flag", 2, "--bogus", &["showtime", "list", "--bogus"]),
        // ---- init ----
        case("init unknown flag", 2, "--bogus", &["init", "--bogus"]),
        case("init --demo with a value", 2, "--demo", &["init", "--demo=yes"]),
        case("init --db a directory", 2, "directory", &["init", "--db", &d.dir]),
        case("init --db garbage", 2, "not a SQLite database", &["init", "--db", &d.garbage]),
        // ---- global: --db ----
        case("bookings --db garbage", 2, "not a SQLite database", &["bookings", "--db", &d.garbage]).json(),
        case("reserve --db garbage", 2, "not a SQLite database", &["reserve", "--showtime", "24", "--user", "9", "A1", "--db", &d.garbage]),
        case("showtime list --db garbage", 2, "not a SQLite database", &["showtime", "list", "--db", &d.garbage]),
        case("bookings --db a directory", 2, "directory", &["bookings", "--db", &d.dir]),
        case("BOXOFFICE_DB a directory", 2, "directory", &["showtime", "list"]).env("BOXOFFICE_DB", d.dir.clone()),
        case("bookings --db another program's SQLite", 2, "not a boxoffice database", &["bookings", "--db", &d.foreign]),
        case("bookings --db missing", 4, "boxoffice init", &["bookings", "--db", &d.missing]),
        case("--db empty", 2, "--db", &["bookings", "--db", ""]),
        // ---- global: --redis-url ----
        case("redis-url not a URL", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "notaurl"]).json(),
        case("redis-url unclosed IPv6", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://[::1"]),
        case("redis-url password not echoed", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://:s3cret@[::1"]).forbid("s3cret").json(),
        case("redis-url empty", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", ""]),
        case("redis-url wrong scheme", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "http://127.0.0.1:6379"]),
        case("redis-url port out of range", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://127.0.0.1:99999"]),
        case("redis-url ESC", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://127.0.0.1:6379/0\x1b[2J"]),
        case("REDIS_URL env not a URL", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1"]).env("REDIS_URL", "notaurl"),
        case("confirm with a bad redis-url", 2, "invalid Redis URL", &["confirm", "--booking", pending, "--payment-id", "pay_new", "--redis-url", "notaurl"]),
        case("release with a bad redis-url", 2, "invalid Redis URL", &["release", "--showtime", "24", "--user", "7", "--redis-url", "redis://[::1"]),
        // ---- global: --redis-timeout, --color ----
        case("redis-timeout 0s", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "0s"]),
        case("redis-timeout 10m", 2, "at most 5m", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "10m"]),
        case("redis-timeout word", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "ten"]),
        case("redis-timeout bare number", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "10"]),
        case("redis-timeout negative", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout=-1s"]),
        case("BOXOFFICE_REDIS_TIMEOUT env 0s", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1"]).env("BOXOFFICE_REDIS_TIMEOUT", "0s"),
        case("color unknown", 2, "--color", &["bookings", "--color", "sometimes"]),
        // ---- ttl ----
        case("ttl seat glob", 2, "invalid seat id", &["ttl", "--showtime", "24", "--seat", "A*"]),
        case("ttl extend 0s", 2, "--extend", &["ttl", "--showtime", "24", "--user", "7", "--extend", "0s"]),
        case("ttl extend 25h", 2, "--extend", &["ttl", "--showtime", "24", "--user", "7", "--extend", "25h"]),
        case("ttl showtime does not exist", 4, "showtime 999", &["ttl", "--showtime", "999", "--user", "7"]),
        case("ttl without --user or --seat", 2, "--user", &["ttl", "--showtime", "24"]),
    ]
}

#[test]
fn hostile_input_is_refused_with_the_right_code_and_changes_nothing() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let pending = r["booking_id"].as_i64().unwrap().to_string();
    let s = env.json("reserve --showtime 24 --user 8 B1");
    let sold = s["booking_id"].as_i64().unwrap().to_string();
    env.json(&format!("confirm --booking {sold} --payment-id pay_ok"));
    let d = decoys(&env);

    let cases = table(&pending, &sold, &d);
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        failures.extend(check(&env, &d.root, c));
    }
    // The world the table ran against is intact.
    assert_eq!(env.booking_status(pending.parse().unwrap()), "PENDING");
    assert_eq!(env.booking_status(sold.parse().unwrap()), "CONFIRMED");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    fail_with(failures, cases.len());
}

/// `inspect --seat` on a seat the layout doesn't have is exit 4, as `reserve` is.
#[test]
fn inspecting_a_seat_not_in_the_layout_is_exit_4() {
    let env = Env::demo();
    let e = env.json_err(4, "inspect 24 --seat Z99");
    assert_eq!(e["kind"], "not_found");
    assert!(e["message"].as_str().unwrap().contains("Z99"), "{e}");
    env.fails(4, "inspect 24 --seat Z99");
    env.fails(4, "inspect 999 --seat A1");
    // A lock someone wrote for such a seat is still there to inspect.
    let _: () = env.con().set("seat_lock:24:Z99", "7").unwrap();
    let r = env.json("inspect 24 --seat Z99");
    assert_eq!(r["in_layout"], false);
}

/// `--id` accepts ids up to 2^53; the next automatic id must not be one the tool then rejects
/// after writing it.
#[test]
fn automatic_showtime_id_past_the_largest_accepted_id() {
    let env = Env::demo();
    let add = |extra: &[&str]| -> Vec<String> {
        let mut a = cmd(&[
            "showtime",
            "add",
            "--movie",
            "Dune",
            "--starts",
            "2099-12-01T20:00:00Z",
            "--rows",
            "A",
            "--seats-per-row",
            "2",
        ]);
        a.extend(cmd(extra));
        a
    };
    let top = add(&["--id", "9007199254740992"]);
    let out = run(&env, &[], &top);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut problems = Vec::new();
    let before = env.db_state();
    let next = add(&[]);
    let out = run(&env, &[], &next);
    let code = out.status.code();
    let after = env.db_state();
    if code != Some(0) && before != after {
        problems.push(format!(
            "refused with exit {code:?} but wrote to SQLite:\n  before {}\n  after  {}",
            before.replace('\n', " / "),
            after.replace('\n', " / ")
        ));
    }
    let list = run(&env, &[], &cmd(&["showtime", "list"]));
    if list.status.code() != Some(0) {
        problems.push(format!(
            "afterwards `showtime list` exits {:?}: {}",
            list.status.code(),
            clip(&String::from_utf8_lossy(&list.stderr), 300)
        ));
    }
    if !problems.is_empty() {
        panic!(
            "{}",
            report("automatic id past 2^53", false, &[], &next, &out, &problems)
        );
    }
}
