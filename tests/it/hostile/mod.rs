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
//!
//! The machinery every case goes through (`check`: state before and after, exit code, output)
//! is here; the cases by what is hostile: `input` (arguments), `corrupt` (values already in
//! Redis), `setup` (database and Redis URLs, files, servers that are not what they claim),
//! `text` (text that would attack the terminal).

mod corrupt;
mod input;
mod setup;
mod text;

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

fn cmd(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

fn nothing(_: &Env) -> Result<(), String> {
    Ok(())
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
