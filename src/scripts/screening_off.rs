//! `screening_off.lua`: a cancelled screening's Redis keys removed and its free-seat cache
//! emptied, in one call for one showtime.

use redis::Value;

use super::{Call, LuaScript, Reader};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::keys::{self, Keys};

super::lua_script!("screening_off");

/// The keys to clear: the seats of the locks and the users of the reservation keys found on the
/// showtime. Their text is used as found (keys through [`Keys::seat_lock_str`] and
/// [`Keys::seat_reservation_str`]).
pub struct ScreeningOff<'a> {
    pub showtime: ShowtimeId,
    pub lock_seats: &'a [String],
    pub reservation_users: &'a [String],
}

/// What the script cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cleared {
    /// Keys removed: locks, reservation keys and the held-seats index.
    pub removed: i64,
    /// The free-seat cache listed seats (or was not an array) and now lists none.
    pub cache_emptied: bool,
}

impl Call for ScreeningOff<'_> {
    type Reply = Cleared;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// `reserved_seats_`, `available_seats_`, the locks, the reservation keys.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let st = self.showtime;
        let mut out = Vec::with_capacity(2 + self.lock_seats.len() + self.reservation_users.len());
        out.push(k.reserved_seats(st));
        out.push(k.available_seats(st));
        out.extend(self.lock_seats.iter().map(|s| k.seat_lock_str(st, s)));
        out.extend((self.reservation_users.iter()).map(|u| k.seat_reservation_str(st, u)));
        Ok(out)
    }

    /// The free-seat cache's TTL.
    fn args(&self) -> Vec<String> {
        vec![keys::AVAILABLE_TTL_MS.to_string()]
    }

    fn parse(&self, reply: Value) -> Result<Cleared, Error> {
        let mut r = Reader::new("screening_off", reply)?;
        let removed = r.int()?;
        let cache = r.int()?;
        r.end()?;
        if removed < 0 || !(0..=1).contains(&cache) {
            return Err(r.bad());
        }
        Ok(Cleared {
            removed,
            cache_emptied: cache == 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let seats = ["A1".to_string()];
        let users = ["7".to_string()];
        let call = ScreeningOff {
            showtime: ShowtimeId::new(24).unwrap(),
            lock_seats: &seats,
            reservation_users: &users,
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "available_seats_24",
                "seat_lock:24:A1",
                "seat_reservation_24_7"
            ]
        );
        assert_eq!(call.args(), ["3600000"]);
        let ok = call.parse(arr(vec![int(3), int(1)])).unwrap();
        assert_eq!(
            ok,
            Cleared {
                removed: 3,
                cache_emptied: true
            }
        );
        for bad in [
            int(3),
            arr(vec![int(3)]),
            arr(vec![int(3), int(2)]),
            arr(vec![int(-1), int(0)]),
            arr(vec![int(1), int(0), int(0)]),
            arr(vec![s("3"), int(0)]),
        ] {
            assert!(refused(call.parse(bad.clone()), "screening_off"), "{bad:?}");
        }
    }
}
