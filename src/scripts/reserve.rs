//! `reserve.lua`: take every requested seat for one user, or none of them, in one round trip.

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, Reader, hold_keys, keys_and_locks, utf8_or_empty};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::{self, Keys};

super::lua_script!("reserve");

/// One reserve: the user's current hold as SQLite records it (`held`, until
/// `held_expires_at_ms`; restarted with the new seats if Redis's clock says it is still alive),
/// then every requested seat (which may repeat held ones).
pub struct Reserve<'a> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    pub hold: Duration,
    pub held: &'a [String],
    /// 0 when there is no current hold.
    pub held_expires_at_ms: i64,
    pub requested: &'a [String],
    /// How young a reservation key the caller does not know about is another command's hold in
    /// flight (`holds::IN_FLIGHT_GRACE`).
    pub grace: Duration,
}

/// What the reserve script answered.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok {
        now_ms: i64,
        expires_at_ms: i64,
        /// The current hold had already run out and was not carried over.
        fresh: bool,
    },
    /// `(seat, holder)`: someone else holds these seats; holder `""` for a lock key that is not
    /// a string (or whose value is not UTF-8). Nothing was written.
    Taken(Vec<(String, String)>),
    /// The user's reservation key is a hold this command did not read: another command's.
    Busy { now_ms: i64, started_ms: i64 },
}

impl Call for Reserve<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// Refuses a showtime with keys of the other key style (`scripts::run`).
    fn fenced(&self) -> Option<ShowtimeId> {
        Some(self.showtime)
    }

    /// `reserved_seats_`, `seat_reservation_` of the user, `available_seats_`, then one lock
    /// per seat: the held ones, then the requested ones.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        keys_and_locks(
            k,
            self.showtime,
            hold_keys(k, self.showtime, self.user),
            &[self.held, self.requested],
        )
    }

    /// user, hold ms, number held, their expiry, grace ms, the free-seat cache's TTL, seats.
    fn args(&self) -> Vec<String> {
        let mut a = Vec::with_capacity(self.held.len() + self.requested.len() + 6);
        a.push(self.user.to_string());
        a.push(self.hold.as_millis().to_string());
        a.push(self.held.len().to_string());
        a.push(self.held_expires_at_ms.to_string());
        a.push(self.grace.as_millis().to_string());
        a.push(keys::AVAILABLE_TTL_MS.to_string());
        a.extend(self.held.iter().cloned());
        a.extend(self.requested.iter().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("reserve", reply)?;
        let tag = r.text()?;
        let now_ms = r.int()?;
        let reply = match tag.as_str() {
            "ok" => Reply::Ok {
                now_ms,
                expires_at_ms: r.int()?,
                fresh: match r.int()? {
                    0 => false,
                    1 => true,
                    _ => return Err(r.bad()),
                },
            },
            "taken" => Reply::Taken(r.pairs(utf8_or_empty)?),
            "busy" => Reply::Busy {
                now_ms,
                started_ms: r.int()?,
            },
            _ => return Err(r.bad()),
        };
        r.end()?;
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn seats(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keys_and_args_layout() {
        let user: UserId = "7".parse().unwrap();
        let (held, requested) = (seats(&["A1"]), seats(&["A2", "A1"]));
        let call = Reserve {
            showtime: ShowtimeId::new(24).unwrap(),
            user: &user,
            hold: Duration::from_secs(600),
            held: &held,
            held_expires_at_ms: 1_700_000_600_000,
            requested: &requested,
            grace: Duration::from_secs(60),
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "seat_reservation_24_7",
                "available_seats_24",
                "seat_lock:24:A1",
                "seat_lock:24:A2",
                "seat_lock:24:A1",
            ]
        );
        assert_eq!(
            call.args(),
            [
                "7",
                "600000",
                "1",
                "1700000600000",
                "60000",
                "3600000",
                "A1",
                "A2",
                "A1"
            ]
        );
        assert!(call.writes());
    }

    fn call() -> (UserId, Vec<String>) {
        ("7".parse().unwrap(), seats(&["A1"]))
    }

    /// A reserve of `req` for `user` on showtime 24, holding nothing yet.
    fn reserve<'a>(user: &'a UserId, req: &'a [String]) -> Reserve<'a> {
        Reserve {
            showtime: ShowtimeId::new(24).unwrap(),
            user,
            hold: Duration::from_secs(600),
            held: &[],
            held_expires_at_ms: 0,
            requested: req,
            grace: Duration::from_secs(60),
        }
    }

    #[test]
    fn replies_accepted() {
        let (user, req) = call();
        let c = reserve(&user, &req);
        assert_eq!(
            c.parse(arr(vec![s("ok"), int(5), int(9), int(1)])).unwrap(),
            Reply::Ok {
                now_ms: 5,
                expires_at_ms: 9,
                fresh: true
            }
        );
        assert_eq!(
            c.parse(arr(vec![
                s("taken"),
                int(5),
                s("A1"),
                s("8"),
                s("A2"),
                s(""),
                s("A3"),
                bytes(b"\xff5"),
            ]))
            .unwrap(),
            Reply::Taken(vec![
                ("A1".into(), "8".into()),
                ("A2".into(), "".into()),
                ("A3".into(), "".into()),
            ])
        );
        assert_eq!(
            c.parse(arr(vec![s("busy"), int(5), int(3)])).unwrap(),
            Reply::Busy {
                now_ms: 5,
                started_ms: 3
            }
        );
    }

    #[test]
    fn replies_refused() {
        let (user, req) = call();
        let c = reserve(&user, &req);
        for bad in [
            int(1),
            arr(vec![]),
            arr(vec![s("ok"), int(5), int(9)]),
            arr(vec![s("ok"), int(5), int(9), int(2)]),
            arr(vec![s("ok"), int(5), int(9), int(1), int(0)]),
            arr(vec![s("ok"), s("5"), int(9), int(1)]),
            arr(vec![s("taken"), int(5), s("A1")]),
            arr(vec![s("taken"), int(5), s("A1"), int(8)]),
            arr(vec![s("busy"), int(5)]),
            arr(vec![s("nope"), int(5)]),
        ] {
            assert!(refused(c.parse(bad.clone()), "reserve"), "{bad:?}");
        }
    }
}
