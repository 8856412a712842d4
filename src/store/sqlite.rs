//! The SQLite engine: how a file is opened (WAL, `synchronous=FULL`, private file modes, a busy
//! handler), which schema it must hold (the migrations), and how its errors are worded.
//! Everything here is the same for every command; the statements themselves are in the sibling
//! files.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::{M, Migrations};

use crate::error::Error;

/// The schema, oldest first. A change of schema is a new numbered file, never an edit of an old
/// one: `PRAGMA user_version` counts the ones a database has had.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_showtimes_by_start.sql")),
    M::up(include_str!("migrations/003_blocks.sql")),
    M::up(include_str!("migrations/004_refunds.sql")),
    M::up(include_str!("migrations/005_showtime_cancel.sql")),
    M::up(include_str!("migrations/006_halls.sql")),
    M::up(include_str!("migrations/007_move_refunds.sql")),
    M::up(include_str!("migrations/008_seat_plans.sql")),
    M::up(include_str!("migrations/009_orders.sql")),
    M::up(include_str!("migrations/010_payment_events.sql")),
    M::up(include_str!("migrations/011_audit_seats.sql")),
];

/// How long a command waits for another writer before giving up with exit 5.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

thread_local! {
    /// When the current wait for the write lock began (the busy handler's first call).
    static WAITING_SINCE: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// The busy handler: called by SQLite with the number of earlier calls for this lock wait;
/// returns whether to try again. SQLite's own `busy_timeout` backs off to 100 ms sleeps, so
/// under many writers an old waiter keeps losing the lock to newcomers that poll every
/// millisecond, and waits past the timeout while the queue moves (seen with 50 processes on a
/// 2-core CI machine). Short, jittered sleeps keep the wait close to first come, first served,
/// at the cost of a few more lock attempts while waiting.
fn wait_for_writer(attempt: i32) -> bool {
    let now = std::time::Instant::now();
    let since = WAITING_SINCE.with(|w| {
        if attempt == 0 || w.get().is_none() {
            w.set(Some(now));
        }
        w.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_TIMEOUT {
        return false;
    }
    // 0.5-2.5 ms, jittered by the clock so that waiters don't wake in step.
    let jitter = u64::from(now.duration_since(since).subsec_nanos() % 2_000_000);
    std::thread::sleep(Duration::from_nanos(500_000 + jitter));
    true
}

/// How an open database is set up, for `boxoffice doctor`: its schema version (and the newest
/// this binary knows), its journal mode and this connection's `synchronous` level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub schema: i64,
    pub latest_schema: i64,
    pub journal_mode: String,
    /// SQLite's number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
    pub synchronous: i64,
}

/// Reads [`Health`] with three PRAGMAs that change nothing.
pub(super) fn health(conn: &Connection, path: &Path) -> Result<Health, Error> {
    let read = |pragma: &str| -> Result<rusqlite::types::Value, Error> {
        conn.query_row(pragma, [], |r| r.get(0))
            .map_err(|e| db_error(path, e))
    };
    let int = |v: rusqlite::types::Value| match v {
        rusqlite::types::Value::Integer(n) => n,
        _ => -1,
    };
    let journal_mode = match read("PRAGMA journal_mode")? {
        rusqlite::types::Value::Text(t) => t,
        other => format!("{other:?}"),
    };
    Ok(Health {
        schema: int(read("PRAGMA user_version")?),
        latest_schema: MIGRATIONS.len() as i64,
        journal_mode,
        synchronous: int(read("PRAGMA synchronous")?),
    })
}

/// Opens (and with `create`, creates) the database and brings its schema up to date.
pub(super) fn open(path: &Path, create: bool) -> Result<Connection, Error> {
    let shown = path.display();
    if !create && !path.exists() {
        return Err(Error::not_found(format!(
            "no database at {shown}: run `boxoffice init` first (or pass --db / BOXOFFICE_DB)"
        )));
    }
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{shown} is a directory; --db / BOXOFFICE_DB names the database file"
        )));
    }
    if create {
        create_private(path)?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| db_error(path, e))?;
    conn.busy_handler(Some(wait_for_writer))
        .map_err(|e| db_error(path, e))?;
    // Never adopt someone else's file: a database without our schema version is ours only
    // if `init` is creating it and it is empty.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| db_error(path, e))?;
    // A newer boxoffice migrated this file past what this binary knows: refuse before
    // touching it (even the journal mode), and say how to fix it.
    if version > MIGRATIONS.len() as i64 {
        return Err(Error::invalid(format!(
            "{shown}: this database was written by a newer boxoffice (schema {version}; this \
             boxoffice {} knows schema {} at most); upgrade boxoffice. Nothing was changed",
            env!("CARGO_PKG_VERSION"),
            MIGRATIONS.len()
        )));
    }
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| db_error(path, e))?;
        if !create {
            return Err(Error::invalid(format!(
                "{shown} is not a boxoffice database{}; run `boxoffice init` for a new one",
                if tables > 0 {
                    " (it holds another program's tables)"
                } else {
                    ""
                }
            )));
        }
        if tables > 0 {
            return Err(Error::invalid(format!(
                "{shown} already holds another program's tables; choose another --db"
            )));
        }
    }
    // journal_mode returns a row; the others do not.
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .map_err(|e| db_error(path, e))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;",
    )
    .map_err(|e| db_error(path, e))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    let migrations = Migrations::from_slice(MIGRATIONS);
    migrations.to_latest(conn).map_err(|e| match e {
        // The engine's text of a failed statement carries the whole migration's SQL: say what
        // failed, not the script.
        rusqlite_migration::Error::RusqliteError {
            err: rusqlite::Error::SqlInputError { msg, .. },
            ..
        } => Error::Internal(anyhow::anyhow!(
            "database {}: its schema could not be brought up to date: {msg}",
            path.display()
        )),
        rusqlite_migration::Error::RusqliteError { err, .. } => db_error(path, err),
        rusqlite_migration::Error::MigrationDefinition(_)
        | rusqlite_migration::Error::ForeignKeyCheck(_) => {
            Error::Internal(anyhow::anyhow!("database migration failed: {e}"))
        }
        other => Error::invalid(format!(
            "{} is not a boxoffice database this version can use: {other}",
            path.display()
        )),
    })
}

/// Creates the database file (and its directory) readable by its owner only.
fn create_private(path: &Path) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Unavailable {
            service: "database",
            message: format!("cannot create directory {}: {e}", dir.display()),
            outcome_unknown: false,
        })?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).map(|_| ()).map_err(|e| Error::Unavailable {
        service: "database",
        message: format!("cannot create database {}: {e}", path.display()),
        outcome_unknown: false,
    })
}

/// The error of a write that waited [`BUSY_TIMEOUT`] for other writers and gave up.
pub(super) fn busy(path: &Path) -> Error {
    super::busy_error(&super::Target::Sqlite(path.to_path_buf()))
}

/// Turns a SQLite error into the tool's error, naming the file and what to do.
pub(super) fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    let shown = path.display();
    // A value the schema allows but the tool's types refuse (a status or id edited by hand).
    if let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = &e {
        return Error::Internal(anyhow::anyhow!(
            "database {shown}: a row boxoffice cannot read: {cause} (was the database edited by hand?)"
        ));
    }
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => busy(path),
        Some(ErrorCode::NotADatabase) => {
            Error::invalid(format!("{shown} is not a SQLite database (wrong --db?)"))
        }
        Some(ErrorCode::CannotOpen) => Error::Unavailable {
            service: "database",
            message: format!("cannot open database {shown}: {e}"),
            outcome_unknown: false,
        },
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => Error::Unavailable {
            service: "database",
            message: format!("database {shown} is read-only: {e}; nothing was changed"),
            outcome_unknown: false,
        },
        Some(ErrorCode::DiskFull) | Some(ErrorCode::SystemIoFailure) => Error::Unavailable {
            service: "database",
            message: format!("database {shown}: {e}; the transaction was rolled back"),
            outcome_unknown: false,
        },
        Some(ErrorCode::DatabaseCorrupt) => {
            Error::invalid(format!("database {shown} is corrupt: {e}"))
        }
        _ => Error::Internal(anyhow::anyhow!("database {shown}: {e}")),
    }
}

/// Whether a SQLite error is a constraint refusing a write (the seat fence's partial unique
/// index, among others): the statement wrote nothing, the transaction goes on.
pub(super) fn is_constraint(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 008 makes the seat plans of the showtimes a database already has, line for line what
    /// `showtime add` writes for a new one (`Tx::write_seat_plan`), and from then on a change
    /// of a showtime's seats drops its plan.
    #[test]
    fn migration_008_makes_the_plans_of_existing_showtimes() {
        let mut conn = Connection::open_in_memory().unwrap();
        Migrations::from_slice(&MIGRATIONS[..7])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO showtimes (id, movie, starts_at, created_at_ms) VALUES (24, 'M', 'x', 0),
                                                                             (25, 'N', 'y', 0);
             INSERT INTO seats (showtime_id, seat_id, row_label, number, ord, col, category)
                  VALUES (24, 'B1', 'B', 1, 2, 0, 'standard'), (24, 'A1', 'A', 1, 0, 0, 'premium'),
                         (24, 'A2', 'A', 2, 1, 2, 'premium'), (25, 'A1', 'A', 1, 0, 0, 'standard');",
        )
        .unwrap();
        Migrations::from_slice(MIGRATIONS)
            .to_latest(&mut conn)
            .unwrap();
        let plan = |conn: &Connection, st: i64| -> String {
            conn.query_row(
                "SELECT plan FROM seat_plans WHERE showtime_id = ?1",
                [st],
                |r| r.get(0),
            )
            .unwrap()
        };
        let migrated = plan(&conn, 24);
        assert_eq!(
            migrated,
            "A1\t0\t0\t0\tpremium\nA2\t1\t2\t0\tpremium\nB1\t2\t0\t0\tstandard"
        );
        assert_eq!(plan(&conn, 25), "A1\t0\t0\t0\tstandard");
        conn.execute("DELETE FROM seat_plans WHERE showtime_id = 24", [])
            .unwrap();
        conn.execute(super::super::seating::WRITE_PLAN, [24])
            .unwrap();
        assert_eq!(plan(&conn, 24), migrated);
        conn.execute(
            "UPDATE seats SET col = 5 WHERE showtime_id = 24 AND seat_id = 'B1'",
            [],
        )
        .unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM seat_plans", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1, "only showtime 25 keeps its plan");
    }

    /// 007 rebuilds `refunds` (for its new `move` source) under `refund_seats`' foreign key:
    /// a database with refunds keeps every row, its ids go on where they were, and both the
    /// foreign key and the one-refund-per-seat-claim rule still hold.
    #[test]
    fn migration_007_keeps_the_refunds_and_their_rules() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        Migrations::from_slice(&MIGRATIONS[..6])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO showtimes (id, movie, starts_at, created_at_ms) VALUES (24, 'M', 'x', 0);
             INSERT INTO seats (showtime_id, seat_id, row_label, number, ord)
                  VALUES (24, 'A1', 'A', 1, 0), (24, 'A2', 'A', 2, 1);
             INSERT INTO bookings (id, showtime_id, user_id, status, payment_id, created_at_ms,
                                   hold_started_at_ms, expires_at_ms, updated_at_ms)
                  VALUES (1, 24, '7', 'PENDING', NULL, 0, 0, 1, 0);
             INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live)
                  VALUES (1, 24, 'A1', 1), (1, 24, 'A2', 1);
             INSERT INTO refunds (id, booking_id, showtime_id, payment_id, seats, source,
                                  operator, created_at_ms)
                  VALUES (1, 1, 24, 'pay_1', '[\"A1\"]', 'cancel', 'clerk', 5),
                         (2, 1, 24, 'pay_late', '[\"A1\"]', 'late_payment', 'clerk', 6);
             INSERT INTO refund_seats (refund_id, booking_id, seat_id, claim)
                  VALUES (1, 1, 'A1', 1);",
        )
        .unwrap();
        assert!(
            conn.execute(
                "INSERT INTO refunds (booking_id, showtime_id, payment_id, seats, source,
                                      operator, created_at_ms)
                      VALUES (1, 24, 'p', '[]', 'move', 'clerk', 7)",
                [],
            )
            .is_err(),
            "006 has no move source"
        );
        Migrations::from_slice(MIGRATIONS)
            .to_latest(&mut conn)
            .unwrap();
        let kept: Vec<(i64, String)> = conn
            .prepare("SELECT id, source FROM refunds ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(kept, [(1, "cancel".into()), (2, "late_payment".into())]);
        let id: i64 = conn
            .query_row(
                "INSERT INTO refunds (booking_id, showtime_id, payment_id, seats, source,
                                      operator, created_at_ms)
                      VALUES (1, 24, 'pay_1', '[\"A2\"]', 'move', 'clerk', 7) RETURNING id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(id, 3);
        // A seat claim refunded once; a refund seat of no refund refused; a late payment once.
        let refused = |sql: &str| conn.execute(sql, []).is_err();
        assert!(refused("INSERT INTO refund_seats VALUES (3, 1, 'A1', 1)"));
        assert!(refused("INSERT INTO refund_seats VALUES (99, 1, 'A2', 1)"));
        assert!(refused(
            "INSERT INTO refunds (booking_id, showtime_id, payment_id, seats, source, operator,
                                  created_at_ms)
                  VALUES (1, 24, 'pay_late', '[]', 'late_payment', 'clerk', 8)"
        ));
        assert!(refused(
            "INSERT INTO refunds (booking_id, showtime_id, payment_id, seats, source, operator,
                                  created_at_ms)
                  VALUES (1, 24, 'p', '[]', 'other', 'clerk', 8)"
        ));
        let fk: i64 = conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }
}
