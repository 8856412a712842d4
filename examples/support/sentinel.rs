//! A throwaway Sentinel setup: a primary, one replica (`--replicaof`) and three
//! `redis-sentinel` processes monitoring it as `mymaster` (quorum 2, down after 1 s, failover
//! timeout 5 s), all on free loopback ports with their own temp dirs, killed on drop.
//!
//! Beside `server.rs`, which starts the data nodes; the integration tests include this file
//! (`#[path = "../../examples/support/sentinel.rs"]` in `tests/it/main.rs`). A missing
//! `redis-sentinel` fails the test with the fix.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::server::RedisServer;

pub const MASTER: &str = "mymaster";

pub struct SentinelSet {
    pub primary: RedisServer,
    pub replica: RedisServer,
    pub sentinels: Vec<SentinelProcess>,
}

pub struct SentinelProcess {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

fn redis_sentinel_binary() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("redis-sentinel"))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!(
                "redis-sentinel not found on PATH. The Sentinel tests need a real Sentinel: it \
                 comes with Redis (`sudo apt-get install redis-sentinel` on Debian/Ubuntu, \
                 `brew install redis` on macOS), or run `.ci/test`, which installs it."
            )
        })
}

fn free_port() -> u16 {
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind a loopback port")
            .local_addr()
            .expect("local addr")
            .port();
        if port != 6379 && port != 26379 {
            return port;
        }
    }
}

fn query<T: redis::FromRedisValue>(port: u16, cmd: &redis::Cmd) -> Option<T> {
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}")).ok()?;
    let mut con = client
        .get_connection_with_timeout(Duration::from_millis(300))
        .ok()?;
    con.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    cmd.query(&mut con).ok()
}

/// Polls `ready` every 100 ms until it holds or `limit` passes; panics with `what` then.
pub fn wait_for(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "gave up after {limit:?}: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl SentinelProcess {
    fn start(binary: &PathBuf, primary_port: u16) -> SentinelProcess {
        for _ in 0..10 {
            let dir = tempfile::tempdir().expect("temp dir for sentinel");
            let port = free_port();
            let conf = dir.path().join("sentinel.conf");
            std::fs::write(
                &conf,
                format!(
                    "port {port}\nbind 127.0.0.1\nprotected-mode no\ndir {}\n\
                     sentinel monitor {MASTER} 127.0.0.1 {primary_port} 2\n\
                     sentinel down-after-milliseconds {MASTER} 1000\n\
                     sentinel failover-timeout {MASTER} 5000\n",
                    dir.path().display()
                ),
            )
            .expect("write sentinel.conf");
            let mut child = Command::new(binary)
                .arg(&conf)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn redis-sentinel");
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break; // port taken, most likely
                }
                let pid: Option<String> = query(port, redis::cmd("INFO").arg("server"));
                let ours = pid.is_some_and(|i| i.contains(&format!("process_id:{}", child.id())));
                if ours {
                    return SentinelProcess {
                        child,
                        port,
                        _dir: dir,
                    };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("could not start redis-sentinel on a free port after 10 tries");
    }

    /// `SENTINEL GET-MASTER-ADDR-BY-NAME mymaster`'s port, if this sentinel answers.
    pub fn master_port(&self) -> Option<u16> {
        let addr: Option<(String, u16)> = query(
            self.port,
            redis::cmd("SENTINEL")
                .arg("GET-MASTER-ADDR-BY-NAME")
                .arg(MASTER),
        )?;
        addr.map(|(_, p)| p)
    }

    /// A field of `SENTINEL MASTER mymaster` (`num-slaves`, `num-other-sentinels`, …).
    fn master_field(&self, name: &str) -> Option<String> {
        let fields: Vec<String> =
            query(self.port, redis::cmd("SENTINEL").arg("MASTER").arg(MASTER))?;
        let i = fields.iter().position(|f| f == name)?;
        fields.get(i + 1).cloned()
    }
}

impl Drop for SentinelProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SentinelSet {
    /// Starts everything and waits (≤ 20 s) until the replica is in sync and every sentinel
    /// knows the replica and the two other sentinels, so a failover can happen.
    pub fn start() -> SentinelSet {
        let binary = redis_sentinel_binary();
        let primary = RedisServer::start();
        let p = primary.port.to_string();
        let replica = RedisServer::start_with(&["--replicaof", "127.0.0.1", &p]);
        let sentinels: Vec<SentinelProcess> = (0..3)
            .map(|_| SentinelProcess::start(&binary, primary.port))
            .collect();
        let set = SentinelSet {
            primary,
            replica,
            sentinels,
        };
        wait_for("the replica to sync", Duration::from_secs(20), || {
            let info: Option<String> =
                query(set.replica.port, redis::cmd("INFO").arg("replication"));
            info.is_some_and(|i| i.contains("master_link_status:up"))
        });
        wait_for(
            "every sentinel to see the replica and the other sentinels",
            Duration::from_secs(20),
            || {
                set.sentinels.iter().all(|s| {
                    s.master_field("num-slaves").as_deref() == Some("1")
                        && s.master_field("num-other-sentinels").as_deref() == Some("2")
                })
            },
        );
        set
    }

    /// `redis+sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/mymaster`.
    pub fn url(&self) -> String {
        let hosts: Vec<String> = self
            .sentinels
            .iter()
            .map(|s| format!("127.0.0.1:{}", s.port))
            .collect();
        format!("redis+sentinel://{}/{MASTER}", hosts.join(","))
    }

    /// Kills the primary and waits (≤ 20 s) until a sentinel names the replica as the master.
    pub fn fail_over(&mut self) {
        self.primary.stop();
        self.wait_promoted();
    }

    /// Waits (≤ 20 s) until a sentinel names the replica as the master and it has taken the
    /// primary role (after the primary was stopped).
    pub fn wait_promoted(&self) {
        let replica = self.replica.port;
        wait_for(
            "a sentinel to promote the replica",
            Duration::from_secs(20),
            || {
                self.sentinels
                    .iter()
                    .any(|s| s.master_port() == Some(replica))
            },
        );
        wait_for(
            "the replica to take the primary role",
            Duration::from_secs(20),
            || {
                let info: Option<String> = query(replica, redis::cmd("INFO").arg("replication"));
                info.is_some_and(|i| i.contains("role:master"))
            },
        );
    }
}
