//! Blocks in the model: `block` and `unblock` as steps (`reserve --force` is in `commands`), and
//! a chosen history that walks every block path whatever proptest draws.

use super::world::World;
use super::*;

/// Refused on a held seat; a blocked seat refused to reserve and to move onto; forced over; a seat blocked while
/// its hold is past due but not yet swept is refused, then blocked after the sweep; a late
/// payment for it is refused; unblocked seats sell again, after a FLUSHALL too.
#[test]
fn a_chosen_history_of_blocks_matches_the_model() {
    use Op::*;
    let history = vec![
        Reserve {
            user: 0,
            seats: vec![0],
            hold_min: 10,
        },
        Block { seats: vec![0, 1] },
        Block { seats: vec![1] },
        Block { seats: vec![1, 2] },
        // A move onto a blocked seat is refused as blocked, and nothing moves.
        Move {
            user: 0,
            from: 0,
            to: 2,
        },
        Reserve {
            user: 1,
            seats: vec![1],
            hold_min: 10,
        },
        ForceReserve {
            user: 1,
            seats: vec![1, 3],
        },
        Confirm {
            user: 1,
            reuse_payment: false,
        },
        Block { seats: vec![1] },
        Reserve {
            user: 2,
            seats: vec![4],
            hold_min: 2,
        },
        Advance { secs: 150 },
        Block { seats: vec![4] },
        Sweep,
        Block { seats: vec![4] },
        Confirm {
            user: 2,
            reuse_payment: false,
        },
        FlushAll,
        Sweep,
        Unblock {
            seats: vec![2, 4, 5],
        },
        Reserve {
            user: 3,
            seats: vec![2, 4],
            hold_min: 5,
        },
    ];
    run_history(&history).unwrap();
}

impl World {
    /// `block`: all or none, refused (exit 3) when a seat has a live claim in SQLite (a hold,
    /// even one past its expiry that no sweep has ended yet, or a sale).
    pub(super) fn block(&mut self, seats: &[usize]) -> Result<String, String> {
        let st = ST.to_string();
        let mut args = vec!["block", "--showtime", &st, "--reason", "model"];
        args.extend(seats.iter().map(|&i| SEATS[i]));
        let ran = self.run(&args);
        if let Some(r) = self.refused_as_cancelled(&ran) {
            return r;
        }
        if seats.iter().any(|&s| self.model.claim(s).is_some()) {
            return self
                .expect(&ran, 3, "a seat is held or sold")
                .map(|_| "3 claimed".into());
        }
        self.expect(&ran, 0, "block")?;
        self.model.blocked.extend(seats.iter().copied());
        Ok("0".into())
    }

    /// `unblock`: always exit 0; a seat that was not blocked is "already unblocked".
    pub(super) fn unblock(&mut self, seats: &[usize]) -> Result<String, String> {
        let st = ST.to_string();
        let mut args = vec!["unblock", "--showtime", &st];
        args.extend(seats.iter().map(|&i| SEATS[i]));
        let ran = self.run(&args);
        if let Some(r) = self.refused_as_cancelled(&ran) {
            return r;
        }
        self.expect(&ran, 0, "unblock")?;
        for s in seats {
            self.model.blocked.remove(s);
        }
        Ok("0".into())
    }
}
