use clap::{ArgGroup, Args};

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, Target};
use crate::ids::{ShowtimeId, UserId};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["booking", "showtime"])))]
#[command(after_help = "\
Examples:
  boxoffice confirm --booking 17 --payment-id pay_29QQoUBi66xm2f
  boxoffice confirm --showtime 24 --user 7 --payment-id pay_29QQoUBi66xm2f

Retrying with the same payment id is safe and changes nothing. A payment that arrives after
the hold ran out still books the seats if they are free (reported as late); if a seat went to
someone else the command exits 3 and says the payment must be refunded.")]
pub struct ConfirmArgs {
    /// The booking to confirm
    #[arg(long, value_parser = cli::booking_id, value_name = "ID", conflicts_with_all = ["showtime", "user"])]
    pub booking: Option<i64>,

    /// Showtime of the hold (with --user)
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID", requires = "user")]
    pub showtime: Option<ShowtimeId>,

    /// The customer whose hold is paid (with --showtime)
    #[arg(long, value_parser = cli::user_id, value_name = "ID", requires = "showtime")]
    pub user: Option<UserId>,

    /// The payment provider's id for the captured payment
    #[arg(long, value_name = "ID")]
    pub payment_id: String,
}

pub fn run(ctx: &Context, a: ConfirmArgs) -> Result<(), Error> {
    holds::check_payment_id(&a.payment_id)?;
    let target = match (a.booking, a.showtime, a.user) {
        (Some(id), _, _) => Target::Booking(id),
        (None, Some(st), Some(user)) => Target::Holder(st, user),
        _ => return Err(Error::invalid("give --booking, or --showtime with --user")),
    };
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    // The hold setting is also the TTL for an index key the locks' removal finds without one.
    let fallback_ttl = ctx.settings.hold.value;
    let c = holds::confirm(&mut db, &mut redis, &target, &a.payment_id, fallback_ttl)?;
    if let Some(w) = &c.warning {
        output::warn(w);
    }
    if ctx.json {
        let mut doc = serde_json::to_value(&c).map_err(|e| Error::Internal(e.into()))?;
        if let Some(w) = &c.warning {
            doc["warnings"] = serde_json::json!([w]);
        }
        return output::json(&doc);
    }
    // Only a priced booking says what it cost: a rectangular showtime's line is as it was.
    let cost = match (c.amount, &c.currency) {
        (Some(amount), Some(currency)) => format!("{}, ", crate::text::money(amount, currency)),
        _ => String::new(),
    };
    let mut msg = format!(
        "Booking {} confirmed: {} on showtime {} for user {}, {cost}payment {}.",
        c.booking_id,
        c.seats.join(", "),
        c.showtime_id,
        c.user,
        c.payment_id
    );
    if c.already_confirmed {
        msg.push_str(" (Already confirmed with this payment; nothing changed.)");
    } else if c.late {
        msg.push_str(" (Late: the hold had run out, but the seats were still free.)");
    }
    // Seats and user come from the booking's rows, which other software may have written.
    output::line(crate::ids::escaped(&msg))
}
