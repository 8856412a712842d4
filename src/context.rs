//! Settings resolved once — flags, environment, defaults — and handed to every command.

use std::io::IsTerminal;

use crate::config::Settings;
use crate::error::Error;
use crate::keys::Keys;
use crate::redis_client::Redis;
use crate::store::Db;

pub struct Context {
    /// Redis URL, database, hold length and Redis timeout, each with where it came from.
    pub settings: Settings,
    pub json: bool,
    pub yes: bool,
    /// The OS login running the command, for the audit table.
    pub operator: String,
    /// The subcommand, for the audit table.
    pub command: String,
    /// stdin and stderr are both terminals: we may ask questions.
    pub interactive: bool,
    /// Colour on stdout (resolved from --color, NO_COLOR and whether stdout is a terminal).
    pub color: bool,
    /// Colour on stderr, where the interactive seat map and prompts go.
    pub color_err: bool,
}

/// Who runs the command, for the audit table: `BOXOFFICE_OPERATOR`, `USER`, `LOGNAME` or
/// `USERNAME`, else the login name of the process's uid (cron and systemd units often set no
/// `USER`), else `uid N`.
pub fn operator() -> String {
    ["BOXOFFICE_OPERATOR", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(login_name)
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect()
}

/// The password database's name for this process's uid (through NSS, so LDAP and sssd users
/// are found too), or `uid N` when it has none.
#[cfg(unix)]
fn login_name() -> String {
    // SAFETY: getuid cannot fail. getpwuid_r writes only into `pwd` and `buf`, both ours and
    // alive for the call, with `buf`'s true length; `pw_name` is read only when it reported
    // success, and then points into `buf`, which is still alive.
    let uid = unsafe { libc::getuid() };
    let mut buf: Vec<libc::c_char> = vec![0; 1024];
    loop {
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let rc =
            unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc == 0 && !found.is_null() && !pwd.pw_name.is_null() {
            let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) }.to_string_lossy();
            if !name.is_empty() {
                return name.into_owned();
            }
        }
        return format!("uid {uid}");
    }
}

#[cfg(not(unix))]
fn login_name() -> String {
    "unknown".to_string()
}

pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

impl Context {
    /// Opens the existing database.
    pub fn db(&self) -> Result<Db, Error> {
        Db::open(
            &self.settings.db.value,
            false,
            &self.operator,
            &self.command,
        )
    }

    /// Opens the database, creating it when missing.
    pub fn db_create(&self) -> Result<Db, Error> {
        Db::open(&self.settings.db.value, true, &self.operator, &self.command)
    }

    /// The key names of the configured key style (`key_style`).
    pub fn keys(&self) -> Keys {
        Keys::new(self.settings.key_style.value)
    }

    /// Whether the Redis URL names a Redis Cluster (`redis+cluster://`, `rediss+cluster://`),
    /// known before connecting.
    pub fn is_cluster(&self) -> bool {
        crate::redis_client::is_cluster_url(&self.settings.redis_url.value)
    }

    pub fn redis(&self) -> Result<Redis, Error> {
        Redis::connect_from(
            &self.settings.redis_url.value,
            &self.settings.redis_url.source.origin(),
            self.settings.redis_timeout.value,
            self.keys(),
        )
    }

    /// The replication wait the settings ask for (`wait_replicas`, `wait_timeout`).
    pub fn wait_policy(&self) -> crate::replication::WaitPolicy {
        crate::replication::WaitPolicy {
            replicas: self.settings.wait_replicas.value,
            timeout: self.settings.wait_timeout.value,
        }
    }

    /// After a command's hold writes: waits for the replicas (see [`crate::replication`]) and
    /// returns the warning a short wait gives, about `what` ("the hold").
    pub fn replicate(&self, redis: &mut Redis, what: &str) -> Option<String> {
        crate::replication::wait(redis, self.wait_policy()).warning(what)
    }

    /// Asks `question` before a destructive step: `--yes` answers for the user; with no
    /// terminal and no `--yes` the answer is an error (exit 2), never a wait, stating that
    /// `action` (like "releasing these seats") needs confirmation.
    pub fn confirm(&self, question: &str, action: &str) -> Result<bool, Error> {
        if self.yes {
            return Ok(true);
        }
        if !self.interactive {
            return Err(Error::invalid(format!(
                "{action} needs confirmation: pass --yes (there is no terminal to ask on); \
                 nothing was changed"
            )));
        }
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| Error::invalid(format!("no answer ({e}); nothing was changed")))
    }
}
