//! `hall add`, `hall list`, `hall show`: the halls showtimes are made from (`showtime add
//! --hall`). Reading the hall file is here (the domain's parser takes text); the map `hall
//! show` draws uses the seat map's grid, so a hall reads the same as its showtimes.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::output;
use crate::cli::seatmap::{GridRow, grid};
use crate::context::Context;
use crate::error::Error;
use crate::halls::{self, Hall};
use crate::holds::wall_ms;
use crate::ids::{self, escaped};
use crate::text::money as format_price;

/// The largest hall file read: far more than 10,000 seats need.
const MAX_FILE_BYTES: u64 = 1 << 20;

#[derive(Debug, Subcommand)]
pub enum HallCommand {
    /// Add a hall from its file: rows with gaps and aisles, seat categories, prices
    #[command(after_help = "\
Examples:
  boxoffice hall add --file screen1.toml

The file is TOML (see the README for a full example): name, currency (ISO 4217; prices in
minor units), [categories] with a letter per category, optional best_row, and [layout] rows,
one line per row: the row label, then one character per position, a category letter for a seat
and '.' for a gap or an aisle. A bad file is exit 2 naming its line, a name that exists exit 3;
nothing is stored either way.")]
    Add(AddArgs),
    /// List the halls with their seats, categories and currency (reads SQLite only)
    #[command(after_help = "\
Examples:
  boxoffice hall list
  boxoffice hall list --json | jq -r '.[].name'")]
    List,
    /// Draw a hall's map: rows, gaps and aisles, categories and their prices
    #[command(after_help = "\
Examples:
  boxoffice hall show \"Screen 1\"
  boxoffice hall show \"Screen 1\" --json     # the hall as parsed: categories, rows, seats
  boxoffice hall show \"Screen 1\" --source   # the hall file it was added from")]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The hall file (TOML)
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The hall's name, as `hall list` shows it
    #[arg(value_name = "NAME", add = crate::cli::complete::hall())]
    pub name: String,

    /// Print the hall file it was added from instead of the map
    #[arg(long)]
    pub source: bool,
}

pub fn run(ctx: &Context, c: HallCommand) -> Result<(), Error> {
    match c {
        HallCommand::Add(a) => add(ctx, a),
        HallCommand::List => list(ctx),
        HallCommand::Show(a) => show(ctx, a),
    }
}

/// The hall file's text; a file that can't be read is invalid input (exit 2), as a `--config`
/// file is.
fn read(path: &std::path::Path, shown: &str) -> Result<String, Error> {
    let fail =
        |why: String| Error::invalid(format!("hall file {shown}: {why}; nothing was stored"));
    let file = std::fs::File::open(path).map_err(|e| fail(io_reason(&e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail("larger than 1 MiB".into()));
    }
    String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => e.to_string(),
    }
}

fn add(ctx: &Context, a: AddArgs) -> Result<(), Error> {
    let shown = escaped(&a.file.to_string_lossy()).into_owned();
    let text = read(&a.file, &shown)?;
    let hall = halls::parse(&shown, &text)?;
    let mut db = ctx.db()?;
    let h = halls::add_hall(&mut db, &hall, &text, wall_ms())?;
    if ctx.json {
        return output::json(&h);
    }
    output::line(format!(
        "Added hall {}: {} seats in {} rows, categories {}; prices in {}.",
        escaped(&h.name),
        h.seats,
        h.rows,
        h.categories
            .iter()
            .map(|c| escaped(c).into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        h.currency
    ))
}

fn list(ctx: &Context) -> Result<(), Error> {
    let db = ctx.db()?;
    let all = halls::list_halls(&db)?;
    if ctx.json {
        return output::json(&all);
    }
    if all.is_empty() {
        output::note("No halls yet: add one with `boxoffice hall add --file FILE`.");
        return Ok(());
    }
    let mut t = output::table(&["NAME", "SEATS", "ROWS", "CATEGORIES", "CURRENCY"]);
    for h in &all {
        t.add_row(vec![
            escaped(&h.name).into_owned(),
            h.seats.to_string(),
            h.rows.to_string(),
            h.categories
                .iter()
                .map(|c| escaped(c).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
            escaped(&h.currency).into_owned(),
        ]);
    }
    output::line(t.to_string())
}

fn show(ctx: &Context, a: ShowArgs) -> Result<(), Error> {
    let db = ctx.db()?;
    if a.source {
        let text = halls::hall_source(&db, &a.name)?;
        if ctx.json {
            return output::json(&serde_json::json!({ "name": a.name, "source": text }));
        }
        // Comments may hold anything TOML allows: escaped, line by line.
        let shown: Vec<String> = text.lines().map(|l| escaped(l).into_owned()).collect();
        return output::stdout(&(shown.join("\n") + "\n"));
    }
    let hall = halls::get_hall(&db, &a.name)?;
    if ctx.json {
        return output::json(&hall);
    }
    output::stdout(&draw(&hall))
}

/// The title, the map (a category's letter per seat) and the legend with prices.
fn draw(hall: &Hall) -> String {
    let mut out = format!(
        "Hall {}: {} seats in {} rows, prices in {}{}\n\n",
        escaped(&hall.name),
        hall.seats,
        hall.rows.len(),
        escaped(&hall.currency),
        hall.best_row
            .as_deref()
            .map(|r| format!(", best row {}", escaped(r)))
            .unwrap_or_default()
    );
    let mut rows = Vec::new();
    for r in &hall.rows {
        let cells: Vec<(u32, String)> = r
            .layout
            .chars()
            .enumerate()
            .filter(|(_, c)| *c != halls::GAP)
            .map(|(col, c)| (col as u32, ids::escaped(&c.to_string()).into_owned()))
            .collect();
        rows.push(GridRow {
            label: escaped(&r.row).into_owned(),
            cells,
            first: 1,
            last: r.seats,
        });
    }
    out.push_str(&grid(&rows));
    let legend: Vec<String> = hall
        .categories
        .iter()
        .map(|c| {
            format!(
                "{} {}{} {}",
                c.code,
                escaped(&c.name),
                if c.accessible { " (accessible)" } else { "" },
                format_price(c.price_minor, &hall.currency)
            )
        })
        .collect();
    out.push_str(&format!("\nLegend: {}\n", legend.join("   ")));
    out
}
