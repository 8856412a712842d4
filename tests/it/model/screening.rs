//! `showtime cancel` in the model (issue 13): the screening called off ends every hold and sale
//! (each sale owed back seat by seat), and from then on every sale is refused: reserve (forced
//! or not), block and unblock exit 3, and a payment for a booking of it is refused and owed back
//! unless it is the sale's own payment (which the cancel's refund already covers).

use super::rules::St;
use super::world::World;
use super::*;

impl World {
    pub(super) fn cancel_showtime(&mut self) -> Result<String, String> {
        let st = ST.to_string();
        let ran = self.run(&["showtime", "cancel", &st, "--reason", "model", "--yes"]);
        self.expect(&ran, 0, "showtime cancel")?;
        if ran.json["already_done"] != self.model.cancelled {
            return Err(format!(
                "expected already_done={}\n{}",
                self.model.cancelled, ran.text
            ));
        }
        if self.model.cancelled {
            return Ok("0 already".into());
        }
        let live: Vec<_> = (self.model.bookings.values())
            .filter(|b| matches!(b.status, St::Pending | St::Confirmed))
            .cloned()
            .collect();
        let ended = ran.json["bookings"].as_array().map_or(0, Vec::len);
        if ended != live.len() {
            return Err(format!(
                "expected {} bookings ended\n{}",
                live.len(),
                ran.text
            ));
        }
        for b in &live {
            if b.status == St::Confirmed {
                self.model.refunded_seats += b.seats.len();
            }
            self.take_seats(b.id, &b.seats.clone());
        }
        self.model.cancelled = true;
        Ok(format!("0 ended {}", live.len()))
    }

    /// After the screening is cancelled, a command that would sell, block or unblock is
    /// refused (exit 3) and changes nothing. `None` while the screening is on.
    pub(super) fn refused_as_cancelled(&self, ran: &world::Ran) -> Option<Result<String, String>> {
        self.model.cancelled.then(|| {
            self.expect(ran, 3, "the screening is cancelled")
                .map(|_| "3 cancelled".into())
        })
    }
}

/// Sales, holds, a block and a refund of a cancel before; after the screening is cancelled:
/// payments refused and owed (a new one) or not (the sale's own), every sale refused, a repeat.
#[test]
fn a_chosen_history_of_a_cancelled_screening_matches_the_model() {
    use Op::*;
    let history = vec![
        Reserve {
            user: 0,
            seats: vec![0, 1],
            hold_min: 10,
        },
        Confirm {
            user: 0,
            reuse_payment: false,
        },
        Reserve {
            user: 1,
            seats: vec![2],
            hold_min: 10,
        },
        Reserve {
            user: 2,
            seats: vec![3],
            hold_min: 2,
        },
        Advance { secs: 150 },
        Block { seats: vec![5] },
        Cancel {
            pick: 0,
            seats: Some(vec![1]),
        },
        FlushAll,
        CancelShowtime,
        Confirm {
            user: 1,
            reuse_payment: false,
        },
        Confirm {
            user: 0,
            reuse_payment: true,
        },
        Confirm {
            user: 2,
            reuse_payment: false,
        },
        Reserve {
            user: 3,
            seats: vec![4],
            hold_min: 5,
        },
        ForceReserve {
            user: 3,
            seats: vec![5],
        },
        Block { seats: vec![6] },
        Unblock { seats: vec![5] },
        Move {
            user: 0,
            from: 0,
            to: 7,
        },
        Cancel {
            pick: 0,
            seats: None,
        },
        Sweep,
        CancelShowtime,
    ];
    run_history(&history).unwrap();
}
