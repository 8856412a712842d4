//! What `reserve --best` reads besides the seats ([`Db::seat_infos`]): the hall's best row.

use rusqlite::OptionalExtension;

use super::Db;
use crate::error::Error;
use crate::ids::ShowtimeId;

impl Db {
    /// The row label the showtime's hall names as its best (`halls.best_row`); `None`: the
    /// showtime has no hall, or its hall names none (the picker then takes two-thirds back).
    pub fn best_row(&self, showtime: ShowtimeId) -> Result<Option<String>, Error> {
        let q = self.sql();
        q.conn
            .prepare_cached(
                "SELECT h.best_row FROM showtimes s JOIN halls h ON h.id = s.hall_id
                  WHERE s.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([showtime.get()], |r| r.get::<_, Option<String>>(0))
                    .optional()
            })
            .map(Option::flatten)
            .map_err(|e| q.err(e))
    }
}
