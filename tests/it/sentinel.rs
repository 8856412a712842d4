//! Redis Sentinel: `redis+sentinel://…/mymaster` against a real primary, replica and three
//! sentinels (`examples/support/sentinel.rs`). Each command asks the sentinels for the primary,
//! so after a failover the next command reaches the promoted replica, and `sweep` puts back
//! from SQLite any hold the new primary never received.

use redis::Commands;

use crate::harness::Env;
use crate::sentinel_set::SentinelSet;

/// A command line against the Sentinel URL (`--redis-url` overrides the harness's own server,
/// which these tests leave unused).
fn on(url: &str, args: &str) -> String {
    format!("--redis-url {url} {args}")
}

#[test]
fn sentinel_url_reaches_the_primary() {
    let set = SentinelSet::start();
    let url = set.url();
    let env = Env::bare();
    env.ok(&on(&url, "init --demo"));
    let r = env.json(&on(&url, "reserve --showtime 24 --user 7 A1 A2"));
    let id = r["booking_id"].as_i64().unwrap();
    env.json(&on(&url, "reserve --showtime 24 --user 8 B1"));
    env.ok(&on(
        &url,
        &format!("confirm --booking {id} --payment-id pay_29QQoUBi66xm2f"),
    ));
    env.ok(&on(&url, "inspect 24 --check"));
    let mut primary = set.primary.connection();
    let lock: Option<String> = primary.get("seat_lock:24:B1").unwrap();
    assert_eq!(lock.as_deref(), Some("8"), "B1's hold is on the primary");
    let sold: Option<String> = primary.get("seat_lock:24:A1").unwrap();
    assert_eq!(sold, None, "a sold seat has no lock");
    assert_eq!(env.booking_status(id), "CONFIRMED");

    // A master name the sentinels do not monitor is the URL's fault: exit 2, named.
    let wrong = url.replace("/mymaster", "/nosuchmaster");
    let (_, err) = env.fails(2, &on(&wrong, "reserve --showtime 24 --user 9 C1"));
    assert!(err.contains("no master named \"nosuchmaster\""), "{err}");
}

#[test]
fn sentinel_failover_then_sweep_restores_holds() {
    let mut set = SentinelSet::start();
    let url = set.url();
    let env = Env::bare();
    env.ok(&on(&url, "init --demo"));
    env.json(&on(&url, "reserve --showtime 24 --user 7 A1"));
    env.json(&on(&url, "reserve --showtime 24 --user 8 B1 B2"));
    let mut replica = set.replica.connection();
    crate::sentinel_set::wait_for(
        "B2 to replicate",
        std::time::Duration::from_secs(10),
        || replica.exists("seat_lock:24:B2").unwrap_or(false),
    );

    set.fail_over();
    // Replication is asynchronous: a lock written just before the primary died may never have
    // reached the replica. Stand for that by removing one from the new primary.
    let mut new_primary = set.replica.connection();
    let _: () = new_primary.del("seat_lock:24:B2").unwrap();

    env.ok(&on(&url, "sweep"));
    let b2: Option<String> = new_primary.get("seat_lock:24:B2").unwrap();
    assert_eq!(b2.as_deref(), Some("8"), "sweep restored the lost hold");
    env.ok(&on(&url, "inspect 24 --check"));
    env.json(&on(&url, "reserve --showtime 24 --user 9 C1"));
    let c1: Option<String> = new_primary.get("seat_lock:24:C1").unwrap();
    assert_eq!(
        c1.as_deref(),
        Some("9"),
        "a new hold lands on the new primary"
    );
}

#[test]
fn sentinel_password_is_never_shown() {
    let env = Env::demo();
    let ports: Vec<u16> = (0..2)
        .map(|_| {
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        })
        .collect();
    let url = format!(
        "redis+sentinel://app:S3CRETPW@127.0.0.1:{},127.0.0.1:{}/mymaster",
        ports[0], ports[1]
    );
    let config = env.ok(&on(&url, "config"));
    let config_json = env.ok(&on(&url, "config --json"));
    let (out, err) = env.fails(5, &on(&url, "reserve --showtime 24 --user 7 A1"));
    let json_err = env.json_err(5, &on(&url, "reserve --showtime 24 --user 7 A1"));
    let message = json_err["message"].as_str().unwrap().to_string();
    assert!(err.contains("no sentinel reachable"), "{err}");
    assert!(
        err.contains(&format!("127.0.0.1:{}, 127.0.0.1:{}", ports[0], ports[1])),
        "names the sentinels: {err}"
    );
    for text in [&config, &config_json, &out, &err, &message] {
        assert!(!text.contains("S3CRETPW"), "password shown: {text}");
    }
    assert!(
        config.contains("redis+sentinel://***@127.0.0.1"),
        "{config}"
    );
}
