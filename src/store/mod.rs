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
//! * the engine is a choice of the site, not of the domain: SQLite (a file, the default) or
//!   PostgreSQL (a `postgres://` URL, for several counters on one server), as two variants
//!   inside `Db` and `Tx` (see [`Target`]).
//!
//! # Two engines, one set of statements
//!
//! Every statement is written once, in `exec.rs`'s execution layer: SQLite's `?N` placeholders
//! (turned into `$N` for PostgreSQL, once per cached statement), parameters as `params![…]` and
//! rows read by index, with rusqlite's five value kinds (NULL, integer, real, text, blob) as the
//! neutral value type both engines convert to and from, so the typed ids' conversions
//! (`ids.rs`) serve both. The SQL is the part both engines read alike (`RETURNING` rather than
//! `last_insert_rowid`, `ON CONFLICT`, `CASE` rather than a sum of booleans, `COUNT(*) FILTER`,
//! flags as 0/1 integers on both), and only where they must differ a file gives two texts
//! through `Sql::pick`: a JSON list of ids or seats (`json_each` / `jsonb_array_elements_text`),
//! a JSON array of seats (`json_group_array` / `json_agg`) and the seat plan's string aggregate
//! (`group_concat` / `string_agg`). A write the schema may refuse runs through the layer's
//! `refusable` calls: SQLite goes on after a failed statement, PostgreSQL aborts the whole
//! transaction, so there it runs inside a savepoint, and both come back as [`Refused`].
//!
//! What is each engine's own stays in its file: `sqlite.rs` (the `PRAGMA`s, the busy handler,
//! the writers' queue of `queue.rs`, `rusqlite_migration`) and `postgres.rs` (connecting with
//! timeouts and TLS, the `boxoffice_schema` version table and its runner, the write
//! transaction — READ COMMITTED after one advisory lock, as `BEGIN IMMEDIATE` is on SQLite —
//! with serialisation failures and deadlocks retried, and the server's SQLSTATEs worded as the
//! tool's errors). Each schema is the other's: `migrations/0NN_*.sql` for SQLite,
//! `migrations/postgres/` for PostgreSQL (a baseline for 001–011, then one file per new
//! version), compared table for table, index for index and trigger for trigger by the
//! integration test `engines::schema`.
//!
//! The statements are grouped by what they touch: `bookings.rs` and `bookings/` (bookings
//! and their seats: holds, the fence), `blocks.rs` (blocked seats), `expiry.rs` (the sweep's
//! overdue holds), `catalog.rs` (showtimes and layouts), `halls.rs` (halls and their copy into
//! a showtime), `refunds.rs` (money owed back), `orders.rs` and `payment_events.rs` (Razorpay
//! orders and webhook events), `report.rs` (the counts and sums of `report`), `history.rs` (the
//! audit trail read back by `history`) and `audit.rs` (the audit table, written and read). A
//! change of schema is a new numbered file in `migrations/`, registered in `sqlite.rs`, and its
//! PostgreSQL spelling in `migrations/postgres/`, registered in `postgres.rs`.

use std::cell::RefCell;

use exec::{Conn, Sql};
use postgres::PgConn;

use crate::error::Error;

mod audit;
mod blocks;
mod bookings;
mod catalog;
mod exec;
mod expiry;
mod halls;
mod history;
mod ids;
mod moves;
mod orders;
mod payment_events;
mod postgres;
mod prices;
mod queue;
mod refunds;
mod report;
mod seating;
mod sqlite;
mod target;

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
pub use target::{Engine, PgUrl, Target, mask_password};

/// The schema refused a write: a constraint held (the fence's one live claim per seat, one
/// payment per booking, a seat that is not in the layout). That statement wrote nothing; the
/// transaction is still usable, and returning an error from [`Db::write`]'s closure rolls back
/// the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// One open database.
pub struct Db {
    conn: Open,
    target: Target,
    /// Who runs this process and which command, stamped on every audit row.
    operator: String,
    command: String,
}

/// The open connection of one engine or the other.
enum Open {
    Lite(rusqlite::Connection),
    Pg(Box<RefCell<PgConn>>),
}

/// A write transaction (begun `IMMEDIATE` on SQLite, after the writers' lock on PostgreSQL)
/// with the audit stamp of the running command.
pub struct Tx<'a> {
    conn: TxConn<'a>,
    target: &'a Target,
    operator: &'a str,
    command: &'a str,
}

enum TxConn<'a> {
    Lite(rusqlite::Transaction<'a>),
    Pg(&'a RefCell<PgConn>),
}

/// The error of a write that waited [`BUSY_TIMEOUT`] for other writers and gave up.
fn busy_error(target: &Target) -> Error {
    Error::Unavailable {
        service: "database",
        message: format!(
            "database {target} is busy (another writer held it for over {}s); nothing was changed — retry",
            BUSY_TIMEOUT.as_secs()
        ),
        outcome_unknown: false,
    }
}

impl Db {
    /// Opens the database. With `create` (`init`), a missing SQLite file is created and a
    /// schema is created or brought up to date; without, SQLite's schema is still migrated
    /// (as it always was) while PostgreSQL's must already be current (see `postgres.rs`).
    pub fn open(
        target: impl Into<Target>,
        create: bool,
        operator: &str,
        command: &str,
    ) -> Result<Db, Error> {
        let target = target.into();
        let conn = match &target {
            Target::Sqlite(path) => Open::Lite(sqlite::open(path, create)?),
            Target::Postgres(url) => Open::Pg(Box::new(RefCell::new(postgres::open(
                url, &target, create,
            )?))),
        };
        Ok(Db {
            conn,
            target,
            operator: operator.to_string(),
            command: command.to_string(),
        })
    }

    /// The database this is.
    pub fn target(&self) -> &Target {
        &self.target
    }

    fn sql(&self) -> Sql<'_> {
        Sql {
            conn: match &self.conn {
                Open::Lite(c) => Conn::Lite(c),
                Open::Pg(c) => Conn::Pg(c),
            },
            target: &self.target,
        }
    }

    /// Runs `f` in a write transaction, committing when it returns Ok. On PostgreSQL a
    /// transaction the server broke off as a serialisation failure or deadlock is run again
    /// (`f` from the start), [`postgres::MAX_ATTEMPTS`] times in all.
    pub fn write<T>(
        &mut self,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match &mut self.conn {
            Open::Lite(conn) => {
                let Target::Sqlite(path) = &self.target else {
                    unreachable!("a SQLite connection is for a SQLite file")
                };
                // Our turn among boxoffice's writers first (`queue.rs`: why), held to the commit.
                let _turn = match queue::wait_for_turn(path) {
                    queue::Wait::Turn(turn) => Some(turn),
                    queue::Wait::NoQueue => None,
                    queue::Wait::TimedOut => return Err(busy_error(&self.target)),
                };
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| sqlite::db_error(path, e))?;
                let mut tx = Tx {
                    conn: TxConn::Lite(tx),
                    target: &self.target,
                    operator: &self.operator,
                    command: &self.command,
                };
                let out = f(&mut tx)?;
                let TxConn::Lite(tx) = tx.conn else {
                    unreachable!()
                };
                tx.commit().map_err(|e| sqlite::db_error(path, e))?;
                Ok(out)
            }
            Open::Pg(pg) => {
                let (pg, target) = (&*pg, &self.target);
                let mut attempt = 1;
                loop {
                    match Self::pg_attempt(pg, target, &self.operator, &self.command, &mut f) {
                        Err(Attempt::Again(_)) if attempt < postgres::MAX_ATTEMPTS => attempt += 1,
                        Err(Attempt::Again(e) | Attempt::Failed(e)) => return Err(e),
                        Ok(v) => return Ok(v),
                    }
                }
            }
        }
    }

    /// One try of a PostgreSQL write transaction.
    fn pg_attempt<T>(
        pg: &RefCell<PgConn>,
        target: &Target,
        operator: &str,
        command: &str,
        f: &mut impl FnMut(&mut Tx<'_>) -> Result<T, Error>,
    ) -> Result<T, Attempt> {
        let sorted = |e: postgres::PgError, committing: bool| {
            let again = e.is_retryable();
            let err = postgres::pg_error(target, &e.0, committing && e.sqlstate().is_none());
            if again {
                Attempt::Again(err)
            } else {
                Attempt::Failed(err)
            }
        };
        pg.borrow_mut().begin().map_err(|e| sorted(e, false))?;
        let mut tx = Tx {
            conn: TxConn::Pg(pg),
            target,
            operator,
            command,
        };
        match f(&mut tx) {
            Ok(v) => {
                let done = pg.borrow_mut().commit();
                done.map_err(|e| sorted(e, true))?;
                Ok(v)
            }
            Err(e) => {
                let again = pg.borrow_mut().take_retryable();
                pg.borrow_mut().rollback();
                Err(if again {
                    Attempt::Again(e)
                } else {
                    Attempt::Failed(e)
                })
            }
        }
    }

    /// The SQLite connection, for tests that edit the file by hand.
    #[cfg(test)]
    fn lite(&self) -> &rusqlite::Connection {
        match &self.conn {
            Open::Lite(c) => c,
            Open::Pg(_) => panic!("not a SQLite database"),
        }
    }

    /// The schema version, journal mode and durability this database runs with.
    pub fn health(&self) -> Result<Health, Error> {
        match &self.conn {
            Open::Lite(c) => {
                sqlite::health(c, self.target.path().unwrap_or(std::path::Path::new("")))
            }
            Open::Pg(pg) => postgres::health(&mut pg.borrow_mut(), &self.target),
        }
    }

    /// Whether a commit waits until it is on disk (the default, and what every command runs
    /// with). Only for the benchmark that shows what those waits cost.
    pub fn set_durable_commits(&self, durable: bool) -> Result<(), Error> {
        match &self.conn {
            Open::Lite(c) => c
                .execute_batch(if durable {
                    "PRAGMA synchronous = FULL"
                } else {
                    "PRAGMA synchronous = NORMAL"
                })
                .map_err(|e| self.sql().err(e)),
            Open::Pg(pg) => postgres::set_durable(&mut pg.borrow_mut(), &self.target, durable),
        }
    }
}

/// How one try of a write transaction failed: worth another try, or not.
enum Attempt {
    Again(Error),
    Failed(Error),
}

impl Tx<'_> {
    fn sql(&self) -> Sql<'_> {
        Sql {
            conn: match &self.conn {
                TxConn::Lite(tx) => Conn::Lite(tx),
                TxConn::Pg(pg) => Conn::Pg(pg),
            },
            target: self.target,
        }
    }
}
