//! Razorpay orders linked to bookings (`migrations/009_orders.sql`).

use rusqlite::params;

use super::exec::Sql;
use super::{Db, Refused, Tx};
use crate::error::Error;

impl Tx<'_> {
    /// Links `order_id` to the booking, stamped with this process's operator. `Ok(false)`: it
    /// was linked to this booking already (nothing written). `Err(Refused)`: it is linked to
    /// another booking.
    pub fn link_order(
        &self,
        order_id: &str,
        booking_id: i64,
        now_ms: i64,
    ) -> Result<Result<bool, Refused>, Error> {
        let q = self.sql();
        match q.order_booking(order_id)? {
            Some(b) if b == booking_id => return Ok(Ok(false)),
            Some(_) => return Ok(Err(Refused)),
            None => {}
        }
        let done = q.execute_refusable(
            "INSERT INTO payment_orders (order_id, booking_id, linked_at_ms, operator)
             VALUES (?1, ?2, ?3, ?4)",
            params![order_id, booking_id, now_ms, self.operator],
        )?;
        Ok(done.map(|_| true))
    }

    /// The booking the order is linked to, in this transaction.
    pub fn order_booking(&self, order_id: &str) -> Result<Option<i64>, Error> {
        self.sql().order_booking(order_id)
    }
}

impl Db {
    /// The booking the order is linked to.
    pub fn order_booking(&self, order_id: &str) -> Result<Option<i64>, Error> {
        self.sql().order_booking(order_id)
    }

    /// The orders linked to a booking, oldest first.
    pub fn booking_orders(&self, booking_id: i64) -> Result<Vec<String>, Error> {
        self.sql().rows(
            "SELECT order_id FROM payment_orders WHERE booking_id = ?1
              ORDER BY linked_at_ms, order_id",
            params![booking_id],
            |r| r.get(0),
        )
    }
}

impl Sql<'_> {
    fn order_booking(&self, order_id: &str) -> Result<Option<i64>, Error> {
        self.row(
            "SELECT booking_id FROM payment_orders WHERE order_id = ?1",
            params![order_id],
            |r| r.get(0),
        )
    }
}
