//! Hostile input, table-driven: every command and option fed glob characters, braces, colons,
//! whitespace and control characters, non-ASCII, huge seat lists, overflowing and malformed
//! numbers and durations, SQL-looking text, unknown flags, missing arguments, well-formed ids
//! that do not exist, and files that are not boxoffice databases. Then values of the wrong type
//! already sitting in the scheme's Redis keys.
//!
//! Every refusal must exit with the documented code (2 invalid, 3 conflict, 4 not found,
//! 5 unavailable), say what was wrong, print no raw control character and no panic, keep stdout
//! empty (or exactly one JSON error with `--json`), and leave Redis, SQLite and the files it was
//! pointed at exactly as they were. Failures are collected and reported together, each with its
//! arguments, so one run shows every misbehaving case.

use std::path::{Path, PathBuf};
use std::process::Output;

use redis::Commands;
use serde_json::Value;

use crate::harness::Env;

/// One hostile invocation and what a correct tool does with it.
struct Case {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    code: i32,
    /// Must appear in the message (stderr; `error.message` with `--json`).
    msg: String,
    /// Must not appear anywhere in the output (secrets, injected lines).
    forbid: Vec<String>,
    /// Also run with `--json`.
    json: bool,
}

fn case(name: &'static str, code: i32, msg: &str, args: &[&str]) -> Case {
    owned(name, code, msg, cmd(args))
}

fn owned(name: &'static str, code: i32, msg: &str, args: Vec<String>) -> Case {
    Case {
        name,
        args,
        env: Vec::new(),
        code,
        msg: msg.to_string(),
        forbid: Vec::new(),
        json: false,
    }
}

impl Case {
    fn json(mut self) -> Self {
        self.json = true;
        self
    }

    fn env(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.env.push((key, value.into()));
        self
    }

    fn forbid(mut self, s: &str) -> Self {
        self.forbid.push(s.to_string());
        self
    }
}

/// `reserve --showtime 24 --user 9` followed by `seats`.
fn reserve_seats(seats: Vec<String>) -> Vec<String> {
    let mut a = cmd(&["reserve", "--showtime", "24", "--user", "9"]);
    a.extend(seats);
    a
}

fn kind_for(code: i32) -> &'static str {
    match code {
        1 => "internal",
        2 => "invalid",
        3 => "conflict",
        4 => "not_found",
        5 => "unavailable",
        _ => "?",
    }
}

/// Everything a refused command must leave alone.
#[derive(PartialEq)]
struct State {
    redis: Vec<(String, String, bool)>,
    db: String,
    files: Vec<(String, Vec<u8>)>,
}

/// Every file under `dir` (recursively) with its bytes; directories by name.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                out.push((format!("{name}/"), Vec::new()));
                stack.push(p);
            } else {
                out.push((name, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

fn state(env: &Env, files: &Path) -> State {
    State {
        redis: env.redis_state(),
        db: env.db_state(),
        files: files_under(files),
    }
}

/// What changed between two states, for the failure report.
fn diff(before: &State, after: &State) -> Vec<String> {
    let mut out = Vec::new();
    if before.redis != after.redis {
        out.push(format!(
            "Redis changed:\n  before {:?}\n  after  {:?}",
            before.redis, after.redis
        ));
    }
    if before.db != after.db {
        out.push(format!(
            "SQLite changed:\n  before {}\n  after  {}",
            before.db.replace('\n', " / "),
            after.db.replace('\n', " / ")
        ));
    }
    if before.files != after.files {
        let names = |s: &State| -> Vec<String> {
            s.files
                .iter()
                .map(|(n, b)| format!("{n} ({} bytes)", b.len()))
                .collect()
        };
        let changed: Vec<&String> = after
            .files
            .iter()
            .filter(|f| !before.files.contains(f))
            .map(|(n, _)| n)
            .collect();
        out.push(format!(
            "files changed {changed:?}:\n  before {:?}\n  after  {:?}",
            names(before),
            names(after)
        ));
    }
    out
}

/// First `n` characters, control characters escaped, so reports stay readable.
fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push_str(&format!("… ({} chars)", s.chars().count()));
    }
    format!("{out:?}")
}

fn show_args(args: &[String]) -> String {
    let shown = |a: &String| clip(a, 60);
    if args.len() <= 14 {
        return format!(
            "[{}]",
            args.iter().map(shown).collect::<Vec<_>>().join(", ")
        );
    }
    format!(
        "[{}, … {} more …, {}] ({} args)",
        args[..8].iter().map(shown).collect::<Vec<_>>().join(", "),
        args.len() - 10,
        args[args.len() - 2..]
            .iter()
            .map(shown)
            .collect::<Vec<_>>()
            .join(", "),
        args.len()
    )
}

fn run(env: &Env, vars: &[(&'static str, String)], args: &[String]) -> Output {
    let mut cmd = env.cmd();
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.args(args).output().expect("run boxoffice")
}

/// Problems with how a refusal was reported (not with state).
fn output_problems(c: &Case, json: bool, out: &Output, args: &[String]) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut p = Vec::new();
    if out.status.code() != Some(c.code) {
        p.push(format!(
            "exit code: expected {}, got {:?}",
            c.code,
            out.status.code()
        ));
    }
    if stderr.contains("panicked")
        || stderr.contains("RUST_BACKTRACE")
        || stderr.contains("internal error (a bug)")
    {
        p.push("panicked".into());
    }
    if json {
        match serde_json::from_str::<Value>(&stdout) {
            Err(e) => p.push(format!("stdout is not exactly one JSON document ({e})")),
            Ok(v) => {
                let kind = &v["error"]["kind"];
                if kind != kind_for(c.code) {
                    p.push(format!(
                        "error.kind: expected {:?}, got {kind}",
                        kind_for(c.code)
                    ));
                }
                let msg = v["error"]["message"].as_str().unwrap_or("");
                if !mentions(c, msg) {
                    p.push(format!(
                        "error.message does not mention {:?}: {}",
                        c.msg,
                        clip(msg, 300)
                    ));
                }
            }
        }
    } else {
        if !stdout.is_empty() {
            p.push("stdout is not empty on a refusal".into());
        }
        if !mentions(c, &stderr) {
            p.push(format!("stderr does not mention {:?}", c.msg));
        }
    }
    if let Some(ch) = stderr.chars().find(|&ch| ch.is_control() && ch != '\n') {
        p.push(format!("raw control character {ch:?} echoed on stderr"));
    }
    for a in args.iter().filter(|a| a.contains('\n')) {
        if stderr.contains(a.as_str()) {
            p.push(format!(
                "argument {} echoed with its raw newline on stderr",
                clip(a, 40)
            ));
        }
    }
    for f in &c.forbid {
        if stderr.contains(f.as_str()) || stdout.contains(f.as_str()) {
            p.push(format!("output contains {f:?}"));
        }
    }
    p
}

fn report(
    name: &str,
    json: bool,
    vars: &[(&'static str, String)],
    args: &[String],
    out: &Output,
    problems: &[String],
) -> String {
    let env: Vec<String> = vars.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!(
        "case {name}{}: boxoffice {}{}\n  - {}\n  stdout: {}\n  stderr: {}",
        if json { " (--json)" } else { "" },
        show_args(args),
        if env.is_empty() {
            String::new()
        } else {
            format!(" with {}", env.join(" "))
        },
        problems.join("\n  - "),
        clip(&String::from_utf8_lossy(&out.stdout), 400),
        clip(&String::from_utf8_lossy(&out.stderr), 400),
    )
}

/// Runs a refused case (and its `--json` twin) and returns what went wrong.
fn check(env: &Env, files: &Path, c: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    let variants: &[bool] = if c.json { &[false, true] } else { &[false] };
    for &json in variants {
        let mut args = c.args.clone();
        if json {
            args.push("--json".into());
        }
        let before = state(env, files);
        let out = run(env, &c.env, &args);
        let after = state(env, files);
        let mut problems = output_problems(c, json, &out, &args);
        problems.extend(diff(&before, &after));
        if !problems.is_empty() {
            failures.push(report(c.name, json, &c.env, &args, &out, &problems));
        }
    }
    failures
}

fn fail_with(failures: Vec<String>, total: usize) {
    if !failures.is_empty() {
        panic!(
            "{} of {total} hostile cases misbehaved:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

/// Paths of the non-database files the table points `--db` at.
struct Decoys {
    root: PathBuf,
    garbage: String,
    foreign: String,
    dir: String,
    missing: String,
}

fn decoys(env: &Env) -> Decoys {
    let root = env.dir.path().join("decoys");
    std::fs::create_dir_all(root.join("decoy-folder")).unwrap();
    // Bytes that are not a SQLite header: a file someone mistook for the database.
    let garbage = root.join("garbage.db");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&garbage, bytes).unwrap();
    // A real SQLite database that belongs to some other program.
    let foreign = root.join("foreign.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes (body) VALUES ('keep me');",
        )
        .unwrap();
    }
    let s = |p: PathBuf| p.display().to_string();
    Decoys {
        garbage: s(garbage),
        foreign: s(foreign),
        dir: s(root.join("decoy-folder")),
        missing: s(root.join("no-such-dir").join("boxoffice.db")),
        root,
    }
}

#[rustfmt::skip]
fn table(pending: &str, sold: &str, d: &Decoys) -> Vec<Case> {
    let r = |seat: &str| reserve_seats(vec![seat.to_string()]);
    // A valid `showtime add` with one flag replaced (or added); values starting with `-` are
    // passed as `--flag=value` so that clap sees them as values.
    let add = |flag: &str, value: &str| -> Vec<String> {
        let mut a = cmd(&[
            "showtime",
            "add",
            "--movie",
            "Dune",
            "--starts",
            "2099-12-01T20:00:00Z",
            "--rows",
            "A-C",
            "--seats-per-row",
            "5",
        ]);
        if let Some(i) = a.iter().position(|x| x == flag) {
            a.drain(i..i + 2);
        }
        if value.starts_with('-') {
            a.push(format!("{flag}={value}"));
        } else {
            a.push(flag.to_string());
            a.push(value.to_string());
        }
        a
    };
    let ten_thousand: Vec<String> = (b'A'..=b'Z')
        .flat_map(|row| (1..=385).map(move |n| format!("{}{n}", row as char)))
        .collect();
    let all_rows: Vec<String> = (b'A'..=b'J')
        .map(|row| format!("{0}1-{0}999", row as char))
        .collect();
    let same_range_ten_times: Vec<String> = (0..10).map(|_| "A1-A999".to_string()).collect();
    let same_seat_ten_thousand: Vec<String> = (0..10_000).map(|_| "A13".to_string()).collect();
    let long_user = "x".repeat(65);
    let long_payment = "p".repeat(129);
    let long_movie = "M".repeat(201);

    vec![
        // ---- reserve: seat ids ----
        case("seat glob *", 2, "invalid seat id", &["reserve", "--showtime", "24", "--user", "9", "A*"]).json(),
        owned("seat glob ?", 2, "invalid seat id", r("A?")),
        owned("seat glob class", 2, "invalid seat id", r("[A]1")),
        owned("seat braces", 2, "invalid seat id", r("{A1}")),
        owned("seat colon", 2, "invalid seat id", r("A1:2")),
        owned("seat that is a whole key", 2, "invalid seat id", r("seat_lock:24:A1")),
        owned("seat with ESC sequence", 2, "invalid seat id", r("A1\x1b[2J")).json(),
        owned("seat with vertical tab", 2, "invalid seat id", r("A1\x0b")),
        owned("seat with BEL", 2, "invalid seat id", r("A\x071")),
        owned("seat newline injection", 2, "invalid seat id", r("A1\nerror: fake")),
        owned("seat non-ASCII letter", 2, "invalid seat id", r("É1")),
        owned("seat emoji", 2, "invalid seat id", r("A1🎬")),
        owned("seat full-width digit", 2, "invalid seat id", r("A１")),
        owned("seat whitespace only", 2, "no seats given", r(" \t ")),
        owned("seat commas only", 2, "no seats given", r(",,,")),
        owned("seat SQL", 2, "invalid seat id", r("A1'; DROP TABLE bookings;--")),
        owned("seat number 0", 2, "invalid seat id", r("A0")),
        owned("seat leading zero", 2, "invalid seat id", r("A01")),
        owned("seat three-letter row", 2, "invalid seat id", r("AAA1")),
        owned("seat number first", 2, "invalid seat id", r("1A")),
        owned("seat range backwards", 2, "backwards", r("A5-A1")),
        owned("seat range across rows", 2, "one row", r("A1-B2")),
        owned("seat range enormous", 2, "invalid seat range", r("A1-A99999999999999999999")),
        owned("seat range past 999", 2, "invalid seat range", r("A1-A1000")),
        owned("seat range half open", 2, "invalid seat range", r("A1..")),
        owned("10,000 seats as separate args", 2, "too many seats", reserve_seats(ten_thousand)),
        owned("ten full rows as ranges", 2, "too many seats", reserve_seats(all_rows)),
        owned("1001 seats", 2, "too many seats", reserve_seats(vec!["A1-A999".into(), "B1".into(), "B2".into()])),
        owned("1000 seats, most not in the layout", 4, "not in the layout", reserve_seats(vec!["A1-A999".into(), "B1".into()])),
        owned("one range ten times", 4, "not in the layout", reserve_seats(same_range_ten_times)),
        owned("one missing seat 10,000 times", 4, "A13", reserve_seats(same_seat_ten_thousand)),
        owned("seat not in layout Z99", 4, "Z99", r("Z99")).json(),
        owned("seat not in layout AA1", 4, "AA1", r("AA1")),
        // ---- reserve: showtime ids ----
        case("showtime does not exist", 4, "showtime 999 does not exist", &["reserve", "--showtime", "999", "--user", "9", "A1"]).json(),
        case("showtime 2^53 does not exist", 4, "does not exist", &["reserve", "--showtime", "9007199254740992", "--user", "9", "A1"]),
        case("showtime 0", 2, "invalid showtime id", &["reserve", "--showtime", "0", "--user", "9", "A1"]),
        case("showtime negative", 2, "invalid showtime id", &["reserve", "--showtime=-1", "--user", "9", "A1"]),
        case("showtime enormous", 2, "invalid showtime id", &["reserve", "--showtime", "99999999999999999999", "--user", "9", "A1"]).json(),
        case("showtime 2^53+1", 2, "invalid showtime id", &["reserve", "--showtime", "9007199254740993", "--user", "9", "A1"]),
        case("showtime braces", 2, "invalid showtime id", &["reserve", "--showtime", "{24}", "--user", "9", "A1"]),
        case("showtime glob", 2, "invalid showtime id", &["reserve", "--showtime", "24*", "--user", "9", "A1"]),
        case("showtime colon", 2, "invalid showtime id", &["reserve", "--showtime", "24:1", "--user", "9", "A1"]),
        case("showtime padded", 2, "invalid showtime id", &["reserve", "--showtime", " 24", "--user", "9", "A1"]),
        case("showtime SQL", 2, "invalid showtime id", &["reserve", "--showtime", "7 OR 1=1", "--user", "9", "A1"]),
        case("showtime full-width", 2, "invalid showtime id", &["reserve", "--showtime", "２４", "--user", "9", "A1"]),
        case("showtime hex", 2, "invalid showtime id", &["reserve", "--showtime", "0x18", "--user", "9", "A1"]),
        case("showtime with CR", 2, "invalid showtime id", &["reserve", "--showtime", "2\r4", "--user", "9", "A1"]),
        // ---- reserve: user ids ----
        case("user empty", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "", "A1"]),
        case("user glob *", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "*", "A1"]),
        case("user glob ?", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7?", "A1"]),
        case("user glob class", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "[a]", "A1"]),
        case("user braces", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "{24}", "A1"]),
        case("user colon", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7:8", "A1"]),
        case("user underscore", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "a_b", "A1"]),
        case("user space", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7 8", "A1"]),
        case("user tab", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\t8", "A1"]),
        case("user newline injection", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\nerror: fake", "A1"]).forbid("\nerror: fake").json(),
        case("user CR", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\r8", "A1"]),
        case("user ESC sequence", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "\x1b[2J", "A1"]).json(),
        case("user C1 CSI", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7\u{9b}2J", "A1"]),
        case("user non-ASCII", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "josé", "A1"]),
        case("user emoji", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "🎬", "A1"]),
        case("user leading dash", 2, "invalid user id", &["reserve", "--showtime", "24", "--user=-7", "A1"]),
        owned("user 65 chars", 2, "invalid user id", vec!["reserve".into(), "--showtime".into(), "24".into(), "--user".into(), long_user.clone(), "A1".into()]),
        case("user SQL", 2, "invalid user id", &["reserve", "--showtime", "24", "--user", "7' OR '1'='1", "A1"]),
        // ---- reserve: --hold ----
        case("hold 0s", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "0s"]).json(),
        case("hold negative", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold=-1s"]),
        case("hold 25h", 2, "at most 24h", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "25h"]),
        case("hold 24h 1s", 2, "at most 24h", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "24h 1s"]),
        case("hold bare number", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "10"]),
        case("hold word", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "ten"]),
        case("hold 500ms", 2, "at least 1s", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "500ms"]),
        case("hold empty", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", ""]),
        case("hold overflow", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1", "--hold", "18446744073709551616s"]),
        case("hold from env", 2, "invalid hold", &["reserve", "--showtime", "24", "--user", "9", "A1"]).env("BOXOFFICE_HOLD", "ten"),
        // ---- reserve: usage ----
        case("reserve unknown flag", 2, "--bogus", &["reserve", "--showtime", "24", "--user", "9", "--bogus", "A1"]).json(),
        case("reserve without seats", 2, "no seats given", &["reserve", "--showtime", "24", "--user", "9"]),
        case("reserve without --user", 2, "--user", &["reserve", "--showtime", "24", "A1"]).json(),
        case("reserve without --showtime", 2, "--showtime", &["reserve", "--user", "9", "A1"]),
        case("reserve --showtime twice", 2, "--showtime", &["reserve", "--showtime", "24", "--showtime", "25", "--user", "9", "A1"]),
        case("unknown subcommand", 2, "frobnicate", &["frobnicate", "--showtime", "24"]),
        case("no subcommand", 2, "Usage", &[]),
        case("reserve a sold seat", 3, "B1", &["reserve", "--showtime", "24", "--user", "9", "B1"]),
        // ---- confirm ----
        case("confirm booking does not exist", 4, "booking 999 does not exist", &["confirm", "--booking", "999", "--payment-id", "pay_1"]).json(),
        case("confirm booking i64::MAX", 4, "does not exist", &["confirm", "--booking", "9223372036854775807", "--payment-id", "pay_1"]),
        case("confirm booking 0", 2, "invalid booking id", &["confirm", "--booking", "0", "--payment-id", "pay_1"]),
        case("confirm booking negative", 2, "invalid booking id", &["confirm", "--booking=-1", "--payment-id", "pay_1"]),
        case("confirm booking enormous", 2, "invalid booking id", &["confirm", "--booking", "99999999999999999999", "--payment-id", "pay_1"]),
        case("confirm booking i64::MAX+1", 2, "invalid booking id", &["confirm", "--booking", "9223372036854775808", "--payment-id", "pay_1"]),
        case("confirm booking plus sign", 2, "invalid booking id", &["confirm", "--booking", "+1", "--payment-id", "pay_1"]),
        case("confirm booking SQL", 2, "invalid booking id", &["confirm", "--booking", "1 OR 1=1", "--payment-id", "pay_1"]),
        case("confirm booking exponent", 2, "invalid booking id", &["confirm", "--booking", "1e3", "--payment-id", "pay_1"]),
        case("payment id empty", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", ""]),
        case("payment id space", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay 1"]),
        case("payment id glob", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay*"]),
        case("payment id colon", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay:1"]),
        case("payment id braces", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "{pay}"]),
        case("payment id SQL", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay_1'; DROP TABLE bookings;--"]).json(),
        owned("payment id 129 chars", 2, "invalid payment id", vec!["confirm".into(), "--booking".into(), pending.into(), "--payment-id".into(), long_payment]),
        case("payment id ESC", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay\x1b[2J"]),
        case("payment id newline", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "pay\nerror: fake"]).forbid("\nerror: fake"),
        case("payment id non-ASCII", 2, "invalid payment id", &["confirm", "--booking", pending, "--payment-id", "päy"]),
        case("payment id of another booking", 3, "pay_ok", &["confirm", "--booking", pending, "--payment-id", "pay_ok"]),
        case("second payment for a sold booking", 3, "refund", &["confirm", "--booking", sold, "--payment-id", "pay_other"]),
        case("confirm without --payment-id", 2, "--payment-id", &["confirm", "--booking", pending]),
        case("confirm without a target", 2, "--booking", &["confirm", "--payment-id", "pay_1"]),
        case("confirm --showtime without --user", 2, "--user", &["confirm", "--showtime", "24", "--payment-id", "pay_1"]),
        case("confirm --booking with --showtime", 2, "cannot be used with", &["confirm", "--booking", pending, "--showtime", "24", "--user", "7", "--payment-id", "pay_1"]),
        case("confirm showtime does not exist", 4, "showtime 999", &["confirm", "--showtime", "999", "--user", "7", "--payment-id", "pay_1"]),
        case("confirm user with no hold", 4, "no hold", &["confirm", "--showtime", "24", "--user", "nobody", "--payment-id", "pay_1"]),
        case("confirm user glob", 2, "invalid user id", &["confirm", "--showtime", "24", "--user", "7*", "--payment-id", "pay_1"]),
        // ---- release ----
        case("release booking does not exist", 4, "booking 999 does not exist", &["release", "--booking", "999"]).json(),
        case("release booking negative", 2, "invalid booking id", &["release", "--booking=-1"]),
        case("release booking word", 2, "invalid booking id", &["release", "--booking", "abc"]),
        case("release sold booking", 3, "final", &["release", "--booking", sold]),
        case("release nothing named", 2, "say what to release", &["release"]),
        case("release showtime only", 2, "say what to release", &["release", "--showtime", "24"]),
        case("release --seat without --user or --force", 2, "--force", &["release", "--showtime", "24", "--seat", "A1"]),
        case("release --force without --yes", 2, "--yes", &["release", "--showtime", "24", "--seat", "A1", "--force"]),
        case("release --force a sold seat", 3, "B1", &["release", "--showtime", "24", "--seat", "B1", "--force", "--yes"]),
        case("release seat glob", 2, "invalid seat id", &["release", "--showtime", "24", "--seat", "A*", "--force", "--yes"]),
        case("release seat colon", 2, "invalid seat id", &["release", "--showtime", "24", "--user", "7", "--seat", "A1:2"]),
        case("release seat ESC", 2, "invalid seat id", &["release", "--showtime", "24", "--user", "7", "--seat", "A1\x1b]0;pwned\x07"]),
        case("release seat not in layout", 4, "Z99", &["release", "--showtime", "24", "--seat", "Z99", "--force", "--yes"]),
        case("release too many seats", 2, "too many seats", &["release", "--showtime", "24", "--user", "7", "--seat", "A1-A999", "--seat", "B1-B999"]),
        case("release showtime does not exist", 4, "showtime 999", &["release", "--showtime", "999", "--user", "7"]),
        case("release user with no hold", 4, "no hold", &["release", "--showtime", "24", "--user", "nobody"]),
        case("release user glob class", 2, "invalid user id", &["release", "--showtime", "24", "--user", "[a]"]),
        case("release --booking with --force", 2, "cannot be used with", &["release", "--booking", pending, "--force"]),
        case("release --seat without --showtime", 2, "--showtime", &["release", "--user", "7", "--seat", "A1"]),
        // ---- bookings ----
        case("status unknown", 2, "unknown status", &["bookings", "--status", "BOGUS"]).json(),
        case("status empty", 2, "unknown status", &["bookings", "--status", ""]),
        case("status SQL", 2, "unknown status", &["bookings", "--status", "PENDING' OR '1'='1"]),
        case("status ESC", 2, "unknown status", &["bookings", "--status", "PENDING\x1b[2J"]),
        case("status glob", 2, "unknown status", &["bookings", "--status", "PEND*"]),
        case("limit negative", 2, "--limit", &["bookings", "--limit=-1"]),
        case("limit enormous", 2, "--limit", &["bookings", "--limit", "99999999999"]),
        case("limit word", 2, "--limit", &["bookings", "--limit", "ten"]),
        case("bookings showtime does not exist", 4, "showtime 999", &["bookings", "--showtime", "999"]),
        case("bookings showtime glob", 2, "invalid showtime id", &["bookings", "--showtime", "24*"]),
        case("bookings user glob", 2, "invalid user id", &["bookings", "--user", "u*"]),
        case("bookings unknown flag", 2, "--bogus", &["bookings", "--bogus"]),
        // ---- showtime add / list ----
        owned("rows backwards", 2, "backwards", add("--rows", "C-A")),
        owned("rows twice", 2, "appears twice", add("--rows", "A,A")),
        owned("rows empty", 2, "no rows", add("--rows", "")),
        owned("rows glob", 2, "invalid rows", add("--rows", "*")),
        owned("rows braces", 2, "invalid rows", add("--rows", "{A}")),
        owned("rows three letters", 2, "invalid rows", add("--rows", "A-ZZZ")),
        owned("rows non-ASCII", 2, "invalid rows", add("--rows", "é")),
        owned("rows digits", 2, "invalid rows", add("--rows", "1-3")),
        owned("rows SQL", 2, "invalid rows", add("--rows", "A;DROP TABLE seats")),
        owned("rows ESC", 2, "invalid rows", add("--rows", "A\x1b[2J")),
        owned("seats-per-row 0", 2, "--seats-per-row", add("--seats-per-row", "0")),
        owned("seats-per-row 1000", 2, "--seats-per-row", add("--seats-per-row", "1000")),
        owned("seats-per-row negative", 2, "--seats-per-row", add("--seats-per-row", "-1")),
        owned("seats-per-row enormous", 2, "--seats-per-row", add("--seats-per-row", "99999999999999999999")),
        owned("seats-per-row word", 2, "--seats-per-row", add("--seats-per-row", "ten")),
        owned("too many seats in a showtime", 2, "more than", { let mut a = add("--rows", "A-ZZ"); let n = a.len(); a[n - 3] = "999".into(); a }),
        owned("starts word", 2, "--starts", add("--starts", "tomorrow")).json(),
        owned("starts empty", 2, "--starts", add("--starts", "")),
        owned("starts month 13", 2, "--starts", add("--starts", "2026-13-01T20:00:00Z")),
        owned("starts without zone", 2, "--starts", add("--starts", "2026-12-01 20:00")),
        owned("starts ESC", 2, "--starts", add("--starts", "2026-12-01T20:00:00Z\x1b[2J")),
        owned("starts SQL", 2, "--starts", add("--starts", "'; DROP TABLE showtimes;--")),
        owned("movie empty", 2, "--movie", add("--movie", "")),
        owned("movie control char", 2, "control", add("--movie", "Du\x1bne")),
        owned("movie too long", 2, "--movie", add("--movie", &long_movie)),
        owned("screen blank", 2, "--screen", add("--screen", "\t")),
        owned("id 0", 2, "invalid showtime id", add("--id", "0")),
        owned("id taken", 3, "already exists", add("--id", "24")),
        owned("id 2^53+1", 2, "invalid showtime id", add("--id", "9007199254740993")),
        owned("id SQL", 2, "invalid showtime id", add("--id", "24 OR 1=1")),
        case("showtime add without flags", 2, "--movie", &["showtime", "add"]),
        case("showtime unknown subcommand", 2, "remove", &["showtime", "remove", "24"]),
        case("showtime without subcommand", 2, "Usage", &["showtime"]),
        case("showtime list unknown flag", 2, "--bogus", &["showtime", "list", "--bogus"]),
        // ---- init ----
        case("init unknown flag", 2, "--bogus", &["init", "--bogus"]),
        case("init --demo with a value", 2, "--demo", &["init", "--demo=yes"]),
        case("init --db a directory", 2, "directory", &["init", "--db", &d.dir]),
        case("init --db garbage", 2, "not a SQLite database", &["init", "--db", &d.garbage]),
        // ---- global: --db ----
        case("bookings --db garbage", 2, "not a SQLite database", &["bookings", "--db", &d.garbage]).json(),
        case("reserve --db garbage", 2, "not a SQLite database", &["reserve", "--showtime", "24", "--user", "9", "A1", "--db", &d.garbage]),
        case("showtime list --db garbage", 2, "not a SQLite database", &["showtime", "list", "--db", &d.garbage]),
        case("bookings --db a directory", 2, "directory", &["bookings", "--db", &d.dir]),
        case("BOXOFFICE_DB a directory", 2, "directory", &["showtime", "list"]).env("BOXOFFICE_DB", d.dir.clone()),
        case("bookings --db another program's SQLite", 2, "not a boxoffice database", &["bookings", "--db", &d.foreign]),
        case("bookings --db missing", 4, "boxoffice init", &["bookings", "--db", &d.missing]),
        case("--db empty", 2, "--db", &["bookings", "--db", ""]),
        // ---- global: --redis-url ----
        case("redis-url not a URL", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "notaurl"]).json(),
        case("redis-url unclosed IPv6", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://[::1"]),
        case("redis-url password not echoed", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://:s3cret@[::1"]).forbid("s3cret").json(),
        case("redis-url empty", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", ""]),
        case("redis-url wrong scheme", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "http://127.0.0.1:6379"]),
        case("redis-url port out of range", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://127.0.0.1:99999"]),
        case("redis-url ESC", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-url", "redis://127.0.0.1:6379/0\x1b[2J"]),
        case("REDIS_URL env not a URL", 2, "invalid Redis URL", &["reserve", "--showtime", "24", "--user", "9", "A1"]).env("REDIS_URL", "notaurl"),
        case("confirm with a bad redis-url", 2, "invalid Redis URL", &["confirm", "--booking", pending, "--payment-id", "pay_new", "--redis-url", "notaurl"]),
        case("release with a bad redis-url", 2, "invalid Redis URL", &["release", "--showtime", "24", "--user", "7", "--redis-url", "redis://[::1"]),
        // ---- global: --redis-timeout, --color ----
        case("redis-timeout 0s", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "0s"]),
        case("redis-timeout 10m", 2, "at most 5m", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "10m"]),
        case("redis-timeout word", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "ten"]),
        case("redis-timeout bare number", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout", "10"]),
        case("redis-timeout negative", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1", "--redis-timeout=-1s"]),
        case("BOXOFFICE_REDIS_TIMEOUT env 0s", 2, "invalid timeout", &["reserve", "--showtime", "24", "--user", "9", "A1"]).env("BOXOFFICE_REDIS_TIMEOUT", "0s"),
        case("color unknown", 2, "--color", &["bookings", "--color", "sometimes"]),
        // ---- ttl ----
        case("ttl seat glob", 2, "invalid seat id", &["ttl", "--showtime", "24", "--seat", "A*"]),
        case("ttl extend 0s", 2, "--extend", &["ttl", "--showtime", "24", "--user", "7", "--extend", "0s"]),
        case("ttl extend 25h", 2, "--extend", &["ttl", "--showtime", "24", "--user", "7", "--extend", "25h"]),
        case("ttl showtime does not exist", 4, "showtime 999", &["ttl", "--showtime", "999", "--user", "7"]),
        case("ttl without --user or --seat", 2, "--user", &["ttl", "--showtime", "24"]),
    ]
}

#[test]
fn hostile_input_is_refused_with_the_right_code_and_changes_nothing() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let pending = r["booking_id"].as_i64().unwrap().to_string();
    let s = env.json("reserve --showtime 24 --user 8 B1");
    let sold = s["booking_id"].as_i64().unwrap().to_string();
    env.json(&["confirm", "--booking", &sold, "--payment-id", "pay_ok"]);
    let d = decoys(&env);

    let cases = table(&pending, &sold, &d);
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        failures.extend(check(&env, &d.root, c));
    }
    // The world the table ran against is intact.
    assert_eq!(env.booking_status(pending.parse().unwrap()), "PENDING");
    assert_eq!(env.booking_status(sold.parse().unwrap()), "CONFIRMED");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    fail_with(failures, cases.len());
}

/// A value already sitting in the scheme's keys, written by hand (or by other software).
struct Corruption {
    name: &'static str,
    /// Commands run first, as any client would.
    before: &'static [&'static [&'static str]],
    /// Raw Redis commands that plant the bad value.
    plant: Vec<Vec<String>>,
    args: &'static [&'static str],
    code: i32,
    msg: &'static str,
    /// For a command that succeeds: what must hold afterwards.
    then: fn(&Env) -> Result<(), String>,
}

fn cmd(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

fn nothing(_: &Env) -> Result<(), String> {
    Ok(())
}

fn lock_is(env: &Env, seat: &str, user: &str) -> Result<(), String> {
    let key = format!("seat_lock:24:{seat}");
    let v: Option<String> = env.con().get(&key).map_err(|e| format!("GET {key}: {e}"))?;
    if v.as_deref() != Some(user) {
        return Err(format!("{key} is {v:?}, want {user:?}"));
    }
    let ttl = env.pttl(&key);
    if ttl <= 0 {
        return Err(format!("{key} has no TTL ({ttl})"));
    }
    Ok(())
}

fn a5_held_by_7(env: &Env) -> Result<(), String> {
    lock_is(env, "A5", "7")?;
    let n = env.count("SELECT COUNT(*) FROM bookings WHERE user_id = '7' AND status = 'PENDING'");
    if n != 1 {
        return Err(format!("{n} PENDING bookings for user 7"));
    }
    Ok(())
}

fn a1_held_by_7(env: &Env) -> Result<(), String> {
    lock_is(env, "A1", "7")
}

fn a1_free(env: &Env) -> Result<(), String> {
    match env.get("seat_lock:24:A1") {
        None => Ok(()),
        Some(v) => Err(format!("seat_lock:24:A1 still {v:?}")),
    }
}

fn corruptions() -> Vec<Corruption> {
    let huge = "x".repeat(1_000_000);
    vec![
        Corruption {
            name: "seat lock is a list",
            before: &[],
            plant: vec![cmd(&["LPUSH", "seat_lock:24:A1", "7"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 3,
            msg: "A1",
            then: nothing,
        },
        Corruption {
            // Issue 11 item 10: inspect's fix for a corrupt lock is this forced release, so it
            // removes the key (the staff member asked for the seat back, whatever holds it).
            name: "seat lock is a hash, staff force-release",
            before: &[],
            plant: vec![cmd(&["HSET", "seat_lock:24:A1", "user", "7"])],
            args: &[
                "release",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--force",
                "--yes",
            ],
            code: 0,
            msg: "",
            then: a1_free,
        },
        Corruption {
            name: "seat lock holder has control characters",
            before: &[],
            plant: vec![cmd(&[
                "SET",
                "seat_lock:24:A1",
                "evil\x1b[2J\rX",
                "EX",
                "600",
            ])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 3,
            msg: "A1",
            then: nothing,
        },
        Corruption {
            name: "seat lock holder is 1 MB",
            before: &[],
            plant: vec![vec![
                "SET".into(),
                "seat_lock:24:A1".into(),
                huge,
                "EX".into(),
                "600".into(),
            ]],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 3,
            msg: "A1",
            then: nothing,
        },
        Corruption {
            name: "legacy holder (not a valid user id), staff force-release",
            before: &[],
            plant: vec![cmd(&["SET", "seat_lock:24:A1", "legacy_user", "EX", "600"])],
            args: &[
                "release",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--force",
                "--yes",
            ],
            code: 0,
            msg: "",
            then: a1_free,
        },
        Corruption {
            name: "reserved_seats is not JSON",
            before: &[],
            plant: vec![cmd(&["SET", "reserved_seats_24", "not json", "EX", "600"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "reserved_seats is a hash",
            before: &[],
            plant: vec![cmd(&["HSET", "reserved_seats_24", "A1", "7"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "reserved_seats holds non-strings",
            before: &[],
            plant: vec![cmd(&[
                "SET",
                "reserved_seats_24",
                r#"[1,{"a":2},null]"#,
                "EX",
                "600",
            ])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "seat_reservation is a set",
            before: &[],
            plant: vec![cmd(&["SADD", "seat_reservation_24_7", "A9"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A1"],
            code: 0,
            msg: "",
            then: a1_held_by_7,
        },
        Corruption {
            name: "seat_reservation turned into a set mid-hold",
            before: &[&["reserve", "--showtime", "24", "--user", "7", "A1"]],
            plant: vec![
                cmd(&["DEL", "seat_reservation_24_7"]),
                cmd(&["SADD", "seat_reservation_24_7", "A9"]),
            ],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "seat_reservation is not JSON, release",
            before: &[&["reserve", "--showtime", "24", "--user", "7", "A1"]],
            plant: vec![cmd(&[
                "SET",
                "seat_reservation_24_7",
                "not json",
                "KEEPTTL",
            ])],
            args: &["release", "--showtime", "24", "--user", "7"],
            code: 0,
            msg: "",
            then: a1_free,
        },
        Corruption {
            name: "available_seats is a list",
            before: &[],
            plant: vec![cmd(&["RPUSH", "available_seats_24", "A5"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
        Corruption {
            name: "available_seats is truncated JSON",
            before: &[],
            plant: vec![cmd(&["SET", "available_seats_24", "[\"A5\",", "EX", "600"])],
            args: &["reserve", "--showtime", "24", "--user", "7", "A5"],
            code: 0,
            msg: "",
            then: a5_held_by_7,
        },
    ]
}

#[test]
fn wrong_type_and_malformed_redis_values_never_crash() {
    let list = corruptions();
    let mut failures = Vec::new();
    for c in &list {
        let env = Env::demo();
        for b in c.before {
            env.ok(*b);
        }
        {
            let mut con = env.con();
            for p in &c.plant {
                let mut rc = redis::cmd(&p[0]);
                for a in &p[1..] {
                    rc.arg(a);
                }
                rc.query::<redis::Value>(&mut con)
                    .unwrap_or_else(|e| panic!("{}: planting {:?}: {e}", c.name, p[0]));
            }
        }
        let case = Case {
            name: c.name,
            args: cmd(c.args),
            env: Vec::new(),
            code: c.code,
            msg: c.msg.to_string(),
            forbid: Vec::new(),
            json: false,
        };
        let files = env.dir.path().join("none");
        if c.code != 0 {
            // Refused: same checks as the table, plus a --json twin and a bounded message.
            let mut found = check(&env, &files, &Case { json: true, ..case });
            let out = run(&env, &[], &cmd(c.args));
            if out.stderr.len() > 10_000 {
                found.push(report(
                    c.name,
                    false,
                    &[],
                    &cmd(c.args),
                    &out,
                    &[format!(
                        "stderr is {} bytes: a value from Redis is echoed without a length cap",
                        out.stderr.len()
                    )],
                ));
            }
            failures.extend(found);
        } else {
            let args = cmd(c.args);
            let before = state(&env, &files);
            let out = run(&env, &[], &args);
            let after = state(&env, &files);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let mut problems = Vec::new();
            if out.status.code() != Some(0) {
                problems.push(format!(
                    "exit code: expected 0, got {:?}",
                    out.status.code()
                ));
                // Whatever the code, a failed command must not have written anything.
                problems.extend(diff(&before, &after));
            }
            if stderr.contains("panicked") || stderr.contains("internal error (a bug)") {
                problems.push("panicked".into());
            }
            if let Err(e) = (c.then)(&env) {
                problems.push(e);
            }
            if !problems.is_empty() {
                failures.push(report(c.name, false, &[], &args, &out, &problems));
            }
        }
    }
    fail_with(failures, list.len());
}

/// `--id` accepts ids up to 2^53; the next automatic id must not be one the tool then rejects
/// after writing it.
#[test]
fn automatic_showtime_id_past_the_largest_accepted_id() {
    let env = Env::demo();
    let add = |extra: &[&str]| -> Vec<String> {
        let mut a = cmd(&[
            "showtime",
            "add",
            "--movie",
            "Dune",
            "--starts",
            "2099-12-01T20:00:00Z",
            "--rows",
            "A",
            "--seats-per-row",
            "2",
        ]);
        a.extend(cmd(extra));
        a
    };
    let top = add(&["--id", "9007199254740992"]);
    let out = run(&env, &[], &top);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut problems = Vec::new();
    let before = env.db_state();
    let next = add(&[]);
    let out = run(&env, &[], &next);
    let code = out.status.code();
    let after = env.db_state();
    if code != Some(0) && before != after {
        problems.push(format!(
            "refused with exit {code:?} but wrote to SQLite:\n  before {}\n  after  {}",
            before.replace('\n', " / "),
            after.replace('\n', " / ")
        ));
    }
    let list = run(&env, &[], &cmd(&["showtime", "list"]));
    if list.status.code() != Some(0) {
        problems.push(format!(
            "afterwards `showtime list` exits {:?}: {}",
            list.status.code(),
            clip(&String::from_utf8_lossy(&list.stderr), 300)
        ));
    }
    if !problems.is_empty() {
        panic!(
            "{}",
            report("automatic id past 2^53", false, &[], &next, &out, &problems)
        );
    }
}

/// Whether `text` says what was wrong with the case: its expected words, or, for an argument
/// carrying control characters (refused up front, before any parsing), "control characters"
/// together with the flag the argument belongs to.
fn mentions(c: &Case, text: &str) -> bool {
    if text.contains(&c.msg) {
        return true;
    }
    let bad = c.args.iter().position(|a| a.chars().any(char::is_control));
    let Some(i) = bad else {
        return false;
    };
    let flag_named = match c.args[..i].last() {
        Some(prev) if prev.starts_with("--") => text.contains(prev.as_str()),
        _ => true,
    };
    text.contains("control characters") && flag_named
}

/// `--db postgres://…` (or any URL) is not a file path: exit 2, and no `postgres:` directory.
#[test]
fn a_database_url_is_refused_and_creates_nothing() {
    let env = Env::bare();
    let cwd = tempfile::tempdir().unwrap();
    for (db, args) in [
        ("postgres://bob:s3cret@db.example/boxoffice", &["init"][..]),
        (
            "postgres://bob:s3cret@db.example/boxoffice",
            &["bookings"][..],
        ),
        ("sqlite:///var/lib/boxoffice.db", &["init", "--demo"][..]),
        (
            "mysql://h/db",
            &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        ),
    ] {
        for json in [false, true] {
            let mut c = env.cmd();
            c.current_dir(cwd.path()).env("BOXOFFICE_DB", db).args(args);
            if json {
                c.arg("--json");
            }
            let out = c.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{db} {args:?}: {stderr}");
            assert!(
                stderr.contains("URL") && stderr.contains("file path"),
                "{stderr}"
            );
            assert!(stderr.contains("env BOXOFFICE_DB"), "{stderr}");
            assert!(!stderr.contains("s3cret"), "{stderr}");
            if json {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(v["error"]["kind"], "invalid");
            }
        }
        let out = env
            .cmd()
            .current_dir(cwd.path())
            .args(["--db", db, "bookings"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("flag --db"));
    }
    let created: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(created.is_empty(), "created {created:?}");
}

/// A database migrated by a newer boxoffice: exit 2 naming the schema, for every command, and
/// the file is left alone.
#[test]
fn a_database_from_a_newer_boxoffice_is_exit_2_upgrade() {
    let env = Env::demo();
    env.sqlite()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let before = std::fs::read(&env.db).unwrap();
    for args in [
        &["bookings"][..],
        &["init"][..],
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &["inspect", "24"][..],
        &["sweep"][..],
    ] {
        let e = env.json_err(2, args);
        let msg = e["message"].as_str().unwrap();
        assert_eq!(e["kind"], "invalid", "{args:?}");
        assert!(
            msg.contains("written by a newer boxoffice (schema 99")
                && msg.contains("upgrade boxoffice"),
            "{args:?}: {msg}"
        );
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert!(env.locks().is_empty());
}

/// A Redis database number the server does not have is the URL's fault: exit 2, not 5.
#[test]
fn a_redis_db_out_of_range_is_exit_2() {
    let env = Env::demo();
    let url = format!("redis://127.0.0.1:{}/99", env.redis.port);
    for args in [
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &["inspect", "24"][..],
    ] {
        let mut a = vec!["--redis-url", url.as_str()];
        a.extend_from_slice(args);
        let e = env.json_err(2, &a);
        let msg = e["message"].as_str().unwrap();
        assert_eq!(e["kind"], "invalid");
        assert!(msg.contains("/99") && msg.contains("out of range"), "{msg}");
    }
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
}

/// A bad URL's error is whole (it used to stop after 40 characters, mid-word), names where
/// the URL came from, and `config` marks it and exits 2.
#[test]
fn a_bad_redis_url_is_explained_whole_and_config_flags_it() {
    let env = Env::demo();
    let url = "redis://:s3cret@127.0.0.1:6390/notanumber";
    let (_, stderr) = env.fails(
        2,
        &[
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "--redis-url",
            url,
        ],
    );
    assert!(
        stderr.contains("Invalid database number; expected redis://"),
        "{stderr}"
    );
    assert!(stderr.contains("(from flag --redis-url)"), "{stderr}");
    assert!(
        !stderr.contains("s3cret") && !stderr.contains('…'),
        "{stderr}"
    );
    let out = env
        .cmd()
        .env("REDIS_URL", url)
        .arg("config")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        stdout.contains("(INVALID)") && !stdout.contains("s3cret"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("(from env REDIS_URL)"));
    let out = env
        .cmd()
        .env("REDIS_URL", url)
        .args(["config", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "invalid");
    assert!(v["settings"]["redis_url"]["invalid"].is_string(), "{v}");
    assert_eq!(v["settings"]["redis_url"]["source"], "env");
    assert!(!v.to_string().contains("s3cret"));
}

/// Something that is not Redis (here an HTTP server) at the URL's address: exit 5, said in
/// words, without the parser's internals.
#[test]
fn a_server_that_does_not_speak_redis_is_named_as_such() {
    let env = Env::demo();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { break };
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf);
                let _ = s.write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            });
        }
    });
    let url = format!("redis://127.0.0.1:{port}/0");
    for args in [
        &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
        &["inspect", "24"][..],
        &["sweep"][..],
    ] {
        let mut a = vec!["--redis-url", url.as_str()];
        a.extend_from_slice(args);
        let e = env.json_err(5, &a);
        let msg = e["message"].as_str().unwrap();
        assert_eq!(e["service"], "redis");
        assert!(msg.contains("did not answer as Redis"), "{args:?}: {msg}");
        for internals in ["Parse", "parse", "expected", "HTTP"] {
            assert!(!msg.contains(internals), "{args:?}: {msg}");
        }
    }
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
}

/// `inspect --seat` on a seat the layout doesn't have is exit 4, as `reserve` is.
#[test]
fn inspecting_a_seat_not_in_the_layout_is_exit_4() {
    let env = Env::demo();
    let e = env.json_err(4, "inspect 24 --seat Z99");
    assert_eq!(e["kind"], "not_found");
    assert!(e["message"].as_str().unwrap().contains("Z99"), "{e}");
    env.fails(4, "inspect 24 --seat Z99");
    env.fails(4, "inspect 999 --seat A1");
    // A lock someone wrote for such a seat is still there to inspect.
    let _: () = env.con().set("seat_lock:24:Z99", "7").unwrap();
    let r = env.json("inspect 24 --seat Z99");
    assert_eq!(r["in_layout"], false);
}

/// A panic (a bug, stood in for by a failpoint) is exit 1 with one `error: internal error (a
/// bug)` line, as documented, not Rust's exit 101 and its "thread main panicked" text.
#[test]
fn a_panic_is_exit_1_with_a_one_line_error() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1");
    let id = r["booking_id"].as_i64().unwrap().to_string();
    for json in [false, true] {
        let mut c = env.cmd();
        c.env("BOXOFFICE_FAILPOINT", "confirm-before-sqlite:panic")
            .args(["confirm", "--booking", &id, "--payment-id", "pay_1"]);
        if json {
            c.arg("--json");
        }
        let out = c.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.starts_with("error: internal error (a bug): "),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        if json {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["error"]["kind"], "internal", "{v}");
        }
    }
    assert_eq!(env.booking_status(id.parse().unwrap()), "PENDING");
}

/// `ttl --extend` on a hold that still has time in SQLite but whose locks Redis lost points
/// to `sweep`, which restores them; then the extend works.
#[test]
fn extending_a_hold_whose_locks_were_lost_points_to_sweep() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 C1 C2");
    let _: () = env.con().del("seat_lock:24:C1").unwrap();
    let extend = ["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"];
    let e = env.json_err(4, &extend);
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("lost its locks on C1") && msg.contains("boxoffice sweep"),
        "{msg}"
    );
    assert!(!msg.contains("run out"), "{msg}");
    env.ok("sweep");
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("7"));
    env.ok(&extend);
}

/// The byte sequences that must never reach a terminal raw: ESC, BEL, CSI (C1, as UTF-8), and
/// the bidi override / zero-width characters as UTF-8.
fn raw_hostile(text: &[u8]) -> Option<&'static str> {
    let pats: [(&str, &[u8]); 7] = [
        ("ESC", b"\x1b"),
        ("BEL", b"\x07"),
        ("CSI", "\u{9b}".as_bytes()),
        ("U+202E", "\u{202e}".as_bytes()),
        ("U+2066", "\u{2066}".as_bytes()),
        ("U+200B", "\u{200b}".as_bytes()),
        ("U+FEFF", "\u{feff}".as_bytes()),
    ];
    pats.into_iter()
        .find(|(_, p)| text.windows(p.len()).any(|w| w == *p))
        .map(|(n, _)| n)
}

/// Issue 11 item 5: values written into Redis and SQLite by anyone with access (ESC, BEL, bidi
/// overrides, zero-width characters) are escaped wherever they are printed for people, and
/// `--json` carries them exactly.
#[test]
fn hostile_text_from_redis_and_sqlite_is_escaped_on_the_terminal_and_exact_in_json() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let lock = "evil\x1b]0;pwned\x07\x1b[2J\u{9b}31m";
    let res = "{\"seat_ids\":[\"A1\"],\"reserved_at\":1,\"x\":\"\x1b[5m\u{202e}\"}";
    let mut con = env.con();
    let _: () = con.set_ex("seat_lock:24:B2", lock, 600).unwrap();
    let _: () = con.set_ex("seat_lock:24:C\x1b[31m3", "8", 600).unwrap();
    let _: () = con.set_ex("seat_lock:24:D\u{202e}4", "8", 600).unwrap();
    let _: () = con.set_ex("seat_reservation_24_7", res, 600).unwrap();
    let _: () = con
        .set_ex("seat_reservation_24_x\x1b[2Jy", "\x07", 600)
        .unwrap();
    // Rows written by an older boxoffice, or by other software.
    let title = "Avengers \u{202e}txt.exe\u{2066}\u{200b}\u{feff}\x1b[1m";
    env.sqlite()
        .execute(
            "UPDATE showtimes SET movie = ?1, screen = ?2 WHERE id = 24",
            [title, "Screen \u{202e}1\x07"],
        )
        .unwrap();

    // --json has the exact values.
    let seat = env.json("inspect 24 --seat B2");
    assert_eq!(seat["lock"]["value"], lock, "{seat}");
    let user = env.json("inspect 24 --user 7");
    assert_eq!(user["reservation"]["value"], res, "{user}");

    let runs: Vec<Vec<&str>> = vec![
        vec!["inspect", "24"],
        vec!["inspect", "24", "--check"],
        vec!["inspect", "24", "--seat", "B2"],
        vec!["inspect", "24", "--seat", "A1"],
        vec!["inspect", "24", "--user", "7"],
        vec!["showtime", "list"],
        vec![
            "release",
            "--showtime",
            "24",
            "--seat",
            "B2",
            "--force",
            "--yes",
        ],
        vec!["inspect", "24", "--seat", "B2"],
        vec!["sweep", "-v"],
        vec!["sweep", "-v"],
    ];
    let mut all = String::new();
    for args in &runs {
        let out = env.run(args);
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if let Some(p) = raw_hostile(bytes) {
                panic!(
                    "boxoffice {args:?}: raw {p} on {what}:\n{}",
                    String::from_utf8_lossy(bytes).escape_debug()
                );
            }
        }
        all.push_str(&String::from_utf8_lossy(&out.stdout));
        all.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    // The escaped forms are there: the value is shown, not dropped.
    for shown in [
        "\\u{1b}]0;pwned\\u{7}",
        "\\u{202e}txt.exe\\u{2066}",
        "Screen \\u{202e}1\\u{7}",
    ] {
        assert!(all.contains(shown), "{shown} not shown in:\n{all}");
    }
    let list = env.json("showtime list");
    assert!(list.to_string().contains("txt.exe"), "{list}");
    let st = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["showtime_id"] == 24)
        .unwrap();
    assert_eq!(st["movie"], title, "{st}");
    let doc = env.json("inspect 24");
    assert!(
        doc["anomalies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["key"] == "seat_lock:24:C\x1b[31m3"),
        "{doc}"
    );
}

/// Issue 11 item 5: `showtime add` refuses titles and screen names with bidi overrides,
/// zero-width characters or controls (exit 2, nothing stored).
#[test]
fn showtime_add_refuses_bidi_and_zero_width_characters() {
    let env = Env::demo();
    let before = env.db_state();
    for (flag, bad) in [
        ("--movie", "Avengers \u{202e}3pm"),
        ("--movie", "Ave\u{200b}ngers"),
        ("--movie", "\u{feff}Avengers"),
        ("--movie", "Avengers \u{2067}x"),
        ("--movie", "Avengers\u{9b}2J"),
        ("--screen", "Screen \u{202d}1"),
    ] {
        let mut args = vec![
            "showtime",
            "add",
            "--starts",
            "2030-01-01T20:00:00Z",
            "--rows",
            "A-B",
            "--seats-per-row",
            "3",
        ];
        if flag == "--screen" {
            args.extend(["--movie", "Fine", "--screen", bad]);
        } else {
            args.extend(["--movie", bad]);
        }
        let (_, stderr) = env.fails(2, &args);
        assert!(stderr.contains(flag), "{stderr}");
        assert!(raw_hostile(stderr.as_bytes()).is_none(), "{stderr:?}");
    }
    assert_eq!(env.db_state(), before);
}
