//! Times, durations and money as words: the wording the domain puts into its messages and
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

/// The operator's local clock time, "19:02:11": a line of `watch`'s change log.
pub fn clock_time(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| t.with_timezone(&Local).format("%H:%M:%S").to_string())
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

/// The digits after the decimal point of a currency's minor unit (ISO 4217): 0 for the yen,
/// won, dong and the others without a minor unit in use, 3 for the dinars and rials counted in
/// thousandths, 2 for every other (the rupee, dollar, euro, pound, …). The one table of them.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// An amount in minor units, for people: "INR 250.00", "JPY 1800", "KWD 1.250". The currency
/// comes from the database, so anything but three letters is shown as `?`.
pub fn money(minor: i64, currency: &str) -> String {
    let code = if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()) {
        currency
    } else {
        "?"
    };
    let digits = minor_digits(code);
    if digits == 0 {
        return format!("{code} {minor}");
    }
    let unit = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let (whole, frac) = (
        minor.unsigned_abs() / unit as u64,
        minor.unsigned_abs() % unit as u64,
    );
    format!(
        "{code} {sign}{whole}.{frac:0width$}",
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::{human_duration, money};

    #[test]
    fn money_in_each_currency_s_minor_unit() {
        assert_eq!(money(25_000, "INR"), "INR 250.00");
        assert_eq!(money(5, "USD"), "USD 0.05");
        assert_eq!(money(0, "EUR"), "EUR 0.00");
        assert_eq!(money(1_800, "JPY"), "JPY 1800");
        assert_eq!(money(1_250, "KWD"), "KWD 1.250");
        assert_eq!(money(-150, "GBP"), "GBP -1.50");
        assert_eq!(money(100, "\x1b[31m"), "? 1.00");
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration(552_000), "9m 12s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(45_000), "45s");
        assert_eq!(human_duration(3_720_000), "1h 2m");
        assert_eq!(human_duration(120), "120ms");
    }
}
