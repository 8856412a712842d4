use clap::Args;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, ReleaseTarget};
use crate::ids::{self, ShowtimeId, UserId};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice release --booking 17
  boxoffice release --showtime 24 --user 7
  boxoffice release --showtime 24 --user 7 --seat A2        # give back one seat of the hold
  boxoffice release --showtime 24 --seat A1 --force --yes   # staff: whatever holds A1

Released seats go back on sale at once. A sold (CONFIRMED) seat is never released.
--force asks for confirmation on a terminal; without one it needs --yes. Forced releases are
recorded in the audit table.")]
pub struct ReleaseArgs {
    /// The booking whose hold to cancel
    #[arg(long, value_parser = cli::booking_id, value_name = "ID",
          conflicts_with_all = ["showtime", "seat", "force"])]
    pub booking: Option<i64>,

    /// Showtime of the hold
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: Option<ShowtimeId>,

    /// The customer whose hold to release
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: Option<UserId>,

    /// Only these seats (repeatable; ranges like A1-A4 work)
    #[arg(long, value_name = "SEAT", requires = "showtime", add = cli::complete::any_seat())]
    pub seat: Vec<String>,

    /// Staff override: release whatever holds --seat, whoever the holder is
    #[arg(long, requires = "seat", conflicts_with = "user")]
    pub force: bool,
}

pub fn run(ctx: &Context, a: ReleaseArgs) -> Result<(), Error> {
    let seats = if a.seat.is_empty() {
        None
    } else {
        Some(ids::parse_seat_list(&a.seat)?)
    };
    let target = match (a.booking, a.showtime, a.user, seats, a.force) {
        (Some(id), _, user, _, _) => ReleaseTarget::Booking { id, user },
        (None, Some(showtime), Some(user), seats, false) => ReleaseTarget::Holder {
            showtime,
            user,
            seats,
        },
        (None, Some(showtime), None, Some(seats), true) => ReleaseTarget::Seats { showtime, seats },
        (None, Some(_), None, Some(_), false) => {
            return Err(Error::invalid(
                "--seat without --user releases someone else's hold: add --user (your own hold) or --force (staff)",
            ));
        }
        _ => {
            return Err(Error::invalid(
                "say what to release: --booking ID, --showtime ID --user ID, or --showtime ID --seat SEAT --force",
            ));
        }
    };
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let plan = holds::plan_release(&db, &mut redis, target)?;
    if plan.forced() {
        let lines = plan.describe();
        output::note("This will release:");
        for l in &lines {
            output::note(format!("  {}", ids::escaped(l)));
        }
        if !ctx.confirm("Release these seats for good?", "releasing these seats")? {
            return Err(Error::invalid("not confirmed; nothing was released"));
        }
    }
    // The hold setting is also the TTL for an index key the locks' removal finds without one.
    let out = holds::release(&mut db, &mut redis, plan, ctx.settings.hold.value)?;
    for w in &out.warnings {
        output::warn(w);
    }
    if ctx.json {
        let mut doc = if out.releases.len() == 1 {
            serde_json::to_value(&out.releases[0])
        } else {
            serde_json::to_value(serde_json::json!({ "releases": out.releases }))
        }
        .map_err(|e| Error::Internal(e.into()))?;
        if !out.warnings.is_empty() {
            doc["warnings"] = serde_json::json!(out.warnings);
        }
        return output::json(&doc);
    }
    for r in &out.releases {
        let what = match (r.booking_id, r.status) {
            (Some(id), Some(status)) => format!("booking {id}, now {status}"),
            _ => "a lock with no booking".to_string(),
        };
        output::line(format!(
            "Released {} on showtime {} from user {} ({what}){}.",
            ids::escaped(&r.released.join(", ")),
            r.showtime_id,
            holds::shown_holder(&r.user),
            if r.forced { " — forced" } else { "" }
        ))?;
    }
    Ok(())
}
