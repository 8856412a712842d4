use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::cli;
use crate::context::Context;
use crate::error::Error;
use crate::holds;
use crate::ids::{self, ShowtimeId, UserId};
use crate::output;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice reserve --showtime 24 --user 7 A1 A2
  boxoffice reserve --showtime 24 --user 7 B1-B4 --hold 5m

All seats or none: if any seat is held by someone else or sold, nothing is held and the
command exits 3 naming each taken seat. Reserving again adds seats to the user's hold and
restarts its clock.")]
pub struct ReserveArgs {
    /// Showtime to hold seats in
    #[arg(long, value_parser = cli::showtime_id, value_name = "ID")]
    pub showtime: ShowtimeId,

    /// Customer the seats are held for
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: UserId,

    /// How long the customer has to pay (at least 1s, at most 24h)
    #[arg(long, env = "BOXOFFICE_HOLD", default_value = "10m", value_parser = cli::hold,
          value_name = "DURATION")]
    pub hold: Duration,

    /// Seats: A1 A2, A1,A2, or ranges A1-A4 / A1..A4
    #[arg(required = true, value_name = "SEAT")]
    pub seats: Vec<String>,
}

pub fn run(ctx: &Context, a: ReserveArgs) -> Result<(), Error> {
    let seats = ids::parse_seat_list(&a.seats)?;
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let r = holds::reserve(&mut db, &mut redis, a.showtime, &a.user, &seats, a.hold)?;
    if ctx.json {
        return output::json(&json!({
            "booking_id": r.booking_id,
            "showtime_id": r.showtime_id,
            "user": r.user,
            "seats": r.seats,
            "added": r.added,
            "status": r.status,
            "hold_started_at": output::rfc3339(r.hold_started_at_ms),
            "expires_at": output::rfc3339(r.expires_at_ms),
            "hold_seconds": (r.expires_at_ms - r.hold_started_at_ms) / 1000,
        }));
    }
    output::line(format!(
        "Held {} on showtime {} for user {} (booking {}) until {} — {} to pay.",
        r.seats.join(", "),
        r.showtime_id,
        r.user,
        r.booking_id,
        output::local_time(r.expires_at_ms),
        output::human_duration(r.expires_at_ms - r.hold_started_at_ms),
    ))
}
