//! Reserve, confirm, release, extend, sweep, inspect and the fence, on both engines.

use crate::harness::{Engine, Env};
use crate::on_both;

on_both!(
    a_hold_is_recorded_and_confirmed,
    a_release_frees_the_seat_for_the_next_customer,
    the_database_refuses_a_second_claim_on_a_seat_whatever_redis_says,
    sweep_expires_an_overdue_hold_and_frees_its_seats,
    inspect_and_status_read_the_database,
);

fn a_hold_is_recorded_and_confirmed(engine: Engine) {
    let env = Env::demo_on(engine);
    let v = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = v["booking_id"].as_i64().expect("booking id");
    assert_eq!(env.booking_status(id), "PENDING");
    assert_eq!(
        env.rows(&format!(
            "SELECT seat_id, live FROM booking_seats WHERE booking_id = {id} ORDER BY seat_id"
        )),
        [["A1", "1"], ["A2", "1"]]
    );
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert_eq!(
        env.rows(&format!("SELECT payment_id FROM bookings WHERE id = {id}")),
        [["pay_1"]]
    );
    // The audit names both events, and each seat (the trigger's rows).
    assert_eq!(
        env.rows(&format!(
            "SELECT action FROM audit WHERE booking_id = {id} ORDER BY id"
        )),
        [["reserve"], ["confirm"]]
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit_seats WHERE seat_id = 'A1'"),
        2
    );
}

fn a_release_frees_the_seat_for_the_next_customer(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1 A2")["booking_id"]
        .as_i64()
        .unwrap();
    env.fails(3, "reserve --showtime 24 --user 8 A2");
    env.ok("release --showtime 24 --user 7 --seat A2");
    assert_eq!(
        env.rows(&format!(
            "SELECT seat_id, live FROM booking_seats WHERE booking_id = {id} ORDER BY seat_id"
        )),
        [["A1", "1"], ["A2", "NULL"]]
    );
    let other = env.json("reserve --showtime 24 --user 8 A2")["booking_id"]
        .as_i64()
        .unwrap();
    assert_ne!(other, id);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE seat_id = 'A2' AND live = 1"),
        1
    );
}

/// Redis forgets every hold (flushed), so only the database stands between a second customer
/// and a sold seat: its partial unique index refuses the claim, and the seat stays sold once.
fn the_database_refuses_a_second_claim_on_a_seat_whatever_redis_says(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    env.ok(&format!("confirm --booking {id} --payment-id pay_1"));
    let _: () = redis::cmd("FLUSHALL").query(&mut env.con()).unwrap();
    let out = env.run("reserve --showtime 24 --user 8 A1");
    assert_ne!(out.status.code(), Some(0), "a sold seat was sold again");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM booking_seats WHERE seat_id = 'A1' AND live = 1"),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'CONFIRMED'"),
        1
    );
}

fn sweep_expires_an_overdue_hold_and_frees_its_seats(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1 --hold 1s")["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    env.ok("sweep");
    assert_eq!(env.booking_status(id), "EXPIRED");
    assert_eq!(
        env.rows(&format!(
            "SELECT live FROM booking_seats WHERE booking_id = {id}"
        )),
        [["NULL"]]
    );
    env.ok("reserve --showtime 24 --user 8 A1");
}

fn inspect_and_status_read_the_database(engine: Engine) {
    let env = Env::demo_on(engine);
    env.ok("reserve --showtime 24 --user 7 B3");
    let v = env.json("inspect 24");
    let text = v.to_string();
    assert!(text.contains("B3"), "{text}");
    let out = env.ok("showtime list");
    assert!(out.contains("Avengers"), "{out}");
}

on_both!(the_fence_refuses_a_second_live_claim_written_by_hand);

/// Past boxoffice altogether: a second live claim on a sold seat, inserted by hand, is refused
/// by the database's own index.
fn the_fence_refuses_a_second_live_claim_written_by_hand(engine: Engine) {
    let env = Env::demo_on(engine);
    let id = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    let other = env.json("reserve --showtime 24 --user 8 A2")["booking_id"]
        .as_i64()
        .unwrap();
    let err = env
        .exec(&format!(
            "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live)
             VALUES ({other}, 24, 'A1', 1)"
        ))
        .expect_err("a second live claim was accepted");
    assert!(err.to_lowercase().contains("unique"), "{err}");
    assert_eq!(
        env.rows("SELECT booking_id FROM booking_seats WHERE seat_id = 'A1' AND live = 1"),
        [[id.to_string()]]
    );
}

/// Several counters at once on one PostgreSQL: fifty processes reserve overlapping pairs of
/// five seats at the same moment. Each seat goes to one of them, the rest are refused (exit 3),
/// no conflict or busy database reaches anyone (no exit 5), and the database holds one live
/// claim per seat.
#[test]
fn fifty_counters_racing_on_postgres_sell_each_seat_once() {
    let env = Env::demo_on(Engine::Postgres);
    let children: Vec<_> = (0..50)
        .map(|u| {
            let first = 1 + u % 4;
            env.process()
                .args(["reserve", "--showtime", "24", "--user", &format!("u{u}")])
                .args([format!("C{first}"), format!("C{}", first + 1)])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outcomes: Vec<(i32, String)> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            (out.status.code().unwrap_or(-1), err)
        })
        .collect();
    for (code, err) in &outcomes {
        assert!(*code == 0 || *code == 3, "exit {code}: {err}");
    }
    let won = outcomes.iter().filter(|(c, _)| *c == 0).count();
    assert!(
        (1..=2).contains(&won),
        "{won} winners of five seats in pairs"
    );
    let claims =
        env.rows("SELECT seat_id, COUNT(*) FROM booking_seats WHERE live = 1 GROUP BY seat_id");
    assert!(claims.iter().all(|r| r[1] == "1"), "{claims:?}");
    assert_eq!(claims.len(), won * 2, "{claims:?}");
    assert!(crate::checks::double_claims(&env).is_empty());
}

#[test]
fn config_and_errors_show_the_postgres_url_with_its_password_masked() {
    let env = Env::demo_on(Engine::Postgres);
    let pw = crate::pg_server::ROLE_PASSWORD;
    let out = env.ok("config");
    assert!(out.contains("postgres://boxoffice:***@127.0.0.1:"), "{out}");
    assert!(out.contains("postgres"), "{out}");
    assert!(!out.contains(pw), "{out}");
    let v = env.json("config");
    assert_eq!(v["settings"]["db_engine"]["value"], "postgres");
    let doctor = env.run("doctor");
    let shown = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        shown.contains("PostgreSQL at postgres://boxoffice:***@"),
        "{shown}"
    );
    assert!(shown.contains("11 of 11"), "{shown}");
    assert!(shown.contains("synchronous_commit"), "{shown}");
    assert!(!shown.contains(pw), "{shown}");
    // A server that is not there: exit 5, named, masked.
    let (server, _) = env.pg.as_ref().unwrap();
    let dead = format!("postgres://boxoffice:{pw}@127.0.0.1:1/nothere?sslmode=disable");
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &dead)
        .args(["showtime", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains("cannot reach PostgreSQL at postgres://boxoffice:***@127.0.0.1:1/nothere"),
        "{err}"
    );
    assert!(!err.contains(pw), "{err}");
    // A database with no schema: run init, which never creates the database itself.
    let empty = server.create_database();
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", server.url(&empty))
        .args(["showtime", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("no boxoffice schema in postgres://boxoffice:***@"),
        "{err}"
    );
    assert!(err.contains("run `boxoffice init` first"), "{err}");
    let missing = server.url("no_such_db");
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &missing)
        .arg("init")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!err.contains(pw), "{err}");
    // TLS required of a server without it (rustls is asked, the server says no): exit 5.
    let tls = format!(
        "postgres://boxoffice:{pw}@127.0.0.1:{}/{empty}?sslmode=require",
        server.port
    );
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &tls)
        .args(["showtime", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains("cannot reach PostgreSQL") && err.contains("TLS"),
        "{err}"
    );
    assert!(!err.contains(pw), "{err}");
    // A wrong password: refused, and the wrong one is not printed either.
    let wrong = format!(
        "postgres://boxoffice:not-it-42@127.0.0.1:{}/{empty}?sslmode=disable",
        server.port
    );
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &wrong)
        .args(["showtime", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(!err.contains("not-it-42"), "{err}");
}

/// `init` twice changes nothing; `init` in a database holding another program's tables
/// refuses (exit 2) and creates nothing.
#[test]
fn init_on_postgres_is_idempotent_and_never_adopts_another_programs_tables() {
    let env = Env::demo_on(Engine::Postgres);
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("init");
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 1);
    assert_eq!(env.rows("SELECT version FROM boxoffice_schema"), [["11"]]);
    let (server, _) = env.pg.as_ref().unwrap();
    let theirs = server.create_database();
    server
        .connect(&theirs)
        .batch_execute("CREATE TABLE invoices (id BIGINT)")
        .unwrap();
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", server.url(&theirs))
        .arg("init")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("another program's tables"), "{err}");
    let tables = server
        .connect(&theirs)
        .query_one(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0);
    assert_eq!(tables, 1, "init created tables beside another program's");
}

/// A database made read-only (`default_transaction_read_only`, as a standby is): a reserve is
/// exit 5 saying so, nothing is written, and no lock is left in Redis.
#[test]
fn a_read_only_postgres_is_exit_5_and_the_reserve_leaves_nothing() {
    let env = Env::demo_on(Engine::Postgres);
    let (server, name) = env.pg.as_ref().unwrap();
    server
        .admin("postgres")
        .batch_execute(&format!(
            "ALTER DATABASE {name} SET default_transaction_read_only = on"
        ))
        .unwrap();
    let (_, err) = env.fails(5, "reserve --showtime 24 --user 7 A1");
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    assert!(env.locks().is_empty(), "{:?}", env.locks());
}

/// A deadlock with another program's transaction (it holds the booking's row, then wants the
/// writers' lock boxoffice holds): the server breaks it by failing boxoffice's transaction
/// (40P01), which boxoffice runs again from the start once the other has committed, so the
/// confirm succeeds and the user never sees the deadlock.
#[test]
fn a_deadlock_with_another_writer_is_retried_and_the_confirm_succeeds() {
    let env = Env::demo_on(Engine::Postgres);
    let id = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    let (server, name) = env.pg.as_ref().unwrap();
    let deadlocks = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
            &[],
        )
        .unwrap()
        .get(0)
    };
    let mut admin = server.admin(name);
    let before = deadlocks(&mut admin);
    let mut other = server.admin(name);
    other
        .batch_execute(&format!(
            "SET deadlock_timeout = '5s'; BEGIN;
             UPDATE bookings SET updated_at_ms = updated_at_ms WHERE id = {id}"
        ))
        .unwrap();
    let confirm = env
        .process()
        .args([
            "confirm",
            "--booking",
            &id.to_string(),
            "--payment-id",
            "pay_dl",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Until boxoffice waits for the row (it holds the writers' lock by then).
    loop {
        let waiting: i64 = admin
            .query_one(
                "SELECT COUNT(*) FROM pg_stat_activity
                  WHERE application_name = 'boxoffice' AND wait_event_type = 'Lock'
                    AND datname = current_database()",
                &[],
            )
            .unwrap()
            .get(0);
        if waiting > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Now the other wants the writers' lock: a cycle, which the server breaks.
    let locked = other.batch_execute("SELECT pg_advisory_xact_lock(108230901458534)");
    let _ = other.batch_execute(if locked.is_ok() { "COMMIT" } else { "ROLLBACK" });
    let out = confirm.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // The server counts the deadlock when the broken-off backend reports its statistics.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while deadlocks(&mut admin) == before && std::time::Instant::now() < deadline {
        admin
            .batch_execute("SELECT pg_stat_clear_snapshot()")
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        deadlocks(&mut admin) > before,
        "no deadlock happened: the test set up nothing ({locked:?}; {err})"
    );
    assert!(
        locked.is_ok(),
        "the other program's transaction was the one broken off"
    );
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert!(!err.contains("deadlock"), "{err}");
}

/// PostgreSQL stopped between two sales (a crash, as far as clients can tell): the reserve is
/// exit 5 "nothing was changed" naming the masked URL, its Redis locks are given back, and
/// once the server is back the same reserve goes through; the first sale is still there.
#[test]
fn postgres_down_is_exit_5_nothing_changed_and_back_up_everything_works() {
    let mut pg = crate::pg_server::PgServer::start();
    let name = pg.create_database();
    let url = pg.url(&name);
    let env = Env::bare_on(Engine::Sqlite);
    let run = |args: &str| {
        env.cmd()
            .env("BOXOFFICE_DB", &url)
            .args(args.split_whitespace())
            .output()
            .unwrap()
    };
    assert!(run("init --demo").status.success());
    assert!(run("reserve --showtime 24 --user 7 A1").status.success());
    pg.stop();
    let out = run("reserve --showtime 24 --user 8 A2");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains("cannot reach PostgreSQL at postgres://boxoffice:***@"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(!err.contains(crate::pg_server::ROLE_PASSWORD), "{err}");
    assert_eq!(
        env.get("seat_lock:24:A2"),
        None,
        "the failed reserve kept its lock"
    );
    pg.restart();
    let out = run("reserve --showtime 24 --user 8 A2");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<(String, String)> = pg
        .connect(&name)
        .query("SELECT user_id, status FROM bookings ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        rows,
        [
            ("7".into(), "PENDING".into()),
            ("8".into(), "PENDING".into())
        ]
    );
}

/// Another writer holds the writers' lock past the wait (`lock_timeout`, 10 s): the reserve is
/// exit 5 "busy … nothing was changed", as on SQLite, and writes nothing.
#[test]
fn a_writer_holding_the_lock_too_long_is_exit_5_busy_and_nothing_is_written() {
    let env = Env::demo_on(Engine::Postgres);
    let (server, name) = env.pg.as_ref().unwrap();
    let mut other = server.admin(name);
    other
        .batch_execute("BEGIN; SELECT pg_advisory_xact_lock(108230901458534)")
        .unwrap();
    let (_, err) = env.fails(5, "reserve --showtime 24 --user 7 A1");
    assert!(err.contains("is busy"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    other.batch_execute("ROLLBACK").unwrap();
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    assert_eq!(env.get("seat_lock:24:A1"), None);
    env.ok("reserve --showtime 24 --user 7 A1");
}
