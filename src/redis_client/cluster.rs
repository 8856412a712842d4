//! `redis+cluster://[user:pass@]host1:7000,host2:7001[,…]` (`rediss+cluster://` for TLS): Redis
//! Cluster, through the redis crate's blocking `ClusterConnection`, which routes each command by
//! the slot of its keys and follows `MOVED`, `ASK` and `TRYAGAIN` while slots move.
//!
//! What the crate does not do, this module does:
//!
//! - **No blind retry.** The crate retries a request whose connection timed out or dropped, and
//!   a script whose reply was lost may have run: re-sending a reserve would report "taken by
//!   you" or worse. Each node connection is a [`Node`], which hands the crate such a failure as
//!   an error it does not retry ([`LOST_TIMEOUT`], [`LOST_IO`]); [`super`] reports it as it
//!   reports a lost reply on one server (exit 5, outcome unknown for a write). Only the
//!   cluster's own refusals (`MOVED`, `ASK`, `TRYAGAIN`, `CLUSTERDOWN`), answered before
//!   anything ran, are retried, a few times with short waits.
//! - **SCAN, pub/sub and per-node checks** go to each primary over a connection of its own
//!   ([`Cluster::primaries`], [`Cluster::owner`]): the crate's blocking cluster has no SCAN
//!   across nodes and no pub/sub.
//!
//! The URL's credentials are used for every node (one ACL user across the cluster, as managed
//! clusters have); there is only database 0.

use std::time::Duration;

use redis::cluster::{ClusterClientBuilder, ClusterConnection, Connect};
use redis::{Connection, ConnectionLike, IntoConnectionInfo, RedisError, RedisResult, Value};

/// The schemes of a cluster URL (matched without regard to case), and whether each is TLS.
const SCHEMES: &[(&str, bool)] = &[("redis+cluster", false), ("rediss+cluster", true)];

/// The port of a seed node whose address names none.
const DEFAULT_PORT: u16 = 6379;

/// How often the crate may follow a redirection or wait out a `TRYAGAIN` for one request, and
/// the bounds of its waits (ms): a request ends within a second or so of retries.
const RETRIES: u32 = 5;
const MIN_RETRY_WAIT_MS: u64 = 10;
const MAX_RETRY_WAIT_MS: u64 = 200;

/// The codes of the errors a [`Node`] turns a lost reply into: a timeout, and any other failure
/// of the connection after the request may have been sent.
pub const LOST_TIMEOUT: &str = "BOXOFFICE_LOST_TIMEOUT";
pub const LOST_IO: &str = "BOXOFFICE_LOST_IO";

/// A parsed cluster URL.
#[derive(Debug, PartialEq)]
pub struct ClusterUrl {
    /// `user:pass` as written (still percent-encoded), without the `@`.
    userinfo: Option<String>,
    /// The seed nodes, in the order given: `(host, port)`.
    pub seeds: Vec<(String, u16)>,
    tls: bool,
    /// `#insecure` (TLS without verification), kept for every node's URL.
    insecure: bool,
}

/// Whether `url` is a cluster URL (then [`parse`] says whether it is a good one).
pub fn is_cluster(url: &str) -> bool {
    scheme_tls(url).is_some()
}

fn scheme_tls(url: &str) -> Option<bool> {
    let (s, _) = url.split_once("://")?;
    SCHEMES
        .iter()
        .find(|(k, _)| s.eq_ignore_ascii_case(k))
        .map(|(_, tls)| *tls)
}

/// Parses a cluster URL; the error (the reason, without the URL) is for an exit 2.
pub fn parse(url: &str) -> Result<ClusterUrl, String> {
    let tls = scheme_tls(url).ok_or("no scheme")?;
    let (_, rest) = url.split_once("://").ok_or("no scheme")?;
    let (rest, insecure) = match rest.rsplit_once('#') {
        Some((r, "insecure")) if tls => (r, true),
        Some((_, f)) => return Err(format!("unknown fragment #{}", super::escaped(f))),
        None => (rest, false),
    };
    // The credentials end at the last '@', as `redact_url` reads them.
    let (userinfo, rest) = match rest.rfind('@') {
        Some(at) => (Some(rest[..at].to_string()), &rest[at + 1..]),
        None => (None, rest),
    };
    let (hosts, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !matches!(path, "" | "0") {
        return Err("a cluster has only database 0 (nothing or /0 after the nodes)".into());
    }
    let seeds = hosts
        .split(',')
        .map(|h| super::sentinel::host_port(h, DEFAULT_PORT, "node"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ClusterUrl {
        userinfo,
        seeds,
        tls,
        insecure,
    })
}

impl ClusterUrl {
    /// A `redis://` (or `rediss://`) URL for one node, with this URL's credentials.
    pub fn node_url(&self, host: &str, port: u16) -> String {
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let scheme = if self.tls { "rediss" } else { "redis" };
        let auth = self
            .userinfo
            .as_ref()
            .map_or(String::new(), |u| format!("{u}@"));
        let fragment = if self.insecure { "#insecure" } else { "" };
        format!("{scheme}://{auth}{host}:{port}/0{fragment}")
    }
}

/// A range of slots and its primary: `(first slot, last slot, (host, port))`.
type SlotRange = (i64, i64, (String, u16));

/// A connected cluster.
pub struct Cluster {
    pub con: ClusterConnection<Node>,
    pub url: ClusterUrl,
}

/// Connects to the cluster through the first seed that answers, with `timeout` on every
/// connect and every reply.
pub fn connect(url: ClusterUrl, timeout: Duration) -> RedisResult<Cluster> {
    let seeds: Vec<String> = url.seeds.iter().map(|(h, p)| url.node_url(h, *p)).collect();
    let client = ClusterClientBuilder::new(seeds)
        .connection_timeout(timeout)
        .response_timeout(timeout)
        .retries(RETRIES)
        .min_retry_wait(MIN_RETRY_WAIT_MS)
        .max_retry_wait(MAX_RETRY_WAIT_MS)
        .build()?;
    // `get_generic_connection` is the crate's way to choose the node connection type (hidden
    // from its docs, used by its own tests); `Node` is what keeps a lost reply from being
    // re-sent. Cargo.lock pins the crate; an upgrade must keep this.
    let con = client.get_generic_connection::<Node>()?;
    con.set_write_timeout(Some(timeout))?;
    Ok(Cluster { con, url })
}

impl Cluster {
    /// The primaries, as `(host, port)`, from `CLUSTER SLOTS` (answered by any node), each once.
    pub fn primaries(&mut self) -> RedisResult<Vec<(String, u16)>> {
        let mut out: Vec<(String, u16)> = self.slots()?.into_iter().map(|(_, _, a)| a).collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The primary that serves `key`'s slot (`CLUSTER KEYSLOT`, then `CLUSTER SLOTS`).
    pub fn owner(&mut self, key: &str) -> RedisResult<(String, u16)> {
        let slot: i64 = redis::cmd("CLUSTER")
            .arg("KEYSLOT")
            .arg(key)
            .query(&mut self.con)?;
        self.slots()?
            .into_iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&slot))
            .map(|(_, _, a)| a)
            .ok_or_else(|| {
                RedisError::from((
                    redis::ErrorKind::Server(redis::ServerErrorKind::ClusterDown),
                    "no primary serves the slot",
                    format!("slot {slot}"),
                ))
            })
    }

    /// `CLUSTER SLOTS` as `(first slot, last slot, primary)`. A node that does not know its own
    /// address answers an empty host: it is then the first seed's.
    fn slots(&mut self) -> RedisResult<Vec<SlotRange>> {
        let v: Value = redis::cmd("CLUSTER").arg("SLOTS").query(&mut self.con)?;
        let bad = || {
            RedisError::from((
                redis::ErrorKind::UnexpectedReturnType,
                "CLUSTER SLOTS: unexpected reply",
            ))
        };
        let Value::Array(ranges) = v else {
            return Err(bad());
        };
        let seed = self.url.seeds[0].0.clone();
        ranges
            .into_iter()
            .map(|r| {
                let Value::Array(r) = r else {
                    return Err(bad());
                };
                let (lo, hi) = match (r.first(), r.get(1)) {
                    (Some(Value::Int(lo)), Some(Value::Int(hi))) => (*lo, *hi),
                    _ => return Err(bad()),
                };
                let (host, port): (String, u16) = match r.get(2) {
                    Some(Value::Array(p)) if p.len() >= 2 => (
                        redis::from_redis_value(p[0].clone()).map_err(|_| bad())?,
                        redis::from_redis_value(p[1].clone()).map_err(|_| bad())?,
                    ),
                    _ => return Err(bad()),
                };
                let host = if host.is_empty() || host == "?" {
                    seed.clone()
                } else {
                    host
                };
                Ok((lo, hi, (host, port)))
            })
            .collect()
    }
}

/// One node's connection inside the crate's `ClusterConnection`: a plain connection whose lost
/// replies (timeout, dropped connection, unreadable reply) become errors the crate does not
/// retry, coded [`LOST_TIMEOUT`] or [`LOST_IO`] with the original text as the detail.
pub struct Node(Connection);

/// A failure after the request may have reached the server, made final.
fn no_retry(e: RedisError) -> RedisError {
    let lost = e.is_io_error()
        || e.is_timeout()
        || e.is_connection_dropped()
        || e.kind() == redis::ErrorKind::Parse;
    if !lost {
        return e;
    }
    let code = if e.is_timeout() {
        LOST_TIMEOUT
    } else {
        LOST_IO
    };
    redis::make_extension_error(code.to_string(), Some(e.to_string()))
}

impl Connect for Node {
    fn connect<T>(info: T, timeout: Option<Duration>) -> RedisResult<Self>
    where
        T: IntoConnectionInfo,
    {
        let client = redis::Client::open(info)?;
        let con = match timeout {
            Some(t) => client.get_connection_with_timeout(t)?,
            None => client.get_connection()?,
        };
        // The crate sends a PING before it sets its own timeouts: bound that one too.
        con.set_read_timeout(timeout)?;
        con.set_write_timeout(timeout)?;
        Ok(Node(con))
    }

    fn send_packed_command(&mut self, cmd: &[u8]) -> RedisResult<()> {
        self.0.send_packed_command(cmd).map_err(no_retry)
    }

    fn set_write_timeout(&self, dur: Option<Duration>) -> RedisResult<()> {
        self.0.set_write_timeout(dur)
    }

    fn set_read_timeout(&self, dur: Option<Duration>) -> RedisResult<()> {
        self.0.set_read_timeout(dur)
    }

    fn recv_response(&mut self) -> RedisResult<Value> {
        self.0.recv_response().map_err(no_retry)
    }
}

impl ConnectionLike for Node {
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<Value> {
        self.0.req_packed_command(cmd).map_err(no_retry)
    }

    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>> {
        self.0
            .req_packed_commands(cmd, offset, count)
            .map_err(no_retry)
    }

    fn get_db(&self) -> i64 {
        self.0.get_db()
    }

    fn check_connection(&mut self) -> bool {
        self.0.check_connection()
    }

    fn is_open(&self) -> bool {
        self.0.is_open()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_urls_parse() {
        let c = parse("redis+cluster://bob:pw@h1:7000,h2,[::1]:7002").unwrap();
        assert_eq!(c.userinfo.as_deref(), Some("bob:pw"));
        assert_eq!(
            c.seeds,
            vec![
                ("h1".into(), 7000),
                ("h2".into(), DEFAULT_PORT),
                ("::1".into(), 7002)
            ]
        );
        assert_eq!(
            c.node_url("10.0.0.1", 7000),
            "redis://bob:pw@10.0.0.1:7000/0"
        );
        assert_eq!(c.node_url("::1", 7), "redis://bob:pw@[::1]:7/0");
        let t = parse("REDISS+CLUSTER://h1:7000/0#insecure").unwrap();
        assert_eq!(t.node_url("h1", 7000), "rediss://h1:7000/0#insecure");
        assert!(is_cluster("rediss+cluster://h"));
        assert!(!is_cluster("redis://h:7000"));
    }

    #[test]
    fn bad_cluster_urls_say_why() {
        for url in [
            "redis+cluster://",
            "redis+cluster://h1:x",
            "redis+cluster://h1,,h2",
            "redis+cluster://h1:7000/1",
            "redis+cluster://h1:7000#insecure",
        ] {
            assert!(parse(url).is_err(), "{url}");
        }
    }

    #[test]
    fn lost_replies_are_not_retried() {
        let timeout = RedisError::from(std::io::Error::from(std::io::ErrorKind::TimedOut));
        let e = no_retry(timeout);
        assert_eq!(e.code(), Some(LOST_TIMEOUT));
        assert!(matches!(e.retry_method(), redis::RetryMethod::NoRetry));
        let reset = RedisError::from(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        let e = no_retry(reset);
        assert_eq!(e.code(), Some(LOST_IO));
        assert!(matches!(e.retry_method(), redis::RetryMethod::NoRetry));
        let moved = redis::parse_redis_value(b"-MOVED 3999 127.0.0.1:6381\r\n")
            .unwrap()
            .extract_error()
            .unwrap_err();
        assert!(matches!(
            no_retry(moved).retry_method(),
            redis::RetryMethod::MovedRedirect
        ));
    }
}
