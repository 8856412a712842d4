//! The one Redis connection a command uses, with timeouts on everything and errors that never
//! leak the password. The scripts themselves, their KEYS/ARGV and their replies, are
//! [`crate::scripts`]'; this module only sends them and classifies their errors.
//!
//! Scripts run as `EVALSHA`, falling back to `EVAL` with the body when the server answers
//! `NOSCRIPT` (restarted, or `SCRIPT FLUSH`): one round trip normally, two after a flush, and
//! never a retry of a script that may have run — `NOSCRIPT` means it did not.

use std::time::Duration;

use redis::{Cmd, ErrorKind, FromRedisValue, RedisError, ServerErrorKind, ToRedisArgs};

use crate::error::Error;
use crate::scripts::LuaScript;

/// The query parameters that carry credentials in a Redis URL (`redis+unix:///s.sock?pass=…`;
/// the redis crate reads `user` and `pass`, and `password`/`username` are masked too in case a
/// future version or a hand-written URL uses them).
const SECRET_PARAMS: &[&str] = &["pass", "password", "user", "username"];

/// Replaces every credential in a Redis URL with `***`, for every message we print: the userinfo
/// (`user:pass@`) of any scheme, and the values of `?pass=`, `?password=`, `?user=` and
/// `?username=` (as the redis crate decodes them, so `?pa%73s=` is masked too). Anything that
/// does not parse is treated the same way: a URL with a typo still holds a real password.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, url),
    };
    // The query and fragment start at the first '?' or '#' after the credentials. A password
    // may itself hold '/', '?' or '#' when it was not percent-encoded, so the credentials end
    // at the last '@' — except in a unix socket URL, whose path may hold an '@' and whose
    // credentials are in the query.
    let unix = scheme.is_some_and(|s| s.to_ascii_lowercase().ends_with("unix"));
    let (userinfo, after) = if unix {
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        match rest[..end].rfind('@') {
            Some(at) => (true, &rest[at + 1..]),
            None => (false, rest),
        }
    } else {
        match rest.rfind('@') {
            Some(at) => (true, &rest[at + 1..]),
            None => (false, rest),
        }
    };
    let (before_query, query, fragment) = match after.find(['?', '#']) {
        Some(q) if after[q..].starts_with('?') => {
            let tail = &after[q + 1..];
            match tail.find('#') {
                Some(h) => (&after[..q], Some(&tail[..h]), Some(&tail[h..])),
                None => (&after[..q], Some(tail), None),
            }
        }
        Some(h) => (&after[..h], None, Some(&after[h..])),
        None => (after, None, None),
    };
    let mut out = String::with_capacity(url.len());
    if let Some(s) = scheme {
        out.push_str(s);
        out.push_str("://");
    }
    if userinfo {
        out.push_str("***@");
    }
    out.push_str(before_query);
    if let Some(q) = query {
        out.push('?');
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if is_secret_param(k) => format!("{k}=***"),
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    if let Some(f) = fragment {
        out.push_str(f);
    }
    out
}

/// Whether a query key, decoded as `application/x-www-form-urlencoded`, names a credential.
fn is_secret_param(key: &str) -> bool {
    let decoded: String = percent_decode(&key.replace('+', " "));
    SECRET_PARAMS
        .iter()
        .any(|p| decoded.trim().eq_ignore_ascii_case(p))
}

fn percent_decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub struct Redis {
    con: redis::Connection,
    shown_url: String,
    /// Where the URL came from, for hints ("flag --redis-url", "env REDIS_URL", …).
    from: String,
    /// Round trips made, for `--verbose` and the benchmarks.
    pub round_trips: u32,
}

impl Redis {
    /// Connects with `timeout` for the connect itself and for every read and write after it.
    pub fn connect(url: &str, timeout: Duration) -> Result<Self, Error> {
        Self::connect_from(url, "REDIS_URL", timeout)
    }

    /// Like [`Redis::connect`]; `from` names where the URL was set, for the hints in errors.
    pub fn connect_from(url: &str, from: &str, timeout: Duration) -> Result<Self, Error> {
        let shown_url = redact_url(url);
        let client = redis::Client::open(url).map_err(|e| invalid_url(url, from, &e))?;
        let at = At {
            shown: &shown_url,
            url,
            from,
        };
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
            round_trips: 0,
        })
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

    /// Runs a pipeline of read-only commands in one round trip.
    pub fn query_pipe<T: FromRedisValue>(&mut self, pipe: &redis::Pipeline) -> Result<T, Error> {
        self.round_trips += 1;
        let r = pipe.query(&mut self.con);
        r.map_err(|e| self.at().error(&e, false, "read"))
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

/// An error for a URL the redis crate would not open, naming where it was set, never cut short.
fn invalid_url(url: &str, from: &str, e: &RedisError) -> Error {
    // The crate's text is "Invalid database number - InvalidClientConfig": keep the words.
    let text = e.to_string();
    let kind = format!("{:?}", e.kind());
    let why = text.replace(&format!(" - {kind}"), "");
    Error::invalid(format!(
        "invalid Redis URL {} (from {from}): {}; expected redis://[:PASSWORD@]HOST[:PORT][/DB], \
         rediss:// for TLS, or redis+unix:///PATH[?db=N&pass=PASSWORD]",
        escaped(&redact_url(url)),
        escaped(&scrub(&why, url))
    ))
}

/// Checks a URL the way connecting would, without connecting: `None` when it would open.
pub fn url_problem(url: &str, from: &str) -> Option<Error> {
    redis::Client::open(url)
        .err()
        .map(|e| invalid_url(url, from, &e))
}

/// Text from a library or the server, with control characters escaped, never truncated (the
/// message is the diagnosis).
fn escaped(s: &str) -> String {
    s.chars().flat_map(char::escape_debug).collect()
}

/// A server that wants a password we did not give (or a wrong one): `NOAUTH`, or the protocol
/// error Redis answers an unauthenticated client whose command is long (as a script call is).
fn needs_auth(e: &RedisError) -> bool {
    let e = &first_error(e);
    matches!(e.kind(), ErrorKind::AuthenticationFailed)
        || e.code() == Some("NOAUTH")
        || e.code() == Some("WRONGPASS")
        || e.to_string().contains("unauthenticated")
}

/// A pipeline's first failure, which carries the server's code (a pipeline error does not).
fn first_error(e: &RedisError) -> RedisError {
    match e.clone().into_server_errors() {
        Some(items) if e.code().is_none() && !items.is_empty() => {
            RedisError::from(items[0].1.clone())
        }
        _ => e.clone(),
    }
}

/// A reply that is not Redis's protocol: something else listens at that address.
fn not_redis(e: &RedisError) -> bool {
    matches!(e.kind(), ErrorKind::Parse)
}

/// Why Redis refused a command, when it is a refusal of the server's state or configuration
/// rather than a bug: `(what was refused, why)`. Every one of these is answered before the
/// command or script has changed anything: `BUSY`, `LOADING`, `MASTERDOWN`, `NOPERM` on the
/// command or its keys, and the cluster errors refuse the call itself; inside a script,
/// `READONLY`, `OOM`, `NOREPLICAS` and `MISCONF` are raised only at the script's first write
/// (Redis lets a script that has written finish, to keep it atomic), and a script's ACL
/// refusal of `TIME` comes first too, since every script reads the clock before it writes.
fn refusal(e: &RedisError) -> Option<String> {
    let e = &first_error(e);
    let text = e.to_string();
    let code = e.code().unwrap_or("");
    let why = match code {
        "READONLY" => "refused the write: it is a read-only replica (READONLY); point the URL at \
                       the primary"
            .to_string(),
        "MASTERDOWN" => "refused the command: it is a replica that lost its primary and does not \
                         serve stale data (MASTERDOWN)"
            .to_string(),
        "OOM" => "refused the write: it is out of memory (maxmemory reached, and the eviction \
                  policy evicts nothing) (OOM)"
            .to_string(),
        "NOREPLICAS" => {
            "refused the write: fewer replicas are connected than min-replicas-to-write \
                         asks for (NOREPLICAS)"
                .to_string()
        }
        "MISCONF" => "refused the write: it cannot save to disk (MISCONF)".to_string(),
        "LOADING" => "is loading its data set (after a restart) and refuses commands until it is \
                      done (LOADING); retry in a moment"
            .to_string(),
        "BUSY" => "is busy running another client's script and refuses commands (BUSY); retry \
                   in a moment"
            .to_string(),
        "NOPERM" => format!(
            "refused the command: the Redis user lacks a permission boxoffice needs (NOPERM: {}); \
             it needs EVALSHA, EVAL and TIME, and every key",
            escaped(e.detail().unwrap_or("").trim())
        ),
        "TRYAGAIN" | "CLUSTERDOWN" | "MOVED" | "ASK" | "CROSSSLOT" => format!(
            "refused the command: it is a Redis Cluster node, which boxoffice does not support \
             ({code}); use a standalone Redis or its primary"
        ),
        // Redis reports an ACL refusal inside a script as `ERR The user executing the script
        // can't run this command…` (here, TIME: every script reads the clock first).
        _ if text.contains("The user executing the script can't") => {
            "refused the command: the Redis user lacks a permission boxoffice needs (NOPERM: it \
             may not run a command boxoffice's Lua calls, such as TIME); it needs EVALSHA, EVAL \
             and TIME, and every key"
                .to_string()
        }
        _ if text.contains("unknown command") => format!(
            "refused the command: it does not know it ({})",
            escaped(text.trim())
        ),
        _ => return None,
    };
    Some(why)
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_credential_form_is_hidden() {
        for (url, shown) in [
            (
                "redis+unix:///run/redis.sock?pass=S3CRET",
                "redis+unix:///run/redis.sock?pass=***",
            ),
            (
                "unix:///run/redis.sock?db=2&user=bob&pass=S3CRET",
                "unix:///run/redis.sock?db=2&user=***&pass=***",
            ),
            (
                "redis+unix:///run/redis.sock?password=S3CRET#x",
                "redis+unix:///run/redis.sock?password=***#x",
            ),
            (
                "redis+unix:///run/redis.sock?pa%73s=S3CRET&PASS=S3CRET&pass+=S3CRET",
                "redis+unix:///run/redis.sock?pa%73s=***&PASS=***&pass+=***",
            ),
            (
                "redis+unix:///run/a@b/redis.sock?pass=S3CRET",
                "redis+unix:///run/a@b/redis.sock?pass=***",
            ),
            (
                "redis://bob:S3CRET@h:1/0?pass=S3CRET",
                "redis://***@h:1/0?pass=***",
            ),
            ("rediss://:S3CRET@h/0#insecure", "rediss://***@h/0#insecure"),
            ("redis://:S3/CR?ET@h/0", "redis://***@h/0"),
            ("redis://:S3#CRET@h/0", "redis://***@h/0"),
            ("REDIS://:S3CRET@h/0", "REDIS://***@h/0"),
            ("redis:S3CRET@h", "***@h"),
            ("redis://h/0?protocol=3", "redis://h/0?protocol=3"),
            ("redis+unix:///s.sock?%", "redis+unix:///s.sock?%"),
            (
                "redis+unix:///s.sock?pass%=é",
                "redis+unix:///s.sock?pass%=é",
            ),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
            assert!(!redact_url(url).contains("S3"), "{url}");
        }
    }

    fn server_error(reply: &str) -> RedisError {
        match redis::parse_redis_value(reply.as_bytes()) {
            Ok(v) => v.extract_error().unwrap_err(),
            Err(e) => e,
        }
    }

    #[test]
    fn refusals_are_named_and_bugs_are_not() {
        for (reply, code) in [
            (
                "-READONLY You can't write against a read only replica.\r\n",
                "READONLY",
            ),
            (
                "-OOM command not allowed when used memory > 'maxmemory'. script: ab, on @user_script:1.\r\n",
                "OOM",
            ),
            (
                "-NOREPLICAS Not enough good replicas to write.\r\n",
                "NOREPLICAS",
            ),
            (
                "-LOADING Redis is loading the dataset in memory\r\n",
                "LOADING",
            ),
            ("-BUSY Redis is busy running a script.\r\n", "BUSY"),
            ("-MASTERDOWN Link with MASTER is down\r\n", "MASTERDOWN"),
            (
                "-NOPERM this user has no permissions to run the 'evalsha' command\r\n",
                "NOPERM",
            ),
            (
                "-ERR The user executing the script can't run this command or subcommand script: ab, on @user_script:1.\r\n",
                "NOPERM",
            ),
            (
                "-TRYAGAIN Multiple keys request during rehashing of slot\r\n",
                "TRYAGAIN",
            ),
            ("-CLUSTERDOWN The cluster is down\r\n", "CLUSTERDOWN"),
            ("-MISCONF Errors writing to the AOF file\r\n", "MISCONF"),
        ] {
            let e = server_error(reply);
            let why = refusal(&e).unwrap_or_else(|| panic!("{reply}: not a refusal ({e})"));
            assert!(why.contains(&format!("({code}")), "{reply}: {why}");
        }
        let bug =
            server_error("-ERR user_script:3: Script attempted to access nonexistent global\r\n");
        assert_eq!(refusal(&bug), None);
    }
}
