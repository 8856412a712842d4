//! `redis+sentinel://[user:pass@]host1:26379,host2:26379/MASTER_NAME[/DB]`: finding the current
//! primary through Redis Sentinel, once per run (each command is a new process, so each one
//! asks afresh and a failover between two commands needs nothing from us).
//!
//! The lookup follows the Sentinel client protocol: ask each sentinel in turn for
//! `SENTINEL GET-MASTER-ADDR-BY-NAME`, skip one that is down or does not know the name, then
//! connect to the address given and check with `ROLE` that it really is the primary (a sentinel's
//! view can be stale during a failover). We do this here, with the crate's `Connection` and
//! `Role`, instead of calling `redis::sentinel::Sentinel::master_for`, because the crate's
//! blocking lookup opens its sentinel and `ROLE` connections with no connect timeout and no read
//! timeout and offers no way to set them: one sentinel that accepts a connection and never
//! answers would hang the command. Here every step has the command's Redis timeout.
//!
//! The URL's `user:pass` is used for the sentinels and for the data nodes alike (a Sentinel set
//! up with `requirepass`/`sentinel auth-pass`, or one ACL user on both); a URL with no
//! credentials sends none to either.

use std::time::Duration;

use redis::{Connection, Role};

use super::{escaped, redact_url, scrub};
use crate::error::Error;

/// The schemes of a Sentinel URL (matched without regard to case).
const SCHEMES: &[&str] = &["redis+sentinel", "redis-sentinel"];

/// The port of a sentinel whose host names none.
const DEFAULT_PORT: u16 = 26379;

/// A parsed Sentinel URL.
#[derive(Debug, PartialEq)]
pub struct SentinelUrl {
    /// `user:pass` as written (still percent-encoded), without the `@`.
    userinfo: Option<String>,
    /// The sentinels, in the order given: `(host, port)`.
    sentinels: Vec<(String, u16)>,
    master: String,
    db: i64,
}

/// Whether `url` is a Sentinel URL (then [`parse`] says whether it is a good one).
pub fn is_sentinel(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(s, _)| SCHEMES.iter().any(|k| s.eq_ignore_ascii_case(k)))
}

/// Parses a Sentinel URL; the error (the reason, without the URL) is for an exit 2.
pub fn parse(url: &str) -> Result<SentinelUrl, String> {
    let (_, rest) = url.split_once("://").ok_or("no scheme")?;
    // The credentials end at the last '@', as `redact_url` reads them.
    let (userinfo, rest) = match rest.rfind('@') {
        Some(at) => (Some(rest[..at].to_string()), &rest[at + 1..]),
        None => (None, rest),
    };
    let (hosts, path) = rest.split_once('/').unwrap_or((rest, ""));
    let sentinels = hosts
        .split(',')
        .map(|h| host_port(h, DEFAULT_PORT, "sentinel"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut parts = path.splitn(2, '/');
    let master = parts.next().unwrap_or("").to_string();
    if master.is_empty() || master.contains(['?', '#']) {
        return Err("no master name after the sentinels (.../MASTER_NAME[/DB])".into());
    }
    let db = match parts.next().filter(|d| !d.is_empty()) {
        None => 0,
        Some(d) => d
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| format!("invalid database number {:?}", escaped(d)))?,
    };
    Ok(SentinelUrl {
        userinfo,
        sentinels,
        master,
        db,
    })
}

/// `host[:port]` (an IPv6 host in brackets), `default_port` when none is given; the error
/// names it as a `what` address ("sentinel", "node").
pub(super) fn host_port(s: &str, default_port: u16, what: &str) -> Result<(String, u16), String> {
    let bad = || format!("invalid {what} address {:?}", escaped(s));
    let (host, port) = match s.rsplit_once(':') {
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (s, None), // bare IPv6
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    let port = match port {
        None => default_port,
        Some(p) => p.parse().ok().filter(|p| *p != 0).ok_or_else(bad)?,
    };
    if host.is_empty() || host.contains(['/', '?', '#', ' ']) {
        return Err(bad());
    }
    Ok((
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        port,
    ))
}

impl SentinelUrl {
    /// A `redis://` URL for `host:port` with this URL's credentials and database `db`.
    fn node_url(&self, host: &str, port: u16, db: i64) -> String {
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        match &self.userinfo {
            Some(u) => format!("redis://{u}@{host}:{port}/{db}"),
            None => format!("redis://{host}:{port}/{db}"),
        }
    }

    /// The sentinels as `host:port, host:port`, for messages (no credentials).
    fn shown_sentinels(&self) -> String {
        let list: Vec<String> = self
            .sentinels
            .iter()
            .map(|(h, p)| format!("{h}:{p}"))
            .collect();
        escaped(&list.join(", "))
    }
}

/// Why one sentinel gave no primary.
enum Miss {
    /// It could not be reached or did not answer as a sentinel.
    Down(redis::RedisError),
    /// It answered that it monitors no master of that name.
    Unknown,
    /// It named a primary that was down or is not (or no longer) a primary.
    Stale(String),
}

/// Asks the sentinels for the current primary and returns a `redis://` URL for it, with the
/// URL's credentials and database. Every connection and reply is bounded by `timeout`.
pub fn resolve(url: &str, from: &str, timeout: Duration) -> Result<String, Error> {
    let s = parse(url).map_err(|why| invalid(url, from, &why))?;
    let mut misses = Vec::new();
    for (host, port) in &s.sentinels {
        match ask(&s, host, *port, timeout) {
            Ok(primary) => return Ok(primary),
            Err(m) => misses.push(m),
        }
    }
    Err(no_primary(url, from, &s, misses))
}

/// One sentinel: the primary it names, checked with `ROLE`.
fn ask(s: &SentinelUrl, host: &str, port: u16, timeout: Duration) -> Result<String, Miss> {
    let mut con = open(&s.node_url(host, port, 0), timeout).map_err(Miss::Down)?;
    let addr: Option<(String, u16)> = redis::cmd("SENTINEL")
        .arg("GET-MASTER-ADDR-BY-NAME")
        .arg(&s.master)
        .query(&mut con)
        .map_err(Miss::Down)?;
    let (ip, port) = addr.ok_or(Miss::Unknown)?;
    let primary = s.node_url(&ip, port, s.db);
    let shown = format!("{ip}:{port}");
    let mut data = open(&primary, timeout).map_err(|e| Miss::Stale(format!("{shown}: {e}")))?;
    match redis::cmd("ROLE").query::<Role>(&mut data) {
        Ok(Role::Primary { .. }) => Ok(primary),
        Ok(_) => Err(Miss::Stale(format!("{shown} is not a primary (yet)"))),
        Err(e) => Err(Miss::Stale(format!("{shown}: {e}"))),
    }
}

/// A connection with `timeout` on the connect and on every read and write.
fn open(url: &str, timeout: Duration) -> redis::RedisResult<Connection> {
    let con = redis::Client::open(url)?.get_connection_with_timeout(timeout)?;
    con.set_read_timeout(Some(timeout))?;
    con.set_write_timeout(Some(timeout))?;
    Ok(con)
}

pub fn invalid(url: &str, from: &str, why: &str) -> Error {
    Error::invalid(format!(
        "invalid Redis URL {} (from {from}): {why}; expected \
         redis+sentinel://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/MASTER_NAME[/DB]",
        escaped(&redact_url(url))
    ))
}

/// The error when no sentinel gave a usable primary: exit 2 when the sentinels that answered
/// all said they know no master of that name (the URL's fault), exit 5 otherwise.
fn no_primary(url: &str, from: &str, s: &SentinelUrl, misses: Vec<Miss>) -> Error {
    let sentinels = s.shown_sentinels();
    let master = escaped(&s.master);
    if misses.iter().any(|m| matches!(m, Miss::Unknown))
        && !misses.iter().any(|m| matches!(m, Miss::Stale(_)))
    {
        return Error::invalid(format!(
            "invalid Redis URL {} (from {from}): the sentinels at {sentinels} monitor no master \
             named {master:?} (see `sentinel monitor` in sentinel.conf); nothing was changed",
            escaped(&redact_url(url))
        ));
    }
    let shown = redact_url(url);
    let stale: Vec<String> = misses
        .iter()
        .filter_map(|m| match m {
            Miss::Stale(why) => Some(escaped(&scrub(why, url))),
            _ => None,
        })
        .collect();
    let last_down = misses.into_iter().rev().find_map(|m| match m {
        Miss::Down(e) => Some(e),
        _ => None,
    });
    let message = if stale.is_empty() {
        let cause = last_down.map_or_else(String::new, |e| {
            format!(" (last: {})", escaped(&scrub(&e.to_string(), url)))
        });
        format!(
            "Redis at {}: no sentinel reachable at {sentinels}{cause}; nothing was changed",
            escaped(&shown)
        )
    } else {
        format!(
            "Redis at {}: the sentinels at {sentinels} name no reachable primary for {master:?} \
             ({}), a failover may be in progress; nothing was changed, retry shortly",
            escaped(&shown),
            stale.join("; ")
        )
    };
    Error::Unavailable {
        service: "redis",
        message,
        outcome_unknown: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinel_urls_parse() {
        let s = parse("redis+sentinel://bob:pw@h1:26380,h2/mymaster/2").unwrap();
        assert_eq!(s.userinfo.as_deref(), Some("bob:pw"));
        assert_eq!(
            s.sentinels,
            vec![("h1".into(), 26380), ("h2".into(), DEFAULT_PORT)]
        );
        assert_eq!((s.master.as_str(), s.db), ("mymaster", 2));
        assert_eq!(
            s.node_url("10.0.0.1", 6379, 2),
            "redis://bob:pw@10.0.0.1:6379/2"
        );
        let s = parse("redis+sentinel://[::1]:26379/m").unwrap();
        assert_eq!(s.sentinels, vec![("::1".into(), 26379)]);
        assert_eq!(s.node_url("::1", 7, 0), "redis://[::1]:7/0");
        assert!(is_sentinel("REDIS+SENTINEL://h/m"));
        assert!(!is_sentinel("redis://h/0"));
    }

    #[test]
    fn bad_sentinel_urls_say_why() {
        for url in [
            "redis+sentinel://h1:26379",
            "redis+sentinel://h1:26379/",
            "redis+sentinel://h1:x/m",
            "redis+sentinel://h1,,h2/m",
            "redis+sentinel://h1/m/x",
            "redis+sentinel://h1/m/-1",
        ] {
            assert!(parse(url).is_err(), "{url}");
        }
    }

    #[test]
    fn sentinel_credentials_are_hidden() {
        assert_eq!(
            redact_url("redis+sentinel://bob:S3CRET@h1:26379,h2:26379/mymaster/0"),
            "redis+sentinel://***@h1:26379,h2:26379/mymaster/0"
        );
        let e = invalid("redis+sentinel://:S3CRET@h1", "env REDIS_URL", "x");
        assert!(!e.message().contains("S3CRET"));
    }
}
