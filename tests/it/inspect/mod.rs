//! `inspect`: the seat map and every anomaly, read-only, checked against the real Redis keys and
//! SQLite rows, and every fix it prints clearing its anomaly. (`ttl` is in `ttl.rs`.)
//!
//! The view (map, one seat, one user, `--check`) is here; `anomalies` plants each kind,
//! `fixes` runs each printed fix.

mod anomalies;
mod fixes;

use serde_json::Value;

use crate::harness::{Env, strs};

/// Runs one raw Redis command against the test server.
pub(crate) fn redis(env: &Env, args: &[&str]) -> redis::Value {
    let mut c = redis::cmd(args[0]);
    for a in &args[1..] {
        c.arg(*a);
    }
    c.query(&mut env.con())
        .unwrap_or_else(|e| panic!("redis {args:?}: {e}"))
}

/// The whole-showtime report.
fn inspect(env: &Env) -> Value {
    env.json("inspect 24")
}

/// Asserts that `inspect 24` finds something wrong in every way it can say so, and returns the
/// anomalies: plain inspect still exits 0, `--check` exits 6, and `--check --json` still prints
/// the whole document.
fn anomalies_with_check(env: &Env) -> Vec<Value> {
    let plain = inspect(env);
    let (stdout, _) = env.fails(6, "inspect 24 --check --json");
    // Read the first document only: whether it is the only one has its own test
    // (`check_json_prints_one_document`), so that one fault fails one test.
    let doc: Value = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("--check --json printed no JSON: {stdout}"));
    assert_eq!(doc["showtime_id"], 24);
    assert!(
        doc["seats"].is_array() && doc["counts"].is_object(),
        "{doc}"
    );
    let (human, _) = env.fails(6, "inspect 24 --check");
    assert!(!human.trim().is_empty(), "--check printed no anomaly");
    let list = doc["anomalies"]
        .as_array()
        .expect("anomalies array")
        .clone();
    assert!(!list.is_empty(), "--check exited 6 with no anomaly listed");
    assert_eq!(
        kinds(&list),
        kinds(plain["anomalies"].as_array().unwrap()),
        "--check and plain inspect disagree"
    );
    for a in &list {
        for field in ["kind", "detail", "fix"] {
            assert!(
                a[field].as_str().is_some_and(|s| !s.is_empty()),
                "anomaly without {field}: {a}"
            );
        }
    }
    list
}

fn kinds(list: &[Value]) -> Vec<String> {
    let mut k: Vec<String> = list
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_string())
        .collect();
    k.sort();
    k
}

/// The one anomaly of `kind` matching `pred`; panics with the whole list otherwise.
fn one<'a>(list: &'a [Value], kind: &str, pred: impl Fn(&Value) -> bool) -> &'a Value {
    let found: Vec<&Value> = list
        .iter()
        .filter(|a| a["kind"] == kind && pred(a))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want exactly one matching {kind} anomaly in {}",
        Value::Array(list.to_vec())
    );
    found[0]
}

fn seat<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["seat"] == id)
        .unwrap_or_else(|| panic!("no seat {id} in the report"))
}

pub(crate) fn assert_clean(env: &Env) {
    let doc = inspect(env);
    assert_eq!(
        doc["anomalies"],
        Value::Array(vec![]),
        "{}",
        doc["anomalies"]
    );
    env.ok("inspect 24 --check");
}

pub(crate) fn reserve(env: &Env, user: &str, seats: &[&str]) -> i64 {
    let mut args = vec!["reserve", "--showtime", "24", "--user", user];
    args.extend_from_slice(seats);
    env.json(&args)["booking_id"].as_i64().unwrap()
}

// ---------------------------------------------------------------------------------------------
// inspect

#[test]
fn a_clean_showtime_reports_the_map_and_no_anomalies_and_inspect_writes_nothing() {
    let env = Env::demo();
    let held = reserve(&env, "7", &["A1", "A2"]);
    let sold = reserve(&env, "8", &["B1"]);
    env.ok(&format!("confirm --booking {sold} --payment-id pay_b1"));
    let before = (env.redis_state(), env.db_state());

    let doc = inspect(&env);
    assert_eq!(doc["showtime_id"], 24);
    assert_eq!(
        doc["anomalies"],
        Value::Array(vec![]),
        "{}",
        doc["anomalies"]
    );
    assert_eq!(doc["counts"]["held"], 2);
    assert_eq!(doc["counts"]["sold"], 1);
    assert_eq!(doc["counts"]["free"], 117);
    let seats = doc["seats"].as_array().unwrap();
    assert_eq!(seats.len(), 120);
    assert_eq!(seats[0]["seat"], "A1");
    assert_eq!(seats[119]["seat"], "J12");
    for id in ["A1", "A2"] {
        let s = seat(&doc, id);
        assert_eq!(s["state"], "held", "{s}");
        assert_eq!(s["user"], "7", "{s}");
        assert_eq!(s["booking_id"], held, "{s}");
        let ttl = s["ttl_ms"].as_i64().expect("a held seat has a TTL");
        assert!((480_000..=600_000).contains(&ttl), "{id} ttl {ttl}");
    }
    let b1 = seat(&doc, "B1");
    assert_eq!(b1["state"], "sold", "{b1}");
    assert_eq!(b1["user"], "8", "{b1}");
    assert_eq!(b1["booking_id"], sold, "{b1}");
    assert_eq!(b1["ttl_ms"], Value::Null, "{b1}");
    let a3 = seat(&doc, "A3");
    assert_eq!(a3["state"], "free", "{a3}");
    assert_eq!(a3["user"], Value::Null);
    assert_eq!(a3["booking_id"], Value::Null);
    assert_eq!(a3["ttl_ms"], Value::Null);
    let states: Vec<&str> = seats.iter().map(|s| s["state"].as_str().unwrap()).collect();
    assert_eq!(states.iter().filter(|s| **s == "free").count(), 117);

    // --check: clean means exit 0, and only anomalies are printed (there are none).
    let out = env.ok("inspect 24 --check");
    assert!(!out.contains("Legend"), "--check printed the map: {out}");
    let checked: Value = serde_json::from_str(&env.ok("inspect 24 --check --json")).unwrap();
    assert_eq!(checked["anomalies"], Value::Array(vec![]));
    assert_eq!(checked["counts"], doc["counts"]);

    // Nothing that only looks writes anything.
    env.ok("inspect 24");
    env.ok("inspect 24 --seat A1");
    env.ok("inspect 24 --seat B1 --json");
    env.ok("inspect 24 --user 7");
    env.ok("inspect 24 --user 8 --json");
    env.ok("ttl --showtime 24 --user 7");
    env.ok("ttl --showtime 24 --seat A2 --json");
    assert_eq!(
        (env.redis_state(), env.db_state()),
        before,
        "a read-only command changed Redis or SQLite"
    );
    // Not even a free-seat cache is written behind our back.
    assert_eq!(env.get("available_seats_24"), None);
}

#[test]
fn check_json_prints_one_document() {
    // `--json` promises one JSON document on stdout; with --check and anomalies that document
    // is the report (the exit code says "anomalies"), not the report plus an error document.
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    redis(&env, &["SET", "seat_lock:24:E5", "42", "PX", "60000"]);
    for args in [
        "inspect 24 --check --json",
        "inspect 24 --seat E5 --check --json",
        "inspect 24 --user 42 --check --json",
    ] {
        let (stdout, _) = env.fails(6, args);
        let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("{args:?}: stdout is not one JSON document ({e}):\n{stdout}")
        });
        assert_eq!(doc["showtime_id"], 24, "{args:?}: {doc}");
        assert!(
            doc["anomalies"].as_array().is_some_and(|a| !a.is_empty()),
            "{args:?}: {doc}"
        );
    }
}

#[test]
fn other_showtimes_keys_are_left_out_and_unknown_showtimes_are_not_found() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    // Keys of showtimes 2, 124 and 240 look alike under a careless pattern.
    for k in [
        "seat_lock:240:A2",
        "seat_lock:2:A2",
        "seat_lock:124:B2",
        "seat_reservation_240_7",
        "seat_reservation_124_8",
        "reserved_seats_240",
        "available_seats_2",
    ] {
        redis(&env, &["SET", k, "9", "PX", "60000"]);
    }
    assert_clean(&env);
    let doc = inspect(&env);
    assert_eq!(doc["counts"]["held"], 1);
    assert_eq!(seat(&doc, "A2")["state"], "free");
    assert_eq!(seat(&doc, "B2")["state"], "free");
    let u = env.json("inspect 24 --user 8");
    assert_eq!(u["reservation"]["exists"], false, "{u}");

    // A lock on a seat that the layout does not have is an orphan.
    redis(&env, &["SET", "seat_lock:24:Z9", "7", "PX", "60000"]);
    let list = anomalies_with_check(&env);
    let a = one(&list, "orphan_lock", |_| true);
    assert_eq!(a["seat"], "Z9", "{a}");
    assert!(a["detail"].as_str().unwrap().contains("layout"), "{a}");
    assert_eq!(inspect(&env)["seats"].as_array().unwrap().len(), 120);
    let z = env.json("inspect 24 --seat Z9");
    assert_eq!(z["in_layout"], false, "{z}");
    assert_eq!(z["lock"]["exists"], true, "{z}");

    let before = (env.redis_state(), env.db_state());
    let err = env.json_err(4, "inspect 99");
    assert_eq!(err["kind"], "not_found", "{err}");
    env.fails(4, "inspect 99 --check");
    env.fails(4, "ttl --showtime 99 --user 7");
    assert_eq!((env.redis_state(), env.db_state()), before);
}

#[test]
fn inspect_one_seat_and_one_user() {
    let env = Env::demo();
    let id = reserve(&env, "7", &["A1", "A2"]);

    let s = env.json("inspect 24 --seat A1");
    assert_eq!(s["showtime_id"], 24);
    assert_eq!(s["seat"], "A1");
    assert_eq!(s["in_layout"], true);
    assert_eq!(s["state"]["state"], "held", "{s}");
    assert_eq!(s["state"]["user"], "7", "{s}");
    assert_eq!(s["state"]["booking_id"], id, "{s}");
    assert_eq!(s["lock"]["key"], "seat_lock:24:A1");
    assert_eq!(s["lock"]["exists"], true);
    assert_eq!(s["lock"]["type"], "string");
    assert_eq!(s["lock"]["value"], "7");
    let ttl = s["lock"]["ttl_ms"].as_i64().expect("lock ttl");
    assert!((480_000..=600_000).contains(&ttl), "ttl {ttl}");
    assert_eq!(s["booking"]["id"], id, "{s}");
    assert_eq!(s["booking"]["user"], "7");
    assert_eq!(s["booking"]["status"], "PENDING");
    assert_eq!(strs(&s["booking"]["seats"]), ["A1", "A2"]);
    assert_eq!(s["in_reserved_index"], true);
    assert_eq!(s["in_available_index"], Value::Null, "no free-seat cache");
    assert_eq!(s["anomalies"], Value::Array(vec![]));
    let audit = s["audit"].as_array().unwrap();
    let ev = audit
        .iter()
        .find(|e| e["action"] == "reserve")
        .unwrap_or_else(|| panic!("no reserve event: {s}"));
    assert_eq!(ev["booking_id"], id);
    assert_eq!(ev["user"], "7");
    assert_eq!(ev["operator"], "tester");
    assert_eq!(ev["forced"], false);
    assert!(strs(&ev["seats"]).contains(&"A1".to_string()), "{ev}");

    // A free seat: a missing lock, no booking, no history.
    let f = env.json("inspect 24 --seat J12");
    assert_eq!(f["state"]["state"], "free", "{f}");
    assert_eq!(f["lock"]["key"], "seat_lock:24:J12");
    assert_eq!(f["lock"]["exists"], false);
    assert_eq!(f["lock"]["type"], Value::Null);
    assert_eq!(f["lock"]["value"], Value::Null);
    assert_eq!(f["lock"]["ttl_ms"], Value::Null);
    assert_eq!(f["booking"], Value::Null);
    assert_eq!(f["in_reserved_index"], false);
    assert_eq!(f["audit"], Value::Array(vec![]));
    let human = env.ok("inspect 24 --seat A1");
    assert!(
        human.contains("A1") && human.contains("seat_lock:24:A1"),
        "{human}"
    );
    assert!(human.contains("reserve"), "history missing: {human}");

    // One user's hold.
    let u = env.json("inspect 24 --user 7");
    assert_eq!(u["showtime_id"], 24);
    assert_eq!(u["user"], "7");
    assert_eq!(u["booking"]["id"], id, "{u}");
    assert_eq!(u["booking"]["status"], "PENDING");
    assert_eq!(u["reservation"]["key"], "seat_reservation_24_7");
    assert_eq!(u["reservation"]["exists"], true);
    assert_eq!(u["reservation"]["type"], "string");
    let res: Value =
        serde_json::from_str(u["reservation"]["value"].as_str().expect("value")).unwrap();
    assert_eq!(strs(&res["seat_ids"]), ["A1", "A2"]);
    assert!(u["reservation"]["ttl_ms"].as_i64().unwrap() > 480_000);
    let locks = u["locks"].as_array().unwrap();
    let seats: Vec<&str> = locks.iter().map(|l| l["seat"].as_str().unwrap()).collect();
    assert_eq!(seats, ["A1", "A2"]);
    for l in locks {
        assert_eq!(
            l["key"],
            format!("seat_lock:24:{}", l["seat"].as_str().unwrap())
        );
        let t = l["ttl_ms"].as_i64().expect("lock ttl");
        assert!((480_000..=600_000).contains(&t), "{l}");
    }
    assert_eq!(u["anomalies"], Value::Array(vec![]));
    env.ok("inspect 24 --user 7 --check");

    // A user with nothing: no booking, a missing key, no locks.
    let n = env.json("inspect 24 --user 9");
    assert_eq!(n["booking"], Value::Null);
    assert_eq!(n["reservation"]["exists"], false);
    assert_eq!(n["locks"], Value::Array(vec![]));

    // Anomalies are scoped to the seat and the user.
    redis(&env, &["PERSIST", "seat_lock:24:A2"]);
    let s = env.json("inspect 24 --seat A2");
    assert_eq!(kinds(s["anomalies"].as_array().unwrap()), ["no_ttl"], "{s}");
    env.fails(6, "inspect 24 --seat A2 --check");
    let j = env.json("inspect 24 --seat J1");
    assert_eq!(j["anomalies"], Value::Array(vec![]), "{j}");
    env.ok("inspect 24 --seat J1 --check");
}

#[test]
fn the_seat_map_has_a_legend_and_colours_only_when_asked() {
    let env = Env::demo();
    reserve(&env, "7", &["A1"]);
    let id = reserve(&env, "8", &["C3"]);
    env.ok(&format!("confirm --booking {id} --payment-id p"));
    for args in [
        "inspect 24",
        "inspect 24 --color never",
        "inspect 24 --color auto",
    ] {
        let out = env.ok(args);
        assert!(out.contains("Legend"), "{args:?}: {out}");
        for row in 'A'..='J' {
            assert!(
                out.lines()
                    .any(|l| l.starts_with(row) && l[1..].starts_with(char::is_whitespace)),
                "{args:?}: no line for row {row}: {out}"
            );
        }
        assert!(!out.contains('\x1b'), "{args:?}: ANSI in a pipe: {out:?}");
        assert!(out.contains("1 held") && out.contains("1 sold"), "{out}");
    }
    // Even with NO_COLOR unset, a pipe gets no colour.
    let out = env
        .cmd()
        .env_remove("NO_COLOR")
        .args(["inspect", "24"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    // --color always wins over NO_COLOR and the pipe.
    let out = env.ok("inspect 24 --color always");
    assert!(
        out.contains("\x1b["),
        "no colour with --color always: {out:?}"
    );
    assert!(out.contains("Legend"));
    // JSON is never coloured.
    let out = env.ok("inspect 24 --color always --json");
    assert!(!out.contains('\x1b'));
    serde_json::from_str::<Value>(&out).unwrap();
}

/// `inspect --help` names every anomaly kind `analyze` can report, in the enum's order, and
/// nothing else: the list a monitoring author reads is the list the code has.
#[test]
fn help_lists_exactly_the_anomaly_kinds() {
    let env = Env::bare();
    let help = env.ok("inspect --help");
    let start = help
        .find("Anomaly kinds: ")
        .unwrap_or_else(|| panic!("no anomaly kinds in inspect --help:\n{help}"));
    let rest = &help[start + "Anomaly kinds: ".len()..];
    let list = &rest[..rest.find('.').unwrap()];
    let listed: Vec<&str> = list.split(',').map(str::trim).collect();
    let all: Vec<&str> = boxoffice::snapshot::AnomalyKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(listed, all, "{help}");
}
