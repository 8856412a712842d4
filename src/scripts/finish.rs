//! `finish.lua`: end one user's hold on some seats, after SQLite has recorded why.

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, Reader, keys_and_locks};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::{self, Keys};

super::lua_script!("finish");

/// Whose locks end.
#[derive(Clone, Copy)]
pub enum Holder<'a> {
    /// A user: their locks, and their reservation key.
    User(&'a UserId),
    /// A lock value that is no valid user id (a hand-written lock): its locks are removed, no
    /// reservation key is built from it. `""` removes the corrupt locks (an empty value, or a
    /// key that is not a string), for a forced release.
    Other(&'a str),
}

/// One end of a hold.
pub struct Finish<'a> {
    pub showtime: ShowtimeId,
    pub holder: Holder<'a>,
    pub seats: &'a [String],
    /// The seats are sold now (they leave the free-seat cache), or free (they come back to it).
    pub sold: bool,
    /// The hold that is ending, by its start (epoch ms, Redis clock); `None` ends whatever hold
    /// the locks belong to.
    pub hold: Option<i64>,
    /// TTL for an index key found without one.
    pub fallback_ttl: Duration,
}

/// What the finish script answered.
#[derive(Debug, PartialEq)]
pub struct Reply {
    pub now_ms: i64,
    /// How many locks it removed.
    pub removed: usize,
    /// The seats someone else holds by now, left alone.
    pub held_by_others: Vec<String>,
}

impl Call for Finish<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// `reserved_seats_`, the user's `seat_reservation_` (for a holder that is no user id, the
    /// showtime's `reserved_seats_` again: the script does not read it, and every key stays the
    /// showtime's), `available_seats_`, then one lock per seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let st = self.showtime;
        let own = match self.holder {
            Holder::User(u) => k.seat_reservation(st, u),
            Holder::Other(_) => k.reserved_seats(st),
        };
        let head = [k.reserved_seats(st), own, k.available_seats(st)];
        keys_and_locks(k, st, head, &[self.seats])
    }

    /// user, `sold`/`free`, fallback TTL, `1` for a user's reservation key (`0` for none), the
    /// hold's start or `""`, the free-seat cache's TTL, seats.
    fn args(&self) -> Vec<String> {
        let (user, own_key) = match self.holder {
            Holder::User(u) => (u.as_str(), "1"),
            Holder::Other(h) => (h, "0"),
        };
        let mut a = Vec::with_capacity(self.seats.len() + 6);
        a.push(user.to_string());
        a.push(if self.sold { "sold" } else { "free" }.to_string());
        a.push(self.fallback_ttl.as_millis().to_string());
        a.push(own_key.to_string());
        a.push(self.hold.map(|h| h.to_string()).unwrap_or_default());
        a.push(keys::AVAILABLE_TTL_MS.to_string());
        a.extend(self.seats.iter().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("finish", reply)?;
        let now_ms = r.int()?;
        let removed = usize::try_from(r.int()?).map_err(|_| r.bad())?;
        Ok(Reply {
            now_ms,
            removed,
            held_by_others: r.texts()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn seats() -> Vec<String> {
        vec!["A1".into(), "B2".into()]
    }

    #[test]
    fn keys_and_args_of_a_user() {
        let user: UserId = "7".parse().unwrap();
        let seats = seats();
        let call = Finish {
            showtime: ShowtimeId::new(24).unwrap(),
            holder: Holder::User(&user),
            seats: &seats,
            sold: true,
            hold: Some(1_700_000_000_005),
            fallback_ttl: Duration::from_secs(600),
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "seat_reservation_24_7",
                "available_seats_24",
                "seat_lock:24:A1",
                "seat_lock:24:B2",
            ]
        );
        assert_eq!(
            call.args(),
            [
                "7",
                "sold",
                "600000",
                "1",
                "1700000000005",
                "3600000",
                "A1",
                "B2"
            ]
        );
    }

    #[test]
    fn keys_and_args_of_a_holder_that_is_no_user() {
        let seats = seats();
        let call = Finish {
            showtime: ShowtimeId::new(24).unwrap(),
            holder: Holder::Other("legacy_user"),
            seats: &seats,
            sold: false,
            hold: None,
            fallback_ttl: Duration::from_secs(60),
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "reserved_seats_24",
                "available_seats_24",
                "seat_lock:24:A1",
                "seat_lock:24:B2",
            ]
        );
        assert_eq!(
            call.args(),
            [
                "legacy_user",
                "free",
                "60000",
                "0",
                "",
                "3600000",
                "A1",
                "B2"
            ]
        );
    }

    #[test]
    fn replies() {
        let seats = seats();
        let call = Finish {
            showtime: ShowtimeId::new(24).unwrap(),
            holder: Holder::Other(""),
            seats: &seats,
            sold: false,
            hold: None,
            fallback_ttl: Duration::from_secs(60),
        };
        assert_eq!(
            call.parse(arr(vec![int(5), int(1), s("B2")])).unwrap(),
            Reply {
                now_ms: 5,
                removed: 1,
                held_by_others: vec!["B2".into()]
            }
        );
        assert_eq!(call.parse(arr(vec![int(5), int(0)])).unwrap().removed, 0);
        for bad in [
            int(0),
            arr(vec![int(5)]),
            arr(vec![int(5), int(-1)]),
            arr(vec![int(5), s("1")]),
            arr(vec![s("ok"), int(5), int(1)]),
            arr(vec![int(5), int(1), int(2)]),
        ] {
            assert!(refused(call.parse(bad.clone()), "finish"), "{bad:?}");
        }
    }
}
