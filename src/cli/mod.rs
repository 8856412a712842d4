//! The command line: clap definitions, global flags, and the one place an error becomes an exit
//! code. Each subcommand's glue lives in `commands/`; the domain lives outside `cli`.

pub mod commands;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::context::{self, Context};
use crate::error::{Error, exit};
use crate::output;

const ABOUT: &str =
    "Sell cinema seats without ever selling one twice: holds in Redis, bookings in SQLite.";

const AFTER_HELP: &str = "\
Everyday:  reserve, confirm, release, bookings
Support:   inspect, ttl, sweep
Catalog:   init, showtime

Exit codes: 0 ok, 1 internal error, 2 invalid input, 3 conflict (seat taken, refund needed),
4 not found, 5 Redis or database unreachable (outcome may be unknown), 6 anomalies (inspect --check).";

#[derive(Debug, Parser)]
#[command(name = "boxoffice", version, about = ABOUT, after_help = AFTER_HELP)]
#[command(propagate_version = true, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Redis to hold seats in
    #[arg(long, env = "REDIS_URL", global = true, hide_env_values = true,
          default_value = context::DEFAULT_REDIS_URL, value_name = "URL")]
    pub redis_url: String,

    /// SQLite file with showtimes and bookings [default: ~/.local/share/boxoffice/boxoffice.db]
    #[arg(long, env = "BOXOFFICE_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print one JSON document on stdout (errors too)
    #[arg(long, global = true)]
    pub json: bool,

    /// Answer yes to confirmation questions (needed for --force without a terminal)
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Colour the seat map and tables: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: context::ColorChoice,

    /// Connect and reply timeout for every Redis call
    #[arg(long, env = "BOXOFFICE_REDIS_TIMEOUT", global = true, default_value = "3s",
          value_parser = parse_timeout, value_name = "DURATION")]
    pub redis_timeout: Duration,
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    let d = crate::ids::parse_duration(s, "timeout").map_err(|e| e.to_string())?;
    if d > Duration::from_secs(300) {
        return Err("a timeout may be at most 5m".into());
    }
    Ok(d)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Hold seats for a customer while they pay
    #[command(display_order = 1)]
    Reserve(commands::reserve::ReserveArgs),
    /// Turn a paid hold into a booking
    #[command(display_order = 2)]
    Confirm(commands::confirm::ConfirmArgs),
    /// Give held seats back
    #[command(display_order = 3)]
    Release(commands::release::ReleaseArgs),
    /// List bookings (reads SQLite only; works while Redis is down)
    #[command(display_order = 4)]
    Bookings(commands::bookings::BookingsArgs),
    /// Show a showtime's seat map and everything that disagrees between Redis and SQLite
    #[command(display_order = 10)]
    Inspect(commands::inspect::InspectArgs),
    /// Show how long a hold has left, or buy it more time
    #[command(display_order = 11)]
    Ttl(commands::ttl::TtlArgs),
    /// Expire overdue holds and heal what Redis forgot (run from cron)
    #[command(display_order = 12)]
    Sweep(commands::sweep::SweepArgs),
    /// Create or migrate the database (safe to run twice)
    #[command(display_order = 20)]
    Init(commands::init::InitArgs),
    /// Add and list showtimes
    #[command(display_order = 21, subcommand)]
    Showtime(commands::showtime::ShowtimeCommand),
}

impl Command {
    fn name(&self) -> &'static str {
        match self {
            Command::Reserve(_) => "reserve",
            Command::Confirm(_) => "confirm",
            Command::Release(_) => "release",
            Command::Bookings(_) => "bookings",
            Command::Inspect(_) => "inspect",
            Command::Ttl(_) => "ttl",
            Command::Sweep(_) => "sweep",
            Command::Init(_) => "init",
            Command::Showtime(_) => "showtime",
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    install_panic_hook();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let json = args.iter().any(|a| a == "--json");
    // No argument has a use for control characters; refusing them up front keeps hostile
    // input from repainting the terminal through clap's own error messages.
    if let Some((i, bad)) = args
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, a)| a.to_string_lossy().chars().any(char::is_control))
    {
        let value = crate::ids::shown(&bad.to_string_lossy());
        let what = match args[i - 1].to_str() {
            Some(flag) if i > 1 && flag.starts_with("--") => {
                format!("invalid {flag} value {value}")
            }
            _ => format!("invalid argument {value}"),
        };
        let err = Error::invalid(format!("{what}: control characters are not allowed"));
        return report_early(json, &err);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = output::stdout(&e.render().to_string());
                return exit::OK;
            }
            if json {
                // clap's whole message minus its usage and help hints, on one line.
                let detail = e.render().to_string();
                let text: Vec<&str> = detail
                    .lines()
                    .map(str::trim)
                    .take_while(|l| {
                        !l.starts_with("Usage:") && !l.starts_with("For more information")
                    })
                    .filter(|l| !l.is_empty())
                    .collect();
                let err = Error::invalid(text.join(" ").trim_start_matches("error: ").to_string());
                let _ = output::json(&err.to_json());
                output::note(format!("error: {}", err.message()));
            } else {
                let _ = e.print();
            }
            return exit::USAGE;
        }
    };
    let ctx = Context {
        redis_url: cli.global.redis_url.clone(),
        db_path: cli
            .global
            .db
            .clone()
            .unwrap_or_else(context::default_db_path),
        json: cli.global.json,
        yes: cli.global.yes,
        redis_timeout: cli.global.redis_timeout,
        operator: context::operator(),
        command: cli.command.name().to_string(),
        interactive: context::is_interactive(),
        color: !cli.global.json && cli.global.color.resolve(),
    };
    match run(&ctx, cli.command) {
        Ok(()) => exit::OK,
        Err(e) => report(&ctx, &e),
    }
}

fn run(ctx: &Context, command: Command) -> Result<(), Error> {
    match command {
        Command::Reserve(a) => commands::reserve::run(ctx, a),
        Command::Confirm(a) => commands::confirm::run(ctx, a),
        Command::Release(a) => commands::release::run(ctx, a),
        Command::Bookings(a) => commands::bookings::run(ctx, a),
        Command::Inspect(a) => commands::inspect::run(ctx, a),
        Command::Ttl(a) => commands::ttl::run(ctx, a),
        Command::Sweep(a) => commands::sweep::run(ctx, a),
        Command::Init(a) => commands::init::run(ctx, a),
        Command::Showtime(c) => commands::showtime::run(ctx, c),
    }
}

fn report_early(json: bool, e: &Error) -> i32 {
    if json {
        let _ = output::json(&e.to_json());
    }
    output::note(format!("error: {}", e.message()));
    e.exit_code()
}

fn report(ctx: &Context, e: &Error) -> i32 {
    // inspect --check has already printed its document; the exit code says the rest.
    if ctx.json && !matches!(e, Error::Anomalies(_)) {
        let _ = output::json(&e.to_json());
    }
    if !ctx.json || !matches!(e, Error::Anomalies(_)) {
        output::note(format!("error: {}", e.message()));
    }
    e.exit_code()
}

/// A panic is a bug; the user gets a short message and exit 1, not a backtrace dump.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        output::note(format!(
            "error: internal error (a bug in boxoffice): {msg}{at}; please report it"
        ));
    }));
}

/// Parses a showtime id for clap.
pub fn showtime_id(s: &str) -> Result<crate::ids::ShowtimeId, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

/// Parses a user id for clap.
pub fn user_id(s: &str) -> Result<crate::ids::UserId, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

/// Parses a hold length for clap.
pub fn hold(s: &str) -> Result<Duration, String> {
    crate::ids::parse_hold(s).map_err(|e| e.to_string())
}

/// Parses a booking id for clap.
pub fn booking_id(s: &str) -> Result<i64, String> {
    match s.parse::<i64>() {
        Ok(n) if n > 0 && s.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(format!(
            "invalid booking id {}: expected a positive integer like 17",
            crate::ids::shown(s)
        )),
    }
}
