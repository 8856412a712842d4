//! The `move` rows: a whole-process `boxoffice move` against a whole-process `reserve` in the
//! same run (goal ≤ 1.5×), and the Redis round trips of a move of a hold and of a sale (goal:
//! one per showtime touched for the locking step; in all, a hold's move makes 2 and a sale's
//! 3, the last being the removal of its in-flight locks).

use super::*;

pub(super) fn bench_move(z: &Sizes) -> Vec<Row> {
    let hall = Hall::with_cache();
    let (url, db, layout) = (&hall.url, &hall.db, &hall.layout);
    let warm = 3;
    let (mut reserves, mut moves) = (Vec::new(), Vec::new());
    // Booking 1 is the first hold; the i-th reserve here is booking i + 2.
    for (i, seat_id) in layout.iter().take(warm + z.reserve_runs).enumerate() {
        let user = format!("u{i}");
        let a = run(
            url,
            db,
            &["reserve", "--showtime", "1", "--user", &user, seat_id],
        );
        let pair = format!("{seat_id}={}", layout[500 + i]);
        let id = (i + 2).to_string();
        let b = run(url, db, &["move", "--booking", &id, &pair]);
        if i >= warm {
            reserves.push(a);
            moves.push(b);
        }
    }
    let (a, b) = (median(reserves), median(moves));
    let ratio = b.as_secs_f64() / a.as_secs_f64();
    println!(
        "move: whole-process, one seat, median of {}: boxoffice move {} vs reserve {} = {ratio:.2}x",
        z.reserve_runs,
        ms(b),
        ms(a)
    );

    // Round trips, as the server saw them from one whole process.
    let mut stats = raw_con(url);
    let mut trips = |args: &[&str]| {
        let before = commandstats(&mut stats);
        run(url, db, args);
        client_commands(&before, &commandstats(&mut stats))
    };
    let hold = trips(&["move", "--booking", "2", &format!("{}=J1", layout[500])]);
    run(
        url,
        db,
        &["confirm", "--booking", "2", "--payment-id", "pay_bench"],
    );
    let sale = trips(&["move", "--booking", "2", "J1=J2"]);
    println!("move round trips (whole process): hold {hold}, sale {sale} (goal 2, 3)");
    vec![
        Row::new(
            format!(
                "whole-process `boxoffice move`, one seat (median of {})",
                z.reserve_runs
            ),
            ms(b),
        )
        .baseline(format!("whole-process `boxoffice reserve`: {}", ms(a)))
        .ratio(ratio)
        .goal("≤ 1.5×", ratio <= 1.5, z),
        Row::new(
            "Redis round trips per move of a hold / of a sale (whole process)",
            format!("{hold} / {sale}"),
        )
        .baseline("one to lock the new seats (per showtime), one to free the old, one to drop a sale's in-flight locks")
        .goal("2 / 3", hold == 2 && sale == 3, z),
    ]
}
