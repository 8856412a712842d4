//! `webhook razorpay`: one Razorpay webhook delivery, processed exactly once.
//!
//! The order is what makes it safe. The body is read up to [`MAX_BODY`] (a larger one is
//! refused before the rest is read, let alone parsed); its signature is checked over the exact
//! bytes received, before a byte of it is parsed; only then is it read as JSON. Its event id
//! (the `X-Razorpay-Event-Id` header, else the payload's `id`) is stored in `payment_events` in
//! the transaction that makes the event's effect (`holds::confirm_paid` for a capture, here for a
//! failure and a refund), so a replay finds it and changes nothing. A body replayed under a new
//! event id (the header is not signed) still changes nothing: each effect is once per payment
//! (a sale per payment id, a release of a pending hold, a refund settled once).
//!
//! Which booking: the order linked to it (`order link`), else the payment's
//! `notes.booking_id`. Amounts are integers in minor units, as Razorpay sends them.

use std::io::Read;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::signature::{self, SignatureError};
use crate::error::Error;
use crate::holds::{self, Event, Paid, PaidOutcome, Target, claims, wall_ms};
use crate::redis_client::Redis;
use crate::refunds::{self, SettleTarget};
use crate::store::{Booking, Db, EventOutcome, PaymentEvent, Refund, Status, Tx};

mod payload;

use payload::{Envelope, OrderEntity, PaymentEntity, RefundEntity, payment_of};

/// The largest body accepted: 1 MiB. Razorpay's payloads are a few kilobytes.
pub const MAX_BODY: u64 = 1 << 20;

/// The longest event name stored.
const MAX_EVENT_NAME: usize = 64;

/// What a delivery did; the snake_case string is `--json`'s `outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Confirmed,
    Late,
    RefundRequired,
    Released,
    Settled,
    Ignored,
    AmountMismatch,
    /// The event id was processed before: nothing changed.
    Duplicate,
}

impl From<EventOutcome> for Outcome {
    fn from(o: EventOutcome) -> Outcome {
        match o {
            EventOutcome::Confirmed => Outcome::Confirmed,
            EventOutcome::Late => Outcome::Late,
            EventOutcome::RefundRequired => Outcome::RefundRequired,
            EventOutcome::Released => Outcome::Released,
            EventOutcome::Settled => Outcome::Settled,
            EventOutcome::Ignored => Outcome::Ignored,
            EventOutcome::AmountMismatch => Outcome::AmountMismatch,
        }
    }
}

/// One delivery as the relay hands it over.
pub struct Delivery<'a> {
    pub body: &'a [u8],
    /// The `X-Razorpay-Signature` header; `None`: the relay gave none.
    pub signature: Option<&'a str>,
    /// The `X-Razorpay-Event-Id` header.
    pub event_id: Option<&'a str>,
}

/// What a delivery did, for the CLI to print.
#[derive(Debug, Serialize)]
pub struct Report {
    pub event_id: String,
    pub event: String,
    pub outcome: Outcome,
    pub booking_id: Option<i64>,
    pub payment_id: Option<String>,
    /// `refund.processed`: the provider's refund id, and the refund it settled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund: Option<i64>,
    /// Sold (or settled) with this payment (refund id) already: nothing changed.
    pub already_done: bool,
    /// A duplicate: what the event did when it was first processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_outcome: Option<Outcome>,
    /// Why an event was ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A refusal recorded with the event (refund required, amount mismatch): exit 3.
    #[serde(skip)]
    pub refusal: Option<Error>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl Report {
    fn new(event_id: &str, event: &str, outcome: Outcome) -> Report {
        Report {
            event_id: event_id.to_string(),
            event: event.to_string(),
            outcome,
            booking_id: None,
            payment_id: None,
            refund_id: None,
            refund: None,
            already_done: false,
            first_outcome: None,
            reason: None,
            refusal: None,
            warnings: Vec::new(),
        }
    }

    fn duplicate(first: &PaymentEvent) -> Report {
        Report {
            booking_id: first.booking_id,
            payment_id: first.payment_id.clone(),
            first_outcome: Some(first.outcome.into()),
            ..Report::new(&first.event_id, &first.event, Outcome::Duplicate)
        }
    }
}

/// Reads the body, refusing an empty one and one larger than [`MAX_BODY`] (without reading
/// more than one byte past the limit).
pub fn read_body(input: impl Read) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    input
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| Error::invalid(format!("could not read the webhook body: {e}")))?;
    if body.len() as u64 > MAX_BODY {
        return Err(Error::invalid(format!(
            "the webhook body is larger than {MAX_BODY} bytes (1 MiB); refused unread, nothing changed"
        )));
    }
    if body.is_empty() {
        return Err(Error::invalid("the webhook body is empty; nothing changed"));
    }
    Ok(body)
}

/// The webhook secret, which must be configured (checked before the body is read).
pub fn require_secret(secret: Option<&[u8]>) -> Result<&[u8], Error> {
    secret.ok_or_else(|| {
        Error::invalid(
            "no webhook secret configured: set RAZORPAY_WEBHOOK_SECRET, or \
             razorpay_webhook_secret in the config file; nothing changed",
        )
    })
}

/// Checks the delivery's signature with the webhook secret, over the body as received.
pub fn verify(secret: &[u8], d: &Delivery<'_>) -> Result<(), Error> {
    let given = d.signature.ok_or_else(|| {
        Error::Signature("no webhook signature given (--signature); nothing changed".into())
    })?;
    signature::verify_webhook(secret, d.body, given).map_err(|e| {
        let what = match e {
            SignatureError::Malformed => "malformed",
            SignatureError::Mismatch => "invalid",
        };
        Error::Signature(format!("webhook signature {what}: {e}; nothing changed"))
    })
}

/// Processes a verified delivery; `connect` opens Redis, for the events that need it.
pub fn process(
    db: &mut Db,
    connect: impl FnOnce() -> Result<Redis, Error>,
    d: &Delivery<'_>,
    fallback_ttl: Duration,
) -> Result<Report, Error> {
    let env: Envelope = serde_json::from_slice(d.body).map_err(|e| {
        Error::invalid(format!(
            "the webhook body is not a Razorpay event ({e}); nothing changed"
        ))
    })?;
    let event_id = d.event_id.or(env.id.as_deref()).ok_or_else(|| {
        Error::invalid(
            "no event id: give --event-id (the X-Razorpay-Event-Id header); nothing changed",
        )
    })?;
    crate::ids::check_provider_id("event id", event_id)?;
    let name = env.event.as_str();
    if name.is_empty() || name.len() > MAX_EVENT_NAME || !name.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(Error::invalid(
            "the webhook's event name is not one Razorpay sends; nothing changed",
        ));
    }
    if let Some(first) = db.payment_event(event_id)? {
        return Ok(Report::duplicate(&first));
    }
    let ev = Event {
        id: event_id,
        name,
        received_at_ms: wall_ms(),
    };
    match name {
        "payment.captured" | "order.paid" => captured(db, connect, &env, ev, fallback_ttl),
        "payment.failed" => failed(db, connect, &env, ev, fallback_ttl),
        "refund.processed" => refunded(db, &env, ev),
        _ => ignored(db, &env, ev),
    }
}

/// The booking a payment pays: its order's link, else its `notes.booking_id`.
fn booking_of(db: &Db, env: &Envelope, p: &PaymentEntity) -> Result<i64, Error> {
    let linked: Option<OrderEntity> = env.entity("order")?;
    let order = p
        .order_id
        .as_deref()
        .or(linked.as_ref().map(|o| o.id.as_str()));
    if let Some(o) = order.filter(|o| crate::ids::check_provider_id("order id", o).is_ok())
        && let Some(id) = db.order_booking(o)?
    {
        return Ok(id);
    }
    let noted = match p.notes.get("booking_id") {
        Some(Value::String(s)) => s.parse::<i64>().ok(),
        Some(Value::Number(n)) => n.as_i64(),
        _ => None,
    };
    noted.filter(|id| *id > 0).ok_or_else(|| {
        Error::not_found(format!(
            "payment {} names no booking (no linked order, no notes.booking_id); nothing changed",
            p.id
        ))
    })
}

/// `payment.captured`, `order.paid`: confirm, with the amount checked and the event recorded.
fn captured(
    db: &mut Db,
    connect: impl FnOnce() -> Result<Redis, Error>,
    env: &Envelope,
    ev: Event<'_>,
    fallback_ttl: Duration,
) -> Result<Report, Error> {
    let p = payment_of(env, ev)?;
    let booking_id = booking_of(db, env, &p)?;
    let amount = i64::try_from(p.amount)
        .map_err(|_| Error::invalid("the payment's amount is out of range; nothing changed"))?;
    // The webhook's signature was checked before the body was read: say so in the sale's
    // transaction, as a checkout confirm does.
    let verified = serde_json::json!({
        "signature_verified": true,
        "via": "webhook",
        "event_id": ev.id,
        "payment_id": p.id,
    });
    let paid = Paid {
        captured: Some((amount, p.currency.as_str())),
        event: Some(ev),
        verification: Some(holds::Verified {
            detail: &verified,
            forced: false,
        }),
    };
    let mut redis = connect()?;
    let target = Target::Booking(booking_id);
    let done = holds::confirm_paid(db, &mut redis, &target, &p.id, paid, fallback_ttl);
    let mut r = Report::new(ev.id, ev.name, Outcome::Confirmed);
    r.booking_id = Some(booking_id);
    r.payment_id = Some(p.id.clone());
    match done {
        Ok(PaidOutcome::Sold(c)) => {
            r.outcome = if c.late {
                Outcome::Late
            } else {
                Outcome::Confirmed
            };
            r.already_done = c.already_confirmed;
            r.warnings.extend(c.warning);
            Ok(r)
        }
        Ok(PaidOutcome::Duplicate(first)) => Ok(Report::duplicate(&first)),
        // A refusal recorded with the event is an outcome; one that recorded nothing is an error.
        Err(e) => match db.payment_event(ev.id)? {
            Some(first) if first.booking_id == Some(booking_id) => {
                r.outcome = first.outcome.into();
                r.refusal = Some(e);
                Ok(r)
            }
            _ => Err(e),
        },
    }
}

/// `payment.failed`: releases the booking's hold if it is still PENDING and unpaid; else (paid,
/// or ended) the failure is out of date and ignored. Recorded either way.
fn failed(
    db: &mut Db,
    connect: impl FnOnce() -> Result<Redis, Error>,
    env: &Envelope,
    ev: Event<'_>,
    fallback_ttl: Duration,
) -> Result<Report, Error> {
    let p = payment_of(env, ev)?;
    let booking_id = booking_of(db, env, &p)?;
    let released = db.write(|tx| release_failed(tx, booking_id, &p.id, ev))?;
    let mut r = match released {
        Failed::Duplicate(first) => return Ok(Report::duplicate(&first)),
        Failed::Stale(why) => Report {
            reason: Some(why),
            ..Report::new(ev.id, ev.name, Outcome::Ignored)
        },
        Failed::Released(b) => {
            let mut r = Report::new(ev.id, ev.name, Outcome::Released);
            let finished = connect().and_then(|mut redis| {
                holds::finish_in_redis(
                    &mut redis,
                    b.showtime_id,
                    b.user.as_str(),
                    &b.seat_names(),
                    false,
                    Some(b.hold_started_at_ms),
                    fallback_ttl,
                )
            });
            if let Err(e) = finished {
                r.warnings.push(format!(
                    "booking {} released in the database, but its Redis locks were not removed ({}); they expire on their own, or run `boxoffice sweep`",
                    b.id,
                    e.message()
                ));
            }
            r
        }
    };
    r.booking_id = Some(booking_id);
    r.payment_id = Some(p.id.clone());
    Ok(r)
}

enum Failed {
    Released(Booking),
    Stale(String),
    Duplicate(PaymentEvent),
}

/// SQLite's step of a failed payment, with its event.
fn release_failed(
    tx: &Tx<'_>,
    booking_id: i64,
    payment_id: &str,
    ev: Event<'_>,
) -> Result<Failed, Error> {
    if let Some(first) = tx.payment_event(ev.id)? {
        return Ok(Failed::Duplicate(first));
    }
    let b = tx.booking(booking_id)?.ok_or_else(|| {
        Error::not_found(format!(
            "booking {booking_id} does not exist; nothing changed"
        ))
    })?;
    let stale = if b.status != Status::Pending {
        Some(format!(
            "booking {} is {}, no longer a pending hold",
            b.id, b.status
        ))
    } else {
        tx.booking_id_by_payment(payment_id)?
            .map(|other| format!("payment {payment_id} paid booking {other} already"))
    };
    let outcome = if stale.is_some() {
        EventOutcome::Ignored
    } else {
        claims::release(tx, &b, &b.seat_names(), false, wall_ms())?;
        EventOutcome::Released
    };
    tx.insert_payment_event(&ev.row(b.id, payment_id, outcome))?;
    Ok(match stale {
        Some(why) => Failed::Stale(format!("out of order: {why}")),
        None => Failed::Released(b),
    })
}

/// `refund.processed`: settles the refund owed for the payment with Razorpay's refund id.
fn refunded(db: &mut Db, env: &Envelope, ev: Event<'_>) -> Result<Report, Error> {
    let rf: RefundEntity = env.entity("refund")?.ok_or_else(|| {
        Error::invalid("refund.processed has no payload.refund.entity; nothing changed")
    })?;
    holds::check_payment_id(&rf.payment_id)?;
    refunds::check_refund_id(&rf.id)?;
    let amount = rf.amount.and_then(|a| i64::try_from(a).ok());
    let settled = db.write(|tx| {
        if let Some(first) = tx.payment_event(ev.id)? {
            return Ok(Err(first));
        }
        let refund = refund_for(tx, &rf.payment_id, &rf.id, amount)?;
        let s = refunds::settle_in(tx, SettleTarget::Refund(refund.id), &rf.id)?;
        let row = ev.row(refund.booking_id, &rf.payment_id, EventOutcome::Settled);
        tx.insert_payment_event(&row)?;
        Ok(Ok(s))
    })?;
    let s = match settled {
        Ok(s) => s,
        Err(first) => return Ok(Report::duplicate(&first)),
    };
    Ok(Report {
        booking_id: Some(s.refund.booking_id),
        payment_id: Some(rf.payment_id.clone()),
        refund_id: Some(rf.id.clone()),
        refund: Some(s.refund.id),
        already_done: s.already_settled,
        ..Report::new(ev.id, ev.name, Outcome::Settled)
    })
}

/// The refund a provider's refund of `payment_id` pays back: the one it settled already, else
/// the one owed (of that amount, when several are owed).
fn refund_for(
    tx: &Tx<'_>,
    payment_id: &str,
    refund_id: &str,
    amount: Option<i64>,
) -> Result<Refund, Error> {
    let all = tx.refunds_of_payment(payment_id)?;
    if let Some(r) = all
        .iter()
        .find(|r| r.refund_id.as_deref() == Some(refund_id))
    {
        return Ok(r.clone());
    }
    let owed: Vec<&Refund> = all.iter().filter(|r| r.refund_id.is_none()).collect();
    let fits: Vec<&Refund> = match owed
        .iter()
        .filter(|r| amount.is_some() && r.amount_cents == amount)
        .count()
    {
        0 => owed,
        _ => owed
            .into_iter()
            .filter(|r| r.amount_cents == amount)
            .collect(),
    };
    match fits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::not_found(format!(
            "no refund is owed for payment {payment_id}; nothing changed"
        ))),
        many => Err(Error::conflict(format!(
            "{} refunds are owed for payment {payment_id} ({}); settle one with `refunds settle --refund ID --refund-id {refund_id}`; nothing changed",
            many.len(),
            many.iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Any other event: acknowledged, and recorded so that its replay is a duplicate.
fn ignored(db: &mut Db, env: &Envelope, ev: Event<'_>) -> Result<Report, Error> {
    let payment_id = (env.payload.get("payment"))
        .and_then(|w| w.get("entity")?.get("id")?.as_str())
        .filter(|p| holds::check_payment_id(p).is_ok())
        .map(str::to_string);
    let row = PaymentEvent {
        event_id: ev.id.to_string(),
        event: ev.name.to_string(),
        payment_id: payment_id.clone(),
        booking_id: None,
        outcome: EventOutcome::Ignored,
        received_at_ms: ev.received_at_ms,
    };
    let first = db.write(|tx| {
        if tx.insert_payment_event(&row)? {
            return Ok(None);
        }
        tx.payment_event(ev.id)
    })?;
    if let Some(first) = first {
        return Ok(Report::duplicate(&first));
    }
    Ok(Report {
        payment_id,
        reason: Some(format!("boxoffice does not act on {}", ev.name)),
        ..Report::new(ev.id, ev.name, Outcome::Ignored)
    })
}
