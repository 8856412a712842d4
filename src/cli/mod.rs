//! The command line: clap definitions, global flags, and the one place an error becomes an exit
//! code. Each subcommand's glue lives in `commands/`; the domain lives outside `cli`.

pub mod commands;
pub mod complete;
pub mod output;
pub mod seatmap;
pub mod terminal;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::context::{self, Context};
use crate::error::{Error, exit};

const ABOUT: &str =
    "Sell cinema seats without ever selling one twice: holds in Redis, bookings in SQLite.";

/// How `boxoffice --help` groups the commands. A unit test checks every command is in exactly
/// one group, so a new command can't go missing from the help.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "Everyday",
        &["reserve", "confirm", "release", "move", "bookings"],
    ),
    ("Seats off sale", &["block", "unblock"]),
    ("Counter", &["cancel", "refunds"]),
    ("Payments", &["order", "webhook"]),
    ("Reports", &["report", "history", "watch"]),
    ("Support", &["inspect", "ttl", "sweep", "doctor", "keys"]),
    ("Catalog", &["init", "showtime", "hall"]),
    ("Setup", &["config", "completions", "man"]),
];

pub(crate) const AFTER_HELP: &str = "\
Examples:
  boxoffice init --demo
  boxoffice reserve --showtime 24 --user 7 A1-A4
  boxoffice confirm --booking 1 --payment-id pay_123
  boxoffice inspect 24

`boxoffice help COMMAND` (or `boxoffice COMMAND --help`) shows a command's options and examples.

Settings come from flags, then the environment, then ~/.config/boxoffice/config.toml, then
defaults; `boxoffice config` shows which won.

Exit codes:
  0  ok
  1  internal error (a bug; please report it)
  2  invalid input or usage; nothing was changed
  3  conflict: a seat is taken, the hold is someone else's or being changed, or a refund is needed
  4  not found: no such showtime, seat, booking or hold
  5  Redis or the database unavailable; the outcome may be unknown, `sweep` reconciles
  6  anomalies found (inspect --check, sweep --strict, doctor --strict)
  7  payment signature refused: malformed, not matching, or required and missing";

#[derive(Debug, Parser)]
#[command(name = "boxoffice", version, about = ABOUT, after_help = AFTER_HELP)]
#[command(propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]
    #[arg(long, global = true, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub redis_url: Option<String>,

    /// SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL
    /// [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]
    #[arg(long, global = true, value_name = "PATH|URL", value_hint = clap::ValueHint::FilePath)]
    pub db: Option<PathBuf>,

    /// Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub config: Option<PathBuf>,

    /// Print one JSON document on stdout (errors too)
    #[arg(long, global = true)]
    pub json: bool,

    /// Answer yes to confirmation questions (needed for --force without a terminal)
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: output::ColorChoice,

    /// Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default:
    /// 3s]
    #[arg(long, global = true, value_parser = parse_timeout, value_name = "DURATION")]
    pub redis_timeout: Option<Duration>,

    /// After a hold's write, WAIT for this many replicas to have it (0: off) [env:
    /// BOXOFFICE_WAIT_REPLICAS] [default: 0]
    #[arg(long, global = true, value_parser = parse_wait_replicas, value_name = "N")]
    pub wait_replicas: Option<u32>,

    /// Redis key names: seed (the guide's, `seat_lock:24:A1`) or cluster (the showtime as a
    /// hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE]
    /// [default: seed]
    #[arg(long, global = true, value_enum, value_name = "STYLE")]
    pub key_style: Option<KeyStyleArg>,
}

/// `--key-style`'s values: clap's spelling of [`crate::keys::KeyStyle`], which the domain owns.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KeyStyleArg {
    Seed,
    Cluster,
}

impl From<KeyStyleArg> for crate::keys::KeyStyle {
    fn from(a: KeyStyleArg) -> Self {
        match a {
            KeyStyleArg::Seed => crate::keys::KeyStyle::Seed,
            KeyStyleArg::Cluster => crate::keys::KeyStyle::Cluster,
        }
    }
}

fn parse_wait_replicas(s: &str) -> Result<u32, String> {
    crate::config::parse_wait_replicas(s).map_err(|e| e.to_string())
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    crate::config::parse_timeout(s).map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Hold seats for a customer while they pay
    Reserve(commands::reserve::ReserveArgs),
    /// Turn a paid hold into a booking
    Confirm(commands::confirm::ConfirmArgs),
    /// Give held seats back
    Release(commands::release::ReleaseArgs),
    /// Move a booking to other seats, on its showtime or another (staff)
    Move(commands::moves::MoveArgs),
    /// List bookings (reads SQLite only; works while Redis is down)
    Bookings(commands::bookings::BookingsArgs),
    /// Keep seats off sale, with a reason (house seats, broken, wheelchair space)
    Block(commands::block::BlockArgs),
    /// Put blocked seats back on sale
    Unblock(commands::block::UnblockArgs),
    /// Take back a sale or a hold, whole or some seats (staff); sold seats are owed back
    Cancel(commands::cancel::CancelArgs),
    /// List the money owed back, or record that it was paid back
    Refunds(commands::refunds::RefundsArgs),
    /// Link Razorpay orders to the holds they pay for
    #[command(subcommand)]
    Order(commands::order::OrderCommand),
    /// Process a payment provider's webhook delivery (Razorpay), exactly once
    #[command(subcommand)]
    Webhook(commands::webhook::WebhookCommand),
    /// How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve
    Report(commands::report::ReportArgs),
    /// Show a showtime's seat map and everything that disagrees between Redis and SQLite
    Inspect(commands::inspect::InspectArgs),
    /// Every event on a seat, a booking, a customer or by an operator, oldest first
    History(commands::history::HistoryArgs),
    /// The seat map on screen, redrawn as holds come and go; q to quit (read-only)
    Watch(commands::watch::WatchArgs),
    /// Show how long a hold has left, or buy it more time
    Ttl(commands::ttl::TtlArgs),
    /// Expire overdue holds and heal what Redis forgot (run from cron)
    Sweep(commands::sweep::SweepArgs),
    /// Check Redis's eviction, persistence and replication, and the database's setup
    Doctor(commands::doctor::DoctorArgs),
    /// Move live holds between key styles (seed, cluster)
    #[command(subcommand)]
    Keys(commands::keys::KeysCommand),
    /// Create or migrate the database (safe to run twice)
    Init(commands::init::InitArgs),
    /// Add, list and cancel showtimes
    #[command(subcommand)]
    Showtime(commands::showtime::ShowtimeCommand),
    /// Add, list and show halls: layouts with aisles, seat categories, prices
    #[command(subcommand)]
    Hall(commands::hall::HallCommand),
    /// Show each setting, its value and where it came from (flag, env, config file, default)
    Config(commands::config::ConfigArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish)
    Completions(commands::completions::CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a directory
    Man(commands::man::ManArgs),
}

impl Command {
    fn name(&self) -> &'static str {
        match self {
            Command::Reserve(_) => "reserve",
            Command::Confirm(_) => "confirm",
            Command::Release(_) => "release",
            Command::Move(_) => "move",
            Command::Bookings(_) => "bookings",
            Command::Block(_) => "block",
            Command::Unblock(_) => "unblock",
            Command::Cancel(_) => "cancel",
            Command::Refunds(_) => "refunds",
            Command::Order(_) => "order",
            Command::Webhook(_) => "webhook",
            Command::Report(_) => "report",
            Command::Inspect(_) => "inspect",
            Command::History(_) => "history",
            Command::Watch(_) => "watch",
            Command::Ttl(_) => "ttl",
            Command::Sweep(_) => "sweep",
            Command::Doctor(_) => "doctor",
            Command::Keys(_) => "keys",
            Command::Init(_) => "init",
            Command::Showtime(_) => "showtime",
            Command::Hall(_) => "hall",
            Command::Config(_) => "config",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }
}

/// The clap definition with the grouped top-level help. Completions, the man page and parsing
/// all start here, so they can't disagree.
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    let width = GROUPS
        .iter()
        .flat_map(|(_, names)| names.iter().map(|n| n.len()))
        .max()
        .unwrap_or(0);
    let mut template = String::from("{about-with-newline}\n{usage-heading} {usage}\n");
    for (group, names) in GROUPS {
        template.push_str(&format!("\n{group} commands:\n"));
        for name in *names {
            let about = cmd
                .find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|a| a.to_string())
                .unwrap_or_default();
            template.push_str(&format!("  {name:<width$}  {about}\n"));
        }
    }
    template.push_str("\nGlobal options:\n{options}{after-help}");
    cmd.help_template(template)
}

/// Runs the command line and returns the process exit code. A panic is a bug: the hook has
/// printed `error: internal error (a bug): …` and the exit code is 1, as documented, not the
/// runtime's 101 (with `--json`, the error document is printed too).
pub fn main() -> i32 {
    install_panic_hook();
    let json = std::env::args_os().any(|a| a == "--json");
    match std::panic::catch_unwind(main_inner) {
        Ok(code) => code,
        Err(_) => {
            if json {
                let message = PANIC_MESSAGE
                    .lock()
                    .ok()
                    .and_then(|m| m.clone())
                    .unwrap_or_else(|| "internal error (a bug)".into());
                let err = Error::Internal(anyhow::anyhow!(message));
                let _ = output::json(&err.to_json());
            }
            exit::INTERNAL
        }
    }
}

/// The last panic's message, for the `--json` error document.
static PANIC_MESSAGE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main_inner() -> i32 {
    // `COMPLETE=bash boxoffice` prints the dynamic completion script; the shell then calls back
    // with `COMPLETE=bash boxoffice -- <words>` to complete showtime and seat ids from the db.
    clap_complete::CompleteEnv::with_factory(command).complete();
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
    let cli = match command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return clap_error(json, e),
    };
    // These print what the CLI is, not what it does: they need no settings, so a broken
    // config file can't stop anyone from getting completions or the manual.
    let early = match &cli.command {
        Command::Completions(a) => Some(commands::completions::run(a)),
        Command::Man(a) => Some(commands::man::run(a)),
        _ => None,
    };
    if let Some(result) = early {
        return match result {
            Ok(()) => exit::OK,
            Err(e) => report_early(json, &e),
        };
    }
    output::set_stderr_colour(cli.global.color.stderr());
    let ctx = match context(&cli) {
        Ok(ctx) => ctx,
        Err(e) => return report_early(json, &e),
    };
    match run(&ctx, cli.command) {
        Ok(()) => exit::OK,
        Err(e) => report(&ctx, &e),
    }
}

fn clap_error(json: bool, e: clap::Error) -> i32 {
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
            .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
            .filter(|l| !l.is_empty())
            .collect();
        let err = Error::invalid(text.join(" ").trim_start_matches("error: ").to_string());
        let _ = output::json(&err.to_json());
        output::note(format!("error: {}", err.message()));
    } else {
        let _ = e.print();
    }
    exit::USAGE
}

/// Resolves flags, environment and config file once, before any command runs.
fn context(cli: &Cli) -> Result<Context, Error> {
    let g = &cli.global;
    let flags = crate::config::Flags {
        config: g.config.clone(),
        redis_url: g.redis_url.clone(),
        db: g.db.clone(),
        hold: match &cli.command {
            Command::Reserve(a) => a.hold,
            _ => None,
        },
        redis_timeout: g.redis_timeout,
        wait_replicas: g.wait_replicas,
        key_style: g.key_style.map(Into::into),
    };
    let settings = crate::config::resolve_from_env(&flags)?;
    for w in &settings.warnings {
        output::warn(w);
    }
    Ok(Context {
        settings,
        json: g.json,
        yes: g.yes,
        operator: context::operator(),
        command: cli.command.name().to_string(),
        interactive: context::is_interactive(),
        color: !g.json && g.color.stdout(),
        color_err: g.color.stderr(),
    })
}

fn run(ctx: &Context, command: Command) -> Result<(), Error> {
    match command {
        Command::Reserve(a) => commands::reserve::run(ctx, a),
        Command::Confirm(a) => commands::confirm::run(ctx, a),
        Command::Release(a) => commands::release::run(ctx, a),
        Command::Move(a) => commands::moves::run(ctx, a),
        Command::Bookings(a) => commands::bookings::run(ctx, a),
        Command::Block(a) => commands::block::run_block(ctx, a),
        Command::Unblock(a) => commands::block::run_unblock(ctx, a),
        Command::Cancel(a) => commands::cancel::run(ctx, a),
        Command::Refunds(a) => commands::refunds::run(ctx, a),
        Command::History(a) => commands::history::run(ctx, a),
        Command::Watch(a) => commands::watch::run(ctx, a),
        Command::Order(c) => commands::order::run(ctx, c),
        Command::Webhook(c) => commands::webhook::run(ctx, c),
        Command::Report(a) => commands::report::run(ctx, a),
        Command::Inspect(a) => commands::inspect::run(ctx, a),
        Command::Ttl(a) => commands::ttl::run(ctx, a),
        Command::Sweep(a) => commands::sweep::run(ctx, a),
        Command::Doctor(a) => commands::doctor::run(ctx, a),
        Command::Keys(c) => commands::keys::run(ctx, c),
        Command::Init(a) => commands::init::run(ctx, a),
        Command::Showtime(c) => commands::showtime::run(ctx, c),
        Command::Hall(c) => commands::hall::run(ctx, c),
        Command::Config(a) => commands::config::run(ctx, a),
        Command::Completions(a) => commands::completions::run(&a),
        Command::Man(a) => commands::man::run(&a),
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
    // Clean-ups that failed on the way out (a refused reserve's undo) come first, as they
    // happened. Plain, not `output::warn`: these lines were never coloured.
    for w in e.warnings() {
        eprintln!("warning: {w}");
    }
    let e = e.without_warnings();
    // inspect --check has already printed its document; the exit code says the rest.
    if ctx.json && !matches!(e, Error::Anomalies(_) | Error::InDocument(_)) {
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
        let message = format!("internal error (a bug): {msg}{at}; please report it");
        // `watch`'s full screen first, so that the line lands on the user's own screen.
        terminal::restore();
        if let Ok(mut m) = PANIC_MESSAGE.lock() {
            *m = Some(message.clone());
        }
        output::note(format!("error: {message}"));
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

/// Parses a Razorpay order id for clap.
pub fn order_id(s: &str) -> Result<String, String> {
    crate::ids::check_order_id(s)
        .map(|()| s.to_string())
        .map_err(|e| e.to_string())
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
