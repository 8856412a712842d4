//! Issue 6: fuzzing, with proptest on stable Rust (cargo-fuzz needs a nightly toolchain, which
//! this project does not use). The parsers users type into — seat lists and ranges, row specs,
//! durations, user, showtime and payment ids — and the decoders of the scheme's JSON values and
//! key names must never panic on any input; what they accept must round-trip; what they refuse
//! must be an `invalid` error. The last property writes arbitrary bytes into the scheme's Redis
//! keys and runs the real binary over them.
//!
//! `PROPTEST_CASES` sets the number of cases per property (default 512 for the parsers, 24 for
//! the binary); e.g. `PROPTEST_CASES=100000 cargo test --release --test it fuzz::` for a long run.

use std::time::Duration;

use boxoffice::Error;
use boxoffice::ids::{
    self, MAX_SEATS_PER_HOLD, SeatId, ShowtimeId, UserId, parse_duration, parse_hold, parse_rows,
    parse_seat_list,
};
use boxoffice::keys::Keys;
use boxoffice::redis_client::redact_url;
use boxoffice::snapshot::{parse_reservation, parse_seat_array};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::harness::Env;

fn config(default: u32) -> Config {
    Config {
        cases: crate::model::cases(default),
        failure_persistence: None,
        ..Config::default()
    }
}

fn is_invalid<T: std::fmt::Debug>(r: &Result<T, Error>) -> bool {
    matches!(r, Err(Error::Invalid(m)) if !m.is_empty())
}

/// Strings that are almost seat lists: letters, digits, separators, range marks, and a few
/// hostile characters.
fn near_seat_list() -> impl Strategy<Value = String> {
    "([A-Za-z]{0,3}[0-9]{0,4}((-|\\.\\.)[A-Za-z]{0,3}[0-9]{0,4})?[ ,\t*:{}\u{e9}]{0,2}){0,6}"
}

/// A row label of one or two capitals.
fn row() -> impl Strategy<Value = String> {
    "[A-Z]{1,2}"
}

/// One token of a valid seat list, and the seats it stands for.
fn valid_token() -> impl Strategy<Value = (String, Vec<String>)> {
    prop_oneof![
        (row(), 1u32..=999, any::<bool>()).prop_map(|(r, n, lower)| {
            let t = format!("{r}{n}");
            (
                if lower { t.to_lowercase() } else { t },
                vec![format!("{r}{n}")],
            )
        }),
        (row(), 1u32..=999, 0u32..20, any::<bool>()).prop_map(|(r, a, len, dots)| {
            let b = (a + len).min(999);
            let sep = if dots { ".." } else { "-" };
            (
                format!("{r}{a}{sep}{r}{b}"),
                (a..=b).map(|n| format!("{r}{n}")).collect(),
            )
        }),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn seat_lists_never_panic_and_what_they_accept_round_trips(
        args in prop::collection::vec(prop_oneof![any::<String>(), near_seat_list()], 0..4)
    ) {
        let r = parse_seat_list(&args);
        match &r {
            Ok(seats) => {
                prop_assert!(!seats.is_empty() && seats.len() <= MAX_SEATS_PER_HOLD);
                let shown: Vec<String> = seats.iter().map(ToString::to_string).collect();
                let mut dedup = shown.clone();
                dedup.sort();
                dedup.dedup();
                prop_assert_eq!(dedup.len(), shown.len(), "duplicates in {:?}", shown);
                for s in seats {
                    let again: SeatId = s.as_str().parse().unwrap();
                    prop_assert_eq!(&again, s);
                    // A key built from it parses back and holds nothing a key must not.
                    let st = ShowtimeId::new(24).unwrap();
                    for k in [Keys::SEED, Keys::CLUSTER] {
                        let key = k.seat_lock(st, s);
                        prop_assert_eq!(k.parse_seat_lock(&key), Some((st, s.as_str())));
                    }
                    prop_assert!(s.as_str().bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
                }
                let joined = parse_seat_list(&[shown.join(",")]).unwrap();
                prop_assert_eq!(&joined, seats);
            }
            Err(_) => prop_assert!(is_invalid(&r), "{:?}", r),
        }
    }

    #[test]
    fn valid_seat_lists_expand_exactly(tokens in prop::collection::vec(valid_token(), 1..8), commas in any::<bool>()) {
        let text: Vec<String> = tokens.iter().map(|(t, _)| t.clone()).collect();
        let args = if commas { vec![text.join(",")] } else { text };
        let mut want: Vec<String> = Vec::new();
        for (_, seats) in &tokens {
            for s in seats {
                if !want.contains(s) {
                    want.push(s.clone());
                }
            }
        }
        let got: Vec<String> = parse_seat_list(&args).unwrap().iter().map(ToString::to_string).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn seat_ids_accept_exactly_a_row_and_a_number(s in prop_oneof![any::<String>(), "[A-Za-z]{0,3}[0-9]{0,4}"]) {
        let b = s.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let digits = &s[letters..];
        let want = (1..=2).contains(&letters)
            && (1..=3).contains(&digits.len())
            && digits.bytes().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        let r = s.parse::<SeatId>();
        prop_assert_eq!(r.is_ok(), want, "{:?} -> {:?}", s, r);
        if let Ok(seat) = r {
            prop_assert_eq!(seat.to_string(), s.to_ascii_uppercase());
        } else {
            prop_assert!(is_invalid(&r));
        }
    }

    #[test]
    fn user_ids_never_panic_and_round_trip_into_keys(s in prop_oneof![any::<String>(), "[A-Za-z0-9._@:*{} -]{0,70}"]) {
        let r = s.parse::<UserId>();
        prop_assert_eq!(r.is_ok(), UserId::is_valid(&s));
        match r {
            Ok(u) => {
                prop_assert_eq!(u.as_str(), s.as_str());
                let st = ShowtimeId::new(7).unwrap();
                for k in [Keys::SEED, Keys::CLUSTER] {
                    let key = k.seat_reservation(st, &u);
                    prop_assert_eq!(k.parse_seat_reservation(&key), Some((st, s.as_str())));
                    prop_assert_eq!(k.user_from_reservation_key(st, &key), Some(s.as_str()));
                }
                let forbidden = ['*', '?', '[', ']', '{', '}', ':', '_', ' '];
                prop_assert!(!s.contains(forbidden), "{:?}", s);
            }
            Err(e) => prop_assert!(matches!(e, Error::Invalid(_))),
        }
    }

    #[test]
    fn showtime_ids_never_panic_and_stay_in_range(s in prop_oneof![any::<String>(), "[-+0-9 ]{0,20}"]) {
        match s.parse::<ShowtimeId>() {
            Ok(id) => {
                prop_assert!((1..=ShowtimeId::MAX).contains(&id.get()));
                prop_assert!(s.bytes().all(|b| b.is_ascii_digit()));
            }
            Err(e) => prop_assert!(matches!(e, Error::Invalid(_))),
        }
    }

    #[test]
    fn showtime_ids_round_trip(n in any::<i64>()) {
        let ok = (1..=ShowtimeId::MAX).contains(&n);
        prop_assert_eq!(ShowtimeId::new(n).is_ok(), ok);
        prop_assert_eq!(n.to_string().parse::<ShowtimeId>().map(|i| i.get()).ok(), ok.then_some(n));
        if ok {
            // No showtime's scan pattern matches another showtime's keys.
            let st = ShowtimeId::new(n).unwrap();
            let other = ShowtimeId::new(if n == 1 { 2 } else { n - 1 }).unwrap();
            let seat: SeatId = "A1".parse().unwrap();
            for k in [Keys::SEED, Keys::CLUSTER] {
                let key = k.seat_lock(other, &seat);
                prop_assert_eq!(k.seat_from_lock_key(st, &key), None);
            }
        }
    }

    #[test]
    fn durations_never_panic_and_holds_stay_within_bounds(s in prop_oneof![
        any::<String>(),
        "-?[0-9]{0,12}(\\.[0-9]{0,3})?[ ]?(ns|us|ms|s|sec|m|min|h|hr|d|w|y|[a-z]{0,3})( [0-9]{1,4}[smh])?",
    ]) {
        match parse_duration(&s, "timeout") {
            Ok(d) => prop_assert!(!d.is_zero()),
            Err(e) => prop_assert!(matches!(e, Error::Invalid(_))),
        }
        match parse_hold(&s) {
            Ok(d) => prop_assert!(d >= Duration::from_secs(1) && d <= ids::MAX_HOLD),
            Err(e) => prop_assert!(matches!(e, Error::Invalid(_))),
        }
    }

    #[test]
    fn holds_written_as_h_m_s_parse_back(secs in 0u64..=100_000) {
        let text = format!("{}h {}m {}s", secs / 3600, secs / 60 % 60, secs % 60);
        let r = parse_hold(&text);
        if (1..=86_400).contains(&secs) {
            prop_assert_eq!(r.unwrap(), Duration::from_secs(secs));
        } else {
            prop_assert!(is_invalid(&r), "{} -> {:?}", text, r);
        }
    }

    #[test]
    fn row_specs_never_panic_and_give_distinct_labels(s in prop_oneof![any::<String>(), "[A-Za-z, -]{0,12}"]) {
        match parse_rows(&s) {
            Ok(rows) => {
                prop_assert!(!rows.is_empty());
                let mut d = rows.clone();
                d.sort();
                d.dedup();
                prop_assert_eq!(d.len(), rows.len());
                for r in &rows {
                    prop_assert!((1..=2).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_uppercase()));
                }
            }
            Err(e) => prop_assert!(matches!(e, Error::Invalid(_))),
        }
    }

    #[test]
    fn payment_ids_accept_exactly_their_alphabet(s in prop_oneof![any::<String>(), "[A-Za-z0-9_.-]{0,130}"]) {
        let want = (1..=128).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        let r = boxoffice::holds::check_payment_id(&s);
        prop_assert_eq!(r.is_ok(), want);
        if !want {
            prop_assert!(is_invalid(&r));
        }
    }

    #[test]
    fn shown_input_is_escaped_and_capped(s in any::<String>()) {
        let out = ids::shown(&s);
        prop_assert!(!out.chars().any(char::is_control), "{:?}", out);
        // 40 characters, each escaped to at most 10 (\u{10ffff}), the quotes and the ellipsis.
        prop_assert!(out.chars().count() <= 40 * 10 + 3);
    }

    #[test]
    fn seat_arrays_decode_what_json_encodes_and_nothing_panics(
        seats in prop::collection::vec(any::<String>(), 0..8),
        junk in any::<String>(),
    ) {
        let json = serde_json::to_string(&seats).unwrap();
        prop_assert_eq!(parse_seat_array(&json), Some(seats.clone()));
        let _ = parse_seat_array(&junk);
        let _ = parse_reservation(&junk);
        // Anything else than an array of strings is refused.
        prop_assert_eq!(parse_seat_array(&format!("{{\"x\":{json}}}")), None);
        prop_assert_eq!(parse_seat_array("[1]"), None);
    }

    #[test]
    fn reservation_values_as_lua_writes_them_decode(
        seats in prop::collection::vec("[A-Z]{1,2}[1-9][0-9]{0,2}", 0..8),
        secs in 0u64..4_000_000_000,
        ms in 0u32..1000,
    ) {
        // reserve.lua: '{"seat_ids":' .. encode_array(seats) .. ',"reserved_at":' .. '%d.%03d' .. '}'
        let arr = if seats.is_empty() { "[]".to_string() } else { serde_json::to_string(&seats).unwrap() };
        let v = format!("{{\"seat_ids\":{arr},\"reserved_at\":{secs}.{ms:03}}}");
        prop_assert_eq!(parse_reservation(&v), Some(seats.clone()));
        // cjson's empty table, and a missing or non-numeric reserved_at.
        prop_assert_eq!(parse_reservation(&format!("{{\"seat_ids\":{{}},\"reserved_at\":{secs}}}")), Some(vec![]));
        prop_assert_eq!(parse_reservation(&format!("{{\"seat_ids\":{arr}}}")), None);
        prop_assert_eq!(parse_reservation(&format!("{{\"seat_ids\":{arr},\"reserved_at\":\"x\"}}")), None);
    }

    #[test]
    fn key_names_never_panic_when_parsed(s in prop_oneof![any::<String>(), "seat_(lock:|reservation_)[0-9_:{}]{0,6}[A-Za-z0-9_:]{0,6}"]) {
        for k in [Keys::SEED, Keys::CLUSTER] {
            if let Some((st, seat)) = k.parse_seat_lock(&s) {
                prop_assert!(!seat.is_empty());
                prop_assert_eq!(k.seat_lock_str(st, seat), s.clone());
            }
            if let Some((st, user)) = k.parse_seat_reservation(&s) {
                prop_assert!(!user.is_empty());
                prop_assert_eq!(k.seat_reservation_str(st, user), s.clone());
            }
        }
    }

    #[test]
    fn redis_urls_never_show_their_password(
        pw in "Zq[A-Za-z0-9._~!$&'()*+,;=:@-]{4,20}",
        user in prop::option::of("[a-z]{1,8}"),
        tls in any::<bool>(),
        tail in "(/[0-9]{1,2})?(#insecure)?",
        junk in any::<String>(),
    ) {
        let scheme = if tls { "rediss" } else { "redis" };
        let url = format!("{scheme}://{}:{pw}@127.0.0.1:6379{tail}", user.unwrap_or_default());
        let shown = redact_url(&url);
        prop_assert!(!shown.contains(&pw), "{} -> {}", url, shown);
        prop_assert!(shown.contains("127.0.0.1:6379"));
        let _ = redact_url(&junk);
        if !junk.contains('@') && !junk.contains('=') {
            prop_assert_eq!(redact_url(&junk), junk);
        }
    }
}

/// Arbitrary bytes already sitting in every key of the scheme: inspect, reserve, release and
/// sweep answer with a documented exit code and one JSON document, and never crash.
#[test]
fn arbitrary_bytes_in_the_schemes_keys_never_crash_the_binary() {
    let env = Env::demo();
    let value = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        any::<String>().prop_map(String::into_bytes),
        prop::sample::select(vec![
            "[]",
            "{}",
            "[\"A1\"]",
            "[1,2]",
            "{\"seat_ids\":[\"A1\"]}",
            "null",
            "7",
            "",
            "{\"seat_ids\":{},\"reserved_at\":1}",
            "[\"A1\",\"A1\",\"ZZ999\"]",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    let keys = [
        "reserved_seats_24",
        "available_seats_24",
        "seat_reservation_24_7",
        "seat_lock:24:A1",
    ];
    // Key names are bytes too: a suffix of anything after each per-seat and per-user prefix.
    let odd_name = (
        prop::sample::select(vec![
            "seat_lock:24:",
            "seat_reservation_24_",
            "reserved_seats_",
        ]),
        prop::collection::vec(any::<u8>(), 0..6),
    )
        .prop_map(|(p, tail)| [p.as_bytes(), &tail].concat());
    let mut runner = proptest::test_runner::TestRunner::new(config(24));
    let case = std::cell::Cell::new(0u32);
    runner
        .run(
            &(prop::collection::vec(value, keys.len() + 1), odd_name),
            |(values, name)| {
                case.set(case.get() + 1);
                let mut con = env.con();
                redis::cmd("FLUSHALL").query::<()>(&mut con).unwrap();
                let names = keys.iter().map(|k| k.as_bytes().to_vec()).chain([name]);
                for (k, v) in names.zip(&values) {
                    redis::cmd("SET")
                        .arg(k)
                        .arg(v.as_slice())
                        .arg("PX")
                        .arg(60_000)
                        .query::<()>(&mut con)
                        .unwrap();
                }
                let user = format!("f{}", case.get());
                for (args, allowed) in [
                    (vec!["inspect", "24"], &[0][..]),
                    (
                        vec!["reserve", "--showtime", "24", "--user", &user, "A1", "A2"],
                        &[0, 3],
                    ),
                    (vec!["ttl", "--showtime", "24", "--seat", "A1"], &[0, 3, 4]),
                    (
                        vec!["release", "--showtime", "24", "--user", &user],
                        &[0, 4],
                    ),
                    (vec!["sweep"], &[0]),
                    (
                        vec![
                            "release",
                            "--showtime",
                            "24",
                            "--seat",
                            "A1",
                            "--force",
                            "--yes",
                        ],
                        &[0, 3, 4],
                    ),
                ] {
                    let mut a = args.clone();
                    a.push("--json");
                    let out = env.run(&a);
                    let stdout = String::from_utf8_lossy(&out.stdout);
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    prop_assert!(
                        out.status.code().is_some_and(|c| allowed.contains(&c)),
                        "{:?} with {:?}: exit {:?}\n{}\n{}",
                        a,
                        values,
                        out.status.code(),
                        stdout,
                        stderr
                    );
                    prop_assert!(!stderr.contains("panicked"), "{}", stderr);
                    prop_assert!(
                        serde_json::from_str::<serde_json::Value>(&stdout).is_ok(),
                        "{:?}: not one JSON document: {}",
                        a,
                        stdout
                    );
                }
                Ok(())
            },
        )
        .unwrap();
    crate::checks::invariants(&env, 24).unwrap();
}

/// Found by the property above: bytes that are not UTF-8, in a value or in a key's name, made
/// inspect exit 1 ("MGET: unexpected reply"), and ttl and sweep exit 5 claiming Redis was
/// "unreachable" — for as long as the key lived, every sweep would have failed.
#[test]
fn bytes_that_are_not_utf8_are_reported_as_bad_values_not_fatal() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 5 C1 --hold 1s");
    env.ok("reserve --showtime 24 --user 7 A1");
    std::thread::sleep(Duration::from_millis(1200));
    let mut con = env.con();
    let set = |con: &mut redis::Connection, k: &[u8], v: &[u8]| {
        redis::cmd("SET")
            .arg(k)
            .arg(v)
            .arg("PX")
            .arg(60_000)
            .query::<()>(con)
            .unwrap()
    };
    // user 5's overdue hold now has a lock that is not UTF-8; a lock key with such a name; user
    // 7's reservation key holding such a value.
    set(&mut con, b"seat_lock:24:C1", b"\xff5");
    set(&mut con, b"seat_lock:24:\xfe", b"7");
    set(&mut con, b"seat_reservation_24_7", b"\x80");
    let v = env.json("inspect 24");
    let kinds: Vec<&str> = v["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"bad_value"), "{v}");
    let t = env.json("ttl --showtime 24 --user 7");
    assert_eq!(t["booking_id"], 2, "{t}");
    // A lock that isn't UTF-8 is still a lock: someone else's, never "unlocked". ttl names it,
    // a late confirm for user 5 is refused with a refund, and a forced release clears it.
    let (_, stderr) = env.fails(3, "ttl --showtime 24 --seat C1");
    assert!(stderr.contains("which is not a user id; see"), "{stderr}");
    let e = env.json_err(3, "confirm --showtime 24 --user 5 --payment-id pay_late_5");
    assert_eq!(e["refund_required"], true, "{e}");
    assert_eq!(env.booking_status(1), "PENDING");
    // A lock that holds something other than a user id: named as such, not as bad input.
    set(&mut con, b"seat_lock:24:B5", b"legacy_user");
    let (_, stderr) = env.fails(3, "ttl --showtime 24 --seat B5");
    assert!(stderr.contains("which is not a user id"), "{stderr}");
    let s = env.json("sweep");
    assert_eq!(s["expired"], 1, "{s}");
    assert_eq!(env.booking_status(1), "EXPIRED");
    env.fails(6, "inspect 24 --check");
}

/// Issue 7: a hold edits the whole-showtime index values as bytes, without decoding them. On
/// any JSON array of seat ids, however it is spelled (compact as we write it, spaced as Python
/// writes it, with escaped characters, with duplicates), the result must read as exactly what
/// decoding would give: the held-seats index gains the seats, the free-seat cache loses them.
/// Any other valid JSON stays valid; and a reserve never fails because of these values.
#[test]
fn byte_level_index_edits_match_decoding_on_any_spelling() {
    use std::collections::BTreeSet;
    let env = Env::demo();
    let seat = prop::sample::select(vec!["A1", "A2", "A3", "A10", "B1", "J12", "A"]);
    // One element as JSON, sometimes with a character escaped as \u00XX.
    let element = (seat, any::<bool>(), 0usize..3).prop_map(|(s, esc, at)| {
        if esc {
            let at = at.min(s.len() - 1);
            let (a, b) = s.split_at(at);
            let mut c = b.chars();
            let ch = c.next().unwrap();
            format!("\"{a}\\u{:04x}{}\"", ch as u32, c.as_str())
        } else {
            format!("\"{s}\"")
        }
    });
    let array = (
        prop::collection::vec(element, 0..6),
        prop::sample::select(vec![",", ", ", " , "]),
        any::<bool>(),
    )
        .prop_map(|(els, sep, pad)| {
            let (l, r) = if pad { ("[ ", " ]") } else { ("[", "]") };
            format!("{l}{}{r}", els.join(sep))
        });
    let other = prop::sample::select(vec![
        r#"["A2",["A1"],"A3"]"#,
        r#"["A2",["A1","B1"],"A3"]"#,
        r#"["A2",{"A1":1},"A3"]"#,
        r#"[1,"A1"]"#,
        r#"{"A1":"A2"}"#,
        r#""A1""#,
    ])
    .prop_map(String::from);
    let value = prop_oneof![3 => array, 1 => other];
    let requested =
        prop::collection::btree_set(prop::sample::select(vec!["A1", "A2", "A3", "B1"]), 1..4);
    let decode = |raw: &str| -> Option<BTreeSet<String>> {
        serde_json::from_str::<Vec<String>>(raw)
            .ok()
            .map(|v| v.into_iter().collect())
    };
    let mut runner = proptest::test_runner::TestRunner::new(config(64));
    runner
        .run(
            &(value.clone(), value, requested),
            |(index, cache, seats)| {
                let mut con = env.con();
                redis::cmd("FLUSHALL").query::<()>(&mut con).unwrap();
                env.sqlite()
                    .execute_batch("DELETE FROM booking_seats; DELETE FROM bookings;")
                    .unwrap();
                for (k, v) in [
                    ("reserved_seats_24", &index),
                    ("available_seats_24", &cache),
                ] {
                    redis::cmd("SET")
                        .arg(k)
                        .arg(v)
                        .arg("PX")
                        .arg(600_000)
                        .query::<()>(&mut con)
                        .unwrap();
                }
                let mut args = vec!["reserve", "--showtime", "24", "--user", "7"];
                args.extend(seats.iter().copied());
                let out = env.run(&args);
                prop_assert_eq!(out.status.code(), Some(0), "{:?}", out);
                let seats: BTreeSet<String> = seats.iter().map(|s| s.to_string()).collect();
                let index_after = env.get("reserved_seats_24").unwrap_or_default();
                let cache_after = env.get("available_seats_24").unwrap_or_default();
                match decode(&index) {
                    Some(before) => {
                        let want: BTreeSet<String> = before.union(&seats).cloned().collect();
                        prop_assert_eq!(
                            decode(&index_after),
                            Some(want),
                            "{} -> {}",
                            index,
                            index_after
                        );
                    }
                    None => {
                        let valid = serde_json::from_str::<serde_json::Value>(&index).is_ok();
                        prop_assert_eq!(
                            serde_json::from_str::<serde_json::Value>(&index_after).is_ok(),
                            valid,
                            "{} -> {}",
                            index,
                            index_after
                        );
                    }
                }
                match decode(&cache) {
                    Some(before) => {
                        let want: BTreeSet<String> = before.difference(&seats).cloned().collect();
                        prop_assert_eq!(
                            decode(&cache_after),
                            Some(want),
                            "{} -> {}",
                            cache,
                            cache_after
                        );
                    }
                    None => {
                        prop_assert!(
                            serde_json::from_str::<serde_json::Value>(&cache_after).is_ok(),
                            "{} -> {}",
                            cache,
                            cache_after
                        );
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}
