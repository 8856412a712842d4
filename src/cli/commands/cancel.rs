use clap::Args;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, CancelRequest, Cancelled};
use crate::ids;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice cancel --booking 17 --reason \"customer returned\"
  boxoffice cancel --booking 17 --seat B2 --seat B3 --reason \"customer returned\" --yes

Takes back a sale (or a hold), whole or some of its seats; the seats go back on sale at once.
A booking with no seat left is CANCELLED. Every cancelled sold seat is owed back: see
`boxoffice refunds`. Repeating a cancel changes nothing and owes nothing more (exit 0).
Asks for confirmation on a terminal; without one it needs --yes. Recorded in the audit table
with the operator and the reason.")]
pub struct CancelArgs {
    /// The booking to cancel
    #[arg(long, value_parser = cli::booking_id, value_name = "ID")]
    pub booking: i64,

    /// Only these seats of it (repeatable; ranges like B2-B3 work)
    #[arg(long, value_name = "SEAT")]
    pub seat: Vec<String>,

    /// Why (kept in the audit table and with the refund)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

pub fn run(ctx: &Context, a: CancelArgs) -> Result<(), Error> {
    let seats = if a.seat.is_empty() {
        None
    } else {
        Some(ids::parse_seat_list(&a.seat)?)
    };
    let req = CancelRequest {
        booking: a.booking,
        seats,
        reason: a.reason,
    };
    let mut db = ctx.db()?;
    let plan = holds::plan_cancel(&db, req)?;
    let mut redis = ctx.redis()?;
    if !plan.already_done() {
        ask(ctx, &plan.describe(), "Cancel these seats?", "cancelling")?;
    }
    let out = holds::cancel(&mut db, &mut redis, plan, ctx.settings.hold.value)?;
    for w in &out.warnings {
        output::warn(w);
    }
    if ctx.json {
        return output::json(&out);
    }
    output::line(ids::escaped(&summary(&out)))
}

/// Says what a cancel will do (`what`, escaped) and asks `question`: `--yes` answers, and
/// without a terminal or `--yes` it is exit 2 with nothing changed.
pub(super) fn ask(ctx: &Context, what: &str, question: &str, action: &str) -> Result<(), Error> {
    output::note("This will cancel:");
    output::note(format!("  {}", ids::escaped(what)));
    if !ctx.confirm(question, action)? {
        return Err(Error::invalid("not confirmed; nothing was cancelled"));
    }
    Ok(())
}

/// One line saying what happened.
fn summary(c: &Cancelled) -> String {
    let id = c.booking_id;
    let state = if c.remaining_seats.is_empty() {
        format!("booking {id} is {}", c.status)
    } else {
        format!(
            "booking {id} stays {} with {}",
            c.status,
            c.remaining_seats.join(", ")
        )
    };
    if c.already_done {
        let seats = if c.already_cancelled.is_empty() {
            String::new()
        } else {
            format!(" {}", c.already_cancelled.join(", "))
        };
        return format!("Already cancelled{seats}: {state}; nothing changed.");
    }
    let refund = match &c.refund {
        Some(r) => format!(
            " Refund {} owed: payment {}, {} seat{}{}.",
            r.id,
            r.payment_id,
            r.seats.len(),
            if r.seats.len() == 1 { "" } else { "s" },
            // Only a priced refund says how much: an unpriced one's line is as it was.
            match (r.amount_cents, &r.currency) {
                (Some(a), Some(c)) => format!(", {}", crate::text::money(a, c)),
                _ => String::new(),
            }
        ),
        None => String::new(),
    };
    format!(
        "Cancelled {} on showtime {} from user {}; {state}.{refund}",
        c.cancelled_seats.join(", "),
        c.showtime_id,
        c.user
    )
}
