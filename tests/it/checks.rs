//! Invariants read from the real state, shared by the model, contention and fault tests. Each
//! check returns the list of violations (empty when it holds), so a test can also assert that
//! a violation IS found (the control run with the fence disabled).
//!
//! The checks never trust the `live` column or the unique index they are meant to audit: a
//! claim is live when its booking is PENDING or CONFIRMED and the seat was not released from it.

use redis::Commands;

use crate::harness::Env;

/// Each row of `sql` as its columns joined by spaces, on the world's engine.
fn rows(env: &Env, sql: &str) -> Vec<String> {
    env.rows(sql).into_iter().map(|r| r.join(" ")).collect()
}

/// A field of a JSON text column, in the world's engine's spelling (`as_int`: as a number).
fn json_field(env: &Env, column: &str, key: &str, as_int: bool) -> String {
    match (env.pg.is_some(), as_int) {
        (false, _) => format!("json_extract({column}, '$.{key}')"),
        (true, false) => format!("({column}::jsonb ->> '{key}')"),
        (true, true) => format!("({column}::jsonb ->> '{key}')::bigint"),
    }
}

/// Seats with more than one CONFIRMED, unreleased claim: a seat sold twice.
pub fn double_sales(env: &Env) -> Vec<String> {
    rows(
        env,
        "SELECT bs.showtime_id, bs.seat_id, MIN(b.id) || ',' || MAX(b.id) FROM booking_seats bs
           JOIN bookings b ON b.id = bs.booking_id
          WHERE b.status = 'CONFIRMED' AND bs.released_at_ms IS NULL
          GROUP BY bs.showtime_id, bs.seat_id HAVING COUNT(*) > 1",
    )
    .into_iter()
    .map(|r| format!("seat sold twice (showtime, seat, bookings): {r}"))
    .collect()
}

/// Seats claimed by more than one live (PENDING or CONFIRMED) booking.
pub fn double_claims(env: &Env) -> Vec<String> {
    rows(
        env,
        "SELECT bs.showtime_id, bs.seat_id,
                MIN(b.id || ':' || b.status) || ',' || MAX(b.id || ':' || b.status) FROM booking_seats bs
           JOIN bookings b ON b.id = bs.booking_id
          WHERE b.status IN ('PENDING', 'CONFIRMED') AND bs.released_at_ms IS NULL
          GROUP BY bs.showtime_id, bs.seat_id HAVING COUNT(*) > 1",
    )
    .into_iter()
    .map(|r| format!("seat in two live bookings (showtime, seat, bookings): {r}"))
    .collect()
}

/// Seats both blocked and claimed by a live booking (held or sold): a block must keep its seat
/// off sale. Read from the bookings' status, not from `live`.
pub fn blocked_and_claimed(env: &Env) -> Vec<String> {
    rows(
        env,
        "SELECT sb.showtime_id, sb.seat_id, b.id || ':' || b.status FROM seat_blocks sb
           JOIN booking_seats bs ON bs.showtime_id = sb.showtime_id AND bs.seat_id = sb.seat_id
           JOIN bookings b ON b.id = bs.booking_id
          WHERE sb.unblocked_at_ms IS NULL AND b.status IN ('PENDING', 'CONFIRMED')
            AND bs.released_at_ms IS NULL",
    )
    .into_iter()
    .map(|r| format!("seat blocked and claimed (showtime, seat, booking): {r}"))
    .collect()
}

/// A cancelled screening with a live booking (held or sold), or with a sale cancelled with it
/// that is owed nothing back: `showtime cancel` must end every claim and refund every sale.
pub fn cancelled_screening_claims(env: &Env) -> Vec<String> {
    let live = rows(
        env,
        "SELECT s.id, b.id || ':' || b.status FROM showtimes s JOIN bookings b ON b.showtime_id = s.id
          WHERE s.cancelled_at_ms IS NOT NULL AND b.status IN ('PENDING', 'CONFIRMED')",
    )
    .into_iter()
    .map(|r| format!("live booking on a cancelled screening (showtime, booking): {r}"));
    let unpaid = rows(
        env,
        &format!(
            "SELECT a.showtime_id, a.booking_id FROM audit a
              WHERE a.action = 'cancel' AND {} = 'showtime_cancelled'
                AND {} = 'CONFIRMED'
                AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.booking_id = a.booking_id
                                 AND r.source = 'showtime_cancelled')",
            json_field(env, "a.detail", "source", false),
            json_field(env, "a.detail", "previous_status", false)
        ),
    )
    .into_iter()
    .map(|r| {
        format!("sale cancelled with its screening but owed nothing (showtime, booking): {r}")
    });
    live.chain(unpaid).collect()
}

/// A paid seat (one claim of it) owed back twice, or a late payment owed twice.
pub fn double_refunds(env: &Env) -> Vec<String> {
    let seats = rows(
        env,
        "SELECT r.booking_id, rs.seat_id, rs.claim, COUNT(*) FROM refund_seats rs
           JOIN refunds r ON r.id = rs.refund_id
          GROUP BY r.booking_id, rs.seat_id, rs.claim HAVING COUNT(*) > 1",
    );
    let payments = rows(
        env,
        "SELECT payment_id, COUNT(*) FROM refunds WHERE source = 'late_payment'
          GROUP BY payment_id HAVING COUNT(*) > 1",
    );
    (seats
        .into_iter()
        .map(|r| format!("seat refunded twice (booking, seat, claim, n): {r}")))
    .chain(
        payments
            .into_iter()
            .map(|r| format!("late payment owed twice (payment, n): {r}")),
    )
    .collect()
}

/// A priced sale whose amount is not what was paid (its confirm's audit row) less what is owed
/// back for its own payment (cancelled seats, a move to cheaper seats): money created or lost.
pub fn unbalanced_sales(env: &Env) -> Vec<String> {
    rows(
        env,
        &format!(
            "SELECT b.id, b.amount_minor, paid, refunded FROM (
                 SELECT b.id, b.amount_minor,
                        (SELECT {} FROM audit a
                          WHERE a.booking_id = b.id AND a.action = 'confirm'
                          ORDER BY a.id DESC LIMIT 1) AS paid,
                        (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r
                          WHERE r.booking_id = b.id AND r.payment_id = b.payment_id) AS refunded
                   FROM bookings b WHERE b.status = 'CONFIRMED') b
              WHERE paid IS NOT NULL AND b.amount_minor IS DISTINCT FROM paid - refunded",
            json_field(env, "a.detail", "amount", true)
        ),
    )
    .into_iter()
    .map(|r| format!("sale's amount is not paid minus refunded (id, amount, paid, refunded): {r}"))
    .collect()
}

/// Bookings with a status outside the four, or without the audit rows their history needs.
pub fn audit_gaps(env: &Env) -> Vec<String> {
    rows(
        env,
        "SELECT b.id, b.status FROM bookings b
          WHERE b.status NOT IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED')
             OR NOT EXISTS (SELECT 1 FROM audit a WHERE a.booking_id = b.id AND a.action = 'reserve')
             OR (b.status = 'CONFIRMED' AND NOT EXISTS
                 (SELECT 1 FROM audit a WHERE a.booking_id = b.id AND a.action = 'confirm'))
             OR (b.status = 'CANCELLED' AND NOT EXISTS
                 (SELECT 1 FROM audit a WHERE a.booking_id = b.id
                     AND a.action IN ('release', 'force_release', 'cancel')))
             OR (b.status = 'EXPIRED' AND NOT EXISTS
                 (SELECT 1 FROM audit a WHERE a.booking_id = b.id AND a.action = 'expire'))",
    )
    .into_iter()
    .map(|r| format!("booking without a valid status or its audit trail (id, status): {r}"))
    .collect()
}

/// Redis's clock, in ms.
pub fn redis_now(env: &Env) -> i64 {
    let (s, us): (i64, i64) = redis::cmd("TIME").query(&mut env.con()).expect("TIME");
    s * 1000 + us / 1000
}

/// Every `seat_lock:{st}:*` key with its holder.
pub fn locks(env: &Env, showtime: i64) -> Vec<(String, String)> {
    let prefix = format!("seat_lock:{showtime}:");
    let mut con = env.con();
    let mut out = Vec::new();
    let mut cursor: u64 = 0;
    loop {
        // Names as bytes: a hostile key whose name is not UTF-8 is no lock of ours.
        let (next, batch): (u64, Vec<Vec<u8>>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{prefix}*"))
            .query(&mut con)
            .expect("SCAN");
        for k in batch.into_iter().filter_map(|k| String::from_utf8(k).ok()) {
            if let Some(seat) = k.strip_prefix(&prefix) {
                let v: Option<Vec<u8>> = con.get(&k).unwrap_or(None);
                let v = String::from_utf8_lossy(&v.unwrap_or_default()).into_owned();
                out.push((seat.to_string(), v));
            }
        }
        cursor = next;
        if cursor == 0 {
            break;
        }
    }
    out.sort();
    out
}

/// A seat locked in Redis for one user while SQLite has a live, unexpired claim on it by another
/// booking's user: two customers who both believe they hold (or own) the seat. Only meaningful
/// when no command is running (a reserve takes its locks a moment before it records them).
pub fn double_holds(env: &Env, showtime: i64) -> Vec<String> {
    let now = redis_now(env);
    let mut out = Vec::new();
    for (seat, holder) in locks(env, showtime) {
        // A lock's seat is whatever a key name holds: quoted as SQL text.
        let quoted = seat.replace('\'', "''");
        let owners = env.rows(&format!(
            "SELECT b.id, b.user_id, b.status FROM booking_seats bs
               JOIN bookings b ON b.id = bs.booking_id
              WHERE bs.showtime_id = {showtime} AND bs.seat_id = '{quoted}'
                AND bs.released_at_ms IS NULL
                AND (b.status = 'CONFIRMED' OR (b.status = 'PENDING' AND b.expires_at_ms > {now}))"
        ));
        for r in owners {
            let (id, user, status) = (&r[0], &r[1], &r[2]);
            if *user != holder {
                out.push(format!(
                    "seat {seat} locked by user {holder} in Redis but {status} for user {user} (booking {id})"
                ));
            }
        }
    }
    out
}

/// All of the above, for a quiet moment.
pub fn invariants(env: &Env, showtime: i64) -> Result<(), String> {
    let mut v = double_sales(env);
    v.extend(double_claims(env));
    v.extend(double_holds(env, showtime));
    v.extend(blocked_and_claimed(env));
    v.extend(audit_gaps(env));
    v.extend(cancelled_screening_claims(env));
    v.extend(double_refunds(env));
    v.extend(unbalanced_sales(env));
    if v.is_empty() {
        Ok(())
    } else {
        Err(v.join("\n"))
    }
}

/// Bookings expired before their time: every `expire` audit row, by the time it was written
/// (5 ms of slack for the two clocks' rounding).
pub fn expired_early(env: &Env) -> Vec<String> {
    rows(
        env,
        "SELECT a.booking_id, a.command, a.at_ms, b.expires_at_ms - a.at_ms
           FROM audit a JOIN bookings b ON b.id = a.booking_id
          WHERE a.action = 'expire' AND a.at_ms + 5 < b.expires_at_ms",
    )
    .into_iter()
    .map(|r| format!("booking expired before its time (id, by, at, ms left): {r}"))
    .collect()
}

/// One `confirm` a test ran: its arguments (with `--json`, as a retry runs them again), how it
/// ended and what it printed.
pub struct ConfirmRun {
    pub booking: i64,
    pub payment: String,
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub output: String,
}

/// Confirms that reported success (exit 0) whose booking is not CONFIRMED with their payment:
/// a sale the customer was told about and the database does not have.
pub fn confirmed_as_reported(env: &Env, runs: &[ConfirmRun]) -> Vec<String> {
    let c = env.sqlite();
    runs.iter()
        .filter(|r| r.code == Some(0))
        .filter_map(|r| {
            let (status, payment): (String, Option<String>) = c
                .query_row(
                    "SELECT status, payment_id FROM bookings WHERE id = ?1",
                    [r.booking],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap_or_else(|_| ("(no booking)".into(), None));
            (status != "CONFIRMED" || payment.as_deref() != Some(r.payment.as_str())).then(|| {
                format!(
                    "confirm of booking {} with {} said ok, but the booking is {status} with {payment:?}",
                    r.booking, r.payment
                )
            })
        })
        .collect()
}

/// Retries every confirm that ended in exit 5 ("outcome unknown, safe to retry") with `run`,
/// once the servers are back: each must now succeed (and its booking be CONFIRMED with its
/// payment) or be refused saying the payment must be refunded (exit 3, `refund_required`, with a
/// refund recorded). Returns how many were retried and what broke that promise.
pub fn retried_confirms(
    env: &Env,
    runs: &[ConfirmRun],
    run: impl Fn(&[String]) -> std::process::Output,
) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let unknown: Vec<&ConfirmRun> = runs.iter().filter(|r| r.code == Some(5)).collect();
    for r in &unknown {
        let out = run(&r.args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let code = out.status.code();
        let ok = match code {
            Some(0) => {
                let again = ConfirmRun {
                    booking: r.booking,
                    payment: r.payment.clone(),
                    args: Vec::new(),
                    code,
                    output: String::new(),
                };
                problems.extend(confirmed_as_reported(env, &[again]));
                true
            }
            Some(3) => {
                doc["error"]["refund_required"] == true
                    && env.count(&format!(
                        "SELECT COUNT(*) FROM refunds WHERE payment_id = '{}'",
                        r.payment.replace('\'', "''")
                    )) > 0
            }
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "retry of an exit-5 confirm of booking {} → exit {code:?}, neither a sale nor a \
                 refund: {text}{}\n  (first try: {})",
                r.booking,
                String::from_utf8_lossy(&out.stderr),
                r.output
            ));
        }
    }
    (unknown.len(), problems)
}
