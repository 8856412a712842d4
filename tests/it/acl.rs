//! boxoffice under the least-privilege ACL rule of the README (`boxoffice::redis_acl::ACL_RULE`,
//! "Running Redis in production"): every command works as a user with exactly that rule, and a
//! rule narrower by one command or one key pattern is exit 5 naming the permission refused, with
//! nothing changed.

use serde_json::Value;

use crate::harness::Env;
use boxoffice::redis_acl::ACL_RULE;

/// Creates `user` (password `password`) with `rule` through the test's admin connection, and
/// returns its URL.
pub fn acl_user(env: &Env, user: &str, rule: &str) -> String {
    let mut con = env.con();
    let mut c = redis::cmd("ACL");
    c.arg("SETUSER")
        .arg(user)
        .arg("reset")
        .arg("on")
        .arg(">password");
    for word in rule.split_whitespace() {
        c.arg(word);
    }
    let () = c.query(&mut con).expect("ACL SETUSER");
    format!("redis://{user}:password@127.0.0.1:{}/0", env.redis.port)
}

/// `args` run as the user at `url`.
fn with(url: &str, args: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    a.extend(["--redis-url".to_string(), url.to_string()]);
    a
}

fn id(v: &Value) -> String {
    v["booking_id"].as_i64().expect("booking_id").to_string()
}

#[test]
fn the_readme_documents_the_acl_rule_the_tests_use() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let line = boxoffice::redis_acl::setuser_command("password");
    assert!(readme.contains(&line), "README lacks: {line}");
    let prod = readme
        .find("## Running Redis in production")
        .expect("section");
    let keys = readme.find("## Redis keys").expect("Redis keys");
    assert!(prod < keys && readme[prod..keys].contains(&line));
}

#[test]
fn every_command_works_under_exactly_the_documented_acl_rule() {
    let env = Env::bare();
    let url = acl_user(&env, "boxoffice", ACL_RULE);
    env.ok(&with(&url, &["init", "--demo"]));

    let sold = env.json(&with(
        &url,
        &["reserve", "--showtime", "24", "--user", "7", "A1", "A2"],
    ));
    env.ok(&with(
        &url,
        &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
    ));
    env.ok(&with(&url, &["ttl", "--showtime", "24", "--user", "7"]));
    let booking = id(&sold);
    env.ok(&with(
        &url,
        &["confirm", "--booking", &booking, "--payment-id", "pay_acl"],
    ));
    env.json(&with(
        &url,
        &["reserve", "--showtime", "24", "--user", "8", "B1"],
    ));
    env.ok(&with(&url, &["release", "--showtime", "24", "--user", "8"]));
    let moved = env.json(&with(
        &url,
        &["reserve", "--showtime", "24", "--user", "9", "C1", "C2"],
    ));
    env.ok(&with(
        &url,
        &["move", "--booking", &id(&moved), "C1=D1", "C2=D2"],
    ));
    env.ok(&with(
        &url,
        &["block", "--showtime", "24", "F7", "--reason", "house"],
    ));
    env.ok(&with(&url, &["unblock", "--showtime", "24", "F7"]));
    let cancel = [
        "cancel",
        "--booking",
        &booking,
        "--seat",
        "A2",
        "--reason",
        "returned",
    ];
    env.ok(&with(&url, &[&cancel[..], &["--yes"]].concat()));
    let best = env.json(&with(
        &url,
        &["reserve", "--showtime", "24", "--user", "10", "--best", "4"],
    ));
    assert_eq!(best["seats"].as_array().map(Vec::len), Some(4), "{best}");
    env.ok(&with(&url, &["inspect", "24"]));
    env.ok(&with(&url, &["inspect", "24", "--user", "9"]));
    env.ok(&with(&url, &["inspect", "24", "--check"]));
    // Redis forgets everything: the sweep puts the live holds back, as this user.
    let mut admin = env.con();
    let () = redis::cmd("FLUSHALL").query(&mut admin).unwrap();
    env.ok(&with(&url, &["sweep"]));
    assert_eq!(env.get("seat_lock:24:D1").as_deref(), Some("9"));
    env.ok(&with(&url, &["inspect", "24", "--check"]));
    env.ok(&with(&url, &["report", "--showtime", "24"]));
    let call_off = ["showtime", "cancel", "24", "--reason", "projector", "--yes"];
    env.ok(&with(&url, &call_off));
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    env.ok(&with(&url, &["sweep"]));
    env.ok(&with(&url, &["doctor"]));
}

#[test]
fn a_rule_narrower_by_one_command_or_key_pattern_is_exit_5_noperm_and_changes_nothing() {
    let env = Env::demo();
    env.json("reserve --showtime 24 --user 7 A1");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "notime",
            "+time",
            &["reserve", "--showtime", "24", "--user", "9", "D1"],
        ),
        (
            "noreservation",
            "~seat_reservation_*",
            &["reserve", "--showtime", "24", "--user", "9", "D1"],
        ),
        (
            "noextend",
            "+pexpireat",
            &["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
        ),
        ("nosweeplock", "~boxoffice:sweep_lock", &["sweep"]),
        ("noscan", "+scan", &["inspect", "24"]),
    ];
    for (user, dropped, args) in cases {
        let rule: Vec<&str> = ACL_RULE
            .split_whitespace()
            .filter(|w| w != dropped)
            .collect();
        assert_ne!(rule.join(" "), ACL_RULE, "{dropped} is not in the rule");
        let url = acl_user(&env, user, &rule.join(" "));
        let before = (env.redis_state(), env.db_state());
        let e = env.json_err(5, &with(&url, args));
        let msg = e["message"].as_str().unwrap_or_default();
        assert_eq!(e["kind"], "unavailable", "{user}: {e}");
        assert_eq!(e["outcome_unknown"], false, "{user}: {e}");
        assert!(
            msg.contains("(NOPERM") && msg.contains("permission"),
            "{user}: {msg}"
        );
        assert!(msg.contains("nothing was changed"), "{user}: {msg}");
        let (_, stderr) = env.fails(5, &with(&url, args));
        assert!(stderr.contains("(NOPERM"), "{user}: {stderr}");
        assert_eq!(
            (env.redis_state(), env.db_state()),
            before,
            "{user} changed something"
        );
    }
}
