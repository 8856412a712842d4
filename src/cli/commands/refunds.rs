use clap::{Args, Subcommand};
use comfy_table::Cell;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::ids::escaped;
use crate::refunds::{self, SettleTarget};
use crate::store::Refund;

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "\
Examples:
  boxoffice refunds                      # money owed back, oldest first
  boxoffice refunds --all --csv > refunds.csv
  boxoffice refunds settle --booking 17 --refund-id rfnd_9Xz

Refunds come from cancelled sales (`boxoffice cancel`), cancelled screenings (`boxoffice
showtime cancel`) and late payments whose seats went to someone else or whose screening was
cancelled (`boxoffice confirm` refuses them). Reads SQLite only, so the list works
while Redis is down."
)]
pub struct RefundsArgs {
    #[command(subcommand)]
    pub command: Option<RefundsCommand>,

    /// Include the refunds already settled
    #[arg(long)]
    pub all: bool,

    /// Print CSV (a header row, then one row per refund) for a spreadsheet
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Subcommand)]
pub enum RefundsCommand {
    /// Record that a refund was paid back, with the payment provider's refund id
    #[command(after_help = "\
Examples:
  boxoffice refunds settle --booking 17 --refund-id rfnd_9Xz
  boxoffice refunds settle --refund 3 --refund-id rfnd_9Y0   # one of several owed

The same refund id again changes nothing (exit 0); another id for a refund already settled is
refused (exit 3).")]
    Settle(SettleArgs),
}

#[derive(Debug, Args)]
pub struct SettleArgs {
    /// The booking whose refund was paid back (it must have exactly one owed)
    #[arg(long, value_parser = cli::booking_id, value_name = "ID",
          required_unless_present = "refund", conflicts_with = "refund")]
    pub booking: Option<i64>,

    /// The refund (its number in `boxoffice refunds`) that was paid back
    #[arg(long, value_parser = cli::booking_id, value_name = "N")]
    pub refund: Option<i64>,

    /// The payment provider's id for the refund
    #[arg(long, value_name = "ID")]
    pub refund_id: String,
}

pub fn run(ctx: &Context, a: RefundsArgs) -> Result<(), Error> {
    if let Some(RefundsCommand::Settle(s)) = a.command {
        return settle(ctx, s);
    }
    if a.csv && ctx.json {
        return Err(Error::invalid("--csv and --json: choose one"));
    }
    let db = ctx.db()?;
    let list = refunds::list(&db, a.all)?;
    if ctx.json {
        return output::json(&serde_json::json!({ "refunds": list }));
    }
    if a.csv {
        return output::stdout(&csv(&list)?);
    }
    if list.is_empty() {
        output::note(if a.all {
            "No refunds."
        } else {
            "No refunds owed."
        });
        return Ok(());
    }
    let mut t = output::table(&[
        "REFUND",
        "BOOKING",
        "SHOWTIME",
        "SEATS",
        "PAYMENT",
        "AMOUNT",
        "SOURCE",
        "OWED SINCE",
        "SETTLED",
    ]);
    for r in &list {
        t.add_row(vec![
            Cell::new(r.id),
            Cell::new(r.booking_id),
            Cell::new(r.showtime_id),
            Cell::new(escaped(&r.seats.join(" "))),
            Cell::new(escaped(&r.payment_id)),
            Cell::new(amount(r.amount_cents, r.currency.as_deref())),
            Cell::new(escaped(&r.source)),
            Cell::new(output::local_time(r.created_at_ms)),
            Cell::new(match &r.refund_id {
                Some(id) => escaped(id).into_owned(),
                None => "owed".to_string(),
            }),
        ]);
    }
    output::colour_table(&mut t, ctx.color);
    output::line(t.to_string())
}

/// "INR 250.00" (the currency's own minor digits); "-" for no amount.
fn amount(minor: Option<i64>, currency: Option<&str>) -> String {
    match (minor, currency) {
        (Some(m), Some(c)) => crate::text::money(m, c),
        (Some(m), None) => format!("{}.{:02}", m / 100, (m % 100).abs()),
        (None, _) => "-".to_string(),
    }
}

/// The accountant's file. A text cell a spreadsheet would read as a formula (it starts with
/// `=`, `+`, `-` or `@`) gets a leading `'`: reasons are typed by staff, and ids could be edited
/// by hand.
fn csv(list: &[Refund]) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| Error::Internal(e.into());
    w.write_record([
        "refund",
        "booking_id",
        "showtime_id",
        "payment_id",
        "seats",
        "amount_cents",
        "currency",
        "source",
        "reason",
        "operator",
        "created_at",
        "settled_at",
        "refund_id",
    ])
    .map_err(internal)?;
    let text = output::spreadsheet_safe;
    for r in list {
        w.write_record([
            r.id.to_string(),
            r.booking_id.to_string(),
            r.showtime_id.to_string(),
            text(&r.payment_id),
            text(&r.seats.join(" ")),
            r.amount_cents.map(|c| c.to_string()).unwrap_or_default(),
            // The amount's currency, as stored (a priced refund's only: a CSV mixing INR and
            // JPY amounts cannot be read without it).
            text(
                r.currency
                    .as_deref()
                    .filter(|_| r.amount_cents.is_some())
                    .unwrap_or_default(),
            ),
            text(&r.source),
            text(r.reason.as_deref().unwrap_or_default()),
            text(&r.operator),
            output::rfc3339(r.created_at_ms),
            r.settled_at_ms.map(output::rfc3339).unwrap_or_default(),
            text(r.refund_id.as_deref().unwrap_or_default()),
        ])
        .map_err(internal)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.into()))
}

fn settle(ctx: &Context, s: SettleArgs) -> Result<(), Error> {
    let target = match (s.booking, s.refund) {
        (Some(b), _) => SettleTarget::Booking(b),
        (None, Some(r)) => SettleTarget::Refund(r),
        (None, None) => {
            return Err(Error::invalid(
                "say which refund: --booking ID or --refund N",
            ));
        }
    };
    let mut db = ctx.db()?;
    let out = refunds::settle(&mut db, target, &s.refund_id)?;
    if ctx.json {
        return output::json(&out);
    }
    let r = &out.refund;
    let line = if out.already_settled {
        format!(
            "Refund {} (booking {}) was settled already with {}; nothing changed.",
            r.id, r.booking_id, s.refund_id
        )
    } else {
        format!(
            "Refund {} (booking {}, payment {}) settled with {}.",
            r.id, r.booking_id, r.payment_id, s.refund_id
        )
    };
    output::line(escaped(&line))
}
