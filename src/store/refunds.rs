//! Refunds: money owed back, from a cancelled sale (`cancel`, `showtime cancel`), a refused late
//! payment (`confirm`) or a sale moved to cheaper seats (`move`), and settled once with the payment provider's refund id (`refunds settle`).
//!
//! The schema (`migrations/004_refunds.sql`) keeps the two rules that must hold however the
//! commands race: a paid seat is refunded once (`refund_seats`' primary key), and a refused late
//! payment is owed once (a unique index on its payment id). Both refusals come back as
//! [`Refused`] or as "already recorded", never as an engine error. Also here, because only
//! cancel needs it: the seats a booking has had and given up.

use rusqlite::params;
use serde::Serialize;

use super::exec::{Params, Row, Sql};
use super::{Db, Refused, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// Where a refund comes from; the lowercase string is stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundSource {
    /// Staff cancelled paid seats.
    Cancel,
    /// A payment arrived after its hold ran out and its seats went to someone else.
    LatePayment,
    /// The whole screening was cancelled (`showtime cancel`).
    ShowtimeCancelled,
    /// A sale moved to cheaper seats: the difference (`move`; `migrations/007_move_refunds.sql`).
    Move,
    /// A captured payment whose amount or currency is not the booking's (`webhook razorpay`;
    /// `migrations/010_payment_events.sql`): not sold, owed back whole.
    AmountMismatch,
}

impl RefundSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundSource::Cancel => "cancel",
            RefundSource::LatePayment => "late_payment",
            RefundSource::ShowtimeCancelled => "showtime_cancelled",
            RefundSource::Move => "move",
            RefundSource::AmountMismatch => "amount_mismatch",
        }
    }
}

/// A refund as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Refund {
    pub id: i64,
    pub booking_id: i64,
    pub showtime_id: i64,
    pub payment_id: String,
    pub seats: Vec<String>,
    /// What is owed, in minor units of `currency`; `None` when the seats have no price.
    pub amount_cents: Option<i64>,
    /// The refund's showtime's currency (ISO 4217); `None` with no amount.
    pub currency: Option<String>,
    /// `cancel`, `late_payment`, `showtime_cancelled`, `move` or `amount_mismatch` (as stored).
    pub source: String,
    pub reason: Option<String>,
    pub operator: String,
    pub created_at_ms: i64,
    pub settled_at_ms: Option<i64>,
    pub refund_id: Option<String>,
}

/// A refund to record.
pub struct NewRefund<'a> {
    pub booking_id: i64,
    pub showtime: ShowtimeId,
    pub payment_id: &'a str,
    pub seats: &'a [String],
    pub source: RefundSource,
    pub reason: &'a str,
    /// What is owed, minor units of the showtime's currency; `None`: no price.
    pub amount_minor: Option<i64>,
    pub now_ms: i64,
}

const COLUMNS: &str = "id, booking_id, showtime_id, payment_id, seats, amount_cents, source, \
                       reason, operator, created_at_ms, settled_at_ms, refund_id, \
                       CASE WHEN amount_cents IS NOT NULL THEN \
                            (SELECT currency FROM showtimes WHERE id = refunds.showtime_id) END";

fn row(r: &Row<'_, '_>) -> rusqlite::Result<Refund> {
    let seats: String = r.get(4)?;
    Ok(Refund {
        id: r.get(0)?,
        booking_id: r.get(1)?,
        showtime_id: r.get(2)?,
        payment_id: r.get(3)?,
        seats: serde_json::from_str(&seats).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
        })?,
        amount_cents: r.get(5)?,
        source: r.get(6)?,
        reason: r.get(7)?,
        operator: r.get(8)?,
        created_at_ms: r.get(9)?,
        settled_at_ms: r.get(10)?,
        refund_id: r.get(11)?,
        currency: r.get(12)?,
    })
}

impl Sql<'_> {
    fn refunds_where(&self, filter: &str, p: Params<'_>) -> Result<Vec<Refund>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM refunds WHERE {filter} ORDER BY id");
        self.rows(&sql, p, row)
    }

    fn released_seats(&self, booking_id: i64) -> Result<Vec<String>, Error> {
        self.rows(
            "SELECT seat_id FROM booking_seats
              WHERE booking_id = ?1 AND released_at_ms IS NOT NULL",
            params![booking_id],
            |r| r.get(0),
        )
    }
}

impl Tx<'_> {
    /// Records a refund owed for sold seats (a cancel, or a move's difference), and each seat
    /// in `refund_seats`, naming the seat's current claim.
    /// `Err(Refused)`: one of the seats was refunded already (the statement's writes are rolled
    /// back with the transaction by the caller's error).
    pub fn insert_seat_refund(&self, r: &NewRefund<'_>) -> Result<Result<i64, Refused>, Error> {
        let id = self.insert_refund(r, false)?.ok_or_else(|| {
            Error::Internal(anyhow::anyhow!(
                "refund of booking {} not recorded",
                r.booking_id
            ))
        })?;
        let q = self.sql();
        for seat in r.seats {
            // The seat's current claim: a seat sold again after a cancel is owed back again.
            let done = q.execute_refusable(
                "INSERT INTO refund_seats (refund_id, booking_id, seat_id, claim)
                 SELECT ?1, booking_id, seat_id, claim FROM booking_seats
                  WHERE booking_id = ?2 AND seat_id = ?3",
                params![id, r.booking_id, seat],
            )?;
            match done {
                Ok(1) => {}
                Ok(_) => {
                    return Err(Error::Internal(anyhow::anyhow!(
                        "refund of booking {}: seat {seat} is not in it",
                        r.booking_id
                    )));
                }
                Err(Refused) => return Ok(Err(Refused)),
            }
        }
        Ok(Ok(id))
    }

    /// Records a refused late payment's refund, once per payment id: `None` when it is
    /// recorded already (a retried confirm).
    pub fn insert_late_payment_refund(&self, r: &NewRefund<'_>) -> Result<Option<i64>, Error> {
        self.insert_refund(r, true)
    }

    /// Records a mismatched payment's refund (`r.source` `AmountMismatch`), once per payment
    /// id: `None` when it is recorded already.
    pub fn insert_mismatch_refund(&self, r: &NewRefund<'_>) -> Result<Option<i64>, Error> {
        self.insert_refund(r, true)
    }

    /// `once`: at most one refund of `r.source` per payment id (the sources with a unique
    /// index on it: `late_payment`, `amount_mismatch`).
    fn insert_refund(&self, r: &NewRefund<'_>, once: bool) -> Result<Option<i64>, Error> {
        let q = self.sql();
        let sql = format!(
            "INSERT INTO refunds (booking_id, showtime_id, payment_id, seats, source, reason,
                                  operator, created_at_ms, amount_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) {}
             RETURNING id",
            match (once, r.source) {
                (true, RefundSource::LatePayment) =>
                    "ON CONFLICT (payment_id) WHERE source = 'late_payment' DO NOTHING",
                (true, RefundSource::AmountMismatch) =>
                    "ON CONFLICT (payment_id) WHERE source = 'amount_mismatch' DO NOTHING",
                _ => "",
            }
        );
        q.row(
            &sql,
            params![
                r.booking_id,
                r.showtime.get(),
                r.payment_id,
                serde_json::to_string(r.seats).unwrap_or_else(|_| "[]".into()),
                r.source.as_str(),
                r.reason,
                self.operator,
                r.now_ms,
                r.amount_minor
            ],
            |row| row.get(0),
        )
    }

    /// The refunds of a booking, oldest first.
    pub fn refunds_of_booking(&self, booking_id: i64) -> Result<Vec<Refund>, Error> {
        self.sql()
            .refunds_where("booking_id = ?1", params![booking_id])
    }

    /// The refunds owed back for a payment (settled or not), oldest first.
    pub fn refunds_of_payment(&self, payment_id: &str) -> Result<Vec<Refund>, Error> {
        self.sql()
            .refunds_where("payment_id = ?1", params![payment_id])
    }

    /// A refund by its id.
    pub fn refund(&self, id: i64) -> Result<Option<Refund>, Error> {
        Ok(self
            .sql()
            .refunds_where("id = ?1", params![id])?
            .into_iter()
            .next())
    }

    /// The refund settled with the provider's `refund_id`, if any.
    pub fn refund_by_provider_id(&self, refund_id: &str) -> Result<Option<Refund>, Error> {
        Ok(self
            .sql()
            .refunds_where("refund_id = ?1", params![refund_id])?
            .into_iter()
            .next())
    }

    /// Records that refund `id` was paid back with the provider's `refund_id`. Returns false
    /// (and changes nothing) when it was settled already.
    pub fn settle_refund(&self, id: i64, refund_id: &str, now_ms: i64) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE refunds SET refund_id = ?2, settled_at_ms = ?3
              WHERE id = ?1 AND refund_id IS NULL",
            params![id, refund_id, now_ms],
        )
    }

    /// The seats released from a booking (given back from its hold, or cancelled).
    pub fn released_seats(&self, booking_id: i64) -> Result<Vec<String>, Error> {
        self.sql().released_seats(booking_id)
    }
}

impl Db {
    /// The refunds owed (with `settled`, every refund), oldest first.
    pub fn refunds(&self, settled: bool) -> Result<Vec<Refund>, Error> {
        let filter = if settled { "TRUE" } else { "refund_id IS NULL" };
        self.sql().refunds_where(filter, params![])
    }

    /// The refunds of a booking, oldest first.
    pub fn refunds_of_booking(&self, booking_id: i64) -> Result<Vec<Refund>, Error> {
        self.sql()
            .refunds_where("booking_id = ?1", params![booking_id])
    }

    /// The seats released from a booking (given back from its hold, or cancelled).
    pub fn released_seats(&self, booking_id: i64) -> Result<Vec<String>, Error> {
        self.sql().released_seats(booking_id)
    }
}
