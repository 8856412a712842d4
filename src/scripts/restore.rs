//! `restore.lua`: put back a live hold that Redis lost, with the time it has left.

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, Reader, hold_keys, keys_and_locks, lossy};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::{self, Keys};

super::lua_script!("restore");

/// One restore of a hold as SQLite records it.
pub struct Restore<'a> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    pub seats: &'a [String],
    pub expires_at_ms: i64,
    pub started_ms: i64,
    /// The start of a hold of this user the restore may replace (the caller's own).
    pub replaces: Option<i64>,
    /// How young another hold of the user must be to count as a command in flight.
    pub grace: Duration,
    /// Replace other holders' locks on these seats rather than refuse them (the sweep, for a
    /// live PENDING booking whose claims SQLite holds).
    pub replace_others: bool,
}

/// What the restore script answered. Holders are `""` for a key that was not a string;
/// a value that is not UTF-8 is shown with replacement characters.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Ok,
    /// Restored over other holders' locks on these seats: `(seat, holder)`; only with
    /// `replace_others`.
    Replaced(Vec<(String, String)>),
    /// The hold ran out meanwhile; nothing was written.
    Gone,
    /// Another command of the user is changing their hold; nothing was written.
    Busy,
    /// Someone else holds these seats: `(seat, holder)`; nothing was written.
    Taken(Vec<(String, String)>),
}

impl Call for Restore<'_> {
    type Reply = Reply;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// Refuses a showtime with keys of the other key style (`scripts::run`).
    fn fenced(&self) -> Option<ShowtimeId> {
        Some(self.showtime)
    }

    /// `reserved_seats_`, the user's `seat_reservation_`, `available_seats_`, then one lock per
    /// seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        keys_and_locks(
            k,
            self.showtime,
            hold_keys(k, self.showtime, self.user),
            &[self.seats],
        )
    }

    /// user, expiry, start, the replaceable start or `""`, grace ms, `1`/`0` (replace others),
    /// the free-seat cache's TTL, seats.
    fn args(&self) -> Vec<String> {
        let mut a = Vec::with_capacity(self.seats.len() + 7);
        a.push(self.user.to_string());
        a.push(self.expires_at_ms.to_string());
        a.push(self.started_ms.to_string());
        a.push(self.replaces.map(|r| r.to_string()).unwrap_or_default());
        a.push(self.grace.as_millis().to_string());
        a.push(if self.replace_others { "1" } else { "0" }.to_string());
        a.push(keys::AVAILABLE_TTL_MS.to_string());
        a.extend(self.seats.iter().cloned());
        a
    }

    fn parse(&self, reply: Value) -> Result<Reply, Error> {
        let mut r = Reader::new("restore", reply)?;
        let tag = r.text()?;
        let _now = r.int()?;
        match tag.as_str() {
            "ok" => {
                let pairs = r.pairs(lossy)?;
                Ok(if pairs.is_empty() {
                    Reply::Ok
                } else {
                    Reply::Replaced(pairs)
                })
            }
            "gone" => r.end().map(|_| Reply::Gone),
            "busy" => r.end().map(|_| Reply::Busy),
            "taken" => Ok(Reply::Taken(r.pairs(lossy)?)),
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
        let user: UserId = "7".parse().unwrap();
        let seats: Vec<String> = vec!["C3".into()];
        let call = Restore {
            showtime: ShowtimeId::new(24).unwrap(),
            user: &user,
            seats: &seats,
            expires_at_ms: 1_700_000_600_000,
            started_ms: 1_700_000_000_000,
            replaces: None,
            grace: Duration::from_secs(60),
            replace_others: true,
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "reserved_seats_24",
                "seat_reservation_24_7",
                "available_seats_24",
                "seat_lock:24:C3"
            ]
        );
        assert_eq!(
            call.args(),
            [
                "7",
                "1700000600000",
                "1700000000000",
                "",
                "60000",
                "1",
                "3600000",
                "C3"
            ]
        );
        let call = Restore {
            replaces: Some(1_700_000_000_001),
            replace_others: false,
            ..call
        };
        assert_eq!(call.args()[3], "1700000000001");
        assert_eq!(call.args()[5], "0");

        assert_eq!(call.parse(arr(vec![s("ok"), int(5)])).unwrap(), Reply::Ok);
        assert_eq!(
            call.parse(arr(vec![s("ok"), int(5), s("C3"), bytes(b"\xff5")]))
                .unwrap(),
            Reply::Replaced(vec![("C3".into(), "\u{fffd}5".into())])
        );
        assert_eq!(
            call.parse(arr(vec![s("gone"), int(5)])).unwrap(),
            Reply::Gone
        );
        assert_eq!(
            call.parse(arr(vec![s("busy"), int(5)])).unwrap(),
            Reply::Busy
        );
        assert_eq!(
            call.parse(arr(vec![s("taken"), int(5), s("C3"), s("")]))
                .unwrap(),
            Reply::Taken(vec![("C3".into(), "".into())])
        );
        for bad in [
            arr(vec![]),
            arr(vec![s("ok")]),
            arr(vec![s("ok"), int(5), s("C3")]),
            arr(vec![s("gone"), int(5), s("C3")]),
            arr(vec![s("busy"), s("5")]),
            arr(vec![s("taken"), int(5), int(3), s("")]),
            arr(vec![s("what"), int(5)]),
        ] {
            assert!(refused(call.parse(bad.clone()), "restore"), "{bad:?}");
        }
    }
}
