//! `move`: clap glue for `holds::move_booking`, and its printing.

use clap::Args;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, MoveRequest};
use crate::ids::{self, ShowtimeId};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice move --booking 17 B2=F5 B3=F6
  boxoffice move --booking 17 B2=B2 B3=B3 --to-showtime 25 --reason \"wants the 21:00 show\"

All pairs move or none does. A hold keeps its expiry, a sale its payment. --to-showtime moves
the whole booking, so it needs a new seat for each of its seats. A hold is priced again from its
new seats; a sale moves only to seats that cost the same or less, in its currency: a cheaper
move owes the difference back (see `boxoffice refunds`), a dearer one is refused (exit 3).
Staff at the counter run it for the customer; it needs no confirmation (moving back undoes it)
and is recorded in the audit table, on the seats of both sides.")]
pub struct MoveArgs {
    /// The booking whose seats move (PENDING or CONFIRMED)
    #[arg(long, value_parser = cli::booking_id, value_name = "ID")]
    pub booking: i64,

    /// Seat pairs OLD=NEW: each old seat of the booking and the free seat it moves to
    #[arg(value_name = "OLD=NEW", required = true)]
    pub pairs: Vec<String>,

    /// Move the whole booking to this (upcoming) showtime
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub to_showtime: Option<ShowtimeId>,

    /// Why, for the audit table
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

pub fn run(ctx: &Context, a: MoveArgs) -> Result<(), Error> {
    let pairs = a
        .pairs
        .iter()
        .map(|p| holds::parse_pair(p))
        .collect::<Result<Vec<_>, _>>()?;
    let req = MoveRequest {
        booking: a.booking,
        pairs,
        to_showtime: a.to_showtime,
        reason: a.reason,
    };
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    // The hold setting is also the TTL for an index key the locks' removal finds without one.
    let mut m = holds::move_booking(&mut db, &mut redis, req, ctx.settings.hold.value)?;
    m.warnings
        .extend(ctx.replicate(&mut redis, "the booking's new seats"));
    for w in &m.warnings {
        output::warn(w);
    }
    if ctx.json {
        return output::json(&m);
    }
    let pairs: Vec<String> = m
        .pairs
        .iter()
        .map(|p| format!("{} → {}", p.from, p.to))
        .collect();
    let place = if m.from_showtime_id == m.showtime_id {
        format!("on showtime {}", m.showtime_id)
    } else {
        format!(
            "from showtime {} to showtime {}",
            m.from_showtime_id, m.showtime_id
        )
    };
    // Only a priced booking says what it costs: an unpriced one's line is as it was.
    let cost = match (m.amount, &m.currency) {
        (Some(a), Some(c)) => format!(" ({})", crate::text::money(a, c)),
        _ => String::new(),
    };
    let refund = match &m.refund {
        Some(r) => format!(
            " Refund {} owed: payment {}{}.",
            r.id,
            r.payment_id,
            match (r.amount_cents, &r.currency) {
                (Some(a), Some(c)) => format!(", {}", crate::text::money(a, c)),
                _ => String::new(),
            }
        ),
        None => String::new(),
    };
    // The user comes from the booking's row, which other software may have written.
    output::line(ids::escaped(&format!(
        "Moved booking {} (user {}, {}) {place}: {}. Its seats now: {}{cost}.{refund}",
        m.booking_id,
        m.user,
        m.status,
        pairs.join(", "),
        m.seats.join(", ")
    )))
}
