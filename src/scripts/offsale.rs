//! `offsale.lua`: the free-seat cache after `block` (the seats leave it) or `unblock` (they come
//! back unless locked), in one call for one showtime.

use redis::Value;

use super::{Call, LuaScript, int_reply, keys_and_locks};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::keys::{self, Keys};

super::lua_script!("offsale");

/// One change of the cache for `seats`.
pub struct Offsale<'a> {
    pub showtime: ShowtimeId,
    pub seats: &'a [String],
    /// true: the seats were blocked (leave the cache); false: unblocked (come back).
    pub blocked: bool,
}

impl Call for Offsale<'_> {
    /// How many seats left or joined the cache.
    type Reply = i64;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// `available_seats_`, then one lock per seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let head = [k.available_seats(self.showtime)];
        keys_and_locks(k, self.showtime, head, &[self.seats])
    }

    /// mode, the free-seat cache's TTL, seats.
    fn args(&self) -> Vec<String> {
        let mode = if self.blocked { "block" } else { "unblock" };
        let mut a = vec![mode.to_string(), keys::AVAILABLE_TTL_MS.to_string()];
        a.extend(self.seats.iter().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<i64, Error> {
        int_reply("offsale", reply)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let seats = ["F7".to_string(), "H1".to_string()];
        let call = Offsale {
            showtime: ShowtimeId::new(24).unwrap(),
            seats: &seats,
            blocked: true,
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            ["available_seats_24", "seat_lock:24:F7", "seat_lock:24:H1"]
        );
        assert_eq!(call.args(), ["block", "3600000", "F7", "H1"]);
        let unblock = Offsale {
            blocked: false,
            ..call
        };
        assert_eq!(unblock.args()[0], "unblock");
        assert_eq!(unblock.parse(int(2)).unwrap(), 2);
        for bad in [s("2"), arr(vec![int(2)]), Value::Nil] {
            assert!(refused(unblock.parse(bad.clone()), "offsale"), "{bad:?}");
        }
        let bad = ["F 7".to_string()];
        assert!(
            Offsale {
                seats: &bad,
                ..unblock
            }
            .keys(Keys::SEED)
            .is_err()
        );
    }
}
