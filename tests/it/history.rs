//! `boxoffice history`: the audit trail read back, filtered, against a seeded trail and the
//! audit table itself.

use serde_json::Value;

use crate::harness::Env;

/// A day at the counter on showtime 24: user 7 holds A5 A6, gives A6 back, pays; user 8 takes
/// A6; staff (maria) blocks B1 and cancels 7's sale; user 9 holds A5 on showtime 25.
fn seeded() -> Env {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A5 A6");
    env.ok("release --showtime 24 --user 7 --seat A6");
    env.ok("confirm --showtime 24 --user 7 --payment-id pay_7");
    env.ok("reserve --showtime 24 --user 8 A6");
    let staff = |args: &[&str]| {
        let out = env
            .cmd()
            .env("BOXOFFICE_OPERATOR", "maria")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    staff(&["block", "--showtime", "24", "B1", "--reason", "broken seat"]);
    staff(&[
        "cancel",
        "--booking",
        "1",
        "--reason",
        "customer returned",
        "--yes",
    ]);
    env.ok("showtime add --movie Dune --starts 2099-12-01T21:00:00Z --rows A-B --seats-per-row 6 --id 25");
    env.ok("reserve --showtime 25 --user 9 A5");
    env
}

/// The ids of the audit rows naming `seat` of `showtime`, by the audit table's own JSON.
fn naming(env: &Env, showtime: i64, seat: &str) -> Vec<i64> {
    let db = env.sqlite();
    let mut st = db
        .prepare(
            "SELECT DISTINCT a.id FROM audit a, json_each(a.seats) j
              WHERE a.showtime_id = ?1 AND j.value = ?2 ORDER BY a.id",
        )
        .unwrap();
    st.query_map(rusqlite::params![showtime, seat], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn ids(v: &Value) -> Vec<i64> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

fn actions(v: &Value) -> Vec<String> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn history_of_a_seat_is_every_event_naming_it_oldest_first() {
    let env = seeded();
    let v = env.json("history --showtime 24 --seat A6");
    assert_eq!(ids(&v), naming(&env, 24, "A6"));
    assert_eq!(actions(&v), ["reserve", "release", "reserve"]);
    assert_eq!(v["events"][2]["user"], "8");
    assert_eq!(v["truncated"], false);
    // A5 of showtime 24 is not A5 of showtime 25.
    let v = env.json("history --showtime 24 --seat A5");
    assert_eq!(ids(&v), naming(&env, 24, "A5"));
    // The refund is written before the cancel, in the cancel's transaction.
    assert_eq!(actions(&v), ["reserve", "confirm", "refund_owed", "cancel"]);
    assert_eq!(
        actions(&env.json("history --showtime 25 --seat A5")),
        ["reserve"]
    );
    // On a terminal: one row each, with who and why.
    let out = env.ok("history --showtime 24 --seat A5");
    assert!(out.contains("reason=customer returned"), "{out}");
    assert!(out.contains("maria"), "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("| 20")).collect();
    assert_eq!(rows.len(), 4, "{out}");
}

#[test]
fn filters_combine_and_each_matches_the_audit_table() {
    let env = seeded();
    let by = |sql: &str| -> Vec<i64> {
        let db = env.sqlite();
        let mut st = db.prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        ids(&env.json("history --booking 1")),
        by("SELECT id FROM audit WHERE booking_id = 1 ORDER BY id")
    );
    assert_eq!(
        ids(&env.json("history --user 7")),
        by("SELECT id FROM audit WHERE user_id = '7' ORDER BY id")
    );
    assert_eq!(
        ids(&env.json("history --operator maria")),
        by("SELECT id FROM audit WHERE operator = 'maria' ORDER BY id")
    );
    assert_eq!(
        ids(&env.json("history --operator maria --showtime 24 --user 7")),
        by("SELECT id FROM audit WHERE operator = 'maria' AND user_id = '7' ORDER BY id")
    );
    assert_eq!(
        ids(&env.json("history --showtime 25")),
        by("SELECT id FROM audit WHERE showtime_id = 25 ORDER BY id")
    );
    // Time: everything is from the last minute; nothing from before an hour ago ended.
    let all = by("SELECT id FROM audit ORDER BY id");
    assert_eq!(ids(&env.json("history --since 1m")), all);
    assert!(ids(&env.json("history --since 2h --until 1h")).is_empty());
    assert!(ids(&env.json("history --user 7 --since 2099-01-01T00:00:00Z")).is_empty());
}

#[test]
fn a_limit_keeps_the_latest_events_and_says_older_ones_were_left_out() {
    let env = seeded();
    let all = ids(&env.json("history --showtime 24"));
    let out = env
        .cmd()
        .args(["history", "--showtime", "24", "--limit", "2", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&v), all[all.len() - 2..]);
    assert_eq!(v["truncated"], true);
    assert!(String::from_utf8_lossy(&out.stderr).contains("older ones left out"));
}

#[test]
fn history_csv_reads_back_with_a_csv_reader() {
    let env = seeded();
    let text = env.ok("history --showtime 24 --csv");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "id",
            "at",
            "at_ms",
            "action",
            "showtime_id",
            "booking_id",
            "user",
            "seats",
            "operator",
            "command",
            "forced",
            "detail"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len() as i64,
        env.count("SELECT COUNT(*) FROM audit WHERE showtime_id = 24")
    );
    let cancel = rows.iter().find(|r| &r[3] == "cancel").unwrap();
    assert_eq!(&cancel[8], "maria");
    let detail: Value = serde_json::from_str(&cancel[11]).unwrap();
    assert_eq!(detail["reason"], "customer returned");
}

#[test]
fn history_needs_a_filter_and_refuses_bad_ones_with_exit_2() {
    let env = seeded();
    for args in [
        "history",
        "history --seat A5",
        "history --showtime 24 --seat Z",
        "history --user 7 --since soon",
        "history --user 7 --since 1h --until 2h",
        "history --user 7 --limit 0",
        "history --user 7 --csv --json",
    ] {
        let (out, err) = env.fails(2, args);
        assert!(
            out.is_empty() || out.contains("\"invalid\""),
            "{args}: {out}"
        );
        assert!(err.contains("error:"), "{args}: {err}");
    }
}

#[test]
fn history_reads_sqlite_only_and_works_while_redis_is_down() {
    let mut env = seeded();
    env.redis.stop();
    let v = env.json("history --showtime 24 --seat A6");
    assert_eq!(actions(&v), ["reserve", "release", "reserve"]);
}

#[test]
fn every_event_names_its_seats_in_the_index_the_history_reads() {
    let env = seeded();
    let indexed = env.count("SELECT COUNT(*) FROM audit_seats");
    let named = env.count(
        "SELECT COUNT(*) FROM audit a, json_each(a.seats) j WHERE a.showtime_id IS NOT NULL",
    );
    assert!(indexed > 0);
    assert_eq!(indexed, named);
}

#[test]
fn hostile_text_in_the_audit_table_is_escaped_on_the_terminal_and_exact_in_json() {
    let env = seeded();
    env.sqlite()
        .execute(
            "INSERT INTO audit (at_ms, showtime_id, seats, action, command, operator, detail)
             VALUES (1, 24, '[\"A5\"]', 'block', 'block', ?1, ?2)",
            rusqlite::params!["mall\u{1b}[2Jory", r#"{"reason":"x\u202ey"}"#],
        )
        .unwrap();
    let out = env.ok("history --showtime 24 --seat A5");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(!out.contains('\u{202e}'), "{out:?}");
    let v = env.json("history --showtime 24 --seat A5");
    // The latest written, whatever its clock said.
    let last = v["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["operator"], "mall\u{1b}[2Jory");
    assert_eq!(last["detail"]["reason"], "x\u{202e}y");
}
