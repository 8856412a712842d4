//! What `reserve --best` reads: every seat of a showtime as the picker needs it (a
//! [`SeatGrid`]: rows and kinds by number, not by name) with what SQLite knows of it, and the
//! hall's best row.
//!
//! A 5,000-seat showtime is read on every `--best`, so [`Db::seat_grid`] is shaped for speed
//! (measured with the `best` bench row, whose goal is 1.5× a named reserve of four seats):
//!
//! * the layout comes from the showtime's seat plan, one text value made from its seats when it
//!   was added (`migrations/008_seat_plans.sql`: what a plan is, and why it can't go stale);
//!   reading the 5,000 rows of `seats` took two thirds of the command's own time. A showtime
//!   without a plan (its seats changed by hand) is read from `seats`, with the same result;
//! * the plan, the live claims and the standing blocks are all in seat id order (the claims and
//!   blocks by their partial unique indexes, so SQLite sorts nothing) and merged as they
//!   stream, with no allocation per seat: a row label or a category is copied once, when it
//!   first appears. Merging through a map of seat ids took four times as long;
//! * the layout order (`ord`) is restored by one sort of integers at the end.

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::params;
use rusqlite::types::{Type, Value};

use super::exec::{Conn, Row, owned};
use super::{Db, SeatInfo, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// What SQLite says of one seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatUse {
    /// No live claim, no standing block.
    Free,
    /// In a PENDING booking expiring at this time (ms, Redis's clock as recorded).
    Held { expires_at_ms: i64 },
    /// Sold, or blocked.
    Off,
}

/// A showtime's seats in layout order, with rows and kinds of seat by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatGrid {
    /// Row labels in layout order (first appearance).
    pub rows: Vec<String>,
    /// The kinds of seat, in order of first appearance.
    pub kinds: Vec<SeatKind>,
    pub seats: Vec<GridSeat>,
}

/// A category as a seat has it: its name, and whether the seat is accessible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatKind {
    pub category: String,
    pub accessible: bool,
}

/// One seat: indices into [`SeatGrid::rows`] and [`SeatGrid::kinds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridSeat {
    pub row: u32,
    pub number: u32,
    /// Position in the row counting gaps and aisles (see [`SeatInfo::col`]).
    pub col: u32,
    pub kind: u32,
}

impl SeatGrid {
    /// The grid of seats read some other way (the seat map's), in their order.
    pub fn from_infos(infos: &[SeatInfo]) -> SeatGrid {
        let mut grid = SeatGrid::default();
        for s in infos {
            let row = grid.row_index(&s.row);
            let kind = grid.kind_index(&s.category, s.accessible);
            grid.seats.push(GridSeat {
                row,
                number: s.number,
                col: s.col,
                kind,
            });
        }
        grid
    }

    /// The seat's id: a seat id is its row label and number (`ids::SeatId`'s grammar has no
    /// leading zeros, so the two never differ).
    pub fn name(&self, i: usize) -> String {
        let s = &self.seats[i];
        format!("{}{}", self.rows[s.row as usize], s.number)
    }

    /// The kind of the seat at `i`.
    pub fn kind(&self, i: usize) -> &SeatKind {
        &self.kinds[self.seats[i].kind as usize]
    }

    fn row_index(&mut self, label: &str) -> u32 {
        match self.rows.iter().rposition(|r| r == label) {
            Some(i) => i as u32,
            None => {
                self.rows.push(label.to_string());
                (self.rows.len() - 1) as u32
            }
        }
    }

    fn kind_index(&mut self, category: &str, accessible: bool) -> u32 {
        let same = |k: &SeatKind| k.category == category && k.accessible == accessible;
        match self.kinds.iter().position(same) {
            Some(i) => i as u32,
            None => {
                self.kinds.push(SeatKind {
                    category: category.to_string(),
                    accessible,
                });
                (self.kinds.len() - 1) as u32
            }
        }
    }
}

const SEATS: &str = "
    SELECT seat_id, row_label, number, COALESCE(col, number - 1), category, accessible, ord
      FROM seats WHERE showtime_id = ?1 ORDER BY seat_id";

const PLAN: &str = "SELECT plan FROM seat_plans WHERE showtime_id = ?1";

/// The plan of a showtime, made from its seats: the same statement as in
/// `migrations/008_seat_plans.sql`, whose comment says what a plan is.
pub(super) const WRITE_PLAN: &str = "
    INSERT OR REPLACE INTO seat_plans (showtime_id, plan)
    SELECT ?1, group_concat(seat_id || char(9) || ord || char(9) || COALESCE(col, number - 1)
                            || char(9) || accessible || char(9) || category,
                            char(10) ORDER BY seat_id)
      FROM seats WHERE showtime_id = ?1 HAVING COUNT(*) > 0";

/// [`WRITE_PLAN`] in PostgreSQL's spelling, line for line the same plan.
const WRITE_PLAN_PG: &str = "
    INSERT INTO seat_plans (showtime_id, plan)
    SELECT ?1, string_agg(seat_id || chr(9) || ord || chr(9) || COALESCE(col, number - 1)
                          || chr(9) || accessible || chr(9) || category,
                          chr(10) ORDER BY seat_id)
      FROM seats WHERE showtime_id = ?1 HAVING COUNT(*) > 0
        ON CONFLICT (showtime_id) DO UPDATE SET plan = excluded.plan";

const CLAIMS: &str = "
    SELECT bs.seat_id, CASE WHEN b.status = 'PENDING' THEN 1 ELSE 0 END, b.expires_at_ms
      FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
     WHERE bs.showtime_id = ?1 AND bs.live = 1 ORDER BY bs.seat_id";

const BLOCKS: &str =
    "SELECT seat_id FROM seat_blocks WHERE showtime_id = ?1 AND live = 1 ORDER BY seat_id";

/// Column `i` of `r` as text, borrowed.
fn text<'r>(r: &'r Row<'_, '_>, i: usize) -> rusqlite::Result<&'r str> {
    (r.get_ref(i)?.as_str())
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// A stream of rows in seat id order (column 0), walked alongside the seats: SQLite's as they
/// come, PostgreSQL's as one result read whole.
enum Cursor<'s> {
    Lite {
        rows: rusqlite::Rows<'s>,
        /// Whether the stream has a current row.
        at_row: bool,
    },
    Pg {
        rows: Vec<Vec<Value>>,
        at: usize,
    },
}

impl<'s> Cursor<'s> {
    fn new(mut rows: rusqlite::Rows<'s>) -> rusqlite::Result<Self> {
        let at_row = rows.next()?.is_some();
        Ok(Cursor::Lite { rows, at_row })
    }

    /// The row for `seat`, moving past every one before it; `None`: the stream has none.
    fn at(&mut self, seat: &str) -> rusqlite::Result<Option<Row<'_, '_>>> {
        use std::cmp::Ordering::*;
        match self {
            Cursor::Lite { rows, at_row } => {
                let mut found = false;
                while *at_row {
                    let Some(r) = rows.get() else { break };
                    match text(&Row::Lite(r), 0)?.cmp(seat) {
                        Less => *at_row = rows.next()?.is_some(),
                        Equal => {
                            found = true;
                            break;
                        }
                        Greater => break,
                    }
                }
                // Returned after the loop, where the borrow checker sees it whole.
                Ok(if found {
                    (*rows).get().map(Row::Lite)
                } else {
                    None
                })
            }
            Cursor::Pg { rows, at } => {
                while let Some(r) = rows.get(*at) {
                    match text(&Row::Pg(r), 0)?.cmp(seat) {
                        Less => *at += 1,
                        Equal => return Ok(Some(Row::Pg(&rows[*at]))),
                        Greater => break,
                    }
                }
                Ok(None)
            }
        }
    }
}

/// The use of a seat from its claim row, if any.
fn claim_use(r: Option<Row<'_, '_>>) -> rusqlite::Result<SeatUse> {
    Ok(match r {
        None => SeatUse::Free,
        Some(r) if r.get::<bool>(1)? => SeatUse::Held {
            expires_at_ms: r.get(2)?,
        },
        Some(_) => SeatUse::Off,
    })
}

/// One seat as the plan or the seats table give it.
struct PlanSeat<'a> {
    seat: &'a str,
    row: &'a str,
    number: u32,
    col: u32,
    category: &'a str,
    accessible: bool,
    ord: i64,
}

impl<'a> PlanSeat<'a> {
    /// One line of a plan (see `migrations/008_seat_plans.sql`); `None`: not one.
    fn parse(line: &'a str) -> Option<Self> {
        let mut f = line.splitn(5, '\t');
        let seat = f.next()?;
        let (ord, col, accessible) = (f.next()?, f.next()?, f.next()?);
        let digits = seat.find(|c: char| c.is_ascii_digit())?;
        Some(PlanSeat {
            seat,
            row: &seat[..digits],
            number: seat[digits..].parse().ok()?,
            ord: ord.parse().ok()?,
            col: col.parse().ok()?,
            accessible: match accessible {
                "0" => false,
                "1" => true,
                _ => return None,
            },
            category: f.next()?,
        })
    }

    fn from_row(r: &'a Row<'_, '_>) -> rusqlite::Result<Self> {
        Ok(PlanSeat {
            seat: text(r, 0)?,
            row: text(r, 1)?,
            number: r.get(2)?,
            col: r.get(3)?,
            category: text(r, 4)?,
            accessible: r.get(5)?,
            ord: r.get(6)?,
        })
    }
}

/// The grid as the seats come, in seat id order, each merged with its claim or block.
struct Merge<'s> {
    claims: Cursor<'s>,
    blocks: Cursor<'s>,
    grid: SeatGrid,
    read: Vec<(i64, GridSeat, SeatUse)>,
    last_row: Option<u32>,
}

impl Merge<'_> {
    /// The grid in layout order.
    fn finish(self) -> (SeatGrid, Vec<SeatUse>) {
        let Merge { grid, mut read, .. } = self;
        read.sort_unstable_by_key(|s| s.0);
        in_layout_order(grid, read)
    }

    fn push(&mut self, s: &PlanSeat<'_>) -> rusqlite::Result<()> {
        let used = match self.blocks.at(s.seat)? {
            Some(_) => SeatUse::Off,
            None => claim_use(self.claims.at(s.seat)?)?,
        };
        // Seats come by id, so a row's seats come together: its label is looked up only when
        // it changes.
        let row = match self.last_row {
            Some(r) if self.grid.rows[r as usize] == s.row => r,
            _ => self.grid.row_index(s.row),
        };
        self.last_row = Some(row);
        let kind = self.grid.kind_index(s.category, s.accessible);
        let g = GridSeat {
            row,
            number: s.number,
            col: s.col,
            kind,
        };
        self.read.push((s.ord, g, used));
        Ok(())
    }
}

impl Tx<'_> {
    /// Makes the showtime's seat plan from its seats: once they are all in (`showtime add`).
    pub fn write_seat_plan(&self, showtime: ShowtimeId) -> Result<(), Error> {
        let q = self.sql();
        q.execute(q.pick(WRITE_PLAN, WRITE_PLAN_PG), params![showtime.get()])
            .map(|_| ())
    }
}

impl Db {
    /// Every seat of the showtime in layout order, and each one's use (see [`SeatUse`]): from
    /// its seat plan, or, when it has none (its seats were changed by hand), from its seats.
    pub fn seat_grid(&self, showtime: ShowtimeId) -> Result<(SeatGrid, Vec<SeatUse>), Error> {
        let q = self.sql();
        let id = showtime.get();
        let plan: Option<String> = q.row(PLAN, params![id], |r| r.get(0))?;
        let Conn::Lite(conn) = q.conn else {
            return self.pg_seat_grid(id, plan);
        };
        let read = || -> rusqlite::Result<(SeatGrid, Vec<SeatUse>)> {
            let mut claims_st = conn.prepare_cached(CLAIMS)?;
            let mut blocks_st = conn.prepare_cached(BLOCKS)?;
            let mut m = Merge {
                claims: Cursor::new(claims_st.query([id])?)?,
                blocks: Cursor::new(blocks_st.query([id])?)?,
                grid: SeatGrid::default(),
                read: Vec::new(),
                last_row: None,
            };
            match &plan {
                Some(plan) => {
                    for line in plan.split('\n') {
                        let seat = PlanSeat::parse(line).ok_or_else(|| bad_plan(line))?;
                        m.push(&seat)?;
                    }
                }
                None => {
                    let mut st = conn.prepare_cached(SEATS)?;
                    let mut rows = st.query([id])?;
                    while let Some(r) = rows.next()? {
                        m.push(&PlanSeat::from_row(&Row::Lite(r))?)?;
                    }
                }
            }
            Ok(m.finish())
        };
        read().map_err(|e| q.err(e))
    }

    /// [`Db::seat_grid`] on PostgreSQL: the same merge, of results read whole.
    fn pg_seat_grid(
        &self,
        id: i64,
        plan: Option<String>,
    ) -> Result<(SeatGrid, Vec<SeatUse>), Error> {
        let q = self.sql();
        let all = |sql: &str, columns: usize| {
            q.rows(sql, params![id], |r| {
                (0..columns)
                    .map(|i| r.get_ref(i).map(owned))
                    .collect::<rusqlite::Result<Vec<Value>>>()
            })
        };
        let claims = all(CLAIMS, 3)?;
        let blocks = all(BLOCKS, 1)?;
        let seats = match plan {
            Some(_) => Vec::new(),
            None => all(SEATS, 7)?,
        };
        let read = || -> rusqlite::Result<(SeatGrid, Vec<SeatUse>)> {
            let mut m = Merge {
                claims: Cursor::Pg {
                    rows: claims,
                    at: 0,
                },
                blocks: Cursor::Pg {
                    rows: blocks,
                    at: 0,
                },
                grid: SeatGrid::default(),
                read: Vec::new(),
                last_row: None,
            };
            match &plan {
                Some(plan) => {
                    for line in plan.split('\n') {
                        let seat = PlanSeat::parse(line).ok_or_else(|| bad_plan(line))?;
                        m.push(&seat)?;
                    }
                }
                None => {
                    for r in &seats {
                        m.push(&PlanSeat::from_row(&Row::Pg(r))?)?;
                    }
                }
            }
            Ok(m.finish())
        };
        read().map_err(|e| q.err(e))
    }

    /// The row label the showtime's hall names as its best (`halls.best_row`); `None`: the
    /// showtime has no hall, or its hall names none (the picker then takes two-thirds back).
    pub fn best_row(&self, showtime: ShowtimeId) -> Result<Option<String>, Error> {
        self.sql()
            .row(
                "SELECT h.best_row FROM showtimes s JOIN halls h ON h.id = s.hall_id
                  WHERE s.id = ?1",
                params![showtime.get()],
                |r| r.get::<Option<String>>(0),
            )
            .map(Option::flatten)
    }
}

/// A plan line that isn't one: the plan was written by something else than boxoffice.
fn bad_plan(line: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        Type::Text,
        format!(
            "seat plan line {:?} is not `seat TAB ord TAB col TAB accessible TAB category`",
            line
        )
        .into(),
    )
}

/// The grid with its seats (sorted by `ord`) and rows renumbered in layout order: the rows
/// were numbered as the seat ids came (A, AA, B, …), the picker wants them as the hall has them.
fn in_layout_order(
    mut grid: SeatGrid,
    read: Vec<(i64, GridSeat, SeatUse)>,
) -> (SeatGrid, Vec<SeatUse>) {
    let mut renumber = vec![u32::MAX; grid.rows.len()];
    let mut labels = Vec::with_capacity(grid.rows.len());
    let mut seats = Vec::with_capacity(read.len());
    let mut uses = Vec::with_capacity(read.len());
    for (_, mut s, used) in read {
        let r = &mut renumber[s.row as usize];
        if *r == u32::MAX {
            *r = labels.len() as u32;
            labels.push(std::mem::take(&mut grid.rows[s.row as usize]));
        }
        s.row = *r;
        seats.push(s);
        uses.push(used);
    }
    grid.rows = labels;
    grid.seats = seats;
    (grid, uses)
}

#[cfg(test)]
mod tests;
