use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::cli;
use crate::cli::output::{self, human_duration, local_time};
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, HoldRef};
use crate::ids::{SeatId, ShowtimeId, UserId};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).multiple(true).args(["user", "seat"])))]
#[command(after_help = "\
Examples:
  boxoffice ttl --showtime 24 --user 7              # time left on every key of the hold
  boxoffice ttl --showtime 24 --seat A1             # the hold that has A1
  boxoffice ttl --showtime 24 --user 7 --extend 5m  # the holder buys five more minutes

--extend moves every key of the hold and the booking's expiry together, only while the user
still holds every seat (exit 4 when the hold has run out). A hold may not be extended past 2h
from its start, and nobody else's hold can be extended, unless staff pass --force (which asks,
or needs --yes). Extensions are recorded in the audit table.")]
pub struct TtlArgs {
    /// Showtime of the hold
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: ShowtimeId,

    /// The customer whose hold to show (or extend)
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: Option<UserId>,

    /// The hold that has this seat
    #[arg(long, value_name = "SEAT", add = cli::complete::any_seat())]
    pub seat: Option<String>,

    /// Add this much time to the hold (e.g. 5m)
    #[arg(long, value_name = "DURATION", value_parser = parse_extend)]
    pub extend: Option<Duration>,

    /// Staff: extend someone else's hold, or past the 2h cap
    #[arg(long, requires = "extend")]
    pub force: bool,
}

fn parse_extend(s: &str) -> Result<Duration, String> {
    let d = crate::ids::parse_duration(s, "--extend").map_err(|e| e.to_string())?;
    if d > Duration::from_secs(24 * 3600) {
        return Err("--extend may be at most 24h".into());
    }
    Ok(d)
}

pub fn run(ctx: &Context, a: TtlArgs) -> Result<(), Error> {
    let seat: Option<SeatId> = a.seat.as_deref().map(str::parse).transpose()?;
    let db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let which = match (&a.user, &seat) {
        (_, Some(s)) => HoldRef::Seat(s.clone()),
        (Some(u), None) => HoldRef::User(u.clone()),
        (None, None) => return Err(Error::invalid("give --user or --seat")),
    };
    let (holder, booking) = holds::resolve_hold(&db, &mut redis, a.showtime, &which)?;
    let someone_else = a.user.as_ref().is_some_and(|u| u.as_str() != holder) || a.user.is_none();

    let Some(by) = a.extend else {
        if let Some(u) = &a.user
            && u.as_str() != holder
        {
            return Err(Error::conflict(format!(
                "seat {} is held by user {holder}, not {u}",
                a.seat.as_deref().unwrap_or("?")
            )));
        }
        let t = holds::hold_ttl(&mut redis, a.showtime, &holder, booking)?;
        return print_ttl(ctx, &t);
    };

    let mut db = db;
    let booking = booking.ok_or_else(|| {
        Error::not_found(format!(
            "user {holder} has no hold on showtime {}; nothing to extend",
            a.showtime
        ))
    })?;
    if someone_else && !a.force {
        return Err(Error::conflict(format!(
            "that hold belongs to user {holder}; only the holder extends it (staff: --force)"
        )));
    }
    let what = format!(
        "booking {} (user {holder}, seats {}) by {}",
        booking.id,
        crate::ids::join_seats(&booking.seats, " "),
        humantime::format_duration(by)
    );
    if a.force && !ctx.confirm(&format!("Extend {what}?"), &format!("extending {what}"))? {
        return Err(Error::invalid("not confirmed; nothing was extended"));
    }
    let e = holds::extend(&mut db, &mut redis, &booking, by, a.force)?;
    let warning = ctx.replicate(&mut redis, "the extended hold");
    if let Some(w) = &warning {
        output::warn(w);
    }
    if ctx.json {
        let mut doc = json!({
            "booking_id": e.booking_id,
            "showtime_id": e.showtime_id,
            "user": e.user,
            "seats": e.seats,
            "previous_expires_at": output::rfc3339(e.previous_expires_at_ms),
            "expires_at": output::rfc3339(e.expires_at_ms),
            "ttl_ms": e.expires_at_ms - e.now_ms,
            "forced": e.forced,
        });
        if let Some(w) = warning {
            doc["warnings"] = json!([w]);
        }
        return output::json(&doc);
    }
    output::line(format!(
        "Extended booking {} (user {}, {}) by {}: now held until {} ({} left).",
        e.booking_id,
        e.user,
        e.seats.join(", "),
        human_duration(by.as_millis() as i64),
        local_time(e.expires_at_ms),
        human_duration(e.expires_at_ms - e.now_ms)
    ))
}

fn print_ttl(ctx: &Context, t: &holds::HoldTtl) -> Result<(), Error> {
    if ctx.json {
        return output::json(&json!({
            "showtime_id": t.showtime_id,
            "user": t.user,
            "booking_id": t.booking_id,
            "status": t.status,
            "seats": t.seats,
            "expires_at": t.expires_at_ms.map(output::rfc3339),
            "ttl_ms": t.expires_at_ms.map(|e| e - t.now_ms),
            "keys": t.keys,
        }));
    }
    let mut out = format!("Hold of user {} on showtime {}", t.user, t.showtime_id);
    match (t.booking_id, t.expires_at_ms) {
        (Some(b), Some(exp)) => out.push_str(&format!(
            " — booking {b}, until {} ({})\n",
            local_time(exp),
            if exp > t.now_ms {
                format!("{} left", human_duration(exp - t.now_ms))
            } else {
                format!("ran out {} ago", human_duration(t.now_ms - exp))
            }
        )),
        _ => out.push_str(" — no PENDING booking\n"),
    }
    output::stdout(&out)?;
    let mut table = output::table(&["KEY", "TTL", "HOLDER"]);
    for k in &t.keys {
        table.add_row(vec![
            crate::ids::escaped(&k.key).into_owned(),
            match (k.exists, k.ttl_ms) {
                (false, _) => "missing".to_string(),
                (true, None) => "no expiry!".to_string(),
                (true, Some(ms)) => human_duration(ms),
            },
            k.holder
                .as_deref()
                .map(crate::holds::shown_holder)
                .unwrap_or_default(),
        ]);
    }
    output::line(table.to_string())
}
