//! Where each setting comes from: a flag beats the environment, the environment beats the
//! config file, the file beats the built-in default. Resolution happens once, here, so every
//! command sees the same answer and `boxoffice config` can say which layer won for each value —
//! the first question when a cron job talks to the wrong Redis at 2 a.m.
//!
//! The file is TOML at `$XDG_CONFIG_HOME/boxoffice/config.toml` (or `--config`/`BOXOFFICE_CONFIG`):
//!
//! ```toml
//! redis_url = "redis://:secret@10.0.0.5:6379/0"
//! db = "/var/lib/boxoffice/boxoffice.db"   # relative paths are relative to this file
//! hold = "10m"
//! redis_timeout = "3s"
//! key_style = "cluster"          # hash-tagged keys, for Redis Cluster (default "seed")
//! razorpay_key_secret = "…"       # checkout signatures (`confirm --signature`)
//! razorpay_webhook_secret = "…"   # webhook signatures (`webhook razorpay`)
//! wait_replicas = 1               # WAIT for 1 replica after a hold's write (0: off)
//! wait_timeout = "100ms"          # how long that WAIT may take
//! ```
//!
//! `wait_timeout` must be shorter than `redis_timeout`: the WAIT's reply is read with the
//! connection's timeout, and a WAIT cut short by it would say nothing about the replicas.
//!
//! The two Razorpay secrets come from the environment or this file, never from a flag (a flag
//! is visible to every user in `ps`). They are never printed: `config` says only whether each
//! is set and where from, and a file holding one that others can read gets a warning.
//!
//! Unknown keys are an error rather than silently ignored: a misspelt `redis-url` must not
//! quietly send holds to localhost.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ids;
use crate::keys::KeyStyle;
use crate::store::Target;

pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379/0";
pub const DEFAULT_HOLD: Duration = Duration::from_secs(600);
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_secs(3);
pub const MAX_REDIS_TIMEOUT: Duration = Duration::from_secs(300);

mod wait;
pub use wait::{DEFAULT_WAIT_TIMEOUT, MAX_WAIT_REPLICAS, parse_wait_replicas};
use wait::{refuse_wait_past_timeout, wait_settings};
/// The environment variables read here, in one place so help text and docs can't drift.
pub mod env {
    pub const CONFIG: &str = "BOXOFFICE_CONFIG";
    pub const REDIS_URL: &str = "REDIS_URL";
    pub const DB: &str = "BOXOFFICE_DB";
    pub const HOLD: &str = "BOXOFFICE_HOLD";
    pub const REDIS_TIMEOUT: &str = "BOXOFFICE_REDIS_TIMEOUT";
    pub const WAIT_REPLICAS: &str = "BOXOFFICE_WAIT_REPLICAS";
    pub const WAIT_TIMEOUT: &str = "BOXOFFICE_WAIT_TIMEOUT";
    pub const KEY_STYLE: &str = "BOXOFFICE_KEY_STYLE";
    pub const RAZORPAY_KEY_SECRET: &str = "RAZORPAY_KEY_SECRET";
    pub const RAZORPAY_WEBHOOK_SECRET: &str = "RAZORPAY_WEBHOOK_SECRET";
}

/// A secret: its bytes are reachable only through [`Secret::expose`], and it prints as
/// `********` in every `Debug` and `Display`, so no log line or error can carry it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s)
    }

    /// The secret's bytes, for the HMAC and nothing else.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(********)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("********")
    }
}

/// Which layer a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    File(PathBuf),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::File(_) => f.write_str("config file"),
            Source::Default => f.write_str("default"),
        }
    }
}

impl Source {
    /// Where a value was set, in full: "flag --redis-url", "env REDIS_URL", "config file PATH",
    /// "the built-in default". For hints in error messages.
    pub fn origin(&self) -> String {
        match self {
            Source::File(p) => format!("config file {}", p.display()),
            Source::Default => "the built-in default".to_string(),
            other => other.to_string(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::File(_) => "file",
            Source::Default => "default",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// What the command line said; `None` means the flag wasn't given.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub redis_url: Option<String>,
    pub db: Option<PathBuf>,
    pub hold: Option<Duration>,
    pub redis_timeout: Option<Duration>,
    pub wait_replicas: Option<u32>,
    pub key_style: Option<KeyStyle>,
}

/// The config file's contents. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    redis_url: Option<String>,
    db: Option<PathBuf>,
    hold: Option<String>,
    redis_timeout: Option<String>,
    pub(crate) wait_replicas: Option<u32>,
    pub(crate) wait_timeout: Option<String>,
    key_style: Option<String>,
    razorpay_key_secret: Option<String>,
    razorpay_webhook_secret: Option<String>,
}

/// The config file consulted: where it is, and whether it was there.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigFile {
    pub path: Option<PathBuf>,
    pub found: bool,
    /// Why this path: "flag --config", "env BOXOFFICE_CONFIG" or "default location".
    pub chosen_by: String,
}

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub file: ConfigFile,
    pub redis_url: Setting<String>,
    pub db: Setting<Target>,
    pub hold: Setting<Duration>,
    pub redis_timeout: Setting<Duration>,
    /// Replicas to `WAIT` for after a hold's write; 0: off (`replication.rs`).
    pub wait_replicas: Setting<u32>,
    /// How long that `WAIT` may take; shorter than `redis_timeout`.
    pub wait_timeout: Setting<Duration>,
    /// How keys name their showtime: the guide's (`seed`) or hash-tagged for Redis Cluster.
    pub key_style: Setting<KeyStyle>,
    /// Razorpay's key secret (checkout signatures); `None`: not configured.
    pub razorpay_key_secret: Setting<Option<Secret>>,
    /// Razorpay's webhook secret (webhook signatures); `None`: not configured.
    pub razorpay_webhook_secret: Setting<Option<Secret>>,
    /// What the CLI should warn about once (a secret in a file others can read).
    pub warnings: Vec<String>,
}

/// `$XDG_CONFIG_HOME/boxoffice/config.toml` (usually `~/.config/boxoffice/config.toml`).
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("boxoffice").join("config.toml"))
}

/// `$XDG_DATA_HOME/boxoffice/boxoffice.db` (usually `~/.local/share/boxoffice/boxoffice.db`).
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("boxoffice").join("boxoffice.db"))
        .unwrap_or_else(|| PathBuf::from("boxoffice.db"))
}

/// A Redis timeout: more than zero, at most 5m.
pub fn parse_timeout(s: &str) -> Result<Duration, Error> {
    let d = ids::parse_duration(s, "timeout")?;
    if d > MAX_REDIS_TIMEOUT {
        return Err(Error::invalid(format!(
            "invalid timeout {}: a timeout may be at most 5m",
            ids::shown(s)
        )));
    }
    Ok(d)
}

/// A key style as the environment or the file spells it: `seed` or `cluster`.
pub fn parse_key_style(s: &str) -> Result<KeyStyle, Error> {
    s.parse()
        .map_err(|why| Error::invalid(format!("invalid key style {}: {why}", ids::shown(s))))
}

/// Resolves every setting from flags, the environment (`env` looks a variable up; empty counts
/// as unset) and the config file.
pub fn resolve(flags: &Flags, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, Error> {
    let env_val = |name: &str| env(name).filter(|v| !v.is_empty());
    let (path, chosen_by) = match (&flags.config, env_val(env::CONFIG)) {
        (Some(p), _) => (Some(p.clone()), "flag --config".to_string()),
        (None, Some(p)) => (Some(PathBuf::from(p)), format!("env {}", env::CONFIG)),
        (None, None) => (default_config_path(), "default location".to_string()),
    };
    let explicit = flags.config.is_some() || env_val(env::CONFIG).is_some();
    let (mut file, found) = match &path {
        Some(p) => read_file(p, explicit)?,
        None => (FileConfig::default(), false),
    };
    let (razorpay_key_secret, razorpay_webhook_secret, warnings) =
        razorpay_secrets(&mut file, path.as_deref(), &env_val)?;
    let (wait_replicas, wait_timeout) = wait_settings(flags, &file, &path, &env_val)?;
    let file_source = || Source::File(path.clone().unwrap_or_default());
    let base = path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();

    let redis_url = pick(
        flags.redis_url.clone().map(|v| (v, "--redis-url")),
        env_val(env::REDIS_URL).map(|v| Ok((v, env::REDIS_URL))),
        file.redis_url.map(|v| (v, file_source())),
        DEFAULT_REDIS_URL.to_string(),
    )?;
    let db = pick(
        flags.db.clone().map(|v| (v, "--db")),
        env_val(env::DB).map(|v| Ok((PathBuf::from(v), env::DB))),
        // A URL in the file is a URL, not a path relative to the file.
        file.db.map(|v| match Target::from(&v) {
            Target::Postgres(_) => (v, file_source()),
            Target::Sqlite(_) => (relative_to(&base, expand_home(v)), file_source()),
        }),
        default_db_path(),
    )?;
    let db = Setting {
        value: Target::from(&db.value),
        source: db.source,
    };
    if let Target::Sqlite(path) = &db.value
        && let Some(scheme) = url_scheme(path)
    {
        return Err(Error::invalid(format!(
            "invalid database {} (from {}): a {scheme}:// URL; give a SQLite file path, or a \
             postgres://user@host:5432/dbname URL for PostgreSQL. Nothing was created",
            ids::shown_full(&crate::redis_client::redact_url(&path.to_string_lossy())),
            db.source.origin()
        )));
    }
    let hold = pick(
        flags.hold.map(|v| (v, "--hold")),
        env_val(env::HOLD).map(|v| named(env::HOLD, ids::parse_hold(&v)).map(|d| (d, env::HOLD))),
        file.hold
            .map(|v| in_file(&path, "hold", ids::parse_hold(&v)).map(|d| (d, file_source())))
            .transpose()?,
        DEFAULT_HOLD,
    )?;
    let redis_timeout = pick(
        flags.redis_timeout.map(|v| (v, "--redis-timeout")),
        env_val(env::REDIS_TIMEOUT)
            .map(|v| named(env::REDIS_TIMEOUT, parse_timeout(&v)).map(|d| (d, env::REDIS_TIMEOUT))),
        file.redis_timeout
            .map(|v| in_file(&path, "redis_timeout", parse_timeout(&v)).map(|d| (d, file_source())))
            .transpose()?,
        DEFAULT_REDIS_TIMEOUT,
    )?;
    refuse_wait_past_timeout(&wait_replicas, &wait_timeout, &redis_timeout)?;
    let key_style = pick(
        flags.key_style.map(|v| (v, "--key-style")),
        env_val(env::KEY_STYLE)
            .map(|v| named(env::KEY_STYLE, parse_key_style(&v)).map(|k| (k, env::KEY_STYLE))),
        file.key_style
            .map(|v| in_file(&path, "key_style", parse_key_style(&v)).map(|k| (k, file_source())))
            .transpose()?,
        KeyStyle::default(),
    )?;
    Ok(Settings {
        file: ConfigFile {
            path,
            found,
            chosen_by,
        },
        redis_url,
        db,
        hold,
        redis_timeout,
        wait_replicas,
        wait_timeout,
        key_style,
        razorpay_key_secret,
        razorpay_webhook_secret,
        warnings,
    })
}

/// The two Razorpay secrets (the environment beats the file; never a flag), and the warning
/// for a file holding one that other users can read.
type Secrets = (
    Setting<Option<Secret>>,
    Setting<Option<Secret>>,
    Vec<String>,
);

fn razorpay_secrets(
    file: &mut FileConfig,
    path: Option<&Path>,
    env_val: &dyn Fn(&str) -> Option<String>,
) -> Result<Secrets, Error> {
    let warnings = path
        .filter(|_| file.razorpay_key_secret.is_some() || file.razorpay_webhook_secret.is_some())
        .and_then(readable_by_others)
        .into_iter()
        .collect();
    let secret = |var: &'static str, in_file: Option<String>| {
        let from_file = Source::File(path.map(Path::to_path_buf).unwrap_or_default());
        pick::<Option<Secret>>(
            None,
            env_val(var).map(|v| Ok((Some(Secret::new(v)), var))),
            (in_file.filter(|v| !v.is_empty())).map(|v| (Some(Secret::new(v)), from_file)),
            None,
        )
    };
    Ok((
        secret(env::RAZORPAY_KEY_SECRET, file.razorpay_key_secret.take())?,
        secret(
            env::RAZORPAY_WEBHOOK_SECRET,
            file.razorpay_webhook_secret.take(),
        )?,
        warnings,
    ))
}

/// The warning for a config file holding a secret that other users can read; `None`: it's
/// private (or its mode can't be read).
fn readable_by_others(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then(|| {
            format!(
                "config file {} holds a Razorpay secret and other users can read it (mode {mode:o}); \
                 run `chmod 600 {}`",
                path.display(),
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Resolves from the real process environment.
pub fn resolve_from_env(flags: &Flags) -> Result<Settings, Error> {
    resolve(flags, &|name| std::env::var(name).ok())
}

pub(crate) fn pick<T>(
    flag: Option<(T, &'static str)>,
    env: Option<Result<(T, &'static str), Error>>,
    file: Option<(T, Source)>,
    default: T,
) -> Result<Setting<T>, Error> {
    // A bad environment value is an error even when a flag overrides it: it would bite the
    // next command that doesn't pass the flag, and silently working today hides that.
    let env = env.transpose()?;
    Ok(match (flag, env, file) {
        (Some((value, f)), _, _) => Setting {
            value,
            source: Source::Flag(f),
        },
        (None, Some((value, var)), _) => Setting {
            value,
            source: Source::Env(var),
        },
        (None, None, Some((value, source))) => Setting { value, source },
        (None, None, None) => Setting {
            value: default,
            source: Source::Default,
        },
    })
}

/// The scheme of a value written as a URL (`postgres://…`, `sqlite://…`, `file://…`), which a
/// file path never starts with.
fn url_scheme(p: &Path) -> Option<String> {
    let s = p.to_string_lossy();
    let (scheme, _) = s.split_once("://")?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_string())
}

pub(crate) fn named<T>(var: &str, r: Result<T, Error>) -> Result<T, Error> {
    r.map_err(|e| Error::invalid(format!("environment variable {var}: {}", e.message())))
}

pub(crate) fn in_file<T>(
    path: &Option<PathBuf>,
    key: &str,
    r: Result<T, Error>,
) -> Result<T, Error> {
    r.map_err(|e| {
        let at = path.as_deref().map(Path::display);
        Error::invalid(format!(
            "config file {}: {key}: {}",
            at.map(|p| p.to_string()).unwrap_or_default(),
            e.message()
        ))
    })
}

fn read_file(path: &Path, explicit: bool) -> Result<(FileConfig, bool), Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok((FileConfig::default(), false));
        }
        Err(e) => {
            return Err(Error::invalid(format!(
                "config file {}: {}",
                path.display(),
                io_reason(&e)
            )));
        }
    };
    let parsed: FileConfig = toml::from_str(&text).map_err(|e| {
        // toml's message carries a caret diagram over several lines; keep it, indented.
        let detail = e.to_string();
        Error::invalid(format!(
            "config file {} is not valid: {}",
            path.display(),
            detail.trim().replace('\n', "\n  ")
        ))
    })?;
    Ok((parsed, true))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => e.to_string(),
    }
}

fn expand_home(p: PathBuf) -> PathBuf {
    match p.strip_prefix("~") {
        Ok(rest) => dirs::home_dir().map(|h| h.join(rest)).unwrap_or(p),
        Err(_) => p,
    }
}

fn relative_to(base: &Path, p: PathBuf) -> PathBuf {
    if p.is_absolute() { p } else { base.join(p) }
}

mod show;

#[cfg(test)]
mod tests;
