use clap::Args;
use serde_json::json;

use crate::catalog;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::wall_ms;
use crate::ids::ShowtimeId;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice init
  boxoffice init --demo      # adds showtime 24, \"Avengers\" at 19:00, seats A1-J12

Safe to run twice: an existing database is migrated to the current schema, never emptied.")]
pub struct InitArgs {
    /// Also add the guide's example showtime 24 (kept as is if it already exists)
    #[arg(long)]
    pub demo: bool,
}

pub fn run(ctx: &Context, a: InitArgs) -> Result<(), Error> {
    let mut db = ctx.db_create()?;
    let mut demo = serde_json::Value::Null;
    if a.demo {
        let id = ShowtimeId::new(24)?;
        let st = match catalog::get_showtime(&db, id) {
            Ok(st) => st,
            Err(Error::NotFound(_)) => {
                catalog::add_showtime(&mut db, &catalog::demo_showtime(), wall_ms())?
            }
            Err(e) => return Err(e),
        };
        demo = serde_json::to_value(&st).unwrap_or_default();
    }
    if ctx.json {
        return output::json(&json!({
            "db": db.target().to_string(),
            "engine": db.target().engine(),
            "demo": demo,
        }));
    }
    output::note(format!("Database ready at {}", db.target()));
    if a.demo {
        output::note("Demo showtime 24 (Avengers, rows A-J, seats 1-12) is in the catalog.");
    }
    Ok(())
}
