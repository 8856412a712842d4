//! `block` and `unblock`: clap glue and printing for [`crate::blocks`].

use clap::Args;

use crate::blocks;
use crate::cli::{self, output};
use crate::context::Context;
use crate::error::Error;
use crate::ids::{self, ShowtimeId};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice block --showtime 24 F7 --reason \"broken seat\"
  boxoffice block --showtime 24 H1-H2 --reason \"wheelchair space\"

A blocked seat is off sale: reserve refuses it (exit 3, saying why) until it is unblocked, or
until staff sell it anyway with `reserve --force`. Blocking a held or sold seat is refused
(exit 3, naming the holder or booking) and blocks nothing. Blocking a seat that is blocked
already keeps its reason and says so (exit 0). Every block is in the audit table.")]
pub struct BlockArgs {
    /// Showtime of the seats
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: ShowtimeId,

    /// Why the seats are off sale (kept with the block, shown by inspect)
    #[arg(long, required = true, value_name = "TEXT")]
    pub reason: String,

    /// Seats: F7, F7,F8, or ranges H1-H2 / H1..H2
    #[arg(value_name = "SEAT", required = true, add = cli::complete::any_seat())]
    pub seats: Vec<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice unblock --showtime 24 F7
  boxoffice unblock --showtime 24 H1-H2 --reason \"repaired\"

The seats go back on sale at once. A seat that is not blocked is reported as already
unblocked (exit 0). Every unblock is in the audit table, with the reason the block had.")]
pub struct UnblockArgs {
    /// Showtime of the seats
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: ShowtimeId,

    /// Why the seats go back on sale (for the audit table)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// Seats: F7, F7,F8, or ranges H1-H2 / H1..H2
    #[arg(value_name = "SEAT", required = true, add = cli::complete::any_seat())]
    pub seats: Vec<String>,
}

pub fn run_block(ctx: &Context, a: BlockArgs) -> Result<(), Error> {
    let seats = ids::parse_seat_list(&a.seats)?;
    blocks::check_reason(&a.reason)?;
    let mut db = ctx.db()?;
    let out = blocks::block(&mut db, || ctx.redis(), a.showtime, &seats, &a.reason)?;
    for w in &out.warnings {
        output::warn(w);
    }
    if ctx.json {
        return output::json(&out);
    }
    let st = out.showtime_id;
    if !out.blocked.is_empty() {
        output::line(format!(
            "Blocked {} on showtime {st}: {}.",
            out.blocked.join(", "),
            ids::escaped(&out.reason)
        ))?;
    }
    for s in &out.already_blocked {
        output::line(format!(
            "{} on showtime {st} was already blocked: {} (unchanged).",
            s.seat,
            ids::escaped(&s.reason)
        ))?;
    }
    Ok(())
}

pub fn run_unblock(ctx: &Context, a: UnblockArgs) -> Result<(), Error> {
    let seats = ids::parse_seat_list(&a.seats)?;
    let reason = a.reason.as_deref().map(blocks::check_reason).transpose()?;
    let mut db = ctx.db()?;
    let out = blocks::unblock(
        &mut db,
        || ctx.redis(),
        a.showtime,
        &seats,
        reason.as_deref(),
    )?;
    for w in &out.warnings {
        output::warn(w);
    }
    if ctx.json {
        return output::json(&out);
    }
    let st = out.showtime_id;
    for s in &out.unblocked {
        output::line(format!(
            "Unblocked {} on showtime {st} (it was blocked: {}); it is on sale again.",
            s.seat,
            ids::escaped(&s.reason)
        ))?;
    }
    if !out.already_unblocked.is_empty() {
        output::line(format!(
            "{} on showtime {st} {} not blocked (already unblocked).",
            out.already_unblocked.join(", "),
            if out.already_unblocked.len() == 1 {
                "was"
            } else {
                "were"
            }
        ))?;
    }
    Ok(())
}
