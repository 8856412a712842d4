//! Real halls (issue 14): a hall file describes a screen's layout — rows of different lengths,
//! gaps and aisles, seat categories with prices, accessible spaces — once; each showtime made
//! from it copies its seats, so a screening already on sale is never repriced or reshaped.
//!
//! This module is the hall *file* and the hall as a value: `file.rs` parses and validates the
//! TOML (pure: text in, [`Hall`] or an `invalid` error naming the file's line out, so every
//! refusal is unit-tested without a database), prices are worded by `text::money`, and
//! `stored.rs` adds halls to the database and reads them back (the SQL is in `store/halls.rs`).

mod file;
mod stored;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use file::parse;
pub use stored::{HallSummary, add_hall, get_hall, hall_source, list_halls};

/// Most seats one hall may have.
pub const MAX_HALL_SEATS: usize = 10_000;

/// Most positions (seats and gaps) one row may have.
pub const MAX_ROW_WIDTH: usize = 2 * crate::ids::MAX_SEAT_NUMBER as usize;

/// The character of a gap or an aisle in a row's layout.
pub const GAP: char = '.';

/// A hall as its file describes it, validated. `--json` of `hall show` is this document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hall {
    pub name: String,
    /// ISO 4217, three capital letters; prices are in its minor units.
    pub currency: String,
    /// The row seats are best in; `None`: two-thirds back (the picker's default).
    pub best_row: Option<String>,
    /// How many seats the hall has.
    pub seats: u32,
    /// In the order of the file (a stored hall: in the order they first appear in the layout).
    pub categories: Vec<Category>,
    /// Front to back, as in the file.
    pub rows: Vec<Row>,
}

/// One seat category: the letter that marks its seats in the layout, its name and price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub code: char,
    pub name: String,
    /// Minor units of the hall's currency (25000 is INR 250.00).
    #[serde(rename = "price")]
    pub price_minor: i64,
    pub accessible: bool,
}

/// One row: its label and one character per position, a category letter for a seat and
/// [`GAP`] for a gap or an aisle (`SSSS.SSSSSS.SSSS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub row: String,
    pub layout: String,
    pub seats: u32,
}

/// One seat of a hall, where the layout puts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallSeat {
    pub seat: String,
    pub row: String,
    /// From 1, left to right, counting seats only.
    pub number: u32,
    /// From 0, counting gaps and aisles too.
    pub col: u32,
    /// The category's letter.
    pub code: char,
}

impl Hall {
    /// Every seat, in layout order (front row first, left to right).
    pub fn seat_list(&self) -> Vec<HallSeat> {
        let mut out = Vec::with_capacity(self.seats as usize);
        for r in &self.rows {
            let mut number = 0;
            for (col, c) in r.layout.chars().enumerate() {
                if c == GAP {
                    continue;
                }
                number += 1;
                out.push(HallSeat {
                    seat: format!("{}{number}", r.row),
                    row: r.row.clone(),
                    number,
                    col: col as u32,
                    code: c,
                });
            }
        }
        out
    }

    /// The category a letter stands for.
    pub fn category(&self, code: char) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }
}
