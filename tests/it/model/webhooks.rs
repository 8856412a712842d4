//! Razorpay webhook deliveries in the model: `payment.captured` and `payment.failed` for a
//! booking (by `notes.booking_id`), validly signed or forged, and redeliveries of earlier ones,
//! which make duplicates and reorderings (a failure delivered after the capture, or a capture
//! after the failure released the hold). A capture is predicted as `confirm` is (`World::pay`).
//!
//! Invariants, besides the model's own: a redelivered event that was recorded is `duplicate`
//! and both stores are as they were (no event applied twice); a forged one is exit 7 with both
//! stores as they were, and no booking is ever paid with a forged payment id (`fpay_…`); every
//! booking paid by a webhook (`wpay_…`) has its event recorded as confirmed or late; the
//! events recorded are the model's.

use serde_json::json;

use super::rules::{MBooking, Sent, St};
use super::world::{Ran, World};
use crate::payments::webhook::{sign, sign_with};

pub(super) const SECRET_ENV: (&str, &str) = ("RAZORPAY_WEBHOOK_SECRET", "whsec_test_3kLp9Qz");

impl World {
    /// A new delivery for the `pick`-th booking (one past the last: booking 99, which does not
    /// exist).
    pub(super) fn deliver(
        &mut self,
        pick: usize,
        failed: bool,
        reuse_payment: bool,
        forged: bool,
        now: i64,
    ) -> Result<String, String> {
        let m = &mut self.model;
        let ids: Vec<i64> = m.bookings.keys().copied().collect();
        let booking = ids.get(pick % (ids.len() + 1)).copied().unwrap_or(99);
        let user = m.bookings.get(&booking).map_or(0, |b| b.user);
        m.events += 1;
        m.payments += 1;
        let id = format!("evt_{}", m.events);
        let pay = match (&m.last_payment[user], reuse_payment, forged) {
            (_, _, true) => format!("fpay_{}", m.payments),
            (Some(p), true, _) => p.clone(),
            _ => format!("wpay_{}", m.payments),
        };
        let body = body(failed, &pay, booking);
        if forged {
            let before = self.stores();
            let ran = self.webhook(&body, &sign_with("not-the-secret", body.as_bytes()), &id);
            self.expect(&ran, 7, "a forged signature")?;
            return self
                .unchanged(&before, "a forged delivery")
                .map(|_| "7".into());
        }
        self.model.sent.push(Sent {
            id,
            failed,
            booking,
            pay,
            body,
            recorded: false,
        });
        self.process(self.model.sent.len() - 1, now)
    }

    /// The `pick`-th delivery sent, again (as Razorpay retries, or a relay replays).
    pub(super) fn redeliver(&mut self, pick: usize, now: i64) -> Result<String, String> {
        match self.model.sent.len() {
            0 => Ok("nothing sent yet".into()),
            n => self.process(pick % n, now).map(|o| format!("again: {o}")),
        }
    }

    fn process(&mut self, i: usize, now: i64) -> Result<String, String> {
        let s = self.model.sent[i].clone();
        let before = self.stores();
        let ran = self.webhook(&s.body, &sign(s.body.as_bytes()), &s.id);
        if s.recorded {
            self.expect(&ran, 0, "a recorded event, delivered again")?;
            if ran.json["outcome"] != "duplicate" {
                return Err(format!("expected a duplicate\n{}", ran.text));
            }
            return self
                .unchanged(&before, "a duplicate")
                .map(|_| "0 duplicate".into());
        }
        let Some(t) = self.model.bookings.get(&s.booking).cloned() else {
            return self.expect(&ran, 4, "no such booking").map(|_| "4".into());
        };
        let (outcome, recorded) = if s.failed {
            self.fail(&ran, t, &s.pay)?
        } else {
            self.pay(&ran, t, s.pay.clone(), now)?
        };
        self.model.sent[i].recorded = recorded;
        Ok(outcome)
    }

    /// `payment.failed`: the hold is released if it is still pending and the payment paid no
    /// booking; else nothing changes. Recorded either way.
    fn fail(&mut self, ran: &Ran, t: MBooking, pay: &str) -> Result<(String, bool), String> {
        let paid = (self.model.bookings.values()).any(|b| b.payment.as_deref() == Some(pay));
        self.expect(ran, 0, "payment.failed")?;
        if t.status != St::Pending || paid {
            if ran.json["outcome"] != "ignored" {
                return Err(format!("expected ignored (out of order)\n{}", ran.text));
            }
            return Ok(("0 ignored".into(), true));
        }
        if ran.json["outcome"] != "released" {
            return Err(format!("expected released\n{}", ran.text));
        }
        self.take_seats(t.id, &t.seats);
        Ok((format!("0 released {}", t.id), true))
    }

    fn webhook(&self, body: &str, signature: &str, event_id: &str) -> Ran {
        let args = [
            "webhook",
            "razorpay",
            "--json",
            "--signature",
            signature,
            "--event-id",
            event_id,
        ];
        let out = (self.env.cmd().env(SECRET_ENV.0, SECRET_ENV.1))
            .args(args)
            .write_stdin(body.to_string())
            .output()
            .expect("run boxoffice");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        Ran {
            code: out.status.code(),
            json: serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null),
            text: format!(
                "boxoffice {} < {body}\n  stdout: {stdout}\n  stderr: {stderr}",
                args.join(" ")
            ),
        }
    }

    /// Both stores, whole.
    fn stores(&self) -> (String, Vec<(String, String, bool)>, i64) {
        let events = self.env.count("SELECT COUNT(*) FROM payment_events");
        (self.env.db_state(), self.env.redis_state(), events)
    }

    fn unchanged(
        &self,
        before: &(String, Vec<(String, String, bool)>, i64),
        what: &str,
    ) -> Result<(), String> {
        let after = self.stores();
        if &after != before {
            return Err(format!(
                "{what} changed the stores:\nbefore {before:?}\nafter {after:?}"
            ));
        }
        Ok(())
    }

    /// The webhook invariants, after every step.
    pub(super) fn verify_webhooks(&self) -> Result<(), String> {
        let env = &self.env;
        let recorded = self.model.sent.iter().filter(|s| s.recorded).count() as i64;
        let stored = env.count("SELECT COUNT(*) FROM payment_events");
        if stored != recorded {
            return Err(format!(
                "{stored} events recorded, the model has {recorded}"
            ));
        }
        let forged = env.count("SELECT COUNT(*) FROM bookings WHERE payment_id LIKE 'fpay%'");
        if forged != 0 {
            return Err(format!("{forged} bookings paid with a forged payment"));
        }
        let unrecorded = env.count(
            "SELECT COUNT(*) FROM bookings WHERE payment_id LIKE 'wpay%' AND payment_id NOT IN
               (SELECT payment_id FROM payment_events WHERE outcome IN ('confirmed', 'late'))",
        );
        if unrecorded != 0 {
            return Err(format!(
                "{unrecorded} bookings paid by a webhook without its event"
            ));
        }
        let twice = env.count(
            "SELECT COUNT(*) FROM (SELECT booking_id FROM audit WHERE action = 'confirm'
               GROUP BY booking_id HAVING COUNT(*) > 1)",
        );
        if twice != 0 {
            return Err(format!("{twice} bookings confirmed twice"));
        }
        Ok(())
    }
}

/// A real-shaped `payment.captured` (or `payment.failed`) body paying `booking`.
fn body(failed: bool, pay: &str, booking: i64) -> String {
    let (event, status) = if failed {
        ("payment.failed", "failed")
    } else {
        ("payment.captured", "captured")
    };
    json!({
        "entity": "event", "account_id": "acc_BFQ7uQEaa7j2z7", "event": event,
        "contains": ["payment"],
        "payload": { "payment": { "entity": {
            "id": pay, "entity": "payment", "amount": 25000, "currency": "INR",
            "status": status, "order_id": null, "method": "upi",
            "notes": { "booking_id": booking.to_string() }, "created_at": 1_767_225_600
        } } },
        "created_at": 1_767_225_660
    })
    .to_string()
}
