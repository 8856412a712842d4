//! Best-available seats: which N seats side by side to offer for "four together, please".
//!
//! Pure (no I/O): the caller reads the showtime's seats ([`SeatInfo`], layout order) and which
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

use std::collections::{HashMap, HashSet};

use crate::store::SeatInfo;

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
    /// Whether a seat may be part of a group, free or not.
    pub fn admits(&self, s: &SeatInfo) -> bool {
        let category = self.category.is_none_or(|c| c == s.category);
        category && s.accessible == self.accessible
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

/// The rows in layout order (first appearance), each sorted by col.
fn rows(seats: &[SeatInfo]) -> Vec<Row> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for (i, s) in seats.iter().enumerate() {
        let r = *index.entry(s.row.as_str()).or_insert_with(|| {
            rows.push(Vec::new());
            rows.len() - 1
        });
        rows[r].push(i);
    }
    rows.into_iter()
        .map(|mut r| {
            r.sort_by_key(|&i| seats[i].col);
            let (first, last) = (seats[r[0]].col, seats[r[r.len() - 1]].col);
            Row {
                seats: r,
                centre2: first + last,
            }
        })
        .collect()
}

/// The layout index of the best row: the named one if the layout has it, else two-thirds back.
pub fn best_row_index(seats: &[SeatInfo], best_row: Option<&str>) -> u32 {
    let mut labels: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for s in seats {
        if seen.insert(s.row.as_str()) {
            labels.push(&s.row);
        }
    }
    if let Some(i) = best_row.and_then(|b| labels.iter().position(|l| *l == b)) {
        return i as u32;
    }
    // round(2/3 × (rows − 1)) in integers: 2(rows − 1) / 3 never ends in .5.
    let x = 2 * labels.len().saturating_sub(1) as u32;
    (2 * x + 3) / 6
}

/// Every group of `ask.n` free seats side by side in the filter, best first. `free[i]` says
/// whether `seats[i]` is free (the two slices have the same length).
pub fn rank(seats: &[SeatInfo], free: &[bool], ask: &Ask<'_>) -> Vec<Candidate> {
    let mut out = groups(seats, free, ask, ask.n);
    out.sort_by_key(|a| a.score);
    out
}

/// The groups of size `n`, unsorted.
fn groups(seats: &[SeatInfo], free: &[bool], ask: &Ask<'_>, n: usize) -> Vec<Candidate> {
    let best = best_row_index(seats, ask.best_row);
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    for (r, row) in rows(seats).iter().enumerate() {
        let r = r as u32;
        let ok = |p: usize| free[row.seats[p]] && ask.admits(&seats[row.seats[p]]);
        let col = |p: usize| seats[row.seats[p]].col;
        let mut run_start = 0;
        for p in 0..row.seats.len() {
            if !ok(p) {
                run_start = p + 1;
                continue;
            }
            if p > run_start && col(p) != col(p - 1) + 1 {
                run_start = p;
            }
            if p + 1 >= run_start + n {
                let first = p + 1 - n;
                out.push(Candidate {
                    seats: (first..=p)
                        .map(|q| seats[row.seats[q]].seat.clone())
                        .collect(),
                    score: Score {
                        strands: strands(seats, free, row, first, p),
                        row_distance: r.abs_diff(best),
                        centre_distance: (col(first) + col(p)).abs_diff(row.centre2),
                        row: r,
                        col: col(first),
                    },
                });
            }
        }
    }
    out
}

/// How many free seats taking positions `first..=last` of `row` leaves stranded.
fn strands(seats: &[SeatInfo], free: &[bool], row: &Row, first: usize, last: usize) -> u8 {
    // The free seat at position p, if it sits at col `c`.
    let free_at = |p: Option<usize>, c: Option<u32>| match (p, c) {
        (Some(p), Some(c)) => row
            .seats
            .get(p)
            .is_some_and(|&i| seats[i].col == c && free[i]),
        _ => false,
    };
    let col = |p: usize| seats[row.seats[p]].col;
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

/// `--allow-split`: `ask.n` free seats in the filter in as few groups as possible, each the
/// best of its size (see the module doc), groups in the order taken. `None`: fewer than `ask.n`
/// seats are free in the filter.
pub fn split(seats: &[SeatInfo], free: &[bool], ask: &Ask<'_>) -> Option<Vec<Vec<String>>> {
    let mut free = free.to_vec();
    let mut left = ask.n;
    let mut out = Vec::new();
    while left > 0 {
        let longest = longest_run(seats, &free, ask);
        if longest == 0 {
            return None;
        }
        let mut g = groups(seats, &free, ask, longest.min(left));
        g.sort_by_key(|a| a.score);
        let group = g.swap_remove(0).seats;
        for s in &group {
            if let Some(i) = seats.iter().position(|x| &x.seat == s) {
                free[i] = false;
            }
        }
        left -= group.len();
        out.push(group);
    }
    Some(out)
}

/// The longest run of free seats side by side in the filter.
fn longest_run(seats: &[SeatInfo], free: &[bool], ask: &Ask<'_>) -> usize {
    let mut best = 0;
    for row in rows(seats) {
        let mut run = 0;
        let mut prev: Option<u32> = None;
        for &i in &row.seats {
            let ok = free[i] && ask.admits(&seats[i]);
            run = match (ok, prev) {
                (false, _) => 0,
                (true, Some(c)) if seats[i].col == c + 1 && run > 0 => run + 1,
                (true, _) => 1,
            };
            prev = Some(seats[i].col);
            best = best.max(run);
        }
    }
    best
}
