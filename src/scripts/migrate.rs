//! `migrate.lua`: `keys migrate`: one showtime's keys moved from one key style to the other, all
//! of them or none, in one script (a standalone Redis only: see the script's header).

use redis::Value;

use super::{Call, LuaScript, Reader};
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys::{KeyStyle, Keys};

super::lua_script!("migrate");

/// One showtime's move from `from` to `to`: every seat and user found in either style.
pub struct Migrate<'a> {
    pub showtime: ShowtimeId,
    pub from: KeyStyle,
    pub to: KeyStyle,
    pub seats: &'a [SeatId],
    pub users: &'a [UserId],
    /// A dry run: the script only says what it would move.
    pub check: bool,
}

/// One key moved (or, for a dry run, that would be).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Moved {
    pub from: String,
    /// `None`: a free-seat cache dropped, the destination style's being the fresher.
    pub to: Option<String>,
    /// Its time to live in ms when it moved; `None` for a key without expiry.
    pub pttl_ms: Option<i64>,
}

/// What the migrate script answered.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok {
        now_ms: i64,
        moved: Vec<Moved>,
    },
    /// Both styles hold seats of the showtime: these keys of the destination style. Nothing
    /// was written.
    Both {
        now_ms: i64,
        found: Vec<String>,
    },
    /// The showtime changed after the caller looked (a user or seat it did not name). Nothing
    /// was written: look again.
    Stale {
        now_ms: i64,
        what: String,
    },
}

impl Call for Migrate<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    fn writes(&self) -> bool {
        !self.check
    }

    /// The two indexes and the two caches (from, to), then a lock pair per seat, then a
    /// reservation pair per user.
    fn keys(&self, _connection: Keys) -> Result<Vec<String>, Error> {
        let (st, a, b) = (self.showtime, Keys::new(self.from), Keys::new(self.to));
        let mut k = Vec::with_capacity(4 + 2 * (self.seats.len() + self.users.len()));
        k.push(a.reserved_seats(st));
        k.push(b.reserved_seats(st));
        k.push(a.available_seats(st));
        k.push(b.available_seats(st));
        for s in self.seats {
            k.push(a.seat_lock(st, s));
            k.push(b.seat_lock(st, s));
        }
        for u in self.users {
            k.push(a.seat_reservation(st, u));
            k.push(b.seat_reservation(st, u));
        }
        Ok(k)
    }

    /// `move` or `check`, the number of seats, the seats, the users.
    fn args(&self) -> Vec<String> {
        let mut a = Vec::with_capacity(2 + self.seats.len() + self.users.len());
        a.push(if self.check { "check" } else { "move" }.to_string());
        a.push(self.seats.len().to_string());
        a.extend(self.seats.iter().map(|s| s.to_string()));
        a.extend(self.users.iter().map(|u| u.to_string()));
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("migrate", reply)?;
        let tag = r.text()?;
        let now_ms = r.int()?;
        let reply = match tag.as_str() {
            "ok" => {
                let mut moved = Vec::new();
                while !r.is_empty() {
                    let from = r.text()?;
                    let to = r.text()?;
                    let pttl = r.int()?;
                    if pttl < -1 {
                        return Err(r.bad());
                    }
                    moved.push(Moved {
                        from,
                        to: (!to.is_empty()).then_some(to),
                        pttl_ms: (pttl >= 0).then_some(pttl),
                    });
                }
                Reply::Ok { now_ms, moved }
            }
            "both" => {
                let found = r.texts()?;
                if found.is_empty() {
                    return Err(r.bad());
                }
                Reply::Both { now_ms, found }
            }
            "stale" => Reply::Stale {
                now_ms,
                what: super::lossy(r.bytes()?),
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

    fn call<'a>(seats: &'a [SeatId], users: &'a [UserId], check: bool) -> Migrate<'a> {
        Migrate {
            showtime: ShowtimeId::new(24).unwrap(),
            from: KeyStyle::Seed,
            to: KeyStyle::Cluster,
            seats,
            users,
            check,
        }
    }

    #[test]
    fn keys_and_args_layout() {
        let seats: Vec<SeatId> = vec!["A1".parse().unwrap(), "B2".parse().unwrap()];
        let users: Vec<UserId> = vec!["7".parse().unwrap()];
        let c = call(&seats, &users, false);
        assert_eq!(
            c.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "reserved_seats_{24}",
                "available_seats_24",
                "available_seats_{24}",
                "seat_lock:24:A1",
                "seat_lock:{24}:A1",
                "seat_lock:24:B2",
                "seat_lock:{24}:B2",
                "seat_reservation_24_7",
                "seat_reservation_{24}_7",
            ]
        );
        assert_eq!(c.args(), ["move", "2", "A1", "B2", "7"]);
        assert!(c.writes());
        let dry = call(&seats, &users, true);
        assert_eq!(dry.args()[0], "check");
        assert!(!dry.writes());
    }

    #[test]
    fn replies_accepted() {
        let c = call(&[], &[], false);
        assert_eq!(
            c.parse(arr(vec![
                s("ok"),
                int(5),
                s("seat_lock:24:A1"),
                s("seat_lock:{24}:A1"),
                int(9000),
                s("available_seats_24"),
                s(""),
                int(-1),
            ]))
            .unwrap(),
            Reply::Ok {
                now_ms: 5,
                moved: vec![
                    Moved {
                        from: "seat_lock:24:A1".into(),
                        to: Some("seat_lock:{24}:A1".into()),
                        pttl_ms: Some(9000),
                    },
                    Moved {
                        from: "available_seats_24".into(),
                        to: None,
                        pttl_ms: None,
                    },
                ]
            }
        );
        assert_eq!(
            c.parse(arr(vec![s("ok"), int(5)])).unwrap(),
            Reply::Ok {
                now_ms: 5,
                moved: vec![]
            }
        );
        assert_eq!(
            c.parse(arr(vec![s("both"), int(5), s("reserved_seats_{24}")]))
                .unwrap(),
            Reply::Both {
                now_ms: 5,
                found: vec!["reserved_seats_{24}".into()]
            }
        );
        assert_eq!(
            c.parse(arr(vec![s("stale"), int(5), s("8")])).unwrap(),
            Reply::Stale {
                now_ms: 5,
                what: "8".into()
            }
        );
    }

    #[test]
    fn replies_refused() {
        let c = call(&[], &[], false);
        for bad in [
            int(1),
            arr(vec![]),
            arr(vec![s("ok")]),
            arr(vec![s("ok"), int(5), s("a"), s("b")]),
            arr(vec![s("ok"), int(5), s("a"), s("b"), int(-2)]),
            arr(vec![s("ok"), int(5), s("a"), int(1), int(1)]),
            arr(vec![s("both"), int(5)]),
            arr(vec![s("stale"), int(5)]),
            arr(vec![s("stale"), int(5), s("8"), s("9")]),
            arr(vec![s("nope"), int(5)]),
        ] {
            assert!(refused(c.parse(bad.clone()), "migrate"), "{bad:?}");
        }
    }
}
