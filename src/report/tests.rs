use super::*;

fn showtime(id: i64, movie: &str, currency: Option<&str>) -> ShowtimeRow {
    ShowtimeRow {
        id,
        movie: movie.into(),
        screen: Some("Screen 1".into()),
        starts_at: "2026-12-02T19:00:00Z".into(),
        cancelled: None,
        hall: None,
        currency: currency.map(Into::into),
    }
}

fn counts(id: i64, seats: u64, sold: u64, held: u64, blocked: u64) -> CategoryCounts {
    CategoryCounts {
        showtime_id: id,
        category: "standard".into(),
        seats,
        sold,
        held,
        blocked,
        sold_minor: None,
    }
}

fn money(id: i64, currency: &str, amount_minor: i64) -> ShowtimeMoney {
    ShowtimeMoney {
        showtime_id: id,
        currency: Some(currency.into()),
        amount_minor,
        rows: 1,
    }
}

#[test]
fn free_is_what_is_neither_sold_held_nor_blocked_and_occupancy_is_sold_over_seats() {
    let s = showtime(24, "Avengers", None);
    let c = [counts(24, 120, 7, 3, 2)];
    let r = showtime_row(&s, By::Showtime, (&c, &[], &[]));
    assert_eq!(
        (r.seats, r.sold, r.held, r.blocked, r.free),
        (120, 7, 3, 2, 108)
    );
    assert_eq!(r.occupancy_pct, 5.8);
    assert_eq!(r.revenue_minor, None, "no prices: no revenue");
}

#[test]
fn currencies_are_never_added_together() {
    let (a, b) = (
        showtime(1, "Dune", Some("INR")),
        showtime(2, "Dune", Some("JPY")),
    );
    let c = [counts(1, 10, 1, 0, 0), counts(2, 10, 2, 0, 0)];
    let rev = [
        money(1, "INR", 25_000),
        money(2, "JPY", 1_800),
        money(1, "JPY", 5),
    ];
    let rows: Vec<Row> = [&a, &b]
        .iter()
        .map(|s| showtime_row(s, By::Movie, (&c, &rev, &[])))
        .collect();
    assert_eq!(
        rows[0].revenue_minor,
        Some(25_000),
        "the JPY stray is not INR"
    );
    let merged = merged(rows, By::Movie);
    assert_eq!(merged.len(), 2, "one row per currency");
    assert_eq!(merged[0].currency.as_deref(), Some("INR"));
    assert_eq!(merged[1].revenue_minor, Some(1_800));
    assert_eq!(merged[0].showtime_id, None);
}

#[test]
fn showtimes_of_one_movie_merge_in_one_row() {
    let (a, b) = (showtime(1, "Dune", None), showtime(2, "Dune", None));
    let c = [counts(1, 10, 1, 1, 0), counts(2, 20, 10, 0, 0)];
    let rows = [&a, &b]
        .iter()
        .map(|s| showtime_row(s, By::Movie, (&c, &[], &[])))
        .collect();
    let m = merged(rows, By::Movie);
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].showtimes, m[0].seats, m[0].sold, m[0].free),
        (2, 30, 11, 18)
    );
    assert_eq!(m[0].occupancy_pct, 36.7);
}
