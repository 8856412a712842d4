//! `report --showtime N --chart FILE`: seats sold and held over time, drawn from the audit table.
//!
//! The audit table is the one record of every change of a hold or a sale (`holds::claims`
//! writes a row with each), so replaying its rows in order gives, at each moment, how many seats
//! were in live holds and how many were sold, without asking Redis. Each booking is followed by
//! its id: `reserve` adds seats to a hold, `confirm` sells the booking's seats (a late payment
//! too: its hold had expired), `release`/`force_release` and `cancel` take seats out (the whole
//! booking when the row says so), `expire` ends a hold, `move` takes the `from` seats off and
//! puts the `to` seats on (each showtime's row names its own side), `showtime_cancel` ends them
//! all.
//!
//! SVG or PNG, by the file's extension. An SVG carries its text as `<text>` elements for the
//! viewer to render; a PNG is rasterized here, with a font shipped in the binary
//! (`assets/fonts/DejaVuSans.ttf`, its license beside it) through plotters' `ab_glyph`
//! feature, so it draws the same on a server with no fonts installed (plotters' bitmap backend
//! without a font panics on the first label, and system fonts through fontconfig would make the
//! chart depend on the machine). The pixels are encoded by the `png` crate rather than
//! plotters' `bitmap_encoder`, which pulls the whole `image` stack. Any other extension is
//! refused (exit 2) before anything is read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Local, TimeZone};
use plotters::prelude::*;
use serde_json::Value;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::store::{Db, SalesEvent, ShowtimeRow};

/// Seats held and sold right after one audit row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub at_ms: i64,
    pub held: u64,
    pub sold: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Held,
    Sold,
}

/// One booking as the replay knows it.
#[derive(Debug, Default)]
struct Booking {
    state: Option<State>,
    seats: BTreeSet<String>,
}

/// The kinds of chart file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

/// The chart's size in pixels.
const SIZE: (u32, u32) = (960, 480);

/// The font a PNG's text is drawn with (an SVG names `sans-serif` for its viewer).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Checks that `path` is a chart file boxoffice can write (`.svg` or `.png`).
pub fn check_path(path: &Path) -> Result<Format, Error> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("svg") => Ok(Format::Svg),
        Some(e) if e.eq_ignore_ascii_case("png") => Ok(Format::Png),
        _ => Err(Error::invalid(format!(
            "--chart {}: the file must end in .svg or .png",
            path.display()
        ))),
    }
}

/// What `write` drew.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Drawn {
    pub showtime_id: i64,
    pub file: String,
    /// Audit rows replayed.
    pub events: usize,
    /// Seats held and sold after the last of them.
    pub held: u64,
    pub sold: u64,
}

/// Draws the sales chart of `showtime` into `path` (an `.svg` or a `.png`).
pub fn write(db: &Db, showtime: ShowtimeId, path: &Path) -> Result<Drawn, Error> {
    let format = check_path(path)?;
    let st = db
        .showtime(showtime)?
        .ok_or_else(|| Error::not_found(format!("no showtime {showtime}")))?;
    let events = db.sales_events(st.id)?;
    let points = replay(st.id, &events);
    let now = crate::holds::wall_ms();
    let bytes = match format {
        Format::Svg => svg(&st, &points, now)?.into_bytes(),
        Format::Png => png(&st, &points, now)?,
    };
    std::fs::write(path, bytes)
        .map_err(|e| Error::invalid(format!("--chart {}: cannot write it: {e}", path.display())))?;
    let last = points.last().copied().unwrap_or(Point {
        at_ms: 0,
        held: 0,
        sold: 0,
    });
    Ok(Drawn {
        showtime_id: st.id,
        file: path.display().to_string(),
        events: events.len(),
        held: last.held,
        sold: last.sold,
    })
}

/// The held and sold seats after each audit row of a showtime, oldest first. Each row changes
/// one booking, so the totals are kept by taking that booking's seats out before the row and
/// putting them back after it.
pub fn replay(showtime: i64, events: &[SalesEvent]) -> Vec<Point> {
    let mut bookings: BTreeMap<i64, Booking> = BTreeMap::new();
    let (mut held, mut sold) = (0u64, 0u64);
    let mut points = Vec::with_capacity(events.len());
    for e in events {
        if e.action == "showtime_cancel" {
            bookings.clear();
            (held, sold) = (0, 0);
        } else if let Some(id) = e.booking_id {
            let b = bookings.entry(id).or_default();
            let total = |b: &Booking| match b.state {
                Some(State::Held) => (b.seats.len() as u64, 0),
                Some(State::Sold) => (0, b.seats.len() as u64),
                None => (0, 0),
            };
            let (h, s) = total(b);
            apply(b, e, showtime);
            let (h2, s2) = total(b);
            held = held - h + h2;
            sold = sold - s + s2;
        }
        points.push(Point {
            at_ms: e.at_ms,
            held,
            sold,
        });
    }
    points
}

fn strings(v: &Value) -> Vec<String> {
    (v.as_array().into_iter().flatten())
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

fn apply(b: &mut Booking, e: &SalesEvent, showtime: i64) {
    let flag = |k: &str| e.detail.get(k).and_then(Value::as_bool).unwrap_or(false);
    match e.action.as_str() {
        "reserve" => {
            b.state = Some(State::Held);
            match e.detail.get("hold_seats") {
                Some(all) => b.seats = strings(all).into_iter().collect(),
                None => b.seats.extend(e.seats.iter().cloned()),
            }
        }
        "confirm" => {
            b.state = Some(State::Sold);
            b.seats = e.seats.iter().cloned().collect();
        }
        "release" | "force_release" | "cancel" => {
            if flag("whole_hold") || flag("whole_booking") {
                b.seats.clear();
            } else {
                e.seats.iter().for_each(|s| _ = b.seats.remove(s));
            }
        }
        "expire" => b.seats.clear(),
        "move" => moved(b, e, showtime),
        _ => {}
    }
}

/// A move's row on this showtime: the `from` seats leave when they were here, then the `to`
/// seats arrive when they are here (a swap within the showtime is both).
fn moved(b: &mut Booking, e: &SalesEvent, showtime: i64) {
    let side = |k: &str| e.detail.get(k).and_then(Value::as_i64) == Some(showtime);
    let seats = |k: &str| strings(e.detail.get(k).unwrap_or(&Value::Null));
    if side("from_showtime") {
        seats("from").iter().for_each(|s| _ = b.seats.remove(s));
    }
    if side("to_showtime") {
        b.seats.extend(seats("to"));
        if b.state.is_none() {
            b.state = match e.detail.get("status").and_then(Value::as_str) {
                Some("CONFIRMED") => Some(State::Sold),
                _ => Some(State::Held),
            };
        }
    }
}

/// How the time axis is labelled, local time: "19:02", with seconds for a chart of under ten
/// minutes ("19:02:11"), with the date for one of over a day ("12-02 19:02").
fn time_format(span_ms: i64) -> &'static str {
    match span_ms {
        s if s > 86_400_000 => "%m-%d %H:%M",
        s if s < 600_000 => "%H:%M:%S",
        _ => "%H:%M",
    }
}

fn local_label(ms: i64, format: &str) -> String {
    Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format(format).to_string())
        .unwrap_or_default()
}

/// A step curve: each count holds until the next row changes it, and the last until `end`.
fn steps(points: &[Point], end: i64, value: impl Fn(&Point) -> u64) -> Vec<(i64, u64)> {
    let mut line = Vec::with_capacity(points.len() * 2 + 1);
    let mut last = 0;
    for p in points {
        line.push((p.at_ms, last));
        last = value(p);
        line.push((p.at_ms, last));
    }
    line.push((end, last));
    line
}

/// The chart as an SVG document, from the first audit row to the last (the hour up to `now_ms`
/// when there is none): the same rows draw the same file.
pub fn svg(st: &ShowtimeRow, points: &[Point], now_ms: i64) -> Result<String, Error> {
    register_font();
    let (title, curves) = layout(st, points, now_ms);
    let mut out = String::new();
    draw(
        SVGBackend::with_string(&mut out, SIZE).into_drawing_area(),
        &title,
        curves,
    )
    .map_err(drawing)?;
    Ok(out)
}

/// The chart as a PNG file (8-bit RGB), drawn as [`svg`] draws it, text in the shipped font.
pub fn png(st: &ShowtimeRow, points: &[Point], now_ms: i64) -> Result<Vec<u8>, Error> {
    register_font();
    let (title, curves) = layout(st, points, now_ms);
    let (w, h) = SIZE;
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    draw(
        BitMapBackend::with_buffer(&mut pixels, SIZE).into_drawing_area(),
        &title,
        curves,
    )
    .map_err(drawing)?;
    let mut out = Vec::new();
    let mut enc = ::png::Encoder::new(&mut out, w, h);
    enc.set_color(::png::ColorType::Rgb);
    enc.set_depth(::png::BitDepth::Eight);
    let encoded = enc
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels));
    encoded.map_err(|e| Error::Internal(anyhow::anyhow!("encoding the chart as PNG: {e}")))?;
    Ok(out)
}

/// Gives plotters the shipped font as `sans-serif`, once: it measures text with it for both
/// kinds of file (where a label goes), and draws a PNG's text with it.
fn register_font() {
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    REGISTERED.call_once(|| {
        // The font is ours and known good; were it refused, drawing fails with a clear error.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

fn drawing(e: Box<dyn std::error::Error + 'static>) -> Error {
    Error::Internal(anyhow::anyhow!("drawing the chart: {e}"))
}

/// The title and the curves of a chart, from the first audit row to the last.
fn layout(st: &ShowtimeRow, points: &[Point], now_ms: i64) -> (String, Curves) {
    let first = points.first().map_or(now_ms - 3_600_000, |p| p.at_ms);
    let last = points.last().map_or(now_ms, |p| p.at_ms);
    let end = last.max(first + 10_000);
    let top = points
        .iter()
        .map(|p| p.held.max(p.sold))
        .max()
        .unwrap_or(0)
        .max(1);
    let format = time_format(end - first);
    let title = format!(
        "Showtime {} \u{b7} {} \u{b7} {}: seats sold and held",
        st.id,
        st.movie,
        crate::text::local_from_rfc3339(&st.starts_at)
    )
    // XML has no place for control characters (the CLI refuses them in titles; a row written
    // by hand could still have one).
    .replace(char::is_control, "");
    let curves = Curves {
        sold: steps(points, end, |p| p.sold),
        held: steps(points, end, |p| p.held),
        x: (first, end),
        y1: top + top / 10 + 1,
        format,
    };
    (title, curves)
}

/// What `draw` draws.
struct Curves {
    sold: Vec<(i64, u64)>,
    held: Vec<(i64, u64)>,
    /// The time axis (ms) and the top of the seats axis.
    x: (i64, i64),
    y1: u64,
    format: &'static str,
}

type DrawResult = Result<(), Box<dyn std::error::Error + 'static>>;

/// A 960x480 chart: `title`, the axes in local time and seats, both curves, the legend.
fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    c: Curves,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(56)
        .build_cartesian_2d(c.x.0..c.x.1, 0u64..c.y1)?;
    let format = c.format;
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(6)
        .label_style(("sans-serif", 14))
        .x_label_formatter(&|ms| local_label(*ms, format))
        .x_desc("local time")
        .y_desc("seats")
        .draw()?;
    let line = |colour: RGBColor| {
        move |(x, y): (i32, i32)| {
            PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
        }
    };
    let (blue, orange) = (RGBColor(31, 119, 180), RGBColor(255, 127, 14));
    chart
        .draw_series(LineSeries::new(c.sold, blue.stroke_width(2)))?
        .label("sold")
        .legend(line(blue));
    chart
        .draw_series(LineSeries::new(c.held, orange.stroke_width(2)))?
        .label("held")
        .legend(line(orange));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()?;
    drop(chart);
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ev(at_ms: i64, action: &str, booking: i64, seats: &[&str], detail: Value) -> SalesEvent {
        SalesEvent {
            at_ms,
            action: action.into(),
            booking_id: Some(booking),
            seats: seats.iter().map(|s| s.to_string()).collect(),
            detail,
        }
    }

    fn counts(points: &[Point]) -> Vec<(u64, u64)> {
        points.iter().map(|p| (p.held, p.sold)).collect()
    }

    #[test]
    fn holds_sales_releases_and_cancels_replay_to_held_and_sold() {
        let events = [
            ev(
                1,
                "reserve",
                1,
                &["A1", "A2"],
                json!({"hold_seats": ["A1", "A2"]}),
            ),
            ev(
                2,
                "reserve",
                1,
                &["A3"],
                json!({"hold_seats": ["A1", "A2", "A3"]}),
            ),
            ev(3, "release", 1, &["A3"], json!({"whole_hold": false})),
            ev(4, "confirm", 1, &["A1", "A2"], json!({})),
            ev(5, "reserve", 2, &["B1"], json!({"hold_seats": ["B1"]})),
            ev(6, "cancel", 1, &["A2"], json!({"whole_booking": false})),
            ev(7, "expire", 2, &["B1"], json!({})),
            ev(8, "confirm", 2, &["B1"], json!({"late": true})),
            ev(9, "cancel", 2, &["B1"], json!({"whole_booking": true})),
        ];
        assert_eq!(
            counts(&replay(24, &events)),
            [
                (2, 0),
                (3, 0),
                (2, 0),
                (0, 2),
                (1, 2),
                (1, 1),
                (0, 1),
                (0, 2),
                (0, 1)
            ]
        );
    }

    #[test]
    fn a_move_counts_on_the_side_of_the_showtime_drawn() {
        let within = json!({"from_showtime": 24, "to_showtime": 24, "from": ["A1", "A2"],
                            "to": ["A2", "A3"], "status": "PENDING"});
        let away = json!({"from_showtime": 24, "to_showtime": 25, "from": ["A2"], "to": ["A2"],
                          "status": "CONFIRMED"});
        let events = [
            ev(
                1,
                "reserve",
                1,
                &["A1", "A2"],
                json!({"hold_seats": ["A1", "A2"]}),
            ),
            ev(2, "move", 1, &["A1", "A2", "A2", "A3"], within),
            ev(3, "confirm", 1, &["A2", "A3"], json!({})),
            ev(4, "move", 1, &["A2"], away.clone()),
        ];
        assert_eq!(
            counts(&replay(24, &events)),
            [(2, 0), (2, 0), (0, 2), (0, 1)]
        );
        // The other showtime sees one sold seat arrive.
        let arrived = [ev(4, "move", 1, &["A2"], away)];
        assert_eq!(counts(&replay(25, &arrived)), [(0, 1)]);
    }

    #[test]
    fn a_cancelled_screening_ends_everything() {
        let mut cancel = ev(3, "showtime_cancel", 0, &[], json!({}));
        cancel.booking_id = None;
        let events = [
            ev(1, "reserve", 1, &["A1"], json!({"hold_seats": ["A1"]})),
            ev(2, "confirm", 1, &["A1"], json!({})),
            cancel,
        ];
        assert_eq!(counts(&replay(24, &events)), [(1, 0), (0, 1), (0, 0)]);
    }

    #[test]
    fn svg_and_png_files_are_written_by_their_extension() {
        assert_eq!(check_path(Path::new("a/sales.svg")).ok(), Some(Format::Svg));
        assert_eq!(check_path(Path::new("sales.SVG")).ok(), Some(Format::Svg));
        assert_eq!(check_path(Path::new("sales.png")).ok(), Some(Format::Png));
        for bad in ["sales.pdf", "sales", "sales.svg.txt"] {
            assert!(check_path(Path::new(bad)).is_err(), "{bad}");
        }
    }
}
