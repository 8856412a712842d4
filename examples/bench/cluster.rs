//! The Cluster rows (issue 17): a whole-process `boxoffice reserve` through a six-node
//! `redis+cluster://` (cluster key style) against the same reserve on one standalone server, in
//! the same run, interleaved; and which primary served each of 30 showtimes, from the keys
//! themselves: every key of a showtime on one primary, the showtimes spread over all three.

use std::collections::BTreeMap;

use super::support::cluster::RedisCluster;
use super::*;

fn reserve(url: &str, db: &Path, style: &str, showtime: i64, user: &str, seat: &str) -> Duration {
    let t = Instant::now();
    let out = boxoffice(url, db)
        .env("BOXOFFICE_KEY_STYLE", style)
        .args([
            "reserve",
            "--showtime",
            &showtime.to_string(),
            "--user",
            user,
            seat,
        ])
        .stderr(Stdio::piped())
        .output()
        .expect("run boxoffice");
    assert!(
        out.status.success(),
        "reserve on {style}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

pub(super) fn bench_cluster(z: &Sizes) -> Vec<Row> {
    let cluster = RedisCluster::start();
    let standalone = start_redis();
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&standalone.url, dir.path());
    for id in 1..=30 {
        add_showtime(&standalone.url, &db, id, "A-J", 100);
    }
    let layout = boxoffice::catalog::layout(&open_db(&db), st(1)).unwrap();
    let (warm, url) = (3, cluster.url());
    let (mut on_cluster, mut alone) = (Vec::new(), Vec::new());
    for i in 0..warm + z.reserve_runs {
        let c = reserve(&url, &db, "cluster", 1, &format!("c{i}"), &layout[2 * i]);
        let a = reserve(
            &standalone.url,
            &db,
            "seed",
            1,
            &format!("s{i}"),
            &layout[2 * i + 1],
        );
        if i >= warm {
            on_cluster.push(c);
            alone.push(a);
        }
    }
    let (c, a) = (median(on_cluster), median(alone));
    let ratio = c.as_secs_f64() / a.as_secs_f64();
    println!(
        "cluster: whole-process reserve, one seat, median of {}: cluster {} vs standalone {} = {ratio:.2}x",
        z.reserve_runs,
        ms(c),
        ms(a)
    );

    // One hold on each showtime, then where its keys are.
    let mut served: BTreeMap<u16, Vec<i64>> = BTreeMap::new();
    let primaries = cluster.primaries();
    for id in 1..=30 {
        if id > 1 {
            reserve(&url, &db, "cluster", id, "t1", "A1");
        }
        let holding: Vec<u16> = primaries
            .iter()
            .filter(|n| {
                let keys: Vec<String> = redis::cmd("KEYS")
                    .arg(format!("*{{{id}}}*"))
                    .query(&mut n.connection())
                    .unwrap_or_default();
                !keys.is_empty()
            })
            .map(|n| n.port)
            .collect();
        assert_eq!(holding.len(), 1, "showtime {id}'s keys on {holding:?}");
        assert_eq!(
            holding[0],
            cluster.owner(&format!("reserved_seats_{{{id}}}")).port
        );
        served.entry(holding[0]).or_default().push(id);
    }
    println!(
        "cluster: which primary served each of 30 showtimes (all of a showtime's keys on it):"
    );
    println!("| primary | showtimes | count |\n|---|---|---|");
    for (port, ids) in &served {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        println!("| 127.0.0.1:{port} | {} | {} |", list.join(", "), ids.len());
    }
    let spread = served.len() == primaries.len();
    vec![
        Row::new(
            format!(
                "whole-process `boxoffice reserve` on a six-node Redis Cluster, one seat (median of {})",
                z.reserve_runs
            ),
            ms(c),
        )
        .baseline(format!("the same reserve on one standalone redis-server: {}", ms(a)))
        .ratio(ratio)
        .goal("≤ 1.2×", ratio <= 1.2, z),
        Row::new(
            "30 showtimes, one hold each: primaries serving them (every showtime's keys on one)",
            format!("{} of {} primaries", served.len(), primaries.len()),
        )
        .goal("all primaries, no showtime split", spread, z),
    ]
}
