//! The `history` rows (issue 16): a whole-process `history --showtime 1 --seat A5` over a
//! million audit events (goal ≤ 20 ms), and `inspect 1 --seat A5`, which reads the same seat's
//! events; both against a whole-process `history --booking` (one booking's events, by its own
//! index) in the same run.

use super::*;

/// Writes `n` reserve events spread over 2,600 seats of showtime 1 (A1–Z100), as a busy year
/// of a hall would leave them, in one transaction; the seat index fills by its trigger.
fn seed(db: &Path, n: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
         INSERT INTO audit (at_ms, showtime_id, booking_id, user_id, seats, action, command,
                            operator)
         SELECT 1700000000000 + i, 1, NULL, 'u' || (i % 5000),
                json_array(char(65 + i % 26) || (1 + (i / 26) % 100)), 'reserve', 'reserve',
                'bench'
           FROM k",
        [n as i64],
    )
    .unwrap();
}

pub(super) fn bench_history(z: &Sizes) -> Vec<Row> {
    let srv = start_redis();
    let url = &srv.url;
    let dir = tempfile::tempdir().unwrap();
    let db = &fresh_db(url, dir.path());
    add_showtime(url, db, 1, "A-Z", 100);
    run(
        url,
        db,
        &["reserve", "--showtime", "1", "--user", "7", "A5"],
    );
    let t = Instant::now();
    seed(db, z.history_events);
    eprintln!(
        "history: {} events written in {:.1?}",
        z.history_events,
        t.elapsed()
    );
    let (mut seat, mut inspect, mut booking) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..3 + z.reserve_runs {
        let s = run(
            url,
            db,
            &["history", "--showtime", "1", "--seat", "A5", "--json"],
        );
        let n = run(url, db, &["inspect", "1", "--seat", "A5", "--json"]);
        let b = run(url, db, &["history", "--booking", "1", "--json"]);
        if i >= 3 {
            seat.push(s);
            inspect.push(n);
            booking.push(b);
        }
    }
    let (s, n, b) = (median(seat), median(inspect), median(booking));
    let events = z.history_events;
    println!(
        "history: {events} events: --seat {} / inspect --seat {} vs --booking {}",
        ms(s),
        ms(n),
        ms(b)
    );
    let base = format!("whole-process `history --booking 1`: {}", ms(b));
    vec![
        Row::new(
            format!(
                "whole-process `history --seat`, {events} audit events (median of {})",
                z.reserve_runs
            ),
            ms(s),
        )
        .baseline(base.clone())
        .ratio(s.as_secs_f64() / b.as_secs_f64())
        .goal("≤ 20 ms", s <= Duration::from_millis(20), z),
        Row::new(
            format!(
                "whole-process `inspect --seat`, {events} audit events (median of {})",
                z.reserve_runs
            ),
            ms(n),
        )
        .baseline(base)
        .ratio(n.as_secs_f64() / b.as_secs_f64()),
    ]
}
