-- A showtime's seat plan: its whole layout as one text value, for `reserve --best`, which reads
-- every seat of a showtime each time. Read row by row, a 5,000-seat showtime cost more than the
-- rest of the command; one value is read in a fraction of that (`store/seating.rs`).
--
-- A cache of `seats`, never a second truth: it is made from `seats` by one statement (the one
-- below, which `store/seating.rs` runs too when a showtime is added), and any change to a
-- showtime's seats drops it, so a missing plan means "read the seats" and a present one always
-- says what they say. One line per seat, in seat id order:
--   seat_id TAB ord TAB col TAB accessible TAB category
-- (a category name has no control characters: `hall add` refuses them).
CREATE TABLE seat_plans (
    showtime_id INTEGER PRIMARY KEY REFERENCES showtimes(id),
    plan        TEXT    NOT NULL
);

INSERT INTO seat_plans (showtime_id, plan)
SELECT showtime_id,
       group_concat(seat_id || char(9) || ord || char(9) || COALESCE(col, number - 1) || char(9)
                    || accessible || char(9) || category, char(10) ORDER BY seat_id)
  FROM seats GROUP BY showtime_id;

CREATE TRIGGER seats_insert_drops_plan AFTER INSERT ON seats
BEGIN
    DELETE FROM seat_plans WHERE showtime_id = NEW.showtime_id;
END;

CREATE TRIGGER seats_update_drops_plan AFTER UPDATE ON seats
BEGIN
    DELETE FROM seat_plans WHERE showtime_id IN (OLD.showtime_id, NEW.showtime_id);
END;

CREATE TRIGGER seats_delete_drops_plan AFTER DELETE ON seats
BEGIN
    DELETE FROM seat_plans WHERE showtime_id = OLD.showtime_id;
END;
