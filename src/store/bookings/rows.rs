//! The rows of bookings as the domain sees them: a booking with its seats, a live claim on a
//! seat, and the four statuses, read strictly (a status the schema does not allow is an error
//! naming the booking, never a guess).

use serde::Serialize;

use crate::ids::{SeatId, ShowtimeId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
            Status::Expired => "EXPIRED",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.to_ascii_uppercase().as_str() {
            "PENDING" => Some(Status::Pending),
            "CONFIRMED" => Some(Status::Confirmed),
            "CANCELLED" => Some(Status::Cancelled),
            "EXPIRED" => Some(Status::Expired),
            _ => None,
        }
    }

    /// Booking `id`'s status as stored in column `col`. The schema's CHECK allows no other, so
    /// anything else is a database someone edited by hand: an error naming the booking, never a
    /// guess at what it meant.
    pub(in crate::store) fn stored(s: &str, id: i64, col: usize) -> rusqlite::Result<Status> {
        Status::parse(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                col,
                rusqlite::types::Type::Text,
                Box::new(UnknownStatus {
                    booking_id: id,
                    status: s.to_string(),
                }),
            )
        })
    }
}

/// A booking row whose status is none of the four.
#[derive(Debug, thiserror::Error)]
#[error(
    "booking {booking_id} has status {status:?}, which is none of PENDING, CONFIRMED, CANCELLED \
     or EXPIRED"
)]
struct UnknownStatus {
    booking_id: i64,
    status: String,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A booking and the seats it (still) claims.
#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub id: i64,
    pub showtime_id: ShowtimeId,
    pub user: UserId,
    pub status: Status,
    pub payment_id: Option<String>,
    pub late: bool,
    pub seats: Vec<SeatId>,
    pub created_at_ms: i64,
    pub hold_started_at_ms: i64,
    pub expires_at_ms: i64,
    pub updated_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
    /// What its seats cost, in minor units of `currency` (`--json`'s `amount`); `None` when
    /// they have no price (every rectangular showtime). See `holds::claims::price`.
    #[serde(rename = "amount")]
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
}

impl Booking {
    /// The amount with its currency, when the booking has a price.
    pub fn price(&self) -> Option<(i64, &str)> {
        self.amount_minor.zip(self.currency.as_deref())
    }

    /// The seats' ids as text (for scripts and audit rows, which take the scheme's strings).
    pub fn seat_names(&self) -> Vec<String> {
        crate::ids::seat_names(&self.seats)
    }
}

/// A live claim on a seat: the PENDING or CONFIRMED booking that holds it in SQLite.
#[derive(Debug, Clone)]
pub struct Claim {
    pub seat: String,
    pub booking_id: i64,
    pub status: Status,
    pub user: String,
    pub expires_at_ms: i64,
}
