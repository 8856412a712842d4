//! Razorpay's webhook payload, as much of it as boxoffice reads, and the checks on it that
//! need no database: the entities an event carries, read as the event needs them.

use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;
use crate::holds::{self, Event};

// Razorpay's payload, as much of it as boxoffice reads. Unknown fields are ignored.
// The payload is read entity by entity, as an event needs it: an event boxoffice ignores is
// ignored whatever its entities hold.
#[derive(Deserialize)]
pub(super) struct Envelope {
    pub(super) id: Option<String>,
    pub(super) event: String,
    #[serde(default)]
    pub(super) payload: Value,
}

impl Envelope {
    /// `payload.NAME.entity`: `None` when absent, an error when not of the expected shape.
    pub(super) fn entity<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, Error> {
        let Some(v) = self.payload.get(name).and_then(|w| w.get("entity")) else {
            return Ok(None);
        };
        T::deserialize(v).map(Some).map_err(|e| {
            Error::invalid(format!(
                "{}: payload.{name}.entity is not as Razorpay sends it ({e}); nothing changed",
                self.event
            ))
        })
    }
}

#[derive(Deserialize)]
pub(super) struct PaymentEntity {
    pub(super) id: String,
    pub(super) amount: u64,
    pub(super) currency: String,
    pub(super) order_id: Option<String>,
    /// An object, or `[]` when there are none (as Razorpay sends it).
    #[serde(default)]
    pub(super) notes: Value,
}

#[derive(Deserialize)]
pub(super) struct OrderEntity {
    pub(super) id: String,
}

#[derive(Deserialize)]
pub(super) struct RefundEntity {
    pub(super) id: String,
    pub(super) payment_id: String,
    pub(super) amount: Option<u64>,
}

/// The payment entity an event must carry, checked.
pub(super) fn payment_of(env: &Envelope, ev: Event<'_>) -> Result<PaymentEntity, Error> {
    let p: PaymentEntity = env.entity("payment")?.ok_or_else(|| {
        Error::invalid(format!(
            "{} has no payload.payment.entity; nothing changed",
            ev.name
        ))
    })?;
    holds::check_payment_id(&p.id)?;
    let c = &p.currency;
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid(
            "the payment's currency is not an ISO 4217 code; nothing changed",
        ));
    }
    Ok(p)
}
