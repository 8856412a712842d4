//! The durable record: SQLite, opened the same way by every command.
//!
//! A CONFIRMED row means money was taken, so the database runs in WAL mode with
//! `synchronous=FULL`, waits politely on a busy writer ([`wait_for_writer`]) and begins every write
//! transaction `IMMEDIATE`, so two writers queue instead of deadlocking on a lock upgrade.
//! The schema itself enforces the rules that must hold even if Redis lies: one live claim per
//! seat, one open hold per user and showtime, sold is final (see `migrations/001_initial.sql`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, params};
use rusqlite_migration::{M, Migrations};
use serde::Serialize;

use crate::error::Error;
use crate::ids::ShowtimeId;

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_showtimes_by_start.sql")),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
            Status::Expired => "EXPIRED",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.to_ascii_uppercase().as_str() {
            "PENDING" => Some(Status::Pending),
            "CONFIRMED" => Some(Status::Confirmed),
            "CANCELLED" => Some(Status::Cancelled),
            "EXPIRED" => Some(Status::Expired),
            _ => None,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A booking and the seats it (still) claims.
#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub id: i64,
    pub showtime_id: i64,
    pub user: String,
    pub status: Status,
    pub payment_id: Option<String>,
    pub late: bool,
    pub seats: Vec<String>,
    pub created_at_ms: i64,
    pub hold_started_at_ms: i64,
    pub expires_at_ms: i64,
    pub updated_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
}

/// A live claim on a seat: the PENDING or CONFIRMED booking that holds it in SQLite.
#[derive(Debug, Clone)]
pub struct Claim {
    pub seat: String,
    pub booking_id: i64,
    pub status: Status,
    pub user: String,
    pub expires_at_ms: i64,
}

/// One row of the audit table, as written.
#[derive(Debug, Default)]
pub struct AuditEntry<'a> {
    pub at_ms: i64,
    pub showtime_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub user: Option<&'a str>,
    pub seats: &'a [String],
    pub action: &'a str,
    pub forced: bool,
    pub detail: Option<serde_json::Value>,
}

pub struct Db {
    conn: Connection,
    path: PathBuf,
    /// Who runs this process and which command, stamped on every audit row.
    operator: String,
    command: String,
}

impl Db {
    /// Opens (and with `create`, creates) the database and brings its schema up to date.
    pub fn open(path: &Path, create: bool, operator: &str, command: &str) -> Result<Db, Error> {
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
        let conn = Connection::open_with_flags(
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
        let mut db = Db {
            conn,
            path: path.to_path_buf(),
            operator: operator.to_string(),
            command: command.to_string(),
        };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&mut self) -> Result<(), Error> {
        let migrations = Migrations::from_slice(MIGRATIONS);
        migrations.to_latest(&mut self.conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => db_error(&self.path, err),
            rusqlite_migration::Error::MigrationDefinition(_)
            | rusqlite_migration::Error::ForeignKeyCheck(_) => {
                Error::Internal(anyhow::anyhow!("database migration failed: {e}"))
            }
            other => Error::invalid(format!(
                "{} is not a boxoffice database this version can use: {other}",
                self.path.display()
            )),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in a write transaction begun IMMEDIATE, committing when it returns Ok.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| db_error(&path, e))?;
        let mut tx = Tx {
            tx,
            path: &path,
            operator: &self.operator,
            command: &self.command,
        };
        let out = f(&mut tx)?;
        tx.tx.commit().map_err(|e| db_error(&path, e))?;
        Ok(out)
    }

    pub fn map_err(&self, e: rusqlite::Error) -> Error {
        db_error(&self.path, e)
    }

    pub fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        load_booking(&self.conn, "b.id = ?1", params![id]).map_err(|e| self.map_err(e))
    }

    pub fn pending_booking(
        &self,
        showtime: ShowtimeId,
        user: &str,
    ) -> Result<Option<Booking>, Error> {
        load_booking(
            &self.conn,
            "b.showtime_id = ?1 AND b.user_id = ?2 AND b.status = 'PENDING'",
            params![showtime.get(), user],
        )
        .map_err(|e| self.map_err(e))
    }

    /// The live claim (PENDING or CONFIRMED booking) on each of `seats`, if any.
    pub fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        live_claims(&self.conn, showtime, seats).map_err(|e| self.map_err(e))
    }

    pub fn list_bookings(
        &self,
        showtime: Option<ShowtimeId>,
        status: Option<Status>,
        user: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<Booking>, Error> {
        let mut ids = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT id FROM bookings
                      WHERE (?1 IS NULL OR showtime_id = ?1)
                        AND (?2 IS NULL OR status = ?2)
                        AND (?3 IS NULL OR user_id = ?3)
                      ORDER BY id DESC LIMIT ?4",
                )
                .map_err(|e| self.map_err(e))?;
            let rows = stmt
                .query_map(
                    params![
                        showtime.map(ShowtimeId::get),
                        status.map(Status::as_str),
                        user,
                        limit.map_or(-1, i64::from)
                    ],
                    |r| r.get::<_, i64>(0),
                )
                .map_err(|e| self.map_err(e))?;
            for r in rows {
                ids.push(r.map_err(|e| self.map_err(e))?);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids.into_iter().rev() {
            if let Some(b) = self.booking(id)? {
                out.push(b);
            }
        }
        Ok(out)
    }
}

/// A write transaction with the audit stamp of the running command.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    operator: &'a str,
    command: &'a str,
}

impl Tx<'_> {
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn map_err(&self, e: rusqlite::Error) -> Error {
        db_error(self.path, e)
    }

    pub fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        load_booking(&self.tx, "b.id = ?1", params![id]).map_err(|e| self.map_err(e))
    }

    pub fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        live_claims(&self.tx, showtime, seats).map_err(|e| self.map_err(e))
    }

    pub fn audit(&self, e: AuditEntry<'_>) -> Result<(), Error> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at_ms, showtime_id, booking_id, user_id, seats, action,
                                    command, operator, forced, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    e.at_ms,
                    e.showtime_id,
                    e.booking_id,
                    e.user,
                    serde_json::to_string(e.seats).unwrap_or_else(|_| "[]".into()),
                    e.action,
                    self.command,
                    self.operator,
                    e.forced,
                    e.detail.map(|d| d.to_string()),
                ])
            })
            .map(|_| ())
            .map_err(|e| self.map_err(e))
    }

    /// Moves a booking from `from` to `to`. Returns false (and changes nothing) when the booking
    /// is no longer in `from` — someone else got there first.
    pub fn transition(
        &self,
        id: i64,
        from: Status,
        to: Status,
        now_ms: i64,
    ) -> Result<bool, Error> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE bookings SET status = ?3, updated_at_ms = ?4 WHERE id = ?1 AND status = ?2",
            )
            .and_then(|mut s| s.execute(params![id, from.as_str(), to.as_str(), now_ms]))
            .map_err(|e| self.map_err(e))?;
        Ok(n == 1)
    }
}

fn load_booking(
    conn: &Connection,
    filter: &str,
    p: impl rusqlite::Params,
) -> rusqlite::Result<Option<Booking>> {
    let sql = format!(
        "SELECT b.id, b.showtime_id, b.user_id, b.status, b.payment_id, b.late, b.created_at_ms,
                b.hold_started_at_ms, b.expires_at_ms, b.updated_at_ms, b.confirmed_at_ms
           FROM bookings b WHERE {filter}"
    );
    let booking = conn
        .prepare_cached(&sql)?
        .query_row(p, |r| {
            let status: String = r.get(3)?;
            Ok(Booking {
                id: r.get(0)?,
                showtime_id: r.get(1)?,
                user: r.get(2)?,
                status: Status::parse(&status).unwrap_or(Status::Cancelled),
                payment_id: r.get(4)?,
                late: r.get(5)?,
                seats: Vec::new(),
                created_at_ms: r.get(6)?,
                hold_started_at_ms: r.get(7)?,
                expires_at_ms: r.get(8)?,
                updated_at_ms: r.get(9)?,
                confirmed_at_ms: r.get(10)?,
            })
        })
        .optional()?;
    let Some(mut b) = booking else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT bs.seat_id FROM booking_seats bs
           JOIN seats s ON s.showtime_id = bs.showtime_id AND s.seat_id = bs.seat_id
          WHERE bs.booking_id = ?1 AND bs.released_at_ms IS NULL
          ORDER BY s.ord",
    )?;
    b.seats = stmt
        .query_map([b.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(b))
}

fn live_claims(
    conn: &Connection,
    showtime: ShowtimeId,
    seats: &[String],
) -> rusqlite::Result<Vec<Claim>> {
    let mut stmt = conn.prepare_cached(
        "SELECT bs.seat_id, b.id, b.status, b.user_id, b.expires_at_ms
           FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
          WHERE bs.showtime_id = ?1 AND bs.seat_id = ?2 AND bs.live = 1",
    )?;
    let mut out = Vec::new();
    for seat in seats {
        let row = stmt
            .query_row(params![showtime.get(), seat], |r| {
                let status: String = r.get(2)?;
                Ok(Claim {
                    seat: r.get(0)?,
                    booking_id: r.get(1)?,
                    status: Status::parse(&status).unwrap_or(Status::Cancelled),
                    user: r.get(3)?,
                    expires_at_ms: r.get(4)?,
                })
            })
            .optional()?;
        out.extend(row);
    }
    Ok(out)
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

/// Turns a SQLite error into the tool's error, naming the file and what to do.
pub fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    let shown = path.display();
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Unavailable {
            service: "database",
            message: format!(
                "database {shown} is busy (another writer held it for over {}s); nothing was changed — retry",
                BUSY_TIMEOUT.as_secs()
            ),
            outcome_unknown: false,
        },
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

/// Whether a SQLite error is the seat fence (the partial unique index) refusing a claim.
pub fn is_constraint(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
}
