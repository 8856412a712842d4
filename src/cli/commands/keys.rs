use clap::{Args, Subcommand, ValueEnum};

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::ids::{ShowtimeId, escaped};
use crate::keys::KeyStyle;
use crate::migrate::{self, Options, RefusedReason, Summary};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once
    #[command(after_help = "\
Examples:
  boxoffice keys migrate --to cluster --dry-run      # what would move, changing nothing
  boxoffice keys migrate --to cluster                # every showtime with seed-style keys
  boxoffice keys migrate --to seed --showtime 24 --json

Moves each showtime's locks, reservations, held-seats index and free-seat cache from the other
style to --to: seed `seat_lock:24:A1`, cluster `seat_lock:{24}:A1`. Each showtime moves in one
script, all of its keys or none, each key with its value and its expiry to the millisecond.
Without --showtime, every showtime that has a key of the other style. Silent when there is
nothing to move (cron); then set key_style to the new style everywhere.

While it runs it holds the sweep lock (boxoffice:sweep_lock): a sweep or another migration
running is exit 3, nothing changed. A hold taken meanwhile in the new style, or later in the old
one, is refused (exit 3) rather than split between styles.

Needs a standalone Redis (or a Sentinel's primary): a redis+cluster:// URL is exit 2, because a
showtime's seed-style keys sit in different slots of a cluster. Migrate before moving to the
cluster, or start the cluster empty and run `boxoffice sweep --key-style cluster`, which
restores every live hold from the database.

Exit 0 when done (or nothing to do), 3 when a showtime has holds in both styles (nothing of it
moved; the others are) or kept changing under the move, 5 when Redis can't be reached.")]
    Migrate(MigrateArgs),
}

/// A key style, as `--to` spells it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StyleArg {
    /// The guide's keys: seat_lock:24:A1, reserved_seats_24
    Seed,
    /// Hash-tagged on the showtime: seat_lock:{24}:A1, reserved_seats_{24}
    Cluster,
}

impl From<StyleArg> for KeyStyle {
    fn from(s: StyleArg) -> KeyStyle {
        match s {
            StyleArg::Seed => KeyStyle::Seed,
            StyleArg::Cluster => KeyStyle::Cluster,
        }
    }
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The style to move the keys to
    #[arg(long, value_name = "STYLE")]
    pub to: StyleArg,

    /// Only this showtime
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: Option<ShowtimeId>,

    /// Show what would move, change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Context, c: KeysCommand) -> Result<(), Error> {
    match c {
        KeysCommand::Migrate(a) => run_migrate(ctx, a),
    }
}

fn run_migrate(ctx: &Context, a: MigrateArgs) -> Result<(), Error> {
    let cluster = ctx.is_cluster();
    if cluster {
        return Err(Error::invalid(migrate::CLUSTER_REFUSAL));
    }
    let mut redis = ctx.redis()?;
    let opts = Options {
        to: a.to.into(),
        showtime: a.showtime,
        dry_run: a.dry_run,
        operator: ctx.operator.clone(),
    };
    let sum = migrate::migrate(&mut redis, cluster, &opts)?;
    let refusal = refusal(&sum);
    if ctx.json {
        let mut doc = document(&sum);
        if let Some(e) = &refusal {
            doc["error"] = e.to_json()["error"].clone();
        }
        output::json(&doc)?;
        return refusal.map_or(Ok(()), |e| Err(Error::InDocument(Box::new(e))));
    }
    for line in lines(&sum) {
        output::line(line)?;
    }
    refusal.map_or(Ok(()), Err)
}

fn document(sum: &Summary) -> serde_json::Value {
    serde_json::json!({
        "from": sum.from.name(),
        "to": sum.to.name(),
        "dry_run": sum.dry_run,
        "showtimes": sum.showtimes,
        "refused": sum.refused,
    })
}

/// One line per showtime moved, and with --dry-run one per key under it.
fn lines(sum: &Summary) -> Vec<String> {
    let verb = if sum.dry_run { "would move" } else { "moved" };
    let mut out = Vec::new();
    for st in &sum.showtimes {
        let n = st.keys.iter().filter(|k| k.to.is_some()).count();
        out.push(format!(
            "showtime {}: {verb} {n} key{} to the {} style",
            st.showtime_id,
            if n == 1 { "" } else { "s" },
            sum.to.name()
        ));
        if sum.dry_run {
            for k in &st.keys {
                let left = k.pttl_ms.map_or_else(
                    || "no expiry".to_string(),
                    |ms| format!("{} left", crate::text::human_duration(ms)),
                );
                out.push(match &k.to {
                    Some(to) => format!("  {} -> {} ({left})", escaped(&k.from), escaped(to)),
                    None => format!(
                        "  {} dropped (the {} style's free-seat cache is kept)",
                        escaped(&k.from),
                        sum.to.name()
                    ),
                });
            }
        }
        for k in &st.left {
            out.push(format!(
                "  {} left in place (no seat or user id)",
                escaped(k)
            ));
        }
    }
    out
}

/// The conflict (exit 3) naming every showtime not moved, if any.
fn refusal(sum: &Summary) -> Option<Error> {
    if sum.refused.is_empty() {
        return None;
    }
    let why: Vec<String> = sum
        .refused
        .iter()
        .map(|r| match r.reason {
            RefusedReason::BothStyles => format!(
                "showtime {} has holds in both key styles ({} found): nothing of it was moved; \
                 the database decides which hold is real, so let the {} style's holds end (or \
                 release them), then run `boxoffice sweep`",
                r.showtime_id,
                r.found
                    .iter()
                    .map(|k| escaped(k))
                    .collect::<Vec<_>>()
                    .join(", "),
                sum.to.name()
            ),
            RefusedReason::KeptChanging => format!(
                "showtime {} kept changing during the move ({} tries): nothing of it was moved; \
                 run `boxoffice keys migrate --to {} --showtime {}` again",
                r.showtime_id,
                migrate::LOOKS,
                sum.to.name(),
                r.showtime_id
            ),
        })
        .collect();
    Some(Error::conflict(why.join("; ")))
}
