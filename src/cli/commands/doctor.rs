//! `doctor`: CLI glue for [`crate::doctor`]. Connects to both stores (either may fail: the
//! other is still looked at), prints the findings, and hands back the report's verdict.

use clap::Args;

use crate::cli::output;
use crate::context::Context;
use crate::doctor::{self, Finding, Level, Report, Section};
use crate::error::Error;
use crate::ids::escaped;
use crate::redis_client::redact_url;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice doctor                  # every finding, ok or not
  boxoffice doctor -q               # cron: silent unless something is wrong
  boxoffice doctor --json | jq -c '.findings[] | select(.level != \"ok\")'

Reads Redis's INFO (and CONFIG GET where the ACL allows it; otherwise INFO alone) and the
SQLite file, and changes nothing. Each finding is ok, warn or error, with what it means for
boxoffice and the recommended setting: an eviction policy that can evict locks (allkeys-*),
no persistence (a restart empties Redis) and a failed save are warnings — sweep restores the
holds from SQLite; a replica (it refuses writes), Redis before 6.2, Redis unreachable or no
database are errors.

Exit 0 with no error (warnings allowed), 5 with an error (the other store is still reported),
6 with --strict when there are warnings.")]
pub struct DoctorArgs {
    /// Print only warnings and errors
    #[arg(short, long)]
    pub quiet: bool,

    /// Exit 6 when there are warnings
    #[arg(long)]
    pub strict: bool,
}

pub fn run(ctx: &Context, a: DoctorArgs) -> Result<(), Error> {
    let path = ctx.settings.db.value.clone();
    let mut report = doctor::check(ctx.redis(), ctx.db(), &path);
    let verdict = report.verdict(a.strict);
    if !ctx.json {
        print(ctx, &report, a.quiet)?;
        return verdict;
    }
    let mut doc = serde_json::json!({
        "redis_url": redact_url(&ctx.settings.redis_url.value),
        "database": path.to_string(),
        "database_engine": path.engine(),
        "errors": report.count(Level::Error),
        "warnings": report.count(Level::Warn),
        "findings": report.findings,
    });
    match verdict {
        Err(e) if !matches!(e, Error::Anomalies(_)) => {
            doc["error"] = e.to_json()["error"].clone();
            output::json(&doc)?;
            Err(Error::InDocument(Box::new(e)))
        }
        other => {
            output::json(&doc)?;
            other
        }
    }
}

fn print(ctx: &Context, report: &Report, quiet: bool) -> Result<(), Error> {
    let shown = |f: &&Finding| !quiet || f.level != Level::Ok;
    let heads = [
        (
            Section::Redis,
            format!("Redis at {}", redact_url(&ctx.settings.redis_url.value)),
        ),
        (
            Section::Sqlite,
            match &ctx.settings.db.value {
                crate::store::Target::Sqlite(p) => format!("SQLite at {}", p.display()),
                pg => format!("PostgreSQL at {pg}"),
            },
        ),
    ];
    for (section, head) in heads {
        let found: Vec<&Finding> = (report.findings.iter())
            .filter(|f| f.section == section)
            .filter(shown)
            .collect();
        if found.is_empty() {
            continue;
        }
        let mut out = format!("{}\n", escaped(&head));
        for f in found {
            out.push_str(&line(f));
        }
        output::stdout(&out)?;
    }
    Ok(())
}

/// `  warn   eviction      VALUE: MESSAGE`, and the recommended setting under it when the
/// finding is not ok.
fn line(f: &Finding) -> String {
    let mut s = format!(
        "  {:<5}  {:<22}  {}: {}\n",
        f.level.as_str(),
        f.name,
        escaped(&f.value),
        escaped(&f.message)
    );
    if let (Some(r), true) = (&f.recommended, f.level != Level::Ok) {
        s.push_str(&format!("  {:<5}  {:<22}  recommended: {r}\n", "", ""));
    }
    s
}
