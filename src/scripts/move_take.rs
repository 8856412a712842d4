//! `move_take.lua`: a move's first step, the target seats of one showtime locked for the
//! booking's user, or none of them, in one round trip.

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, Reader, hold_keys, keys_and_locks, utf8_or_empty};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::{self, Keys};

super::lua_script!("move_take");

/// What the booking being moved is, as the locks must follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A PENDING booking: locks until the hold's expiry, listed in its reservation key (named by
    /// the hold's start).
    Hold { started_ms: i64, expires_at_ms: i64 },
    /// A CONFIRMED booking: in-flight locks that live `grace`, until the move removes them.
    Sale { grace: Duration },
}

/// One take: the target seats (distinct) on `showtime`.
pub struct MoveTake<'a> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    pub kind: Kind,
    pub seats: &'a [String],
}

/// What the script answered.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// Every seat locked, until `until_ms` (Redis clock).
    Ok { now_ms: i64, until_ms: i64 },
    /// `(seat, holder)`: these seats have a lock (holder `""` for a key that is not a string,
    /// or whose value is not UTF-8). Nothing was written.
    Taken(Vec<(String, String)>),
    /// The hold ran out by Redis's clock. Nothing was written.
    Gone { now_ms: i64 },
    /// The user's reservation key is another hold (started `started_ms`). Nothing was written.
    Busy { now_ms: i64, started_ms: i64 },
}

impl Call for MoveTake<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// Refuses a showtime with keys of the other key style (`scripts::run`).
    fn fenced(&self) -> Option<ShowtimeId> {
        Some(self.showtime)
    }

    /// `reserved_seats_`, the user's `seat_reservation_`, `available_seats_`, one lock per seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        keys_and_locks(
            k,
            self.showtime,
            hold_keys(k, self.showtime, self.user),
            &[self.seats],
        )
    }

    /// user, `hold`/`sale`, hold expiry, grace ms, hold start, free-seat cache TTL, seats.
    fn args(&self) -> Vec<String> {
        let (mode, exp, grace, started) = match self.kind {
            Kind::Hold {
                started_ms,
                expires_at_ms,
            } => ("hold", expires_at_ms, 0, started_ms),
            Kind::Sale { grace } => ("sale", 0, grace.as_millis() as i64, 0),
        };
        let mut a = Vec::with_capacity(self.seats.len() + 6);
        a.push(self.user.to_string());
        a.push(mode.to_string());
        a.push(exp.to_string());
        a.push(grace.to_string());
        a.push(started.to_string());
        a.push(keys::AVAILABLE_TTL_MS.to_string());
        a.extend(self.seats.iter().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("move_take", reply)?;
        let tag = r.text()?;
        let now_ms = r.int()?;
        let reply = match tag.as_str() {
            "ok" => Reply::Ok {
                now_ms,
                until_ms: r.int()?,
            },
            "taken" => {
                let pairs = r.pairs(utf8_or_empty)?;
                if pairs.is_empty() {
                    return Err(r.bad());
                }
                Reply::Taken(pairs)
            }
            "gone" => Reply::Gone { now_ms },
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

    fn call<'a>(user: &'a UserId, seats: &'a [String], kind: Kind) -> MoveTake<'a> {
        MoveTake {
            showtime: ShowtimeId::new(25).unwrap(),
            user,
            kind,
            seats,
        }
    }

    #[test]
    fn keys_and_args_layout() {
        let user: UserId = "7".parse().unwrap();
        let seats = vec!["F5".to_string(), "F6".to_string()];
        let hold = Kind::Hold {
            started_ms: 1_700_000_000_005,
            expires_at_ms: 1_700_000_600_005,
        };
        let c = call(&user, &seats, hold);
        assert_eq!(
            c.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_25",
                "seat_reservation_25_7",
                "available_seats_25",
                "seat_lock:25:F5",
                "seat_lock:25:F6",
            ]
        );
        assert_eq!(
            c.args(),
            [
                "7",
                "hold",
                "1700000600005",
                "0",
                "1700000000005",
                "3600000",
                "F5",
                "F6"
            ]
        );
        assert!(c.writes());
        let sale = Kind::Sale {
            grace: Duration::from_secs(60),
        };
        assert_eq!(
            call(&user, &seats, sale).args(),
            ["7", "sale", "0", "60000", "0", "3600000", "F5", "F6"]
        );
    }

    #[test]
    fn replies() {
        let user: UserId = "7".parse().unwrap();
        let seats = vec!["F5".to_string()];
        let c = call(
            &user,
            &seats,
            Kind::Sale {
                grace: Duration::from_secs(60),
            },
        );
        assert_eq!(
            c.parse(arr(vec![s("ok"), int(5), int(9)])).unwrap(),
            Reply::Ok {
                now_ms: 5,
                until_ms: 9
            }
        );
        assert_eq!(
            c.parse(arr(vec![
                s("taken"),
                int(5),
                s("F5"),
                s("8"),
                s("F6"),
                bytes(b"\xff")
            ]))
            .unwrap(),
            Reply::Taken(vec![("F5".into(), "8".into()), ("F6".into(), "".into())])
        );
        assert_eq!(
            c.parse(arr(vec![s("gone"), int(5)])).unwrap(),
            Reply::Gone { now_ms: 5 }
        );
        assert_eq!(
            c.parse(arr(vec![s("busy"), int(5), int(3)])).unwrap(),
            Reply::Busy {
                now_ms: 5,
                started_ms: 3
            }
        );
        for bad in [
            int(1),
            arr(vec![]),
            arr(vec![s("ok"), int(5)]),
            arr(vec![s("ok"), int(5), int(9), int(1)]),
            arr(vec![s("taken"), int(5)]),
            arr(vec![s("taken"), int(5), s("F5")]),
            arr(vec![s("gone"), int(5), int(1)]),
            arr(vec![s("busy"), int(5)]),
            arr(vec![s("nope"), int(5)]),
        ] {
            assert!(refused(c.parse(bad.clone()), "move_take"), "{bad:?}");
        }
    }
}
