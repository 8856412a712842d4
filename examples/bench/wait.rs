//! The `wait` row (issue 17, item 5): a whole-process `boxoffice reserve` with
//! `--wait-replicas 1` against one without, in the same run, on a primary with one replica on
//! the same machine, interleaved run by run. The ratio is the price of the replication wait: one
//! more round trip, answered once the replica has acknowledged the hold.

use super::support::server::RedisServer;
use super::*;

pub(super) fn bench_wait(z: &Sizes) -> Vec<Row> {
    let primary = RedisServer::try_start_with(&[]).unwrap_or_else(|e| {
        eprintln!("error: cannot start redis-server ({e})");
        std::process::exit(5)
    });
    let port = primary.port.to_string();
    let replica =
        RedisServer::try_start_with(&["--replicaof", "127.0.0.1", &port]).unwrap_or_else(|e| {
            eprintln!("error: cannot start the replica ({e})");
            std::process::exit(5)
        });
    let mut rep = raw_con(&replica.url());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info: String = redis::cmd("INFO")
            .arg("replication")
            .query(&mut rep)
            .unwrap_or_default();
        if info.contains("master_link_status:up") {
            break;
        }
        assert!(Instant::now() < deadline, "the bench replica never synced");
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = primary.url();
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&url, dir.path());
    add_showtime(&url, &db, 1, "A-J", 100);
    let layout = boxoffice::catalog::layout(&open_db(&db), st(1)).unwrap();
    let warm = 3;
    let (mut waiting, mut plain) = (Vec::new(), Vec::new());
    for i in 0..warm + z.reserve_runs {
        let (a, b) = (&layout[2 * i], &layout[2 * i + 1]);
        let (ua, ub) = (format!("w{i}"), format!("p{i}"));
        let w = run(
            &url,
            &db,
            &[
                "--wait-replicas",
                "1",
                "reserve",
                "--showtime",
                "1",
                "--user",
                &ua,
                a,
            ],
        );
        let p = run(&url, &db, &["reserve", "--showtime", "1", "--user", &ub, b]);
        if i >= warm {
            waiting.push(w);
            plain.push(p);
        }
    }
    let (w, p) = (median(waiting), median(plain));
    let ratio = w.as_secs_f64() / p.as_secs_f64();
    println!(
        "wait: whole-process reserve, one seat, median of {}: --wait-replicas 1 {} vs 0 {} = {ratio:.2}x",
        z.reserve_runs,
        ms(w),
        ms(p)
    );
    vec![
        Row::new(
            format!(
                "whole-process `boxoffice reserve --wait-replicas 1`, one seat, one local replica (median of {})",
                z.reserve_runs
            ),
            ms(w),
        )
        .baseline(format!("the same reserve, `wait_replicas` 0: {}", ms(p)))
        .ratio(ratio),
    ]
}
