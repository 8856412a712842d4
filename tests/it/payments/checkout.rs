//! Browser checkout: `confirm --order-id … --signature …` verified against Razorpay's key secret
//! before anything changes, `order link`, and `reserve --order-id`. Signatures are computed by
//! the `openssl` binary, independently of the code under test.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::harness::{Args, Env};

const SECRET: &str = "kZ7xQ2-checkout-s3cr3t-w9";
const ORDER: &str = "order_9A33XWu170gUtm";
const PAY: &str = "pay_29QQoUBi66xm2f";

/// Hex HMAC-SHA256 of `message` with `key`, by `openssl dgst`.
fn hmac(key: &str, message: &str) -> String {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-hmac", key])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("openssl is needed to compute signatures (apt-get install openssl)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(message.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl: {out:?}");
    // "SHA2-256(stdin)= 5f…" (OpenSSL 3) or "(stdin)= 5f…" (1.1)
    let text = String::from_utf8(out.stdout).unwrap();
    let hex = text.trim().rsplit("= ").next().unwrap().to_string();
    assert_eq!(hex.len(), 64, "openssl said: {text}");
    hex
}

/// Razorpay's checkout signature: HMAC-SHA256(`order_id|payment_id`, key secret).
fn checkout_signature(key: &str, order_id: &str, payment_id: &str) -> String {
    hmac(key, &format!("{order_id}|{payment_id}"))
}

/// Runs boxoffice with `RAZORPAY_KEY_SECRET` set.
fn run_with_secret<A: Args + ?Sized>(env: &Env, args: &A) -> Output {
    env.cmd()
        .env("RAZORPAY_KEY_SECRET", SECRET)
        .args(args.to_args())
        .output()
        .expect("run boxoffice")
}

/// With the secret: asserts the exit code and that the secret is nowhere in the output;
/// returns stdout and stderr.
fn shop<A: Args + ?Sized>(env: &Env, code: i32, args: &A) -> (String, String) {
    let out = run_with_secret(env, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{:?}: expected exit {code}\nstdout: {stdout}\nstderr: {stderr}",
        args.to_args()
    );
    assert_no_secret("stdout", &stdout);
    assert_no_secret("stderr", &stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (stdout, stderr)
}

/// With the secret and `--json`: the document (an error's `error` object when `code` isn't 0).
fn shop_json(env: &Env, code: i32, args: &str) -> Value {
    let (stdout, _) = shop(env, code, &format!("{args} --json"));
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    if code == 0 { v } else { v["error"].clone() }
}

fn assert_no_secret(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET),
        "key secret leaked by {what}: {text}"
    );
    assert!(
        !text.contains("s3cr3t"),
        "key secret leaked by {what}: {text}"
    );
}

/// Everything a refused confirm must leave as it was: Redis, bookings, audit, orders, refunds.
fn state(env: &Env) -> (Vec<(String, String, bool)>, String, String) {
    let c = env.sqlite();
    let rows = |sql: &str| -> String {
        let mut s = c.prepare(sql).unwrap();
        let n = s.column_count();
        s.query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>()
        .join("\n")
    };
    let extra = format!(
        "{}\n--\n{}\n--\n{}",
        rows("SELECT * FROM payment_orders ORDER BY order_id"),
        rows("SELECT * FROM refunds ORDER BY id"),
        rows("SELECT id, action, forced, detail FROM audit ORDER BY id"),
    );
    (env.redis_state(), env.db_state(), extra)
}

/// A hold of A1 A2 on the demo showtime for user 7, with `ORDER` linked; its booking id.
fn hold_with_order(env: &Env) -> i64 {
    let r = shop_json(
        env,
        0,
        &format!("reserve --showtime 24 --user 7 A1 A2 --order-id {ORDER}"),
    );
    assert_eq!(r["order_id"], ORDER);
    r["booking_id"].as_i64().unwrap()
}

fn audit_detail(env: &Env, action: &str) -> (bool, Value) {
    let (forced, detail): (bool, String) = env
        .sqlite()
        .query_row(
            "SELECT forced, detail FROM audit WHERE action = ?1 ORDER BY id DESC LIMIT 1",
            [action],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("no {action} audit row: {e}"));
    (forced, serde_json::from_str(&detail).unwrap())
}

#[test]
fn a_valid_checkout_signature_confirms_and_is_audited_and_a_replay_changes_nothing() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let sig = checkout_signature(SECRET, ORDER, PAY);
    let confirm =
        format!("confirm --booking {id} --payment-id {PAY} --order-id {ORDER} --signature {sig}");
    let c = shop_json(&env, 0, &confirm);
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(c["signature_verified"], true);
    assert_eq!(c["order_id"], ORDER);
    assert_eq!(c["forced"], false);
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert!(env.locks().is_empty(), "locks left: {:?}", env.locks());
    let (forced, detail) = audit_detail(&env, "payment_verification");
    assert!(!forced);
    assert_eq!(detail["signature_verified"], true);
    assert_eq!(detail["order_id"], ORDER);
    assert_eq!(detail["payment_id"], PAY);
    assert!(detail.get("signature").is_none(), "{detail}");

    // The same three values again: already confirmed, exit 0, nothing written.
    let before = state(&env);
    let again = shop_json(&env, 0, &confirm);
    assert_eq!(again["already_confirmed"], true);
    assert_eq!(state(&env), before);
    let (text, _) = shop(&env, 0, &confirm);
    assert!(
        text.contains("verified, order order_9A33XWu170gUtm"),
        "{text}"
    );
    assert!(text.contains("Already confirmed"), "{text}");

    // The secret is in no audit row, nor anywhere in the database's files.
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert_no_secret(
                &path.display().to_string(),
                &String::from_utf8_lossy(&bytes),
            );
        }
    }
}

#[test]
fn confirm_by_showtime_and_user_with_a_signature_confirms_the_orders_booking() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let sig = checkout_signature(SECRET, ORDER, PAY);
    let c = shop_json(
        &env,
        0,
        &format!(
            "confirm --showtime 24 --user 7 --payment-id {PAY} --order-id {ORDER} --signature {sig}"
        ),
    );
    assert_eq!(c["booking_id"], id);
    assert_eq!(c["signature_verified"], true);
    // Another customer's confirm with this order is refused.
    let other = checkout_signature(SECRET, ORDER, "pay_other1");
    shop(&env, 0, "reserve --showtime 24 --user 8 B1");
    let before = state(&env);
    let e = shop_json(
        &env,
        3,
        &format!(
            "confirm --showtime 24 --user 8 --payment-id pay_other1 --order-id {ORDER} --signature {other}"
        ),
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&format!("booking {id}")),
        "{e}"
    );
    assert_eq!(state(&env), before);
}

#[test]
fn a_tampered_payment_or_order_or_a_wrong_secret_is_exit_7_and_changes_nothing() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    env.ok("order link --booking 1 --order-id order_OtherOrder0001");
    let before = state(&env);
    let good = checkout_signature(SECRET, ORDER, PAY);
    let cases = [
        // The signature of another payment.
        (
            PAY,
            ORDER,
            checkout_signature(SECRET, ORDER, "pay_29QQoUBi66xm2g"),
        ),
        // The payment id altered.
        ("pay_29QQoUBi66xm2g", ORDER, good.clone()),
        // The order id altered (to another order of the same booking).
        (PAY, "order_OtherOrder0001", good.clone()),
        // Signed with another secret.
        (PAY, ORDER, checkout_signature("not-the-secret", ORDER, PAY)),
        // Signed the other way round.
        (PAY, ORDER, hmac(SECRET, &format!("{PAY}|{ORDER}"))),
    ];
    for (pay, order, sig) in cases {
        let e = shop_json(
            &env,
            7,
            &format!(
                "confirm --booking {id} --payment-id {pay} --order-id {order} --signature {sig}"
            ),
        );
        assert_eq!(e["kind"], "signature");
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("does not match"), "{m}");
        assert!(m.contains("nothing was changed"), "{m}");
        assert_eq!(state(&env), before, "{pay} {order}");
    }
    assert_eq!(env.booking_status(id), "PENDING");
}

#[test]
fn an_upper_case_spaced_or_short_signature_is_exit_7_malformed_and_changes_nothing() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let before = state(&env);
    let good = checkout_signature(SECRET, ORDER, PAY);
    let spaced = format!("{} {}", &good[..32], &good[32..]);
    for sig in [
        good.to_uppercase(),
        format!(" {good}"),
        format!("{good} "),
        spaced,
        good[..63].to_string(),
        format!("{good}0"),
        String::new(),
    ] {
        let out = run_with_secret(
            &env,
            &[
                "confirm",
                "--booking",
                &id.to_string(),
                "--payment-id",
                PAY,
                "--order-id",
                ORDER,
                "--signature",
                &sig,
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(7), "{sig:?}: {stderr}");
        assert!(stderr.contains("malformed signature"), "{sig:?}: {stderr}");
        assert!(stderr.contains("64 lower-case hex digits"), "{stderr}");
        assert_no_secret("stderr", &stderr);
        assert_eq!(state(&env), before, "{sig:?}");
    }
}

#[test]
fn with_a_secret_confirm_needs_a_signature_unless_staff_force_it() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let before = state(&env);
    let e = shop_json(
        &env,
        7,
        &format!("confirm --booking {id} --payment-id {PAY}"),
    );
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("signature is required"), "{m}");
    assert!(m.contains("--force"), "{m}");
    assert_eq!(state(&env), before);
    // --force without a terminal needs --yes.
    let (_, err) = shop(
        &env,
        2,
        &format!("confirm --booking {id} --payment-id cash_0042 --force"),
    );
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(state(&env), before);
    // --force and --signature contradict each other.
    let sig = checkout_signature(SECRET, ORDER, PAY);
    shop(
        &env,
        2,
        &format!(
            "confirm --booking {id} --payment-id {PAY} --order-id {ORDER} --signature {sig} --force --yes"
        ),
    );
    assert_eq!(state(&env), before);

    let c = shop_json(
        &env,
        0,
        &format!("confirm --booking {id} --payment-id cash_0042 --force --yes"),
    );
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(c["signature_verified"], false);
    assert_eq!(c["forced"], true);
    let (forced, detail) = audit_detail(&env, "payment_verification");
    assert!(forced);
    assert_eq!(detail["signature_verified"], false);
    assert!(
        detail["detail"].as_str().unwrap().contains("unverified"),
        "{detail}"
    );
}

#[test]
fn without_a_secret_a_signature_is_exit_2_and_confirm_works_as_before() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let before = state(&env);
    let sig = checkout_signature(SECRET, ORDER, PAY);
    let e = env.json_err(
        2,
        &format!("confirm --booking {id} --payment-id {PAY} --order-id {ORDER} --signature {sig}"),
    );
    let m = e["message"].as_str().unwrap();
    assert!(
        m.contains("no key secret configured (RAZORPAY_KEY_SECRET or razorpay_key_secret in the config file)"),
        "{m}"
    );
    assert_eq!(state(&env), before);
    let c = env.json(&format!("confirm --booking {id} --payment-id {PAY}"));
    assert_eq!(c["status"], "CONFIRMED");
    assert_eq!(c["signature_verified"], false);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'payment_verification'"),
        0
    );
}

#[test]
fn the_secret_from_the_config_file_verifies_too() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let dir = env.dir.path().join(".config/boxoffice");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, format!("razorpay_key_secret = \"{SECRET}\"\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let bad = checkout_signature("not-the-secret", ORDER, PAY);
    env.fails(
        7,
        &format!("confirm --booking {id} --payment-id {PAY} --order-id {ORDER} --signature {bad}"),
    );
    let sig = checkout_signature(SECRET, ORDER, PAY);
    let c = env.json(&format!(
        "confirm --booking {id} --payment-id {PAY} --order-id {ORDER} --signature {sig}"
    ));
    assert_eq!(c["signature_verified"], true);
}

#[test]
fn an_order_id_without_a_signature_or_the_other_way_round_is_exit_2() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    let before = state(&env);
    let sig = checkout_signature(SECRET, ORDER, PAY);
    shop(
        &env,
        2,
        &format!("confirm --booking {id} --payment-id {PAY} --order-id {ORDER}"),
    );
    shop(
        &env,
        2,
        &format!("confirm --booking {id} --payment-id {PAY} --signature {sig}"),
    );
    // A malformed order id is bad input too, before any signature check.
    shop(
        &env,
        2,
        &format!(
            "confirm --booking {id} --payment-id {PAY} --order-id 9A33XWu170gUtm --signature {sig}"
        ),
    );
    assert_eq!(state(&env), before);
}

#[test]
fn an_order_of_another_booking_is_exit_3_and_an_unlinked_one_exit_4() {
    let env = Env::demo();
    let first = hold_with_order(&env);
    let second = shop_json(&env, 0, "reserve --showtime 24 --user 8 B1")["booking_id"]
        .as_i64()
        .unwrap();
    let before = state(&env);
    let sig = checkout_signature(SECRET, ORDER, PAY);
    let e = shop_json(
        &env,
        3,
        &format!(
            "confirm --booking {second} --payment-id {PAY} --order-id {ORDER} --signature {sig}"
        ),
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&format!("linked to booking {first}")),
        "{e}"
    );
    assert_eq!(state(&env), before);
    let unlinked = "order_NotLinked00001";
    let sig = checkout_signature(SECRET, unlinked, PAY);
    let e = shop_json(
        &env,
        4,
        &format!(
            "confirm --booking {second} --payment-id {PAY} --order-id {unlinked} --signature {sig}"
        ),
    );
    assert!(e["message"].as_str().unwrap().contains("order link"), "{e}");
    assert_eq!(state(&env), before);
}

#[test]
fn order_link_links_once_and_refuses_another_booking_an_unknown_one_or_a_sale() {
    let env = Env::demo();
    let a = env.json("reserve --showtime 24 --user 7 A1")["booking_id"]
        .as_i64()
        .unwrap();
    let b = env.json("reserve --showtime 24 --user 8 B1")["booking_id"]
        .as_i64()
        .unwrap();
    let l = env.json(&format!("order link --booking {a} --order-id {ORDER}"));
    assert_eq!(l["already_linked"], false);
    assert_eq!(l["booking_id"], a);
    let (forced, detail) = audit_detail(&env, "order_link");
    assert!(!forced);
    assert_eq!(detail["order_id"], ORDER);

    let before = state(&env);
    let again = env.ok(&format!("order link --booking {a} --order-id {ORDER}"));
    assert!(again.contains("already linked"), "{again}");
    let e = env.json_err(3, &format!("order link --booking {b} --order-id {ORDER}"));
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&format!("booking {a}")),
        "{e}"
    );
    env.fails(4, "order link --booking 999 --order-id order_Unknown000001");
    for bad in [
        "9A33XWu170gUtm",
        "order_",
        "order_9A33-XWu",
        "ORDER_9A33XWu170gUtm",
        &format!("order_{}", "a".repeat(41)),
    ] {
        env.fails(2, &["order", "link", "--booking", "1", "--order-id", bad]);
    }
    assert_eq!(state(&env), before);

    // A sale gets no new order (exit 3); the one it has is still "already linked".
    env.ok(&format!("confirm --booking {a} --payment-id {PAY}"));
    let before = state(&env);
    let e = env.json_err(
        3,
        &format!("order link --booking {a} --order-id order_Late0000000001"),
    );
    assert!(e["message"].as_str().unwrap().contains("CONFIRMED"), "{e}");
    env.ok(&format!("order link --booking {a} --order-id {ORDER}"));
    assert_eq!(state(&env), before);
    let list = env.json(&format!("order list --booking {a}"));
    assert_eq!(list["orders"], serde_json::json!([ORDER]));
}

#[test]
fn reserve_with_an_order_links_it_in_the_holds_transaction_or_reserves_nothing() {
    let env = Env::demo();
    let id = hold_with_order(&env);
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM payment_orders WHERE order_id = '{ORDER}' AND booking_id = {id}"
        )),
        1
    );
    // Adding seats to the same hold with its own order is fine.
    let more = env.json(&format!(
        "reserve --showtime 24 --user 7 A3 --order-id {ORDER}"
    ));
    assert_eq!(more["booking_id"], id);

    // Another customer's reserve with that order is refused, and holds nothing.
    let before = state(&env);
    let e = env.json_err(
        3,
        &format!("reserve --showtime 24 --user 8 C1 --order-id {ORDER}"),
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&format!("booking {id}")),
        "{e}"
    );
    env.fails(
        3,
        &format!("reserve --showtime 24 --user 8 --best 2 --order-id {ORDER}"),
    );
    assert_eq!(state(&env), before);

    // --best links its hold too.
    let best = env.json("reserve --showtime 24 --user 9 --best 2 --order-id order_Best0000000001");
    assert_eq!(
        env.count("SELECT booking_id FROM payment_orders WHERE order_id = 'order_Best0000000001'"),
        best["booking_id"].as_i64().unwrap()
    );
}

#[test]
fn a_reserve_whose_order_is_refused_in_the_transaction_gives_its_locks_back() {
    let env = Env::demo();
    // A one-second hold with the order; once it has run out (not yet swept), the next reserve
    // of the same customer is a new booking, which the order (linked to the old one) refuses
    // in the transaction: past the check before Redis, so the locks were taken and must go.
    let old = env.json(&format!(
        "reserve --showtime 24 --user 7 A1 --hold 1s --order-id {ORDER}"
    ))["booking_id"]
        .as_i64()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1300));
    let bookings = env.count("SELECT COUNT(*) FROM bookings");
    let e = env.json_err(
        3,
        &format!("reserve --showtime 24 --user 7 D5 D6 --order-id {ORDER}"),
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(&format!("booking {old}")),
        "{e}"
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), bookings);
    assert!(
        !env.locks()
            .iter()
            .any(|k| k.ends_with(":D5") || k.ends_with(":D6")),
        "locks left: {:?}",
        env.locks()
    );
    assert_eq!(
        env.count(&format!(
            "SELECT booking_id FROM payment_orders WHERE order_id = '{ORDER}'"
        )),
        old
    );
}
