-- Cancelling a screening (`boxoffice showtime cancel`): a projector fails, the whole showtime
-- is called off. Its sales are stopped for good, its holds released and its sales owed back.
--
-- A showtime is cancelled once: the three columns are set together and never cleared (a
-- screening put back on is a new showtime). The database itself keeps a cancelled showtime's
-- seats off sale, whichever command writes: no claim is ever live on one.
ALTER TABLE showtimes ADD COLUMN cancelled_at_ms INTEGER;
ALTER TABLE showtimes ADD COLUMN cancel_reason TEXT;
ALTER TABLE showtimes ADD COLUMN cancelled_by TEXT;

-- Cancelled is final, and set whole.
CREATE TRIGGER showtimes_stay_cancelled BEFORE UPDATE OF cancelled_at_ms, cancel_reason, cancelled_by
    ON showtimes
WHEN OLD.cancelled_at_ms IS NOT NULL
  OR NEW.cancelled_at_ms IS NULL OR NEW.cancel_reason IS NULL OR NEW.cancelled_by IS NULL
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: a cancelled showtime stays cancelled');
END;

-- A screening is cancelled only once every hold and sale of it has ended (the same transaction
-- ends them first), so a cancelled showtime never has a live claim ...
CREATE TRIGGER showtimes_cancel_needs_no_claims BEFORE UPDATE OF cancelled_at_ms ON showtimes
WHEN NEW.cancelled_at_ms IS NOT NULL AND EXISTS (
    SELECT 1 FROM booking_seats WHERE showtime_id = NEW.id AND live = 1)
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: the showtime still has live claims');
END;

-- ... and never gets one: a new claim, or one coming back to life (a late payment for an
-- EXPIRED booking), is refused.
CREATE TRIGGER booking_seats_refuse_cancelled_insert BEFORE INSERT ON booking_seats
WHEN NEW.live = 1 AND EXISTS (
    SELECT 1 FROM showtimes WHERE id = NEW.showtime_id AND cancelled_at_ms IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: the screening is cancelled');
END;

CREATE TRIGGER booking_seats_refuse_cancelled_update BEFORE UPDATE OF live, showtime_id
    ON booking_seats
WHEN NEW.live = 1 AND EXISTS (
    SELECT 1 FROM showtimes WHERE id = NEW.showtime_id AND cancelled_at_ms IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'boxoffice: the screening is cancelled');
END;
