use clap::{Args, Subcommand};

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::payments::orders;

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Record the Razorpay order created for a hold, so its payment finds the booking
    #[command(after_help = "\
Examples:
  boxoffice order link --booking 17 --order-id order_9A33XWu170gUtm

Link the order when it is created for the hold (or create the hold with `reserve --order-id`):
`confirm --order-id … --signature …` then confirms only the booking its order is linked to.
The same pair again changes nothing (exit 0). An order already linked to another booking is
refused (exit 3, naming it), as is a booking that is no longer a hold awaiting payment (sold,
cancelled or expired: exit 3); no such booking is exit 4.")]
    Link(LinkArgs),
    /// List the Razorpay orders linked to a booking, oldest first
    #[command(after_help = "\
Examples:
  boxoffice order list --booking 17")]
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The booking (a PENDING hold) the order was created for
    #[arg(long, value_parser = cli::booking_id, value_name = "ID")]
    pub booking: i64,

    /// Razorpay's order id: order_ and 1-40 letters and digits
    #[arg(long, value_parser = cli::order_id, value_name = "ORDER")]
    pub order_id: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The booking whose orders to list
    #[arg(long, value_parser = cli::booking_id, value_name = "ID")]
    pub booking: i64,
}

pub fn run(ctx: &Context, c: OrderCommand) -> Result<(), Error> {
    match c {
        OrderCommand::Link(a) => link(ctx, a),
        OrderCommand::List(a) => list(ctx, a),
    }
}

fn link(ctx: &Context, a: LinkArgs) -> Result<(), Error> {
    let mut db = ctx.db()?;
    let l = orders::link(&mut db, a.booking, &a.order_id)?;
    if ctx.json {
        return output::json(&l);
    }
    let line = if l.already_linked {
        format!(
            "Order {} is already linked to booking {}; nothing changed.",
            l.order_id, l.booking_id
        )
    } else {
        format!(
            "Order {} linked to booking {} (user {} on showtime {}).",
            l.order_id, l.booking_id, l.user, l.showtime_id
        )
    };
    // The user id comes from the booking's row, which other software may have written.
    output::line(crate::ids::escaped(&line))
}

fn list(ctx: &Context, a: ListArgs) -> Result<(), Error> {
    let db = ctx.db()?;
    let list = orders::list(&db, a.booking)?;
    if ctx.json {
        return output::json(&serde_json::json!({ "booking_id": a.booking, "orders": list }));
    }
    if list.is_empty() {
        output::note(format!("No orders linked to booking {}.", a.booking));
        return Ok(());
    }
    // Order ids come from the database, which other software may have written.
    output::line(crate::ids::escaped(&list.join("\n")))
}
