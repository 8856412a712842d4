//! `move`: a booking's seats swapped for free ones, on its showtime or another, all pairs or
//! none, keeping a hold's expiry (and start) or a sale's payment.
//!
//! Redis first: one script on the target showtime locks every new seat for the booking's user
//! (until the hold's expiry for a PENDING booking, listed in its reservation key; a short
//! in-flight lock for a CONFIRMED one), so no third customer can take one. Then one SQLite
//! transaction moves the claims through the fence (old seats let go, new ones claimed, the
//! booking's showtime changed). Then Redis again: the old locks go and the seats go back on sale
//! (and a sale's in-flight locks go). A refusal by SQLite gives the new locks back.
//!
//! A crash between the steps leaves SQLite on the old seats or the new ones (one transaction),
//! never both and never neither. Redis then has extra locks of the user: before the commit, on
//! the new seats (orphans with no claim: a hold's are removed by `sweep` once its hold is older
//! than its grace, a sale's expire within `IN_FLIGHT_GRACE`); after it, on the old seats of a
//! hold (orphans, likewise) or on the new seats of a sale (locks on sold seats, which `sweep`
//! removes at once), and index keys `sweep` rebuilds.
//!
//! A sale moves only to seats that cost the same or less, in its currency (`claims/price.rs`'s
//! rule; a cheaper move owes the difference back, in the move's transaction). The prices are
//! known from SQLite before anything changes, so a refused exchange is refused before Redis is
//! touched (no lock taken); the transaction applies the rule again, and a refusal there gives
//! the new locks back like any other.

use std::collections::HashSet;
use std::time::Duration;

use serde::Serialize;

use super::claims::{self, Claimant, MoveRecord, SeatMove, price};
use super::conflict::{not_available, sold_or_blocked, taken_by_locks};
use super::redis_steps::give_back;
use super::{IN_FLIGHT_GRACE, failpoint, finish_in_redis, wall_ms};
use crate::catalog;
use crate::error::{Error, TakenSeat};
use crate::ids::{SeatId, ShowtimeId};
use crate::redis_client::Redis;
use crate::scripts::{self, move_take};
use crate::store::{Booking, Db, Refund, Status, Tx};

/// Parses one `FROM=TO` pair, as the command line gives it.
pub fn parse_pair(s: &str) -> Result<(SeatId, SeatId), Error> {
    let Some((from, to)) = s.split_once('=') else {
        return Err(Error::invalid(format!(
            "invalid seat pair {}: expected OLD=NEW like B2=F5",
            crate::ids::shown(s)
        )));
    };
    Ok((from.parse()?, to.parse()?))
}

/// What staff asked for.
pub struct MoveRequest {
    pub booking: i64,
    pub pairs: Vec<(SeatId, SeatId)>,
    /// Another showtime to move the whole booking to.
    pub to_showtime: Option<ShowtimeId>,
    pub reason: Option<String>,
}

/// One seat and where it went.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct Moved {
    pub booking_id: i64,
    pub user: String,
    /// Where the booking was.
    pub from_showtime_id: ShowtimeId,
    /// Where it is now.
    pub showtime_id: ShowtimeId,
    pub pairs: Vec<Pair>,
    /// Every seat of the booking afterwards.
    pub seats: Vec<String>,
    pub status: Status,
    /// What the booking costs afterwards, minor units of `currency`; `None`: no price.
    pub amount: Option<i64>,
    pub currency: Option<String>,
    /// The difference owed back for a sale moved to cheaper seats; `None` otherwise.
    pub refund: Option<Refund>,
    /// Redis clean-ups that failed after the move committed: it stands, and `sweep` heals them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A checked move, before anything changes.
struct Plan {
    booking: Booking,
    to: ShowtimeId,
    pairs: Vec<(String, String)>,
    reason: Option<String>,
}

impl Plan {
    fn old_seats(&self) -> Vec<String> {
        self.pairs.iter().map(|(f, _)| f.clone()).collect()
    }

    fn new_seats(&self) -> Vec<String> {
        self.pairs.iter().map(|(_, t)| t.clone()).collect()
    }

    fn kind(&self) -> move_take::Kind {
        match self.booking.status {
            Status::Pending => move_take::Kind::Hold {
                started_ms: self.booking.hold_started_at_ms,
                expires_at_ms: self.booking.expires_at_ms,
            },
            _ => move_take::Kind::Sale {
                grace: IN_FLIGHT_GRACE,
            },
        }
    }

    /// The hold the locks belong to, by its start; `None` for a sale.
    fn hold(&self) -> Option<i64> {
        (self.booking.status == Status::Pending).then_some(self.booking.hold_started_at_ms)
    }
}

pub fn move_booking(
    db: &mut Db,
    redis: &mut Redis,
    req: MoveRequest,
    fallback_ttl: Duration,
) -> Result<Moved, Error> {
    let plan = check(db, req)?;
    let redis_now_ms = take_locks(redis, &plan)?;
    failpoint("move-after-redis");
    let record = match db.write(|tx| record(tx, &plan, redis_now_ms)) {
        Ok(r) => r,
        Err(e) => {
            let warnings = undo(db, redis, &plan, fallback_ttl);
            return Err(e.with_warnings(warnings));
        }
    };
    failpoint("move-after-sqlite");
    let warnings = finish(redis, &plan, fallback_ttl);
    let b = &plan.booking;
    let moved: HashSet<&str> = plan.pairs.iter().map(|(f, _)| f.as_str()).collect();
    let mut seats: Vec<SeatId> = b
        .seats
        .iter()
        .filter(|s| !moved.contains(s.as_str()))
        .cloned()
        .chain(plan.pairs.iter().filter_map(|(_, t)| t.parse().ok()))
        .collect();
    seats.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    Ok(Moved {
        booking_id: b.id,
        user: b.user.to_string(),
        from_showtime_id: b.showtime_id,
        showtime_id: plan.to,
        pairs: plan
            .pairs
            .iter()
            .map(|(from, to)| Pair {
                from: from.clone(),
                to: to.clone(),
            })
            .collect(),
        seats: crate::ids::seat_names(&seats),
        status: b.status,
        amount: record.price.as_ref().map(|p| p.amount_minor),
        currency: record.price.map(|p| p.currency),
        refund: record.refund,
        warnings,
    })
}

/// Everything that can be checked before Redis is touched (SQLite reads only).
fn check(db: &Db, req: MoveRequest) -> Result<Plan, Error> {
    if req.pairs.is_empty() {
        return Err(Error::invalid(
            "say which seats move: OLD=NEW pairs like B2=F5",
        ));
    }
    if let Some(r) = &req.reason {
        check_reason(r)?;
    }
    let b = db
        .booking(req.booking)?
        .ok_or_else(|| Error::not_found(format!("booking {} does not exist", req.booking)))?;
    if !matches!(b.status, Status::Pending | Status::Confirmed) {
        return Err(Error::not_found(format!(
            "booking {} is already {}; nothing to move",
            b.id, b.status
        )));
    }
    let to = req.to_showtime.unwrap_or(b.showtime_id);
    let across = to != b.showtime_id;
    let pairs: Vec<(String, String)> = req
        .pairs
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    check_pairs(&pairs, across)?;
    check_own_seats(&b, &pairs, across)?;
    if req.to_showtime.is_some() {
        check_upcoming(db, to)?;
    }
    let targets: Vec<SeatId> = req.pairs.iter().map(|(_, t)| t.clone()).collect();
    catalog::check_seats_on_sale(db, to, &targets, "nothing was moved")?;
    if across && pairs.len() != b.seats.len() {
        return Err(Error::invalid(format!(
            "--to-showtime moves the whole booking: give a new seat for each of {} ({} given); \
             nothing was moved",
            b.seat_names().join(", "),
            pairs.len()
        )));
    }
    if across
        && b.status == Status::Pending
        && let Some(other) = db.pending_booking(to, b.user.as_str())?
    {
        return Err(Error::conflict(format!(
            "user {} already has a hold on showtime {to} (booking {}); nothing was moved",
            b.user, other.id
        )));
    }
    refuse_sold(db, to, &pairs)?;
    if b.status == Status::Confirmed {
        check_exchange(db, &b, to, &pairs)?;
    }
    Ok(Plan {
        booking: b,
        to,
        pairs,
        reason: req.reason,
    })
}

/// No seat twice: a source or a target given twice, or (on one showtime) a seat both left and
/// taken.
fn check_pairs(pairs: &[(String, String)], across: bool) -> Result<(), Error> {
    let mut from = HashSet::new();
    let mut to = HashSet::new();
    for (f, t) in pairs {
        let twice = if !from.insert(f.as_str()) || (!across && to.contains(f.as_str())) {
            Some(f)
        } else if !to.insert(t.as_str()) || (!across && from.contains(t.as_str())) {
            Some(t)
        } else {
            None
        };
        if let Some(seat) = twice {
            return Err(Error::invalid(format!(
                "seat {seat} appears twice in the pairs; name each seat once — nothing was moved"
            )));
        }
    }
    Ok(())
}

/// Every old seat is the booking's; on its own showtime, no new seat is (moving onto a seat
/// the booking keeps would lose the old one and gain nothing).
fn check_own_seats(b: &Booking, pairs: &[(String, String)], across: bool) -> Result<(), Error> {
    let own = |seat: &str| b.seats.iter().any(|s| s.as_str() == seat);
    if let Some((_, t)) = pairs.iter().find(|(_, t)| !across && own(t)) {
        return Err(Error::invalid(format!(
            "seat {t} is already in booking {}; nothing was moved",
            b.id
        )));
    }
    let missing: Vec<&str> = pairs
        .iter()
        .map(|(f, _)| f.as_str())
        .filter(|f| !own(f))
        .collect();
    if !missing.is_empty() {
        return Err(Error::not_found(format!(
            "not in booking {}: {}; nothing was moved",
            b.id,
            missing.join(", ")
        )));
    }
    Ok(())
}

/// A reason goes to the audit table and back to terminals: one line of text, not too long.
fn check_reason(r: &str) -> Result<(), Error> {
    if r.trim().is_empty() || r.chars().count() > 200 || r.chars().any(crate::ids::is_hostile_char)
    {
        return Err(Error::invalid(format!(
            "invalid --reason {}: 1-200 characters, no control, bidi-override or zero-width \
             characters; nothing was moved",
            crate::ids::shown(r)
        )));
    }
    Ok(())
}

/// A target showtime must exist and not have started.
fn check_upcoming(db: &Db, to: ShowtimeId) -> Result<(), Error> {
    let st = catalog::get_showtime(db, to)?;
    let starts = chrono::DateTime::parse_from_rfc3339(&st.starts_at)
        .map_err(|e| Error::Internal(anyhow::anyhow!("showtime {to}'s start: {e}")))?;
    if starts.timestamp_millis() <= wall_ms() {
        return Err(Error::conflict(format!(
            "showtime {to} started at {}; nothing was moved",
            st.starts_at
        )));
    }
    Ok(())
}

/// A sale's new seats must cost what the old ones did or less, in their currency: refused
/// before Redis is touched (the transaction checks again).
fn check_exchange(
    db: &Db,
    b: &Booking,
    to: ShowtimeId,
    pairs: &[(String, String)],
) -> Result<(), Error> {
    let old: Vec<String> = pairs.iter().map(|(f, _)| f.clone()).collect();
    let new: Vec<String> = pairs.iter().map(|(_, t)| t.clone()).collect();
    let exchange = price::exchange(
        db.seat_prices(b.showtime_id, &old)?,
        db.seat_prices(to, &new)?,
    );
    let swap = price::Swap {
        booking: b.id,
        paid: b.price(),
        old: &old,
        new: &new,
        to_showtime: to,
    };
    exchange.refusal(&swap).map_or(Ok(()), Err)
}

/// Sold and blocked targets are refused before Redis is touched (the fence is the guarantee;
/// this keeps a blocked seat's reason in the message and its lock out of Redis).
fn refuse_sold(db: &Db, to: ShowtimeId, pairs: &[(String, String)]) -> Result<(), Error> {
    let targets: Vec<String> = pairs.iter().map(|(_, t)| t.clone()).collect();
    let sold = sold_or_blocked(db, to, &targets, true)?;
    if sold.is_empty() {
        Ok(())
    } else {
        Err(refused(to, sold))
    }
}

fn refused(to: ShowtimeId, taken: Vec<TakenSeat>) -> Error {
    match not_available(to, taken) {
        Error::Conflict {
            message,
            taken,
            refund_required,
            booking_id,
        } => Error::Conflict {
            message: message.replace("nothing was reserved", "nothing was moved"),
            taken,
            refund_required,
            booking_id,
        },
        e => e,
    }
}

/// Redis's step: one script locks every new seat, or none. Returns Redis's clock.
fn take_locks(redis: &mut Redis, plan: &Plan) -> Result<i64, Error> {
    let b = &plan.booking;
    let targets = plan.new_seats();
    let call = move_take::MoveTake {
        showtime: plan.to,
        user: &b.user,
        kind: plan.kind(),
        seats: &targets,
    };
    match scripts::run(redis, &call)? {
        move_take::Reply::Ok { now_ms, .. } => Ok(now_ms),
        move_take::Reply::Taken(pairs) => {
            let taken = taken_by_locks(pairs);
            Err(refused(plan.to, taken))
        }
        move_take::Reply::Gone { .. } => Err(Error::conflict(format!(
            "booking {}'s hold has run out; nothing was moved",
            b.id
        ))),
        move_take::Reply::Busy { .. } => Err(Error::conflict(format!(
            "another command is changing user {}'s hold on showtime {}; nothing was moved — retry \
             in a moment",
            b.user, plan.to
        ))),
    }
}

/// SQLite's step: the booking, unchanged since it was checked, moves through the fence.
fn record(tx: &Tx<'_>, plan: &Plan, redis_now_ms: i64) -> Result<MoveRecord, Error> {
    let wall = wall_ms();
    let b = &plan.booking;
    if let Some(c) = tx.showtime(plan.to)?.and_then(|r| r.cancelled) {
        return Err(catalog::screening_cancelled(
            plan.to,
            &c,
            "nothing was moved",
        ));
    }
    let current = tx.booking(b.id)?;
    let same = current.as_ref().is_some_and(|c| {
        (
            c.status,
            c.showtime_id,
            &c.seats,
            c.hold_started_at_ms,
            c.expires_at_ms,
        ) == (
            b.status,
            b.showtime_id,
            &b.seats,
            b.hold_started_at_ms,
            b.expires_at_ms,
        )
    });
    if !same {
        return Err(Error::conflict(format!(
            "booking {} changed while moving; nothing was moved — retry",
            b.id
        )));
    }
    let targets = plan.new_seats();
    let own = Some(b.id);
    let taken = claims::clear_stale_claims(
        tx,
        plan.to,
        &targets,
        own,
        redis_now_ms,
        Claimant::Reserve,
        wall,
    )?;
    if !taken.is_empty() {
        return Err(refused(plan.to, taken));
    }
    let m = SeatMove {
        booking: b,
        to_showtime: plan.to,
        pairs: &plan.pairs,
        reason: plan.reason.as_deref(),
        redis_now_ms,
    };
    claims::move_seats(tx, &m, wall)
}

/// After SQLite refused: the new locks go (a seat someone else claims in SQLite stays off the
/// free-seat cache, as reserve's undo does). Each failure is a warning for the CLI.
fn undo(db: &Db, redis: &mut Redis, plan: &Plan, fallback_ttl: Duration) -> Vec<String> {
    let user = plan.booking.user.as_str();
    let hold = (plan.hold(), fallback_ttl);
    give_back(db, redis, plan.to, user, &plan.new_seats(), hold)
}

/// Redis's last step, after the commit: the old seats' locks go and they are back on sale; a
/// sale's in-flight locks on its new seats go. A failure is a warning: the move stands.
fn finish(redis: &mut Redis, plan: &Plan, fallback_ttl: Duration) -> Vec<String> {
    let b = &plan.booking;
    let user = b.user.as_str();
    let mut warnings = Vec::new();
    let old = plan.old_seats();
    let mut steps = vec![(b.showtime_id, old, false)];
    if b.status == Status::Confirmed {
        steps.push((plan.to, plan.new_seats(), true));
    }
    for (st, seats, sold) in steps {
        if let Err(e) = finish_in_redis(redis, st, user, &seats, sold, plan.hold(), fallback_ttl) {
            warnings.push(format!(
                "booking {} moved in the database, but Redis locks on showtime {st} were not \
                 removed ({}); they expire on their own, or run `boxoffice sweep`",
                b.id,
                e.message()
            ));
        }
    }
    warnings
}
