-- The history of a seat (`boxoffice history --seat`, `inspect --seat`) in one index lookup.
--
-- The audit table keeps each event's seats as a JSON array, which no index can reach: finding
-- A5's events meant reading every event of the showtime and its array (0.45 s over a million
-- events). `audit_seats` holds one row per seat an event names, written by a trigger in the
-- same statement as the event (so no command can forget it, and no row exists without its
-- event), and indexed by showtime and seat. Events are never updated or deleted.
CREATE TABLE audit_seats (
    audit_id    INTEGER NOT NULL REFERENCES audit(id),
    showtime_id INTEGER NOT NULL,
    seat_id     TEXT    NOT NULL,
    PRIMARY KEY (showtime_id, seat_id, audit_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO audit_seats (audit_id, showtime_id, seat_id)
SELECT a.id, a.showtime_id, j.value
  FROM audit a, json_each(a.seats) j
 WHERE a.showtime_id IS NOT NULL AND json_valid(a.seats) AND j.type = 'text';

CREATE TRIGGER audit_names_its_seats AFTER INSERT ON audit
WHEN NEW.showtime_id IS NOT NULL AND json_valid(NEW.seats)
BEGIN
    INSERT OR IGNORE INTO audit_seats (audit_id, showtime_id, seat_id)
    SELECT NEW.id, NEW.showtime_id, value FROM json_each(NEW.seats) WHERE type = 'text';
END;

-- Who did what: `history --user` and `--operator`, newest events of one person first.
CREATE INDEX audit_by_user ON audit (user_id, at_ms);
CREATE INDEX audit_by_operator ON audit (operator, at_ms);

-- A screening's cancellation concerns every seat, so a seat's history includes it: found by
-- this index, not by reading the showtime's every event.
CREATE INDEX audit_showtime_cancels ON audit (showtime_id) WHERE action = 'showtime_cancel';
