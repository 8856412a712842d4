//! The one Redis connection a command uses, with timeouts on everything and errors that never
//! leak the password. The scripts themselves, their KEYS/ARGV and their replies, are
//! [`crate::scripts`]'; this module only sends them and classifies their errors.
//!
//! Scripts run as `EVALSHA`, falling back to `EVAL` with the body when the server answers
//! `NOSCRIPT` (restarted, or `SCRIPT FLUSH`): one round trip normally, two after a flush, and
//! never a retry of a script that may have run — `NOSCRIPT` means it did not.
//!
//! How a URL's credentials are masked is in `redis_client/redact.rs`; which server errors are
//! refusals of its state or configuration (exit 5, nothing changed) in `redis_client/refusal.rs`.

use std::time::Duration;

use redis::{Cmd, ErrorKind, FromRedisValue, RedisError, ServerErrorKind, ToRedisArgs};

use crate::error::Error;
use crate::keys::Keys;
use crate::scripts::LuaScript;

mod redact;
mod refusal;
mod sentinel;
mod wait;

pub use redact::redact_url;
use refusal::{needs_auth, not_redis, refusal};

pub struct Redis {
    con: redis::Connection,
    shown_url: String,
    /// Where the URL came from, for hints ("flag --redis-url", "env REDIS_URL", …).
    from: String,
    /// The database number of the URL (`/N`), for keyspace-notification channels.
    db: i64,
    /// The connect and reply timeout it was opened with.
    timeout: Duration,
    /// The key style of the settings: every key name a command sends comes from here.
    keys: Keys,
    /// Round trips made, for `--verbose` and the benchmarks.
    pub round_trips: u32,
}

impl Redis {
    /// Connects with `timeout` for the connect itself and for every read and write after it.
    /// Its keys are the guide's ([`Keys::SEED`]).
    pub fn connect(url: &str, timeout: Duration) -> Result<Self, Error> {
        Self::connect_from(url, "REDIS_URL", timeout, Keys::SEED)
    }

    /// Like [`Redis::connect`]; `from` names where the URL was set, for the hints in errors, and
    /// `keys` is the key style every command on this connection uses.
    /// A `redis+sentinel://` URL is first resolved to the current primary (`sentinel.rs`).
    pub fn connect_from(
        url: &str,
        from: &str,
        timeout: Duration,
        keys: Keys,
    ) -> Result<Self, Error> {
        let shown_url = redact_url(url);
        let primary;
        let url = if sentinel::is_sentinel(url) {
            primary = sentinel::resolve(url, from, timeout)?;
            primary.as_str()
        } else {
            url
        };
        let client = redis::Client::open(url).map_err(|e| invalid_url(url, from, &e))?;
        let at = At {
            shown: &shown_url,
            url,
            from,
        };
        let db = client.get_connection_info().redis_settings().db();
        let con = client
            .get_connection_with_timeout(timeout)
            .map_err(|e| at.connect_error(&e))?;
        con.set_read_timeout(Some(timeout))
            .and_then(|_| con.set_write_timeout(Some(timeout)))
            .map_err(|e| at.connect_error(&e))?;
        Ok(Redis {
            con,
            shown_url,
            from: from.to_string(),
            db,
            timeout,
            keys,
            round_trips: 0,
        })
    }

    /// The key names of this connection's key style.
    pub fn keys(&self) -> Keys {
        self.keys
    }

    /// Whether this is a Redis Cluster's connection (a script's keys must share one slot).
    pub fn is_cluster(&self) -> bool {
        false
    }

    /// The database number this connection uses.
    pub fn db(&self) -> i64 {
        self.db
    }

    /// Turns this connection into a subscriber of channel `patterns` (`PSUBSCRIBE`) and hands
    /// each message's channel to `each`; `each(None)` is called when `tick` passes without one,
    /// and a `PING` (answered within the connection's timeout) checks the server every few
    /// ticks, so a dead server is an error here, never a wait without end. Returns when `each`
    /// answers false.
    pub fn listen(
        mut self,
        patterns: &[String],
        tick: Duration,
        mut each: impl FnMut(Option<&str>) -> bool,
    ) -> Result<(), Error> {
        const TICKS_PER_PING: u32 = 5;
        let mut sub = self.con.as_pubsub();
        let at = At {
            shown: &self.shown_url,
            url: "",
            from: &self.from,
        };
        sub.psubscribe(patterns)
            .map_err(|e| at.error(&e, false, "PSUBSCRIBE"))?;
        let mut quiet = 0;
        loop {
            sub.set_read_timeout(Some(tick))
                .map_err(|e| at.error(&e, false, "PSUBSCRIBE"))?;
            let more = match sub.get_message() {
                Ok(msg) => {
                    quiet = 0;
                    each(Some(msg.get_channel_name()))
                }
                Err(e) if e.is_timeout() => {
                    quiet += 1;
                    if quiet % TICKS_PER_PING == 0 {
                        sub.set_read_timeout(Some(self.timeout))
                            .and_then(|()| sub.ping::<redis::Value>())
                            .map_err(|e| at.error(&e, false, "PING"))?;
                    }
                    each(None)
                }
                Err(e) => return Err(at.error(&e, false, "PSUBSCRIBE")),
            };
            if !more {
                return Ok(());
            }
        }
    }

    fn at(&self) -> At<'_> {
        At {
            shown: &self.shown_url,
            url: "",
            from: &self.from,
        }
    }

    /// Runs a read-only or idempotent command. A timeout here changes nothing.
    pub fn query<T: FromRedisValue>(&mut self, cmd: &Cmd) -> Result<T, Error> {
        self.round_trips += 1;
        let r = cmd.query(&mut self.con);
        r.map_err(|e| self.at().error(&e, false, "read"))
    }

    /// Walks every key matching `pattern` with SCAN (never KEYS, which blocks the server), a
    /// thousand at a time, handing each name to `each`. A name that is not UTF-8 is no key of
    /// the scheme and is skipped.
    pub fn scan_each(&mut self, pattern: &str, mut each: impl FnMut(String)) -> Result<(), Error> {
        let mut cursor: u64 = 0;
        loop {
            let (next, batch): (u64, Vec<Vec<u8>>) = self.query(
                redis::cmd("SCAN")
                    .arg(cursor)
                    .arg("MATCH")
                    .arg(pattern)
                    .arg("COUNT")
                    .arg(1000),
            )?;
            batch
                .into_iter()
                .filter_map(|k| String::from_utf8(k).ok())
                .for_each(&mut each);
            cursor = next;
            if cursor == 0 {
                return Ok(());
            }
        }
    }

    /// Runs a pipeline of read-only commands in one round trip.
    pub fn query_pipe<T: FromRedisValue>(&mut self, pipe: &redis::Pipeline) -> Result<T, Error> {
        self.round_trips += 1;
        let r = pipe.query(&mut self.con);
        r.map_err(|e| self.at().error(&e, false, "read"))
    }

    /// `INFO` for each of `sections`, in one pipelined round trip (one section per command, so
    /// servers before 7.0, which take one section, answer too).
    pub fn info(&mut self, sections: &[&str]) -> Result<Vec<String>, Error> {
        let mut pipe = redis::pipe();
        for s in sections {
            pipe.cmd("INFO").arg(*s);
        }
        self.query_pipe(&pipe)
    }

    /// `CONFIG GET name`: its value, or `None` when the server refuses CONFIG to this user
    /// (`NOPERM` under an ACL, or a managed Redis that renamed or disabled the command), so the
    /// caller can fall back to `INFO`. Any other failure is the usual error.
    pub fn config_get(&mut self, name: &str) -> Result<Option<String>, Error> {
        self.round_trips += 1;
        let r: redis::RedisResult<Vec<String>> = redis::cmd("CONFIG")
            .arg("GET")
            .arg(name)
            .query(&mut self.con);
        match r {
            Ok(pair) => Ok(pair.into_iter().nth(1)),
            Err(e) if config_refused(&e) => Ok(None),
            Err(e) => Err(self.at().error(&e, false, "read")),
        }
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
        match build("EVALSHA", script.sha()).query(&mut self.con) {
            Err(e) if e.kind() == ErrorKind::Server(ServerErrorKind::NoScript) => {
                self.round_trips += 1;
                build("EVAL", script.body())
                    .query(&mut self.con)
                    .map_err(|e| self.script_error(script, &e, writes))
            }
            other => other.map_err(|e| self.script_error(script, &e, writes)),
        }
    }

    fn script_error(&self, script: &LuaScript, e: &RedisError, writes: bool) -> Error {
        if needs_auth(e) || refusal(e).is_some() {
            // Refused before the script wrote anything (see `refusal`).
            self.at().error(e, false, script.name())
        } else if e.is_io_error() || e.is_timeout() || e.is_connection_dropped() || not_redis(e) {
            self.at().error(e, writes, script.name())
        } else {
            Error::Internal(anyhow::anyhow!(
                "Redis script {} failed: {e}",
                script.name()
            ))
        }
    }
}

/// Whether `CONFIG` itself was refused: by the ACL, or as an unknown command.
fn config_refused(e: &RedisError) -> bool {
    e.code() == Some("NOPERM") || e.to_string().to_lowercase().contains("unknown command")
}

/// An error for a URL the redis crate would not open, naming where it was set, never cut short.
fn invalid_url(url: &str, from: &str, e: &RedisError) -> Error {
    // The crate's text is "Invalid database number - InvalidClientConfig": keep the words.
    let text = e.to_string();
    let kind = format!("{:?}", e.kind());
    let why = text.replace(&format!(" - {kind}"), "");
    Error::invalid(format!(
        "invalid Redis URL {} (from {from}): {}; expected redis://[:PASSWORD@]HOST[:PORT][/DB], \
         rediss:// for TLS, redis+unix:///PATH[?db=N&pass=PASSWORD], or \
         redis+sentinel://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/MASTER_NAME[/DB]",
        escaped(&redact_url(url)),
        escaped(&scrub(&why, url))
    ))
}

/// Checks a URL the way connecting would, without connecting: `None` when it would open.
pub fn url_problem(url: &str, from: &str) -> Option<Error> {
    if sentinel::is_sentinel(url) {
        return sentinel::parse(url)
            .err()
            .map(|why| sentinel::invalid(url, from, &why));
    }
    redis::Client::open(url)
        .err()
        .map(|e| invalid_url(url, from, &e))
}

/// Text from a library or the server, with control characters escaped, never truncated (the
/// message is the diagnosis).
fn escaped(s: &str) -> String {
    s.chars().flat_map(char::escape_debug).collect()
}

/// Removes the raw URL from a message, in case a library quoted it.
fn scrub(msg: &str, url: &str) -> String {
    if url.is_empty() {
        msg.to_string()
    } else {
        msg.replace(url, &redact_url(url))
    }
}

/// The Redis a message is about: its URL as shown, the raw URL (to scrub from library
/// messages; empty once connected), and where it was set.
struct At<'a> {
    shown: &'a str,
    url: &'a str,
    from: &'a str,
}

impl At<'_> {
    /// A failure while connecting: a database number the server does not have is the URL's
    /// fault (exit 2), anything else is [`At::error`].
    fn connect_error(&self, e: &RedisError) -> Error {
        if e.to_string().contains("DB index is out of range") {
            return Error::invalid(format!(
                "invalid Redis URL {} (from {}): the server has no database of that number (DB \
                 index is out of range; see `databases` in redis.conf); nothing was changed",
                escaped(self.shown),
                self.from
            ));
        }
        self.error(e, false, "connect")
    }

    fn error(&self, e: &RedisError, maybe_written: bool, what: &str) -> Error {
        let shown = escaped(self.shown);
        let cause = escaped(&scrub(&e.to_string(), self.url));
        let reason = if e.is_timeout() {
            "timed out".to_string()
        } else if needs_auth(e) {
            format!(
                "refused authentication (check the user and password in the URL from {})",
                self.from
            )
        } else if let Some(why) = refusal(e) {
            why
        } else if not_redis(e) {
            "did not answer as Redis (something else is listening there)".to_string()
        } else {
            format!("unreachable ({cause})")
        };
        let message = if maybe_written {
            format!(
                "Redis at {shown} {reason} during {what}: outcome unknown — the change may or may \
                 not have been made. Retrying the same command is safe; `boxoffice inspect` \
                 shows the state."
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
}
