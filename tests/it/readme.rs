//! The README is one real session, replayed: every `console` block runs, in order, against the
//! test's own Redis and SQLite, and what each command prints is compared with what the README
//! says it prints (snapbox does the comparing and the diff). So the README can't drift from the
//! binary.
//!
//! The README's syntax, which a reader never has to know:
//! - In a ```` ```console ```` block, a line starting with `$ ` is a command, run by `bash -c`
//!   with stdout and stderr merged (as a terminal shows them); the lines up to the next `$ ` are
//!   its expected output. `[..]` in an expected line matches anything within the line.
//! - `<!-- $ command -->` on a line of its own is a setup step the reader doesn't see (writing a
//!   broken key for `inspect` to find, say). It must exit 0; its output is not compared.
//! - `text` and `sh` blocks are never run.
//!
//! What differs from run to run is masked on both sides before comparing, so the README keeps
//! real-looking values: clock times, durations, the Redis port, and the process-id part of the
//! sale script's payment ids. Temp paths are written as `/tmp/tour` and the home directory as
//! `/home/clerk`.
//!
//! After changing what a command prints, rewrite the outputs from a real run with
//! `BOXOFFICE_BLESS=1 cargo test --test it readme`, and read the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use regex::Regex;
use snapbox::{Assert, Data};

use crate::server::RedisServer;

const TOUR_DB_DIR: &str = "/tmp/tour";
const TOUR_HOME: &str = "/home/clerk";
const TOUR_PORT: &str = "6379";

/// One thing to run, from the README.
enum Step {
    /// A `$ ` line of a console block, and the expected output lines after it.
    Shown {
        line: usize,
        command: String,
        expected: Vec<String>,
    },
    /// A `<!-- $ … -->` setup line.
    Hidden { line: usize, command: String },
}

fn parse(readme: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut in_console = false;
    let mut in_other = false;
    for (i, raw) in readme.lines().enumerate() {
        let line = i + 1;
        if in_console || in_other {
            if raw.trim_start().starts_with("```") {
                in_console = false;
                in_other = false;
            } else if in_console {
                if let Some(cmd) = raw.strip_prefix("$ ") {
                    steps.push(Step::Shown {
                        line,
                        command: cmd.to_string(),
                        expected: Vec::new(),
                    });
                } else if let Some(Step::Shown { expected, .. }) = steps.last_mut() {
                    expected.push(raw.to_string());
                } else {
                    panic!("README.md:{line}: output before the first `$ ` line of a block");
                }
            }
            continue;
        }
        if let Some(info) = raw.trim_start().strip_prefix("```") {
            in_console = info.trim() == "console";
            in_other = !in_console;
        } else if let Some(cmd) = raw
            .strip_prefix("<!-- $ ")
            .and_then(|r| r.strip_suffix(" -->"))
        {
            steps.push(Step::Hidden {
                line,
                command: cmd.to_string(),
            });
        }
    }
    steps
}

/// Masks what differs between runs. Applied to the README's text and to the actual output.
fn mask(text: &str) -> String {
    static RULES: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            // 2026-11-24 19:44:48 +00:00, 2026-11-24T19:38:01.198Z, 2026-11-24T19:38:01Z
            (
                r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?[+-]\d{2}:\d{2}|Z)?",
                "[TIME]",
            ),
            // 10m, 9m 59s, 1h 2m 3s, 250ms (humantime's and boxoffice's short forms)
            (r"\b\d+(h|m|s|ms)( \d+(h|m|s|ms))*\b", "[DUR]"),
            (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
            // The guide's reserved_at, in epoch seconds.
            (r#""reserved_at":\d+(\.\d+)?"#, r#""reserved_at":[EPOCH]"#),
            // examples/sale.sh: pay_{booking}_{pid}
            (r"\bpay_(\d+)_\d+\b", "pay_${1}_[PID]"),
            // "it started 0s ago" style ages, and ms figures in JSON
            (
                r#""(hold_seconds|ttl_ms|remaining_ms|age_ms)": \d+"#,
                r#""$1": [N]"#,
            ),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("mask regex"), to))
        .collect()
    });
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut l = line.trim_end().to_string();
        for (re, to) in RULES.iter() {
            l = re.replace_all(&l, *to).into_owned();
        }
        // A masked value changes a table's column widths: compare tables cell by cell.
        if l.starts_with('|') {
            static CELLS: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r" +\||\| +|-{2,}").expect("cell regex"));
            l = CELLS
                .replace_all(&l, |c: &regex::Captures| match &c[0] {
                    s if s.starts_with('-') => "-".to_string(),
                    s if s.starts_with('|') => "| ".to_string(),
                    _ => " |".to_string(),
                })
                .into_owned();
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// The session every step runs in: its own Redis, database directory and home.
struct Session {
    redis: RedisServer,
    root: tempfile::TempDir,
    bin_dir: PathBuf,
}

impl Session {
    fn start() -> Session {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(root.path().join("tour")).expect("db dir");
        std::fs::create_dir_all(root.path().join("home")).expect("home");
        let bin = assert_cmd::cargo::cargo_bin("boxoffice");
        Session {
            redis: RedisServer::start(),
            bin_dir: bin.parent().expect("bin dir").to_path_buf(),
            root,
        }
    }

    fn db_dir(&self) -> PathBuf {
        self.root.path().join("tour")
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// Runs one line as bash would, stdout and stderr merged.
    fn run(&self, command: &str) -> (Option<i32>, String) {
        let path = std::env::join_paths(std::iter::once(self.bin_dir.clone()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .expect("PATH");
        let script = format!(
            "exec 2>&1\n{}",
            command.replace(TOUR_DB_DIR, &self.db_dir().to_string_lossy())
        );
        let out = Command::new("bash")
            .args(["-c", &script])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.home())
            .env("USER", "clerk")
            .env("TZ", "UTC")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .env("REDIS_URL", self.redis.url())
            .env("BOXOFFICE_DB", self.db_dir().join("boxoffice.db"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run bash");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }

    /// The actual output as the README would show it: this run's paths and port replaced by
    /// the README's.
    fn as_shown(&self, output: &str) -> String {
        let output = replace_padded(output, &self.db_dir().to_string_lossy(), TOUR_DB_DIR);
        replace_padded(&output, &self.home().to_string_lossy(), TOUR_HOME).replace(
            &format!("127.0.0.1:{}", self.redis.port),
            &format!("127.0.0.1:{TOUR_PORT}"),
        )
    }
}

/// Replaces `from` by `to`, keeping a table's columns aligned: in a table cell, the spaces after the
/// word that starts with `from` grow or shrink by the difference in length (at least one is kept).
fn replace_padded(text: &str, from: &str, to: &str) -> String {
    let re = Regex::new(&format!(r"{}(\S*)( +\|)?", regex::escape(from))).expect("path regex");
    re.replace_all(text, |c: &regex::Captures| match c.get(2) {
        Some(cell_end) => {
            let pad = (cell_end.len() - 1 + from.len())
                .saturating_sub(to.len())
                .max(1);
            format!("{to}{}{}|", &c[1], " ".repeat(pad))
        }
        None => format!("{to}{}", &c[1]),
    })
    .into_owned()
}

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

#[test]
fn readme_is_one_real_session() {
    let readme = std::fs::read_to_string(readme_path()).expect("read README.md");
    let steps = parse(&readme);
    assert!(
        steps
            .iter()
            .filter(|s| matches!(s, Step::Shown { .. }))
            .count()
            > 20,
        "the README's console blocks were not found"
    );
    let bless = std::env::var_os("BOXOFFICE_BLESS").is_some();
    let session = Session::start();
    let mut failures = Vec::new();
    // (line of the first expected line, how many lines, the new lines), for blessing.
    let mut rewrites: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for step in &steps {
        match step {
            Step::Hidden { line, command } => {
                let (code, out) = session.run(command);
                assert_eq!(
                    code,
                    Some(0),
                    "README.md:{line}: setup step `{command}` failed:\n{out}"
                );
            }
            Step::Shown {
                line,
                command,
                expected,
            } => {
                let (_, out) = session.run(command);
                let shown = session.as_shown(&out);
                let want = mask(&expected.join("\n"));
                let got = mask(&shown);
                if bless {
                    // Only what really changed is rewritten, so a bless doesn't churn every
                    // clock time in the README.
                    if got != want {
                        let lines = shown.lines().map(|l| l.trim_end().to_string()).collect();
                        rewrites.push((line + 1, expected.len(), lines));
                    }
                    continue;
                }
                let name = format!("README.md:{line}: $ {command}");
                if let Err(e) = Assert::new().try_eq(Some(&name), Data::text(got), Data::text(want))
                {
                    failures.push(format!("{name}\n{e}"));
                }
            }
        }
    }
    if bless {
        let mut lines: Vec<String> = readme.lines().map(String::from).collect();
        for (start, len, new) in rewrites.into_iter().rev() {
            lines.splice(start - 1..start - 1 + len, new);
        }
        std::fs::write(readme_path(), lines.join("\n") + "\n").expect("write README.md");
        return;
    }
    assert!(
        failures.is_empty(),
        "{} README examples differ from what boxoffice prints (rewrite them with \
         `BOXOFFICE_BLESS=1 cargo test --test it readme` after checking the change is \
         intended):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_masks_hide_only_what_differs_between_runs() {
    assert_eq!(
        mask("until 2026-11-24 19:44:48 +00:00 — 9m 59s to pay, port 127.0.0.1:41234"),
        "until [TIME] — [DUR] to pay, port 127.0.0.1:[PORT]\n"
    );
    assert_eq!(
        mask(r#"  "expires_at": "2026-11-24T19:48:01.198Z", booking 12, A10"#),
        "  \"expires_at\": \"[TIME]\", booking 12, A10\n"
    );
    assert_eq!(mask("pay_2_24044 pay_late_9"), "pay_2_[PID] pay_late_9\n");
    assert_eq!(
        mask("| held for 9m 59s more |    |\n|--------|---|"),
        mask("| held for 10m more   | |\n|---|---------|")
    );
}

#[test]
fn replaced_paths_keep_table_columns_aligned() {
    let row = "| db   | /tmp/.tmpAbCdEf12/tour/boxoffice.db | flag --db |";
    assert_eq!(
        replace_padded(row, "/tmp/.tmpAbCdEf12/tour", "/tmp/tour"),
        "| db   | /tmp/tour/boxoffice.db              | flag --db |"
    );
    assert_eq!(
        replace_padded("| /tmp/x/boxoffice.db   |", "/tmp/x", "/tmp/tour"),
        "| /tmp/tour/boxoffice.db |"
    );
}

#[test]
fn the_parser_finds_commands_outputs_and_hidden_steps() {
    let md = "text\n<!-- $ redis-cli SET k v -->\n```console\n$ boxoffice a\nout 1\nout 2\n$ b\n```\n\
              ```sh\n$ not run\n```\n";
    let steps = parse(md);
    assert_eq!(steps.len(), 3);
    assert!(
        matches!(&steps[0], Step::Hidden { command, line: 2 } if command == "redis-cli SET k v")
    );
    assert!(
        matches!(&steps[1], Step::Shown { command, expected, line: 4 } if command == "boxoffice a" && expected == &["out 1", "out 2"])
    );
    assert!(
        matches!(&steps[2], Step::Shown { command, expected, .. } if command == "b" && expected.is_empty())
    );
}
