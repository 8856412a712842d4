//! `reserve --best N`: the arguments of the best-available mode, and its output (a named
//! reserve's, plus what was asked in `--json` and, when split, a note naming the groups).

use serde_json::json;

use super::reserve::{ReserveArgs, print};
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::{self, BestAsk};

pub(super) fn run(ctx: &Context, a: ReserveArgs) -> Result<(), Error> {
    let ask = BestAsk {
        n: a.best.map_or(1, usize::from),
        category: a.category.clone(),
        accessible: a.accessible,
        allow_split: a.allow_split,
    };
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let hold = ctx.settings.hold.value;
    let b = holds::reserve_best(&mut db, &mut redis, a.showtime, &a.user, &ask, hold)?;
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
    print(ctx, &b.reservation, Some(asked))
}
