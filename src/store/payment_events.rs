//! Razorpay webhook events processed (`migrations/010_payment_events.sql`): one row per event
//! id, written in the transaction that makes the event's effect, so that a replay finds it.

use rusqlite::params;
use serde::Serialize;

use super::exec::Sql;
use super::{Db, Tx};
use crate::error::Error;

/// What an event did; the snake_case string is stored and shown (`--json` `outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventOutcome {
    /// The booking was sold on the payment (or was already, with the same payment).
    Confirmed,
    /// Sold, though the hold had run out: the seats were still free.
    Late,
    /// Not sold; the payment is owed back (`refunds`).
    RefundRequired,
    /// `payment.failed`: the pending hold was released.
    Released,
    /// `refund.processed`: the refund owed was settled.
    Settled,
    /// Nothing to do: an event boxoffice does not act on, or one that arrived out of order.
    Ignored,
    /// The captured amount or currency is not the booking's: not sold, owed back.
    AmountMismatch,
}

impl EventOutcome {
    pub const ALL: [EventOutcome; 7] = [
        EventOutcome::Confirmed,
        EventOutcome::Late,
        EventOutcome::RefundRequired,
        EventOutcome::Released,
        EventOutcome::Settled,
        EventOutcome::Ignored,
        EventOutcome::AmountMismatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventOutcome::Confirmed => "confirmed",
            EventOutcome::Late => "late",
            EventOutcome::RefundRequired => "refund_required",
            EventOutcome::Released => "released",
            EventOutcome::Settled => "settled",
            EventOutcome::Ignored => "ignored",
            EventOutcome::AmountMismatch => "amount_mismatch",
        }
    }

    fn parse(s: &str) -> Option<EventOutcome> {
        EventOutcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// An event to record, or as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentEvent {
    pub event_id: String,
    pub event: String,
    pub payment_id: Option<String>,
    pub booking_id: Option<i64>,
    pub outcome: EventOutcome,
    pub received_at_ms: i64,
}

impl Tx<'_> {
    /// Records an event. `false`: its id is recorded already (nothing written).
    pub fn insert_payment_event(&self, e: &PaymentEvent) -> Result<bool, Error> {
        let done = self.sql().execute_refusable(
            "INSERT INTO payment_events
                    (event_id, event, payment_id, booking_id, outcome, received_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                e.event_id,
                e.event,
                e.payment_id,
                e.booking_id,
                e.outcome.as_str(),
                e.received_at_ms
            ],
        )?;
        Ok(done.is_ok())
    }

    /// The event recorded with this id, in this transaction.
    pub fn payment_event(&self, event_id: &str) -> Result<Option<PaymentEvent>, Error> {
        self.sql().payment_event(event_id)
    }
}

impl Db {
    /// The event recorded with this id.
    pub fn payment_event(&self, event_id: &str) -> Result<Option<PaymentEvent>, Error> {
        self.sql().payment_event(event_id)
    }
}

impl Sql<'_> {
    fn payment_event(&self, event_id: &str) -> Result<Option<PaymentEvent>, Error> {
        let found = self.row(
            "SELECT event_id, event, payment_id, booking_id, outcome, received_at_ms
               FROM payment_events WHERE event_id = ?1",
            params![event_id],
            |r| {
                Ok((
                    PaymentEvent {
                        event_id: r.get(0)?,
                        event: r.get(1)?,
                        payment_id: r.get(2)?,
                        booking_id: r.get(3)?,
                        outcome: EventOutcome::Ignored,
                        received_at_ms: r.get(5)?,
                    },
                    r.get::<String>(4)?,
                ))
            },
        )?;
        let Some((mut event, outcome)) = found else {
            return Ok(None);
        };
        event.outcome = EventOutcome::parse(&outcome).ok_or_else(|| {
            Error::Internal(anyhow::anyhow!(
                "payment event {event_id} has an unknown outcome {outcome:?}"
            ))
        })?;
        Ok(Some(event))
    }
}

#[cfg(test)]
mod tests {
    use super::EventOutcome;

    #[test]
    fn every_outcome_keeps_its_snake_case_string() {
        for o in EventOutcome::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
            assert_eq!(EventOutcome::parse(o.as_str()), Some(o));
        }
    }
}
