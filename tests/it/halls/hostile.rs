//! Hostile hall files: each is exit 2 naming the file's line, and nothing is stored.

use super::{SCREEN1, write};
use crate::harness::Env;

/// `hall add` of `text` is exit 2 with `want` in its message, and stores nothing.
fn refused(env: &Env, text: &str, want: &str) {
    let path = write(env, "screen1.toml", text);
    let (out, err) = env.fails(2, &["hall", "add", "--file", &path]);
    assert_eq!(out, "");
    assert!(
        err.starts_with(&format!("error: {path} line "))
            || err.starts_with(&format!("error: {path}:")),
        "{err}"
    );
    assert!(err.contains(want), "want {want:?} in {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let e = env.json_err(2, &["hall", "add", "--file", &path]);
    assert_eq!(e["kind"], "invalid");
    assert_eq!(env.count("SELECT COUNT(*) FROM halls"), 0);
    assert_eq!(env.count("SELECT COUNT(*) FROM hall_categories"), 0);
    assert_eq!(env.count("SELECT COUNT(*) FROM hall_seats"), 0);
    assert_eq!(env.count("SELECT COUNT(*) FROM audit"), 0);
}

#[test]
fn each_bad_hall_file_is_exit_2_naming_its_line_and_stores_nothing() {
    let env = Env::bare();
    env.ok("init");
    let cases: &[(&str, &str, &str)] = &[
        (
            "D  WW...SSSSSS...WW",
            "D  WW...SSXSSS...WW",
            "line 18: unknown category letter X in row D",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "A  SSSS.SSSSSS.SSSS",
            "line 16: row A appears twice (first on line 15)",
        ),
        ("B  SSSS.SSSSSS.SSSS", "B", "line 16: row B is empty"),
        (
            "B  SSSS.SSSSSS.SSSS",
            "B  .....",
            "line 16: row B has no seats, only gaps",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "B7 SSSS",
            "line 16: row label \"B7\" is not a row",
        ),
        (
            "B  SSSS.SSSSSS.SSSS",
            "ÄB SSSS",
            "line 16: row label \"ÄB\" is not a row",
        ),
        (
            "price = 40000",
            "price = -400",
            "line 7: the price of category P must be a non-negative whole number",
        ),
        (
            "price = 40000",
            "price = 400.00",
            "line 7: the price of category P",
        ),
        (
            "currency = \"INR\"",
            "currency = \"Rs\"",
            "line 2: currency \"Rs\" is not an ISO 4217 code",
        ),
        (
            "best_row = \"C\"",
            "best_row = \"Q\"",
            "line 3: best_row \"Q\" is not a row of the layout",
        ),
        (
            "\"premium\"",
            "\"  \"",
            "line 7: the name of category P must not be empty",
        ),
        (
            "\"premium\"",
            "\"prem\\u202eium\"",
            "line 7: the name of category P must not contain control",
        ),
        (
            "name = \"Screen 1\"",
            "name = \"Scr\\u0007een\"",
            "line 1: the hall's name must not contain control",
        ),
        (
            "P = {",
            "P1 = {",
            "line 7: category letter \"P1\" must be one capital letter",
        ),
        (
            "accessible = true",
            "accessible = true, wheel = 1",
            "line 8: unknown field `wheel`",
        ),
        (
            "[layout]",
            "[layout]\ncolumns = 3",
            "line 11: unknown field `columns`",
        ),
        (
            "currency = \"INR\"",
            "currency = \"INR\"\ncolour = \"red\"",
            "line 3: unknown field `colour`",
        ),
        ("name = \"Screen 1\"", "name = [1]", "line 1: "),
    ];
    for (from, to, want) in cases {
        assert!(SCREEN1.contains(from), "{from}");
        refused(&env, &SCREEN1.replacen(from, to, 1), want);
    }
    // More than 10,000 seats, counted up to the row that passes.
    let rows: String = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L"]
        .iter()
        .map(|r| format!("{r} {}\n", "S".repeat(999)))
        .collect();
    let big = format!(
        "name = \"Big\"\ncurrency = \"EUR\"\n[categories]\nS = {{ name = \"standard\", price = 900 }}\n\
         [layout]\nrows = \"\"\"\n{rows}\"\"\"\n"
    );
    refused(&env, &big, "line 17: more than 10000 seats");
    // No seats at all.
    let head = SCREEN1.split("rows = ").next().unwrap();
    refused(
        &env,
        &format!("{head}rows = \"\"\"\n\n\"\"\"\n"),
        "line 14: the layout has no rows",
    );
    refused(&env, "name = \"x\"\n", "missing field `currency`");
    refused(&env, "name = \"x\nrows = 5\n", "line ");
}

#[test]
fn a_hall_file_that_cannot_be_read_is_exit_2() {
    let env = Env::bare();
    env.ok("init");
    let missing = env.dir.path().join("nope.toml");
    let (_, err) = env.fails(2, &["hall", "add", "--file", missing.to_str().unwrap()]);
    assert!(
        err.contains("nope.toml: no such file; nothing was stored"),
        "{err}"
    );
    let (_, err) = env.fails(
        2,
        &["hall", "add", "--file", env.dir.path().to_str().unwrap()],
    );
    assert!(err.contains("hall file "), "{err}");
    let binary = env.dir.path().join("bin.toml");
    std::fs::write(&binary, b"name = \"\xff\"\n").unwrap();
    let (_, err) = env.fails(2, &["hall", "add", "--file", binary.to_str().unwrap()]);
    assert!(err.contains("not UTF-8 text"), "{err}");
    let huge = env.dir.path().join("huge.toml");
    std::fs::write(&huge, format!("# {}\n", "x".repeat(1 << 20))).unwrap();
    let (_, err) = env.fails(2, &["hall", "add", "--file", huge.to_str().unwrap()]);
    assert!(err.contains("larger than 1 MiB"), "{err}");
    assert_eq!(env.count("SELECT COUNT(*) FROM halls"), 0);
}

#[test]
fn hostile_text_written_into_the_hall_tables_is_escaped_on_the_terminal() {
    let env = super::hall_world();
    // Someone writes controls into the database by hand: the parser never lets them in.
    let db = env.sqlite();
    db.execute_batch(
        "UPDATE hall_categories SET name = 'prem' || char(27) || '[31mium' WHERE code = 'P';
         UPDATE halls SET name = 'Screen' || char(8238) || '1';
         UPDATE seats SET category = 'prem' || char(27) || '[31mium' WHERE category = 'premium';",
    )
    .unwrap();
    let name = "Screen\u{202e}1";
    for out in [
        env.ok("hall list"),
        env.ok(&["hall", "show", name]),
        env.ok("inspect 31"),
    ] {
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out}"
        );
    }
    assert!(
        env.ok(&["hall", "show", name])
            .contains("P prem\\u{1b}[31mium INR 400.00")
    );
    assert!(
        env.ok("inspect 31")
            .contains("· prem\\u{1b}[31mium C1-C14 ·")
    );
    // --json carries the text as it is.
    let j = env.json(&["hall", "show", name]);
    assert_eq!(j["categories"][1]["name"], "prem\u{1b}[31mium");
}
