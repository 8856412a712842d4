//! Halls in the database: adding one (one transaction with its categories, seats and audit row,
//! so a refused or interrupted `hall add` leaves nothing), listing them, and reading one back
//! as the [`Hall`] its file described.

use serde::Serialize;

use super::{Category, GAP, Hall, Row};
use crate::error::Error;
use crate::ids::shown;
use crate::store::{AuditEntry, Db, HallCategoryRow, HallRow, HallSeatRow, NewHall};

/// One line of `hall list`.
#[derive(Debug, Clone, Serialize)]
pub struct HallSummary {
    pub name: String,
    pub currency: String,
    pub best_row: Option<String>,
    pub seats: u32,
    pub rows: u32,
    /// The categories' names, in the order they first appear in the layout.
    pub categories: Vec<String>,
}

/// Stores a parsed hall and its file's text. A name already taken is exit 3 and nothing is
/// stored: a hall's showtimes keep their own copy, but replacing the hall under them would
/// make `hall show` disagree with what they sell.
pub fn add_hall(db: &mut Db, hall: &Hall, source: &str, now_ms: i64) -> Result<HallSummary, Error> {
    db.write(|tx| {
        if tx.hall(&hall.name)?.is_some() {
            return Err(Error::conflict(format!(
                "hall {} exists; nothing was stored (add the new layout under another name)",
                shown(&hall.name)
            )));
        }
        let id = tx.insert_hall(
            &NewHall {
                name: &hall.name,
                currency: &hall.currency,
                best_row: hall.best_row.as_deref(),
                source,
            },
            now_ms,
        )?;
        for c in &hall.categories {
            tx.insert_hall_category(
                id,
                &HallCategoryRow {
                    code: c.code.to_string(),
                    name: c.name.clone(),
                    price_minor: c.price_minor,
                    accessible: c.accessible,
                },
            )?;
        }
        for (ord, s) in hall.seat_list().into_iter().enumerate() {
            let row = HallSeatRow {
                seat: s.seat,
                row: s.row,
                number: s.number,
                col: s.col,
                code: s.code.to_string(),
            };
            tx.insert_hall_seat(id, &row, ord as u32)?;
        }
        tx.audit(AuditEntry {
            at_ms: now_ms,
            action: "hall_add",
            detail: Some(serde_json::json!({
                "hall_id": id, "name": hall.name, "currency": hall.currency,
                "seats": hall.seats, "rows": hall.rows.len(),
                "categories": hall.categories.iter().map(|c| &c.name).collect::<Vec<_>>(),
            })),
            ..Default::default()
        })
    })?;
    Ok(HallSummary {
        name: hall.name.clone(),
        currency: hall.currency.clone(),
        best_row: hall.best_row.clone(),
        seats: hall.seats,
        rows: hall.rows.len() as u32,
        categories: hall.categories.iter().map(|c| c.name.clone()).collect(),
    })
}

/// Every hall, by name.
pub fn list_halls(db: &Db) -> Result<Vec<HallSummary>, Error> {
    let mut out = Vec::new();
    for h in db.halls()? {
        let categories = db.hall_categories(h.id)?;
        out.push(summary(h, &categories));
    }
    Ok(out)
}

fn summary(h: HallRow, categories: &[HallCategoryRow]) -> HallSummary {
    HallSummary {
        name: h.name,
        currency: h.currency,
        best_row: h.best_row,
        seats: h.seats,
        rows: h.rows,
        categories: categories.iter().map(|c| c.name.clone()).collect(),
    }
}

fn find(db: &Db, name: &str) -> Result<HallRow, Error> {
    db.hall(name)?.ok_or_else(|| {
        Error::not_found(format!(
            "no hall named {} (`boxoffice hall list` shows the halls)",
            shown(name)
        ))
    })
}

/// The file the hall called `name` was added from, as given (exit 4 when there is none).
pub fn hall_source(db: &Db, name: &str) -> Result<String, Error> {
    db.hall_source(find(db, name)?.id)
}

/// The hall called `name`, as stored (exit 4 when there is none).
pub fn get_hall(db: &Db, name: &str) -> Result<Hall, Error> {
    let h = find(db, name)?;
    let categories = db
        .hall_categories(h.id)?
        .into_iter()
        .map(|c| Category {
            code: c.code.chars().next().unwrap_or('?'),
            name: c.name,
            price_minor: c.price_minor,
            accessible: c.accessible,
        })
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    for s in db.hall_seats(h.id)? {
        if rows.last().is_none_or(|r| r.row != s.row) {
            rows.push(Row {
                row: s.row.clone(),
                layout: String::new(),
                seats: 0,
            });
        }
        let Some(r) = rows.last_mut() else { continue };
        let have = r.layout.chars().count();
        let col = s.col as usize;
        r.layout
            .extend(std::iter::repeat_n(GAP, col.saturating_sub(have)));
        r.layout.push(s.code.chars().next().unwrap_or('?'));
        r.seats += 1;
    }
    Ok(Hall {
        name: h.name,
        currency: h.currency,
        best_row: h.best_row,
        seats: h.seats,
        categories,
        rows,
    })
}
