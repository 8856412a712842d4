//! What a booking costs, and what a refund owes: the one rule, kept by the booking-state
//! writers of `claims` inside their transactions.
//!
//! A booking's amount is the sum of the prices of its seats (those not released from it), in
//! its showtime's currency, in minor units (paise, cents; ISO 4217). It is **no price** (amount
//! and currency both NULL) unless the showtime has a currency and every one of those seats has
//! a price: a seat without a price in a priced showtime is a layout someone edited by hand, and
//! an amount that silently counted it as free would be charged. Every rectangular showtime has
//! no prices, so its bookings have none.
//!
//! The amount is computed again each time the booking's seats change — recorded or restarted
//! with seats added, some released or cancelled, moved (perhaps to another showtime, with
//! another currency) — from the seats' prices, which are the showtime's own, copied from its
//! hall when it was made and never changed after. A booking that ends (whole release or cancel,
//! expiry, a sale) keeps the amount it had.
//!
//! A refund of cancelled seats owes their prices by the same rule; a refused late payment owes
//! the booking's amount.

use serde::Serialize;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::store::{SeatPrices, Tx};

/// An amount in minor units of a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Price {
    #[serde(rename = "amount")]
    pub amount_minor: i64,
    pub currency: String,
}

/// The rule: the sum, when the showtime has a currency and every seat has a price.
pub fn of(p: SeatPrices) -> Option<Price> {
    let currency = p.currency?;
    (p.seats > 0 && p.priced == p.seats).then_some(Price {
        amount_minor: p.sum_minor,
        currency,
    })
}

/// Sets booking `id`'s amount from its seats as they stand in this transaction; returns it.
pub fn reprice(tx: &Tx<'_>, id: i64) -> Result<Option<Price>, Error> {
    let price = of(tx.booking_seat_prices(id)?);
    let set = price
        .as_ref()
        .map(|p| (p.amount_minor, p.currency.as_str()));
    if !tx.set_booking_amount(id, set)? {
        return Err(Error::Internal(anyhow::anyhow!(
            "booking {id} vanished while pricing it"
        )));
    }
    Ok(price)
}

/// What `seats` of `showtime` cost, in minor units of its currency; `None`: no price.
pub fn of_seats(tx: &Tx<'_>, showtime: ShowtimeId, seats: &[String]) -> Result<Option<i64>, Error> {
    Ok(of(tx.seat_prices(showtime, seats)?).map(|p| p.amount_minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prices(seats: i64, priced: i64, currency: Option<&str>) -> SeatPrices {
        SeatPrices {
            seats,
            priced,
            sum_minor: 65_000,
            currency: currency.map(str::to_string),
        }
    }

    #[test]
    fn a_price_needs_a_currency_and_every_seat_priced() {
        let inr = Price {
            amount_minor: 65_000,
            currency: "INR".into(),
        };
        assert_eq!(of(prices(2, 2, Some("INR"))), Some(inr));
        assert_eq!(of(prices(2, 1, Some("INR"))), None);
        assert_eq!(of(prices(2, 2, None)), None);
        assert_eq!(of(prices(0, 0, Some("INR"))), None);
    }
}
