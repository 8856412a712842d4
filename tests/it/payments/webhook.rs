//! `webhook razorpay`: Razorpay's deliveries, real-shaped, signed with the `openssl` binary (not
//! with the code under test), replayed, reordered, tampered with and oversized. Where a delivery
//! must change nothing, both stores are compared whole before and after.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::Env;

const SECRET: &str = "whsec_test_3kLp9Qz";

/// Hex HMAC-SHA256 of `body` with `secret`, from `openssl dgst`.
pub fn sign_with(secret: &str, body: &[u8]) -> String {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-hmac", secret])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("openssl binary missing: apt-get install openssl");
    child.stdin.take().unwrap().write_all(body).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl dgst: {out:?}");
    // `SHA2-256(stdin)= 5f…` (or `(stdin)= 5f…` on older versions)
    let text = String::from_utf8(out.stdout).unwrap();
    let hex = text.split_whitespace().last().unwrap().to_string();
    assert_eq!(hex.len(), 64, "{text}");
    hex
}

pub fn sign(body: &[u8]) -> String {
    sign_with(SECRET, body)
}

/// Delivers `body` with `signature` and `event_id`, the webhook secret configured, `--json`.
pub fn deliver_raw(env: &Env, body: &[u8], signature: &str, event_id: Option<&str>) -> Output {
    let mut c = env.cmd();
    c.env("RAZORPAY_WEBHOOK_SECRET", SECRET).args([
        "webhook",
        "razorpay",
        "--json",
        "--signature",
        signature,
    ]);
    if let Some(e) = event_id {
        c.args(["--event-id", e]);
    }
    let out = c
        .write_stdin(body.to_vec())
        .output()
        .expect("run boxoffice");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "secret printed: {stdout} {stderr}"
    );
    out
}

/// Delivers a correctly signed body; asserts the exit code; returns the `--json` document.
pub fn deliver(env: &Env, code: i32, body: &str, event_id: &str) -> Value {
    let out = deliver_raw(env, body.as_bytes(), &sign(body.as_bytes()), Some(event_id));
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// A payment entity as Razorpay sends it, paying `booking` (in its notes) or `order`.
fn payment(
    id: &str,
    amount: i64,
    status: &str,
    booking: Option<i64>,
    order: Option<&str>,
) -> Value {
    let notes = match booking {
        Some(b) => json!({ "booking_id": b.to_string() }),
        None => json!([]),
    };
    json!({
        "id": id, "entity": "payment", "amount": amount, "currency": "INR", "status": status,
        "order_id": order, "invoice_id": null, "international": false, "method": "upi",
        "amount_refunded": 0, "refund_status": null, "captured": status == "captured",
        "description": "Tickets", "card_id": null, "bank": null, "wallet": null,
        "vpa": "customer@okbank", "email": "customer@example.com", "contact": "+919876543210",
        "notes": notes, "fee": 1180, "tax": 180, "error_code": null,
        "error_description": null, "created_at": 1_767_225_600
    })
}

/// A whole event body around `payload`.
fn event(name: &str, contains: &[&str], payload: Value) -> String {
    json!({
        "entity": "event", "account_id": "acc_BFQ7uQEaa7j2z7", "event": name,
        "contains": contains, "payload": payload, "created_at": 1_767_225_660
    })
    .to_string()
}

pub fn captured(pay: &str, amount: i64, booking: Option<i64>, order: Option<&str>) -> String {
    let p = payment(pay, amount, "captured", booking, order);
    event(
        "payment.captured",
        &["payment"],
        json!({ "payment": { "entity": p } }),
    )
}

pub fn failed(pay: &str, booking: i64) -> String {
    let p = payment(pay, 50000, "failed", Some(booking), None);
    event(
        "payment.failed",
        &["payment"],
        json!({ "payment": { "entity": p } }),
    )
}

fn order_paid(pay: &str, amount: i64, order: &str) -> String {
    let p = payment(pay, amount, "captured", None, Some(order));
    let o = json!({
        "id": order, "entity": "order", "amount": amount, "amount_paid": amount, "amount_due": 0,
        "currency": "INR", "receipt": "booking", "status": "paid", "attempts": 1,
        "notes": [], "created_at": 1_767_225_500
    });
    event(
        "order.paid",
        &["payment", "order"],
        json!({ "payment": { "entity": p }, "order": { "entity": o } }),
    )
}

fn refund_processed(rfnd: &str, pay: &str, amount: i64) -> String {
    let r = json!({
        "id": rfnd, "entity": "refund", "amount": amount, "currency": "INR", "payment_id": pay,
        "notes": [], "receipt": null, "acquirer_data": { "arn": "10000000000000" },
        "created_at": 1_767_226_000, "batch_id": null, "status": "processed",
        "speed_processed": "normal", "speed_requested": "normal"
    });
    let p = payment(pay, amount, "refunded", None, None);
    event(
        "refund.processed",
        &["refund", "payment"],
        json!({ "refund": { "entity": r }, "payment": { "entity": p } }),
    )
}

/// Both stores, whole: what must not change.
fn world(env: &Env) -> (String, Vec<(String, String, bool)>, i64, i64) {
    (
        env.db_state(),
        env.redis_state(),
        env.count("SELECT COUNT(*) FROM payment_events"),
        env.count("SELECT COUNT(*) FROM refunds"),
    )
}

fn payment_id(env: &Env, booking: i64) -> Option<String> {
    env.sqlite()
        .query_row(
            "SELECT payment_id FROM bookings WHERE id = ?1",
            [booking],
            |r| r.get(0),
        )
        .unwrap()
}

/// Showtime 24 priced: every seat INR 250.00.
fn priced(env: &Env) {
    env.sqlite()
        .execute_batch(
            "UPDATE seats SET price_minor = 25000, category = 'standard' WHERE showtime_id = 24;
             UPDATE showtimes SET currency = 'INR' WHERE id = 24;",
        )
        .unwrap();
}

#[test]
fn payment_captured_confirms_the_booking_with_its_payment_id() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    let doc = deliver(
        &env,
        0,
        &captured("pay_29QQoUBi66xm2f", 50000, Some(1), None),
        "evt_1",
    );
    assert_eq!(doc["outcome"], "confirmed", "{doc}");
    assert_eq!(doc["booking_id"], 1);
    assert_eq!(doc["payment_id"], "pay_29QQoUBi66xm2f");
    assert_eq!(doc["event_id"], "evt_1");
    assert_eq!(env.booking_status(1), "CONFIRMED");
    assert_eq!(payment_id(&env, 1).as_deref(), Some("pay_29QQoUBi66xm2f"));
    // How the payment was checked is audited in the sale's own transaction.
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM audit WHERE action = 'payment_verification' AND booking_id = 1
                AND json_extract(detail, '$.signature_verified') = 1
                AND json_extract(detail, '$.via') = 'webhook'
                AND json_extract(detail, '$.event_id') = 'evt_1'"
        ),
        1
    );
    // The secret is in no row (audit, events, …), as it is in no output (`deliver_raw`): it is
    // nowhere in the database's files.
    for suffix in ["", "-wal"] {
        let mut path = env.db.clone().into_os_string();
        path.push(suffix);
        let bytes = std::fs::read(&path).unwrap_or_default();
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "the secret is in {path:?}"
        );
    }
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM payment_events WHERE event_id = 'evt_1' AND outcome = 'confirmed'
                AND booking_id = 1 AND payment_id = 'pay_29QQoUBi66xm2f'"
        ),
        1
    );
}

#[test]
fn a_linked_order_finds_its_booking_before_the_notes() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("reserve --showtime 24 --user 8 B1");
    env.sqlite()
        .execute(
            "INSERT INTO payment_orders (order_id, booking_id, linked_at_ms, operator)
             VALUES ('order_9A33XWu170gUtm', 2, 0, 'tester')",
            [],
        )
        .unwrap();
    let doc = deliver(
        &env,
        0,
        &order_paid("pay_B", 25000, "order_9A33XWu170gUtm"),
        "evt_o",
    );
    assert_eq!(
        (doc["outcome"].clone(), doc["booking_id"].clone()),
        (json!("confirmed"), json!(2))
    );
    assert_eq!(
        (env.booking_status(1), env.booking_status(2)),
        ("PENDING".into(), "CONFIRMED".into())
    );
}

#[test]
fn a_duplicate_delivery_is_already_processed_and_changes_nothing() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let body = captured("pay_dup", 25000, Some(1), None);
    deliver(&env, 0, &body, "evt_dup");
    let before = world(&env);
    let doc = deliver(&env, 0, &body, "evt_dup");
    assert_eq!(doc["outcome"], "duplicate", "{doc}");
    assert_eq!(doc["first_outcome"], "confirmed");
    assert_eq!(world(&env), before);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'confirm'"),
        1
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM payment_events"), 1);
    // The same payment under another event (order.paid follows payment.captured): sold already.
    let doc = deliver(
        &env,
        0,
        &captured("pay_dup", 25000, Some(1), None),
        "evt_dup2",
    );
    assert_eq!(
        (doc["outcome"].clone(), doc["already_done"].clone()),
        (json!("confirmed"), json!(true))
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'confirm'"),
        1
    );
    let human = env
        .cmd()
        .env("RAZORPAY_WEBHOOK_SECRET", SECRET)
        .args(["webhook", "razorpay", "--signature", &sign(body.as_bytes())])
        .args(["--event-id", "evt_dup"])
        .write_stdin(body.clone())
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(0));
    let out = String::from_utf8_lossy(&human.stdout);
    assert_eq!(
        out,
        "Event evt_dup (payment.captured): already processed; nothing changed.\n"
    );
}

#[test]
fn captured_then_failed_out_of_order_keeps_the_sale() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    deliver(&env, 0, &captured("pay_x", 25000, Some(1), None), "evt_c");
    let before = (env.db_state(), env.redis_state());
    let doc = deliver(&env, 0, &failed("pay_x", 1), "evt_f");
    assert_eq!(doc["outcome"], "ignored", "{doc}");
    assert!(
        doc["reason"].as_str().unwrap().contains("out of order"),
        "{doc}"
    );
    assert_eq!((env.db_state(), env.redis_state()), before);
    assert_eq!(env.booking_status(1), "CONFIRMED");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payment_events WHERE outcome = 'ignored'"),
        1
    );
}

#[test]
fn payment_failed_releases_the_pending_hold_and_a_capture_after_it_sells_nothing() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    let doc = deliver(&env, 0, &failed("pay_f", 1), "evt_f");
    assert_eq!(doc["outcome"], "released", "{doc}");
    assert_eq!(env.booking_status(1), "CANCELLED");
    assert!(env.locks().is_empty(), "{:?}", env.locks());
    assert!(env.get("seat_reservation_24_7").is_none());
    let before = world(&env);
    // The capture arrives afterwards: the hold is gone, so it is not sold and must be refunded.
    let doc = deliver(&env, 3, &captured("pay_f", 50000, Some(1), None), "evt_c");
    assert_eq!(doc["error"]["refund_required"], true, "{doc}");
    assert_eq!(world(&env), before);
    assert_eq!(payment_id(&env, 1), None);
}

#[test]
fn a_body_tampered_by_one_byte_is_exit_7_and_changes_nothing() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let body = captured("pay_t", 25000, Some(1), None);
    let sig = sign(body.as_bytes());
    let tampered = body.replace("\"amount\":25000", "\"amount\":25001");
    assert_ne!(tampered, body);
    let before = world(&env);
    let out = deliver_raw(&env, tampered.as_bytes(), &sig, Some("evt_t"));
    assert_eq!(out.status.code(), Some(7));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "signature");
    assert_eq!(world(&env), before);
    // Signed with another secret: the same.
    let out = deliver_raw(
        &env,
        body.as_bytes(),
        &sign_with("other", body.as_bytes()),
        Some("evt_t"),
    );
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(world(&env), before);
}

#[test]
fn a_signature_in_upper_case_with_whitespace_or_missing_is_exit_7() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let body = captured("pay_u", 25000, Some(1), None);
    let sig = sign(body.as_bytes());
    let before = world(&env);
    for bad in [
        sig.to_uppercase(),
        format!(" {sig}"),
        format!("{sig} "),
        String::new(),
    ] {
        let out = deliver_raw(&env, body.as_bytes(), &bad, Some("evt_u"));
        assert_eq!(out.status.code(), Some(7), "{bad:?}");
    }
    // A control character is refused with every argument, before anything is read (exit 2).
    let out = deliver_raw(&env, body.as_bytes(), &format!("{sig}\n"), Some("evt_u"));
    assert_eq!(out.status.code(), Some(2));
    let out = env
        .cmd()
        .env("RAZORPAY_WEBHOOK_SECRET", SECRET)
        .args(["webhook", "razorpay", "--event-id", "evt_u"])
        .write_stdin(body.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no webhook signature"),
        "{out:?}"
    );
    assert_eq!(world(&env), before);
}

#[test]
fn a_ten_megabyte_body_is_refused_before_parsing_and_fast() {
    let env = Env::demo();
    let before = world(&env);
    let body = vec![b'{'; 10 << 20];
    let started = Instant::now();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("boxoffice"))
        .env("REDIS_URL", env.redis.url())
        .env("BOXOFFICE_DB", &env.db)
        .env("HOME", env.dir.path())
        .env("RAZORPAY_WEBHOOK_SECRET", SECRET)
        .args([
            "webhook",
            "razorpay",
            "--signature",
            &"0".repeat(64),
            "--event-id",
            "evt_big",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // boxoffice stops reading at the limit and exits: the rest of the write fails, as it should.
    let writer = std::thread::spawn(move || stdin.write_all(&body).is_ok());
    let out = child.wait_with_output().unwrap();
    let wrote_all = writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!wrote_all, "the whole 10 MB body was read");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("larger than 1048576 bytes"),
        "{out:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(world(&env), before);
}

#[test]
fn an_empty_body_invalid_json_or_a_missing_entity_is_exit_2_with_a_valid_signature() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let before = world(&env);
    let out = deliver_raw(&env, b"", &sign(b""), Some("evt_e"));
    assert_eq!(out.status.code(), Some(2));
    let no_entity = event("payment.captured", &["payment"], json!({}));
    let fractional = captured("pay_f", 25000, Some(1), None).replace("25000", "250.5");
    for body in [
        "{\"event\": \"payment.captured\",",
        "[]",
        "null",
        &no_entity,
        &fractional,
    ] {
        let doc = deliver(&env, 2, body, "evt_j");
        assert_eq!(doc["error"]["kind"], "invalid", "{body}: {doc}");
    }
    assert_eq!(world(&env), before);
}

#[test]
fn no_webhook_secret_configured_is_exit_2_naming_it() {
    let env = Env::demo();
    let body = captured("pay_n", 25000, Some(1), None);
    let out = env
        .cmd()
        .args([
            "webhook",
            "razorpay",
            "--signature",
            &sign(body.as_bytes()),
            "--event-id",
            "e",
        ])
        .write_stdin(body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("RAZORPAY_WEBHOOK_SECRET") && err.contains("razorpay_webhook_secret"),
        "{err}"
    );
}

#[test]
fn an_unknown_event_is_ignored_and_recorded_so_its_replay_is_a_duplicate() {
    let env = Env::demo();
    let body = event(
        "payment.dispute.created",
        &["payment", "dispute"],
        json!({
            "payment": { "entity": payment("pay_d", 25000, "captured", Some(1), None) },
            "dispute": { "entity": { "id": "disp_1", "amount": 25000 } }
        }),
    );
    let doc = deliver(&env, 0, &body, "evt_unknown");
    assert_eq!(doc["outcome"], "ignored", "{doc}");
    assert_eq!(doc["event"], "payment.dispute.created");
    assert_eq!(
        deliver(&env, 0, &body, "evt_unknown")["outcome"],
        "duplicate"
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM payment_events"), 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
}

#[test]
fn the_event_id_comes_from_the_header_else_the_payload_else_exit_2() {
    let env = Env::demo();
    let mut v: Value = serde_json::from_str(&event("account.updated", &[], json!({}))).unwrap();
    let body = v.to_string();
    let out = deliver_raw(&env, body.as_bytes(), &sign(body.as_bytes()), None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    v["id"] = json!("evt_in_body");
    let body = v.to_string();
    let out = deliver_raw(&env, body.as_bytes(), &sign(body.as_bytes()), None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payment_events WHERE event_id = 'evt_in_body'"),
        1
    );
}

#[test]
fn an_amount_mismatch_is_exit_3_leaves_the_booking_pending_and_owes_the_payment() {
    let env = Env::demo();
    priced(&env);
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    let locks = env.locks();
    let doc = deliver(&env, 3, &captured("pay_m", 25000, Some(1), None), "evt_m");
    assert_eq!(doc["outcome"], "amount_mismatch", "{doc}");
    assert_eq!(doc["error"]["kind"], "conflict");
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("INR 250.00"),
        "{doc}"
    );
    assert_eq!(env.booking_status(1), "PENDING");
    assert_eq!(payment_id(&env, 1), None);
    assert_eq!(env.locks(), locks);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM refunds WHERE source = 'amount_mismatch' AND booking_id = 1
                AND payment_id = 'pay_m' AND amount_cents = 25000 AND refund_id IS NULL"
        ),
        1
    );
    // Replayed, or redelivered under another event id: owed once.
    assert_eq!(
        deliver(&env, 0, &captured("pay_m", 25000, Some(1), None), "evt_m")["outcome"],
        "duplicate"
    );
    deliver(&env, 3, &captured("pay_m", 25000, Some(1), None), "evt_m2");
    assert_eq!(env.count("SELECT COUNT(*) FROM refunds"), 1);
    // The right amount sells it.
    let doc = deliver(&env, 0, &captured("pay_ok", 50000, Some(1), None), "evt_ok");
    assert_eq!(doc["outcome"], "confirmed", "{doc}");
    assert_eq!(env.booking_status(1), "CONFIRMED");
}

#[test]
fn refund_processed_settles_the_refund_owed_for_the_payment() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    deliver(&env, 0, &captured("pay_r", 25000, Some(1), None), "evt_c");
    env.ok(&[
        "cancel",
        "--booking",
        "1",
        "--reason",
        "customer asked",
        "--yes",
    ]);
    let doc = deliver(
        &env,
        0,
        &refund_processed("rfnd_FP8DDKxDmDvS7v", "pay_r", 25000),
        "evt_r",
    );
    assert_eq!(doc["outcome"], "settled", "{doc}");
    assert_eq!(doc["refund_id"], "rfnd_FP8DDKxDmDvS7v");
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM refunds WHERE booking_id = 1 AND refund_id = 'rfnd_FP8DDKxDmDvS7v'
                AND settled_at_ms IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'refund_settled'"),
        1
    );
    let before = world(&env);
    let again = refund_processed("rfnd_FP8DDKxDmDvS7v", "pay_r", 25000);
    assert_eq!(deliver(&env, 0, &again, "evt_r")["outcome"], "duplicate");
    assert_eq!(world(&env), before);
    // No refund owed for a payment: exit 4, nothing recorded (a person looks).
    let doc = deliver(
        &env,
        4,
        &refund_processed("rfnd_other", "pay_zz", 100),
        "evt_r2",
    );
    assert_eq!(doc["error"]["kind"], "not_found");
    assert_eq!(world(&env), before);
}

#[test]
fn a_payment_already_used_by_another_booking_is_refused_as_confirm_does() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    env.ok("reserve --showtime 24 --user 8 B1");
    env.ok("confirm --booking 1 --payment-id pay_used");
    let before = world(&env);
    let doc = deliver(
        &env,
        3,
        &captured("pay_used", 25000, Some(2), None),
        "evt_used",
    );
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already paid for booking 1"),
        "{doc}"
    );
    assert_eq!(world(&env), before);
    assert_eq!(env.booking_status(2), "PENDING");
}

#[test]
fn a_payment_naming_no_booking_is_exit_4_and_changes_nothing() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let before = world(&env);
    for body in [
        captured("pay_n", 25000, None, Some("order_unlinked")),
        captured("pay_n", 25000, Some(99), None),
    ] {
        let doc = deliver(&env, 4, &body, "evt_n");
        assert_eq!(doc["error"]["kind"], "not_found", "{doc}");
    }
    assert_eq!(world(&env), before);
}

#[test]
fn the_relay_example_answers_razorpay_with_the_http_status() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 7 A1");
    let bin = assert_cmd::cargo::cargo_bin("boxoffice");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let relay = |body: &str, sig: &str| -> String {
        let out = Command::new("bash")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/razorpay-relay.sh"
            ))
            .env("PATH", &path)
            .env("REDIS_URL", env.redis.url())
            .env("BOXOFFICE_DB", &env.db)
            .env("HOME", env.dir.path())
            .env("RAZORPAY_WEBHOOK_SECRET", SECRET)
            .env("HTTP_X_RAZORPAY_SIGNATURE", sig)
            .env("HTTP_X_RAZORPAY_EVENT_ID", "evt_relay")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                c.stdin.take().unwrap().write_all(body.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    // The README shows the script as it is.
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/razorpay-relay.sh"
    ))
    .unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("```sh\n{script}```\n")),
        "README's relay differs from the example"
    );
    let body = captured("pay_relay", 25000, Some(1), None);
    assert_eq!(relay(&body, &"0".repeat(64)), "Status: 400 Bad Request\n\n");
    assert_eq!(env.booking_status(1), "PENDING");
    assert_eq!(relay(&body, &sign(body.as_bytes())), "Status: 200 OK\n\n");
    assert_eq!(env.booking_status(1), "CONFIRMED");
    assert_eq!(relay(&body, &sign(body.as_bytes())), "Status: 200 OK\n\n");
}
