//! `boxoffice report`: counts and money per showtime, category, movie, day and screen, checked
//! against independent SQL over the same database; `--csv` read back by a CSV reader; `--json`'s
//! shape; local-day boundaries; Redis down; and `--chart`'s SVG.

use std::time::Duration;

use serde_json::Value;

use crate::halls::hall_world;
use crate::harness::Env;

/// Showtime 31 (Dune, hall Screen 1, INR, 2099-12-05 20:00Z): C5-C7 sold (C8 sold, then
/// cancelled: INR 400.00 owed), A2-A3 held (A1-A2, then A1 moved to A3), D1 blocked.
/// Showtime 24 (Avengers, rectangular, 2099-12-05 18:00Z): B1 sold, A1-A2 held. Showtime 26
/// (Dune, rectangular, Screen 2, 2099-12-06 10:00Z): nothing.
fn world() -> Env {
    let env = hall_world();
    for (id, movie, screen, starts) in [
        ("24", "Avengers", "Screen 1", "2099-12-05T18:00:00Z"),
        ("26", "Dune", "Screen 2", "2099-12-06T10:00:00Z"),
    ] {
        env.ok(&[
            "showtime",
            "add",
            "--movie",
            movie,
            "--screen",
            screen,
            "--starts",
            starts,
            "--rows",
            "A-J",
            "--seats-per-row",
            "12",
            "--id",
            id,
        ]);
    }
    let sale = env.json("reserve --showtime 31 --user 51 C5-C8");
    let id = sale["booking_id"].as_i64().unwrap().to_string();
    env.ok("confirm --showtime 31 --user 51 --payment-id pay_51");
    env.ok(&[
        "cancel",
        "--booking",
        &id,
        "--seat",
        "C8",
        "--reason",
        "returned",
        "--yes",
    ]);
    let hold = env.json("reserve --showtime 31 --user 52 A1 A2");
    let hold = hold["booking_id"].as_i64().unwrap().to_string();
    env.ok(&["move", "--booking", &hold, "A1=A3"]);
    env.ok(&["block", "--showtime", "31", "D1", "--reason", "broken"]);
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    env.ok("reserve --showtime 24 --user 8 B1");
    env.ok("confirm --showtime 24 --user 8 --payment-id pay_8");
    env
}

const WEEK: &str = "report --from 2099-12-01 --to 2099-12-07";

/// (showtime, seats, sold, held, blocked, revenue, refunds owed).
type Totals = (i64, i64, i64, i64, i64, Option<i64>, Option<i64>);

/// Per showtime, from the database directly, without the report's joins: (id, seats, sold,
/// held, blocked, revenue, refunds owed).
fn independent(env: &Env) -> Vec<Totals> {
    let db = env.sqlite();
    let mut s = db
        .prepare(
            "SELECT st.id,
                (SELECT COUNT(*) FROM seats WHERE showtime_id = st.id),
                (SELECT COUNT(*) FROM booking_seats x, bookings b WHERE b.id = x.booking_id
                    AND x.showtime_id = st.id AND x.released_at_ms IS NULL
                    AND b.status = 'CONFIRMED'),
                (SELECT COUNT(*) FROM booking_seats x, bookings b WHERE b.id = x.booking_id
                    AND x.showtime_id = st.id AND x.released_at_ms IS NULL
                    AND b.status = 'PENDING'),
                (SELECT COUNT(*) FROM seat_blocks WHERE showtime_id = st.id
                    AND unblocked_at_ms IS NULL),
                CASE WHEN st.currency IS NOT NULL THEN
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM bookings
                      WHERE showtime_id = st.id AND status = 'CONFIRMED') END,
                CASE WHEN st.currency IS NOT NULL THEN
                    (SELECT COALESCE(SUM(amount_cents), 0) FROM refunds
                      WHERE showtime_id = st.id AND refund_id IS NULL) END
             FROM showtimes st ORDER BY st.starts_at",
        )
        .unwrap();
    s.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn as_tuple(r: &Value) -> Totals {
    let n = |k: &str| r[k].as_i64().unwrap();
    (
        n("showtime_id"),
        n("seats"),
        n("sold"),
        n("held"),
        n("blocked"),
        r["revenue_minor"].as_i64(),
        r["refunds_owed_minor"].as_i64(),
    )
}

#[test]
fn report_totals_match_an_independent_query_of_the_database() {
    let env = world();
    let rows = env.json(WEEK);
    let rows = rows.as_array().unwrap();
    let got: Vec<_> = rows.iter().map(as_tuple).collect();
    assert_eq!(got, independent(&env));
    // And what the history above says they are.
    assert_eq!(got[0], (24, 120, 1, 2, 0, None, None));
    assert_eq!(got[1], (31, 52, 3, 2, 1, Some(120_000), Some(40_000)));
    assert_eq!(got[2], (26, 120, 0, 0, 0, None, None));
    for r in rows {
        let free = r["seats"].as_i64().unwrap()
            - ["sold", "held", "blocked"]
                .iter()
                .map(|k| r[k].as_i64().unwrap())
                .sum::<i64>();
        assert_eq!(r["free"], free, "{r}");
    }
    assert_eq!(rows[1]["occupancy_pct"], 5.8, "3 of 52 seats");
    assert_eq!(rows[1]["currency"], "INR");
    assert_eq!(rows[1]["starts_at"], "2099-12-05T20:00:00Z");
}

#[test]
fn report_json_is_a_list_of_rows_with_every_column() {
    let env = world();
    let rows = env.json("report --showtime 31");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, boxoffice::cli::commands::report::CSV_COLUMNS);
    assert_eq!(rows[0]["movie"], "Dune");
    assert_eq!(rows[0]["screen"], "Screen 1");
    assert_eq!(rows[0]["day"], Value::Null);
    assert_eq!(rows[0]["showtimes"], 1);
}

#[test]
fn report_csv_parses_back_with_its_header_and_amounts_in_minor_units() {
    let env = world();
    let text = env.ok(&format!("{WEEK} --csv"));
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, boxoffice::cli::commands::report::CSV_COLUMNS);
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let json = env.json(WEEK);
    assert_eq!(records.len(), json.as_array().unwrap().len());
    for (rec, j) in records.iter().zip(json.as_array().unwrap()) {
        for (col, cell) in header.iter().zip(rec.iter()) {
            let want = match &j[col] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Number(n) if col == "occupancy_pct" => format!("{:.1}", n.as_f64().unwrap()),
                v => v.to_string(),
            };
            assert_eq!(cell, want, "column {col}");
        }
    }
    assert_eq!(&records[1][14], "120000");
    assert_eq!(&records[1][13], "INR");
}

#[test]
fn report_by_category_counts_each_category_and_its_sold_seats_prices() {
    let env = world();
    let rows = env.json("report --showtime 31 --by category");
    let got: Vec<(String, i64, i64, i64, i64, Option<i64>)> = (rows.as_array().unwrap().iter())
        .map(|r| {
            let n = |k: &str| r[k].as_i64().unwrap();
            let c = r["category"].as_str().unwrap().to_string();
            (
                c,
                n("seats"),
                n("sold"),
                n("held"),
                n("blocked"),
                r["revenue_minor"].as_i64(),
            )
        })
        .collect();
    let db = env.sqlite();
    let mut s = db
        .prepare(
            "SELECT s.category, COUNT(*),
                    SUM(EXISTS (SELECT 1 FROM booking_seats x JOIN bookings b ON b.id = x.booking_id
                                 WHERE x.showtime_id = 31 AND x.seat_id = s.seat_id
                                   AND x.released_at_ms IS NULL AND b.status = 'CONFIRMED')),
                    SUM(EXISTS (SELECT 1 FROM booking_seats x JOIN bookings b ON b.id = x.booking_id
                                 WHERE x.showtime_id = 31 AND x.seat_id = s.seat_id
                                   AND x.released_at_ms IS NULL AND b.status = 'PENDING')),
                    SUM(EXISTS (SELECT 1 FROM seat_blocks k WHERE k.showtime_id = 31
                                   AND k.seat_id = s.seat_id AND k.unblocked_at_ms IS NULL))
               FROM seats s WHERE s.showtime_id = 31 GROUP BY s.category ORDER BY MIN(s.ord)",
        )
        .unwrap();
    let want: Vec<(String, i64, i64, i64, i64)> = s
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let counts: Vec<_> = got
        .iter()
        .map(|g| (g.0.clone(), g.1, g.2, g.3, g.4))
        .collect();
    assert_eq!(counts, want);
    assert_eq!(
        got.iter().map(|g| (g.0.as_str(), g.5)).collect::<Vec<_>>(),
        [
            ("standard", Some(0)),
            ("premium", Some(120_000)),
            ("wheelchair", Some(0))
        ]
    );
    // The categories' revenue adds up to the showtime's.
    let total = env.json("report --showtime 31")[0]["revenue_minor"].clone();
    assert_eq!(total, 120_000);
}

fn keyed(env: &Env, by: &str, key: &str) -> Vec<(String, i64, i64, Option<String>)> {
    let rows = env.json(&format!("{WEEK} --by {by}"));
    (rows.as_array().unwrap().iter())
        .map(|r| {
            assert_eq!(r["showtime_id"], Value::Null, "{r}");
            (
                r[key].as_str().unwrap_or("-").to_string(),
                r["showtimes"].as_i64().unwrap(),
                r["sold"].as_i64().unwrap(),
                r["currency"].as_str().map(String::from),
            )
        })
        .collect()
}

#[test]
fn report_by_movie_day_and_screen_groups_showtimes_and_never_adds_currencies() {
    let env = world();
    let s = |v: &str| v.to_string();
    let inr = Some(s("INR"));
    assert_eq!(
        keyed(&env, "movie", "movie"),
        [
            (s("Avengers"), 1, 1, None),
            (s("Dune"), 1, 3, inr.clone()),
            (s("Dune"), 1, 0, None)
        ],
        "Dune in INR and Dune without prices are two rows"
    );
    assert_eq!(
        keyed(&env, "screen", "screen"),
        [
            (s("Screen 1"), 1, 1, None),
            (s("Screen 1"), 1, 3, inr.clone()),
            (s("Screen 2"), 1, 0, None)
        ]
    );
    assert_eq!(
        keyed(&env, "day", "day"),
        [
            (s("2099-12-05"), 1, 1, None),
            (s("2099-12-05"), 1, 3, inr),
            (s("2099-12-06"), 1, 0, None)
        ]
    );
}

/// Runs `report` in a time zone (a POSIX TZ string: no tzdata needed).
fn in_tz(env: &Env, tz: &str, args: &str) -> Value {
    let mut a: Vec<&str> = args.split_whitespace().collect();
    a.push("--json");
    let out = env.cmd().env("TZ", tz).args(&a).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<i64> {
    (v.as_array().unwrap().iter())
        .filter_map(|r| r["showtime_id"].as_i64())
        .collect()
}

#[test]
fn report_from_to_takes_whole_local_days_both_included() {
    let env = world();
    // UTC-10: 24 starts 08:00 and 31 10:00 on the 5th; 26 at midnight starting the 6th.
    let tz = "HST+10";
    assert_eq!(ids(&in_tz(&env, tz, "report --from 2099-12-05")), [24, 31]);
    assert_eq!(ids(&in_tz(&env, tz, "report --from 2099-12-06")), [26]);
    assert_eq!(
        ids(&in_tz(&env, tz, "report --from 2099-12-05 --to 2099-12-06")),
        [24, 31, 26]
    );
    assert_eq!(
        ids(&in_tz(&env, tz, "report --from 2099-12-04 --to 2099-12-04")),
        Vec::<i64>::new()
    );
    // UTC+11: all three are on the 6th local.
    assert_eq!(
        ids(&in_tz(&env, "XST-11", "report --from 2099-12-06")),
        [24, 31, 26]
    );
    let day = in_tz(
        &env,
        tz,
        "report --from 2099-12-05 --to 2099-12-06 --by day",
    );
    let days: Vec<&str> = day
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2099-12-05", "2099-12-05", "2099-12-06"]);
    let (_, err) = env.fails(2, "report --from 2099-12-06 --to 2099-12-05");
    assert!(err.contains("before --from"), "{err}");
    let (_, err) = env.fails(2, "report --from 12/06/2099");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    env.fails(2, "report --showtime 31 --from 2099-12-05");
}

#[test]
fn report_works_with_redis_stopped_and_says_held_comes_from_the_database() {
    let mut env = world();
    let before = env.ok(WEEK);
    env.redis.stop();
    let after = env.ok(WEEK);
    assert_eq!(after, before);
    assert!(
        after.contains("Held: seats of PENDING bookings in the database"),
        "{after}"
    );
    assert!(
        after.contains("Tickets sold: 4 over 3 showtimes"),
        "{after}"
    );
    assert!(
        after.contains("INR 1200.00") && after.contains("INR 400.00"),
        "{after}"
    );
    assert_eq!(env.json(WEEK).as_array().unwrap().len(), 3);
}

#[test]
fn report_with_no_showtimes_says_so_on_stderr_and_exits_0() {
    let env = world();
    let out = env.run("report --from 2001-01-01");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no showtimes on 2001-01-01"), "{err}");
    let csv = env.ok("report --from 2001-01-01 --csv");
    assert_eq!(csv.lines().count(), 1, "the header only: {csv}");
    assert_eq!(env.json("report --from 2001-01-01"), serde_json::json!([]));
    // Today has none of the world's (2099) showtimes.
    let out = env.run("report");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no showtimes today"));
    env.fails(4, "report --showtime 99");
}

#[test]
fn report_chart_draws_an_svg_with_both_series_from_the_audit_table() {
    let env = world();
    // A hold that runs out and is expired by the sweep drops out of the held curve.
    env.ok("reserve --showtime 31 --user 53 B1 --hold 1s");
    std::thread::sleep(Duration::from_millis(1500));
    env.ok("sweep");
    let path = env.dir.path().join("sales.svg");
    let p = path.to_str().unwrap();
    let out = env.ok(&["report", "--showtime", "31", "--chart", p]);
    assert!(out.contains("now 3 sold, 2 held"), "{out}");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for want in ["sold", "held", "local time", "seats"] {
        assert!(texts.contains(&want), "{want} in {texts:?}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Showtime 31") && t.contains("Dune")),
        "{texts:?}"
    );
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .count();
    assert!(lines >= 2, "{lines} polylines");
    let drawn = env.json(&["report", "--showtime", "31", "--chart", p]);
    assert_eq!(
        (drawn["sold"].clone(), drawn["held"].clone()),
        (3.into(), 2.into())
    );
    // Same as the report's counts.
    let r = &env.json("report --showtime 31")[0];
    assert_eq!((r["sold"].clone(), r["held"].clone()), (3.into(), 2.into()));
}

#[test]
fn report_chart_refuses_other_extensions_and_needs_a_showtime() {
    let env = world();
    for name in ["sales.pdf", "sales", "sales.svg.txt"] {
        let path = env.dir.path().join(name);
        let (_, err) = env.fails(
            2,
            &[
                "report",
                "--showtime",
                "31",
                "--chart",
                path.to_str().unwrap(),
            ],
        );
        assert!(err.contains(".svg or .png"), "{err}");
        assert!(!path.exists(), "{name} written");
    }
    env.fails(2, "report --chart sales.svg");
    env.fails(2, "report --chart sales.svg --from 2099-12-05");
}

/// A PNG is a real PNG: the signature, an IHDR of 960x480 8-bit RGB, and pixels that are not
/// all white (the curves and the text were drawn, with the font shipped in the binary).
#[test]
fn report_chart_draws_a_png_with_the_shipped_font() {
    let env = world();
    let path = env.dir.path().join("sales.PNG");
    env.ok(&[
        "report",
        "--showtime",
        "31",
        "--chart",
        path.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let mut reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (960, 480));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let mut pixels = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut pixels).unwrap();
    let not_white = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
    assert!(not_white > 2_000, "only {not_white} pixels drawn");
    // The sold curve's blue is there.
    assert!(
        pixels.chunks(3).any(|p| p == [31, 119, 180]),
        "no sold curve"
    );
}

#[test]
fn the_docs_chart_command_draws_an_svg() {
    let env = Env::bare();
    let out_path = env.dir.path().join("sales.svg");
    let out = std::process::Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/sales-chart.sh"
        ))
        .arg(&out_path)
        .env("BOXOFFICE", assert_cmd::cargo::cargo_bin("boxoffice"))
        .env("REDIS_URL", env.redis.url())
        .env("HOME", env.dir.path())
        .env("SALES_CHART_PAUSE", "0")
        .env_remove("BOXOFFICE_DB")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Wrote the sales chart of showtime 24"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&out_path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = (doc.descendants())
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(
        texts.contains(&"sold") && texts.contains(&"held"),
        "{texts:?}"
    );
    // The checked-in example is one such file.
    let docs = include_str!("../../docs/sales.svg");
    let doc = roxmltree::Document::parse(docs).expect("docs/sales.svg is valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
}

#[test]
fn report_text_from_the_database_is_escaped_on_the_terminal_and_kept_from_formulas_in_csv() {
    let env = world();
    env.sqlite()
        .execute_batch(
            "UPDATE showtimes SET movie = '=cmd|x\x07', screen = 'Scr\x1b[31meen' WHERE id = 31",
        )
        .unwrap();
    let table = env.ok("report --showtime 31");
    assert!(!table.contains(['\x1b', '\x07']), "{table}");
    let csv = env.ok("report --showtime 31 --csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rec = r.records().next().unwrap().unwrap();
    assert_eq!(&rec[1], "'=cmd|x\x07", "a formula is not a formula");
    assert_eq!(
        env.json("report --showtime 31")[0]["movie"],
        "=cmd|x\x07",
        "JSON is exact"
    );
    let svg = env.dir.path().join("s.svg");
    env.ok(&[
        "report",
        "--showtime",
        "31",
        "--chart",
        svg.to_str().unwrap(),
    ]);
    roxmltree::Document::parse(&std::fs::read_to_string(&svg).unwrap()).expect("valid XML");
}
