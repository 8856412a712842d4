use clap::{Args, Subcommand};

use crate::catalog::{self, NewShowtime};
use crate::cli;
use crate::context::Context;
use crate::error::Error;
use crate::holds::wall_ms;
use crate::ids::{self, ShowtimeId};
use crate::output;

#[derive(Debug, Subcommand)]
pub enum ShowtimeCommand {
    /// Add a showtime with a rectangular seat layout
    #[command(after_help = "\
Examples:
  boxoffice showtime add --movie \"Dune\" --starts 2026-12-01T20:00:00Z --rows A-C --seats-per-row 5
  boxoffice showtime add --movie Heat --starts 2026-12-02T21:30:00+01:00 --rows A-Z,AA-AC \\
      --seats-per-row 30 --screen \"Hall 2\" --id 300")]
    Add(AddArgs),
    /// List showtimes with their sold and held counts (reads SQLite only)
    #[command(after_help = "\
Examples:
  boxoffice showtime list
  boxoffice showtime list --json | jq -r '.[] | \"\\(.showtime_id) \\(.movie)\"'")]
    List,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Film title
    #[arg(long)]
    pub movie: String,

    /// Start time, RFC 3339 (2026-12-01T20:00:00Z or with an offset)
    #[arg(long, value_name = "TIME")]
    pub starts: String,

    /// Row labels: A-C, or A,B,D, or A-Z,AA-AC
    #[arg(long, value_name = "ROWS")]
    pub rows: String,

    /// Seats in each row, numbered from 1
    #[arg(long, value_name = "N")]
    pub seats_per_row: u32,

    /// Use this id instead of the next free one
    #[arg(long, value_parser = cli::showtime_id, value_name = "ID")]
    pub id: Option<ShowtimeId>,

    /// Screen or hall name
    #[arg(long)]
    pub screen: Option<String>,
}

pub fn run(ctx: &Context, c: ShowtimeCommand) -> Result<(), Error> {
    match c {
        ShowtimeCommand::Add(a) => add(ctx, a),
        ShowtimeCommand::List => list(ctx),
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
    let rows = ids::parse_rows(&a.rows)?;
    let mut db = ctx.db()?;
    let st = catalog::add_showtime(
        &mut db,
        &NewShowtime {
            id: a.id,
            movie: &a.movie,
            screen: a.screen.as_deref(),
            starts_at,
            rows,
            seats_per_row: a.seats_per_row,
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

fn list(ctx: &Context) -> Result<(), Error> {
    let db = ctx.db()?;
    let all = catalog::list_showtimes(&db)?;
    if ctx.json {
        return output::json(&all);
    }
    if all.is_empty() {
        output::note(
            "No showtimes yet: add one with `boxoffice showtime add` or `boxoffice init --demo`.",
        );
        return Ok(());
    }
    let mut t = output::table(&["ID", "MOVIE", "SCREEN", "STARTS", "SEATS", "SOLD", "HELD"]);
    for s in &all {
        t.add_row(vec![
            s.showtime_id.to_string(),
            ids::escaped(&s.movie).into_owned(),
            ids::escaped(s.screen.as_deref().unwrap_or_default()).into_owned(),
            output::local_from_rfc3339(&s.starts_at),
            s.seats.to_string(),
            s.sold.to_string(),
            s.pending.to_string(),
        ]);
    }
    output::line(t.to_string())
}
