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
//!
//! Moving a sale is an exchange of seats already paid for ([`exchange`]): boxoffice can give
//! money back but never takes more. New seats that cost the same (same currency) move with the
//! amount as it was; cheaper ones move and owe the difference back (a `move` refund), so the
//! amount, priced again from the new seats, is still what was paid less what is owed back;
//! dearer ones, another currency, or a price on one side only are refused. Seats without a price
//! on both sides (rectangular showtimes) move as they always did. A hold is only priced again:
//! nothing was paid.

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

/// What moving a sale from some seats to others does to its money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exchange {
    /// The same total in the same currency, or no price on either side: it moves as it is.
    Even,
    /// The new seats cost less: it moves, and this difference is owed back.
    Refund(Price),
    /// The new seats cost this much more: refused (boxoffice takes no new payment).
    Dearer(Price),
    /// The new seats are priced in another currency than the old: refused.
    OtherCurrency { old: Price, new: Price },
    /// The old seats or the new ones have a price and the others have none: refused.
    Unpriced {
        old: Option<Price>,
        new: Option<Price>,
    },
}

/// The rule of a sale's move, from the prices of the seats it leaves and of those it takes.
pub fn exchange(old: SeatPrices, new: SeatPrices) -> Exchange {
    match (of(old), of(new)) {
        (None, None) => Exchange::Even,
        (Some(old), Some(new)) if old.currency != new.currency => {
            Exchange::OtherCurrency { old, new }
        }
        (Some(old), Some(new)) => match new.amount_minor.cmp(&old.amount_minor) {
            std::cmp::Ordering::Equal => Exchange::Even,
            std::cmp::Ordering::Less => Exchange::Refund(Price {
                amount_minor: old.amount_minor - new.amount_minor,
                currency: old.currency,
            }),
            std::cmp::Ordering::Greater => Exchange::Dearer(Price {
                amount_minor: new.amount_minor - old.amount_minor,
                currency: old.currency,
            }),
        },
        (old, new) => Exchange::Unpriced { old, new },
    }
}

/// The seats of a move, for the wording of a refusal.
pub struct Swap<'a> {
    pub booking: i64,
    /// The booking's amount (what was paid, less what is owed back), if it has one.
    pub paid: Option<(i64, &'a str)>,
    pub old: &'a [String],
    pub new: &'a [String],
    pub to_showtime: ShowtimeId,
}

impl Exchange {
    /// The refusal (exit 3) of a move the rule does not allow; `None` when it may go ahead.
    pub fn refusal(&self, s: &Swap<'_>) -> Option<Error> {
        let (old, new) = (s.old.join(", "), s.new.join(", "));
        let (verb, has) = if s.new.len() == 1 {
            ("costs", "has")
        } else {
            ("cost", "have")
        };
        let paid = match s.paid {
            Some((amount, currency)) => format!(
                " (booking {} was paid {})",
                s.booking,
                crate::text::money(amount, currency)
            ),
            None => String::new(),
        };
        let money = |p: &Price| crate::text::money(p.amount_minor, &p.currency);
        let (why, cannot) = match self {
            Exchange::Even | Exchange::Refund(_) => return None,
            Exchange::Dearer(d) => (
                format!("{new} {verb} {} more than {old}{paid}", money(d)),
                "take the difference",
            ),
            Exchange::OtherCurrency { old: o, new: n } => (
                format!(
                    "{new} on showtime {} {verb} {}, in {}, and {old} {} paid in {}{paid}",
                    s.to_showtime,
                    money(n),
                    n.currency,
                    if s.old.len() == 1 { "was" } else { "were" },
                    o.currency
                ),
                "exchange currencies",
            ),
            Exchange::Unpriced { old: Some(o), .. } => (
                format!(
                    "{new} on showtime {} {has} no price, and {old} cost {}{paid}",
                    s.to_showtime,
                    money(o)
                ),
                "price the move",
            ),
            Exchange::Unpriced { new: n, .. } => (
                format!(
                    "{new} {verb} {}, and {old} had no price{paid}",
                    n.as_ref().map(money).unwrap_or_default()
                ),
                "price the move",
            ),
        };
        Some(Error::conflict(format!(
            "{why}; boxoffice cannot {cannot}: cancel those seats and sell the new ones; nothing \
             was moved"
        )))
    }
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

    fn priced(sum_minor: i64, currency: &str) -> SeatPrices {
        SeatPrices {
            seats: 2,
            priced: 2,
            sum_minor,
            currency: Some(currency.into()),
        }
    }

    fn inr(amount_minor: i64) -> Price {
        Price {
            amount_minor,
            currency: "INR".into(),
        }
    }

    #[test]
    fn a_sale_moves_to_seats_as_dear_or_cheaper_in_its_currency_only() {
        let unpriced = prices(2, 2, None);
        assert_eq!(exchange(unpriced.clone(), unpriced.clone()), Exchange::Even);
        assert_eq!(
            exchange(priced(50_000, "INR"), priced(50_000, "INR")),
            Exchange::Even
        );
        assert_eq!(
            exchange(priced(80_000, "INR"), priced(50_000, "INR")),
            Exchange::Refund(inr(30_000))
        );
        assert_eq!(
            exchange(priced(50_000, "INR"), priced(80_000, "INR")),
            Exchange::Dearer(inr(30_000))
        );
        assert!(matches!(
            exchange(priced(50_000, "INR"), priced(500, "JPY")),
            Exchange::OtherCurrency { .. }
        ));
        assert_eq!(
            exchange(priced(50_000, "INR"), unpriced.clone()),
            Exchange::Unpriced {
                old: Some(inr(50_000)),
                new: None
            }
        );
        assert!(matches!(
            exchange(prices(2, 1, Some("INR")), priced(50_000, "INR")),
            Exchange::Unpriced { old: None, .. }
        ));
    }

    #[test]
    fn a_refused_move_names_the_difference_and_what_was_paid() {
        let (old, new) = (
            ["B2".to_string(), "B3".to_string()],
            ["F5".into(), "F6".into()],
        );
        let swap = Swap {
            booking: 17,
            paid: Some((50_000, "INR")),
            old: &old,
            new: &new,
            to_showtime: ShowtimeId::new(24).unwrap(),
        };
        let e = Exchange::Dearer(inr(30_000)).refusal(&swap).unwrap();
        assert_eq!(
            e.message(),
            "F5, F6 cost INR 300.00 more than B2, B3 (booking 17 was paid INR 500.00); \
             boxoffice cannot take the difference: cancel those seats and sell the new ones; \
             nothing was moved"
        );
        assert_eq!(e.exit_code(), crate::error::exit::CONFLICT);
        assert!(Exchange::Refund(inr(1)).refusal(&swap).is_none());
        assert!(Exchange::Even.refusal(&swap).is_none());
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
