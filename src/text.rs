//! Times and durations as words: the wording the domain puts into its messages and
//! anomalies, and the command line prints. Pure functions; nothing here prints.

use chrono::{DateTime, Local, TimeZone, Utc};

/// RFC 3339 (UTC, milliseconds) for JSON.
pub fn rfc3339(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The operator's local time, for people.
pub fn local_time(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| {
            let t: DateTime<Local> = t.with_timezone(&Local);
            t.format("%Y-%m-%d %H:%M:%S %Z").to_string()
        })
        .unwrap_or_default()
}

/// A starts_at stored as RFC 3339, shown in local time.
pub fn local_from_rfc3339(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| {
            t.with_timezone(&Local)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|_| s.to_string())
}

/// "9m 12s", "45s", "1h 2m", "120ms".
pub fn human_duration(ms: i64) -> String {
    if ms < 0 {
        return "-".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, 0, _) => format!("{h}h"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn durations() {
        assert_eq!(human_duration(552_000), "9m 12s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(45_000), "45s");
        assert_eq!(human_duration(3_720_000), "1h 2m");
        assert_eq!(human_duration(120), "120ms");
    }
}
