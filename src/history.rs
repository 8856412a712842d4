//! `boxoffice history`: who did what to a seat, a booking, a customer, or at the hands of an
//! operator, oldest first — "who held A5 at 19:02, and why was it free at 19:05?" in one
//! command. The audit table is the record (every change writes its row in the change's own
//! transaction); this reads it back through the filter's own index (`store/history.rs`).

use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::store::{AuditEvent, Db, HistoryFilter};

/// How many events a history shows unless told (the latest ones).
pub const DEFAULT_LIMIT: u32 = 1000;
/// The most `--limit` may ask for.
pub const MAX_LIMIT: u32 = 1_000_000;

/// What the user asked to see.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    pub showtime: Option<ShowtimeId>,
    pub seat: Option<SeatId>,
    pub booking: Option<i64>,
    pub user: Option<UserId>,
    pub operator: Option<String>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub limit: Option<u32>,
}

/// The events found, oldest first, and whether older ones were left out by the limit.
#[derive(Debug)]
pub struct History {
    pub events: Vec<(i64, AuditEvent)>,
    pub truncated: bool,
    pub limit: u32,
}

/// The events the ask admits. A seat needs its showtime; some filter is needed (a whole audit
/// table is a report, not a history).
pub fn history(db: &Db, ask: &Ask) -> Result<History, Error> {
    if ask.seat.is_some() && ask.showtime.is_none() {
        return Err(Error::invalid(
            "--seat needs --showtime: a seat id names a seat of one showtime",
        ));
    }
    let filtered = ask.showtime.is_some()
        || ask.booking.is_some()
        || ask.user.is_some()
        || ask.operator.is_some()
        || ask.since_ms.is_some();
    if !filtered {
        return Err(Error::invalid(
            "say whose history: --showtime [--seat], --booking, --user, --operator or --since",
        ));
    }
    if let (Some(s), Some(u)) = (ask.since_ms, ask.until_ms)
        && s >= u
    {
        return Err(Error::invalid("--since must be before --until"));
    }
    let limit = ask.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::invalid(format!(
            "--limit must be 1 to {MAX_LIMIT}, not {limit}"
        )));
    }
    let filter = HistoryFilter {
        showtime: ask.showtime.map(ShowtimeId::get),
        seat: ask.seat.as_ref().map(|s| s.as_str().to_string()),
        booking: ask.booking,
        user: ask.user.as_ref().map(|u| u.as_str().to_string()),
        operator: ask.operator.clone(),
        since_ms: ask.since_ms,
        until_ms: ask.until_ms,
        // One more than shown, to know whether there are more.
        limit: limit + 1,
    };
    let mut events = db.history(&filter)?;
    let truncated = events.len() > limit as usize;
    if truncated {
        events.remove(0);
    }
    Ok(History {
        events,
        truncated,
        limit,
    })
}

/// A time given as a duration back from `now_ms` (`2h`, `90m`) or an RFC 3339 instant.
pub fn parse_time(flag: &str, s: &str, now_ms: i64) -> Result<i64, Error> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp_millis());
    }
    match humantime::parse_duration(s) {
        Ok(d) => Ok(now_ms.saturating_sub(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))),
        Err(_) => Err(Error::invalid(format!(
            "{flag} {}: expected a duration back from now (2h, 30m, 7days) or an RFC 3339 time \
             (2026-12-01T19:00:00+05:30)",
            crate::ids::shown(s)
        ))),
    }
}

/// An event's detail on one line for a person: `key=value` each; a time (`…_ms` with an epoch
/// value) in local time and without its `_ms`, a length of time (`hold_ms`) as `10m`, a list of
/// seats space-separated. `--json` and `--csv` keep the detail exact.
pub fn detail_line(detail: Option<&serde_json::Value>) -> String {
    let Some(serde_json::Value::Object(map)) = detail else {
        return String::new();
    };
    map.iter()
        .map(|(k, v)| field(k, v))
        .collect::<Vec<_>>()
        .join(" ")
}

fn field(k: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    // Epoch milliseconds are past 2001; lengths of time are far below.
    const EPOCH_MS: i64 = 1_000_000_000_000;
    match (k.strip_suffix("_ms"), v) {
        (Some(name), Value::Number(n)) => match n.as_i64() {
            Some(ms) if ms >= EPOCH_MS => format!("{name}={}", crate::text::local_time(ms)),
            Some(ms) if ms >= 0 => {
                let d = std::time::Duration::from_millis(ms.unsigned_abs());
                format!("{name}={}", humantime::format_duration(d))
            }
            _ => format!("{k}={n}"),
        },
        (_, Value::String(s)) => format!("{k}={s}"),
        (_, Value::Null) => format!("{k}=-"),
        (_, Value::Array(a)) if a.iter().all(Value::is_string) => {
            let items: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            format!("{k}={}", items.join(","))
        }
        (_, other) => format!("{k}={other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_durations_back_or_rfc3339() {
        let now = 1_800_000_000_000;
        assert_eq!(parse_time("--since", "2h", now).unwrap(), now - 7_200_000);
        assert_eq!(
            parse_time("--since", "2026-12-01T19:00:00Z", now).unwrap(),
            1_796_151_600_000
        );
        let e = parse_time("--since", "yesterday-ish", now).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_detail_line_shows_its_scalars() {
        let d = serde_json::json!({"reason": "broken", "n": 2, "gone": null,
                                   "hold_ms": 600_000, "seats": ["A1", "A2"]});
        assert_eq!(
            detail_line(Some(&d)),
            "reason=broken n=2 gone=- hold=10m seats=A1,A2"
        );
        assert_eq!(detail_line(None), "");
    }
}
