//! The model's `cancel` step (issue 13): staff take seats back from the `pick`-th booking, and
//! the refunds it and refused payments owe, checked against the rules: a sold seat is owed back
//! once, a repeat changes nothing, a seat not in the booking changes nothing.

use std::collections::BTreeSet;

use super::rules::St;
use super::world::World;
use super::*;

impl World {
    pub(super) fn cancel(
        &mut self,
        pick: usize,
        seats: Option<&[usize]>,
    ) -> Result<String, String> {
        let target = self.model.bookings.values().nth(pick).cloned();
        let id = target.as_ref().map_or(99, |b| b.id).to_string();
        let mut args = vec!["cancel", "--booking", &id, "--reason", "model", "--yes"];
        for &s in seats.unwrap_or_default() {
            args.push("--seat");
            args.push(SEATS[s]);
        }
        let ran = self.run(&args);
        let Some(b) = target else {
            return self.expect(&ran, 4, "no such booking").map(|_| "4".into());
        };
        if b.status == St::Expired {
            return self
                .expect(&ran, 4, "an expired booking")
                .map(|_| "4".into());
        }
        let live = matches!(b.status, St::Pending | St::Confirmed);
        let requested: BTreeSet<usize> = match seats {
            Some(s) => s.iter().copied().collect(),
            None => b.seats.clone(),
        };
        if requested
            .iter()
            .any(|s| !b.seats.contains(s) && !b.released.contains(s))
        {
            return self
                .expect(&ran, 4, "a seat not in the booking")
                .map(|_| "4".into());
        }
        let chosen: BTreeSet<usize> = if live {
            requested.intersection(&b.seats).copied().collect()
        } else {
            BTreeSet::new()
        };
        self.expect(&ran, 0, "cancel")?;
        if ran.json["already_done"] != chosen.is_empty() {
            return Err(format!(
                "expected already_done={}\n{}",
                chosen.is_empty(),
                ran.text
            ));
        }
        if chosen.is_empty() {
            return Ok(format!("0 booking {} already", b.id));
        }
        let has_refund = !ran.json["refund"].is_null();
        if has_refund != (b.status == St::Confirmed) {
            return Err(format!("a refund is owed for a sale only\n{}", ran.text));
        }
        if b.status == St::Confirmed {
            self.model.refunded_seats += chosen.len();
        }
        self.take_seats(b.id, &chosen);
        Ok(format!("0 booking {} -{}", b.id, chosen.len()))
    }

    /// No refund owed twice: one `refund_seats` row per sold seat cancelled, one refund per
    /// refused payment, as the model counts them.
    pub(super) fn verify_refunds(&self) -> Result<(), String> {
        let env = &self.env;
        let seats = env.count("SELECT COUNT(*) FROM refund_seats") as usize;
        let late = env.count("SELECT COUNT(*) FROM refunds WHERE source = 'late_payment'") as usize;
        let twice = env.count(
            "SELECT COUNT(*) FROM (SELECT payment_id FROM refunds WHERE source = 'late_payment'
                                    GROUP BY payment_id HAVING COUNT(*) > 1)",
        );
        let want = (self.model.refunded_seats, self.model.late_refunds, 0);
        if (seats, late, twice) != want {
            return Err(format!(
                "refunds (seats refunded, late payments owed, payments owed twice) are \
                 {:?}, model says {want:?}",
                (seats, late, twice)
            ));
        }
        Ok(())
    }
}
