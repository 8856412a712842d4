//! `reserve --best N`: the arguments of the best-available mode, and its output (a named
//! reserve's, plus what was asked in `--json` and, when split, a note naming the groups); and
//! the interactive picker's "4", which proposes the best four from the map it shows.

use std::collections::HashSet;

use serde_json::json;

use super::reserve::{ReserveArgs, print};
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, BestAsk};
use crate::ids::{self, SeatId, ShowtimeId};
use crate::seating::{self, Ask};
use crate::snapshot::{SeatState, SeatView};
use crate::store::{Db, SeatGrid};

pub(super) fn run(ctx: &Context, a: ReserveArgs) -> Result<(), Error> {
    let ask = BestAsk {
        n: a.best.map_or(1, usize::from),
        category: a.category.clone(),
        accessible: a.accessible,
        allow_split: a.allow_split,
        order_id: a.order_id.clone(),
    };
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let hold = ctx.settings.hold.value;
    let b = holds::reserve_best(&mut db, &mut redis, a.showtime, &a.user, &ask, hold)?;
    let warnings: Vec<String> = ctx.replicate(&mut redis, "the hold").into_iter().collect();
    if b.groups.len() > 1 && !ctx.json {
        let groups: Vec<String> = b.groups.iter().map(|g| g.join(", ")).collect();
        output::note(format!(
            "note: no {} seats side by side; split into {} groups: {}",
            ask.n,
            groups.len(),
            groups.join(" / ")
        ));
    }
    let asked = json!({
        "best": ask.n,
        "category": ask.category,
        "accessible": ask.accessible,
        "allow_split": ask.allow_split,
        "groups": b.groups,
    });
    print(
        ctx,
        &b.reservation,
        a.order_id.as_deref(),
        Some(asked),
        &warnings,
    )
}

/// The interactive picker's answer as a count of seats for the picker: "4" (1 to 10).
pub(super) fn count(typed: &str) -> Option<usize> {
    typed.parse::<usize>().ok().filter(|n| (1..=10).contains(n))
}

/// The interactive picker's "N": the best N free seats side by side on the `map` just shown
/// (the picker's score, every non-accessible category), proposed for the clerk to accept.
/// `None`: none fit, or the clerk declined; the prompt asks again. The seats accepted are then
/// reserved by name: all or nothing, so a seat taken since the map is a clean exit 3 (the clerk
/// is looking at the map, and names these seats; `--best` is the atomic choice).
pub(super) fn propose(
    db: &Db,
    showtime: ShowtimeId,
    map: &[SeatView],
    n: usize,
    theme: &dyn dialoguer::theme::Theme,
) -> Result<Option<Vec<SeatId>>, Error> {
    let free: HashSet<&str> = map
        .iter()
        .filter(|s| s.state == SeatState::Free)
        .map(|s| s.seat.as_str())
        .collect();
    let infos = db.seat_infos(showtime)?;
    let is_free: Vec<bool> = infos
        .iter()
        .map(|s| free.contains(s.seat.as_str()))
        .collect();
    let seats = SeatGrid::from_infos(&infos);
    let best_row = db.best_row(showtime)?;
    let ask = Ask {
        n,
        category: None,
        accessible: false,
        best_row: best_row.as_deref(),
    };
    let Some(best) = seating::best(&seats, &is_free, &ask, 1).into_iter().next() else {
        output::note(format!(
            "no {n} free seats side by side; name seats instead"
        ));
        return Ok(None);
    };
    let shown: Vec<String> = best
        .seats
        .iter()
        .map(|s| ids::escaped(s).into_owned())
        .collect();
    let ok = dialoguer::Confirm::with_theme(theme)
        .with_prompt(format!(
            "Best {n} together: {}. Hold them?",
            shown.join(", ")
        ))
        .default(true)
        .interact()
        .map_err(|e| Error::invalid(format!("no answer ({e}); nothing was held")))?;
    if !ok {
        return Ok(None);
    }
    ids::parse_seat_list(&best.seats).map(Some)
}
