//! `unlock.lua`: the sweep lock's compare-and-act (delete it, or renew it, only while it holds
//! our token).

use std::time::Duration;

use redis::Value;

use super::{Call, LuaScript, int_reply, unexpected};
use crate::error::Error;
use crate::keys::{self, Keys};

super::lua_script!("unlock");

/// One compare-and-act on the sweep lock.
pub struct Unlock<'a> {
    pub token: &'a str,
    /// Renew the lock for this long; `None` deletes it.
    pub renew: Option<Duration>,
}

impl Call for Unlock<'_> {
    /// Whether the lock still held our token (and was renewed or deleted).
    type Reply = bool;

    fn script(&self) -> &'static LuaScript {
        &SCRIPT
    }

    /// A renewal that may have happened matters (the sweep goes on under it); a release whose
    /// reply is lost only leaves a lock that expires.
    fn writes(&self) -> bool {
        self.renew.is_some()
    }

    /// The sweep lock.
    /// The sweep lock's name is the same in every key style.
    fn keys(&self, _: Keys) -> Result<Vec<String>, Error> {
        Ok(vec![keys::sweep_lock()])
    }

    /// token, and the new TTL in ms when renewing.
    fn args(&self) -> Vec<String> {
        let mut a = vec![self.token.to_string()];
        a.extend(self.renew.map(|d| d.as_millis().to_string()));
        a
    }

    fn parse(&self, reply: Value) -> Result<bool, Error> {
        match int_reply("unlock", reply)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(unexpected("unlock")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn layout_and_replies() {
        let renew = Unlock {
            token: "1:2:op",
            renew: Some(Duration::from_secs(30)),
        };
        assert_eq!(renew.keys(Keys::SEED).unwrap(), ["boxoffice:sweep_lock"]);
        assert_eq!(renew.args(), ["1:2:op", "30000"]);
        assert!(renew.writes());
        let release = Unlock {
            token: "1:2:op",
            renew: None,
        };
        assert_eq!(release.args(), ["1:2:op"]);
        assert!(!release.writes());
        assert!(release.parse(int(1)).unwrap());
        assert!(!release.parse(int(0)).unwrap());
        for bad in [int(2), s("1"), arr(vec![int(1)])] {
            assert!(refused(release.parse(bad.clone()), "unlock"), "{bad:?}");
        }
    }
}
