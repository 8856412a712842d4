//! A throwaway Redis Cluster: six `redis-server`s (three primaries, three replicas) on free
//! loopback ports, joined by `redis-cli --cluster create`, each in its own temp dir and killed
//! on drop (they are [`RedisServer`]s). Shared by the tests and the benchmarks like
//! `server.rs`: a Cluster is only proven against a real one, where `CROSSSLOT`, `MOVED` and the
//! per-primary key spaces actually happen.

use std::process::Command;
use std::time::{Duration, Instant};

use super::server::RedisServer;

pub struct RedisCluster {
    pub nodes: Vec<RedisServer>,
}

fn redis_cli_missing() -> ! {
    panic!(
        "redis-cli not found on PATH. The Cluster tests need it to join the nodes: install it \
         with `sudo apt-get install redis-tools` (Debian/Ubuntu) or `brew install redis`, or \
         run `.ci/test`, which installs it."
    )
}

impl RedisCluster {
    /// Six nodes, `cluster_state:ok` on every one of them, every slot served.
    pub fn start() -> RedisCluster {
        let nodes: Vec<RedisServer> = (0..6)
            .map(|_| {
                RedisServer::start_with(&[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "3000",
                ])
            })
            .collect();
        let addrs: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let out = Command::new("redis-cli")
            .arg("--cluster")
            .arg("create")
            .args(&addrs)
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .output()
            .unwrap_or_else(|e| match e.kind() {
                std::io::ErrorKind::NotFound => redis_cli_missing(),
                _ => panic!("redis-cli --cluster create: {e}"),
            });
        assert!(
            out.status.success(),
            "redis-cli --cluster create: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let cluster = RedisCluster { nodes };
        cluster.wait_until_ok();
        cluster
    }

    fn wait_until_ok(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = self.nodes.iter().all(|n| {
                redis::cmd("CLUSTER")
                    .arg("INFO")
                    .query::<String>(&mut n.connection())
                    .is_ok_and(|i| {
                        i.contains("cluster_state:ok") && i.contains("cluster_known_nodes:6")
                    })
            });
            if ok {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the cluster never reached cluster_state:ok"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The URL boxoffice takes: every node as a seed.
    pub fn url(&self) -> String {
        let hosts: Vec<String> = self
            .nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        format!("redis+cluster://{}", hosts.join(","))
    }

    /// The nodes that are primaries now (`ROLE`).
    pub fn primaries(&self) -> Vec<&RedisServer> {
        self.nodes
            .iter()
            .filter(|n| {
                redis::cmd("ROLE")
                    .query::<Vec<redis::Value>>(&mut n.connection())
                    .ok()
                    .and_then(|r| r.first().cloned())
                    .is_some_and(|v| {
                        redis::from_redis_value::<String>(v).is_ok_and(|s| s == "master")
                    })
            })
            .collect()
    }

    /// The primary serving `key`'s slot: the one of them that answers for it without `MOVED`.
    pub fn owner(&self, key: &str) -> &RedisServer {
        let slot: i64 = redis::cmd("CLUSTER")
            .arg("KEYSLOT")
            .arg(key)
            .query(&mut self.nodes[0].connection())
            .expect("CLUSTER KEYSLOT");
        self.primaries()
            .into_iter()
            .find(|n| {
                let shards: Vec<Vec<i64>> = redis::cmd("CLUSTER")
                    .arg("SLOTS")
                    .query::<Vec<redis::Value>>(&mut n.connection())
                    .map(|v| {
                        v.into_iter()
                            .filter_map(|r| match r {
                                redis::Value::Array(a) => Some(a),
                                _ => None,
                            })
                            .filter(|a| {
                                let port = match a.get(2) {
                                    Some(redis::Value::Array(n)) => {
                                        redis::from_redis_value::<i64>(n[1].clone()).ok()
                                    }
                                    _ => None,
                                };
                                port == Some(i64::from(n.port))
                            })
                            .map(|a| {
                                a.iter()
                                    .take(2)
                                    .filter_map(|x| redis::from_redis_value::<i64>(x.clone()).ok())
                                    .collect()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                shards
                    .iter()
                    .any(|r| r.len() == 2 && r[0] <= slot && slot <= r[1])
            })
            .unwrap_or_else(|| panic!("no primary serves slot {slot} of {key}"))
    }
}
