//! The hall file's parser: the README's example, and each refusal naming its line.

use super::parse;
use crate::text::money as format_price;

const SCREEN1: &str = r#"name = "Screen 1"
currency = "INR"

[categories]
S = { name = "standard", price = 25000 }
P = { name = "premium", price = 40000 }
W = { name = "wheelchair", price = 25000, accessible = true }

[layout]
rows = """
A  SSSS.SSSSSS.SSSS
B  SSSS.SSSSSS.SSSS
C  PPPP.PPPPPP.PPPP
D  WW...SSSSSS...WW
"""
"#;

/// The message of the refusal of `text` (which must be refused).
fn refused(text: &str) -> String {
    parse("screen1.toml", text)
        .expect_err("should be refused")
        .message()
}

#[test]
fn the_readme_hall_parses_with_gaps_numbers_and_categories() {
    let h = parse("screen1.toml", SCREEN1).unwrap();
    assert_eq!(h.name, "Screen 1");
    assert_eq!(h.seats, 52);
    assert_eq!(h.best_row, None);
    let codes: Vec<char> = h.categories.iter().map(|c| c.code).collect();
    assert_eq!(codes, ['S', 'P', 'W'], "file order");
    assert!(h.category('W').unwrap().accessible);
    let seats = h.seat_list();
    let d: Vec<(String, u32, char)> = seats
        .iter()
        .filter(|s| s.row == "D")
        .map(|s| (s.seat.clone(), s.col, s.code))
        .collect();
    assert_eq!(d.len(), 10);
    assert_eq!(d[0], ("D1".into(), 0, 'W'));
    assert_eq!(d[2], ("D3".into(), 5, 'S'));
    assert_eq!(d[8], ("D9".into(), 14, 'W'));
    assert_eq!(d[9], ("D10".into(), 15, 'W'));
    let a14 = seats.iter().find(|s| s.seat == "A14").unwrap();
    assert_eq!(a14.col, 15);
}

#[test]
fn each_bad_file_is_refused_naming_its_line() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "D  WW...SSSSSS...WW",
            "D  WW...SSXSSS...WW",
            "line 14: unknown category letter X in row D",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "A  SSSS.SSSSSS.SSSS",
            "line 12: row A appears twice (first on line 11)",
        ),
        ("B  SSSS.SSSSSS.SSSS", "B", "line 12: row B is empty"),
        (
            "B  SSSS.SSSSSS.SSSS",
            "B  ....",
            "line 12: row B has no seats, only gaps",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "B1 SSSS",
            "line 12: row label \"B1\" is not a row",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "ABC SSSS",
            "line 12: row label \"ABC\" is not a row",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "B  SS SS",
            "line 12: row B has a space at position 3",
        ),
        (
            "price = 40000",
            "price = -1",
            "line 6: the price of category P must be a non-negative whole number",
        ),
        (
            "price = 40000",
            "price = 400.5",
            "line 6: the price of category P must be a non-negative",
        ),
        (
            "price = 40000",
            "price = \"400\"",
            "line 6: the price of category P",
        ),
        (
            "currency = \"INR\"",
            "currency = \"inr\"",
            "line 2: currency \"inr\" is not an ISO 4217 code",
        ),
        (
            "currency = \"INR\"",
            "currency = \"RUPEE\"",
            "line 2: currency \"RUPEE\" is not",
        ),
        (
            "\"premium\"",
            "\"\"",
            "line 6: the name of category P must not be empty",
        ),
        (
            "\"premium\"",
            "\"pre\\u001bmium\"",
            "line 6: the name of category P must not contain control",
        ),
        (
            "\"premium\"",
            "\"standard\"",
            "line 6: category P: the name \"standard\" is category S's already",
        ),
        (
            "P = {",
            "PP = {",
            "line 6: category letter \"PP\" must be one capital letter",
        ),
        (
            "P = {",
            "p = {",
            "line 6: category letter \"p\" must be one capital letter",
        ),
        (
            "name = \"Screen 1\"",
            "name = \"Screen 1\"\nseats = 5",
            "line 2: unknown field `seats`",
        ),
        (
            "accessible = true",
            "accessible = true, wheels = 2",
            "line 7: unknown field `wheels`",
        ),
        (
            "name = \"Screen 1\"",
            "name = \"\"",
            "line 1: the hall's name must not be empty",
        ),
        (
            "currency = \"INR\"",
            "currency = \"INR\"\nbest_row = \"Z\"",
            "line 3: best_row \"Z\" is not a row of the layout",
        ),
    ];
    for (from, to, want) in cases {
        assert!(SCREEN1.contains(from), "{from}");
        let text = SCREEN1.replacen(from, to, 1);
        let got = match parse("screen1.toml", &text) {
            Ok(_) => panic!("{to:?} was accepted"),
            Err(e) => e.message(),
        };
        assert!(
            got.starts_with("screen1.toml ") && got.contains(want),
            "{to:?}: got {got:?}, want {want:?}"
        );
    }
}

#[test]
fn a_missing_key_or_bad_toml_is_refused() {
    let got = refused(&SCREEN1.replacen("currency = \"INR\"\n", "", 1));
    assert!(got.contains("missing field `currency`"), "{got}");
    let got = refused("name = \"x\nrows");
    assert!(got.starts_with("screen1.toml line 2: "), "{got}");
    let head = SCREEN1.split("rows = ").next().unwrap();
    let no_rows = format!("{head}rows = \"\"\"\n  \n\"\"\"\n");
    let got = refused(&no_rows);
    assert!(
        got.starts_with("screen1.toml line 10: the layout has no rows"),
        "{got}"
    );
    let got = refused(&SCREEN1.replacen(
        "[categories]\n",
        "[categories]\nS = { name = \"again\", price = 1 }\n",
        1,
    ));
    assert!(got.starts_with("screen1.toml line "), "{got}");
    let empty = SCREEN1
        .lines()
        .filter(|l| !l.starts_with(['S', 'P', 'W']))
        .collect::<Vec<_>>()
        .join("\n");
    let got = refused(&empty);
    assert!(got.contains("no categories"), "{got}");
}

#[test]
fn more_than_ten_thousand_seats_is_refused_on_the_row_that_passes() {
    let mut rows = String::new();
    // 11 rows of 999 seats: the eleventh passes 10,000.
    for label in ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L"] {
        rows.push_str(&format!("{label}  {}\n", "S".repeat(999)));
    }
    let text = format!(
        "name = \"Big\"\ncurrency = \"EUR\"\n[categories]\nS = {{ name = \"standard\", price = 1 }}\n\
         [layout]\nrows = \"\"\"\n{rows}\"\"\"\n"
    );
    let got = refused(&text);
    assert!(
        got.starts_with("screen1.toml line 17: more than 10000 seats"),
        "{got}"
    );
    let wide = text.replacen(&"S".repeat(999), &"S".repeat(1000), 1);
    assert!(refused(&wide).contains("line 7: row A has more than 999 seats"));
}

#[test]
fn best_row_and_lower_case_rows_are_normalised() {
    let text = SCREEN1
        .replacen(
            "currency = \"INR\"",
            "currency = \"INR\"\nbest_row = \"c\"",
            1,
        )
        .replacen("D  WW", "d  WW", 1);
    let h = parse("f.toml", &text).unwrap();
    assert_eq!(h.best_row.as_deref(), Some("C"));
    assert_eq!(h.rows[3].row, "D");
    let dup = SCREEN1.replacen("B  SSSS", "a  SSSS", 1);
    assert!(
        parse("f.toml", &dup)
            .unwrap_err()
            .message()
            .contains("row A appears twice")
    );
}

#[test]
fn prices_are_worded_with_the_currencys_minor_digits() {
    assert_eq!(format_price(25000, "INR"), "INR 250.00");
    assert_eq!(format_price(5, "EUR"), "EUR 0.05");
    assert_eq!(format_price(1800, "JPY"), "JPY 1800");
    assert_eq!(format_price(2500, "KWD"), "KWD 2.500");
    assert_eq!(format_price(0, "USD"), "USD 0.00");
}
