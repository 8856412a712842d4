-- Real halls (issue 14): layouts with aisles and gaps, seat categories with prices, accessible
-- spaces; and the price of each booking.
--
-- A hall is stored once (`hall add`) and copied into each showtime made from it (`showtime add
-- --hall`): the showtime's seats carry their position, category, price and accessibility, so a
-- later change of the hall never reprices a screening already on sale. A rectangular showtime
-- (`--rows/--seats-per-row`) is one `standard` category with no price, as before.
CREATE TABLE halls (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    currency      TEXT    NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    best_row      TEXT,                          -- the row seats are best in; NULL: two-thirds back
    source        TEXT    NOT NULL,              -- the hall file as given, for `hall show --source`
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE hall_categories (
    hall_id     INTEGER NOT NULL REFERENCES halls(id),
    code        TEXT    NOT NULL CHECK (length(code) = 1),   -- the letter of the layout
    name        TEXT    NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),   -- minor units of the currency
    accessible  INTEGER NOT NULL DEFAULT 0 CHECK (accessible IN (0, 1)),
    PRIMARY KEY (hall_id, code),
    UNIQUE (hall_id, name)
) WITHOUT ROWID;

-- Every seat of a hall, in layout order; `col` is its position in the row counting gaps and
-- aisles (0-based), so two seats are side by side exactly when their `col`s differ by one.
CREATE TABLE hall_seats (
    hall_id   INTEGER NOT NULL REFERENCES halls(id),
    seat_id   TEXT    NOT NULL,
    row_label TEXT    NOT NULL,
    number    INTEGER NOT NULL,
    col       INTEGER NOT NULL CHECK (col >= 0),
    category  TEXT    NOT NULL,
    ord       INTEGER NOT NULL,
    PRIMARY KEY (hall_id, seat_id),
    FOREIGN KEY (hall_id, category) REFERENCES hall_categories (hall_id, code)
) WITHOUT ROWID;

-- A showtime's hall (NULL: rectangular) and the currency its prices are in.
ALTER TABLE showtimes ADD COLUMN hall_id INTEGER REFERENCES halls(id);
ALTER TABLE showtimes ADD COLUMN currency TEXT;

-- Each seat of a showtime: its position in the row counting gaps (rectangular: number - 1), its
-- category's name, price (NULL: no price) and whether it is an accessible space.
ALTER TABLE seats ADD COLUMN col INTEGER;
ALTER TABLE seats ADD COLUMN category TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE seats ADD COLUMN price_minor INTEGER CHECK (price_minor IS NULL OR price_minor >= 0);
ALTER TABLE seats ADD COLUMN accessible INTEGER NOT NULL DEFAULT 0 CHECK (accessible IN (0, 1));
UPDATE seats SET col = number - 1;

-- What a booking costs: the sum of its seats' prices when it was reserved (kept up to date as
-- seats are added, released, moved or cancelled), in the showtime's currency; NULL when the
-- showtime has no prices.
ALTER TABLE bookings ADD COLUMN amount_minor INTEGER CHECK (amount_minor IS NULL OR amount_minor >= 0);
ALTER TABLE bookings ADD COLUMN currency TEXT;
