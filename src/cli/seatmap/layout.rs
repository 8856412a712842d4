//! Maps of layouts with gaps and aisles: each seat at its position in the row, counting gaps
//! (`col`), so an aisle reads as one; and the line naming a showtime's categories.

use std::collections::HashMap;

use super::{glyph, legend, render};
use crate::catalog::Showtime;
use crate::snapshot::{SeatState, SeatView};
use crate::store::SeatInfo;

/// One row of a [`grid`]: its label, its seats' positions and glyphs (already painted, one
/// column wide on screen), and its first and last seat numbers.
pub struct GridRow {
    pub label: String,
    pub cells: Vec<(u32, String)>,
    pub first: u32,
    pub last: u32,
}

/// Rows drawn with each seat at its position (two columns per position), gaps blank, and each
/// row's seat numbers after the widest row: `D  W W       S S S S S S       W W   1-10`.
pub fn grid(rows: &[GridRow]) -> String {
    let row_w = rows.iter().map(|r| r.label.len()).max().unwrap_or(1);
    let width = rows
        .iter()
        .filter_map(|r| r.cells.last().map(|c| c.0 + 1))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        let mut line = format!("{:<row_w$} ", r.label);
        let mut pos = 0;
        for (col, g) in &r.cells {
            while pos < *col {
                line.push_str("  ");
                pos += 1;
            }
            line.push(' ');
            line.push_str(g);
            pos += 1;
        }
        while pos < width {
            line.push_str("  ");
            pos += 1;
        }
        if r.first == r.last {
            line.push_str(&format!("   {}", r.first));
        } else {
            line.push_str(&format!("   {}-{}", r.first, r.last));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The map of a showtime whose seats `infos` describes (from `catalog::seat_infos`): gaps and
/// aisles where its layout has them, then the legend, then the categories when there are
/// several. A layout without gaps is drawn by [`render`], as it always was.
pub fn render_in_layout(
    st: &Showtime,
    seats: &[SeatView],
    infos: &[SeatInfo],
    mine: Option<&str>,
    color: bool,
) -> String {
    let gapped = infos.iter().any(|i| i.col + 1 != i.number);
    let mut out = if gapped {
        let mut m = gapped_map(seats, infos, mine, color);
        m.push_str(&legend(seats, mine, color));
        m
    } else {
        render(st, seats, mine, color)
    };
    out.push_str(&categories_line(infos));
    out
}

fn gapped_map(seats: &[SeatView], infos: &[SeatInfo], mine: Option<&str>, color: bool) -> String {
    let at: HashMap<&str, &SeatInfo> = infos.iter().map(|i| (i.seat.as_str(), i)).collect();
    let mut rows: Vec<GridRow> = Vec::new();
    for s in seats {
        let Some(info) = at.get(s.seat.as_str()) else {
            continue;
        };
        if rows.last().is_none_or(|r| r.label != info.row) {
            rows.push(GridRow {
                label: info.row.clone(),
                cells: Vec::new(),
                first: info.number,
                last: info.number,
            });
        }
        let Some(r) = rows.last_mut() else { continue };
        let is_mine = mine.is_some() && s.state == SeatState::Held && s.user.as_deref() == mine;
        r.cells.push((info.col, glyph(color, s.state, is_mine)));
        r.first = r.first.min(info.number);
        r.last = r.last.max(info.number);
    }
    grid(&rows)
}

/// A run of seats side by side in one row: the row, the first and the last number.
type Run<'a> = (&'a str, u32, u32);

/// "Categories: standard A1-A14, B1-B14, D3-D8 · premium C1-C14 · wheelchair (accessible)
/// D1-D2, D9-D10", naming each category's seats in runs of consecutive numbers (a run may span
/// an aisle: it names seats, not adjacency); empty when there is one category.
pub fn categories_line(infos: &[SeatInfo]) -> String {
    // (category, accessible, runs of (row, first, last)), in order of first appearance.
    let mut cats: Vec<(&str, bool, Vec<Run<'_>>)> = Vec::new();
    for i in infos {
        let k = match cats.iter().position(|c| c.0 == i.category) {
            Some(k) => k,
            None => {
                cats.push((&i.category, false, Vec::new()));
                cats.len() - 1
            }
        };
        let c = &mut cats[k];
        c.1 |= i.accessible;
        match c.2.last_mut() {
            Some((row, _, last)) if *row == i.row && *last + 1 == i.number => *last = i.number,
            _ => c.2.push((&i.row, i.number, i.number)),
        }
    }
    if cats.len() < 2 {
        return String::new();
    }
    let parts: Vec<String> = cats
        .iter()
        .map(|(name, accessible, runs)| {
            let runs: Vec<String> = runs
                .iter()
                .map(|(row, a, b)| match a == b {
                    true => format!("{row}{a}"),
                    false => format!("{row}{a}-{row}{b}"),
                })
                .collect();
            format!(
                "{}{} {}",
                crate::ids::escaped(name),
                if *accessible { " (accessible)" } else { "" },
                runs.join(", ")
            )
        })
        .collect();
    format!("Categories: {}\n", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn showtime(rows: &[&str], per_row: u32) -> Showtime {
        Showtime {
            showtime_id: 1,
            movie: "M".into(),
            screen: None,
            starts_at: "2099-01-01T00:00:00Z".into(),
            rows: rows.iter().map(|r| r.to_string()).collect(),
            seats_per_row: per_row,
            seats: rows.len() as u32 * per_row,
            sold: 0,
            pending: 0,
            cancelled: None,
            hall: None,
            currency: None,
        }
    }

    fn info(row: &str, number: u32, col: u32, category: &str) -> SeatInfo {
        SeatInfo {
            seat: format!("{row}{number}"),
            row: row.into(),
            number,
            col,
            category: category.into(),
            price_minor: None,
            accessible: false,
        }
    }

    fn view(seat: &str, state: SeatState) -> SeatView {
        SeatView {
            seat: seat.into(),
            state,
            user: Some("7".into()),
            ttl_ms: None,
            booking_id: None,
            reason: None,
        }
    }

    #[test]
    fn a_layout_without_gaps_is_drawn_exactly_as_before() {
        let st = showtime(&["A", "B"], 12);
        let mut infos = Vec::new();
        let mut seats = Vec::new();
        for row in ["A", "B"] {
            for n in 1..=12 {
                infos.push(info(row, n, n - 1, "standard"));
                let state = if n == 3 {
                    SeatState::Sold
                } else {
                    SeatState::Free
                };
                seats.push(view(&format!("{row}{n}"), state));
            }
        }
        for mine in [None, Some("7")] {
            assert_eq!(
                render_in_layout(&st, &seats, &infos, mine, false),
                render(&st, &seats, mine, false)
            );
        }
    }

    #[test]
    fn gaps_are_blank_and_several_categories_get_a_line() {
        let st = showtime(&["A", "B"], 3);
        let infos = [
            info("A", 1, 0, "standard"),
            info("A", 2, 2, "standard"),
            info("A", 3, 3, "standard"),
            info("B", 1, 1, "premium"),
            info("B", 2, 2, "premium"),
        ];
        let seats: Vec<SeatView> = infos
            .iter()
            .map(|i| view(&i.seat, SeatState::Free))
            .collect();
        let out = render_in_layout(&st, &seats, &infos, None, false);
        assert_eq!(
            out,
            "A  .   . .   1-3\nB    . .     1-2\n\nLegend: . free   h held   X sold\n\
             Categories: standard A1-A3 · premium B1-B2\n"
        );
    }
}
