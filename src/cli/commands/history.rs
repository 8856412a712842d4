use clap::Args;
use comfy_table::Cell;
use serde_json::json;

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::history::{self, Ask};
use crate::ids::{SeatId, ShowtimeId, UserId, escaped};
use crate::store::AuditEvent;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice history --showtime 24 --seat A5        # every event on A5, oldest first
  boxoffice history --booking 17
  boxoffice history --user 7 --since 2h
  boxoffice history --operator maria --since 2026-12-01T18:00:00+05:30 --csv

Filters combine. --since and --until take a duration back from now (2h, 30m, 7days) or an
RFC 3339 time. The latest 1000 events are shown unless --limit says otherwise (a note on stderr
says when older ones were left out). Reads SQLite only, so it works while Redis is down.")]
pub struct HistoryArgs {
    /// Events of this showtime
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID")]
    pub showtime: Option<ShowtimeId>,

    /// Events on this seat (needs --showtime), and the screening's cancellation
    #[arg(long, value_name = "SEAT", requires = "showtime", add = cli::complete::any_seat())]
    pub seat: Option<String>,

    /// Events of this booking
    #[arg(long, value_parser = cli::booking_id, value_name = "ID")]
    pub booking: Option<i64>,

    /// Events of this customer
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: Option<UserId>,

    /// Events by this operator (the login in the audit table)
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,

    /// Events from this time on (2h, or 2026-12-01T19:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Events before this time
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// At most this many events (the latest) [default: 1000]
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,

    /// Print CSV (a header row, then one row per event)
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

pub fn run(ctx: &Context, a: HistoryArgs) -> Result<(), Error> {
    let now = crate::holds::wall_ms();
    let at = |flag, s: &Option<String>| {
        s.as_deref()
            .map(|s| history::parse_time(flag, s, now))
            .transpose()
    };
    let ask = Ask {
        showtime: a.showtime,
        seat: a.seat.as_deref().map(str::parse::<SeatId>).transpose()?,
        booking: a.booking,
        user: a.user,
        operator: a.operator,
        since_ms: at("--since", &a.since)?,
        until_ms: at("--until", &a.until)?,
        limit: a.limit,
    };
    let db = ctx.db()?;
    let h = history::history(&db, &ask)?;
    if h.truncated {
        output::note(format!(
            "note: the latest {} events; older ones left out (--limit N, or --since)",
            h.limit
        ));
    }
    if ctx.json {
        let events: Vec<_> = h.events.iter().map(|(id, e)| event_json(*id, e)).collect();
        return output::json(&json!({ "events": events, "truncated": h.truncated }));
    }
    if a.csv {
        return output::stdout(&csv(&h.events)?);
    }
    if h.events.is_empty() {
        output::note("No events.");
        return Ok(());
    }
    table(ctx, &h.events)
}

fn event_json(id: i64, e: &AuditEvent) -> serde_json::Value {
    json!({
        "id": id, "at_ms": e.at_ms, "at": crate::text::local_time(e.at_ms),
        "action": e.action, "showtime_id": e.showtime_id, "booking_id": e.booking_id,
        "user": e.user, "seats": e.seats, "command": e.command, "operator": e.operator,
        "forced": e.forced, "detail": e.detail,
    })
}

/// An event's seats, space-separated.
fn seats(e: &AuditEvent) -> String {
    match &e.seats {
        serde_json::Value::Array(a) => a
            .iter()
            .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn table(ctx: &Context, events: &[(i64, AuditEvent)]) -> Result<(), Error> {
    let mut t = output::table(&[
        "TIME", "ACTION", "SHOWTIME", "SEATS", "BOOKING", "USER", "OPERATOR", "DETAIL",
    ]);
    let opt = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    for (_, e) in events {
        let action = if e.forced {
            format!("{} (forced)", e.action)
        } else {
            e.action.clone()
        };
        t.add_row(vec![
            Cell::new(crate::text::local_time(e.at_ms)),
            Cell::new(escaped(&action)),
            Cell::new(opt(e.showtime_id)),
            Cell::new(escaped(&seats(e))),
            Cell::new(opt(e.booking_id)),
            Cell::new(escaped(e.user.as_deref().unwrap_or("-"))),
            Cell::new(escaped(&e.operator)),
            Cell::new(escaped(&history::detail_line(e.detail.as_ref()))),
        ]);
    }
    output::colour_table(&mut t, ctx.color);
    output::line(t.to_string())
}

/// One row per event; text cells a spreadsheet would take for a formula get a leading `'`.
fn csv(events: &[(i64, AuditEvent)]) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| Error::Internal(e.into());
    w.write_record([
        "id",
        "at",
        "at_ms",
        "action",
        "showtime_id",
        "booking_id",
        "user",
        "seats",
        "operator",
        "command",
        "forced",
        "detail",
    ])
    .map_err(internal)?;
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for (id, e) in events {
        let detail = e.detail.as_ref().map(|d| d.to_string()).unwrap_or_default();
        w.write_record([
            id.to_string(),
            crate::text::local_time(e.at_ms),
            e.at_ms.to_string(),
            output::spreadsheet_safe(&e.action),
            opt(e.showtime_id),
            opt(e.booking_id),
            output::spreadsheet_safe(e.user.as_deref().unwrap_or("")),
            output::spreadsheet_safe(&seats(e)),
            output::spreadsheet_safe(&e.operator),
            output::spreadsheet_safe(&e.command),
            e.forced.to_string(),
            output::spreadsheet_safe(&detail),
        ])
        .map_err(internal)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Internal(e.into()))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.into()))
}
