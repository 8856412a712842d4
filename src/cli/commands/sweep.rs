use std::io::IsTerminal;
use std::time::Duration;

use clap::Args;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::sweep::{self, Options, Summary};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  * * * * *  boxoffice sweep        # crontab: silent unless something changed or failed
  boxoffice sweep --dry-run         # what it would do, changing nothing
  boxoffice sweep --json -v         # counts and details for scripts
  boxoffice sweep --watch 30s       # stay running (systemd), sweep every 30 s

Expires PENDING bookings whose hold ran out, restores holds Redis lost (restart, eviction),
removes locks on sold seats, and rebuilds the index keys. A live booking's restored lock
replaces any other lock on its seats (the database gives those seats to it alone); no booking
is expired before its time. Orphan locks (no booking behind them) are removed once their hold
is over a minute old, as crash leftovers; younger ones may be a reserve in flight, and locks
with no reservation key were written by hand or other software: both are only reported.

One sweep runs at a time, under boxoffice:sweep_lock (a 10 s lock it renews while it runs). A
sweep that finds it taken does nothing, says so in one line on stderr (even with -q; in --json,
\"skipped\": true and who holds the lock), and exits 0. With --watch, a finding or an error that
stays the same is printed once, and again when it changes; a failed round (Redis down, no
database yet) is reported and retried.

Exit 0 on success or when skipped, 5 when Redis or the database can't be reached, 6 with
--strict when a lock without expiry or a malformed key was found.")]
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

/// What `--watch` remembers between rounds, to say a standing finding or error once.
#[derive(Default)]
struct Memo {
    /// The standing lines printed last (findings, and a skip), None before the first round.
    standing: Option<Vec<String>>,
    error: Option<String>,
}

pub fn run(ctx: &Context, a: SweepArgs) -> Result<(), Error> {
    let Some(every) = a.watch else {
        return once(ctx, &a, None);
    };
    let mut memo = Memo::default();
    loop {
        // A failed round is reported (once while it stays the same) and retried; the service
        // keeps running. Only a usage or configuration error, which waiting cannot fix, ends it.
        match once(ctx, &a, Some(&mut memo)) {
            Ok(()) => {
                if memo.error.take().is_some() {
                    output::note("sweep: the error above has cleared; sweeping again");
                }
            }
            Err(e @ Error::Invalid(_)) => return Err(e),
            Err(e) => {
                let msg = e.message();
                if memo.error.as_deref() != Some(msg.as_str()) {
                    output::note(format!("error: {msg}"));
                }
                memo.error = Some(msg);
            }
        }
        std::thread::sleep(every);
    }
}

fn once(ctx: &Context, a: &SweepArgs, memo: Option<&mut Memo>) -> Result<(), Error> {
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
        hold: ctx.settings.hold.value,
        operator: ctx.operator.clone(),
    };
    let sum = sweep::sweep(&mut db, &mut redis, &opts, &progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // Only restored holds wait for the replicas (`replication`): the sweep's other writes end
    // or tidy keys, which a lost write only leaves for the next sweep.
    if !sum.dry_run
        && sum.rehydrated + sum.displaced_locks > 0
        && let Some(w) = ctx.replicate(&mut redis, "the restored holds")
    {
        output::warn(w);
    }
    report(ctx, a, sum, memo)
}

/// One thing a report prints, in order.
#[derive(Debug, PartialEq)]
enum Out {
    /// A warning on stderr.
    Warn(String),
    /// A message on stderr.
    Note(String),
    /// The `--json` document on stdout.
    Json(serde_json::Value),
    /// A line on stdout.
    Line(String),
}

fn report(
    ctx: &Context,
    a: &SweepArgs,
    sum: Summary,
    memo: Option<&mut Memo>,
) -> Result<(), Error> {
    for out in render(ctx.json, a, &sum, memo)? {
        match out {
            Out::Warn(w) => output::warn(w),
            Out::Note(n) => output::note(n),
            Out::Json(v) => output::json(&v)?,
            Out::Line(l) => output::line(l)?,
        }
    }
    if !sum.other_key_style.is_empty() {
        let e = other_key_style(&sum.other_key_style, ctx.keys().style());
        return Err(if ctx.json {
            Error::InDocument(Box::new(e))
        } else {
            e
        });
    }
    let findings = sum.no_ttl + sum.bad_values;
    if a.strict && findings > 0 {
        return Err(Error::Anomalies(findings));
    }
    Ok(())
}

/// What a sweep's report prints, and (under `--watch`) what it remembers: a sweep that did
/// nothing, or stopped early, is never silent (on stderr whatever the mode), and standing lines
/// (findings, a skip) are printed once until they change.
fn render(
    json: bool,
    a: &SweepArgs,
    sum: &Summary,
    memo: Option<&mut Memo>,
) -> Result<Vec<Out>, Error> {
    let mut out = Vec::new();
    if sum.lock_lost {
        out.push(Out::Warn(lock_lost_warning()));
    }
    let text = if json {
        out.push(Out::Json(json_summary(sum, a.verbose)?));
        Text::default()
    } else if !a.quiet && !sum.skipped {
        text_report(sum, a.verbose)
    } else {
        Text::default()
    };
    // A skip is keyed by the lock's holder, not its changing age.
    let skipped_by = sum.lock.as_ref().map_or("", |l| l.holder.as_str());
    let skip = sum.skipped.then(|| format!("skipped by {skipped_by}"));
    let standing: Vec<String> = skip.into_iter().chain(text.standing()).collect();
    let repeat = memo
        .as_ref()
        .is_some_and(|m| m.standing.as_ref() == Some(&standing));
    if let Some(m) = memo {
        m.standing = Some(standing);
    }
    if !repeat && sum.skipped {
        out.push(Out::Note(skipped_note(sum)));
    }
    out.extend(text.lines(repeat).map(Out::Line));
    Ok(out)
}

/// Exit 3 for showtimes skipped because their keys are in the other key style.
fn other_key_style(showtimes: &[i64], style: crate::keys::KeyStyle) -> Error {
    let list: Vec<String> = showtimes.iter().map(|s| s.to_string()).collect();
    let (which, has) = if list.len() == 1 {
        ("showtime", "has")
    } else {
        ("showtimes", "have")
    };
    Error::conflict(format!(
        "{which} {} {has} keys of the {} key style, so this {} style sweep left them alone; run \
         `boxoffice keys migrate --to {}` (or sweep with --key-style {})",
        list.join(", "),
        style.other(),
        style,
        style,
        style.other()
    ))
}

fn lock_lost_warning() -> String {
    format!(
        "this sweep lost its lock {} (a step ran longer than its {} lifetime, so another \
         sweep may have run alongside); it stopped where it found out, and the next sweep \
         goes on",
        crate::keys::sweep_lock(),
        humantime::format_duration(sweep::LOCK_TTL)
    )
}

fn skipped_note(sum: &Summary) -> String {
    format!(
        "sweep skipped: {}; nothing was done",
        sum.lock
            .as_ref()
            .map_or("another sweep holds the sweep lock".to_string(), |l| l
                .describe())
    )
}

/// The summary as `--json` prints it: the details only with `-v`.
fn json_summary(sum: &Summary, verbose: bool) -> Result<serde_json::Value, Error> {
    let mut v = serde_json::to_value(sum)
        .map_err(|e| Error::Internal(anyhow::anyhow!("encoding JSON: {e}")))?;
    if !verbose && let Some(o) = v.as_object_mut() {
        o.remove("details");
    }
    Ok(v)
}

/// A text report's lines: what this sweep did and what stands, each as summary lines and (with
/// `-v`) detail lines.
#[derive(Default)]
struct Text {
    changes: Vec<String>,
    findings: Vec<String>,
    change_details: Vec<String>,
    finding_details: Vec<String>,
}

impl Text {
    /// The lines that stand, as `--watch` compares them between rounds.
    fn standing(&self) -> impl Iterator<Item = String> + '_ {
        self.findings.iter().chain(&self.finding_details).cloned()
    }

    /// What is printed: what changed first, then what stands (summary lines before detail
    /// lines within each); what stands only when it is no `repeat`.
    fn lines(self, repeat: bool) -> impl Iterator<Item = String> {
        let (findings, finding_details) = if repeat {
            (Vec::new(), Vec::new())
        } else {
            (self.findings, self.finding_details)
        };
        (self.changes.into_iter())
            .chain(findings)
            .chain(self.change_details)
            .chain(finding_details)
    }
}

fn text_report(sum: &Summary, verbose: bool) -> Text {
    let mut text = Text {
        changes: change_lines(sum),
        findings: finding_lines(sum),
        ..Text::default()
    };
    if verbose {
        for d in &sum.details {
            let l = format!(
                "  [{}] showtime {}: {}",
                d.kind,
                d.showtime_id,
                crate::ids::escaped(&d.detail)
            );
            if d.kind.is_standing() {
                text.finding_details.push(l);
            } else {
                text.change_details.push(l);
            }
        }
    }
    text
}

/// One line per kind of change this sweep made (or, dry, would make).
fn change_lines(sum: &Summary) -> Vec<String> {
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
            sum.displaced_locks,
            "would replace",
            "replaced",
            "stray lock",
            "on seats of live bookings (no booking backs them; the database gives the seats to the bookings)",
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
        (
            sum.cancelled_keys_cleared,
            "would clear",
            "cleared",
            "key",
            "of cancelled screenings",
        ),
    ];
    changes
        .iter()
        .filter(|c| c.0 > 0)
        .map(|&(n, would, did, noun, rest)| {
            let verb = if sum.dry_run { would } else { did };
            format!("{verb} {} {rest}", plural(n, noun))
        })
        .collect()
}

/// One line per kind of finding that stands, reported either way.
fn finding_lines(sum: &Summary) -> Vec<String> {
    // (count, noun, rest of the line, prefix)
    let found = [
        (
            sum.orphan_locks
                .saturating_sub(sum.orphan_locks_removed)
                .saturating_sub(sum.foreign_locks),
            "orphan lock",
            "(no booking behind them, younger than a minute) left alone; see boxoffice inspect",
            "",
        ),
        (
            sum.foreign_locks,
            "foreign lock",
            "(no booking and no reservation key behind them: written by hand or by other software) left alone; see boxoffice inspect",
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
    found
        .iter()
        .filter(|f| f.0 > 0)
        .map(|&(n, noun, rest, prefix)| {
            let sep = if rest.starts_with(';') { "" } else { " " };
            format!("{prefix}{}{sep}{rest}", plural(n, noun))
        })
        .collect()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
