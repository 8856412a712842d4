//! The `report` rows (issue 16): a whole-process `boxoffice report --from … --to … --csv` over a
//! week of 1,000,000 bookings, against the same GROUP BY statements run by the `sqlite3` shell
//! on the same file in the same run (goal ≤ 2×), and the report's peak RSS (goal < 50 MiB).
//!
//! The week is seeded straight into SQLite (as the sweep's bookings are): 200 showtimes over
//! seven days, 5,000 one-seat bookings each, 70% CONFIRMED at INR 250.00, 10% PENDING, the rest
//! CANCELLED or EXPIRED (no longer claiming their seat), one unsettled refund per hundred sales.

use super::*;

/// The statements `store/report.rs` runs for a report of `ids` (its JSON array inlined), for
/// the `sqlite3` shell: the same GROUP BYs over the same indexes.
fn shell_sql(from: &str, to: &str, ids: &str) -> String {
    format!(
        "SELECT id, movie, screen, starts_at, cancelled_at_ms, cancel_reason, cancelled_by,
                (SELECT name FROM halls WHERE halls.id = showtimes.hall_id), currency
           FROM showtimes WHERE starts_at >= '{from}' AND starts_at < '{to}' ORDER BY starts_at, id;
         SELECT s.showtime_id, s.category, COUNT(*),
                COUNT(b.id) FILTER (WHERE b.status = 'CONFIRMED'),
                COUNT(b.id) FILTER (WHERE b.status = 'PENDING'),
                COUNT(k.id),
                SUM(s.price_minor) FILTER (WHERE b.status = 'CONFIRMED')
           FROM seats s
           LEFT JOIN booking_seats c
                  ON c.showtime_id = s.showtime_id AND c.seat_id = s.seat_id AND c.live = 1
           LEFT JOIN bookings b ON b.id = c.booking_id
           LEFT JOIN seat_blocks k
                  ON k.showtime_id = s.showtime_id AND k.seat_id = s.seat_id AND k.live = 1
          WHERE s.showtime_id IN (SELECT value FROM json_each('{ids}'))
          GROUP BY s.showtime_id, s.category ORDER BY s.showtime_id, MIN(s.ord);
         SELECT showtime_id, currency, COALESCE(SUM(amount_minor), 0), COUNT(*) FROM bookings
          WHERE showtime_id IN (SELECT value FROM json_each('{ids}')) AND status = 'CONFIRMED'
          GROUP BY showtime_id, currency;
         SELECT r.showtime_id, CASE WHEN r.amount_cents IS NOT NULL THEN st.currency END,
                COALESCE(SUM(r.amount_cents), 0), COUNT(*)
           FROM refunds r JOIN showtimes st ON st.id = r.showtime_id
          WHERE r.showtime_id IN (SELECT value FROM json_each('{ids}'))
            AND r.settled_at_ms IS NULL
          GROUP BY r.showtime_id, 2;"
    )
}

/// Seeds the week; returns how many bookings.
fn seed(db: &Path, showtimes: i64, per_showtime: i64) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA synchronous = OFF; BEGIN")
        .unwrap();
    let mut st = conn.prepare("INSERT INTO showtimes (id, movie, screen, starts_at, created_at_ms, currency) VALUES (?1, ?2, 'Screen 1', ?3, 0, 'INR')").unwrap();
    let mut seat = conn.prepare("INSERT INTO seats (showtime_id, seat_id, row_label, number, ord, col, category, price_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'standard', 25000)").unwrap();
    let mut b = conn.prepare("INSERT INTO bookings (id, showtime_id, user_id, status, payment_id, created_at_ms, hold_started_at_ms, expires_at_ms, updated_at_ms, amount_minor, currency) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 1000, 0, 25000, 'INR')").unwrap();
    let mut bs = conn.prepare("INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live) VALUES (?1, ?2, ?3, ?4)").unwrap();
    let mut refund = conn.prepare("INSERT INTO refunds (booking_id, showtime_id, payment_id, seats, amount_cents, source, operator, created_at_ms) VALUES (?1, ?2, ?3, '[]', 25000, 'cancel', 'bench', 0)").unwrap();
    let rows: Vec<String> = boxoffice::ids::parse_rows("A-Z,AA-ZZ").unwrap();
    let mut id = 0i64;
    for s in 1..=showtimes {
        let starts = format!("2030-01-{:02}T{:02}:00:00Z", 1 + (s - 1) % 7, 10 + (s % 12));
        st.execute(rusqlite::params![s, format!("Movie {}", s % 10), starts])
            .unwrap();
        for n in 0..per_showtime {
            let (row, num) = (&rows[(n / 100) as usize], n % 100 + 1);
            let sid = format!("{row}{num}");
            seat.execute(rusqlite::params![s, sid, row, num, n, num - 1])
                .unwrap();
            id += 1;
            let (status, live) = match n % 10 {
                0..=6 => ("CONFIRMED", Some(1)),
                7 => ("PENDING", Some(1)),
                8 => ("CANCELLED", None),
                _ => ("EXPIRED", None),
            };
            let pay = (status == "CONFIRMED").then(|| format!("p{id}"));
            b.execute(rusqlite::params![id, s, format!("u{id}"), status, pay])
                .unwrap();
            bs.execute(rusqlite::params![id, s, sid, live]).unwrap();
            if n % 100 == 0 {
                refund
                    .execute(rusqlite::params![id, s, format!("p{id}")])
                    .unwrap();
            }
        }
    }
    conn.execute_batch("COMMIT; ANALYZE").unwrap();
    id
}

fn sqlite3_shell(db: &Path, sql: &str) -> Duration {
    let t = Instant::now();
    let st = Command::new("sqlite3")
        .args(["-batch", "-bail"])
        .arg(db)
        .arg(sql)
        .stdout(Stdio::null())
        .status()
        .expect("run sqlite3 (apt-get install sqlite3)");
    assert!(st.success(), "sqlite3 failed");
    t.elapsed()
}

pub(super) fn bench_report(z: &Sizes) -> Vec<Row> {
    let (showtimes, per) = if z.judge { (200, 5000) } else { (7, 200) };
    let srv = start_redis();
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&srv.url, dir.path());
    let t = Instant::now();
    let total = seed(&db, showtimes, per);
    let seeded = t.elapsed();
    let (from, to) = ("2030-01-01", "2030-01-07");
    let ids: Vec<i64> = (1..=showtimes).collect();
    let sql = shell_sql(
        "2030-01-01T00:00:00Z",
        "2030-01-08T00:00:00Z",
        &serde_json::to_string(&ids).unwrap(),
    );
    // The report's own days are local: the bench's times are far from midnight (10:00-21:00
    // UTC), so every showtime is in the week in any zone within ±10 h of UTC.
    let args = ["report", "--from", from, "--to", to, "--csv"];
    let runs = if z.judge { 7 } else { 2 };
    let (mut ours, mut shell, mut peak) = (Vec::new(), Vec::new(), 0);
    for i in 0..runs + 1 {
        let (took, kib) = run_measured(&srv.url, &db, &args);
        let base = sqlite3_shell(&db, &sql);
        if i > 0 {
            ours.push(took);
            shell.push(base);
            peak = peak.max(kib);
        }
    }
    let (r, s) = (median(ours), median(shell));
    let ratio = r.as_secs_f64() / s.as_secs_f64();
    println!(
        "report: {total} bookings, {showtimes} showtimes (seeded in {:.1}s): boxoffice report {} vs sqlite3 {} = {ratio:.2}x, peak RSS {}",
        seeded.as_secs_f64(),
        ms(r),
        ms(s),
        mib(peak)
    );
    let what =
        format!("whole-process `boxoffice report` of a week, {total} bookings (median of {runs})");
    vec![
        Row::new(what.clone(), ms(r))
            .baseline(format!(
                "the same GROUP BYs by the `sqlite3` shell: {}",
                ms(s)
            ))
            .ratio(ratio)
            .goal("≤ 2×", ratio <= 2.0, z),
        Row::new(format!("{what}: peak RSS"), mib(peak)).goal("< 50 MiB", peak < 50 * 1024, z),
    ]
}
