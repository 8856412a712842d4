//! The reference model of the rules: what each booking should be, which seats it holds and
//! until when, as a simple in-memory picture the real world is compared with.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum St {
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

impl St {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            St::Pending => "PENDING",
            St::Confirmed => "CONFIRMED",
            St::Cancelled => "CANCELLED",
            St::Expired => "EXPIRED",
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct MBooking {
    pub(super) id: i64,
    pub(super) user: usize,
    pub(super) seats: BTreeSet<usize>,
    pub(super) status: St,
    pub(super) payment: Option<String>,
    pub(super) started: i64,
    pub(super) expires: i64,
    /// Redis has this hold's keys (false after a FLUSHALL or restart, until a sweep restores).
    pub(super) locked: bool,
    /// Seats taken out of it (released from the hold, or cancelled).
    pub(super) released: BTreeSet<usize>,
}

#[derive(Default)]
pub(super) struct Model {
    pub(super) bookings: BTreeMap<i64, MBooking>,
    pub(super) payments: u32,
    pub(super) last_payment: [Option<String>; 4],
    /// Seats with a standing block.
    pub(super) blocked: BTreeSet<usize>,
    /// Sold seats cancelled, each owed back once (`refund_seats` rows).
    pub(super) refunded_seats: usize,
    /// Refused payments owed back (`late_payment` refunds).
    pub(super) late_refunds: usize,
    /// The screening is called off (`showtime cancel`): nothing more is sold.
    pub(super) cancelled: bool,
    /// Webhook deliveries sent, validly signed, in order (`webhooks.rs`), for redelivery.
    pub(super) sent: Vec<Sent>,
    /// Events made so far (event ids `evt_N`; forged ones are counted too).
    pub(super) events: u32,
}

/// A signed webhook delivery, as sent.
#[derive(Clone, Debug)]
pub(super) struct Sent {
    pub(super) id: String,
    pub(super) failed: bool,
    pub(super) booking: i64,
    pub(super) pay: String,
    pub(super) body: String,
    /// boxoffice stored its event id: a redelivery is a duplicate.
    pub(super) recorded: bool,
}

impl Model {
    pub(super) fn pending(&self, user: usize) -> Option<&MBooking> {
        self.bookings
            .values()
            .find(|b| b.user == user && b.status == St::Pending)
    }

    /// The live claim (PENDING, even past its expiry, or CONFIRMED) on a seat.
    pub(super) fn claim(&self, seat: usize) -> Option<&MBooking> {
        self.bookings
            .values()
            .find(|b| matches!(b.status, St::Pending | St::Confirmed) && b.seats.contains(&seat))
    }

    /// The seat locks Redis should have now: seat -> (user, expiry).
    pub(super) fn locks(&self, now: i64) -> BTreeMap<usize, (usize, i64)> {
        let mut out = BTreeMap::new();
        for b in self.bookings.values() {
            if b.status == St::Pending && b.locked && b.expires > now {
                for &s in &b.seats {
                    out.insert(s, (b.user, b.expires));
                }
            }
        }
        out
    }

    /// PENDING bookings claiming `seats` (other than `own`) that block them, and the stale
    /// ones the command will expire on its way.
    pub(super) fn blockers(
        &self,
        seats: &BTreeSet<usize>,
        own: Option<i64>,
        now: i64,
    ) -> (bool, Vec<i64>) {
        let mut blocked = false;
        let mut stale = Vec::new();
        for &s in seats {
            if let Some(c) = self.claim(s).filter(|c| Some(c.id) != own) {
                if c.status == St::Pending && c.expires <= now {
                    if !stale.contains(&c.id) {
                        stale.push(c.id);
                    }
                } else {
                    blocked = true;
                }
            }
        }
        (blocked, stale)
    }

    pub(super) fn set(&mut self, id: i64, st: St) {
        self.bookings.get_mut(&id).expect("booking in model").status = st;
    }
}
