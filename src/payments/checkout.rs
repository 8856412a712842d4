//! `confirm` with Razorpay's checkout proof: the payment is verified before anything changes,
//! then `holds::confirm` sells the seats exactly as it always has.
//!
//! The proof is the three values Razorpay's checkout hands the browser: the payment id, the
//! order id and the signature (hex HMAC-SHA256 of `order_id|payment_id` with the key secret).
//! The signature proves Razorpay took that payment for that order; the order's link
//! (`order link`, `reserve --order-id`) proves which booking the order was opened for. So a
//! confirm with a proof needs both, checked in this order, and a refusal of either changes
//! nothing:
//!
//! 1. the policy: with a key secret configured, a confirm without a proof is refused (exit 7),
//!    unless staff force it (cash or card at the counter: audited as forced and unverified); a
//!    proof without a secret to check it against is a setup error (exit 2). With no secret and
//!    no proof, confirm is what it was (a site taking Razorpay payments must set the secret);
//! 2. the signature (exit 7: malformed, or not matching);
//! 3. the order's link: an order linked to no booking is not found (exit 4: link it when it is
//!    created, so that webhooks find the booking too), one linked to another booking (or, for
//!    `--showtime/--user`, another customer's) is a conflict (exit 3). The linked booking is the
//!    one confirmed, so a customer who reserved again since still pays the booking the order
//!    was opened for.
//!
//! The verification's audit row (`payment_verification`: `signature_verified`, the order id
//! and payment id; not the signature, which anyone holding the secret can recompute and which
//! proves nothing more) is written in the sale's own transaction, right after the confirm's
//! row (`holds::Paid::verification`), so a sale is never without it. A retry of a confirm that
//! went through writes nothing.

use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use super::signature::{SignatureError, verify_checkout};
use crate::config::Secret;
use crate::error::Error;
use crate::holds::{self, Confirmation, Target};
use crate::ids::check_order_id;
use crate::redis_client::Redis;
use crate::store::Db;

/// The checkout's two values besides the payment id.
#[derive(Debug, Clone, Copy)]
pub struct Proof<'a> {
    pub order_id: &'a str,
    pub signature: &'a str,
}

/// How the payment behind a confirm was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verification")]
pub enum Verification {
    /// The checkout signature matched, for an order linked to the booking.
    Signature { order_id: String },
    /// Staff confirmed a payment taken another way (`--force`): nothing was verified.
    Forced,
    /// No key secret is configured and no proof was given: confirm as before.
    Unchecked,
}

/// A confirm with its check.
#[derive(Debug)]
pub struct Checked {
    pub confirmation: Confirmation,
    pub verification: Verification,
}

/// What a checkout confirm is given.
pub struct Request<'a> {
    pub target: Target,
    pub payment_id: &'a str,
    pub proof: Option<Proof<'a>>,
    /// Staff override: confirm without a proof (the caller has asked, or has `--yes`).
    pub forced: bool,
}

/// Verifies the payment (see the module doc), then confirms through `holds::confirm`, then
/// records how it was verified.
pub fn confirm(
    db: &mut Db,
    redis: &mut Redis,
    key_secret: Option<&Secret>,
    req: Request<'_>,
    fallback_ttl: Duration,
) -> Result<Checked, Error> {
    holds::check_payment_id(req.payment_id)?;
    let (linked, verification) = verify(db, key_secret, &req)?;
    let target = linked.map_or(req.target, Target::Booking);
    let detail = verification.detail(req.payment_id);
    let paid = holds::Paid {
        verification: detail.as_ref().map(|detail| holds::Verified {
            detail,
            forced: verification == Verification::Forced,
        }),
        ..Default::default()
    };
    let c = match holds::confirm_paid(db, redis, &target, req.payment_id, paid, fallback_ttl)? {
        holds::PaidOutcome::Sold(c) => c,
        holds::PaidOutcome::Duplicate(e) => {
            return Err(Error::Internal(anyhow::anyhow!(
                "a checkout confirm found webhook event {}",
                e.event_id
            )));
        }
    };
    Ok(Checked {
        confirmation: c,
        verification,
    })
}

/// Steps 1 to 3 of the module doc: how the payment was checked, and the booking its order is
/// linked to (which the confirm then names). Reads only.
fn verify(
    db: &Db,
    key_secret: Option<&Secret>,
    req: &Request<'_>,
) -> Result<(Option<i64>, Verification), Error> {
    let Some(proof) = req.proof else {
        return match (req.forced, key_secret) {
            (true, _) => Ok((None, Verification::Forced)),
            (false, None) => Ok((None, Verification::Unchecked)),
            (false, Some(_)) => Err(Error::Signature(
                "a Razorpay checkout signature is required (RAZORPAY_KEY_SECRET is configured): \
                 give --order-id and --signature from the checkout; a payment taken another way \
                 (cash or card at the counter) is confirmed by staff with --force, audited; \
                 nothing was changed"
                    .into(),
            )),
        };
    };
    check_order_id(proof.order_id)?;
    let Some(secret) = key_secret else {
        return Err(Error::invalid(
            "no key secret configured (RAZORPAY_KEY_SECRET or razorpay_key_secret in the config \
             file): the signature cannot be checked; nothing was changed",
        ));
    };
    check_signature(secret, proof, req.payment_id)?;
    let booking_id = linked_booking(db, &req.target, proof.order_id)?;
    Ok((
        Some(booking_id),
        Verification::Signature {
            order_id: proof.order_id.to_string(),
        },
    ))
}

fn check_signature(secret: &Secret, proof: Proof<'_>, payment_id: &str) -> Result<(), Error> {
    let (order_id, signature) = (proof.order_id, proof.signature);
    verify_checkout(secret.expose(), order_id, payment_id, signature).map_err(|e| match e {
        // Not echoed: it is noise, and a secret pasted into the wrong flag must not be printed.
        SignatureError::Malformed => Error::Signature(format!(
            "malformed signature ({} characters): Razorpay's is exactly 64 lower-case hex \
             digits (upper case or spaces mean it was altered on the way); nothing was changed",
            signature.chars().count()
        )),
        SignatureError::Mismatch => Error::Signature(format!(
            "the signature does not match order {order_id} and payment {payment_id} (a wrong \
             key secret, or an altered value); the payment is not verified, nothing was changed"
        )),
    })
}

/// The booking the order is linked to, which must be the one the confirm names.
fn linked_booking(db: &Db, target: &Target, order_id: &str) -> Result<i64, Error> {
    let Some(linked) = db.order_booking(order_id)? else {
        return Err(Error::not_found(format!(
            "order {order_id} is not linked to a booking: link it when it is created \
             (`reserve --order-id` or `order link --booking ID --order-id {order_id}`); nothing \
             was changed"
        )));
    };
    match target {
        Target::Booking(id) if *id == linked => Ok(linked),
        Target::Booking(id) => Err(super::orders::linked_elsewhere(order_id, Some(linked), *id)),
        Target::Holder(showtime, user) => {
            let b = db.booking(linked)?;
            match b {
                Some(b) if b.showtime_id == *showtime && b.user == *user => Ok(linked),
                _ => Err(Error::conflict(format!(
                    "order {order_id} is linked to booking {linked}, which is not user {user}'s \
                     on showtime {showtime}; nothing was changed"
                ))),
            }
        }
    }
}

impl Verification {
    /// The detail of the `payment_verification` audit row a sale on this payment writes in its
    /// own transaction; `None`: nothing was checked (no key secret configured), no row.
    fn detail(&self, payment_id: &str) -> Option<serde_json::Value> {
        match self {
            Verification::Unchecked => None,
            Verification::Signature { order_id } => Some(json!({
                "signature_verified": true,
                "order_id": order_id,
                "payment_id": payment_id,
            })),
            Verification::Forced => Some(json!({
                "signature_verified": false,
                "payment_id": payment_id,
                "detail": "unverified: staff confirmed a payment taken without a Razorpay checkout signature (--force)",
            })),
        }
    }
}
