//! The small grammars users type: seat lists and ranges (`A1-A4`, `A1..A4`), row specs
//! (`A-C`, `A,B,D`), hold lengths and durations. Each parse is total: a value or an
//! [`Error::Invalid`] naming what was wrong.

use std::time::Duration;

use super::{MAX_HOLD, MAX_SEATS_PER_HOLD, SeatId, shown};
use crate::error::Error;

/// Parses seat arguments: each argument may hold several seats separated by commas or spaces,
/// and `A1-A4` or `A1..A4` expands to A1, A2, A3, A4 within one row. Duplicates are dropped,
/// first occurrence kept.
pub fn parse_seat_list<S: AsRef<str>>(args: &[S]) -> Result<Vec<SeatId>, Error> {
    let mut out: Vec<SeatId> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for arg in args {
        for token in arg
            .as_ref()
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|t| !t.is_empty())
        {
            for seat in expand_token(token)? {
                if seen.insert(seat.id.clone()) {
                    out.push(seat);
                }
                if out.len() > MAX_SEATS_PER_HOLD {
                    return Err(Error::invalid(format!(
                        "too many seats: at most {MAX_SEATS_PER_HOLD} in one command"
                    )));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(Error::invalid(
            "no seats given: name seats like A1 A2 or A1-A4",
        ));
    }
    Ok(out)
}

fn expand_token(token: &str) -> Result<Vec<SeatId>, Error> {
    let range = token.split_once("..").or_else(|| token.split_once('-'));
    let Some((from, to)) = range else {
        return Ok(vec![token.parse()?]);
    };
    let bad = |why: &str| {
        Error::invalid(format!(
            "invalid seat range {}: {why} (write ranges like A1-A4 or A1..A4)",
            shown(token)
        ))
    };
    let from: SeatId = from.parse().map_err(|_| bad("not two seat ids"))?;
    let to: SeatId = to.parse().map_err(|_| bad("not two seat ids"))?;
    if from.row() != to.row() {
        return Err(bad("a range must stay within one row"));
    }
    if from.number > to.number {
        return Err(bad("the range runs backwards"));
    }
    (from.number..=to.number)
        .map(|n| SeatId::new(from.row(), n))
        .collect()
}

/// Parses a row spec like `A-C`, `A,B,D` or `A-Z,AA-AC` into row labels, in order.
pub fn parse_rows(spec: &str) -> Result<Vec<String>, Error> {
    let bad = |why: &str| {
        Error::invalid(format!(
            "invalid rows {}: {why} (write rows like A-J or A,B,C)",
            shown(spec)
        ))
    };
    let mut rows: Vec<String> = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let label = |s: &str| -> Result<String, Error> {
            let s = s.trim().to_ascii_uppercase();
            if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase()) {
                Ok(s)
            } else {
                Err(bad("a row label is one or two letters"))
            }
        };
        match part.split_once('-') {
            None => rows.push(label(part)?),
            Some((a, b)) => {
                let (a, b) = (label(a)?, label(b)?);
                let (ia, ib) = (row_index(&a), row_index(&b));
                if ia > ib {
                    return Err(bad("the range runs backwards"));
                }
                rows.extend((ia..=ib).map(row_label));
            }
        }
    }
    if rows.is_empty() {
        return Err(bad("no rows"));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = rows.iter().find(|r| !seen.insert(r.as_str())) {
        return Err(bad(&format!("row {dup} appears twice")));
    }
    Ok(rows)
}

/// A=0 … Z=25, AA=26 … ZZ=701.
fn row_index(label: &str) -> u32 {
    let b = label.as_bytes();
    match b.len() {
        1 => u32::from(b[0] - b'A'),
        _ => 26 * (u32::from(b[0] - b'A') + 1) + u32::from(b[1] - b'A'),
    }
}

fn row_label(i: u32) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        let i = i - 26;
        format!(
            "{}{}",
            char::from(b'A' + (i / 26) as u8),
            char::from(b'A' + (i % 26) as u8)
        )
    }
}

/// Parses a hold length like `90s`, `10m` or `1h 30m`: at least one second, at most a day.
pub fn parse_hold(s: &str) -> Result<Duration, Error> {
    let d = parse_duration(s, "hold")?;
    if d < Duration::from_secs(1) {
        return Err(Error::invalid(format!(
            "invalid hold {}: a hold must be at least 1s",
            shown(s)
        )));
    }
    if d > MAX_HOLD {
        return Err(Error::invalid(format!(
            "invalid hold {}: a hold may be at most 24h",
            shown(s)
        )));
    }
    Ok(d)
}

/// Parses a positive duration like `500ms`, `90s`, `10m`.
pub fn parse_duration(s: &str, what: &str) -> Result<Duration, Error> {
    let d = humantime::parse_duration(s.trim()).map_err(|_| {
        Error::invalid(format!(
            "invalid {what} {}: expected a duration like 90s, 10m or 1h 30m",
            shown(s)
        ))
    })?;
    if d.is_zero() {
        return Err(Error::invalid(format!(
            "invalid {what} {}: must be greater than zero",
            shown(s)
        )));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats(args: &[&str]) -> Vec<String> {
        parse_seat_list(args)
            .unwrap()
            .into_iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn seat_lists_and_ranges() {
        assert_eq!(seats(&["A1", "a2"]), ["A1", "A2"]);
        assert_eq!(seats(&["A1-A3,B2"]), ["A1", "A2", "A3", "B2"]);
        assert_eq!(seats(&["A1..A2", "A2"]), ["A1", "A2"]);
        assert_eq!(seats(&["AA9..AA10"]), ["AA9", "AA10"]);
        for bad in [
            "A3-A1", "A1-B2", "A0", "1A", "A1-", "A01", "*", "A1:2", "{A1}", "Å1", "A1000",
        ] {
            assert!(parse_seat_list(&[bad]).is_err(), "{bad} accepted");
        }
        assert!(parse_seat_list::<&str>(&[]).is_err());
        assert!(parse_seat_list(&["A1-A999", "B1-B999"]).is_err());
    }

    #[test]
    fn rows() {
        assert_eq!(parse_rows("A-C").unwrap(), ["A", "B", "C"]);
        assert_eq!(parse_rows("Y-AB").unwrap(), ["Y", "Z", "AA", "AB"]);
        assert_eq!(parse_rows("a, c").unwrap(), ["A", "C"]);
        assert!(parse_rows("C-A").is_err());
        assert!(parse_rows("A,A").is_err());
        assert!(parse_rows("").is_err());
        assert!(parse_rows("A-ZZZ").is_err());
    }

    #[test]
    fn holds() {
        assert_eq!(parse_hold("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_hold("10m").unwrap(), Duration::from_secs(600));
        for bad in ["0s", "500ms", "25h", "-1s", "ten", "", "10"] {
            assert!(parse_hold(bad).is_err(), "{bad}");
        }
    }
}
