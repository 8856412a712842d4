//! Redis Cluster URLs. A `redis+cluster://` URL needs the cluster key style: with the guide's
//! keys one showtime spans slots, so the command refuses before connecting (exit 2), naming the
//! setting, and never shows the URL's password.

use crate::harness::Env;

const URL: &str = "redis+cluster://bob:S3CRETpw@127.0.0.1:1,127.0.0.1:2";

#[test]
fn a_cluster_url_with_the_seed_key_style_exits_2_and_hides_the_password() {
    let env = Env::demo();
    for args in [
        format!("--redis-url {URL} reserve --showtime 24 --user 7 A1"),
        format!("--redis-url {URL} inspect 24"),
        format!("--redis-url {URL} --key-style seed sweep"),
        format!("--redis-url {URL} config"),
    ] {
        let out = env.run(args.as_str());
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(2), "{args}: {stderr}");
        assert!(
            stderr.contains("cluster key style") || stdout.contains("INVALID"),
            "{stderr}"
        );
        assert!(
            !stdout.contains("S3CRETpw") && !stderr.contains("S3CRETpw"),
            "{stderr}"
        );
    }
    // With the cluster style the URL is taken: nothing listens there, so exit 5, still masked.
    let out = env.run(format!("--redis-url {URL} --key-style cluster inspect 24").as_str());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("***@") && !stderr.contains("S3CRETpw"),
        "{stderr}"
    );
}

/// The hold lifecycle on a real six-node cluster: every key of showtime 24 on the one primary
/// serving its slot, with the hold's TTL; a taken seat refused; the primary emptied and one
/// sweep putting the hold back from the database; inspect --check clean; confirm and release.
#[test]
fn the_hold_lifecycle_runs_on_a_six_node_cluster_with_one_showtime_on_one_primary() {
    let cluster = crate::cluster_set::RedisCluster::start();
    let env = Env::demo();
    let url = cluster.url();
    let on = |rest: &str| format!("--redis-url {url} --key-style cluster {rest}");

    env.ok(on("reserve --showtime 24 --user 7 A1 A2").as_str());
    let owner = cluster.owner("reserved_seats_{24}");
    let mut con = owner.connection();
    let keys = [
        "seat_lock:{24}:A1",
        "seat_lock:{24}:A2",
        "reserved_seats_{24}",
        "seat_reservation_{24}_7",
    ];
    for k in keys {
        let pttl: i64 = redis::cmd("PTTL").arg(k).query(&mut con).unwrap();
        assert!(pttl > 590_000 && pttl <= 600_000, "{k}: PTTL {pttl}");
    }
    let lock: String = redis::cmd("GET")
        .arg("seat_lock:{24}:A1")
        .query(&mut con)
        .unwrap();
    assert_eq!(lock, "7");
    // No key of the guide's style was written anywhere.
    for n in cluster.primaries() {
        let untagged: Vec<String> = redis::cmd("KEYS")
            .arg("*_24*")
            .query(&mut n.connection())
            .unwrap();
        assert!(untagged.is_empty(), "{untagged:?} on {}", n.port);
    }

    let (_, err) = env.fails(3, on("reserve --showtime 24 --user 8 A2 A3").as_str());
    assert!(err.contains("A2"), "{err}");

    // The primary loses everything (a restart without persistence): one sweep restores the hold.
    let _: () = redis::cmd("FLUSHALL").query(&mut con).unwrap();
    let (_, err) = env.fails(6, on("inspect 24 --check").as_str());
    assert!(!err.is_empty());
    env.ok(on("sweep").as_str());
    let lock: Option<String> = redis::cmd("GET")
        .arg("seat_lock:{24}:A1")
        .query(&mut con)
        .unwrap();
    assert_eq!(lock.as_deref(), Some("7"));
    env.ok(on("inspect 24 --check").as_str());

    env.ok(on("confirm --showtime 24 --user 7 --payment-id pay_cluster1").as_str());
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'CONFIRMED'"),
        1
    );
    env.ok(on("reserve --showtime 24 --user 9 B1").as_str());
    env.ok(on("release --showtime 24 --user 9").as_str());
    let gone: i64 = redis::cmd("EXISTS")
        .arg("seat_lock:{24}:B1")
        .arg("seat_reservation_{24}_9")
        .query(&mut con)
        .unwrap();
    assert_eq!(gone, 0);
    env.ok(on("inspect 24 --check").as_str());
}
