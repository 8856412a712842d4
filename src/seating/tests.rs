//! The picker against hand-made halls, and against a brute-force search on random ones.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::store::SeatInfo;

/// The picker's grid of a test hall.
fn grid(seats: &[SeatInfo]) -> SeatGrid {
    SeatGrid::from_infos(seats)
}

/// Whether the ask admits this seat, by its own fields.
fn admits(a: &Ask<'_>, s: &SeatInfo) -> bool {
    a.admits(&SeatKind {
        category: s.category.clone(),
        accessible: s.accessible,
    })
}

/// A hall from lines like "A SS.SS": the row label, then 'S' standard, 'P' premium,
/// 'W' accessible, '.' gap; lower case: the seat is taken.
fn hall(lines: &[&str]) -> (Vec<SeatInfo>, Vec<bool>) {
    let (mut seats, mut free) = (Vec::new(), Vec::new());
    for line in lines {
        let (row, layout) = line.split_once(' ').unwrap();
        let mut number = 0;
        for (col, ch) in layout.chars().enumerate() {
            if ch == '.' {
                continue;
            }
            number += 1;
            let (category, accessible) = match ch.to_ascii_uppercase() {
                'S' => ("standard", false),
                'P' => ("premium", false),
                _ => ("wheelchair", true),
            };
            seats.push(SeatInfo {
                seat: format!("{row}{number}"),
                row: row.to_string(),
                number,
                col: col as u32,
                category: category.to_string(),
                price_minor: None,
                accessible,
            });
            free.push(ch.is_ascii_uppercase());
        }
    }
    (seats, free)
}

fn ask(n: usize) -> Ask<'static> {
    Ask {
        n,
        category: None,
        accessible: false,
        best_row: None,
    }
}

fn best(lines: &[&str], a: Ask<'_>) -> Option<Vec<String>> {
    let (seats, free) = hall(lines);
    rank(&grid(&seats), &free, &a)
        .into_iter()
        .next()
        .map(|c| c.seats)
}

fn ids(s: &[&str]) -> Option<Vec<String>> {
    Some(s.iter().map(|s| s.to_string()).collect())
}

#[test]
fn two_thirds_back_and_central() {
    let rows: Vec<String> = "ABCDEFGHIJ"
        .chars()
        .map(|r| format!("{r} SSSSSSSSSSSS"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    assert_eq!(best(&rows, ask(4)), ids(&["G5", "G6", "G7", "G8"]));
    let (seats, _) = hall(&rows);
    assert_eq!(best_row_index(&grid(&seats), None), 6);
    assert_eq!(best_row_index(&grid(&seats), Some("C")), 2);
    assert_eq!(best_row_index(&grid(&seats), Some("Z")), 6);
    let named = Ask {
        best_row: Some("B"),
        ..ask(2)
    };
    assert_eq!(best(&rows, named), ids(&["B6", "B7"]));
}

#[test]
fn best_row_rounds() {
    for (rows, want) in [(1, 0), (2, 1), (3, 1), (4, 2), (5, 3), (10, 6)] {
        let lines: Vec<String> = (0..rows).map(|r| format!("R{r} SS")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (seats, _) = hall(&lines);
        assert_eq!(best_row_index(&grid(&seats), None), want, "{rows} rows");
    }
}

#[test]
fn never_across_a_gap() {
    assert_eq!(best(&["A SS.SS"], ask(3)), None);
    assert_eq!(best(&["A SS.SSS"], ask(3)), ids(&["A3", "A4", "A5"]));
}

#[test]
fn taken_seats_and_categories() {
    assert_eq!(best(&["A SSsSS"], ask(2)), ids(&["A1", "A2"]));
    let premium = Ask {
        category: Some("premium"),
        ..ask(2)
    };
    assert_eq!(best(&["A SSPPSS"], premium), ids(&["A3", "A4"]));
    assert_eq!(best(&["A SSPSSS"], premium), None);
    // Default: every non-accessible category; accessible seats only with `accessible`.
    assert_eq!(best(&["A WWSPWW"], ask(2)), ids(&["A3", "A4"]));
    let acc = Ask {
        accessible: true,
        ..ask(2)
    };
    assert_eq!(best(&["A WWSSWW"], acc), ids(&["A1", "A2"]));
    assert_eq!(best(&["A WSSSSW"], acc), None);
}

#[test]
fn a_stranding_group_loses() {
    // The centre pair of four free seats strands one on each side; an end pair strands none.
    assert_eq!(best(&["A SSSS"], ask(2)), ids(&["A1", "A2"]));
    // Between taken seats, the same: the centre of three strands one.
    assert_eq!(best(&["A sSSSs"], ask(2)), ids(&["A2", "A3"]));
    assert_eq!(best(&["A ssSSss"], ask(2)), ids(&["A3", "A4"]));
    assert_eq!(best(&["A SSSSS"], ask(2)), ids(&["A1", "A2"]));
    // A stranding-free group in a worse row beats a stranding one in the best row.
    assert_eq!(
        best(&["A SS", "B SSS", "C SSS"], ask(2)),
        ids(&["A1", "A2"])
    );
}

#[test]
fn split_takes_fewest_groups() {
    let (seats, free) = hall(&["A SSS.SSS", "B S.S.S.S"]);
    let groups = split(&grid(&seats), &free, &ask(5)).unwrap();
    assert_eq!(groups.iter().map(Vec::len).collect::<Vec<_>>(), [3, 2]);
    assert_eq!(split(&grid(&seats), &free, &ask(11)), None);
    assert_eq!(split(&grid(&seats), &free, &ask(10)).unwrap().len(), 6);
}

// --- properties ---------------------------------------------------------------------------

/// A random hall: up to 5 rows of up to 9 positions, each a gap or a seat of a random
/// category, free or taken.
fn halls() -> impl Strategy<Value = Vec<String>> {
    let cell = prop_oneof![
        2 => Just('.'), 6 => Just('S'), 2 => Just('s'), 2 => Just('P'), 1 => Just('p'),
        1 => Just('W'), 1 => Just('w')
    ];
    let row = prop::collection::vec(cell, 1..10);
    prop::collection::vec(row, 1..6).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, cells)| {
                let mut cells: String = cells.into_iter().collect();
                if cells.chars().all(|c| c == '.') {
                    cells.push('S');
                }
                format!("{} {cells}", (b'A' + i as u8) as char)
            })
            .collect()
    })
}

fn asks() -> impl Strategy<Value = (usize, Option<&'static str>, bool)> {
    (
        1usize..5,
        prop_oneof![Just(None), Just(Some("standard")), Just(Some("premium"))],
        any::<bool>(),
    )
}

/// Every group by brute force: every row, every starting col, every seat checked by lookup,
/// scored independently of the picker's code.
fn brute(seats: &[SeatInfo], free: &[bool], a: &Ask<'_>) -> Vec<Candidate> {
    let at: HashMap<(&str, u32), usize> = seats
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.row.as_str(), s.col), i))
        .collect();
    let mut labels: Vec<&str> = Vec::new();
    for s in seats {
        if !labels.contains(&s.row.as_str()) {
            labels.push(&s.row);
        }
    }
    let best = best_row_index(&grid(seats), a.best_row);
    let is_free = |r: &str, c: i64| c >= 0 && at.get(&(r, c as u32)).is_some_and(|&i| free[i]);
    let mut out = Vec::new();
    for (ri, r) in labels.iter().enumerate() {
        let cols: Vec<u32> = seats
            .iter()
            .filter(|s| s.row == *r)
            .map(|s| s.col)
            .collect();
        let (lo, hi) = (*cols.iter().min().unwrap(), *cols.iter().max().unwrap());
        for c in 0..=hi {
            let group: Option<Vec<usize>> = (c..c + a.n as u32)
                .map(|k| at.get(&(*r, k)).copied())
                .collect();
            let Some(group) = group else { continue };
            if !group.iter().all(|&i| free[i] && admits(a, &seats[i])) {
                continue;
            }
            let (first, last) = (c as i64, (c + a.n as u32 - 1) as i64);
            let strands = u8::from(is_free(r, first - 1) && !is_free(r, first - 2))
                + u8::from(is_free(r, last + 1) && !is_free(r, last + 2));
            out.push(Candidate {
                seats: group.iter().map(|&i| seats[i].seat.clone()).collect(),
                score: Score {
                    strands,
                    row_distance: (ri as u32).abs_diff(best),
                    centre_distance: (2 * c + a.n as u32 - 1).abs_diff(lo + hi),
                    row: ri as u32,
                    col: c,
                },
            });
        }
    }
    out.sort_by_key(|x| x.score);
    out
}

/// The lengths of the runs of free seats side by side in the filter, by lookup.
fn runs_of(seats: &[SeatInfo], free: &[bool], a: &Ask<'_>) -> Vec<usize> {
    let ok: HashMap<(&str, u32), bool> = seats
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.row.as_str(), s.col), free[i] && admits(a, s)))
        .collect();
    let mut runs = Vec::new();
    for (&(r, c), &good) in &ok {
        let left_ok = c.checked_sub(1).and_then(|p| ok.get(&(r, p))) == Some(&true);
        let starts = good && !left_ok;
        if starts {
            let mut len = 0;
            while ok.get(&(r, c + len as u32)) == Some(&true) {
                len += 1;
            }
            runs.push(len);
        }
    }
    runs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ranks_exactly_the_brute_force_groups(lines in halls(), (n, category, accessible) in asks()) {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (seats, free) = hall(&lines);
        let a = Ask { n, category, accessible, best_row: None };
        let ranked = rank(&grid(&seats), &free, &a);
        let brute = brute(&seats, &free, &a);
        // Never a worse score than the brute force's best: the same groups, in the same order.
        prop_assert_eq!(&ranked, &brute);
        let index: HashMap<&str, &SeatInfo> = seats.iter().map(|s| (s.seat.as_str(), s)).collect();
        for c in &ranked {
            prop_assert_eq!(c.seats.len(), n);
            let g: Vec<&SeatInfo> = c.seats.iter().map(|s| index[s.as_str()]).collect();
            for w in g.windows(2) {
                // One row, side by side: never across a gap.
                prop_assert_eq!(&w[0].row, &w[1].row);
                prop_assert_eq!(w[0].col + 1, w[1].col);
            }
            for s in &g {
                let i = seats.iter().position(|x| x.seat == s.seat).unwrap();
                prop_assert!(free[i] && admits(&a, s));
            }
        }
        // No stranded seat when a group without one exists.
        if ranked.iter().any(|c| c.score.strands == 0) {
            prop_assert_eq!(ranked[0].score.strands, 0);
        }
    }

    #[test]
    fn split_is_free_in_the_filter_and_minimal(lines in halls(), (n, category, accessible) in asks()) {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (seats, free) = hall(&lines);
        let a = Ask { n: n + 2, category, accessible, best_row: None };
        let eligible = (0..seats.len()).filter(|&i| free[i] && admits(&a, &seats[i])).count();
        match split(&grid(&seats), &free, &a) {
            None => prop_assert!(eligible < a.n),
            Some(groups) => {
                let all: Vec<&String> = groups.iter().flatten().collect();
                prop_assert_eq!(all.len(), a.n);
                let mut unique = all.clone();
                unique.sort();
                unique.dedup();
                prop_assert_eq!(unique.len(), a.n);
                for s in all {
                    let i = seats.iter().position(|x| &x.seat == s).unwrap();
                    prop_assert!(free[i] && admits(&a, &seats[i]));
                }
                // As few groups as the longest runs allow: the fewest k whose k longest runs
                // hold n seats.
                let mut runs = runs_of(&seats, &free, &a);
                runs.sort_unstable_by(|x, y| y.cmp(x));
                let mut k = 0;
                let mut sum = 0;
                while sum < a.n {
                    sum += runs[k];
                    k += 1;
                }
                prop_assert_eq!(groups.len(), k);
            }
        }
    }
}
