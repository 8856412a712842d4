use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::cli::output;
use crate::cli::{self, seatmap};
use crate::context::Context;
use crate::error::Error;
use crate::holds;
use crate::ids::{self, SeatId, ShowtimeId, UserId};
use crate::inspect;
use crate::redis_client::Redis;
use crate::snapshot::{SeatState, SeatView};
use crate::store::Db;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice reserve --showtime 24 --user 7 A1 A2
  boxoffice reserve --showtime 24 --user 7 B1-B4 --hold 5m
  boxoffice reserve --showtime 24 --user 7          # on a terminal: pick from the seat map
  boxoffice reserve --showtime 24 --user 7 --best 4 # the best four side by side
  boxoffice reserve --showtime 24 --user 7 A1 A2 --order-id order_9A33XWu170gUtm

All seats or none: if any seat is held by someone else or sold, nothing is held and the
command exits 3 naming each taken seat. Reserving again adds seats to the user's hold and
restarts its clock (never shortening it); while another command is changing the same user's
hold, it exits 3 and changes nothing. Without seats and without a terminal it exits 2; it never
waits for input.

A blocked seat (see `block`) is refused with exit 3 and its reason. Staff hold it anyway with
--force, which asks on a terminal (without one it needs --yes); the block ends in the same
transaction that claims the seat, and both are in the audit table.

--best N holds the best N free seats side by side in one row (never across a gap or aisle):
rows nearest the hall's best row (default two-thirds back), then nearest the row's centre,
never stranding a single free seat when another choice doesn't. By default in every
non-accessible category; --category NAME for one, --accessible for accessible seats. With no N
side by side it exits 3, unless --allow-split (the closest seats in as few groups as possible).")]
pub struct ReserveArgs {
    /// Showtime to hold seats in
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: ShowtimeId,

    /// Customer the seats are held for
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: UserId,

    /// How long the customer has to pay, 1s to 24h [env: BOXOFFICE_HOLD] [default: 10m, or
    /// `hold` in the config file]
    #[arg(long, value_parser = cli::hold, value_name = "DURATION")]
    pub hold: Option<Duration>,

    /// Seats: A1 A2, A1,A2, or ranges A1-A4 / A1..A4; leave out on a terminal to pick from
    /// the seat map
    #[arg(value_name = "SEAT", add = cli::complete::free_seat())]
    pub seats: Vec<String>,

    /// Staff override: hold blocked seats anyway, ending their blocks (asks, or --yes; audited)
    #[arg(long)]
    pub force: bool,

    /// Hold the best N free seats side by side, 1 to 10, instead of naming seats
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=10),
          conflicts_with_all = ["seats", "force"])]
    pub best: Option<u8>,

    /// With --best: only seats of this category (default: every non-accessible category)
    #[arg(long, value_name = "NAME", requires = "best")]
    pub category: Option<String>,

    /// With --best: accessible seats only
    #[arg(long, requires = "best")]
    pub accessible: bool,

    /// With --best: when no N seats side by side are free, take the closest in as few groups
    /// as possible
    #[arg(long, requires = "best")]
    pub allow_split: bool,

    /// The Razorpay order created for this hold: linked to it in the same transaction (an
    /// order linked to another booking: exit 3, nothing reserved)
    #[arg(long, value_name = "ORDER", value_parser = cli::order_id)]
    pub order_id: Option<String>,
}

pub fn run(ctx: &Context, a: ReserveArgs) -> Result<(), Error> {
    if a.best.is_some() {
        return super::reserve_best::run(ctx, a);
    }
    // clap waives `requires = "best"` when a seat (which conflicts with --best) is given.
    if a.category.is_some() || a.accessible || a.allow_split {
        return Err(Error::invalid(
            "--category, --accessible and --allow-split go with --best N; nothing was reserved",
        ));
    }
    let given = if a.seats.is_empty() {
        if !ctx.interactive {
            return Err(Error::invalid(
                "no seats given: name seats like A1 A2 or A1-A4 (on a terminal, leave them out \
                 to pick from the seat map)",
            ));
        }
        None
    } else {
        Some(ids::parse_seat_list(&a.seats)?)
    };
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let seats = match given {
        Some(seats) => seats,
        None => pick_seats(ctx, &db, &mut redis, a.showtime, &a.user)?,
    };
    // --hold was resolved with the environment and config file into the settings.
    let hold = ctx.settings.hold.value;
    let opts = holds::ReserveOptions {
        over_blocks: a.force && confirm_override(ctx, &db, a.showtime, &seats)?,
        order_id: a.order_id.as_deref(),
    };
    let r = holds::reserve_with(&mut db, &mut redis, a.showtime, &a.user, &seats, hold, opts)?;
    let warnings: Vec<String> = ctx.replicate(&mut redis, "the hold").into_iter().collect();
    print(ctx, &r, a.order_id.as_deref(), None, &warnings)
}

/// Prints a reserve's hold (a named one, or `--best`'s with what was asked in `asked`, merged
/// into the `--json` document), the order `--order-id` linked to it, and `warnings` (a short
/// replication wait) on stderr and in the document's `warnings`.
pub(super) fn print(
    ctx: &Context,
    r: &holds::Reservation,
    order_id: Option<&str>,
    asked: Option<serde_json::Value>,
    warnings: &[String],
) -> Result<(), Error> {
    for w in warnings {
        output::warn(w);
    }
    if r.hold_kept {
        let asked = match &ctx.settings.hold.source {
            crate::config::Source::Flag(flag) => format!(
                "{flag} {}",
                output::human_duration(r.requested_hold_ms).replace(' ', "")
            ),
            other => format!(
                "the hold of {} ({other})",
                output::human_duration(r.requested_hold_ms)
            ),
        };
        output::note(format!(
            "note: kept the current hold's {}; {asked} would have shortened it (adding seats never shortens a hold)",
            output::human_duration(r.expires_at_ms - r.hold_started_at_ms),
        ));
    }
    if ctx.json {
        let mut doc = json!({
            "booking_id": r.booking_id,
            "showtime_id": r.showtime_id,
            "user": r.user,
            "seats": r.seats,
            "added": r.added,
            "status": r.status,
            "hold_started_at": output::rfc3339(r.hold_started_at_ms),
            "expires_at": output::rfc3339(r.expires_at_ms),
            "hold_seconds": (r.expires_at_ms - r.hold_started_at_ms) / 1000,
            "amount": r.price.as_ref().map(|p| p.amount_minor),
            "currency": r.price.as_ref().map(|p| &p.currency),
        });
        if !r.overridden_blocks.is_empty() {
            doc["overridden_blocks"] = json!(r.overridden_blocks);
        }
        if let Some(order_id) = order_id {
            doc["order_id"] = json!(order_id);
        }
        if r.hold_kept {
            doc["hold_kept"] = json!(true);
            doc["requested_hold_seconds"] = json!(r.requested_hold_ms / 1000);
        }
        if let Some(serde_json::Value::Object(extra)) = asked {
            for (k, v) in extra {
                doc[k] = v;
            }
        }
        if !warnings.is_empty() {
            doc["warnings"] = json!(warnings);
        }
        return output::json(&doc);
    }
    // Only a priced hold says what it costs: a rectangular showtime's line is as it always was.
    let cost = r.price.as_ref().map_or(String::new(), |p| {
        format!(" {}", crate::text::money(p.amount_minor, &p.currency))
    });
    output::line(format!(
        "Held {} on showtime {} for user {} (booking {}) until {} — {} to pay{cost}.",
        r.seats.join(", "),
        r.showtime_id,
        r.user,
        r.booking_id,
        output::local_time(r.expires_at_ms),
        output::human_duration(r.expires_at_ms - r.hold_started_at_ms),
    ))?;
    if let Some(order_id) = order_id {
        output::line(format!(
            "Order {order_id} linked to booking {}.",
            r.booking_id
        ))?;
    }
    for b in &r.overridden_blocks {
        output::line(format!(
            "Block on {} ended — forced (it was blocked: {}).",
            b.seat,
            ids::escaped(&b.reason)
        ))?;
    }
    Ok(())
}

/// `--force`: shows the blocked seats among `seats` and asks (or takes --yes) before they are
/// sold anyway. Ok(false): none is blocked, there is nothing to override.
fn confirm_override(
    ctx: &Context,
    db: &Db,
    showtime: ShowtimeId,
    seats: &[SeatId],
) -> Result<bool, Error> {
    let standing = crate::blocks::standing(db, showtime, seats)?;
    if standing.is_empty() {
        return Ok(false);
    }
    for b in &standing {
        output::note(format!(
            "{} on showtime {showtime} is blocked: {}",
            b.seat,
            ids::escaped(&b.reason)
        ));
    }
    if !ctx.confirm("Hold these blocked seats anyway?", "holding a blocked seat")? {
        return Err(Error::invalid("not confirmed; nothing was reserved"));
    }
    Ok(true)
}

/// The interactive picker: the seat map on stderr, then a typed seat list ("A1-A4, B2") checked
/// against the map as it is typed, or `?` for a checklist of the free seats. The map is a
/// snapshot; the reserve itself is still all-or-nothing, so a seat taken meanwhile is a clean
/// exit 3, never a double hold.
fn pick_seats(
    ctx: &Context,
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
) -> Result<Vec<SeatId>, Error> {
    let r = inspect::showtime(db, redis, showtime)?;
    let mine = Some(user.as_str());
    // Drawn as the hall is: gaps and aisles where they are, and its categories.
    let infos = crate::catalog::seat_infos(db, showtime)?;
    output::note(format!(
        "{}\n\n{}{} free, {} held, {} sold\n{}",
        seatmap::title(&r.showtime),
        seatmap::render_in_layout(&r.showtime, &r.seats, &infos, mine, ctx.color_err),
        r.counts.free,
        r.counts.held,
        r.counts.sold,
        seatmap::blocked_line(&r.seats)
    ));
    let can_take = |s: &SeatView| takeable(s, mine);
    if !r.seats.iter().any(can_take) {
        return Err(Error::conflict(format!(
            "showtime {showtime} has no free seats"
        )));
    }
    let colorful = dialoguer::theme::ColorfulTheme::default();
    let simple = dialoguer::theme::SimpleTheme;
    let theme: &dyn dialoguer::theme::Theme = if ctx.color_err { &colorful } else { &simple };
    let check = |text: &str| check_picked(&r.seats, mine, text);
    let typed = loop {
        let typed: String = dialoguer::Input::with_theme(theme)
            .with_prompt(
                "Seats to hold (like A1-A4, B2; a number like 4 for the best four together; \
                 ? to pick from a list; empty to cancel)",
            )
            .allow_empty(true)
            .validate_with(|s: &String| -> Result<(), String> {
                match s.trim() {
                    "" | "?" => Ok(()),
                    t if super::reserve_best::count(t).is_some() => Ok(()),
                    t => check(t).map(|_| ()),
                }
            })
            .interact_text()
            .map_err(|e| Error::invalid(format!("no answer ({e}); nothing was held")))?;
        let Some(n) = super::reserve_best::count(typed.trim()) else {
            break typed;
        };
        if let Some(seats) = super::reserve_best::propose(db, showtime, &r.seats, n, theme)? {
            return Ok(seats);
        }
    };
    let cancelled = || Error::invalid("no seats picked; nothing was held");
    match typed.trim() {
        "" => Err(cancelled()),
        "?" => {
            let free: Vec<&str> = r
                .seats
                .iter()
                .filter(|s| can_take(s))
                .map(|s| s.seat.as_str())
                .collect();
            let picked = dialoguer::MultiSelect::with_theme(theme)
                .with_prompt("Space to mark seats, Enter to hold them, Esc to cancel")
                .items(&free)
                .max_length(12)
                .interact_opt()
                .map_err(|e| Error::invalid(format!("no answer ({e}); nothing was held")))?
                .filter(|p| !p.is_empty())
                .ok_or_else(cancelled)?;
            let chosen: Vec<&str> = picked.iter().map(|&i| free[i]).collect();
            check(&chosen.join(",")).map_err(Error::invalid)
        }
        t => check(t).map_err(Error::invalid),
    }
}

/// A seat the user may pick: free, or already in their own hold.
fn takeable(s: &SeatView, mine: Option<&str>) -> bool {
    s.state == SeatState::Free || (s.state == SeatState::Held && s.user.as_deref() == mine)
}

/// Checks a typed seat list against the map: the seats, or what is wrong with them. Seats
/// refused for the same reason go together, reasons in order of first appearance:
/// "C5, C6, C7 are held by someone else; A1 is sold".
fn check_picked(map: &[SeatView], mine: Option<&str>, text: &str) -> Result<Vec<SeatId>, String> {
    let seats = ids::parse_seat_list(&[text]).map_err(|e| e.message())?;
    let mut problems: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for seat in &seats {
        let (one, many) = match map.iter().find(|s| s.seat == seat.as_str()) {
            None => ("is not in this showtime", "are not in this showtime"),
            Some(s) if takeable(s, mine) => continue,
            Some(s) if s.state == SeatState::Sold => ("is sold", "are sold"),
            Some(s) if s.state == SeatState::Blocked => ("is blocked", "are blocked"),
            Some(_) => ("is held by someone else", "are held by someone else"),
        };
        match problems.iter_mut().find(|p| p.0 == one) {
            Some(p) => p.2.push(seat.as_str()),
            None => problems.push((one, many, vec![seat.as_str()])),
        }
    }
    if problems.is_empty() {
        return Ok(seats);
    }
    let said: Vec<String> = problems
        .iter()
        .map(|(one, many, seats)| {
            let verb = if seats.len() == 1 { one } else { many };
            format!("{} {verb}", seats.join(", "))
        })
        .collect();
    Err(said.join("; "))
}
