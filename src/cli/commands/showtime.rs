use clap::{Args, Subcommand};

use crate::catalog::{self, NewHallShowtime, NewShowtime};
use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::wall_ms;
use crate::ids::{self, ShowtimeId};

#[derive(Debug, Subcommand)]
pub enum ShowtimeCommand {
    /// Add a showtime in a hall, or with a rectangular seat layout
    #[command(after_help = "\
Examples:
  boxoffice showtime add --movie \"Dune\" --starts 2027-12-01T20:00:00Z --rows A-C --seats-per-row 5
  boxoffice showtime add --movie Heat --starts 2027-12-02T21:30:00+01:00 --rows A-Z,AA-AC \\
      --seats-per-row 30 --screen \"Hall 2\" --id 300
  boxoffice showtime add --movie Dune --starts 2027-12-05T20:00:00Z --hall \"Screen 1\"

Give either --hall (a hall added with `boxoffice hall add`: its seats, gaps, categories and
prices are copied, and --screen defaults to its name) or --rows with --seats-per-row (one
standard category, no prices). A start in the past is refused (exit 2, nothing added) unless
--force.")]
    Add(AddArgs),
    /// List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)
    #[command(after_help = "\
Examples:
  boxoffice showtime list                  # the next 50 showtimes, soonest first
  boxoffice showtime list --all --past     # every showtime, the oldest first
  boxoffice showtime list --json | jq -r '.[] | \"\\(.showtime_id) \\(.movie)\"'

The table shows showtimes that start from now on, soonest first, at most 50 unless --limit or
--all; when it is cut, stderr says how many there are. --past includes those already started.
--json lists every showtime, past ones included, in the same order, unless --limit is given.")]
    List(ListArgs),
    /// Cancel a screening: stop its sales, release its holds, owe its sales back (staff)
    #[command(after_help = super::showtime_cancel::AFTER_HELP)]
    Cancel(super::showtime_cancel::CancelArgs),
}

/// The table's length when neither --limit nor --all is given.
pub const DEFAULT_LIST_LIMIT: u32 = 50;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Show at most N showtimes [default: 50; with --json: every one]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// Show every showtime, not just the first 50
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,

    /// Include showtimes that have already started [default with --json]
    #[arg(long)]
    pub past: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("layout").args(["rows", "hall"]).required(true)))]
pub struct AddArgs {
    /// Film title
    #[arg(long)]
    pub movie: String,

    /// Start time, RFC 3339 (2026-12-01T20:00:00Z or with an offset)
    #[arg(long, value_name = "TIME")]
    pub starts: String,

    /// Row labels: A-C, or A,B,D, or A-Z,AA-AC
    #[arg(long, value_name = "ROWS", requires = "seats_per_row")]
    pub rows: Option<String>,

    /// Seats in each row, numbered from 1
    #[arg(long, value_name = "N", requires = "rows", conflicts_with = "hall")]
    pub seats_per_row: Option<u32>,

    /// The hall to copy the seats from (instead of --rows and --seats-per-row)
    #[arg(long, value_name = "NAME", add = cli::complete::hall())]
    pub hall: Option<String>,

    /// Use this id instead of the next free one
    #[arg(long, value_parser = cli::showtime_id, value_name = "ID")]
    pub id: Option<ShowtimeId>,

    /// Screen or hall name [default with --hall: the hall's name]
    #[arg(long)]
    pub screen: Option<String>,

    /// Add it even though --starts is in the past (to record one after the fact)
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Context, c: ShowtimeCommand) -> Result<(), Error> {
    match c {
        ShowtimeCommand::Add(a) => add(ctx, a),
        ShowtimeCommand::List(a) => list(ctx, a),
        ShowtimeCommand::Cancel(a) => super::showtime_cancel::run(ctx, a),
    }
}

fn add(ctx: &Context, a: AddArgs) -> Result<(), Error> {
    let starts_at = chrono::DateTime::parse_from_rfc3339(&a.starts)
        .map_err(|_| {
            Error::invalid(format!(
                "invalid --starts {}: expected RFC 3339 like 2026-12-01T20:00:00Z",
                ids::shown(&a.starts)
            ))
        })?
        .with_timezone(&chrono::Utc);
    if starts_at < chrono::Utc::now() && !a.force {
        return Err(Error::invalid(format!(
            "--starts {} is in the past; nothing was added (pass --force to add a showtime \
             that has already started)",
            ids::shown(&a.starts)
        )));
    }
    if let Some(hall) = &a.hall {
        return add_in_hall(ctx, &a, hall, starts_at);
    }
    let rows = ids::parse_rows(a.rows.as_deref().unwrap_or_default())?;
    let mut db = ctx.db()?;
    let st = catalog::add_showtime(
        &mut db,
        &NewShowtime {
            id: a.id,
            movie: &a.movie,
            screen: a.screen.as_deref(),
            starts_at,
            rows,
            seats_per_row: a.seats_per_row.unwrap_or_default(),
        },
        wall_ms(),
    )?;
    if ctx.json {
        return output::json(&st);
    }
    output::line(format!(
        "Added showtime {}: {} at {}, {} seats (rows {}, {} per row).",
        st.showtime_id,
        ids::escaped(&st.movie),
        output::local_from_rfc3339(&st.starts_at),
        st.seats,
        st.rows.join(","),
        st.seats_per_row
    ))
}

/// `showtime add --hall`: the same checks, the hall's seats.
fn add_in_hall(
    ctx: &Context,
    a: &AddArgs,
    hall: &str,
    starts_at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let mut db = ctx.db()?;
    let st = catalog::add_hall_showtime(
        &mut db,
        &NewHallShowtime {
            id: a.id,
            movie: &a.movie,
            screen: a.screen.as_deref(),
            starts_at,
            hall,
        },
        wall_ms(),
    )?;
    if ctx.json {
        return output::json(&st);
    }
    output::line(format!(
        "Added showtime {}: {} at {}, {} seats in hall {} (rows {}).",
        st.showtime_id,
        ids::escaped(&st.movie),
        output::local_from_rfc3339(&st.starts_at),
        st.seats,
        ids::escaped(hall),
        st.rows.join(",")
    ))
}

fn list(ctx: &Context, a: ListArgs) -> Result<(), Error> {
    let db = ctx.db()?;
    // --json keeps its old meaning, the complete list, unless told otherwise.
    let past = a.past || ctx.json;
    let limit = match (a.limit, a.all || ctx.json) {
        (Some(n), _) => Some(n),
        (None, true) => None,
        (None, false) => Some(DEFAULT_LIST_LIMIT),
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let from = (!past).then_some(now.as_str());
    let page = catalog::list_showtimes_page(&db, from, limit)?;
    if ctx.json {
        return output::json(&page.showtimes);
    }
    let which = if past { "" } else { "upcoming " };
    if page.showtimes.is_empty() {
        let started = if past {
            0
        } else {
            catalog::count_showtimes(&db, None)?
        };
        if started > 0 {
            output::note(format!(
                "No upcoming showtimes ({started} already started: --past lists them)."
            ));
        } else {
            output::note(
                "No showtimes yet: add one with `boxoffice showtime add` or `boxoffice init --demo`.",
            );
        }
        return Ok(());
    }
    // The STATUS column appears only when a cancelled screening is listed, so the table reads
    // (and parses) as before otherwise.
    let any_cancelled = page.showtimes.iter().any(|s| s.cancelled.is_some());
    let mut header = vec!["ID", "MOVIE", "SCREEN", "STARTS", "SEATS", "SOLD", "HELD"];
    if any_cancelled {
        header.push("STATUS");
    }
    let mut t = output::table(&header);
    for s in &page.showtimes {
        let mut row = vec![
            s.showtime_id.to_string(),
            ids::escaped(&s.movie).into_owned(),
            ids::escaped(s.screen.as_deref().unwrap_or_default()).into_owned(),
            output::local_from_rfc3339(&s.starts_at),
            s.seats.to_string(),
            s.sold.to_string(),
            s.pending.to_string(),
        ];
        if any_cancelled {
            row.push(match &s.cancelled {
                Some(c) => format!("cancelled: {}", ids::escaped(&c.reason)),
                None => String::new(),
            });
        }
        t.add_row(row);
    }
    output::line(t.to_string())?;
    if (page.showtimes.len() as u64) < page.total {
        output::note(format!(
            "showing {} of {} {which}showtimes; --all for every one",
            page.showtimes.len(),
            page.total
        ));
    }
    Ok(())
}
