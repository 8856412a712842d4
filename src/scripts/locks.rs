//! `locks.lua`: a consistent, read-only snapshot of some seat locks and the Redis clock.

use redis::Value;
use serde::Serialize;

use super::{Call, LuaScript, Reader, keys_and_locks, lossy};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::keys::Keys;

super::lua_script!("locks");

/// A look at the locks of `seats`.
pub struct Locks<'a> {
    pub showtime: ShowtimeId,
    pub seats: &'a [String],
}

/// A consistent snapshot of some locks: Redis time, and each seat's holder and PTTL.
pub struct LockSnapshot {
    pub now_ms: i64,
    pub locks: Vec<LockState>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LockState {
    pub seat: String,
    /// None when the seat has no lock.
    pub holder: Option<String>,
    /// The key exists but is not a string.
    pub wrong_type: bool,
    /// Milliseconds left; None when the key has no expiry (or does not exist).
    pub ttl_ms: Option<i64>,
    /// The key exists (an empty value is no holder, but still a lock key to remove).
    #[serde(skip)]
    pub exists: bool,
}

impl Call for Locks<'_> {
    type Reply = LockSnapshot;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// Refuses a showtime with keys of the other key style (`scripts::run`).
    fn fenced(&self) -> Option<ShowtimeId> {
        Some(self.showtime)
    }

    fn writes(&self) -> bool {
        false
    }

    /// One lock per seat.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        keys_and_locks(k, self.showtime, [], &[self.seats])
    }

    /// The number of locks (a fenced call's last key follows them).
    fn args(&self) -> Vec<String> {
        vec![self.seats.len().to_string()]
    }

    /// `{now_ms, holder, pttl, …}`, one pair per seat. A holder that isn't UTF-8 is still
    /// somebody's lock (shown with replacement characters), never "unlocked".
    fn parse(&self, reply: Value) -> Result<LockSnapshot, Error> {
        let mut r = Reader::new("locks", reply)?;
        let now_ms = r.int()?;
        let mut locks = Vec::with_capacity(self.seats.len());
        for seat in self.seats {
            let holder = lossy(r.bytes()?);
            let pttl = r.int()?;
            let wrong_type = holder == "!wrongtype";
            locks.push(LockState {
                seat: seat.clone(),
                holder: (!holder.is_empty() && !wrong_type).then_some(holder),
                wrong_type,
                ttl_ms: (pttl >= 0).then_some(pttl),
                exists: pttl != -2,
            });
        }
        r.end()?;
        Ok(LockSnapshot { now_ms, locks })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let seats: Vec<String> = vec!["A1".into(), "A2".into(), "A3".into(), "A4".into()];
        let call = Locks {
            showtime: ShowtimeId::new(24).unwrap(),
            seats: &seats,
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "seat_lock:24:A1",
                "seat_lock:24:A2",
                "seat_lock:24:A3",
                "seat_lock:24:A4"
            ]
        );
        assert_eq!(call.args(), ["4"]);
        assert!(!call.writes());
        let snap = call
            .parse(arr(vec![
                int(5),
                s("7"),
                int(1000),
                s(""),
                int(-2),
                s("!wrongtype"),
                int(-1),
                bytes(b"\xff5"),
                int(-1),
            ]))
            .unwrap();
        assert_eq!(snap.now_ms, 5);
        let l = &snap.locks;
        assert_eq!(
            (
                l[0].holder.as_deref(),
                l[0].ttl_ms,
                l[0].exists,
                l[0].wrong_type
            ),
            (Some("7"), Some(1000), true, false)
        );
        assert_eq!(
            (l[1].holder.as_deref(), l[1].ttl_ms, l[1].exists),
            (None, None, false)
        );
        assert_eq!(
            (l[2].holder.as_deref(), l[2].wrong_type, l[2].exists),
            (None, true, true)
        );
        assert_eq!(l[3].holder.as_deref(), Some("\u{fffd}5"));
        assert_eq!(l[3].seat, "A4");
        for bad in [
            arr(vec![]),
            arr(vec![int(5), s("7"), int(1)]),
            arr(vec![
                int(5),
                s("7"),
                int(1),
                s("7"),
                int(1),
                s("7"),
                int(1),
                s("7"),
                int(1),
                s("7"),
            ]),
            arr(vec![s("5")]),
        ] {
            assert!(refused(call.parse(bad.clone()), "locks"), "{bad:?}");
        }
        let bad_seat = vec!["nope".to_string()];
        let call = Locks {
            showtime: ShowtimeId::new(24).unwrap(),
            seats: &bad_seat,
        };
        assert!(matches!(call.keys(Keys::SEED), Err(Error::Invalid(_))));
    }
}
