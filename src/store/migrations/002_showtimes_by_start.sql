-- `showtime list` pages through showtimes by start time (upcoming first, LIMIT n): without
-- this index every listing sorted the whole table.
CREATE INDEX showtimes_by_start ON showtimes (starts_at, id);
