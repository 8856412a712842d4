use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use comfy_table::{Cell, CellAlignment};

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::ids::{ShowtimeId, escaped};
use crate::report::{self, By, Period, Report, Row, chart};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice report                                     # today's showtimes
  boxoffice report --showtime 24 --by category
  boxoffice report --from 2026-12-01 --to 2026-12-07 --by movie --csv > week.csv
  boxoffice report --showtime 24 --chart sales.svg     # seats sold and held over time

Reads SQLite only, so it works while Redis is down: held seats are the database's PENDING
bookings (a hold that ran out counts until `sweep` expires it). Days are local days. Amounts are
never added across currencies: each row is one currency. --csv and --json give every column
(amounts in minor units, with their currency); with no showtime, --csv prints the header only
and --json an empty list.")]
pub struct ReportArgs {
    /// One showtime, whenever it starts
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID",
          conflicts_with_all = ["from", "to"])]
    pub showtime: Option<ShowtimeId>,

    /// The first local day (YYYY-MM-DD) whose showtimes are reported [default: today]
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub from: Option<NaiveDate>,

    /// The last local day, included [default: the --from day]
    #[arg(long, value_parser = date, value_name = "DATE", requires = "from")]
    pub to: Option<NaiveDate>,

    /// One row per showtime, per category of each showtime, or per movie, day or screen
    #[arg(long, value_enum, value_name = "GROUP", default_value = "showtime")]
    pub by: ByArg,

    /// Print CSV (RFC 4180: a header row, then one row per group) for a spreadsheet
    #[arg(long)]
    pub csv: bool,

    /// Draw seats sold and held over time into FILE (.svg or .png), from the audit table
    #[arg(long, value_name = "FILE", requires = "showtime",
          conflicts_with_all = ["csv", "from", "to"],
          value_hint = clap::ValueHint::FilePath)]
    pub chart: Option<PathBuf>,
}

/// `--by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Showtime,
    Category,
    Movie,
    Day,
    Screen,
}

impl From<ByArg> for By {
    fn from(b: ByArg) -> By {
        match b {
            ByArg::Showtime => By::Showtime,
            ByArg::Category => By::Category,
            ByArg::Movie => By::Movie,
            ByArg::Day => By::Day,
            ByArg::Screen => By::Screen,
        }
    }
}

fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("invalid date {}: expected YYYY-MM-DD", crate::ids::shown(s)))
}

pub fn run(ctx: &Context, a: ReportArgs) -> Result<(), Error> {
    if a.csv && ctx.json {
        return Err(Error::invalid("--csv and --json: choose one"));
    }
    if let Some(path) = &a.chart {
        let st = a
            .showtime
            .ok_or_else(|| Error::invalid("--chart draws one showtime: pass --showtime ID"))?;
        return draw_chart(ctx, st, path);
    }
    let period = match (a.showtime, a.from) {
        (Some(st), _) => Period::Showtime(st),
        (None, Some(from)) => Period::Days {
            from,
            to: a.to.unwrap_or(from),
        },
        (None, None) => {
            let today = report::today();
            Period::Days {
                from: today,
                to: today,
            }
        }
    };
    let db = ctx.db()?;
    let r = report::build(&db, period, a.by.into())?;
    if ctx.json {
        return output::json(&r.rows);
    }
    if a.csv {
        return output::stdout(&csv(&r)?);
    }
    if r.rows.is_empty() {
        output::note(empty(period));
        return Ok(());
    }
    output::line(table(ctx, &r).to_string())?;
    for row in &r.rows {
        output::line(bar(row, ctx.color))?;
    }
    output::line(format!(
        "Held: seats of PENDING bookings in the database (Redis is not asked). Tickets sold: {} \
         over {} showtime{}.",
        r.tickets_sold(),
        r.showtimes.len(),
        if r.showtimes.len() == 1 { "" } else { "s" }
    ))
}

fn empty(period: Period) -> String {
    match period {
        Period::Days { from, to } if from == to && from == report::today() => {
            format!("no showtimes today ({from})")
        }
        Period::Days { from, to } if from == to => format!("no showtimes on {from}"),
        Period::Days { from, to } => format!("no showtimes from {from} to {to}"),
        Period::Showtime(st) => format!("no showtime {st}"),
    }
}

fn draw_chart(ctx: &Context, st: ShowtimeId, path: &std::path::Path) -> Result<(), Error> {
    chart::check_path(path)?;
    let db = ctx.db()?;
    let drawn = chart::write(&db, st, path)?;
    if ctx.json {
        return output::json(&drawn);
    }
    output::line(escaped(&format!(
        "Wrote the sales chart of showtime {} to {} ({} audit rows; now {} sold, {} held).",
        drawn.showtime_id, drawn.file, drawn.events, drawn.sold, drawn.held
    )))
}

/// The key columns of a grouping, then the counts and money.
fn header(by: By) -> Vec<&'static str> {
    let mut h = match by {
        By::Showtime => vec!["SHOWTIME", "MOVIE", "SCREEN", "STARTS"],
        By::Category => vec!["SHOWTIME", "MOVIE", "CATEGORY"],
        By::Movie => vec!["MOVIE", "SHOWTIMES"],
        By::Day => vec!["DAY", "SHOWTIMES"],
        By::Screen => vec!["SCREEN", "SHOWTIMES"],
    };
    h.extend([
        "SEATS",
        "SOLD",
        "HELD",
        "FREE",
        "BLOCKED",
        "OCCUPANCY",
        "REVENUE",
        "REFUNDS OWED",
    ]);
    h
}

fn text(s: &Option<String>) -> String {
    s.as_deref().map_or("-".into(), |s| escaped(s).into_owned())
}

fn amount(minor: Option<i64>, currency: &Option<String>) -> String {
    match (minor, currency) {
        (Some(m), Some(c)) => crate::text::money(m, c),
        _ => "-".into(),
    }
}

/// A showtime's start in local time, "(cancelled)" after it when the screening was called off.
fn starts(r: &Report, row: &Row) -> String {
    let Some(at) = row.starts_at.as_deref() else {
        return "-".into();
    };
    let cancelled =
        (r.showtimes.iter()).any(|s| Some(s.id) == row.showtime_id && s.cancelled.is_some());
    let at = output::local_from_rfc3339(at);
    if cancelled {
        format!("{at} (cancelled)")
    } else {
        at
    }
}

fn table(ctx: &Context, r: &Report) -> comfy_table::Table {
    let mut t = output::table(&header(r.by));
    for row in &r.rows {
        let mut cells: Vec<Cell> = match r.by {
            By::Showtime => vec![
                Cell::new(row.showtime_id.unwrap_or_default()),
                Cell::new(text(&row.movie)),
                Cell::new(text(&row.screen)),
                Cell::new(starts(r, row)),
            ],
            By::Category => vec![
                Cell::new(row.showtime_id.unwrap_or_default()),
                Cell::new(text(&row.movie)),
                Cell::new(text(&row.category)),
            ],
            By::Movie => vec![Cell::new(text(&row.movie)), Cell::new(row.showtimes)],
            By::Day => vec![Cell::new(text(&row.day)), Cell::new(row.showtimes)],
            By::Screen => vec![Cell::new(text(&row.screen)), Cell::new(row.showtimes)],
        };
        let n = |v: u64| Cell::new(v).set_alignment(CellAlignment::Right);
        cells.extend([
            n(row.seats),
            n(row.sold),
            n(row.held),
            n(row.free),
            n(row.blocked),
            Cell::new(format!("{:.1}%", row.occupancy_pct)).set_alignment(CellAlignment::Right),
            Cell::new(amount(row.revenue_minor, &row.currency)),
            Cell::new(amount(row.refunds_owed_minor, &row.currency)),
        ]);
        t.add_row(cells);
    }
    output::colour_table(&mut t, ctx.color);
    t
}

/// How many of `width` cells each count takes: rounded, at least one for a count above zero,
/// and never more than `width` in all (the largest gives way).
fn bar_cells(counts: [u64; 3], seats: u64, width: usize) -> [usize; 3] {
    let mut cells = counts.map(
        |n| match (n * width as u64 * 2 + seats).checked_div(seats * 2) {
            Some(c) => (c as usize).max(usize::from(n > 0)),
            None => 0,
        },
    );
    while cells.iter().sum::<usize>() > width {
        if let Some(big) = cells.iter_mut().max() {
            *big -= 1;
        }
    }
    cells
}

/// "24 Avengers  [███▒▒░░░░░…]  5.8% sold, 2.5% held": sold █, held ▒, blocked ×, free ░.
fn bar(row: &Row, colour: bool) -> String {
    const WIDTH: usize = 40;
    let [sold, held, blocked] = bar_cells([row.sold, row.held, row.blocked], row.seats, WIDTH);
    let free = WIDTH.saturating_sub(sold + held + blocked);
    let paint = |s: String, code: &str| {
        if colour && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s
        }
    };
    let label = [
        row.showtime_id.map(|i| i.to_string()),
        row.movie.clone(),
        row.category.clone(),
        row.day.clone(),
        row.screen.clone().filter(|_| row.showtime_id.is_none()),
        row.currency.clone().filter(|_| row.showtime_id.is_none()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let held_pct = if row.seats == 0 {
        0.0
    } else {
        (row.held as f64 * 1000.0 / row.seats as f64).round() / 10.0
    };
    format!(
        "{}  [{}{}{}{}]  {:.1}% sold, {:.1}% held",
        escaped(&label),
        paint("█".repeat(sold), "32"),
        paint("▒".repeat(held), "33"),
        paint("×".repeat(blocked), "31"),
        "░".repeat(free),
        row.occupancy_pct,
        held_pct
    )
}

/// The columns of `--csv`, in order: stable names, documented in the README.
pub const CSV_COLUMNS: &[&str] = &[
    "showtime_id",
    "movie",
    "screen",
    "starts_at",
    "day",
    "category",
    "showtimes",
    "seats",
    "sold",
    "held",
    "blocked",
    "free",
    "occupancy_pct",
    "currency",
    "revenue_minor",
    "refunds_owed_minor",
];

/// RFC 4180 through the csv crate. A text cell a spreadsheet would read as a formula gets a
/// leading `'` (movie and screen names are typed by staff).
fn csv(r: &Report) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| Error::Internal(e.into());
    w.write_record(CSV_COLUMNS).map_err(internal)?;
    let text = |s: &Option<String>| output::spreadsheet_safe(s.as_deref().unwrap_or_default());
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    for row in &r.rows {
        w.write_record([
            num(row.showtime_id),
            text(&row.movie),
            text(&row.screen),
            text(&row.starts_at),
            text(&row.day),
            text(&row.category),
            row.showtimes.to_string(),
            row.seats.to_string(),
            row.sold.to_string(),
            row.held.to_string(),
            row.blocked.to_string(),
            row.free.to_string(),
            format!("{:.1}", row.occupancy_pct),
            text(&row.currency),
            num(row.revenue_minor),
            num(row.refunds_owed_minor),
        ])
        .map_err(internal)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.into()))
}

#[cfg(test)]
mod tests {
    use super::bar_cells;

    #[test]
    fn a_bar_shows_every_nonzero_count_and_never_overflows() {
        assert_eq!(bar_cells([1, 0, 0], 120, 40), [1, 0, 0]);
        assert_eq!(bar_cells([4, 7, 0], 120, 40), [1, 2, 0]);
        assert_eq!(bar_cells([60, 60, 0], 120, 40), [20, 20, 0]);
        assert_eq!(bar_cells([118, 1, 1], 120, 40), [38, 1, 1]);
        assert_eq!(bar_cells([0, 0, 0], 0, 40), [0, 0, 0]);
    }
}
