//! `refunds`: the money owed back (from cancels and refused late payments), oldest first, as a
//! table, JSON or CSV; and `refunds settle`, which records the provider's refund id once.

use std::time::Duration;

use serde_json::Value;

use crate::harness::{Env, strs};

/// Sells A1-A2 to user 7 and cancels A2: one refund owed, for booking 1.
fn one_owed(env: &Env) -> i64 {
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    env.ok(&[
        "cancel",
        "--booking",
        &id.to_string(),
        "--seat",
        "A2",
        "--reason",
        "returned",
        "-y",
    ]);
    id
}

#[test]
fn a_late_payment_refused_is_recorded_once_and_listed_after_older_refunds() {
    let env = Env::demo();
    let first = one_owed(&env);
    let r = env.json("reserve --showtime 24 --user 8 B1 B2 --hold 1s");
    let late = r["booking_id"].as_i64().unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("reserve --showtime 24 --user 9 B2");
    // Refused, as before; now also owed back, and a retry records nothing more.
    for _ in 0..2 {
        let e = env.json_err(
            3,
            &format!("confirm --booking {late} --payment-id pay_late"),
        );
        assert_eq!(e["refund_required"], true);
    }
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE source = 'late_payment'"),
        1
    );
    // The same refusal decided in SQLite (the hold expired by the sweep first) also records it.
    let list = env.json("refunds");
    let rows = list["refunds"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["booking_id"], first);
    assert_eq!(rows[1]["booking_id"], late);
    assert_eq!(rows[1]["payment_id"], "pay_late");
    assert_eq!(rows[1]["source"], "late_payment");
    assert_eq!(strs(&rows[1]["seats"]), ["B1", "B2"]);
    let reason = rows[1]["reason"].as_str().unwrap();
    assert!(reason.contains("went to someone else"), "{reason}");
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM audit WHERE action = 'refund_owed' AND booking_id = {late}"
        )),
        1
    );
    // The human table names both.
    let out = env.ok("refunds");
    assert!(
        out.contains("pay_late") && out.contains("late_payment"),
        "{out}"
    );
}

#[test]
fn a_late_payment_refused_inside_the_transaction_is_recorded_with_the_refusal() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 8 B1 --hold 1s");
    let late = r["booking_id"].as_i64().unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("sweep");
    // Redis forgot the new holder's lock: only SQLite's fence knows B1 is taken.
    env.ok("reserve --showtime 24 --user 9 B1");
    redis::cmd("FLUSHALL").query::<()>(&mut env.con()).unwrap();
    let e = env.json_err(
        3,
        &format!("confirm --booking {late} --payment-id pay_late"),
    );
    assert_eq!(e["refund_required"], true);
    env.fails(
        3,
        &format!("confirm --booking {late} --payment-id pay_late"),
    );
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM refunds WHERE source = 'late_payment' AND payment_id = 'pay_late'"
        ),
        1
    );
    assert_eq!(env.booking_status(late), "EXPIRED");
}

#[test]
fn settle_records_the_refund_id_once() {
    let env = Env::demo();
    let id = one_owed(&env);
    let s = env.json(&format!(
        "refunds settle --booking {id} --refund-id rfnd_9Xz"
    ));
    assert_eq!(s["already_settled"], false);
    assert_eq!(s["refund"]["refund_id"], "rfnd_9Xz");
    let row: (String, Option<i64>) = env
        .sqlite()
        .query_row("SELECT refund_id, settled_at_ms FROM refunds", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(row.0, "rfnd_9Xz");
    assert!(row.1.is_some());
    // Owed no more; --all shows it settled.
    assert!(
        env.json("refunds")["refunds"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let all = env.json("refunds --all");
    assert_eq!(all["refunds"][0]["refund_id"], "rfnd_9Xz");

    // The same id again: exit 0, already; another id: exit 3; nothing changes.
    let before = env.db_state();
    let audits = env.count("SELECT COUNT(*) FROM audit");
    let again = env.json(&format!(
        "refunds settle --booking {id} --refund-id rfnd_9Xz"
    ));
    assert_eq!(again["already_settled"], true);
    let (_, err) = env.fails(
        3,
        &format!("refunds settle --booking {id} --refund-id rfnd_other"),
    );
    assert!(err.contains("settled already"), "{err}");
    assert_eq!(env.db_state(), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM audit"), audits);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE refund_id = 'rfnd_9Xz'"),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'refund_settled'"),
        1
    );
    // No refund at all, no booking, a bad id.
    env.ok("reserve --showtime 24 --user 5 C1");
    env.fails(4, "refunds settle --booking 2 --refund-id rfnd_1");
    env.fails(4, "refunds settle --booking 99 --refund-id rfnd_1");
    env.fails(
        2,
        &[
            "refunds",
            "settle",
            "--booking",
            "1",
            "--refund-id",
            "bad id",
        ],
    );
}

#[test]
fn several_owed_need_naming_and_one_refund_id_settles_one_refund() {
    let env = Env::demo();
    let id = one_owed(&env);
    env.ok(&[
        "cancel",
        "--booking",
        &id.to_string(),
        "--reason",
        "rest",
        "-y",
    ]);
    env.fails(
        2,
        &format!("refunds settle --booking {id} --refund-id rfnd_a"),
    );
    env.ok("refunds settle --refund 1 --refund-id rfnd_a");
    // A provider id settles one refund only.
    env.fails(3, "refunds settle --refund 2 --refund-id rfnd_a");
    // Now one is owed: --booking finds it.
    let s = env.json(&format!("refunds settle --booking {id} --refund-id rfnd_b"));
    assert_eq!(s["refund"]["id"], 2);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM refunds WHERE refund_id IS NULL"),
        0
    );
}

#[test]
fn csv_for_the_accountant() {
    let env = Env::demo();
    one_owed(&env);
    let out = env.ok("refunds --csv");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "refund,booking_id,showtime_id,payment_id,seats,amount_cents,currency,source,reason,operator,created_at,settled_at,refund_id"
    );
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with("1,1,24,pay_1,A2,,,cancel,returned,tester,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(",,"), "{}", lines[1]);
    env.fails(2, "refunds --csv --json");
    // A reason a spreadsheet would run as a formula is defused.
    let r = env.json("reserve --showtime 24 --user 8 B1");
    let id = r["booking_id"].as_i64().unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_2"));
    env.ok(&[
        "cancel",
        "--booking",
        &id.to_string(),
        "--reason",
        "=HYPERLINK(\"x\")",
        "-y",
    ]);
    let out = env.ok("refunds --csv");
    assert!(out.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{out}");
    let v: Value = env.json("refunds");
    assert_eq!(v["refunds"][1]["reason"], "=HYPERLINK(\"x\")");
}
