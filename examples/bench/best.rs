//! The `best` row: a whole-process `reserve --best 4` on a 5,000-seat showtime, half full,
//! against a whole-process `reserve` of 4 named seats on the same showtime in the same run
//! (goal ≤ 1.5×). Each pair of runs is released afterwards (untimed), so every run sees the
//! same half-full hall.

use super::*;

/// A showtime `rows` × `per_row`, half full: in each row, seats 1–5 taken, 6–10 free, 11–15
/// taken, … (so every free run is five seats: the picker has to look at all of them). Rows
/// alternate held (one booking per row) and sold.
fn half_full(url: &str, db: &Path, rows: &str, per_row: u32) {
    add_showtime(url, db, 1, rows, per_row);
    let labels = boxoffice::ids::parse_rows(rows).unwrap();
    for (i, r) in labels.iter().enumerate() {
        let seats: Vec<String> = (1..=per_row)
            .filter(|n| ((n - 1) / 5) % 2 == 0)
            .map(|n| format!("{r}{n}"))
            .collect();
        let who = format!("fill{i}");
        let mut args = vec![
            "reserve",
            "--showtime",
            "1",
            "--user",
            &who,
            "--hold",
            "24h",
        ];
        args.extend(seats.iter().map(String::as_str));
        run(url, db, &args);
        if i % 2 == 0 {
            let pay = format!("pay_fill{i}");
            run(
                url,
                db,
                &[
                    "confirm",
                    "--showtime",
                    "1",
                    "--user",
                    &who,
                    "--payment-id",
                    &pay,
                ],
            );
        }
    }
}

pub(super) fn bench_best(z: &Sizes) -> Vec<Row> {
    let srv = start_redis();
    let url = &srv.url;
    let dir = tempfile::tempdir().unwrap();
    let db = &fresh_db(url, dir.path());
    let (rows, per_row) = (z.throughput_rows, z.throughput_per_row);
    half_full(url, db, rows, per_row);
    let seats = boxoffice::ids::parse_rows(rows).unwrap().len() as u32 * per_row;
    let warm = 3;
    let (mut named, mut best) = (Vec::new(), Vec::new());
    for i in 0..warm + z.reserve_runs {
        let n = run(
            url,
            db,
            &[
                "reserve",
                "--showtime",
                "1",
                "--user",
                "named",
                "A6",
                "A7",
                "A8",
                "A9",
            ],
        );
        let b = run(
            url,
            db,
            &[
                "reserve",
                "--showtime",
                "1",
                "--user",
                "best",
                "--best",
                "4",
            ],
        );
        run(url, db, &["release", "--showtime", "1", "--user", "named"]);
        run(url, db, &["release", "--showtime", "1", "--user", "best"]);
        if i >= warm {
            named.push(n);
            best.push(b);
        }
    }
    let (n, b) = (median(named), median(best));
    let ratio = b.as_secs_f64() / n.as_secs_f64();
    println!(
        "best: whole-process, {seats} seats half full, median of {}: reserve --best 4 {} vs reserve of 4 named seats {} = {ratio:.2}x",
        z.reserve_runs,
        ms(b),
        ms(n)
    );
    vec![
        Row::new(
            format!(
                "whole-process `reserve --best 4`, {seats}-seat showtime half full (median of {})",
                z.reserve_runs
            ),
            ms(b),
        )
        .baseline(format!(
            "whole-process `reserve` of 4 named seats: {}",
            ms(n)
        ))
        .ratio(ratio)
        .goal("≤ 1.5×", ratio <= 1.5, z),
    ]
}
