use clap::Args;

use crate::cli::output::{self, human_duration, local_time};
use crate::cli::{self, seatmap};
use crate::context::Context;
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId, escaped as esc};
use crate::inspect::{self, KeyReport, SeatReport, ShowtimeReport, UserReport};
use crate::snapshot::{Anomaly, AnomalyKind, SeatState};
use crate::store::SeatInfo;

const EXAMPLES: &str = "\
Examples:
  boxoffice inspect 24                 # seat map, counts, anomalies
  boxoffice inspect 24 --seat A1       # lock holder, TTL, booking, last audit events
  boxoffice inspect 24 --user 7        # one user's hold: seats, reservation key, TTLs
  boxoffice inspect 24 --check         # monitoring: exit 6 when anything is wrong
";

/// The help's closing text. The anomaly kinds come from [`AnomalyKind::ALL`], so a new kind
/// is listed without anyone remembering to; the paragraph is wrapped at the width the
/// hand-written text had (91 columns), which keeps the help and the man page unchanged.
fn after_help() -> String {
    let kinds: Vec<&str> = AnomalyKind::ALL.iter().map(|k| k.as_str()).collect();
    let kinds = format!(
        "Anomaly kinds: {}. Inspect never changes anything; `boxoffice sweep` repairs.",
        kinds.join(", ")
    );
    format!("{EXAMPLES}\n{}", wrap(&kinds, 91))
}

/// Fills lines of at most `width` columns, breaking at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

#[derive(Debug, Args)]
#[command(after_help = after_help())]
pub struct InspectArgs {
    /// The showtime to inspect
    #[arg(value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "SHOWTIME")]
    pub showtime: ShowtimeId,

    /// Everything about one seat
    #[arg(long, value_name = "SEAT", conflicts_with = "user", add = cli::complete::any_seat())]
    pub seat: Option<String>,

    /// One user's hold
    #[arg(long, value_parser = cli::user_id, value_name = "ID")]
    pub user: Option<UserId>,

    /// Exit 6 when any anomaly exists, 0 when clean; prints only the anomalies (nothing when
    /// clean), or the usual document with --json
    #[arg(long)]
    pub check: bool,
}

pub fn run(ctx: &Context, a: InspectArgs) -> Result<(), Error> {
    let seat: Option<SeatId> = a.seat.as_deref().map(str::parse).transpose()?;
    let db = ctx.db()?;
    let mut redis = ctx.redis()?;
    let anomalies = if let Some(seat) = seat {
        let r = inspect::seat(&db, &mut redis, a.showtime, &seat)?;
        // A seat the layout doesn't have is exit 4, as for `reserve` — unless Redis has a lock
        // key for it anyway (someone wrote one), which is exactly what inspect is for.
        if !r.in_layout && !r.lock.exists {
            crate::catalog::check_seats(&db, a.showtime, std::slice::from_ref(&seat))?;
        }
        if ctx.json {
            output::json(&r)?;
        } else if !a.check || !r.anomalies.is_empty() {
            print_seat(ctx, &r)?;
        }
        r.anomalies.len()
    } else if let Some(user) = &a.user {
        let r = inspect::user(&db, &mut redis, a.showtime, user)?;
        if ctx.json {
            output::json(&r)?;
        } else if !a.check || !r.anomalies.is_empty() {
            print_user(ctx, &r)?;
        }
        r.anomalies.len()
    } else {
        let r = inspect::showtime(&db, &mut redis, a.showtime)?;
        if ctx.json {
            output::json(&r)?;
        } else if a.check {
            if !r.anomalies.is_empty() {
                print_anomalies(ctx, &r.anomalies)?;
            }
        } else {
            // Where each seat is (gaps, aisles) and its category, for the map.
            let infos = crate::catalog::seat_infos(&db, a.showtime)?;
            print_showtime(ctx, &r, &infos)?;
            // After the report (its round trips are counted), and never a failure of inspect.
            if let Some(note) = crate::doctor::eviction_risk(&mut redis) {
                output::note(note);
            }
        }
        r.anomalies.len()
    };
    if a.check && anomalies > 0 {
        return Err(Error::Anomalies(anomalies));
    }
    Ok(())
}

/// The showtime's title, its cancellation if any, the seat map, the counts and the blocked
/// seats: what `inspect` prints above its anomalies, and each frame of `watch`.
pub(super) fn map_text(ctx: &Context, r: &ShowtimeReport, infos: &[SeatInfo]) -> String {
    let mut out = format!("{}\n", seatmap::title(&r.showtime));
    if let Some(c) = &r.showtime.cancelled {
        out.push_str(&format!(
            "CANCELLED at {} by {}: {} — nothing is on sale\n",
            output::local_time(c.at_ms),
            crate::ids::escaped(&c.operator),
            crate::ids::escaped(&c.reason)
        ));
    }
    out.push('\n');
    out.push_str(&seatmap::render_in_layout(
        &r.showtime,
        &r.seats,
        infos,
        None,
        ctx.color,
    ));
    out.push_str(&format!(
        "Counts: {} free, {} held, {} sold{}\n",
        r.counts.free,
        r.counts.held,
        r.counts.sold,
        if r.counts.blocked > 0 {
            format!(", {} blocked", r.counts.blocked)
        } else {
            String::new()
        }
    ));
    out.push_str(&seatmap::blocked_line(&r.seats));
    out
}

fn print_showtime(ctx: &Context, r: &ShowtimeReport, infos: &[SeatInfo]) -> Result<(), Error> {
    let out = map_text(ctx, r, infos);
    output::stdout(&out)?;
    if r.anomalies.is_empty() {
        output::line("No anomalies: Redis and the database agree.")
    } else {
        output::line("")?;
        print_anomalies(ctx, &r.anomalies)
    }
}

fn print_anomalies(_ctx: &Context, list: &[Anomaly]) -> Result<(), Error> {
    let mut t = output::table(&["ANOMALY", "WHERE", "WHAT", "WHAT TO DO"]);
    for a in list {
        let mut at = Vec::new();
        // Seats, users and keys come from key names and values anyone can write: escaped.
        if let Some(s) = &a.seat {
            at.push(format!("seat {}", esc(s)));
        }
        if let Some(b) = a.booking_id {
            at.push(format!("booking {b}"));
        }
        if let Some(u) = &a.user {
            at.push(format!("user {}", esc(u)));
        }
        if at.is_empty()
            && let Some(k) = &a.key
        {
            at.push(esc(k).into_owned());
        }
        t.add_row(vec![
            a.kind.to_string(),
            at.join(", "),
            esc(&a.detail).into_owned(),
            esc(&a.fix).into_owned(),
        ]);
    }
    output::line(format!("{} anomalies:", list.len()))?;
    output::line(t.to_string())
}

fn key_line(k: &KeyReport) -> String {
    match (&k.kind, &k.value) {
        (None, _) => format!("{}: (missing)", esc(&k.key)),
        (Some(t), None) => format!(
            "{}: a {t}, not a string (ttl {})",
            esc(&k.key),
            ttl(k.ttl_ms)
        ),
        (Some(_), Some(v)) => format!("{} = {} (ttl {})", esc(&k.key), esc(v), ttl(k.ttl_ms)),
    }
}

/// For a block, unblock or override in a seat's history: why the seat was (or is) blocked, as
/// ": broken seat"; empty for every other action.
fn block_reason(e: &crate::store::AuditEvent, seat: &str) -> String {
    let Some(d) = e.detail.as_ref() else {
        return String::new();
    };
    let was = d
        .get("blocked_for")
        .and_then(|b| b.get(seat))
        .and_then(|v| v.as_str());
    let reason = d.get("reason").and_then(|v| v.as_str());
    match (e.action.as_str(), was, reason) {
        ("block", _, Some(r)) => format!(": {}", esc(r)),
        ("unblock", Some(w), Some(r)) => format!(": {} (was blocked: {})", esc(r), esc(w)),
        ("unblock" | "block_override", Some(w), _) => format!(" (was blocked: {})", esc(w)),
        _ => String::new(),
    }
}

/// "INR 650.00, " for a booking with a price; nothing for one without, so a rectangular
/// showtime's lines are as they always were.
fn cost(b: &crate::store::Booking) -> String {
    b.price().map_or(String::new(), |(a, c)| {
        format!("{}, ", crate::text::money(a, c))
    })
}

fn ttl(ms: Option<i64>) -> String {
    ms.map_or("none — never expires".to_string(), human_duration)
}

fn print_seat(ctx: &Context, r: &SeatReport) -> Result<(), Error> {
    let mut out = String::new();
    let state = r
        .state
        .as_ref()
        .map(|s| match s.state {
            SeatState::Free => "free".to_string(),
            SeatState::Held => format!("held by user {}", esc(s.user.as_deref().unwrap_or("?"))),
            SeatState::Sold => format!("sold to user {}", esc(s.user.as_deref().unwrap_or("?"))),
            SeatState::Blocked => format!("blocked: {}", esc(s.reason.as_deref().unwrap_or(""))),
        })
        .unwrap_or_else(|| "not in the layout".to_string());
    out.push_str(&format!(
        "Seat {} on showtime {}: {state}\n",
        r.seat, r.showtime_id
    ));
    out.push_str(&format!("  lock:      {}\n", key_line(&r.lock)));
    match &r.booking {
        Some(b) => out.push_str(&format!(
            "  booking:   {} — user {}, {}, seats {}, {}{}\n",
            b.id,
            esc(b.user.as_str()),
            b.status,
            esc(&crate::ids::join_seats(&b.seats, " ")),
            cost(b),
            if b.status == crate::store::Status::Pending {
                format!("expires {}", local_time(b.expires_at_ms))
            } else {
                b.payment_id
                    .as_deref()
                    .map(|p| format!("payment {}", esc(p)))
                    .unwrap_or_default()
            }
        )),
        None => out.push_str("  booking:   none\n"),
    }
    out.push_str(&format!(
        "  indexes:   {} {}; {}\n",
        if r.in_reserved_index { "in" } else { "not in" },
        r.index_keys[0],
        match r.in_available_index {
            Some(true) => format!("in {}", r.index_keys[1]),
            Some(false) => format!("not in {}", r.index_keys[1]),
            None => "no available_seats_ cache".to_string(),
        }
    ));
    out.push_str("  history:\n");
    if r.audit.is_empty() {
        out.push_str("    (none)\n");
    }
    for e in &r.audit {
        out.push_str(&format!(
            "    {}  {}{} booking {} user {} by {} ({}){}\n",
            local_time(e.at_ms),
            esc(&e.action),
            if e.forced { " (forced)" } else { "" },
            e.booking_id.map_or("-".into(), |b| b.to_string()),
            esc(e.user.as_deref().unwrap_or("-")),
            esc(&e.operator),
            esc(&e.command),
            block_reason(e, r.seat.as_str())
        ));
    }
    output::stdout(&out)?;
    if !r.anomalies.is_empty() {
        print_anomalies(ctx, &r.anomalies)?;
    }
    Ok(())
}

fn print_user(ctx: &Context, r: &UserReport) -> Result<(), Error> {
    let mut out = format!("User {} on showtime {}\n", r.user, r.showtime_id);
    match &r.booking {
        Some(b) => out.push_str(&format!(
            "  booking:     {} — {}, seats {}, {}{}\n",
            b.id,
            b.status,
            esc(&crate::ids::join_seats(&b.seats, " ")),
            cost(b),
            if b.status == crate::store::Status::Pending {
                format!(
                    "expires {} ({})",
                    local_time(b.expires_at_ms),
                    human_duration(b.expires_at_ms - r.now_ms)
                )
            } else {
                format!("last change {}", local_time(b.updated_at_ms))
            }
        )),
        None => out.push_str("  booking:     none\n"),
    }
    out.push_str(&format!("  reservation: {}\n", key_line(&r.reservation)));
    if r.locks.is_empty() {
        out.push_str("  locks:       none\n");
    }
    for l in &r.locks {
        out.push_str(&format!(
            "  lock:        {} (ttl {})\n",
            esc(&l.key),
            ttl(l.ttl_ms)
        ));
    }
    output::stdout(&out)?;
    if !r.anomalies.is_empty() {
        print_anomalies(ctx, &r.anomalies)?;
    }
    Ok(())
}
