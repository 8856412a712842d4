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
