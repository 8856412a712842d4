-- Razorpay webhooks (`boxoffice webhook razorpay`), processed exactly once: each event id is
-- stored in the transaction that makes its effect (a sale, a release, a refund settled or owed),
-- so a replayed delivery finds it and changes nothing. An event that changes nothing (ignored,
-- out of order) is stored too, so its replay is reported as a duplicate as well.
CREATE TABLE payment_events (
    event_id       TEXT    PRIMARY KEY,
    event          TEXT    NOT NULL,              -- `payment.captured`, `order.paid`, …
    payment_id     TEXT,
    booking_id     INTEGER REFERENCES bookings(id),
    outcome        TEXT    NOT NULL
                   CHECK (outcome IN ('confirmed', 'late', 'refund_required', 'released',
                                      'settled', 'ignored', 'amount_mismatch')),
    received_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- A captured amount or currency that differs from the booking's is not confirmed: it is owed
-- back, as a refund of source `amount_mismatch`, once per payment id. SQLite cannot change a
-- CHECK constraint, so `refunds` is rebuilt as 007_move_refunds.sql did (its comment says why
-- both tables are copied), with the new source; rows and ids are as they were.
CREATE TABLE refunds_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id    INTEGER NOT NULL REFERENCES bookings(id),
    showtime_id   INTEGER NOT NULL REFERENCES showtimes(id),
    payment_id    TEXT    NOT NULL,
    seats         TEXT    NOT NULL,              -- JSON array
    amount_cents  INTEGER,                       -- minor units of the showtime's currency
    source        TEXT    NOT NULL
                  CHECK (source IN ('cancel', 'late_payment', 'showtime_cancelled', 'move',
                                    'amount_mismatch')),
    reason        TEXT,
    operator      TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    settled_at_ms INTEGER,
    refund_id     TEXT,
    CHECK ((settled_at_ms IS NULL) = (refund_id IS NULL))
);
INSERT INTO refunds_new (id, booking_id, showtime_id, payment_id, seats, amount_cents, source,
                         reason, operator, created_at_ms, settled_at_ms, refund_id)
SELECT id, booking_id, showtime_id, payment_id, seats, amount_cents, source,
       reason, operator, created_at_ms, settled_at_ms, refund_id
  FROM refunds;

CREATE TABLE refund_seats_new (
    refund_id  INTEGER NOT NULL REFERENCES refunds_new(id),
    booking_id INTEGER NOT NULL REFERENCES bookings(id),
    seat_id    TEXT    NOT NULL,
    claim      INTEGER NOT NULL,
    PRIMARY KEY (booking_id, seat_id, claim)
) WITHOUT ROWID;
INSERT INTO refund_seats_new (refund_id, booking_id, seat_id, claim)
SELECT refund_id, booking_id, seat_id, claim FROM refund_seats;

DROP TABLE refund_seats;
DROP TABLE refunds;
ALTER TABLE refunds_new RENAME TO refunds;
ALTER TABLE refund_seats_new RENAME TO refund_seats;

-- 004's indexes, as they were, and one more: a mismatched payment is owed back once.
CREATE UNIQUE INDEX refunds_one_per_late_payment ON refunds (payment_id)
    WHERE source = 'late_payment';
CREATE UNIQUE INDEX refunds_one_per_amount_mismatch ON refunds (payment_id)
    WHERE source = 'amount_mismatch';
CREATE UNIQUE INDEX refunds_one_per_refund_id ON refunds (refund_id)
    WHERE refund_id IS NOT NULL;
CREATE INDEX refunds_by_booking ON refunds (booking_id);
CREATE INDEX refunds_by_payment ON refunds (payment_id);
