-- Cancelling a sale (`boxoffice cancel`) and the refunds it, and refused late payments, owe.
--
-- A sale used to be final. Staff may now take a sold booking back, whole or some of its seats:
-- the seats taken back are released (as a partial release of a hold is), and a booking with no
-- seat left ends CANCELLED. CONFIRMED -> CANCELLED is the only new transition: a cancelled
-- sale never comes back (a new sale is a new booking), and nothing else about sold-is-final
-- changes.
DROP TRIGGER bookings_status_transitions;
CREATE TRIGGER bookings_status_transitions BEFORE UPDATE OF status ON bookings
WHEN OLD.status <> NEW.status AND NOT (
       (OLD.status = 'PENDING' AND NEW.status IN ('CONFIRMED', 'CANCELLED', 'EXPIRED'))
    OR (OLD.status = 'EXPIRED' AND NEW.status = 'CONFIRMED')
    OR (OLD.status = 'CONFIRMED' AND NEW.status = 'CANCELLED'))
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: illegal booking status transition');
END;

-- Money owed back: one row per cancel of paid seats, per refused late payment, (later) per
-- cancelled screening. Settled when the payment provider's refund id is recorded.
CREATE TABLE refunds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    booking_id    INTEGER NOT NULL REFERENCES bookings(id),
    showtime_id   INTEGER NOT NULL REFERENCES showtimes(id),
    payment_id    TEXT    NOT NULL,
    seats         TEXT    NOT NULL,              -- JSON array
    amount_cents  INTEGER,                       -- NULL until bookings carry prices
    source        TEXT    NOT NULL
                  CHECK (source IN ('cancel', 'late_payment', 'showtime_cancelled')),
    reason        TEXT,
    operator      TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    settled_at_ms INTEGER,
    refund_id     TEXT,
    CHECK ((settled_at_ms IS NULL) = (refund_id IS NULL))
);
-- A refused late payment is owed back once, however often its confirm is retried.
CREATE UNIQUE INDEX refunds_one_per_late_payment ON refunds (payment_id)
    WHERE source = 'late_payment';
-- A provider's refund settles one refund.
CREATE UNIQUE INDEX refunds_one_per_refund_id ON refunds (refund_id)
    WHERE refund_id IS NOT NULL;
CREATE INDEX refunds_by_booking ON refunds (booking_id);

-- The sold seats each refund pays back: the database refuses to refund a paid seat (one claim
-- of it) twice.
-- (A refused late payment sold no seat, so it has no rows here: it is owed once by its
-- payment id.)
-- A seat is paid for once per claim: `booking_seats.claim` counts the times the booking has
-- claimed it (a seat cancelled, then moved back onto or reserved again by the same booking, is a
-- new claim, sold again), so a refund names the claim it pays back.
ALTER TABLE booking_seats ADD COLUMN claim INTEGER NOT NULL DEFAULT 1;
CREATE TABLE refund_seats (
    refund_id  INTEGER NOT NULL REFERENCES refunds(id),
    booking_id INTEGER NOT NULL REFERENCES bookings(id),
    seat_id    TEXT    NOT NULL,
    claim      INTEGER NOT NULL,
    PRIMARY KEY (booking_id, seat_id, claim)
) WITHOUT ROWID;
