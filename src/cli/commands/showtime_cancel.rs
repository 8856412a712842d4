//! `showtime cancel`: CLI glue for calling off a whole screening.

use clap::Args;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, EndedBooking, ScreeningCancelled};
use crate::ids::{self, ShowtimeId};
use crate::store::Status;

#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The showtime to cancel
    #[arg(value_parser = cli::showtime_id, value_name = "ID")]
    pub showtime: ShowtimeId,

    /// Why (kept with the showtime, its audit row and every refund)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

pub const AFTER_HELP: &str = "\
Examples:
  boxoffice showtime cancel 24 --reason \"projector failure\"
  boxoffice showtime cancel 24 --reason \"projector failure\" --yes --json

Stops every sale of the showtime for good (reserve, move and block refuse it, exit 3), releases
every hold and cancels every sale; each sale is owed back (see `boxoffice refunds`). Asks for
confirmation on a terminal; without one it needs --yes. Running it again changes nothing and
clears any Redis keys left behind (exit 0).";

pub fn run(ctx: &Context, a: CancelArgs) -> Result<(), Error> {
    let mut db = ctx.db()?;
    let plan = holds::plan_showtime_cancel(&db, a.showtime, &a.reason)?;
    let mut redis = ctx.redis()?;
    if !plan.already_done() {
        let (question, action) = ("Cancel this screening?", "cancelling a screening");
        super::cancel::ask(ctx, &plan.describe(), question, action)?;
    }
    let out = holds::cancel_showtime(&mut db, &mut redis, plan)?;
    for w in &out.warnings {
        output::warn(w);
    }
    if ctx.json {
        return output::json(&out);
    }
    output::line(ids::escaped(&summary(&out)))?;
    if !out.bookings.is_empty() {
        output::line(table(&out.bookings))?;
    }
    Ok(())
}

/// One line saying what happened.
fn summary(c: &ScreeningCancelled) -> String {
    let (st, why) = (c.showtime_id, &c.cancelled.reason);
    if c.already_done {
        let left = match c.redis_keys_removed {
            0 => String::new(),
            n => format!(" ({n} Redis keys it left behind removed)"),
        };
        return format!(
            "Showtime {st} ({}) was cancelled already, at {} by {}: {why}; nothing changed{left}.",
            c.movie,
            output::local_time(c.cancelled.at_ms),
            c.cancelled.operator
        );
    }
    let sales = c.bookings.iter().filter(|b| b.refund.is_some()).count();
    let holds = c.bookings.len() - sales;
    format!(
        "Cancelled showtime {st} ({}): {why}. Sales are stopped; {} released, {} cancelled{}.",
        c.movie,
        plural(holds, "hold"),
        plural(sales, "sale"),
        if sales > 0 {
            " and owed back (boxoffice refunds)"
        } else {
            ""
        }
    )
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The bookings the cancel ended, one row each.
fn table(bookings: &[EndedBooking]) -> String {
    let mut t = output::table(&["BOOKING", "USER", "WAS", "SEATS", "REFUND", "PAYMENT"]);
    for b in bookings {
        let (refund, payment) = match &b.refund {
            Some(r) => (r.id.to_string(), ids::escaped(&r.payment_id).into_owned()),
            None => (String::new(), String::new()),
        };
        let was = match b.previous_status {
            Status::Confirmed => "sold",
            _ => "held",
        };
        t.add_row(vec![
            b.booking_id.to_string(),
            ids::escaped(&b.user).into_owned(),
            was.to_string(),
            b.seats.join(", "),
            refund,
            payment,
        ]);
    }
    t.to_string()
}
