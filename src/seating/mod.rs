//! Best-available seats: which N seats side by side to offer for "four together, please".
//!
//! Pure (no I/O): the caller reads the showtime's seats (a [`SeatGrid`], layout order) and which
//! of them are free, and gets back a ranked list of candidate groups. Ranking every group, not
//! just choosing one, is what lets `reserve --best` stay atomic under contention: the best few
//! go to one Redis script, which takes the first group that is still free (`holds::best`).
//!
//! # What a group is
//! N seats of one row whose `col`s are consecutive (a gap or aisle is a missing `col`, so a group
//! never spans one), every seat free and in the filter: the named category (`--category`), or by
//! default every category whose seats are not accessible; `--accessible` keeps accessible seats
//! only (in the named category, if one is named).
//!
//! # The score
//! Groups are compared lexicographically on [`Score`], smaller first:
//! 1. `strands`: how many free seats the group would leave stranded: a free seat right next to
//!    the group whose other side is a taken seat, a gap or the row's end (0, 1 or 2). First, so
//!    that a group stranding a seat loses to any group that strands none, whenever one exists.
//!    "Free" here is any free seat, whatever its category: a lone seat is hard to sell in any.
//! 2. `row_distance`: how many rows the group's row is from the best row (the hall's `best_row`,
//!    else two-thirds back: row index round(2/3 × (rows − 1)), rows in layout order).
//! 3. `centre_distance`: how far the group's centre is from its row's centre, in half columns
//!    (|first + last − (row's first col + row's last col)|), so it is an exact integer.
//! 4. `row` (layout index), then `col` (the group's first col): ties broken front to back, left
//!    to right, so the ranking is deterministic.
//!
//! Lexicographic rather than weighted: a weight would have to be tuned per hall, and the issue's
//! rule ("a choice that strands a seat loses to one that doesn't") is a strict preference.
//!
//! # Split (`--allow-split`)
//! When no group of N exists, [`split`] takes the seats in as few groups as possible: it takes
//! the best-scoring group of size min(longest eligible run, seats still wanted), removes it from
//! the free seats, and repeats. Taking the longest run first is what minimises the number of
//! groups (a group lies in one run; the fewest groups cover N with the longest runs); each group
//! is the best of its size by the score above, so the seats stay as close to the best row and
//! the centre as that allows.

use crate::store::{SeatGrid, SeatKind};

#[cfg(test)]
mod tests;

/// What is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// Seats wanted side by side (1–10 from the CLI; any positive number here).
    pub n: usize,
    /// A category name; `None`: every category (non-accessible seats, unless `accessible`).
    pub category: Option<&'a str>,
    /// Accessible seats only.
    pub accessible: bool,
    /// The row label the hall names as its best; `None` (or a label not in the layout):
    /// two-thirds back.
    pub best_row: Option<&'a str>,
}

impl Ask<'_> {
    /// Whether a seat of this kind may be part of a group, free or not.
    pub fn admits(&self, k: &SeatKind) -> bool {
        let category = self.category.is_none_or(|c| c == k.category);
        category && k.accessible == self.accessible
    }
}

/// A group's score: compared field by field, smaller is better (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score {
    pub strands: u8,
    pub row_distance: u32,
    pub centre_distance: u32,
    pub row: u32,
    pub col: u32,
}

/// N seats side by side, with their score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Seat ids, left to right.
    pub seats: Vec<String>,
    pub score: Score,
}

/// One row of the layout: indices into the seats, sorted by col.
struct Row {
    seats: Vec<usize>,
    centre2: u32,
}

/// The layout index of the best row: the named one if the layout has it, else two-thirds back.
pub fn best_row_index(grid: &SeatGrid, best_row: Option<&str>) -> u32 {
    if let Some(i) = best_row.and_then(|b| grid.rows.iter().position(|l| l == b)) {
        return i as u32;
    }
    // round(2/3 × (rows − 1)) in integers: 2(rows − 1) / 3 never ends in .5.
    let x = 2 * grid.rows.len().saturating_sub(1) as u32;
    (2 * x + 3) / 6
}

/// Every group of `ask.n` free seats side by side in the filter, best first. `free[i]` says
/// whether seat `i` of the grid is free.
pub fn rank(grid: &SeatGrid, free: &[bool], ask: &Ask<'_>) -> Vec<Candidate> {
    best(grid, free, ask, usize::MAX)
}

/// The `k` best of [`rank`]'s groups, best first. Only those are named: a half-full 5,000-seat
/// hall has a thousand groups of four.
pub fn best(grid: &SeatGrid, free: &[bool], ask: &Ask<'_>, k: usize) -> Vec<Candidate> {
    let p = Picker::new(grid, ask);
    let mut found = p.groups(free, ask.n);
    found.sort_unstable_by_key(|g| g.score);
    found.truncate(k);
    found.iter().map(|g| p.named(g)).collect()
}

/// `--allow-split`: `ask.n` free seats in the filter in as few groups as possible, each the
/// best of its size (see the module doc), groups in the order taken. `None`: fewer than `ask.n`
/// seats are free in the filter.
pub fn split(grid: &SeatGrid, free: &[bool], ask: &Ask<'_>) -> Option<Vec<Vec<String>>> {
    let p = Picker::new(grid, ask);
    let mut free = free.to_vec();
    let mut left = ask.n;
    let mut out = Vec::new();
    while left > 0 {
        let longest = p.longest_run(&free);
        if longest == 0 {
            return None;
        }
        let g = p.groups(&free, longest.min(left));
        let group = g.iter().min_by_key(|g| g.score)?;
        for q in group.first..=group.last {
            free[p.rows[group.score.row as usize].seats[q]] = false;
        }
        left -= group.last + 1 - group.first;
        out.push(p.named(group).seats);
    }
    Some(out)
}

/// A group before its seats are named: positions `first..=last` of row `score.row`.
struct Group {
    score: Score,
    first: usize,
    last: usize,
}

/// One question's view of the grid: its rows sorted by col, which kinds it admits.
struct Picker<'g> {
    grid: &'g SeatGrid,
    rows: Vec<Row>,
    admitted: Vec<bool>,
    best: u32,
}

impl<'g> Picker<'g> {
    fn new(grid: &'g SeatGrid, ask: &Ask<'_>) -> Self {
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); grid.rows.len()];
        for (i, s) in grid.seats.iter().enumerate() {
            rows[s.row as usize].push(i);
        }
        let col = |i: usize| grid.seats[i].col;
        let rows = rows
            .into_iter()
            .map(|mut r| {
                r.sort_by_key(|&i| col(i));
                let centre2 = match (r.first(), r.last()) {
                    (Some(&a), Some(&b)) => col(a) + col(b),
                    _ => 0,
                };
                Row { seats: r, centre2 }
            })
            .collect();
        Picker {
            grid,
            rows,
            admitted: grid.kinds.iter().map(|k| ask.admits(k)).collect(),
            best: best_row_index(grid, ask.best_row),
        }
    }

    fn ok(&self, free: &[bool], i: usize) -> bool {
        free[i] && self.admitted[self.grid.seats[i].kind as usize]
    }

    fn named(&self, g: &Group) -> Candidate {
        let row = &self.rows[g.score.row as usize];
        Candidate {
            seats: (g.first..=g.last)
                .map(|q| self.grid.name(row.seats[q]))
                .collect(),
            score: g.score,
        }
    }

    /// The groups of size `n`, unsorted.
    fn groups(&self, free: &[bool], n: usize) -> Vec<Group> {
        let mut out = Vec::new();
        if n == 0 {
            return out;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32;
            let col = |q: usize| self.grid.seats[row.seats[q]].col;
            let mut run_start = 0;
            for q in 0..row.seats.len() {
                if !self.ok(free, row.seats[q]) {
                    run_start = q + 1;
                    continue;
                }
                if q > run_start && col(q) != col(q - 1) + 1 {
                    run_start = q;
                }
                if q + 1 >= run_start + n {
                    let first = q + 1 - n;
                    out.push(Group {
                        score: Score {
                            strands: self.strands(free, row, first, q),
                            row_distance: r.abs_diff(self.best),
                            centre_distance: (col(first) + col(q)).abs_diff(row.centre2),
                            row: r,
                            col: col(first),
                        },
                        first,
                        last: q,
                    });
                }
            }
        }
        out
    }

    /// How many free seats taking positions `first..=last` of `row` leaves stranded.
    fn strands(&self, free: &[bool], row: &Row, first: usize, last: usize) -> u8 {
        let seats = &self.grid.seats;
        // The free seat at position q, if it sits at col `c`.
        let free_at = |q: Option<usize>, c: Option<u32>| match (q, c) {
            (Some(q), Some(c)) => row
                .seats
                .get(q)
                .is_some_and(|&i| seats[i].col == c && free[i]),
            _ => false,
        };
        let col = |q: usize| seats[row.seats[q]].col;
        let mut n = 0;
        let (lc, rc) = (col(first), col(last));
        if free_at(first.checked_sub(1), lc.checked_sub(1))
            && !free_at(first.checked_sub(2), lc.checked_sub(2))
        {
            n += 1;
        }
        if free_at(Some(last + 1), Some(rc + 1)) && !free_at(Some(last + 2), Some(rc + 2)) {
            n += 1;
        }
        n
    }

    /// The longest run of free seats side by side in the filter.
    fn longest_run(&self, free: &[bool]) -> usize {
        let mut best = 0;
        for row in &self.rows {
            let mut run = 0;
            let mut prev: Option<u32> = None;
            for &i in &row.seats {
                let c = self.grid.seats[i].col;
                run = match (self.ok(free, i), prev) {
                    (false, _) => 0,
                    (true, Some(p)) if c == p + 1 && run > 0 => run + 1,
                    (true, _) => 1,
                };
                prev = Some(c);
                best = best.max(run);
            }
        }
        best
    }
}
