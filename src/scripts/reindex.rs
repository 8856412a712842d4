//! `reindex.lua`: rebuild a showtime's two index keys from its locks, atomically.

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, int_reply};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::keys::{self, Keys};

super::lua_script!("reindex");

/// One rebuild, from the locks of `seats`: every seat of the layout that is not sold, in
/// layout order. Their text is used as found (lock keys through [`Keys::seat_lock_str`]).
pub struct Reindex<'a, S> {
    pub showtime: ShowtimeId,
    pub seats: &'a [S],
    /// TTL for a held-seats index whose locks all lack one.
    pub fallback_ttl: Duration,
}

impl<S: AsRef<str>> Call for Reindex<'_, S> {
    /// How many keys it wrote.
    type Reply = i64;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// `reserved_seats_`, `available_seats_`, then one lock per seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let st = self.showtime;
        let mut out = Vec::with_capacity(self.seats.len() + 2);
        out.push(k.reserved_seats(st));
        out.push(k.available_seats(st));
        out.extend(self.seats.iter().map(|s| k.seat_lock_str(st, s.as_ref())));
        Ok(out)
    }

    /// fallback TTL, the free-seat cache's TTL, seats.
    fn args(&self) -> Vec<String> {
        let mut a = Vec::with_capacity(self.seats.len() + 2);
        a.push(self.fallback_ttl.as_millis().to_string());
        a.push(keys::AVAILABLE_TTL_MS.to_string());
        a.extend(self.seats.iter().map(|s| s.as_ref().to_string()));
        a
    }

    fn parse(&self, reply: Value) -> Result<i64, Error> {
        int_reply("reindex", reply)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let seats = ["A1", "A2"];
        let call = Reindex {
            showtime: ShowtimeId::new(24).unwrap(),
            seats: &seats,
            fallback_ttl: Duration::from_secs(600),
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "available_seats_24",
                "seat_lock:24:A1",
                "seat_lock:24:A2"
            ]
        );
        assert_eq!(call.args(), ["600000", "3600000", "A1", "A2"]);
        assert_eq!(call.parse(int(2)).unwrap(), 2);
        for bad in [s("2"), arr(vec![int(2)]), Value::Nil] {
            assert!(refused(call.parse(bad.clone()), "reindex"), "{bad:?}");
        }
    }
}
