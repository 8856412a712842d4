//! The `cancel` rows: a whole-process `boxoffice cancel` of one sold seat against a
//! whole-process `reserve` in the same run (goal ≤ 1.5×), and a cancel's Redis round trips
//! (goal: one per showtime touched; a cancel touches one).

use super::*;

/// Runs `cancel --booking ID --seat SEAT`, as staff would, without a prompt.
fn cancel_seat(url: &str, db: &Path, id: &str, seat: &str) -> Duration {
    let args = ["cancel", "--booking", id, "--seat", seat];
    run(
        url,
        db,
        &[&args[..], &["--reason", "bench", "--yes"]].concat(),
    )
}

pub(super) fn bench_cancel(z: &Sizes) -> Vec<Row> {
    let hall = Hall::new();
    let (url, db, layout) = (&hall.url, &hall.db, &hall.layout);
    let warm = 3;
    let (mut reserves, mut cancels) = (Vec::new(), Vec::new());
    // Each user buys two seats (booking i + 1); the cancel takes one of them back.
    for i in 0..warm + z.reserve_runs {
        let (user, id) = (format!("u{i}"), (i + 1).to_string());
        let (a, b) = (&layout[2 * i], &layout[2 * i + 1]);
        let r = run(
            url,
            db,
            &["reserve", "--showtime", "1", "--user", &user, a, b],
        );
        let pay = format!("pay_{i}");
        run(
            url,
            db,
            &["confirm", "--booking", &id, "--payment-id", &pay],
        );
        let c = cancel_seat(url, db, &id, a);
        if i >= warm {
            reserves.push(r);
            cancels.push(c);
        }
    }
    let (r, c) = (median(reserves), median(cancels));
    let ratio = c.as_secs_f64() / r.as_secs_f64();
    println!(
        "cancel: whole-process, one sold seat, median of {}: boxoffice cancel {} vs reserve {} = {ratio:.2}x",
        z.reserve_runs,
        ms(c),
        ms(r)
    );

    // Round trips, as the server saw them from one whole process.
    let mut stats = raw_con(url);
    let before = commandstats(&mut stats);
    cancel_seat(url, db, "1", &layout[1]);
    let trips = client_commands(&before, &commandstats(&mut stats));
    println!("cancel round trips (whole process): {trips} (goal 1)");
    vec![
        Row::new(
            format!(
                "whole-process `boxoffice cancel`, one sold seat (median of {})",
                z.reserve_runs
            ),
            ms(c),
        )
        .baseline(format!("whole-process `boxoffice reserve`: {}", ms(r)))
        .ratio(ratio)
        .goal("≤ 1.5×", ratio <= 1.5, z),
        Row::new(
            "Redis round trips per cancel of a sold seat (whole process)",
            trips.to_string(),
        )
        .baseline("one to put the seats back in the free-seat cache")
        .goal("1", trips == 1, z),
    ]
}
