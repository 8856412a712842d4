//! `reservation.lua`: rewrite one user's `seat_reservation_` key from that user's locks.

use redis::Value;

use super::{Call, LuaScript, int_reply};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::keys::{self, Keys};

super::lua_script!("reservation");

/// One rewrite, for the hold that started at `started_ms` (epoch ms, Redis clock), from the
/// candidate seats the user may still lock. Their text is used as found (lock keys through
/// [`Keys::seat_lock_str`]).
pub struct Reservation<'a, S> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    pub started_ms: i64,
    pub candidates: &'a [S],
}

impl<S: AsRef<str>> Call for Reservation<'_, S> {
    /// How many seats the key lists now (0: it was deleted).
    type Reply = i64;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// The user's `seat_reservation_`, then one lock per candidate.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error> {
        let st = self.showtime;
        let mut out = Vec::with_capacity(self.candidates.len() + 1);
        out.push(k.seat_reservation(st, self.user));
        out.extend(
            self.candidates
                .iter()
                .map(|s| k.seat_lock_str(st, s.as_ref())),
        );
        Ok(out)
    }

    /// user, `reserved_at` (epoch seconds, as text), the key's TTL when no lock has one,
    /// candidates.
    fn args(&self) -> Vec<String> {
        let mut a = Vec::with_capacity(self.candidates.len() + 3);
        a.push(self.user.to_string());
        a.push(keys::reserved_at(self.started_ms));
        a.push(keys::RESERVATION_FALLBACK_TTL_MS.to_string());
        a.extend(self.candidates.iter().map(|s| s.as_ref().to_string()));
        a
    }

    fn parse(&self, reply: Value) -> Result<i64, Error> {
        int_reply("reservation", reply)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let user: UserId = "7".parse().unwrap();
        let cands = vec!["A1".to_string(), "B3".to_string()];
        let call = Reservation {
            showtime: ShowtimeId::new(24).unwrap(),
            user: &user,
            started_ms: 1_700_000_000_050,
            candidates: &cands,
        };
        assert_eq!(
            call.keys(Keys::SEED).unwrap(),
            [
                "seat_reservation_24_7",
                "seat_lock:24:A1",
                "seat_lock:24:B3"
            ]
        );
        assert_eq!(call.args(), ["7", "1700000000.050", "600000", "A1", "B3"]);
        assert_eq!(call.parse(int(0)).unwrap(), 0);
        for bad in [s("0"), arr(vec![]), Value::Okay] {
            assert!(refused(call.parse(bad.clone()), "reservation"), "{bad:?}");
        }
    }
}
