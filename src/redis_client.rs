//! The one Redis connection a command uses, with timeouts on everything and errors that never
//! leak the password.
//!
//! Scripts run as `EVALSHA`, falling back to `EVAL` with the body when the server answers
//! `NOSCRIPT` (restarted, or `SCRIPT FLUSH`): one round trip normally, two after a flush, and
//! never a retry of a script that may have run — `NOSCRIPT` means it did not.

use std::sync::LazyLock;
use std::time::Duration;

use redis::{Cmd, ErrorKind, FromRedisValue, RedisError, ServerErrorKind, ToRedisArgs};

use crate::error::Error;

/// A Lua script with the shared helpers prepended, and its SHA1 for EVALSHA.
pub struct LuaScript {
    name: &'static str,
    body: String,
    sha: String,
}

impl LuaScript {
    fn new(name: &'static str, source: &'static str) -> Self {
        let body = format!("{}{}", include_str!("scripts/common.lua"), source);
        let sha = redis::Script::new(&body).get_hash().to_string();
        LuaScript { name, body, sha }
    }
}

pub static RESERVE: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("reserve", include_str!("scripts/reserve.lua")));
pub static FINISH: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("finish", include_str!("scripts/finish.lua")));
pub static EXTEND: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("extend", include_str!("scripts/extend.lua")));
pub static RESTORE: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("restore", include_str!("scripts/restore.lua")));
pub static REINDEX: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("reindex", include_str!("scripts/reindex.lua")));
pub static RESERVATION: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("reservation", include_str!("scripts/reservation.lua")));
pub static UNLOCK: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("unlock", include_str!("scripts/unlock.lua")));
pub static LOCKS: LazyLock<LuaScript> =
    LazyLock::new(|| LuaScript::new("locks", include_str!("scripts/locks.lua")));

/// Replaces the password (and user) in a Redis URL with `***`, for every message we print.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // The authority ends at the first '/', '?' or '#'; credentials end at its last '@'.
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{tail}"),
        None => url.to_string(),
    }
}

pub struct Redis {
    con: redis::Connection,
    shown_url: String,
    /// Round trips made, for `--verbose` and the benchmarks.
    pub round_trips: u32,
}

impl Redis {
    /// Connects with `timeout` for the connect itself and for every read and write after it.
    pub fn connect(url: &str, timeout: Duration) -> Result<Self, Error> {
        let shown_url = redact_url(url);
        let client = redis::Client::open(url).map_err(|e| {
            Error::invalid(format!(
                "invalid Redis URL {}: {}",
                crate::ids::shown(&shown_url),
                crate::ids::shown(&scrub(&e.to_string(), url))
            ))
        })?;
        let con = client
            .get_connection_with_timeout(timeout)
            .map_err(|e| unavailable(&shown_url, url, &e, false, "connect"))?;
        con.set_read_timeout(Some(timeout))
            .and_then(|_| con.set_write_timeout(Some(timeout)))
            .map_err(|e| unavailable(&shown_url, url, &e, false, "connect"))?;
        Ok(Redis {
            con,
            shown_url,
            round_trips: 0,
        })
    }

    /// Runs a read-only or idempotent command. A timeout here changes nothing.
    pub fn query<T: FromRedisValue>(&mut self, cmd: &Cmd) -> Result<T, Error> {
        self.round_trips += 1;
        cmd.query(&mut self.con)
            .map_err(|e| unavailable(&self.shown_url, "", &e, false, "read"))
    }

    /// Runs a pipeline of read-only commands in one round trip.
    pub fn query_pipe<T: FromRedisValue>(&mut self, pipe: &redis::Pipeline) -> Result<T, Error> {
        self.round_trips += 1;
        pipe.query(&mut self.con)
            .map_err(|e| unavailable(&self.shown_url, "", &e, false, "read"))
    }

    /// Runs a script. `writes` says whether a lost reply leaves the outcome unknown.
    pub fn eval<T: FromRedisValue>(
        &mut self,
        script: &LuaScript,
        keys: &[String],
        args: &[impl ToRedisArgs],
        writes: bool,
    ) -> Result<T, Error> {
        let build = |verb: &str, first: &str| {
            let mut c = redis::cmd(verb);
            c.arg(first).arg(keys.len()).arg(keys);
            for a in args {
                c.arg(a);
            }
            c
        };
        self.round_trips += 1;
        match build("EVALSHA", &script.sha).query(&mut self.con) {
            Err(e) if e.kind() == ErrorKind::Server(ServerErrorKind::NoScript) => {
                self.round_trips += 1;
                build("EVAL", &script.body)
                    .query(&mut self.con)
                    .map_err(|e| self.script_error(script, &e, writes))
            }
            other => other.map_err(|e| self.script_error(script, &e, writes)),
        }
    }

    fn script_error(&self, script: &LuaScript, e: &RedisError, writes: bool) -> Error {
        if needs_auth(e) {
            // Refused before running: nothing was written.
            unavailable(&self.shown_url, "", e, false, script.name)
        } else if e.is_io_error() || e.is_timeout() || e.is_connection_dropped() {
            unavailable(&self.shown_url, "", e, writes, script.name)
        } else {
            Error::Internal(anyhow::anyhow!("Redis script {} failed: {e}", script.name))
        }
    }
}

/// A server that wants a password we did not give (or a wrong one): `NOAUTH`, or the protocol
/// error Redis answers an unauthenticated client whose command is long (as a script call is).
fn needs_auth(e: &RedisError) -> bool {
    matches!(e.kind(), ErrorKind::AuthenticationFailed)
        || e.code() == Some("NOAUTH")
        || e.to_string().contains("unauthenticated")
}

/// Removes the raw URL from a message, in case a library quoted it.
fn scrub(msg: &str, url: &str) -> String {
    if url.is_empty() {
        msg.to_string()
    } else {
        msg.replace(url, &redact_url(url))
    }
}

fn unavailable(shown: &str, url: &str, e: &RedisError, maybe_written: bool, what: &str) -> Error {
    let cause = scrub(&e.to_string(), url);
    let reason = if e.is_timeout() {
        "timed out".to_string()
    } else if e.kind() == ErrorKind::Server(ServerErrorKind::ReadOnly) {
        format!("is read-only ({cause})")
    } else if needs_auth(e) {
        "refused authentication (check the password in REDIS_URL)".to_string()
    } else {
        format!("unreachable ({cause})")
    };
    let message = if maybe_written {
        format!(
            "Redis at {shown} {reason} during {what}: outcome unknown — the change may or may not \
             have been made. Retrying the same command is safe; `boxoffice inspect` shows the state."
        )
    } else {
        format!("Redis at {shown} {reason}; nothing was changed")
    };
    Error::Unavailable {
        service: "redis",
        message,
        outcome_unknown: maybe_written,
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_url("redis://:s3cret@host:6379/0"),
            "redis://***@host:6379/0"
        );
        assert_eq!(
            redact_url("rediss://user:p@ss@host/0?x=1"),
            "rediss://***@host/0?x=1"
        );
        assert_eq!(
            redact_url("redis://127.0.0.1:6379/0"),
            "redis://127.0.0.1:6379/0"
        );
        assert_eq!(redact_url("nonsense"), "nonsense");
    }
}
