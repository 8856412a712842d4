use std::io::IsTerminal;
use std::time::Duration;

use clap::Args;

use crate::cli;
use crate::context::Context;
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::output;
use crate::sweep::{self, Options, Summary};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  * * * * *  boxoffice sweep        # crontab: silent unless something changed or failed
  boxoffice sweep --dry-run         # what it would do, changing nothing
  boxoffice sweep --json -v         # counts and details for scripts
  boxoffice sweep --watch 30s       # stay running (systemd), sweep every 30 s

Expires PENDING bookings whose hold ran out, restores holds Redis lost (restart, eviction),
removes locks on sold seats, and rebuilds the index keys. Orphan locks (no booking behind
them) are removed once their hold is over a minute old, as crash leftovers; younger ones may be
a reserve in flight and are only reported. Exit 0 on success, 5 when Redis or the database can't be reached, 6 with --strict
when a lock without expiry or a malformed key was found.")]
pub struct SweepArgs {
    /// Report what would change, change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print only errors
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print one line per booking and key touched (details in --json)
    #[arg(short, long)]
    pub verbose: bool,

    /// Exit 6 when a lock has no expiry or a key of the scheme is malformed
    #[arg(long)]
    pub strict: bool,

    /// Only this showtime
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: Option<ShowtimeId>,

    /// Keep running, sweeping at this interval (e.g. 30s)
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub watch: Option<Duration>,
}

fn parse_interval(s: &str) -> Result<Duration, String> {
    let d = crate::ids::parse_duration(s, "--watch interval").map_err(|e| e.to_string())?;
    if d < Duration::from_secs(1) || d > Duration::from_secs(24 * 3600) {
        return Err("--watch takes an interval from 1s to 24h".into());
    }
    Ok(d)
}

pub fn run(ctx: &Context, a: SweepArgs) -> Result<(), Error> {
    let Some(every) = a.watch else {
        return once(ctx, &a);
    };
    loop {
        // A failed round is reported and retried; the service keeps running.
        if let Err(e) = once(ctx, &a) {
            if matches!(e, Error::Invalid(_) | Error::NotFound(_)) {
                return Err(e);
            }
            output::note(format!("error: {}", e.message()));
        }
        std::thread::sleep(every);
    }
}

fn once(ctx: &Context, a: &SweepArgs) -> Result<(), Error> {
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let bar = (!a.quiet && !ctx.json && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("sweeping {bar:30} {pos}/{len} showtimes")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let progress = |done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    };
    let opts = Options {
        dry_run: a.dry_run,
        showtime: a.showtime,
    };
    let sum = sweep::sweep(&mut db, &mut redis, &opts, &progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    report(ctx, a, sum)
}

fn report(ctx: &Context, a: &SweepArgs, mut sum: Summary) -> Result<(), Error> {
    let strict_fail = a.strict && (sum.no_ttl + sum.bad_values) > 0;
    let findings = sum.no_ttl + sum.bad_values;
    if ctx.json {
        if !a.verbose {
            sum.details.clear();
        }
        output::json(&sum)?;
    } else if !a.quiet {
        if sum.skipped {
            if a.verbose {
                output::note("another sweep is running; skipped");
            }
            return Ok(());
        }
        // (count, verb when dry, verb when done, noun, rest of the line)
        let changes = [
            (
                sum.expired,
                "would expire",
                "expired",
                "booking",
                "whose hold ran out",
            ),
            (
                sum.rehydrated,
                "would restore",
                "restored",
                "hold",
                "Redis had lost",
            ),
            (
                sum.sold_locks_removed,
                "would remove",
                "removed",
                "lock",
                "on sold seats",
            ),
            (
                sum.reservations_repaired,
                "would rewrite",
                "rewrote",
                "reservation key",
                "from the locks",
            ),
            (
                sum.orphan_locks_removed,
                "would remove",
                "removed",
                "orphan lock",
                "left by a command that died midway",
            ),
            (
                sum.index_repaired,
                "would rebuild",
                "rebuilt",
                "index key",
                "that drifted",
            ),
        ];
        let mut lines: Vec<String> = changes
            .iter()
            .filter(|c| c.0 > 0)
            .map(|&(n, would, did, noun, rest)| {
                format!(
                    "{} {} {rest}",
                    if sum.dry_run { would } else { did },
                    plural(n, noun)
                )
            })
            .collect();
        // Conflicts are only found by doing; the findings below are reported either way.
        let findings = [
            (
                sum.conflicts,
                "lost hold",
                "could not be restored (seats taken meanwhile); expired",
                "",
            ),
            (
                sum.orphan_locks.saturating_sub(sum.orphan_locks_removed),
                "orphan lock",
                "(no booking behind them, younger than a minute) left alone; see boxoffice inspect",
                "",
            ),
            (
                sum.no_ttl,
                "key",
                "without expiry (seats stuck until released); see boxoffice inspect",
                "WARNING: ",
            ),
            (
                sum.bad_values,
                "malformed key",
                "; see boxoffice inspect",
                "WARNING: ",
            ),
        ];
        lines.extend(
            findings
                .iter()
                .filter(|f| f.0 > 0)
                .map(|&(n, noun, rest, prefix)| {
                    let sep = if rest.starts_with(';') { "" } else { " " };
                    format!("{prefix}{}{sep}{rest}", plural(n, noun))
                }),
        );
        for l in lines {
            output::line(l)?;
        }
        if a.verbose {
            for d in &sum.details {
                output::line(format!(
                    "  [{}] showtime {}: {}",
                    d.kind,
                    d.showtime_id,
                    crate::ids::escaped(&d.detail)
                ))?;
            }
        }
    }
    if strict_fail {
        return Err(Error::Anomalies(findings));
    }
    Ok(())
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
