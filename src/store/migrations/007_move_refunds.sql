-- A sale moved to cheaper seats (`boxoffice move`) owes the difference back: a refund of source
-- `move`, recorded with the move in one transaction (issue 14's prices). A sale cannot be moved
-- to dearer seats, nor to seats in another currency: boxoffice takes no new payment.
--
-- SQLite cannot change a CHECK constraint, so `refunds` is rebuilt with `move` among its
-- sources, rows and ids as they were. `refund_seats` references it, and with foreign keys on
-- (which a migration's transaction cannot turn off) the referenced table cannot be dropped
-- under it: both are copied, the old ones dropped child first, and the copies renamed (a rename
-- rewrites `refund_seats`' reference to the new name). Refunds are never deleted, so the next id
-- (AUTOINCREMENT, from the copied rows' largest) is what it was.
CREATE TABLE refunds_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id    INTEGER NOT NULL REFERENCES bookings(id),
    showtime_id   INTEGER NOT NULL REFERENCES showtimes(id),
    payment_id    TEXT    NOT NULL,
    seats         TEXT    NOT NULL,              -- JSON array
    amount_cents  INTEGER,                       -- minor units of the showtime's currency
    source        TEXT    NOT NULL
                  CHECK (source IN ('cancel', 'late_payment', 'showtime_cancelled', 'move')),
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

-- The sold seats each refund pays back (one claim of a seat once): a move's refund names the
-- old seats it was the difference for, so a later cancel of the new seats owes those.
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

-- 004's indexes, as they were.
CREATE UNIQUE INDEX refunds_one_per_late_payment ON refunds (payment_id)
    WHERE source = 'late_payment';
CREATE UNIQUE INDEX refunds_one_per_refund_id ON refunds (refund_id)
    WHERE refund_id IS NOT NULL;
CREATE INDEX refunds_by_booking ON refunds (booking_id);
