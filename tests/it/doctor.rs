//! `boxoffice doctor` against real servers configured each way: an eviction policy that can
//! evict locks and no persistence (warnings), the recommended settings (none), a replica (an
//! error, exit 5), Redis down (exit 5, the SQLite part still reported), and the least-privilege
//! ACL user, to whom CONFIG is refused (INFO still tells).

use serde_json::Value;

use crate::acl::acl_user;
use crate::harness::Env;
use crate::server::RedisServer;

/// A world on a Redis started with `extra`, the demo showtime in its database.
fn demo_on(extra: &[&str]) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let env = Env {
        pg: None,
        db: dir.path().join("boxoffice.db"),
        redis: RedisServer::start_with(extra),
        dir,
    };
    env.ok("init --demo");
    env
}

/// The finding called `name` in a `doctor --json` document.
fn finding<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["name"] == name))
        .unwrap_or_else(|| panic!("no finding {name}: {doc}"))
}

const EVICTING: &[&str] = &["--maxmemory", "10mb", "--maxmemory-policy", "allkeys-lru"];

#[test]
fn doctor_warns_when_locks_can_be_evicted_and_nothing_persists() {
    let env = demo_on(&[EVICTING, &["--appendonly", "no", "--save", ""]].concat());
    let doc = env.json("doctor");
    let evict = finding(&doc, "eviction");
    assert_eq!(evict["level"], "warn", "{doc}");
    assert_eq!(
        evict["value"],
        "maxmemory 10mb, maxmemory-policy allkeys-lru"
    );
    let msg = evict["message"].as_str().unwrap();
    assert!(
        msg.contains("evicted") && msg.contains("sweep restores holds"),
        "{msg}"
    );
    assert_eq!(
        evict["recommended"],
        "maxmemory-policy volatile-ttl or noeviction"
    );
    let persist = finding(&doc, "persistence");
    assert_eq!(persist["level"], "warn", "{doc}");
    assert!(
        persist["message"]
            .as_str()
            .unwrap()
            .contains("a restart empties Redis")
    );
    assert_eq!(
        persist["recommended"],
        "appendonly yes, appendfsync everysec"
    );
    assert_eq!(doc["warnings"], 2, "{doc}");
    assert_eq!(doc["errors"], 0, "{doc}");
    for name in [
        "version",
        "replication",
        "keyspace_notifications",
        "journal_mode",
    ] {
        assert_eq!(finding(&doc, name)["level"], "ok", "{name}: {doc}");
    }

    let text = env.ok("doctor");
    assert!(text.contains("warn   eviction"), "{text}");
    assert!(
        text.contains("recommended: appendonly yes, appendfsync everysec"),
        "{text}"
    );
    assert!(
        text.contains("ok     journal_mode            wal"),
        "{text}"
    );
    // Cron: only what is wrong; --strict makes the warnings exit 6.
    let quiet = env.ok("doctor -q");
    assert!(
        !quiet.contains("ok  ") && quiet.contains("warn   persistence"),
        "{quiet}"
    );
    env.fails(6, "doctor -q --strict");
    // inspect points at doctor, on stderr; its output is the same.
    let out = env.cmd().args(["inspect", "24"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("can evict locks") && stderr.contains("boxoffice doctor"),
        "{stderr}"
    );
}

#[test]
fn doctor_is_content_with_volatile_ttl_and_an_append_only_file() {
    let env = demo_on(&[
        "--maxmemory",
        "10mb",
        "--maxmemory-policy",
        "volatile-ttl",
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
    ]);
    let doc = env.json("doctor --strict");
    assert_eq!(doc["warnings"], 0, "{doc}");
    assert_eq!(finding(&doc, "eviction")["level"], "ok");
    let persist = finding(&doc, "persistence");
    assert_eq!(persist["level"], "ok", "{doc}");
    assert!(
        persist["value"]
            .as_str()
            .unwrap()
            .contains("aof on (appendfsync everysec)")
    );
    assert_eq!(env.ok("doctor -q"), "");
    let out = env.cmd().args(["inspect", "24"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("evict"));
}

#[test]
fn doctor_on_a_replica_is_an_error_and_exit_5() {
    let env = Env::demo();
    let port = env.redis.port.to_string();
    let replica = RedisServer::start_with(&["--replicaof", "127.0.0.1", &port]);
    let url = replica.url();
    let e = env.json_err(5, &["doctor", "--redis-url", &url]);
    assert_eq!(e["kind"], "unavailable", "{e}");
    assert_eq!(e["service"], "redis", "{e}");
    let out = env.run(&["doctor", "--json", "--redis-url", &url]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let repl = finding(&doc, "replication");
    assert_eq!(repl["level"], "error", "{doc}");
    assert!(
        repl["message"].as_str().unwrap().contains("READONLY"),
        "{doc}"
    );
    assert_eq!(repl["recommended"], "the primary's URL");
    let (text, stderr) = env.fails(5, &["doctor", "--redis-url", &url]);
    assert!(text.contains("error  replication"), "{text}");
    assert!(stderr.contains("read-only replica"), "{stderr}");
}

#[test]
fn doctor_with_redis_down_is_exit_5_and_still_reports_the_database() {
    let mut env = Env::demo();
    env.redis.stop();
    let (text, stderr) = env.fails(5, "doctor");
    assert!(text.contains("error  connection"), "{text}");
    assert!(
        text.contains("SQLite at") && text.contains("ok     schema"),
        "{text}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    let out = env.run("doctor --json");
    assert_eq!(out.status.code(), Some(5));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(finding(&doc, "connection")["level"], "error");
    assert_eq!(finding(&doc, "synchronous")["value"], "full");
    assert_eq!(finding(&doc, "journal_mode")["value"], "wal");
}

#[test]
fn doctor_under_the_acl_rule_falls_back_to_info_when_config_is_refused() {
    let env = demo_on(EVICTING);
    let url = acl_user(&env, "boxoffice", boxoffice::redis_acl::ACL_RULE);
    let doc = env.json(&["doctor", "--redis-url", &url]);
    let evict = finding(&doc, "eviction");
    assert_eq!(evict["level"], "warn", "{doc}");
    assert_eq!(
        evict["value"],
        "maxmemory 10mb, maxmemory-policy allkeys-lru"
    );
    assert_eq!(finding(&doc, "keyspace_notifications")["value"], "unknown");
    // No AOF, and the RDB schedule can't be read without CONFIG.
    let persist = finding(&doc, "persistence");
    assert_eq!(persist["level"], "warn", "{doc}");
    assert!(
        persist["message"]
            .as_str()
            .unwrap()
            .contains("CONFIG refused"),
        "{doc}"
    );
}
