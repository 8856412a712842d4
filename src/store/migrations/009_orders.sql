-- Razorpay orders: the order a payment page was opened for, linked to the booking it pays
-- (`order link`, `reserve --order-id`). A checkout signature covers `order_id|payment_id`, and a
-- webhook names the order, so the order is how a payment finds its booking.
--
-- An order pays one booking: the primary key refuses a second link of the same order (exit 3,
-- naming the booking it has). A booking may have several orders (a customer who reopened the
-- payment page).
CREATE TABLE payment_orders (
    order_id     TEXT    PRIMARY KEY,
    booking_id   INTEGER NOT NULL REFERENCES bookings(id),
    linked_at_ms INTEGER NOT NULL,
    operator     TEXT    NOT NULL
) WITHOUT ROWID;

CREATE INDEX payment_orders_by_booking ON payment_orders (booking_id);
