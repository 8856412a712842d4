//! The sweep lock: one sweep (or `keys migrate`, which holds it too) at a time. Taken with `SET NX`, renewed between steps while the
//! sweep runs, and released (by its token alone) at the end. A dry run takes none.

use std::time::{Duration, Instant};

use super::LockHolder;
use crate::error::Error;
use crate::holds::wall_ms;
use crate::keys;
use crate::redis_client::Redis;
use crate::scripts::{self, unlock::Unlock};

/// How long the sweep lock lives unless renewed: what a sweep that died holding it costs.
pub const LOCK_TTL: Duration = Duration::from_secs(10);
/// How often a running sweep renews its lock (at most; it renews between steps).
const RENEW_EVERY: Duration = Duration::from_secs(1);

/// The sweep lock while this sweep holds it: renewed between steps, and found out when lost.
pub(crate) struct SweepLock {
    /// None for a dry run, which takes no lock.
    token: Option<String>,
    renewed: Instant,
    lost: bool,
}

/// What trying to take the lock came to.
pub(crate) enum Taken {
    Ours(SweepLock),
    /// Another sweep holds it (who, when the lock was still there to read).
    Held(Option<LockHolder>),
}

impl SweepLock {
    /// Takes the lock for a sweep run by `operator`; a dry run always gets one, holding nothing.
    pub(crate) fn take(redis: &mut Redis, dry_run: bool, operator: &str) -> Result<Taken, Error> {
        let token = format!("{}:{}:{}", std::process::id(), wall_ms(), operator);
        if !dry_run {
            let got: Option<String> = redis.query(
                redis::cmd("SET")
                    .arg(keys::sweep_lock())
                    .arg(&token)
                    .arg("NX")
                    .arg("PX")
                    .arg(LOCK_TTL.as_millis() as u64),
            )?;
            if got.is_none() {
                return Ok(Taken::Held(read_holder(redis)?));
            }
        }
        Ok(Taken::Ours(SweepLock {
            token: (!dry_run).then_some(token),
            renewed: Instant::now(),
            lost: false,
        }))
    }

    /// Whether the sweep may go on: renews the lock when it is due, and says false (once the
    /// lock is found gone, for good) when it no longer holds our token.
    pub(crate) fn keep(&mut self, redis: &mut Redis) -> Result<bool, Error> {
        if self.lost {
            return Ok(false);
        }
        let Some(token) = &self.token else {
            return Ok(true);
        };
        if self.renewed.elapsed() < RENEW_EVERY {
            return Ok(true);
        }
        let ours = scripts::run(
            redis,
            &Unlock {
                token,
                renew: Some(LOCK_TTL),
            },
        )?;
        self.renewed = Instant::now();
        self.lost = !ours;
        Ok(!self.lost)
    }

    /// Lets the lock go at the end of the sweep. Returns whether it was lost: found gone while
    /// renewing, or not ours any more now (the last step outlived it). Said, not hidden; an
    /// error releasing it only leaves it to run out.
    pub(crate) fn release(self, redis: &mut Redis) -> bool {
        let Some(token) = &self.token else {
            return self.lost;
        };
        let released = scripts::run(redis, &Unlock { token, renew: None });
        self.lost || matches!(released, Ok(false))
    }
}

/// Who holds the sweep lock, for a sweep that found it taken; None when it is gone by now.
fn read_holder(redis: &mut Redis) -> Result<Option<LockHolder>, Error> {
    let mut pipe = redis::pipe();
    pipe.cmd("GET")
        .arg(keys::sweep_lock())
        .cmd("PTTL")
        .arg(keys::sweep_lock());
    let (value, pttl): (Option<Vec<u8>>, i64) = redis.query_pipe(&pipe)?;
    Ok(value.map(|v| {
        let holder = String::from_utf8_lossy(&v).into_owned();
        LockHolder::parse(keys::sweep_lock(), holder, pttl, wall_ms())
    }))
}
