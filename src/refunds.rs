//! Money owed back: the refunds that cancels and refused late payments record (see
//! `holds::claims::cancel`), listed oldest first, and settled once with the payment provider's
//! refund id. A settle is a staff record of money already sent, so it must be idempotent (a
//! retried script sends the same id: nothing changes) and must never overwrite an earlier
//! record (another id for a settled refund is a conflict, for a person to look at).

use serde::Serialize;
use serde_json::json;

use crate::error::Error;
use crate::holds::wall_ms;
use crate::store::{AuditEntry, Db, Refund, Tx};

/// The refunds owed (with `settled`, every refund), oldest first.
pub fn list(db: &Db, settled: bool) -> Result<Vec<Refund>, Error> {
    db.refunds(settled)
}

/// Which refund a settle is for.
#[derive(Debug, Clone, Copy)]
pub enum SettleTarget {
    /// The one refund of this booking still owed.
    Booking(i64),
    /// A refund by its own id (for a booking with several owed).
    Refund(i64),
}

#[derive(Debug, Serialize)]
pub struct Settled {
    pub refund: Refund,
    /// It was settled with this refund id already: nothing changed.
    pub already_settled: bool,
}

/// Checks a provider's refund id: 1-128 characters from `A-Z a-z 0-9 _ . -`.
pub fn check_refund_id(p: &str) -> Result<(), Error> {
    crate::ids::check_provider_id("refund id", p)
}

/// Records that a refund was paid back with the provider's `refund_id`, with its
/// `refund_settled` audit row. The same id again is already done; another id for a settled
/// refund, or an id that settles another refund, is a conflict.
pub fn settle(db: &mut Db, target: SettleTarget, refund_id: &str) -> Result<Settled, Error> {
    check_refund_id(refund_id)?;
    db.write(|tx| settle_in(tx, target, refund_id))
}

/// [`settle`] inside the caller's transaction (a webhook's `refund.processed` records its event
/// with it).
pub fn settle_in(tx: &Tx<'_>, target: SettleTarget, refund_id: &str) -> Result<Settled, Error> {
    {
        let candidates = candidates(tx, target)?;
        if let Some(r) = candidates
            .iter()
            .find(|r| r.refund_id.as_deref() == Some(refund_id))
        {
            return Ok(Settled {
                refund: r.clone(),
                already_settled: true,
            });
        }
        if let Some(other) = tx.refund_by_provider_id(refund_id)? {
            return Err(Error::conflict(format!(
                "refund id {refund_id} already settles refund {} (booking {}); nothing was recorded",
                other.id, other.booking_id
            )));
        }
        let refund = owed_one(target, candidates)?;
        let now = wall_ms();
        if !tx.settle_refund(refund.id, refund_id, now)? {
            return Err(Error::conflict(format!(
                "refund {} was settled meanwhile; nothing was recorded",
                refund.id
            )));
        }
        audit(tx, &refund, refund_id, now)?;
        let refund = Refund {
            settled_at_ms: Some(now),
            refund_id: Some(refund_id.to_string()),
            ..refund
        };
        Ok(Settled {
            refund,
            already_settled: false,
        })
    }
}

/// The refunds the target names: the booking's (which must exist), or the one refund.
fn candidates(tx: &Tx<'_>, target: SettleTarget) -> Result<Vec<Refund>, Error> {
    match target {
        SettleTarget::Booking(id) => {
            if tx.booking(id)?.is_none() {
                return Err(Error::not_found(format!("booking {id} does not exist")));
            }
            tx.refunds_of_booking(id)
        }
        SettleTarget::Refund(id) => {
            let r = tx
                .refund(id)?
                .ok_or_else(|| Error::not_found(format!("refund {id} does not exist")))?;
            Ok(vec![r])
        }
    }
}

/// The one refund still owed among `candidates`.
fn owed_one(target: SettleTarget, candidates: Vec<Refund>) -> Result<Refund, Error> {
    let what = match target {
        SettleTarget::Booking(id) => format!("booking {id}"),
        SettleTarget::Refund(id) => format!("refund {id}"),
    };
    let settled: Vec<String> = candidates
        .iter()
        .filter_map(|r| r.refund_id.as_ref().map(|p| format!("{} ({p})", r.id)))
        .collect();
    let mut owed: Vec<Refund> = candidates
        .into_iter()
        .filter(|r| r.refund_id.is_none())
        .collect();
    match owed.len() {
        1 => Ok(owed.remove(0)),
        0 if settled.is_empty() => Err(Error::not_found(format!("{what} has no refund owed"))),
        0 => Err(Error::conflict(format!(
            "{what} is settled already, with another refund id: refund {}; nothing was recorded",
            settled.join(", refund ")
        ))),
        n => Err(Error::invalid(format!(
            "{what} has {n} refunds owed ({}): name one with --refund ID; nothing was recorded",
            owed.iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn audit(tx: &Tx<'_>, r: &Refund, refund_id: &str, now: i64) -> Result<(), Error> {
    let user = tx.booking(r.booking_id)?.map(|b| b.user.to_string());
    tx.audit(AuditEntry {
        at_ms: now,
        showtime_id: Some(r.showtime_id),
        booking_id: Some(r.booking_id),
        user: user.as_deref(),
        seats: &r.seats,
        action: "refund_settled",
        detail: Some(json!({
            "refund": r.id,
            "refund_id": refund_id,
            "payment_id": r.payment_id,
            "source": r.source,
        })),
        ..Default::default()
    })
}
