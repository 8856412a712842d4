-- Catalog: showtimes and their seat layouts.
CREATE TABLE showtimes (
    id            INTEGER PRIMARY KEY CHECK (id > 0),
    movie         TEXT    NOT NULL,
    screen        TEXT,
    starts_at     TEXT    NOT NULL,            -- RFC 3339, UTC
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE seats (
    showtime_id INTEGER NOT NULL REFERENCES showtimes(id),
    seat_id     TEXT    NOT NULL,
    row_label   TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    ord         INTEGER NOT NULL,              -- layout order
    PRIMARY KEY (showtime_id, seat_id)
) WITHOUT ROWID;

-- Bookings: a PENDING booking is a hold being paid for; CONFIRMED is sold and final.
CREATE TABLE bookings (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    showtime_id        INTEGER NOT NULL REFERENCES showtimes(id),
    user_id            TEXT    NOT NULL,
    status             TEXT    NOT NULL
                       CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
    payment_id         TEXT,
    late               INTEGER NOT NULL DEFAULT 0,
    created_at_ms      INTEGER NOT NULL,
    hold_started_at_ms INTEGER NOT NULL,       -- Redis clock
    expires_at_ms      INTEGER NOT NULL,       -- Redis clock
    updated_at_ms      INTEGER NOT NULL,
    confirmed_at_ms    INTEGER
);
-- One open hold per user per showtime.
CREATE UNIQUE INDEX bookings_one_pending_per_user
    ON bookings (showtime_id, user_id) WHERE status = 'PENDING';
-- One payment pays for one booking.
CREATE UNIQUE INDEX bookings_one_booking_per_payment
    ON bookings (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX bookings_by_status_expiry ON bookings (status, expires_at_ms);
CREATE INDEX bookings_by_showtime ON bookings (showtime_id, status);

-- The seats of each booking. `live` is 1 while the booking is PENDING or CONFIRMED and the seat
-- has not been released from it, NULL otherwise; triggers below keep it so.
CREATE TABLE booking_seats (
    booking_id     INTEGER NOT NULL REFERENCES bookings(id),
    showtime_id    INTEGER NOT NULL,
    seat_id        TEXT    NOT NULL,
    live           INTEGER CHECK (live IS NULL OR live = 1),
    released_at_ms INTEGER,
    PRIMARY KEY (booking_id, seat_id),
    FOREIGN KEY (showtime_id, seat_id) REFERENCES seats (showtime_id, seat_id)
);
-- The fence: the database itself refuses a second live claim on a seat. Whatever Redis says,
-- a seat can be held or sold by one booking at a time.
CREATE UNIQUE INDEX booking_seats_one_live_claim
    ON booking_seats (showtime_id, seat_id) WHERE live = 1;

CREATE TRIGGER booking_seats_follow_status AFTER UPDATE OF status ON bookings
BEGIN
    UPDATE booking_seats
       SET live = CASE WHEN NEW.status IN ('PENDING', 'CONFIRMED') AND released_at_ms IS NULL
                       THEN 1 END
     WHERE booking_id = NEW.id;
END;

-- Sold is final, and a finished booking stays finished; only a late payment may turn an
-- EXPIRED booking into a CONFIRMED one.
CREATE TRIGGER bookings_status_transitions BEFORE UPDATE OF status ON bookings
WHEN OLD.status <> NEW.status AND NOT (
       (OLD.status = 'PENDING' AND NEW.status IN ('CONFIRMED', 'CANCELLED', 'EXPIRED'))
    OR (OLD.status = 'EXPIRED' AND NEW.status = 'CONFIRMED'))
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: illegal booking status transition');
END;

-- Every state change, for "who held A1 at 18:05?".
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms       INTEGER NOT NULL,
    showtime_id INTEGER,
    booking_id  INTEGER,
    user_id     TEXT,
    seats       TEXT    NOT NULL DEFAULT '[]', -- JSON array
    action      TEXT    NOT NULL,
    command     TEXT    NOT NULL,
    operator    TEXT    NOT NULL,
    forced      INTEGER NOT NULL DEFAULT 0,
    detail      TEXT                           -- JSON object
);
CREATE INDEX audit_by_showtime ON audit (showtime_id, at_ms);
CREATE INDEX audit_by_booking ON audit (booking_id);
