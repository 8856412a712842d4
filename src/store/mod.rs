//! The durable record: every SQL statement of boxoffice, behind typed functions.
//!
//! A CONFIRMED row means money was taken, so the database runs in WAL mode with
//! `synchronous=FULL`, queues its writers in the kernel (`queue.rs`) and begins every write
//! transaction `IMMEDIATE`, so two writers queue instead of deadlocking on a lock upgrade
//! (`sqlite.rs`: how the file is opened, migrated and waited on). The schema itself enforces the rules that must
//! hold even if Redis lies: one live claim per seat, one open hold per user and showtime, sold
//! is final (see `migrations/001_initial.sql`).
//!
//! # The contract with the domain
//!
//! The domain (`holds`, `sweep`, `snapshot`, `inspect`, `catalog`) talks to the database only
//! through the two handles here: [`Db`], one open database, for reads outside a transaction,
//! and [`Tx`], the write transaction [`Db::write`] hands to its closure. Each statement is one
//! named method with typed parameters and typed rows ([`Booking`], [`Claim`], [`ShowtimeRow`],
//! …); errors come back as the tool's [`Error`], already worded (busy, read-only, corrupt, …).
//! No `rusqlite` type, SQL text or engine error code crosses this boundary, so that:
//!
//! * a rule of the schema that the domain acts on comes back as a value, not as an error code
//!   to look into: a write the schema may refuse (the fence, one payment per booking) returns
//!   `Result<T, `[`Refused`]`>` inside the outer result;
//! * a second engine (PostgreSQL) can be added behind the same methods, as a second variant
//!   inside `Db` and `Tx` and a second set of statements in each file here, without touching
//!   the domain. What is SQLite's own stays in this module: `json_group_array` / `json_each`,
//!   the `?N` placeholders, the `PRAGMA`s, the busy handler and the migration runner.
//!
//! The statements are grouped by what they touch: `bookings.rs` and `bookings/` (bookings
//! and their seats: holds, the fence), `blocks.rs` (blocked seats), `expiry.rs` (the sweep's overdue holds), `catalog.rs` (showtimes and
//! layouts), `halls.rs` (halls and their copy into a showtime), `refunds.rs` (money owed back), `orders.rs` and `payment_events.rs` (Razorpay orders and webhook events), `report.rs` (the counts and sums of `report`), `history.rs` (the audit trail read back by `history`) and `audit.rs` (the audit table, written and read). A change of schema is a new numbered file in `migrations/`,
//! registered in `sqlite.rs`.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};

use crate::error::Error;

mod audit;
mod blocks;
mod bookings;
mod catalog;
mod expiry;
mod halls;
mod history;
mod ids;
mod moves;
mod orders;
mod payment_events;
mod prices;
mod queue;
mod refunds;
mod report;
mod seating;
mod sqlite;

pub use audit::{AuditEntry, AuditEvent};
pub use blocks::Block;
pub use bookings::{Booking, Claim, Status};
pub use catalog::{ClaimCounts, RowSize, SeatClaim, SeatInfo, ShowtimeCancel, ShowtimeRow};
pub use expiry::OverdueHold;
pub use halls::{HallCategoryRow, HallRow, HallSeatRow, NewHall};
pub use history::HistoryFilter;
pub use payment_events::{EventOutcome, PaymentEvent};
pub use prices::SeatPrices;
pub use refunds::{NewRefund, Refund, RefundSource};
pub use report::{CategoryCounts, SalesEvent, ShowtimeMoney};
pub use seating::{GridSeat, SeatGrid, SeatKind, SeatUse};
pub use sqlite::{BUSY_TIMEOUT, Health};

/// The schema refused a write: a constraint held (the fence's one live claim per seat, one
/// payment per booking, a seat that is not in the layout). That statement wrote nothing; the
/// transaction is still usable, and returning an error from [`Db::write`]'s closure rolls back
/// the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// One open database.
pub struct Db {
    conn: Connection,
    path: PathBuf,
    /// Who runs this process and which command, stamped on every audit row.
    operator: String,
    command: String,
}

/// A write transaction (begun `IMMEDIATE`) with the audit stamp of the running command.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
    operator: &'a str,
    command: &'a str,
}

/// A connection and the file it is for: what every statement runs on, from either handle.
#[derive(Clone, Copy)]
struct Sql<'c> {
    conn: &'c Connection,
    path: &'c Path,
}

impl Sql<'_> {
    /// Turns a SQLite error into the tool's error, naming the file and what to do.
    fn err(&self, e: rusqlite::Error) -> Error {
        sqlite::db_error(self.path, e)
    }

    /// Runs a guarded UPDATE of one row (cached statement): whether it changed that row. False
    /// means the guard no longer held (someone else got there first) and nothing was written.
    fn update_one(&self, sql: &str, p: impl rusqlite::Params) -> Result<bool, Error> {
        let n = (self.conn.prepare_cached(sql))
            .and_then(|mut s| s.execute(p))
            .map_err(|e| self.err(e))?;
        Ok(n == 1)
    }
}

impl Db {
    /// Opens (and with `create`, creates) the database and brings its schema up to date.
    pub fn open(path: &Path, create: bool, operator: &str, command: &str) -> Result<Db, Error> {
        let conn = sqlite::open(path, create)?;
        Ok(Db {
            conn,
            path: path.to_path_buf(),
            operator: operator.to_string(),
            command: command.to_string(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> Sql<'_> {
        Sql {
            conn: &self.conn,
            path: &self.path,
        }
    }

    /// Runs `f` in a write transaction begun IMMEDIATE, committing when it returns Ok.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let path = self.path.clone();
        // Our turn among boxoffice's writers first (`queue.rs`: why), held to the commit.
        let _turn = match queue::wait_for_turn(&path) {
            queue::Wait::Turn(turn) => Some(turn),
            queue::Wait::NoQueue => None,
            queue::Wait::TimedOut => return Err(sqlite::busy(&path)),
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| sqlite::db_error(&path, e))?;
        let mut tx = Tx {
            tx,
            path: &path,
            operator: &self.operator,
            command: &self.command,
        };
        let out = f(&mut tx)?;
        tx.tx.commit().map_err(|e| sqlite::db_error(&path, e))?;
        Ok(out)
    }

    /// The schema version, journal mode and durability this database runs with.
    pub fn health(&self) -> Result<Health, Error> {
        sqlite::health(&self.conn, &self.path)
    }

    /// Whether a commit waits until it is on disk (the default, and what every command runs
    /// with). Only for the benchmark that shows what those waits cost.
    pub fn set_durable_commits(&self, durable: bool) -> Result<(), Error> {
        let q = self.sql();
        q.conn
            .execute_batch(if durable {
                "PRAGMA synchronous = FULL"
            } else {
                "PRAGMA synchronous = NORMAL"
            })
            .map_err(|e| q.err(e))
    }
}

impl Tx<'_> {
    fn sql(&self) -> Sql<'_> {
        Sql {
            conn: &self.tx,
            path: self.path,
        }
    }
}
