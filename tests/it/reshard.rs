//! Resharding under load (issue 17): moving the slot of a busy showtime between two primaries
//! while workers reserve and confirm on it. This file has the slot move itself, done the way
//! `redis-cli --cluster reshard` does it, one step at a time so that a test can run commands
//! between the steps (while the slot is MIGRATING/IMPORTING, a key already moved answers `ASK`).
//!
//! Tested here on a two-primary cluster made by hand; the load around it is `reshard_load.rs`,
//! on the six-node cluster of `examples/support/cluster.rs`.

/// A cluster node as `CLUSTER NODES` names it.
pub struct Node {
    pub id: String,
    pub host: String,
    pub port: u16,
}

impl Node {
    fn con(&self) -> redis::Connection {
        redis::Client::open(format!("redis://{}:{}/", self.host, self.port))
            .and_then(|c| c.get_connection_with_timeout(std::time::Duration::from_secs(5)))
            .unwrap_or_else(|e| panic!("connect to {}:{}: {e}", self.host, self.port))
    }

    /// This node's id (`CLUSTER MYID`).
    pub fn at(host: &str, port: u16) -> Node {
        let mut n = Node {
            id: String::new(),
            host: host.to_string(),
            port,
        };
        n.id = redis::cmd("CLUSTER")
            .arg("MYID")
            .query(&mut n.con())
            .expect("CLUSTER MYID");
        n
    }
}

/// The hash slot of `key` (`CLUSTER KEYSLOT`, asked of `node`).
pub fn slot_of(node: &Node, key: &str) -> u16 {
    redis::cmd("CLUSTER")
        .arg("KEYSLOT")
        .arg(key)
        .query(&mut node.con())
        .expect("CLUSTER KEYSLOT")
}

/// Moves `slot` from `from` to `to`, as `redis-cli --cluster reshard` does: `to` IMPORTING,
/// `from` MIGRATING, the keys moved in batches with `MIGRATE … KEYS`, then every primary told
/// the new owner (`SETSLOT NODE`, the destination first). `between` runs after each batch, with
/// the slot half moved (a command on a key already moved is redirected with `ASK`).
pub fn move_slot(from: &Node, to: &Node, others: &[&Node], slot: u16, mut between: impl FnMut()) {
    let setslot = |n: &Node, what: &str, id: &str| {
        let _: () = redis::cmd("CLUSTER")
            .arg("SETSLOT")
            .arg(slot)
            .arg(what)
            .arg(id)
            .query(&mut n.con())
            .unwrap_or_else(|e| panic!("SETSLOT {slot} {what} on {}: {e}", n.port));
    };
    setslot(to, "IMPORTING", &from.id);
    setslot(from, "MIGRATING", &to.id);
    let mut src = from.con();
    loop {
        let keys: Vec<String> = redis::cmd("CLUSTER")
            .arg("GETKEYSINSLOT")
            .arg(slot)
            .arg(10)
            .query(&mut src)
            .expect("GETKEYSINSLOT");
        if keys.is_empty() {
            break;
        }
        let _: () = redis::cmd("MIGRATE")
            .arg(&to.host)
            .arg(to.port)
            .arg("")
            .arg(0)
            .arg(5000)
            .arg("KEYS")
            .arg(&keys)
            .query(&mut src)
            .expect("MIGRATE");
        between();
    }
    setslot(to, "NODE", &to.id);
    setslot(from, "NODE", &to.id);
    for n in others {
        setslot(n, "NODE", &to.id);
    }
}

/// The slot move itself, on a two-primary cluster made by hand (`CLUSTER ADDSLOTSRANGE` and
/// `MEET`): a showtime's tagged keys leave the first primary for the second with their values
/// and expiries (never earlier), a key already moved is `ASK`ed for while the slot is half moved, and the old
/// owner answers `MOVED` after.
#[test]
fn reshard_move_slot_moves_a_showtimes_keys_with_their_expiries() {
    use crate::server::RedisServer;

    let start = || {
        RedisServer::start_with(&[
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            "5000",
        ])
    };
    let (sa, sb) = (start(), start());
    let port = |s: &RedisServer| -> u16 {
        s.url()
            .rsplit(':')
            .next()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (a, b) = (
        Node::at("127.0.0.1", port(&sa)),
        Node::at("127.0.0.1", port(&sb)),
    );
    let cmd = |n: &Node, args: &[&str]| -> redis::RedisResult<redis::Value> {
        let mut c = redis::cmd(args[0]);
        c.arg(&args[1..]);
        c.query(&mut n.con())
    };
    cmd(&a, &["CLUSTER", "ADDSLOTSRANGE", "0", "8191"]).unwrap();
    cmd(&b, &["CLUSTER", "ADDSLOTSRANGE", "8192", "16383"]).unwrap();
    cmd(&a, &["CLUSTER", "MEET", "127.0.0.1", &b.port.to_string()]).unwrap();
    // Until both know each other and every slot is served (no clock: each look is a question).
    let ok = |n: &Node| {
        let info: String = redis::cmd("CLUSTER")
            .arg("INFO")
            .query(&mut n.con())
            .unwrap();
        info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:2")
    };
    while !(ok(&a) && ok(&b)) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    let slot = slot_of(&a, "reserved_seats_{24}");
    let (from, to) = if slot < 8192 { (&a, &b) } else { (&b, &a) };
    let keys: Vec<String> = (1..=25)
        .map(|i| format!("seat_lock:{{24}}:A{i}"))
        .chain([
            "reserved_seats_{24}".to_string(),
            "seat_reservation_{24}_7".to_string(),
        ])
        .collect();
    for k in &keys {
        assert_eq!(slot_of(&a, k), slot, "{k}");
        cmd(from, &["SET", k, "7", "PX", "600000"]).unwrap();
    }
    let expiry = |n: &Node, k: &str| -> i64 {
        redis::cmd("PEXPIRETIME")
            .arg(k)
            .query(&mut n.con())
            .unwrap()
    };
    let before: Vec<i64> = keys.iter().map(|k| expiry(from, k)).collect();

    let mut asked = 0;
    move_slot(from, to, &[], slot, || {
        // Half moved: a key no longer on the old owner is redirected there with ASK.
        for k in &keys {
            if let Err(e) = cmd(from, &["GET", k]) {
                assert_eq!(e.code(), Some("ASK"), "{k}: {e}");
                asked += 1;
            }
        }
    });
    assert!(
        asked > 0,
        "no key was ever asked for while the slot was half moved"
    );
    for (k, at) in keys.iter().zip(&before) {
        // MIGRATE carries the TTL, not the expiry: the copy ends later by the transfer's
        // milliseconds, never earlier (the booking's own expiry, in SQLite, still governs).
        let moved = expiry(to, k);
        assert!(
            moved >= *at && moved < at + 60_000,
            "{k}: expiry {at} -> {moved}"
        );
        let v: String = redis::cmd("GET").arg(k).query(&mut to.con()).unwrap();
        assert_eq!(v, "7");
        let e = cmd(from, &["GET", k]).unwrap_err();
        assert_eq!(e.code(), Some("MOVED"), "{k}: {e}");
    }
}
