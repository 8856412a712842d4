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
removes locks on sold seats, and rebuilds the index keys. Orphan locks are left to expire but
reported. Exit 0 on success, 5 when Redis or the database can't be reached, 6 with --strict
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
    #[arg(long, value_parser = cli::showtime_id, value_name = "ID")]
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
        // (count, what it would do, what it did)
        let dry = sum.dry_run;
        let mut lines = Vec::new();
        let mut say = |n: usize, would: String, did: String| {
            if n > 0 {
                lines.push(if dry { would } else { did });
            }
        };
        let n = sum.expired;
        say(
            n,
            format!("would expire {} whose hold ran out", plural(n, "booking")),
            format!("expired {} whose hold ran out", plural(n, "booking")),
        );
        let n = sum.rehydrated;
        say(
            n,
            format!("would restore {} Redis had lost", plural(n, "hold")),
            format!("restored {} Redis had lost", plural(n, "hold")),
        );
        let n = sum.conflicts;
        say(
            n,
            String::new(),
            format!(
                "{} could not be restored (seats taken meanwhile); expired",
                plural(n, "lost hold")
            ),
        );
        let n = sum.sold_locks_removed;
        say(
            n,
            format!("would remove {} on sold seats", plural(n, "lock")),
            format!("removed {} on sold seats", plural(n, "lock")),
        );
        let n = sum.reservations_repaired;
        say(
            n,
            format!(
                "would rewrite {} from the locks",
                plural(n, "reservation key")
            ),
            format!("rewrote {} from the locks", plural(n, "reservation key")),
        );
        let n = sum.index_repaired;
        say(
            n,
            format!("would rebuild {} that drifted", plural(n, "index key")),
            format!("rebuilt {} that drifted", plural(n, "index key")),
        );
        let orphan = format!(
            "{} (no booking behind them) left to expire; see boxoffice inspect",
            plural(sum.orphan_locks, "orphan lock")
        );
        say(sum.orphan_locks, orphan.clone(), orphan);
        let no_ttl = format!(
            "WARNING: {} keys without expiry (seats stuck until released); see boxoffice inspect",
            sum.no_ttl
        );
        say(sum.no_ttl, no_ttl.clone(), no_ttl);
        let bad = format!(
            "WARNING: {} malformed keys; see boxoffice inspect",
            sum.bad_values
        );
        say(sum.bad_values, bad.clone(), bad);
        for l in lines {
            output::line(l)?;
        }
        if a.verbose {
            for d in &sum.details {
                output::line(format!(
                    "  [{}] showtime {}: {}",
                    d.kind, d.showtime_id, d.detail
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
