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
use crate::keys::{KeyStyle, Keys};
use crate::scripts::LuaScript;

mod cluster;
mod con;
mod redact;
mod refusal;
mod sentinel;
mod wait;

use con::Con;

pub use cluster::is_cluster as is_cluster_url;
pub use redact::redact_url;
use refusal::{lost, needs_auth, not_redis, refusal};

pub struct Redis {
    con: Con,
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
        if cluster::is_cluster(url) {
            return Self::connect_cluster(url, from, timeout, keys);
        }
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
            con: Con::One(con),
            shown_url,
            from: from.to_string(),
            db,
            timeout,
            keys,
            round_trips: 0,
        })
    }

    /// A `redis+cluster://` URL: the seed nodes, through the crate's cluster connection
    /// (`cluster.rs`). It needs the cluster key style: the guide's keys put one showtime in
    /// many slots, and every script would be refused (`CROSSSLOT`).
    fn connect_cluster(
        url: &str,
        from: &str,
        timeout: Duration,
        keys: Keys,
    ) -> Result<Self, Error> {
        if keys.style() != KeyStyle::Cluster {
            return Err(needs_cluster_style(url, from));
        }
        let parsed = cluster::parse(url).map_err(|why| cluster_invalid(url, from, &why))?;
        let shown_url = redact_url(url);
        let at = At {
            shown: &shown_url,
            url,
            from,
        };
        let c = cluster::connect(parsed, timeout).map_err(|e| at.connect_error(&e))?;
        Ok(Redis {
            con: Con::Cluster(Box::new(c)),
            shown_url,
            from: from.to_string(),
            db: 0,
            timeout,
            keys,
            round_trips: 0,
        })
    }

    /// Whether this is a Redis Cluster connection.
    pub fn is_cluster(&self) -> bool {
        matches!(self.con, Con::Cluster(_))
    }

    /// A connection of its own to one node of the cluster (`host:port`), same credentials,
    /// timeout and key style.
    fn node(&self, host: &str, port: u16) -> Result<Redis, Error> {
        let Con::Cluster(c) = &self.con else {
            return Err(Error::Internal(anyhow::anyhow!("not a cluster connection")));
        };
        let url = c.url.node_url(host, port);
        let from = format!("node {host}:{port} of the cluster from {}", self.from);
        Self::connect_from(&url, &from, self.timeout, self.keys)
    }

    /// The primaries of a cluster, each on a connection of its own; this one server otherwise.
    fn primaries(&mut self) -> Result<Vec<Redis>, Error> {
        let Con::Cluster(c) = &mut self.con else {
            return Ok(Vec::new());
        };
        let addrs = c
            .primaries()
            .map_err(|e| self.at().error(&e, false, "CLUSTER SLOTS"))?;
        addrs.iter().map(|(h, p)| self.node(h, *p)).collect()
    }

    /// On a cluster, a connection of its own to the primary serving `key`'s slot (for pub/sub
    /// and the settings that go with it, which are per node); this connection otherwise.
    pub fn node_for(mut self, key: &str) -> Result<Redis, Error> {
        let Con::Cluster(c) = &mut self.con else {
            return Ok(self);
        };
        let (host, port) = c
            .owner(key)
            .map_err(|e| self.at().error(&e, false, "CLUSTER KEYSLOT"))?;
        self.node(&host, port)
    }

    /// The key names of this connection's key style.
    pub fn keys(&self) -> Keys {
        self.keys
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
        let Con::One(con) = &mut self.con else {
            return Err(Error::Internal(anyhow::anyhow!(
                "PSUBSCRIBE on a cluster connection: listen on Redis::node_for's"
            )));
        };
        let mut sub = con.as_pubsub();
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
    /// On a cluster, every primary is walked in turn (a key lives on one primary).
    pub fn scan_each(&mut self, pattern: &str, mut each: impl FnMut(String)) -> Result<(), Error> {
        if self.is_cluster() {
            for mut node in self.primaries()? {
                node.scan_node(pattern, &mut each)?;
                self.round_trips += node.round_trips;
            }
            return Ok(());
        }
        self.scan_node(pattern, &mut each)
    }

    /// SCAN on this one server.
    fn scan_node(&mut self, pattern: &str, each: &mut dyn FnMut(String)) -> Result<(), Error> {
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
                .for_each(&mut *each);
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
        let mut cmd = redis::cmd("CONFIG");
        cmd.arg("GET").arg(name);
        let r: redis::RedisResult<Vec<String>> = match &mut self.con {
            Con::One(c) => cmd.query(c),
            // The crate asks every node and answers a map; one primary's answer is the
            // cluster's (its nodes are configured alike; `doctor` says which it read).
            Con::Cluster(c) => c
                .con
                .route_command(&cmd, random_primary())
                .and_then(|v| Ok(redis::from_redis_value(v)?)),
        };
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
        } else if e.is_io_error()
            || e.is_timeout()
            || e.is_connection_dropped()
            || not_redis(e)
            || lost(e).is_some()
        {
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
         redis+sentinel://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/MASTER_NAME[/DB], or \
         redis+cluster://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]",
        escaped(&redact_url(url)),
        escaped(&scrub(&why, url))
    ))
}

/// The routing of a command to any one primary of a cluster.
fn random_primary() -> redis::cluster_routing::RoutingInfo {
    use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
    RoutingInfo::SingleNode(SingleNodeRoutingInfo::RandomPrimary)
}

/// The refusal of a cluster URL with the guide's key style (exit 2).
fn needs_cluster_style(url: &str, from: &str) -> Error {
    Error::invalid(format!(
        "Redis URL {} (from {from}) is a Redis Cluster, which needs the cluster key style (one \
         showtime's keys in one slot): set key_style = \"cluster\" in the config file, \
         BOXOFFICE_KEY_STYLE=cluster or --key-style cluster (and move live holds over first); \
         nothing was changed",
        escaped(&redact_url(url))
    ))
}

fn cluster_invalid(url: &str, from: &str, why: &str) -> Error {
    Error::invalid(format!(
        "invalid Redis URL {} (from {from}): {why}; expected \
         redis+cluster://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...] (rediss+cluster:// for TLS)",
        escaped(&redact_url(url))
    ))
}

/// Checks a URL the way connecting would, without connecting: `None` when it would open.
/// A cluster URL also needs the cluster key style (`style`).
pub fn url_problem(url: &str, from: &str, style: KeyStyle) -> Option<Error> {
    if cluster::is_cluster(url) {
        if let Err(why) = cluster::parse(url) {
            return Some(cluster_invalid(url, from, &why));
        }
        return (style != KeyStyle::Cluster).then(|| needs_cluster_style(url, from));
    }
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
        let text = match lost(e) {
            Some(_) => e.detail().unwrap_or_default().to_string(),
            None => e.to_string(),
        };
        let cause = escaped(&scrub(&text, self.url));
        let reason = if e.is_timeout() || lost(e) == Some(true) {
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
