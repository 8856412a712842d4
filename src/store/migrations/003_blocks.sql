-- Blocked seats: kept off sale with a reason (house seats, a broken seat, a wheelchair space).
-- A block is a row; unblocking ends it (unblocked_at_ms) and keeps it, for the history.
-- `live` is 1 while the block stands, NULL once it ended, so that the partial unique index
-- allows one standing block per seat, like the fence allows one live claim.
CREATE TABLE seat_blocks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    showtime_id     INTEGER NOT NULL,
    seat_id         TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    operator        TEXT    NOT NULL,
    blocked_at_ms   INTEGER NOT NULL,
    unblocked_at_ms INTEGER,
    live            INTEGER CHECK (live IS NULL OR live = 1),
    CHECK ((live = 1) = (unblocked_at_ms IS NULL)),
    FOREIGN KEY (showtime_id, seat_id) REFERENCES seats (showtime_id, seat_id)
);
CREATE UNIQUE INDEX seat_blocks_one_live
    ON seat_blocks (showtime_id, seat_id) WHERE live = 1;

-- The fence covers blocks too: a standing block and a live claim (a hold or a sale) can never
-- be on the same seat, whatever Redis says and whichever command writes. Blocking a claimed
-- seat is refused, and so is claiming a blocked one, by a new claim or by one that comes back
-- to life (a late payment for an EXPIRED booking, through booking_seats_follow_status).
-- `reserve --force` ends the block first, in the same transaction.
CREATE TRIGGER seat_blocks_refuse_claimed BEFORE INSERT ON seat_blocks
WHEN NEW.live = 1 AND EXISTS (
    SELECT 1 FROM booking_seats
     WHERE showtime_id = NEW.showtime_id AND seat_id = NEW.seat_id AND live = 1)
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: seat is claimed');
END;

CREATE TRIGGER booking_seats_refuse_blocked_insert BEFORE INSERT ON booking_seats
WHEN NEW.live = 1 AND EXISTS (
    SELECT 1 FROM seat_blocks
     WHERE showtime_id = NEW.showtime_id AND seat_id = NEW.seat_id AND live = 1)
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: seat is blocked');
END;

CREATE TRIGGER booking_seats_refuse_blocked_update BEFORE UPDATE OF live ON booking_seats
WHEN NEW.live = 1 AND OLD.live IS NOT 1 AND EXISTS (
    SELECT 1 FROM seat_blocks
     WHERE showtime_id = NEW.showtime_id AND seat_id = NEW.seat_id AND live = 1)
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: seat is blocked');
END;

-- A block is never un-ended: bringing one back is a new row, with its own reason and audit.
CREATE TRIGGER seat_blocks_stay_ended BEFORE UPDATE OF live ON seat_blocks
WHEN OLD.live IS NULL AND NEW.live = 1
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: an ended block stays ended');
END;
