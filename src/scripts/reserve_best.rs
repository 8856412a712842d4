//! `reserve_best.lua`: take the first of several ranked candidate groups whose seats are all
//! free, in one round trip (`reserve --best`).

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, Reader, hold_keys, keys_and_locks};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::{self, Keys};

super::lua_script!("reserve_best");

/// One `reserve --best`: the user's current hold as SQLite records it (as
/// [`super::reserve::Reserve`]), then the candidate groups, best first.
pub struct ReserveBest<'a> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    pub hold: Duration,
    pub held: &'a [String],
    /// 0 when there is no current hold.
    pub held_expires_at_ms: i64,
    pub candidates: &'a [Vec<String>],
    pub grace: Duration,
}

/// What the script answered.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok {
        now_ms: i64,
        expires_at_ms: i64,
        fresh: bool,
        /// Index (0-based) of the candidate taken.
        chosen: usize,
    },
    /// Every candidate had a seat someone else holds; nothing was written.
    None { now_ms: i64 },
    /// As [`super::reserve::Reply::Busy`].
    Busy { now_ms: i64, started_ms: i64 },
}

impl Call for ReserveBest<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// Refuses a showtime with keys of the other key style (`scripts::run`).
    fn fenced(&self) -> Option<ShowtimeId> {
        Some(self.showtime)
    }

    /// `reserved_seats_`, `seat_reservation_` of the user, `available_seats_`, then one lock
    /// per seat: the held ones, then each candidate's.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let mut lists: Vec<&[String]> = vec![self.held];
        lists.extend(self.candidates.iter().map(Vec::as_slice));
        keys_and_locks(
            k,
            self.showtime,
            hold_keys(k, self.showtime, self.user),
            &lists,
        )
    }

    /// user, hold ms, number held, their expiry, grace ms, the free-seat cache's TTL, number of
    /// candidates, each one's size, then the seats.
    fn args(&self) -> Vec<String> {
        let n: usize = self.candidates.iter().map(Vec::len).sum();
        let mut a = Vec::with_capacity(7 + self.candidates.len() + self.held.len() + n);
        a.push(self.user.to_string());
        a.push(self.hold.as_millis().to_string());
        a.push(self.held.len().to_string());
        a.push(self.held_expires_at_ms.to_string());
        a.push(self.grace.as_millis().to_string());
        a.push(keys::AVAILABLE_TTL_MS.to_string());
        a.push(self.candidates.len().to_string());
        a.extend(self.candidates.iter().map(|c| c.len().to_string()));
        a.extend(self.held.iter().cloned());
        a.extend(self.candidates.iter().flatten().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("reserve_best", reply)?;
        let tag = r.text()?;
        let now_ms = r.int()?;
        let reply = match tag.as_str() {
            "ok" => {
                let expires_at_ms = r.int()?;
                let fresh = match r.int()? {
                    0 => false,
                    1 => true,
                    _ => return Err(r.bad()),
                };
                let j = r.int()?;
                if j < 1 || j as usize > self.candidates.len() {
                    return Err(r.bad());
                }
                Reply::Ok {
                    now_ms,
                    expires_at_ms,
                    fresh,
                    chosen: j as usize - 1,
                }
            }
            "none" => Reply::None { now_ms },
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
        let held = seats(&["A1"]);
        let candidates = vec![seats(&["B2", "B3"]), seats(&["B3", "B4"])];
        let call = ReserveBest {
            showtime: ShowtimeId::new(24).unwrap(),
            user: &user,
            hold: Duration::from_secs(600),
            held: &held,
            held_expires_at_ms: 1_700_000_600_000,
            candidates: &candidates,
            grace: Duration::from_secs(60),
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "seat_reservation_24_7",
                "available_seats_24",
                "seat_lock:24:A1",
                "seat_lock:24:B2",
                "seat_lock:24:B3",
                "seat_lock:24:B3",
                "seat_lock:24:B4",
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
                "2",
                "2",
                "2",
                "A1",
                "B2",
                "B3",
                "B3",
                "B4"
            ]
        );
        assert!(call.writes());
    }

    #[test]
    fn replies() {
        let user: UserId = "7".parse().unwrap();
        let candidates = vec![seats(&["B2", "B3"]), seats(&["B3", "B4"])];
        let c = ReserveBest {
            showtime: ShowtimeId::new(24).unwrap(),
            user: &user,
            hold: Duration::from_secs(600),
            held: &[],
            held_expires_at_ms: 0,
            candidates: &candidates,
            grace: Duration::from_secs(60),
        };
        assert_eq!(
            c.parse(arr(vec![s("ok"), int(5), int(9), int(1), int(2)]))
                .unwrap(),
            Reply::Ok {
                now_ms: 5,
                expires_at_ms: 9,
                fresh: true,
                chosen: 1
            }
        );
        assert_eq!(
            c.parse(arr(vec![s("none"), int(5)])).unwrap(),
            Reply::None { now_ms: 5 }
        );
        assert_eq!(
            c.parse(arr(vec![s("busy"), int(5), int(3)])).unwrap(),
            Reply::Busy {
                now_ms: 5,
                started_ms: 3
            }
        );
        for bad in [
            arr(vec![s("ok"), int(5), int(9), int(1), int(0)]),
            arr(vec![s("ok"), int(5), int(9), int(1), int(3)]),
            arr(vec![s("ok"), int(5), int(9), int(2), int(1)]),
            arr(vec![s("ok"), int(5), int(9), int(1)]),
            arr(vec![s("none"), int(5), int(1)]),
            arr(vec![s("busy"), int(5)]),
            arr(vec![s("nope"), int(5)]),
        ] {
            assert!(refused(c.parse(bad.clone()), "reserve_best"), "{bad:?}");
        }
    }
}
