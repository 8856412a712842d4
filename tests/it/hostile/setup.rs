//! Hostile setups: database and Redis URLs, a database from a newer boxoffice, a server that
//! does not speak Redis, a panic.

use super::*;

/// `--db sqlite://…` (or any URL but PostgreSQL's) is not a file path: exit 2, and no
/// `sqlite:` directory. A `postgres://` URL is PostgreSQL (tests/it/engines).
#[test]
fn a_database_url_is_refused_and_creates_nothing() {
    let env = Env::bare();
    let cwd = tempfile::tempdir().unwrap();
    for (db, args) in [
        ("sqlite://bob:s3cret@db.example/boxoffice", &["init"][..]),
        ("file://bob:s3cret@db.example/boxoffice", &["bookings"][..]),
        ("sqlite:///var/lib/boxoffice.db", &["init", "--demo"][..]),
        (
            "mysql://h/db",
            &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        ),
    ] {
        for json in [false, true] {
            let mut c = env.cmd();
            c.current_dir(cwd.path()).env("BOXOFFICE_DB", db).args(args);
            if json {
                c.arg("--json");
            }
            let out = c.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{db} {args:?}: {stderr}");
            assert!(
                stderr.contains("URL") && stderr.contains("file path"),
                "{stderr}"
            );
            assert!(stderr.contains("env BOXOFFICE_DB"), "{stderr}");
            assert!(!stderr.contains("s3cret"), "{stderr}");
            if json {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(v["error"]["kind"], "invalid");
            }
        }
        let out = env
            .cmd()
            .current_dir(cwd.path())
            .args(["--db", db, "bookings"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("flag --db"));
    }
    let created: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(created.is_empty(), "created {created:?}");
}

/// A database migrated by a newer boxoffice: exit 2 naming the schema, for every command, and
/// the file is left alone.
#[test]
fn a_database_from_a_newer_boxoffice_is_exit_2_upgrade() {
    let env = Env::demo();
    env.sqlite()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let before = std::fs::read(&env.db).unwrap();
    for args in [
        &["bookings"][..],
        &["init"][..],
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &["inspect", "24"][..],
        &["sweep"][..],
    ] {
        let e = env.json_err(2, args);
        let msg = e["message"].as_str().unwrap();
        assert_eq!(e["kind"], "invalid", "{args:?}");
        assert!(
            msg.contains("written by a newer boxoffice (schema 99")
                && msg.contains("upgrade boxoffice"),
            "{args:?}: {msg}"
        );
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert!(env.locks().is_empty());
}

/// A Redis database number the server does not have is the URL's fault: exit 2, not 5.
#[test]
fn a_redis_db_out_of_range_is_exit_2() {
    let env = Env::demo();
    let url = format!("redis://127.0.0.1:{}/99", env.redis.port);
    for args in [
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &["inspect", "24"][..],
    ] {
        let mut a = vec!["--redis-url", url.as_str()];
        a.extend_from_slice(args);
        let e = env.json_err(2, &a);
        let msg = e["message"].as_str().unwrap();
        assert_eq!(e["kind"], "invalid");
        assert!(msg.contains("/99") && msg.contains("out of range"), "{msg}");
    }
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
}

/// A bad URL's error is whole (it used to stop after 40 characters, mid-word), names where
/// the URL came from, and `config` marks it and exits 2.
#[test]
fn a_bad_redis_url_is_explained_whole_and_config_flags_it() {
    let env = Env::demo();
    let url = "redis://:s3cret@127.0.0.1:6390/notanumber";
    let (_, stderr) = env.fails(
        2,
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "--redis-url",
            url,
        ],
    );
    assert!(
        stderr.contains("Invalid database number; expected redis://"),
        "{stderr}"
    );
    assert!(stderr.contains("(from flag --redis-url)"), "{stderr}");
    assert!(
        !stderr.contains("s3cret") && !stderr.contains('…'),
        "{stderr}"
    );
    let out = env
        .cmd()
        .env("REDIS_URL", url)
        .arg("config")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        stdout.contains("(INVALID)") && !stdout.contains("s3cret"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("(from env REDIS_URL)"));
    let out = env
        .cmd()
        .env("REDIS_URL", url)
        .args(["config", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "invalid");
    assert!(v["settings"]["redis_url"]["invalid"].is_string(), "{v}");
    assert_eq!(v["settings"]["redis_url"]["source"], "env");
    assert!(!v.to_string().contains("s3cret"));
}

/// Something that is not Redis (here an HTTP server) at the URL's address: exit 5, said in
/// words, without the parser's internals.
#[test]
fn a_server_that_does_not_speak_redis_is_named_as_such() {
    let env = Env::demo();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { break };
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf);
                let _ = s.write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            });
        }
    });
    let url = format!("redis://127.0.0.1:{port}/0");
    for args in [
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &["inspect", "24"][..],
        &["sweep"][..],
    ] {
        let mut a = vec!["--redis-url", url.as_str()];
        a.extend_from_slice(args);
        let e = env.json_err(5, &a);
        let msg = e["message"].as_str().unwrap();
        assert_eq!(e["service"], "redis");
        assert!(msg.contains("did not answer as Redis"), "{args:?}: {msg}");
        for internals in ["Parse", "parse", "expected", "HTTP"] {
            assert!(!msg.contains(internals), "{args:?}: {msg}");
        }
    }
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
}

/// A panic (a bug, stood in for by a failpoint) is exit 1 with one `error: internal error (a
/// bug)` line, as documented, not Rust's exit 101 and its "thread main panicked" text.
#[test]
fn a_panic_is_exit_1_with_a_one_line_error() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1");
    let id = r["booking_id"].as_i64().unwrap().to_string();
    for json in [false, true] {
        let mut c = env.cmd();
        c.env("BOXOFFICE_FAILPOINT", "confirm-before-sqlite:panic")
            .args(["confirm", "--booking", &id, "--payment-id", "pay_1"]);
        if json {
            c.arg("--json");
        }
        let out = c.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.starts_with("error: internal error (a bug): "),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        if json {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["error"]["kind"], "internal", "{v}");
        }
    }
    assert_eq!(env.booking_status(id.parse().unwrap()), "PENDING");
}

/// A database whose next migration fails (a table of it already made by hand): one line naming
/// the database and SQLite's reason, never the migration's SQL, exit 1; the schema stays as it
/// was.
#[test]
fn a_migration_that_fails_says_why_in_one_line_without_its_sql() {
    let env = Env::demo();
    let db = env.sqlite();
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    // Back one step, with the last migration's first table still there.
    db.execute_batch(&format!("PRAGMA user_version = {};", version - 1))
        .unwrap();
    drop(db);
    let (_, err) = env.fails(1, "bookings");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("schema could not be brought up to date"),
        "{err}"
    );
    assert!(err.contains("already exists"), "{err}");
    assert!(!err.contains("CREATE"), "{err}");
    let now: i64 = env
        .sqlite()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(now, version - 1);
}
