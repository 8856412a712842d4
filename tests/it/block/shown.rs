//! How blocks are shown: the seat map, `inspect` and `inspect --seat` (with their history),
//! completion, and a hostile reason escaped on the terminal.

use crate::harness::Env;

#[test]
fn the_seat_map_and_inspect_show_blocks_and_reasons() {
    let env = Env::demo();
    let plain = env.ok("inspect 24");
    assert!(
        !plain.contains("blocked") && !plain.contains('#'),
        "{plain}"
    );
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "broken seat"]);
    env.ok(&[
        "block",
        "--showtime",
        "24",
        "H1-H2",
        "--reason",
        "wheelchair space",
    ]);
    let text = env.ok("inspect 24");
    let row_f = text.lines().find(|l| l.starts_with("F ")).unwrap();
    assert_eq!(row_f.split_whitespace().nth(7), Some("#"), "{text}");
    assert!(text.contains("   # blocked"), "{text}");
    assert!(
        text.contains("Counts: 117 free, 0 held, 0 sold, 3 blocked"),
        "{text}"
    );
    assert!(
        text.contains("Blocked: F7 (broken seat); H1, H2 (wheelchair space)"),
        "{text}"
    );
    assert!(text.contains("No anomalies"), "{text}");
    let j = env.json("inspect 24");
    assert_eq!(j["counts"]["blocked"], 3);
    let f7 = j["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["seat"] == "F7")
        .unwrap();
    assert_eq!(
        (&f7["state"], &f7["reason"]),
        (&"blocked".into(), &"broken seat".into())
    );
    // One seat: its state, reason and every block/unblock/override with operator and reason.
    env.ok(&["unblock", "--showtime", "24", "F7", "--reason", "repaired"]);
    env.ok(&["block", "--showtime", "24", "F7", "--reason", "house seats"]);
    env.ok("reserve --showtime 24 --user 7 F7 --force --yes");
    env.ok(&["unblock", "--showtime", "24", "H1"]);
    let seat = env.ok("inspect 24 --seat H2");
    assert!(
        seat.contains("Seat H2 on showtime 24: blocked: wheelchair space"),
        "{seat}"
    );
    assert!(
        seat.contains("block booking - user - by tester (block): wheelchair space"),
        "{seat}"
    );
    let seat = env.ok("inspect 24 --seat F7");
    for want in [
        "block_override (forced) booking 1 user 7 by tester (reserve) (was blocked: house seats)",
        "block booking - user - by tester (block): house seats",
        "unblock booking - user - by tester (unblock): repaired (was blocked: broken seat)",
        "block booking - user - by tester (block): broken seat",
    ] {
        assert!(seat.contains(want), "{want}\n{seat}");
    }
    let j = env.json("inspect 24 --seat F7");
    let actions: Vec<&str> = j["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["block_override", "reserve", "block", "unblock", "block"]
    );
}

/// A reason is kept exactly as typed (and exact in --json), and escaped on the terminal.
#[test]
fn a_hostile_reason_is_escaped_on_the_terminal_and_exact_in_json() {
    let env = Env::demo();
    let reason = "broken \u{202e}taes";
    let out = env.ok(&["block", "--showtime", "24", "F7", "--reason", reason]);
    assert_eq!(out, "Blocked F7 on showtime 24: broken \\u{202e}taes.\n");
    let (_, stderr) = env.fails(3, "reserve --showtime 24 --user 7 F7");
    assert!(stderr.contains("blocked: broken \\u{202e}taes") && !stderr.contains('\u{202e}'));
    let map = env.ok("inspect 24");
    assert!(
        map.contains("F7 (broken \\u{202e}taes)") && !map.contains('\u{202e}'),
        "{map}"
    );
    let j = env.json("inspect 24 --seat F7");
    assert_eq!(j["state"]["reason"], reason);
    // Control characters never get in.
    env.fails(
        2,
        &["block", "--showtime", "24", "F8", "--reason", "a\u{1b}[2J"],
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM seat_blocks"), 1);
}

/// `reserve`'s seat completion leaves blocked seats out; `inspect --seat` says why they are.
#[test]
fn completion_leaves_blocked_seats_out_of_reserve_and_says_why() {
    let env = Env::demo();
    env.ok(&[
        "block",
        "--showtime",
        "24",
        "A11",
        "--reason",
        "house seats",
    ]);
    let complete = |words: &[&str]| -> Vec<String> {
        let out = env
            .cmd()
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("boxoffice")
            .args(words)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    };
    let seats = complete(&["reserve", "--showtime", "24", "--user", "8", "A1"]);
    let ids: Vec<&str> = seats
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["A1", "A10", "A12"], "{seats:?}");
    let seats = complete(&["inspect", "24", "--seat", "A11"]);
    assert_eq!(seats, ["A11\tblocked: house seats"]);
}
