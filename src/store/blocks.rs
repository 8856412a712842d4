//! Blocked seats (`seat_blocks`, migration 003): seats kept off sale with a reason. The schema
//! is the guarantee, as for sales: one standing block per seat (a partial unique index), and
//! triggers that refuse a block on a claimed seat and a claim on a blocked one, so a block and
//! a hold or sale can never coexist whichever command writes. Those refusals come back here as
//! [`Refused`], never as an engine error.

use rusqlite::params;
use serde::Serialize;

use super::exec::{Row, Sql};
use super::{Db, Refused, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// A standing block on one seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    #[serde(skip)]
    pub id: i64,
    pub seat: String,
    /// As typed by the operator who blocked it: escape it before printing.
    pub reason: String,
    pub operator: String,
    #[serde(skip)]
    pub blocked_at_ms: i64,
}

const COLUMNS: &str = "id, seat_id, reason, operator, blocked_at_ms";

fn row(r: &Row<'_, '_>) -> rusqlite::Result<Block> {
    Ok(Block {
        id: r.get(0)?,
        seat: r.get(1)?,
        reason: r.get(2)?,
        operator: r.get(3)?,
        blocked_at_ms: r.get(4)?,
    })
}

impl Sql<'_> {
    fn live_blocks(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Block>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM seat_blocks
              WHERE showtime_id = ?1 AND seat_id = ?2 AND live = 1"
        );
        let mut out = Vec::new();
        for seat in seats {
            out.extend(self.row(&sql, params![showtime.get(), seat], row)?);
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// The standing block on each of `seats` that has one.
    pub fn live_blocks(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Block>, Error> {
        self.sql().live_blocks(showtime, seats)
    }

    /// Blocks `seat`, stamped with this process's operator. `Err(Refused)`: the schema refused
    /// it (the seat is claimed by a live booking, or already blocked).
    pub fn insert_block(
        &self,
        showtime: ShowtimeId,
        seat: &str,
        reason: &str,
        now_ms: i64,
    ) -> Result<Result<i64, Refused>, Error> {
        let q = self.sql();
        let done = q.row_refusable(
            "INSERT INTO seat_blocks (showtime_id, seat_id, reason, operator, blocked_at_ms, live)
             VALUES (?1, ?2, ?3, ?4, ?5, 1) RETURNING id",
            params![showtime.get(), seat, reason, self.operator, now_ms],
            |r| r.get(0),
        )?;
        match done {
            Ok(Some(id)) => Ok(Ok(id)),
            Ok(None) => Err(q.err(rusqlite::Error::QueryReturnedNoRows)),
            Err(Refused) => Ok(Err(Refused)),
        }
    }

    /// Ends the standing block on `seat`, and returns it; `None` when there was none.
    pub fn end_block(
        &self,
        showtime: ShowtimeId,
        seat: &str,
        now_ms: i64,
    ) -> Result<Option<Block>, Error> {
        self.sql().row(
            &format!(
                "UPDATE seat_blocks SET live = NULL, unblocked_at_ms = ?3
                  WHERE showtime_id = ?1 AND seat_id = ?2 AND live = 1
                  RETURNING {COLUMNS}"
            ),
            params![showtime.get(), seat, now_ms],
            row,
        )
    }
}

impl Db {
    /// The standing block on each of `seats` that has one.
    pub fn live_blocks(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Block>, Error> {
        self.sql().live_blocks(showtime, seats)
    }

    /// Every standing block of the showtime, in no particular order.
    pub fn showtime_blocks(&self, showtime: ShowtimeId) -> Result<Vec<Block>, Error> {
        self.sql().rows(
            &format!("SELECT {COLUMNS} FROM seat_blocks WHERE showtime_id = ?1 AND live = 1"),
            params![showtime.get()],
            row,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{SeatId, UserId};

    /// The triggers keep a standing block and a live claim apart in both directions, and a
    /// late payment (EXPIRED → CONFIRMED) can't bring a claim back onto a blocked seat.
    #[test]
    fn a_block_and_a_claim_never_coexist() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("t.db"), true, "op", "test").unwrap();
        let st = ShowtimeId::new(7).unwrap();
        let user: UserId = "u1".parse().unwrap();
        db.write(|tx| {
            tx.insert_showtime(Some(st), "M", None, "2030-01-01T20:00:00Z", 0)?;
            for (i, s) in ["A1", "A2"].iter().enumerate() {
                tx.insert_seat(st, &s.parse::<SeatId>().unwrap(), i as u32)?;
            }
            let b = tx.insert_hold(st, &user, 1, 100, 1)?;
            assert_eq!(tx.claim_seat(b, st, "A1")?, Ok(()));
            assert_eq!(tx.insert_block(st, "A1", "broken", 2)?, Err(Refused));
            assert!(tx.insert_block(st, "A2", "broken", 2)?.is_ok());
            assert_eq!(tx.insert_block(st, "A2", "again", 2)?, Err(Refused));
            assert_eq!(tx.insert_block(st, "B9", "not a seat", 2)?, Err(Refused));
            assert_eq!(tx.claim_seat(b, st, "A2")?, Err(Refused));
            // Expire the hold, block its seat, then pay late: refused by the fence.
            assert!(tx.transition(
                b,
                crate::store::Status::Pending,
                crate::store::Status::Expired,
                3
            )?);
            assert!(tx.insert_block(st, "A1", "house", 4)?.is_ok());
            assert_eq!(tx.confirm(b, "pay", true, 5)?, Err(Refused));
            let ended = tx.end_block(st, "A2", 6)?.unwrap();
            assert_eq!(
                (ended.seat.as_str(), ended.reason.as_str()),
                ("A2", "broken")
            );
            assert_eq!(ended.operator, "op");
            assert_eq!(tx.end_block(st, "A2", 6)?, None);
            Ok(())
        })
        .unwrap();
        let blocks = db.showtime_blocks(st).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].seat, "A1");
        assert_eq!(
            db.live_blocks(st, &["A1".into(), "A2".into()])
                .unwrap()
                .len(),
            1
        );
    }
}
