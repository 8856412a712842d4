use clap::Args;
use comfy_table::{Cell, Color};
use serde_json::json;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::store::Status;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice bookings --showtime 24
  boxoffice bookings --status PENDING --json

Reads SQLite only, so it works while Redis is down.")]
pub struct BookingsArgs {
    /// Only this showtime
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: Option<ShowtimeId>,

    /// Only this status (any case)
    #[arg(long, value_parser = StatusParser, value_name = "STATUS")]
    pub status: Option<Status>,

    /// Only this customer
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: Option<UserId>,

    /// At most this many (the most recent)
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        format!(
            "unknown status {}: use PENDING, CONFIRMED, CANCELLED or EXPIRED",
            crate::ids::shown(s)
        )
    })
}

/// `parse_status` (any case, its own error message) that also tells clap the four values, so
/// `--help` lists them and completions offer them.
#[derive(Clone)]
struct StatusParser;

impl clap::builder::TypedValueParser for StatusParser {
    type Value = Status;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Status, clap::Error> {
        let parse: fn(&str) -> Result<Status, String> = parse_status;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use clap::builder::PossibleValue;
        Some(Box::new(
            [
                PossibleValue::new("PENDING").help("held, being paid for"),
                PossibleValue::new("CONFIRMED").help("paid: the seats are sold"),
                PossibleValue::new("CANCELLED").help("released before payment"),
                PossibleValue::new("EXPIRED").help("the hold ran out unpaid"),
            ]
            .into_iter(),
        ))
    }
}

pub fn run(ctx: &Context, a: BookingsArgs) -> Result<(), Error> {
    let db = ctx.db()?;
    if let Some(st) = a.showtime {
        crate::catalog::check_seats(&db, st, &[])?;
    }
    let list = db.list_bookings(
        a.showtime,
        a.status,
        a.user.as_ref().map(UserId::as_str),
        a.limit,
    )?;
    if ctx.json {
        let rows: Vec<_> = list
            .iter()
            .map(|b| {
                json!({
                    "booking_id": b.id,
                    "showtime_id": b.showtime_id,
                    "user": b.user,
                    "seats": b.seats,
                    "status": b.status,
                    "payment_id": b.payment_id,
                    "late": b.late,
                    "created_at": output::rfc3339(b.created_at_ms),
                    "expires_at": output::rfc3339(b.expires_at_ms),
                    "confirmed_at": b.confirmed_at_ms.map(output::rfc3339),
                    "amount": b.amount_minor,
                    "currency": b.currency,
                })
            })
            .collect();
        return output::json(&rows);
    }
    if list.is_empty() {
        output::note("No bookings match.");
        return Ok(());
    }
    // An AMOUNT column only when a booking listed has a price: a list of rectangular showtimes'
    // bookings is as it always was.
    let priced = list.iter().any(|b| b.price().is_some());
    let mut head = vec![
        "BOOKING", "SHOWTIME", "USER", "SEATS", "STATUS", "WHEN", "PAYMENT",
    ];
    if priced {
        head.insert(4, "AMOUNT");
    }
    let mut t = output::table(&head);
    for b in &list {
        let when = match (b.status, b.confirmed_at_ms) {
            (Status::Confirmed, Some(at)) => format!("paid {}", output::local_time(at)),
            (Status::Pending, _) => format!("until {}", output::local_time(b.expires_at_ms)),
            _ => output::local_time(b.updated_at_ms),
        };
        let status = if b.late {
            format!("{} (late)", b.status)
        } else {
            b.status.to_string()
        };
        let colour = match b.status {
            Status::Confirmed => Color::Green,
            Status::Pending => Color::Yellow,
            Status::Cancelled | Status::Expired => Color::DarkGrey,
        };
        let mut row = vec![
            Cell::new(b.id),
            Cell::new(b.showtime_id),
            Cell::new(crate::ids::escaped(b.user.as_str())),
            Cell::new(crate::ids::escaped(&crate::ids::join_seats(&b.seats, " "))),
            Cell::new(status).fg(colour),
            Cell::new(when),
            Cell::new(crate::ids::escaped(
                b.payment_id.as_deref().unwrap_or_default(),
            )),
        ];
        if priced {
            let amount = b
                .price()
                .map_or("-".to_string(), |(a, c)| crate::text::money(a, c));
            row.insert(4, Cell::new(amount));
        }
        t.add_row(row);
    }
    output::colour_table(&mut t, ctx.color);
    output::line(t.to_string())
}
