//! `extend.lua`: move a hold's expiry, only while the user still holds every seat of it.

use redis::Value;

use super::{Call, LuaScript, Reader, keys_and_locks, utf8_or_empty};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::Keys;

super::lua_script!("extend");

/// One extension of a user's hold to `expires_at_ms` (epoch ms, Redis clock).
pub struct Extend<'a> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    pub seats: &'a [String],
    pub expires_at_ms: i64,
}

/// What the extend script answered.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok {
        now_ms: i64,
    },
    /// The locks of these seats are missing (none listed: the new expiry is already past): the
    /// hold ran out, or Redis lost it. Nothing was written.
    Gone {
        now_ms: i64,
        seats: Vec<String>,
    },
    /// `(seat, holder)`: someone else holds these seats by now; holder `""` for a lock key that
    /// is not a string (or whose value is not UTF-8). Nothing was written.
    Other {
        now_ms: i64,
        held: Vec<(String, String)>,
    },
}

impl Call for Extend<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// Refuses a showtime with keys of the other key style (`scripts::run`).
    fn fenced(&self) -> Option<ShowtimeId> {
        Some(self.showtime)
    }

    /// `reserved_seats_`, the user's `seat_reservation_`, then one lock per seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let st = self.showtime;
        let head = [k.reserved_seats(st), k.seat_reservation(st, self.user)];
        keys_and_locks(k, st, head, &[self.seats])
    }

    /// user, the new expiry, seats.
    fn args(&self) -> Vec<String> {
        let mut a = Vec::with_capacity(self.seats.len() + 2);
        a.push(self.user.to_string());
        a.push(self.expires_at_ms.to_string());
        a.extend(self.seats.iter().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("extend", reply)?;
        let tag = r.text()?;
        let now_ms = r.int()?;
        match tag.as_str() {
            "ok" => r.end().map(|_| Reply::Ok { now_ms }),
            "gone" => Ok(Reply::Gone {
                now_ms,
                seats: r.texts()?,
            }),
            "other" => Ok(Reply::Other {
                now_ms,
                held: r.pairs(utf8_or_empty)?,
            }),
            _ => Err(r.bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let user: UserId = "u@x.io".parse().unwrap();
        let seats: Vec<String> = vec!["A1".into(), "A2".into()];
        let call = Extend {
            showtime: ShowtimeId::new(3).unwrap(),
            user: &user,
            seats: &seats,
            expires_at_ms: 1_700_000_900_000,
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_3",
                "seat_reservation_3_u@x.io",
                "seat_lock:3:A1",
                "seat_lock:3:A2"
            ]
        );
        assert_eq!(call.args(), ["u@x.io", "1700000900000", "A1", "A2"]);

        assert_eq!(
            call.parse(arr(vec![s("ok"), int(5)])).unwrap(),
            Reply::Ok { now_ms: 5 }
        );
        assert_eq!(
            call.parse(arr(vec![s("gone"), int(5), s("A2")])).unwrap(),
            Reply::Gone {
                now_ms: 5,
                seats: vec!["A2".into()]
            }
        );
        assert_eq!(
            call.parse(arr(vec![s("gone"), int(5)])).unwrap(),
            Reply::Gone {
                now_ms: 5,
                seats: vec![]
            }
        );
        assert_eq!(
            call.parse(arr(vec![
                s("other"),
                int(5),
                s("A1"),
                s("8"),
                s("A2"),
                s("")
            ]))
            .unwrap(),
            Reply::Other {
                now_ms: 5,
                held: vec![("A1".into(), "8".into()), ("A2".into(), "".into())]
            }
        );
        for bad in [
            s("ok"),
            arr(vec![s("ok")]),
            arr(vec![s("ok"), int(5), s("x")]),
            arr(vec![s("ok"), s("5")]),
            arr(vec![s("other"), int(5), s("A1")]),
            arr(vec![s("gone"), int(5), int(1)]),
            arr(vec![s("huh"), int(5)]),
        ] {
            assert!(refused(call.parse(bad.clone()), "extend"), "{bad:?}");
        }
    }
}
