//! The hall file: TOML, as the README documents it.
//!
//! Every refusal names the line of the file it is about ("screen1.toml line 14: unknown
//! category letter X in row D"), because a hall file is written by hand and may be long: the
//! TOML parser's own errors (syntax, unknown keys, wrong types) carry a byte span, and the
//! values it hands back are [`Spanned`], so the checks made here can point at their line too.
//! Nothing here reads a file or a database: text in, [`Hall`] or `Error::invalid` out.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{Category, GAP, Hall, MAX_HALL_SEATS, MAX_ROW_WIDTH, Row};
use crate::error::Error;
use crate::ids::{MAX_SEAT_NUMBER, SeatId, shown};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHall {
    name: Spanned<String>,
    currency: Spanned<String>,
    #[serde(default)]
    best_row: Option<Spanned<String>>,
    categories: Spanned<BTreeMap<Spanned<String>, Spanned<RawCategory>>>,
    layout: Spanned<RawLayout>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    name: Spanned<String>,
    /// Any TOML value, so that a float or a string is refused in our words, not serde's.
    price: Spanned<toml::Value>,
    #[serde(default)]
    accessible: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    rows: Spanned<String>,
}

/// A refusal and the line (from 1) it is about, if known.
struct At(Option<usize>, String);

fn at(line: usize, msg: impl Into<String>) -> At {
    At(Some(line), msg.into())
}

/// The line (from 1) of byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses and validates a hall file. `file` names it in messages (the path as given).
pub fn parse(file: &str, text: &str) -> Result<Hall, Error> {
    check(text).map_err(|At(line, msg)| match line {
        Some(n) => Error::invalid(format!("{file} line {n}: {msg}")),
        None => Error::invalid(format!("{file}: {msg}")),
    })
}

fn check(text: &str) -> Result<Hall, At> {
    let raw: RawHall = toml::from_str(text).map_err(|e| {
        At(
            e.span().map(|s| line_of(text, s.start)),
            e.message().trim().to_string(),
        )
    })?;
    let line = |s: &Range<usize>| line_of(text, s.start);
    let name = raw.name.get_ref();
    crate::catalog::check_text("the hall's name", name, 100)
        .map_err(|e| at(line(&raw.name.span()), e.message()))?;
    let currency = raw.currency.get_ref();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(at(
            line(&raw.currency.span()),
            format!(
                "currency {} is not an ISO 4217 code: three capital letters like INR or EUR",
                shown(currency)
            ),
        ));
    }
    let categories = categories(text, &raw.categories)?;
    let (rows, seats) = rows(text, &raw.layout.get_ref().rows, &categories)?;
    let best_row = match &raw.best_row {
        None => None,
        Some(b) => {
            let want = b.get_ref().to_ascii_uppercase();
            if !rows.iter().any(|r| r.row == want) {
                return Err(at(
                    line(&b.span()),
                    format!("best_row {} is not a row of the layout", shown(b.get_ref())),
                ));
            }
            Some(want)
        }
    };
    Ok(Hall {
        name: name.clone(),
        currency: currency.clone(),
        best_row,
        seats,
        categories,
        rows,
    })
}

/// The `[categories]` table, in the order of the file.
fn categories(
    text: &str,
    table: &Spanned<BTreeMap<Spanned<String>, Spanned<RawCategory>>>,
) -> Result<Vec<Category>, At> {
    let line = |s: Range<usize>| line_of(text, s.start);
    let mut entries: Vec<_> = table.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    if entries.is_empty() {
        return Err(at(
            line(table.span()),
            "no categories: give at least one, like S = { name = \"standard\", price = 25000 }",
        ));
    }
    let mut out: Vec<Category> = Vec::new();
    for (key, entry) in entries {
        let letter = key.get_ref();
        let code = match letter.chars().collect::<Vec<_>>()[..] {
            [c] if c.is_ascii_uppercase() => c,
            _ => {
                return Err(at(
                    line(key.span()),
                    format!(
                        "category letter {} must be one capital letter A-Z",
                        shown(letter)
                    ),
                ));
            }
        };
        let e = entry.get_ref();
        let name = e.name.get_ref();
        crate::catalog::check_text(&format!("the name of category {code}"), name, 40)
            .map_err(|err| at(line(e.name.span()), err.message()))?;
        if let Some(other) = out.iter().find(|c| c.name == *name) {
            return Err(at(
                line(e.name.span()),
                format!(
                    "category {code}: the name {} is category {}'s already",
                    shown(name),
                    other.code
                ),
            ));
        }
        let price_minor = match e.price.get_ref() {
            toml::Value::Integer(n) if *n >= 0 => *n,
            other => {
                return Err(at(
                    line(e.price.span()),
                    format!(
                        "the price of category {code} must be a non-negative whole number of \
                         minor units (25000 for INR 250.00), not {}",
                        shown(&other.to_string())
                    ),
                ));
            }
        };
        out.push(Category {
            code,
            name: name.clone(),
            price_minor,
            accessible: e.accessible,
        });
    }
    Ok(out)
}

/// The line of the file the first line of the `rows` string is on. A multi-line string's
/// newline right after its opening quotes is not part of it; a one-line string (with `\n`
/// escapes) has all its rows on its own line.
fn first_row_line(text: &str, span: &Range<usize>) -> (usize, bool) {
    let start = line_of(text, span.start);
    let raw = text.get(span.clone()).unwrap_or("");
    if !raw.contains('\n') {
        return (start, false);
    }
    let body = raw.get(3..).unwrap_or("");
    let skip = body.starts_with('\n') || body.starts_with("\r\n");
    (start + usize::from(skip), true)
}

/// The `[layout]` rows: each line a row label, whitespace, then one character per position.
fn rows(
    text: &str,
    rows: &Spanned<String>,
    categories: &[Category],
) -> Result<(Vec<Row>, u32), At> {
    let (first, multiline) = first_row_line(text, &rows.span());
    let mut out: Vec<Row> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for (i, raw_line) in rows.get_ref().split('\n').enumerate() {
        let n = if multiline { first + i } else { first };
        let l = raw_line.trim();
        if l.is_empty() {
            continue;
        }
        let (label, positions) = match l.find(char::is_whitespace) {
            Some(k) => (&l[..k], l[k..].trim_start()),
            None => (l, ""),
        };
        let row = row_label(label).ok_or_else(|| {
            at(
                n,
                format!(
                    "row label {} is not a row: one or two capital letters like A or AA, \
                     then the row's seats",
                    shown(label)
                ),
            )
        })?;
        if let Some(before) = seen.get(&row) {
            return Err(at(
                n,
                format!("row {row} appears twice (first on line {before})"),
            ));
        }
        seen.insert(row.clone(), n);
        let seats = row_seats(&row, positions, categories).map_err(|m| at(n, m))?;
        total += seats as usize;
        if total > MAX_HALL_SEATS {
            return Err(at(
                n,
                format!(
                    "more than {MAX_HALL_SEATS} seats: a hall may have at most {MAX_HALL_SEATS}"
                ),
            ));
        }
        out.push(Row {
            row,
            layout: positions.to_string(),
            seats,
        });
    }
    if out.is_empty() {
        return Err(at(
            line_of(text, rows.span().start),
            "the layout has no rows: give one line per row, like A  SSSS.SSSS",
        ));
    }
    Ok((out, total as u32))
}

/// The row label as the seat grammar has it (upper case), if it is one.
fn row_label(label: &str) -> Option<String> {
    if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let seat = SeatId::new(label, 1).ok()?;
    (seat.row().len() == label.len()).then(|| seat.row().to_string())
}

/// Checks one row's positions; how many seats it has.
fn row_seats(row: &str, positions: &str, categories: &[Category]) -> Result<u32, String> {
    if positions.is_empty() {
        return Err(format!(
            "row {row} is empty: give its seats after the label"
        ));
    }
    let mut seats = 0u32;
    for (col, c) in positions.chars().enumerate() {
        if col >= MAX_ROW_WIDTH {
            return Err(format!("row {row} is wider than {MAX_ROW_WIDTH} positions"));
        }
        if c == GAP {
            continue;
        }
        if c.is_whitespace() {
            return Err(format!(
                "row {row} has a space at position {}: write '{GAP}' for a gap or an aisle",
                col + 1
            ));
        }
        if !categories.iter().any(|k| k.code == c) {
            let c = if c.is_ascii_graphic() {
                c.to_string()
            } else {
                shown(&c.to_string())
            };
            return Err(format!("unknown category letter {c} in row {row}"));
        }
        seats += 1;
        if seats > MAX_SEAT_NUMBER {
            return Err(format!("row {row} has more than {MAX_SEAT_NUMBER} seats"));
        }
    }
    if seats == 0 {
        return Err(format!("row {row} has no seats, only gaps"));
    }
    Ok(seats)
}
