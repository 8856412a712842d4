//! The command line as a surface: help that teaches, completions and man pages that match the
//! binary, settings that resolve in the documented order, and no prompt without a terminal.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::Env;

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `BOXOFFICE_BLESS=1 cargo test --test it fresh` rewrites the checked-in files.
fn bless() -> bool {
    std::env::var_os("BOXOFFICE_BLESS").is_some_and(|v| v == "1")
}

const SHELLS: &[(&str, &str)] = &[
    ("bash", "boxoffice.bash"),
    ("zsh", "_boxoffice"),
    ("fish", "boxoffice.fish"),
    ("powershell", "_boxoffice.ps1"),
    ("elvish", "boxoffice.elv"),
];

fn stale(what: &Path) -> String {
    format!(
        "{} is stale: the CLI changed since it was generated. Regenerate the checked-in \
         completions and man pages with:\n    BOXOFFICE_BLESS=1 cargo test --test it fresh\n\
         and commit the result.",
        what.display()
    )
}

#[test]
fn fresh_completions_match_the_cli() {
    let env = Env::bare();
    for (shell, file) in SHELLS {
        let generated = env.ok(&["completions", shell]);
        assert!(generated.contains("boxoffice"), "{shell}: {generated}");
        let path = repo().join("completions").join(file);
        if bless() {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(checked_in == generated, "{}", stale(&path));
    }
}

#[test]
fn fresh_man_pages_match_the_cli() {
    let env = Env::bare();
    let out = env.dir.path().join("man");
    std::fs::create_dir(&out).unwrap();
    env.ok(&["man", "--dir", out.to_str().unwrap()]);
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".1"))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let generated = names(&out);
    assert!(generated.contains(&"boxoffice.1".to_string()));
    assert!(generated.contains(&"boxoffice-reserve.1".to_string()));
    let man = repo().join("man");
    if bless() {
        for old in names(&man) {
            std::fs::remove_file(man.join(old)).unwrap();
        }
        for n in &generated {
            std::fs::copy(out.join(n), man.join(n)).unwrap();
        }
        return;
    }
    assert_eq!(names(&man), generated, "{}", stale(&man));
    for n in &generated {
        let want = std::fs::read_to_string(out.join(n)).unwrap();
        let have = std::fs::read_to_string(man.join(n)).unwrap();
        assert!(want == have, "{}", stale(&man.join(n)));
    }
    // `boxoffice man` prints the top page itself.
    let page = env.ok("man");
    assert_eq!(
        page,
        std::fs::read_to_string(man.join("boxoffice.1")).unwrap()
    );
    assert!(page.contains(".TH boxoffice 1"), "{page}");
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `bash -n` always (bash is everywhere); zsh and fish where installed (`.ci/test` installs
/// both, so CI checks all three).
#[test]
fn completion_scripts_are_valid_shell() {
    let dir = repo().join("completions");
    let checks: &[(&str, &[&str], &str)] = &[
        ("bash", &["-n"], "boxoffice.bash"),
        ("zsh", &["-n"], "_boxoffice"),
        ("fish", &["--no-execute"], "boxoffice.fish"),
    ];
    for (shell, flags, file) in checks {
        if *shell != "bash" && !have(shell) {
            eprintln!("note: {shell} is not installed; not checking {file} (CI installs it)");
            continue;
        }
        let out = Command::new(shell)
            .args(*flags)
            .arg(dir.join(file))
            .output()
            .unwrap_or_else(|e| panic!("running {shell}: {e}"));
        assert!(
            out.status.success(),
            "{shell} {flags:?} {file} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The dynamic registration scripts must parse too.
    let env = Env::bare();
    for (shell, flags) in [
        ("bash", &["-n"][..]),
        ("zsh", &["-n"]),
        ("fish", &["--no-execute"]),
    ] {
        if shell != "bash" && !have(shell) {
            continue;
        }
        let out = env.cmd().env("COMPLETE", shell).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let script = env.dir.path().join(format!("dynamic.{shell}"));
        std::fs::write(&script, &out.stdout).unwrap();
        let check = Command::new(shell)
            .args(flags)
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "dynamic {shell} script: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

/// Every command and subcommand, as the words to type.
fn all_commands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&boxoffice::cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn every_command_has_a_purpose_and_a_real_example() {
    let env = Env::bare();
    let commands = all_commands();
    assert!(commands.len() >= 14, "{commands:?}");
    for path in commands {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.ok(&args);
        let first = help.lines().next().unwrap_or_default();
        assert!(
            !first.is_empty() && !first.starts_with("Usage"),
            "`boxoffice {}` has no one-line purpose:\n{help}",
            path.join(" ")
        );
        // Commands with subcommands list them; leaves show an example that runs this command.
        let is_group = help.contains("\nCommands:\n");
        if !is_group {
            let example = format!("  boxoffice {}", path.join(" "));
            assert!(
                help.contains("Examples:") && help.contains(&example),
                "`boxoffice {}` --help has no example starting with {example:?}:\n{help}",
                path.join(" ")
            );
        }
    }
}

#[test]
fn top_level_help_groups_the_commands() {
    let env = Env::bare();
    let help = env.ok("--help");
    let section = |title: &str| -> Vec<String> {
        let start = help
            .find(&format!("\n{title} commands:\n"))
            .unwrap_or_else(|| panic!("no {title} group:\n{help}"));
        help[start..]
            .lines()
            .skip(2)
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        section("Everyday"),
        ["reserve", "confirm", "release", "move", "bookings"]
    );
    assert_eq!(
        section("Support"),
        ["inspect", "ttl", "sweep", "doctor", "keys"]
    );
    assert_eq!(section("Reports"), ["report", "history", "watch"]);
    assert_eq!(section("Payments"), ["order", "webhook"]);
    assert_eq!(section("Catalog"), ["init", "showtime", "hall"]);
    assert_eq!(section("Setup"), ["config", "completions", "man"]);
    // Every top-level command is in exactly one group.
    let mut grouped: Vec<&str> = boxoffice::cli::GROUPS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    grouped.sort();
    let mut real: Vec<String> = boxoffice::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    real.sort();
    assert_eq!(grouped, real);
    assert!(help.contains("Exit codes:"), "{help}");
}

#[test]
fn dynamic_completion_offers_showtimes_and_free_seats_from_the_db() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let complete = |words: &[&str]| -> Vec<String> {
        let out = env
            .cmd()
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("boxoffice")
            .args(words)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.to_string())
            .collect()
    };
    let showtimes = complete(&["reserve", "--showtime", ""]);
    assert_eq!(showtimes.len(), 1, "{showtimes:?}");
    assert!(showtimes[0].starts_with("24\tAvengers"), "{showtimes:?}");
    // A1 is held, so reserve doesn't offer it; A10..A12 are free.
    let seats = complete(&["reserve", "--showtime", "24", "--user", "8", "A1"]);
    let ids: Vec<&str> = seats
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["A10", "A11", "A12"], "{seats:?}");
    // inspect --seat offers every seat, saying who holds it.
    let seats = complete(&["inspect", "24", "--seat", "A1"]);
    assert!(seats.contains(&"A1\theld by 7".to_string()), "{seats:?}");
    // No database: no candidates, no error text.
    let out = env
        .cmd()
        .env("COMPLETE", "fish")
        .env("BOXOFFICE_DB", env.dir.path().join("nope.db"))
        .args(["--", "boxoffice", "reserve", "--showtime", ""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert!(!env.dir.path().join("nope.db").exists());
}

#[test]
fn config_file_env_and_flags_resolve_in_order_and_mask_passwords() {
    let env = Env::demo();
    let home_cfg = env.dir.path().join(".config/boxoffice");
    std::fs::create_dir_all(&home_cfg).unwrap();
    // The file names the real test Redis and a 2m hold; env and flags are absent.
    std::fs::write(
        home_cfg.join("config.toml"),
        format!(
            "redis_url = \"{}\"\nhold = \"2m\"\nredis_timeout = \"4s\"\n",
            env.redis.url()
        ),
    )
    .unwrap();
    let cfg = |extra: &[(&str, &str)], args: &[&str]| -> serde_json::Value {
        let mut c = env.cmd();
        c.env_remove("REDIS_URL")
            .env_remove("BOXOFFICE_REDIS_TIMEOUT");
        for (k, v) in extra {
            c.env(k, v);
        }
        let out = c.args(["config", "--json"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = cfg(&[], &[]);
    assert_eq!(v["config_file"]["found"], true);
    assert_eq!(v["settings"]["hold"]["value"], "2m");
    assert_eq!(v["settings"]["hold"]["source"], "file");
    assert_eq!(v["settings"]["redis_timeout"]["value"], "4s");
    assert_eq!(v["settings"]["db"]["source"], "env");
    assert_eq!(v["settings"]["db"]["from"], "BOXOFFICE_DB");
    // env beats file; a flag beats env.
    let v = cfg(&[("BOXOFFICE_HOLD", "3m")], &[]);
    assert_eq!(v["settings"]["hold"]["value"], "3m");
    assert_eq!(v["settings"]["hold"]["source"], "env");
    let v = cfg(
        &[("REDIS_URL", "redis://:hunter2@127.0.0.1:1/0")],
        &["--redis-url", "redis://admin:s3cret@127.0.0.1:2/0"],
    );
    assert_eq!(v["settings"]["redis_url"]["source"], "flag");
    let text = v.to_string();
    assert!(
        !text.contains("s3cret") && !text.contains("hunter2"),
        "{text}"
    );
    // The human table masks it too.
    let out = env
        .cmd()
        .args([
            "config",
            "--redis-url",
            "redis://admin:s3cret@127.0.0.1:2/0",
        ])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("***@127.0.0.1:2") && !shown.contains("s3cret"),
        "{shown}"
    );

    // The file's hold is what a reserve actually gets: the lock's TTL is about 2 minutes.
    let out = env
        .cmd()
        .env_remove("REDIS_URL")
        .args(["reserve", "--showtime", "24", "--user", "7", "C3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let ttl = env.pttl("seat_lock:24:C3");
    assert!((100_000..=120_000).contains(&ttl), "pttl {ttl}");
    // --hold beats the file.
    env.ok("reserve --showtime 24 --user 8 C4 --hold 30s");
    assert!(env.pttl("seat_lock:24:C4") <= 30_000);

    // A typo in the file is an error naming the file and the key, and changes nothing.
    std::fs::write(home_cfg.join("config.toml"), "redis-url = \"x\"\n").unwrap();
    let before = env.redis_state();
    let (_, err) = env.fails(2, "reserve --showtime 24 --user 9 D1");
    assert!(
        err.contains("config.toml") && err.contains("redis-url"),
        "{err}"
    );
    assert_eq!(env.redis_state(), before);
    // ...but completions and the manual still work.
    env.ok("completions bash");
    env.ok("man");
    // An explicit --config that doesn't exist is an error; the default one missing is not.
    let (_, err) = env.fails(2, "config --config /nonexistent/boxoffice.toml");
    assert!(err.contains("no such file"), "{err}");
    std::fs::remove_file(home_cfg.join("config.toml")).unwrap();
    let path = env.ok("config --path");
    assert_eq!(path.trim(), home_cfg.join("config.toml").to_str().unwrap());
    // A bad environment value names the variable.
    let out = env
        .cmd()
        .env("BOXOFFICE_HOLD", "forever")
        .args(["bookings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BOXOFFICE_HOLD"));
}

/// Without a terminal nothing waits: each would-be prompt is an immediate exit 2 naming what
/// to pass, and nothing changes.
#[test]
fn without_a_terminal_nothing_prompts() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let before = (env.redis_state(), env.db_state());
    let cases: &[(&[&str], &str)] = &[
        (
            &["reserve", "--showtime", "24", "--user", "8"],
            "no seats given",
        ),
        (
            &["release", "--showtime", "24", "--seat", "A1", "--force"],
            "--yes",
        ),
        (
            &[
                "ttl",
                "--showtime",
                "24",
                "--user",
                "7",
                "--extend",
                "3h",
                "--force",
            ],
            "--yes",
        ),
    ];
    for (args, says) in cases {
        let start = std::time::Instant::now();
        // stdin is an open pipe that never sends anything: a prompt would hang until timeout.
        let mut child = env
            .process()
            .args(*args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let _stdin = child.stdin.take();
        let out = wait_with_deadline(child, std::time::Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }
    assert_eq!((env.redis_state(), env.db_state()), before);
}

fn wait_with_deadline(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> std::process::Output {
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the command waited for input with no terminal");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Colour follows --color, then NO_COLOR and whether the stream is a terminal; --json and
/// pipes get none.
#[test]
fn colour_follows_the_flag_and_no_color_and_never_reaches_json() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let esc = |s: &str| s.contains('\x1b');
    // The harness sets NO_COLOR=1 and stdout is a pipe: auto means none.
    assert!(!esc(&env.ok("inspect 24")));
    assert!(!esc(&env.ok("inspect 24 --color never")));
    assert!(!esc(&env.ok("bookings")));
    // An explicit --color always beats NO_COLOR, on stdout and on stderr.
    let map = env.ok("inspect 24 --color always");
    assert!(map.contains("\x1b[33;1mh\x1b[0m"), "{map:?}");
    assert!(esc(&env.ok("bookings --color always")));
    let (_, err) = env.fails(4, "reserve --showtime 99 --user 7 A1 --color always");
    assert!(err.starts_with("\x1b[31;1merror\x1b[0m: "), "{err:?}");
    let (_, err) = env.fails(4, "reserve --showtime 99 --user 7 A1");
    assert!(err.starts_with("error: "), "{err:?}");
    // Nothing decorative in JSON, whatever --color says.
    for args in [&["inspect", "24"][..], &["bookings"], &["showtime", "list"]] {
        let mut a = args.to_vec();
        a.extend(["--json", "--color", "always"]);
        let out = env.ok(&a);
        assert!(!esc(&out), "{args:?}: {out:?}");
    }
}

/// `boxoffice help [COMMAND]...` is clap's help subcommand: the same text as `--help`.
#[test]
fn help_subcommand_shows_the_same_help_as_the_flag() {
    let env = Env::bare();
    assert_eq!(env.ok("help"), env.ok("--help"));
    assert_eq!(env.ok("help reserve"), env.ok("reserve --help"));
    assert_eq!(env.ok("help showtime add"), env.ok("showtime add --help"));
    // The help subcommand is not a command of its own in the grouped list or the manual.
    let (_, err) = env.fails(2, "help nosuch");
    assert!(err.contains("nosuch"), "{err}");
}

/// A refused confirmation is a statement naming what needed it, not a question in an error.
#[test]
fn a_confirmation_refused_without_a_terminal_reads_as_a_statement() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let (_, err) = env.fails(2, "release --showtime 24 --seat A1 --force");
    assert!(
        err.contains(
            "error: releasing these seats needs confirmation: pass --yes (there is no terminal \
             to ask on); nothing was changed"
        ),
        "{err}"
    );
    let (_, err) = env.fails(2, "ttl --showtime 24 --user 7 --extend 3h --force");
    let line = err.lines().find(|l| l.starts_with("error: ")).unwrap();
    assert!(
        line.starts_with("error: extending booking 1 (user 7, seats A1) by 3h needs confirmation"),
        "{err}"
    );
    for l in err.lines().filter(|l| l.starts_with("error: ")) {
        assert!(!l.contains('?'), "a question inside an error: {l}");
    }
    let e = env.json_err(2, "release --showtime 24 --seat A1 --force");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("releasing these seats needs confirmation"),
        "{e}"
    );
}

/// The man pages: values in the SYNOPSIS, examples preformatted, an EXIT STATUS section with
/// every code, the version in the footer; `man --dir` creates a missing directory.
#[test]
fn man_pages_show_values_examples_exit_status_and_version() {
    let env = Env::bare();
    let dir = env.dir.path().join("new/man1");
    env.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let page = std::fs::read_to_string(dir.join("boxoffice-reserve.1")).unwrap();
    let th = page.lines().find(|l| l.starts_with(".TH")).unwrap();
    assert!(th.contains("\"boxoffice 0.1.0\""), "{th}");
    let section = |name: &str| -> String {
        let start = page
            .find(&format!(".SH {name}\n"))
            .unwrap_or_else(|| panic!("no {name} section:\n{page}"));
        let rest = &page[start + 4 + name.len()..];
        rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_string()
    };
    let synopsis = section("SYNOPSIS");
    assert!(
        synopsis.contains(r"\fB\-\-showtime\fR \fI<ID>\fR"),
        "{synopsis}"
    );
    assert!(
        synopsis.contains(r"\fB\-\-hold\fR \fI<DURATION>\fR"),
        "{synopsis}"
    );
    let examples = section("EXAMPLES");
    assert!(examples.contains(".nf\n"), "{examples}");
    assert!(
        examples.contains("boxoffice reserve \\-\\-showtime 24 \\-\\-user 7 A1 A2\n"),
        "{examples}"
    );
    let exit = section("\"EXIT STATUS\"");
    for (code, says) in [
        ("0", "ok"),
        ("1", "internal"),
        ("2", "invalid"),
        ("3", "conflict"),
        ("4", "not found"),
        ("5", "unavailable"),
        ("6", "anomalies"),
    ] {
        assert!(
            exit.contains(&format!(".TP\n{code}\n")) && exit.contains(says),
            "exit {code} ({says}) missing:\n{exit}"
        );
    }
    assert!(!page.contains(".SH EXTRA"), "{page}");
    assert!(!dir.join("boxoffice-help.1").exists());
}
